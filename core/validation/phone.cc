#include "core/validation/phone.h"

#include <cstddef>

namespace lintas::core {
namespace {

// libphonenumber's mobile pattern for ID is 8[1-35-9]\d{7,10}: 9-12 digits after the 0 or +62.
constexpr std::size_t kMinNsnDigits = 9;
constexpr std::size_t kMaxNsnDigits = 12;
constexpr std::string_view kCountryCode = "62";

bool IsSeparator(char c) {
  return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')';
}

}  // namespace

std::optional<std::string> NormalizeIndonesianMobile(std::string_view raw, std::string& reason) {
  // Reasons never quote the number: they reach logs and other agencies, the number must not.
  std::string digits;
  bool plus = false;
  for (char c : raw) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '+' && !plus && digits.empty()) {
      plus = true;  // only in front: "+62 812..." and "(+62) 812..." are both common
    } else if (!IsSeparator(c)) {
      reason =
          "A phone number may contain only digits, a leading +, spaces, hyphens, dots and "
          "parentheses.";
      return std::nullopt;
    }
  }
  if (digits.empty()) {
    reason = "A phone number must contain digits.";
    return std::nullopt;
  }

  std::string_view nsn = digits;  // national significant number: no trunk 0, no country code
  if (plus || nsn.starts_with(kCountryCode)) {
    if (!nsn.starts_with(kCountryCode)) {
      reason = "Only Indonesian numbers (country code +62) are accepted.";
      return std::nullopt;
    }
    nsn.remove_prefix(kCountryCode.size());
    if (nsn.starts_with('0')) {
      reason =
          "After the country code 62 the leading 0 must be dropped (+62 812..., not "
          "+62 0812...).";
      return std::nullopt;
    }
  } else if (nsn.starts_with('0')) {
    nsn.remove_prefix(1);
  } else {
    reason = "An Indonesian mobile number must start with 08, 628 or +628.";
    return std::nullopt;
  }

  if (!nsn.starts_with('8')) {
    reason =
        "This is not an Indonesian mobile number: mobile numbers start with 08 (or +628); "
        "landlines and other services are not accepted.";
    return std::nullopt;
  }
  // The range checks come before the length check so that the hotline 0800-1000 is explained
  // as a service number rather than as a short mobile number.
  if (nsn.size() >= 2 && nsn[1] == '0') {
    reason = "Numbers starting with 080 are toll-free or premium services, not mobile numbers.";
    return std::nullopt;
  }
  if (nsn.size() >= 2 && nsn[1] == '4') {
    reason = "Numbers starting with 084 are not in an Indonesian mobile range.";
    return std::nullopt;
  }
  if (nsn.size() < kMinNsnDigits) {
    reason =
        "The phone number is too short: an Indonesian mobile number has 10 to 13 digits "
        "when written 08...";
    return std::nullopt;
  }
  if (nsn.size() > kMaxNsnDigits) {
    reason =
        "The phone number is too long: an Indonesian mobile number has 10 to 13 digits "
        "when written 08...";
    return std::nullopt;
  }

  std::string e164 = "+";
  e164 += kCountryCode;
  e164 += nsn;
  return e164;
}

}  // namespace lintas::core
