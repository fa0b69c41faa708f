#include "core/sla/working_calendar.h"

#include <gtest/gtest.h>

#include <chrono>
#include <climits>
#include <string>
#include <vector>

#include "core/sla/deadline.h"

namespace lintas::core {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;

// FIELD-FACTS §6: SKB 3 Menteri for 2026, all 25 rows, with the weekday the table states.
struct HolidayRow {
  const char* date;
  unsigned iso_weekday;  // 1 = Monday .. 7 = Sunday
};
constexpr HolidayRow kHolidays2026[] = {
    {"2026-01-01", 4}, {"2026-01-16", 5}, {"2026-02-16", 1}, {"2026-02-17", 2}, {"2026-03-18", 3},
    {"2026-03-19", 4}, {"2026-03-20", 5}, {"2026-03-21", 6}, {"2026-03-22", 7}, {"2026-03-23", 1},
    {"2026-03-24", 2}, {"2026-04-03", 5}, {"2026-04-05", 7}, {"2026-05-01", 5}, {"2026-05-14", 4},
    {"2026-05-15", 5}, {"2026-05-27", 3}, {"2026-05-28", 4}, {"2026-05-31", 7}, {"2026-06-01", 1},
    {"2026-06-16", 2}, {"2026-08-17", 1}, {"2026-08-25", 2}, {"2026-12-24", 4}, {"2026-12-25", 5},
};

std::vector<CivilDate> Holidays2026() {
  std::vector<CivilDate> dates;
  for (const HolidayRow& row : kHolidays2026) {
    auto parsed = ParseCivilDate(row.date);
    EXPECT_TRUE(parsed.ok()) << row.date << ": " << parsed.status();
    if (parsed.ok()) dates.push_back(*parsed);
  }
  return dates;
}

WorkingCalendar Ntt2026() {
  auto cal = WorkingCalendar::Create(Holidays2026(), kWita);
  EXPECT_TRUE(cal.ok()) << cal.status();
  return cal.ok() ? *cal : WorkingCalendar();
}

// An instant written as UTC wall time: expected values are stated in UTC so that the test does
// not share the code's conversion.
Timestamp Utc(int y, int mo, int d, int h = 0, int mi = 0) {
  const std::chrono::sys_days day{std::chrono::year{y} / mo / d};
  return Timestamp{day} + hours{h} + minutes{mi};
}

// An instant written as WITA wall time (UTC+8).
Timestamp Wita(int y, int mo, int d, int h, int mi = 0) {
  return Utc(y, mo, d, h, mi) - hours{8};
}

// The obvious day-by-day reading of the rule, to check the arithmetic against.
CivilDate Next(CivilDate d) {
  const std::chrono::sys_days next =
      std::chrono::sys_days{std::chrono::year{d.year} / d.month / d.day} + std::chrono::days{1};
  const std::chrono::year_month_day ymd{next};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}
Timestamp NaiveDue(const WorkingCalendar& cal, CivilDate local_day, int n) {
  CivilDate d = local_day;
  if (n <= 0) {
    while (!cal.IsWorkingDay(d))
      d = Next(d);
  }
  for (int left = n; left > 0;) {
    d = Next(d);
    if (cal.IsWorkingDay(d)) --left;
  }
  const CivilDate after = Next(d);
  return Utc(after.year, after.month, after.day) - cal.utc_offset();
}

// --- ParseCivilDate ---

TEST(CalendarParseTest, AcceptsRealDatesIncludingLeapDays) {
  EXPECT_EQ(*ParseCivilDate("2026-03-20"), (CivilDate{2026, 3, 20}));
  EXPECT_EQ(*ParseCivilDate("2026-12-31"), (CivilDate{2026, 12, 31}));
  EXPECT_EQ(*ParseCivilDate("2028-02-29"), (CivilDate{2028, 2, 29}));  // leap year
  EXPECT_EQ(*ParseCivilDate("2000-02-29"), (CivilDate{2000, 2, 29}));  // divisible by 400
  EXPECT_EQ(*ParseCivilDate("0001-01-01"), (CivilDate{1, 1, 1}));
}

TEST(CalendarParseTest, RefusesMalformedAndImpossibleDates) {
  for (const char* bad : {
           "2026-02-29",   // 2026 is not a leap year
           "2100-02-29",   // divisible by 100, not by 400
           "2026-04-31",   // April has 30 days
           "2026-13-01",   // no month 13
           "2026-00-10",   // no month 0
           "2026-01-00",   // no day 0
           "2026-01-32",   // no day 32
           "0000-01-01",   // no year 0 in a four-digit civil date
           "2026-3-20",    // unpadded month
           "26-03-20",     // two-digit year
           "2026/03/20",   // wrong separator
           "20260320",     // no separators
           "2026-03-20 ",  // trailing space
           " 2026-03-20",  // leading space
           "2026-03-2x",   // letter
           "+026-03-20",   // sign
           "",             // nothing
           "2026-03-20T00:00:00Z",
       }) {
    SCOPED_TRACE(bad);
    const auto parsed = ParseCivilDate(bad);
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  }
}

TEST(CalendarParseTest, ErrorNamesTheEscapedInput) {
  const auto parsed = ParseCivilDate("2026-02-29");
  EXPECT_NE(parsed.status().message().find("2026-02-29"), absl::string_view::npos);
  const auto control = ParseCivilDate(std::string_view("2026\n03-20"));
  EXPECT_EQ(control.status().message().find('\n'), absl::string_view::npos);
}

// --- WorkingCalendar ---

TEST(CalendarTest, FieldFactsTableWeekdaysAreRight) {
  // The table's weekday column was checked by hand; check it again so that a typo in a date
  // (rather than in the code) shows up here.
  for (const HolidayRow& row : kHolidays2026) {
    SCOPED_TRACE(row.date);
    const CivilDate d = *ParseCivilDate(row.date);
    const std::chrono::weekday wd{
        std::chrono::sys_days{std::chrono::year{d.year} / d.month / d.day}};
    EXPECT_EQ(wd.iso_encoding(), row.iso_weekday);
  }
}

TEST(CalendarTest, EveryListedDateIsANonWorkingDay) {
  const WorkingCalendar cal = Ntt2026();
  for (const HolidayRow& row : kHolidays2026) {
    SCOPED_TRACE(row.date);
    EXPECT_FALSE(cal.IsWorkingDay(*ParseCivilDate(row.date)));
  }
}

TEST(CalendarTest, Has240WorkingDaysIn2026) {
  // 261 weekdays in 2026 (it starts on a Thursday), minus the 21 listed dates that fall on one.
  const WorkingCalendar cal = Ntt2026();
  int working = 0;
  for (CivilDate d{2026, 1, 1}; d.year == 2026; d = Next(d))
    working += cal.IsWorkingDay(d);
  EXPECT_EQ(working, 240);
}

TEST(CalendarTest, WeekendsAndOrdinaryWeekdays) {
  const WorkingCalendar cal = Ntt2026();
  EXPECT_TRUE(cal.IsWorkingDay({2026, 3, 17}));                // Tue before Nyepi
  EXPECT_TRUE(cal.IsWorkingDay({2026, 3, 25}));                // Wed after the Idulfitri block
  EXPECT_TRUE(cal.IsWorkingDay({2026, 12, 23}));               // Wed before Christmas Eve
  EXPECT_TRUE(cal.IsWorkingDay({2026, 12, 28}));               // Mon after Christmas
  EXPECT_FALSE(cal.IsWorkingDay({2026, 3, 14}));               // Sat
  EXPECT_FALSE(cal.IsWorkingDay({2026, 3, 15}));               // Sun
  EXPECT_FALSE(cal.IsWorkingDay({2026, 2, 29}));               // does not exist
  EXPECT_FALSE(cal.IsWorkingDay({2026, 13, 1}));               // does not exist
  EXPECT_FALSE(cal.IsWorkingDay({2026, -1, 1}));               // does not exist
  EXPECT_FALSE(cal.IsWorkingDay({20260, 1, 1}));               // out of range
  EXPECT_FALSE(cal.IsWorkingDay({2026, 1, 258}));              // would wrap to Fri 2 Jan in a byte
  EXPECT_FALSE(cal.IsWorkingDay({2026, 257, 5}));              // would wrap to Mon 5 Jan in a byte
  EXPECT_TRUE(WorkingCalendar().IsWorkingDay({2026, 3, 18}));  // no holiday list: weekends only
}

TEST(CalendarTest, CreateRefusesImpossibleDatesAndOffsets) {
  EXPECT_EQ(WorkingCalendar::Create({{2026, 2, 29}}, kWita).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(WorkingCalendar::Create({}, hours{15}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(WorkingCalendar::Create({}, -hours{15}).status().code(),
            absl::StatusCode::kInvalidArgument);
  // A date listed twice (libur and cuti bersama both named) is fine.
  EXPECT_TRUE(WorkingCalendar::Create({{2026, 3, 20}, {2026, 3, 20}}, kWita).ok());
}

TEST(CalendarTest, LocalDateUsesTheOffset) {
  const WorkingCalendar cal = Ntt2026();
  EXPECT_EQ(cal.LocalDate(Utc(2026, 3, 17, 15, 59)), (CivilDate{2026, 3, 17}));
  EXPECT_EQ(cal.LocalDate(Utc(2026, 3, 17, 16, 0)), (CivilDate{2026, 3, 18}));
}

// --- AddWorkingDays: the due instant is 00:00 WITA after the last working day = 16:00 UTC of it.

TEST(CalendarTest, IdulfitriBlockIsSkipped) {
  // Tue 17 Mar + 3: 18 cuti (Nyepi), 19 Nyepi, 20 cuti, 21-22 weekend and Idulfitri, 23-24 cuti,
  // so the working days are Wed 25, Thu 26, Fri 27: due at 00:00 WITA Sat 28 Mar.
  const WorkingCalendar cal = Ntt2026();
  const Timestamp due = cal.AddWorkingDays(Wita(2026, 3, 17, 10, 15), 3);
  EXPECT_EQ(due, Utc(2026, 3, 27, 16, 0));
  EXPECT_FALSE(IsDue(due, due - milliseconds{1}));  // 23:59:59.999 WITA Fri is still in time
  EXPECT_TRUE(IsDue(due, due));
}

TEST(CalendarTest, ReportLateInTheEveningCountsFromItsLocalDate) {
  const WorkingCalendar cal = Ntt2026();
  // 23:30 WITA Tue 10 Mar (15:30 UTC): day 1 is Wed 11, due 00:00 WITA Thu 12.
  EXPECT_EQ(cal.AddWorkingDays(Wita(2026, 3, 10, 23, 30), 1), Utc(2026, 3, 11, 16, 0));
  // 00:00 and 07:00 WITA Wed 11 Mar are still Tue 10 in UTC; locally it is Wednesday, so day 1
  // is Thu 12, due 00:00 WITA Fri 13.
  EXPECT_EQ(cal.AddWorkingDays(Wita(2026, 3, 11, 0, 0), 1), Utc(2026, 3, 12, 16, 0));
  EXPECT_EQ(cal.AddWorkingDays(Wita(2026, 3, 11, 7, 0), 1), Utc(2026, 3, 12, 16, 0));
  // One millisecond before local midnight is still Tuesday.
  EXPECT_EQ(cal.AddWorkingDays(Wita(2026, 3, 11, 0, 0) - milliseconds{1}, 1),
            Utc(2026, 3, 11, 16, 0));
  // The same instant on a UTC calendar would land a day earlier.
  EXPECT_EQ(WorkingCalendar().AddWorkingDays(Wita(2026, 3, 11, 7, 0), 1), Utc(2026, 3, 12, 0, 0));
}

TEST(CalendarTest, FridayRollsOverToMonday) {
  const WorkingCalendar cal = Ntt2026();
  // Fri 6 Mar afternoon + 3: Mon 9, Tue 10, Wed 11; due 00:00 WITA Thu 12.
  EXPECT_EQ(cal.AddWorkingDays(Wita(2026, 3, 6, 15, 0), 3), Utc(2026, 3, 11, 16, 0));
  // Fri 13 Mar + 1: Mon 16; due 00:00 WITA Tue 17.
  EXPECT_EQ(cal.AddWorkingDays(Wita(2026, 3, 13, 15, 0), 1), Utc(2026, 3, 16, 16, 0));
  // Fri 13 Feb + 1: Mon 16 is cuti bersama (Imlek), Tue 17 Imlek; day 1 is Wed 18.
  EXPECT_EQ(cal.AddWorkingDays(Wita(2026, 2, 13, 15, 0), 1), Utc(2026, 2, 18, 16, 0));
  // Fri 14 Aug + 1: Mon 17 is Proklamasi; day 1 is Tue 18.
  EXPECT_EQ(cal.AddWorkingDays(Wita(2026, 8, 14, 9, 0), 1), Utc(2026, 8, 18, 16, 0));
}

TEST(CalendarTest, ReportOnANonWorkingDayCountsFromTheNextWorkingDay) {
  const WorkingCalendar cal = Ntt2026();
  // Sat 7 Mar + 3: Mon 9 is day 1, so the same as a Friday report: due 00:00 WITA Thu 12.
  EXPECT_EQ(cal.AddWorkingDays(Wita(2026, 3, 7, 11, 0), 3), Utc(2026, 3, 11, 16, 0));
  // Wed 18 Mar (cuti bersama, Nyepi) + 1: day 1 is Wed 25.
  EXPECT_EQ(cal.AddWorkingDays(Wita(2026, 3, 18, 9, 0), 1), Utc(2026, 3, 25, 16, 0));
}

TEST(CalendarTest, ChristmasWeek) {
  const WorkingCalendar cal = Ntt2026();
  // Wed 23 Dec + 1: Thu 24 cuti bersama, Fri 25 Natal, weekend; day 1 is Mon 28.
  EXPECT_EQ(cal.AddWorkingDays(Wita(2026, 12, 23, 16, 0), 1), Utc(2026, 12, 28, 16, 0));
  EXPECT_EQ(cal.AddWorkingDays(Wita(2026, 12, 23, 16, 0), 2), Utc(2026, 12, 29, 16, 0));
  // Reported on Christmas Eve itself: day 1 is Mon 28 too.
  EXPECT_EQ(cal.AddWorkingDays(Wita(2026, 12, 24, 8, 0), 1), Utc(2026, 12, 28, 16, 0));
  // + 4: Mon 28 .. Thu 31; due 00:00 WITA on 1 Jan 2027.
  EXPECT_EQ(cal.AddWorkingDays(Wita(2026, 12, 23, 16, 0), 4), Utc(2026, 12, 31, 16, 0));
}

TEST(CalendarTest, LongerSpansCrossSeveralHolidays) {
  const WorkingCalendar cal = Ntt2026();
  // Tue 17 Mar + 10: 25, 26, 27, 30, 31 Mar, 1, 2 Apr, (3 Apr Wafat Yesus Kristus), 6, 7, 8 Apr.
  EXPECT_EQ(cal.AddWorkingDays(Wita(2026, 3, 17, 9, 0), 10), Utc(2026, 4, 8, 16, 0));
  // Wed 13 May + 2: 14 Kenaikan, 15 cuti bersama, weekend; Mon 18, Tue 19.
  EXPECT_EQ(cal.AddWorkingDays(Wita(2026, 5, 13, 9, 0), 2), Utc(2026, 5, 19, 16, 0));
  // All 240 working days of 2026, counted from 31 Dec 2025: the last is Thu 31 Dec 2026.
  EXPECT_EQ(cal.AddWorkingDays(Wita(2025, 12, 31, 9, 0), 240), Utc(2026, 12, 31, 16, 0));
}

TEST(CalendarTest, ZeroAndNegativeMeanTheEndOfTheCurrentWorkingDay) {
  const WorkingCalendar cal = Ntt2026();
  EXPECT_EQ(cal.AddWorkingDays(Wita(2026, 3, 17, 9, 0), 0), Utc(2026, 3, 17, 16, 0));
  EXPECT_EQ(cal.AddWorkingDays(Wita(2026, 3, 17, 9, 0), -4), Utc(2026, 3, 17, 16, 0));
  // On a holiday, the next working day's end.
  EXPECT_EQ(cal.AddWorkingDays(Wita(2026, 3, 18, 9, 0), 0), Utc(2026, 3, 25, 16, 0));
}

TEST(CalendarTest, MatchesDayByDayCountingForEveryStartIn2026) {
  const WorkingCalendar cal = Ntt2026();
  for (CivilDate d{2026, 1, 1}; d.year == 2026; d = Next(d)) {
    for (int n = 0; n <= 25; ++n) {
      SCOPED_TRACE(testing::Message() << d.year << "-" << d.month << "-" << d.day << " + " << n);
      ASSERT_EQ(cal.AddWorkingDays(Wita(d.year, d.month, d.day, 12, 0), n), NaiveDue(cal, d, n));
    }
  }
}

TEST(CalendarTest, HugeAmountsSaturateInsteadOfOverflowing) {
  const WorkingCalendar cal = Ntt2026();
  EXPECT_EQ(cal.AddWorkingDays(Wita(2026, 3, 17, 9, 0), INT_MAX), Timestamp::max());
  EXPECT_EQ(cal.AddHours(Wita(2026, 3, 17, 9, 0), INT_MAX), Timestamp::max());
  EXPECT_EQ(cal.AddHours(Timestamp::max() - hours{1}, 2), Timestamp::max());
}

// --- AddHours ---

TEST(CalendarTest, HoursIgnoreWeekendsAndHolidays) {
  const WorkingCalendar cal = Ntt2026();
  // Fri 20:00 WITA + 24 h is Sat 20:00 WITA.
  EXPECT_EQ(cal.AddHours(Wita(2026, 3, 6, 20, 0), 24), Utc(2026, 3, 7, 12, 0));
  // In the middle of the Idulfitri block + 48 h.
  EXPECT_EQ(cal.AddHours(Wita(2026, 3, 20, 10, 30), 48), Utc(2026, 3, 22, 2, 30));
  // Christmas Eve + 72 h.
  EXPECT_EQ(cal.AddHours(Wita(2026, 12, 24, 8, 0), 72), Utc(2026, 12, 27, 0, 0));
  const Timestamp t = Wita(2026, 3, 17, 9, 0) + milliseconds{123};
  EXPECT_EQ(cal.AddHours(t, 0), t);
  EXPECT_EQ(cal.AddHours(t, -5), t);
  EXPECT_EQ(cal.AddHours(t, 1), t + hours{1});  // sub-second part kept
  EXPECT_EQ(cal.AddMinutes(t, 0), t);
  EXPECT_EQ(cal.AddMinutes(t, -5), t);
  EXPECT_EQ(cal.AddMinutes(t, 90), t + minutes{90});
  EXPECT_EQ(cal.AddMinutes(Timestamp::max() - minutes{1}, 2), Timestamp::max());
}

// --- DueAt / IsDue / DueKeys (core/sla/deadline.h) ---

TEST(DueAtTest, DispatchesOnTheUnit) {
  const WorkingCalendar cal = Ntt2026();
  const Timestamp from = Wita(2026, 3, 17, 10, 0);
  EXPECT_EQ(DueAt(from, {Deadline::Unit::kWorkingDays, 3}, cal), Utc(2026, 3, 27, 16, 0));
  EXPECT_EQ(DueAt(from, {Deadline::Unit::kHours, 24}, cal), from + hours{24});
  // Minutes are elapsed time too: 30 minutes from Friday 23:50 end on Saturday, not Monday.
  EXPECT_EQ(DueAt(from, {Deadline::Unit::kMinutes, 30}, cal), from + minutes{30});
  const Timestamp friday_late = Wita(2026, 3, 20, 23, 50);
  EXPECT_EQ(DueAt(friday_late, {Deadline::Unit::kMinutes, 30}, cal), Wita(2026, 3, 21, 0, 20));
  EXPECT_EQ(DueAt(from, Deadline{}, cal), from);  // the default is 0 hours
}

TEST(DueKeysTest, ReturnsPassedDeadlinesOldestFirst) {
  const Timestamp now = Utc(2026, 3, 27, 16, 0);
  const std::vector<ScheduledDeadline> scheduled = {
      {"ref-c", now - hours{1}},  {"ref-future", now + milliseconds{1}},
      {"ref-a", now - hours{48}}, {"ref-exact", now},
      {"ref-b", now - hours{1}},
  };
  EXPECT_EQ(DueKeys(scheduled, now),
            (std::vector<std::string>{"ref-a", "ref-c", "ref-b", "ref-exact"}));
  EXPECT_TRUE(DueKeys({}, now).empty());
}

}  // namespace
}  // namespace lintas::core
