#include "core/validation/nik.h"

#include <cstddef>
#include <string>

namespace lintas::core {
namespace {

constexpr std::size_t kNikDigits = 16;
constexpr int kFemaleDayOffset = 40;

// The two-digit number at `pos` (the caller has checked that every character is a digit).
int TwoDigits(std::string_view s, std::size_t pos) {
  return (s[pos] - '0') * 10 + (s[pos + 1] - '0');
}

int DaysInMonth(int month, int year_2d) {
  switch (month) {
    case 2:
      // The century is not encoded, so leap years follow YY % 4 alone: "00" is read as 2000
      // (a leap year), which is the likelier century for anyone registered with a NIK.
      return year_2d % 4 == 0 ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

}  // namespace

std::optional<NikInfo> ParseNik(std::string_view nik, std::string& reason) {
  // Reasons never quote the number: they reach logs and other agencies, the NIK must not.
  if (nik.empty()) {
    reason = "A NIK must have exactly 16 digits; this one is empty.";
    return std::nullopt;
  }
  for (char c : nik) {
    if (c < '0' || c > '9') {
      reason = "A NIK may contain only the digits 0-9 (no spaces, dots or letters).";
      return std::nullopt;
    }
  }
  if (nik.size() != kNikDigits) {
    reason = "A NIK must have exactly 16 digits; this one has " + std::to_string(nik.size()) + ".";
    return std::nullopt;
  }

  const int province = TwoDigits(nik, 0);
  const int regency = TwoDigits(nik, 2);
  const int district = TwoDigits(nik, 4);
  if (province < 11) {
    reason = "The NIK's province code (digits 1-2) must be between 11 and 99.";
    return std::nullopt;
  }
  if (regency < 1) {
    reason = "The NIK's regency code (digits 3-4) must be between 01 and 99.";
    return std::nullopt;
  }
  if (district < 1) {
    reason = "The NIK's district code (digits 5-6) must be between 01 and 99.";
    return std::nullopt;
  }

  NikInfo info;
  const int day_field = TwoDigits(nik, 6);
  info.female = day_field > kFemaleDayOffset;
  info.birth_day = info.female ? day_field - kFemaleDayOffset : day_field;
  info.birth_month = TwoDigits(nik, 8);
  info.birth_year_2d = TwoDigits(nik, 10);
  if (info.birth_day < 1 || info.birth_day > 31) {
    reason = "The NIK's birth day (digits 7-8) must be 01-31, or 41-71 for a woman (day plus 40).";
    return std::nullopt;
  }
  if (info.birth_month < 1 || info.birth_month > 12) {
    reason = "The NIK's birth month (digits 9-10) must be between 01 and 12.";
    return std::nullopt;
  }
  if (info.birth_day > DaysInMonth(info.birth_month, info.birth_year_2d)) {
    reason = "The NIK's birth date (digits 7-12) is not a real calendar day.";
    return std::nullopt;
  }
  if (nik.substr(12) == "0000") {
    reason = "The NIK's serial number (digits 13-16) must be between 0001 and 9999.";
    return std::nullopt;
  }

  info.region_prefix = std::string(nik.substr(0, 6));
  return info;
}

}  // namespace lintas::core
