#pragma once

#include <chrono>
#include <compare>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/domain/case.h"

namespace lintas::core {

// A date on the wall calendar, with no time zone: how holidays are published and configured.
struct CivilDate {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

// Strict "YYYY-MM-DD" (four-digit year, zero-padded month and day). INVALID_ARGUMENT when the text
// is malformed or names a day that does not exist (2026-02-29, 2026-04-31).
absl::StatusOr<CivilDate> ParseCivilDate(std::string_view text);

// NTT keeps Waktu Indonesia Tengah all year (no daylight saving).
inline constexpr std::chrono::minutes kWita = std::chrono::hours(8);

// Working days for SLA deadlines: Monday to Friday in the agencies' local time, minus a configured
// list of non-working dates (national holidays and cuti bersama). The list is data, not code,
// because the government has moved cuti bersama mid-year before (FIELD-FACTS §6).
//
// Deadline semantics (AddWorkingDays): a deadline of n working days ends at 00:00 local time of the
// day after the n-th working day that follows the local date of `from`. The end is exclusive: the
// deadline has passed once now >= the returned instant (see IsDue in core/sla/deadline.h). Using
// the next midnight rather than 23:59:59.999 keeps the instant exact and free of a precision
// choice. The rest of the reporting day is never counted as a working day, so a report on a
// weekend or holiday behaves like one made at the close of the previous working day: the next
// working day is day 1.
class WorkingCalendar {
 public:
  // Weekends only, in UTC. Meant for tests and for a config without a holiday list.
  WorkingCalendar() = default;

  // INVALID_ARGUMENT for a date that does not exist or an offset outside UTC-14..UTC+14.
  // Duplicates and dates that fall on a weekend are accepted (a holiday on a Sunday is common).
  static absl::StatusOr<WorkingCalendar> Create(const std::vector<CivilDate>& non_working,
                                                std::chrono::minutes utc_offset);

  // False on weekends, on listed dates, and for a date that does not exist.
  bool IsWorkingDay(CivilDate date) const;

  // The end (exclusive, see above) of the n-th working day after the local date of `from`.
  // n == 0 means the end of the current working day, or of the next one when `from` falls on a
  // non-working day. A negative n counts as 0. Saturates at Timestamp::max() rather than
  // overflowing.
  Timestamp AddWorkingDays(Timestamp from, int n) const;

  // Plain elapsed hours, calendar ignored: an urgent referral does not wait for Monday. A negative
  // n counts as 0. Saturates at Timestamp::max().
  Timestamp AddHours(Timestamp from, int n) const;
  // The same in minutes.
  Timestamp AddMinutes(Timestamp from, int n) const;

  // The local civil date of an instant.
  CivilDate LocalDate(Timestamp t) const;

  std::chrono::minutes utc_offset() const { return utc_offset_; }

 private:
  bool IsWorkingDay(std::chrono::sys_days day) const;
  // The n-th (n >= 1) working day strictly after `day`.
  std::chrono::sys_days NthWorkingDayAfter(std::chrono::sys_days day, int n) const;

  // Listed dates that fall on Monday..Friday, sorted and unique; weekend ones change nothing.
  std::vector<std::chrono::sys_days> weekday_holidays_;
  std::chrono::minutes utc_offset_{0};
};

}  // namespace lintas::core
