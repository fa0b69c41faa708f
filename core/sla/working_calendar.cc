#include "core/sla/working_calendar.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/util/string_view.h"

namespace lintas::core {
namespace {

using std::chrono::days;
using std::chrono::minutes;
using std::chrono::sys_days;

// Four-digit years only: the parser cannot produce others.
bool ToSysDays(CivilDate date, sys_days& out) {
  // Range-check first: month{} and day{} keep only a byte, so 257 would wrap to 1.
  if (date.year < 1 || date.year > 9999 || date.month < 1 || date.month > 12 || date.day < 1 ||
      date.day > 31) {
    return false;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{date.year},
                                        std::chrono::month{static_cast<unsigned>(date.month)},
                                        std::chrono::day{static_cast<unsigned>(date.day)}};
  if (!ymd.ok()) return false;
  out = sys_days{ymd};
  return true;
}

int MondayIndex(sys_days day) {  // Monday 0 .. Sunday 6
  return static_cast<int>(std::chrono::weekday{day}.iso_encoding()) - 1;
}

// The n-th (n >= 1) Monday..Friday strictly after `day`, by arithmetic, so that a large n costs
// nothing.
sys_days NthWeekdayAfter(sys_days day, int n) {
  int w = MondayIndex(day);
  if (w > 4) {  // the weekdays after a weekend day are those after the Friday before it
    day -= days{w - 4};
    w = 4;
  }
  const std::int64_t full_weeks = (n - 1) / 5;
  const int rest = (n - 1) % 5 + 1;  // 1..5 more weekdays, which may cross one weekend
  return day + days{full_weeks * 7 + rest + (w + rest > 4 ? 2 : 0)};
}

std::string Quoted(std::string_view text) {
  // Config text goes into an error message: escape it, and do not echo a whole file back.
  return absl::StrCat("\"", absl::CHexEscape(AsAbsl(text.substr(0, 40))), "\"");
}

}  // namespace

absl::StatusOr<CivilDate> ParseCivilDate(std::string_view text) {
  bool well_formed = text.size() == 10 && text[4] == '-' && text[7] == '-';
  for (size_t i = 0; well_formed && i < text.size(); ++i) {
    if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9')) well_formed = false;
  }
  if (!well_formed) {
    return absl::InvalidArgumentError(
        absl::StrCat("date ", Quoted(text), " is not in the form YYYY-MM-DD"));
  }
  const auto number = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i)
      v = v * 10 + (text[i] - '0');
    return v;
  };
  const CivilDate date{number(0, 4), number(5, 2), number(8, 2)};
  sys_days ignored{};
  if (!ToSysDays(date, ignored)) {
    return absl::InvalidArgumentError(absl::StrCat("date ", Quoted(text), " does not exist"));
  }
  return date;
}

absl::StatusOr<WorkingCalendar> WorkingCalendar::Create(const std::vector<CivilDate>& non_working,
                                                        minutes utc_offset) {
  if (utc_offset < -std::chrono::hours(14) || utc_offset > std::chrono::hours(14)) {
    return absl::InvalidArgumentError(
        absl::StrCat("UTC offset of ", utc_offset.count(), " minutes is outside -14h..+14h"));
  }
  WorkingCalendar cal;
  cal.utc_offset_ = utc_offset;
  for (const CivilDate& date : non_working) {
    sys_days day{};
    if (!ToSysDays(date, day)) {
      return absl::InvalidArgumentError(absl::StrCat("non-working date ", date.year, "-",
                                                     date.month, "-", date.day, " does not exist"));
    }
    if (MondayIndex(day) < 5) cal.weekday_holidays_.push_back(day);
  }
  auto& h = cal.weekday_holidays_;
  std::sort(h.begin(), h.end());
  h.erase(std::unique(h.begin(), h.end()), h.end());
  return cal;
}

bool WorkingCalendar::IsWorkingDay(CivilDate date) const {
  sys_days day{};
  return ToSysDays(date, day) && IsWorkingDay(day);
}

bool WorkingCalendar::IsWorkingDay(sys_days day) const {
  return MondayIndex(day) < 5 &&
         !std::binary_search(weekday_holidays_.begin(), weekday_holidays_.end(), day);
}

sys_days WorkingCalendar::NthWorkingDayAfter(sys_days day, int n) const {
  // Jump n weekdays, then make up for the holidays jumped over; each round consumes at least one
  // holiday, so this ends after at most (number of holidays + 1) rounds.
  for (;;) {
    const sys_days candidate = NthWeekdayAfter(day, n);
    const auto lo = std::upper_bound(weekday_holidays_.begin(), weekday_holidays_.end(), day);
    const auto hi = std::upper_bound(lo, weekday_holidays_.end(), candidate);
    if (lo == hi) return candidate;
    day = candidate;
    n = static_cast<int>(hi - lo);
  }
}

CivilDate WorkingCalendar::LocalDate(Timestamp t) const {
  // Whole minutes first: adding the offset to the nanosecond count could overflow near the ends.
  const sys_days day = std::chrono::floor<days>(std::chrono::floor<minutes>(t) + utc_offset_);
  const std::chrono::year_month_day ymd{day};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

Timestamp WorkingCalendar::AddWorkingDays(Timestamp from, int n) const {
  const sys_days today = std::chrono::floor<days>(std::chrono::floor<minutes>(from) + utc_offset_);
  sys_days last;
  if (n <= 0) {
    last = IsWorkingDay(today) ? today : NthWorkingDayAfter(today, 1);
  } else {
    last = NthWorkingDayAfter(today, n);
  }
  // 00:00 local of the next day, as a UTC instant.
  const auto end =
      std::chrono::time_point<std::chrono::system_clock, minutes>(last + days{1}) - utc_offset_;
  if (end > std::chrono::floor<minutes>(Timestamp::max())) return Timestamp::max();
  return std::chrono::time_point_cast<Timestamp::duration>(end);
}

namespace {

// from + n units, saturating at Timestamp::max(); a negative n counts as 0.
template <typename Unit>
Timestamp AddElapsed(Timestamp from, int n) {
  if (n <= 0) return from;
  using Rep = Timestamp::rep;
  constexpr Rep kPerUnit = std::chrono::duration_cast<Timestamp::duration>(Unit{1}).count();
  Rep delta = 0;
  Rep sum = 0;
  if (__builtin_mul_overflow(static_cast<Rep>(n), kPerUnit, &delta) ||
      __builtin_add_overflow(from.time_since_epoch().count(), delta, &sum)) {
    return Timestamp::max();
  }
  return Timestamp{Timestamp::duration{sum}};
}

}  // namespace

Timestamp WorkingCalendar::AddHours(Timestamp from, int n) const {
  return AddElapsed<std::chrono::hours>(from, n);
}

Timestamp WorkingCalendar::AddMinutes(Timestamp from, int n) const {
  return AddElapsed<std::chrono::minutes>(from, n);
}

}  // namespace lintas::core
