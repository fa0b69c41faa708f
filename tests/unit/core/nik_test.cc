#include "core/validation/nik.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <regex>
#include <string>

namespace lintas::core {
namespace {

// PPKKCC of Kota Kupang, Alak (53.71.01).
constexpr const char* kAlak = "537101";

// A NIK of `prefix` with birth fields DD MM YY and serial, each given as a number.
std::string Nik(const char* prefix, int dd, int mm, int yy, int serial = 1) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%02d%02d%02d%04d", prefix, dd, mm, yy, serial);
  return buf;
}

bool Valid(const std::string& nik) {
  std::string reason;
  return ParseNik(nik, reason).has_value();
}

// The reason a NIK is refused (fails the test when it is accepted).
std::string ReasonFor(const std::string& nik) {
  std::string reason;
  EXPECT_FALSE(ParseNik(nik, reason).has_value()) << nik;
  return reason;
}

TEST(NikTest, ParsesAMaleNik) {
  std::string reason;
  const auto info = ParseNik("5371011708850001", reason);
  ASSERT_TRUE(info.has_value()) << reason;
  EXPECT_EQ(info->region_prefix, "537101");
  EXPECT_EQ(info->birth_day, 17);
  EXPECT_EQ(info->birth_month, 8);
  EXPECT_EQ(info->birth_year_2d, 85);
  EXPECT_FALSE(info->female);
}

TEST(NikTest, WomenHaveFortyAddedToTheDay) {
  std::string reason;
  const auto info = ParseNik("5371015708850002", reason);  // 57 = 17 + 40
  ASSERT_TRUE(info.has_value()) << reason;
  EXPECT_EQ(info->birth_day, 17);
  EXPECT_TRUE(info->female);

  EXPECT_TRUE(Valid(Nik(kAlak, 41, 1, 90)));   // 1 January, female
  EXPECT_TRUE(Valid(Nik(kAlak, 71, 1, 90)));   // 31 January, female
  EXPECT_FALSE(Valid(Nik(kAlak, 71, 4, 90)));  // 31 April, female
  EXPECT_TRUE(Valid(Nik(kAlak, 70, 4, 90)));   // 30 April, female
}

TEST(NikTest, DayFieldBounds) {
  EXPECT_TRUE(Valid(Nik(kAlak, 1, 1, 90)));
  EXPECT_TRUE(Valid(Nik(kAlak, 31, 1, 90)));
  for (int dd : {0, 32, 33, 39, 40, 72, 80, 99}) {
    SCOPED_TRACE(dd);
    EXPECT_NE(ReasonFor(Nik(kAlak, dd, 1, 90)).find("birth day"), std::string::npos);
  }
}

TEST(NikTest, MonthFieldBounds) {
  EXPECT_TRUE(Valid(Nik(kAlak, 15, 12, 90)));
  EXPECT_NE(ReasonFor(Nik(kAlak, 15, 0, 90)).find("birth month"), std::string::npos);
  EXPECT_NE(ReasonFor(Nik(kAlak, 15, 13, 90)).find("birth month"), std::string::npos);
  EXPECT_NE(ReasonFor(Nik(kAlak, 55, 13, 90)).find("birth month"), std::string::npos);
}

TEST(NikTest, CalendarDays) {
  EXPECT_TRUE(Valid(Nik(kAlak, 29, 2, 24)));   // 2024 is a leap year
  EXPECT_TRUE(Valid(Nik(kAlak, 69, 2, 24)));   // ... for women too
  EXPECT_TRUE(Valid(Nik(kAlak, 29, 2, 0)));    // YY 00: read as 2000, a leap year
  EXPECT_FALSE(Valid(Nik(kAlak, 29, 2, 23)));  // 2023 is not
  EXPECT_FALSE(Valid(Nik(kAlak, 69, 2, 23)));
  EXPECT_FALSE(Valid(Nik(kAlak, 30, 2, 24)));
  EXPECT_TRUE(Valid(Nik(kAlak, 28, 2, 23)));
  EXPECT_TRUE(Valid(Nik(kAlak, 30, 4, 99)));
  EXPECT_NE(ReasonFor(Nik(kAlak, 31, 4, 99)).find("calendar"), std::string::npos);
  EXPECT_FALSE(Valid(Nik(kAlak, 31, 6, 99)));
  EXPECT_FALSE(Valid(Nik(kAlak, 31, 9, 99)));
  EXPECT_FALSE(Valid(Nik(kAlak, 31, 11, 99)));
  EXPECT_TRUE(Valid(Nik(kAlak, 31, 12, 99)));
}

TEST(NikTest, SerialMustNotBeZero) {
  EXPECT_NE(ReasonFor(Nik(kAlak, 17, 8, 85, 0)).find("serial"), std::string::npos);
  EXPECT_TRUE(Valid(Nik(kAlak, 17, 8, 85, 1)));
  EXPECT_TRUE(Valid(Nik(kAlak, 17, 8, 85, 9999)));
}

TEST(NikTest, RegionPrefixForm) {
  EXPECT_TRUE(Valid(Nik("110101", 17, 8, 85)));  // lowest province code
  EXPECT_TRUE(Valid(Nik("999999", 17, 8, 85)));
  EXPECT_NE(ReasonFor(Nik("100101", 17, 8, 85)).find("province"), std::string::npos);
  EXPECT_NE(ReasonFor(Nik("000101", 17, 8, 85)).find("province"), std::string::npos);
  EXPECT_NE(ReasonFor(Nik("530001", 17, 8, 85)).find("regency"), std::string::npos);
  EXPECT_NE(ReasonFor(Nik("537100", 17, 8, 85)).find("district"), std::string::npos);
}

TEST(NikTest, BeluEraPrefixIsStillValid) {
  // Belu (53.04) no longer has districts 06-11: they moved to Malaka. Someone registered there
  // before the split keeps the old prefix for life, so the form alone decides.
  std::string reason;
  const auto info = ParseNik(Nik("530406", 52, 3, 79, 12), reason);
  ASSERT_TRUE(info.has_value()) << reason;
  EXPECT_EQ(info->region_prefix, "530406");
  EXPECT_TRUE(info->female);
}

TEST(NikTest, LengthAndCharacters) {
  EXPECT_NE(ReasonFor("537101170885001").find("16 digits"), std::string::npos);    // 15
  EXPECT_NE(ReasonFor("53710117088500011").find("16 digits"), std::string::npos);  // 17
  EXPECT_NE(ReasonFor("").find("16 digits"), std::string::npos);
  for (const char* bad : {"5371O11708850001", "5371 0117 0885 0001", "5371-01-170885-0001",
                          "537101170885000a", "+371011708850001", "5371011708850001\n",
                          "\xd9\xa5\xd9\xa3\xd9\xa7\xd9\xa1\xd9\xa0\xd9\xa1\xd9\xa1\xd9\xa7"}) {
    SCOPED_TRACE(bad);
    EXPECT_NE(ReasonFor(bad).find("digits"), std::string::npos);
  }
}

TEST(NikTest, ReasonsNeverQuoteTheNumber) {
  for (const std::string& nik :
       {Nik(kAlak, 32, 8, 85), Nik(kAlak, 17, 13, 85), Nik(kAlak, 17, 8, 85, 0),
        Nik("100101", 17, 8, 85), std::string("53710117088500011")}) {
    const std::string reason = ReasonFor(nik);
    EXPECT_FALSE(reason.empty());
    EXPECT_EQ(reason.find(nik.substr(6, 6)), std::string::npos) << reason;
  }
}

// The regex published for NIKs checks digits and the day and month ranges but not the calendar,
// the region codes or the serial. Cross-check over every DD and MM (and a leap and a common
// year): whatever ParseNik accepts the regex matches, and whatever the regex matches on a real
// calendar day (by std::chrono, an independent oracle) ParseNik accepts.
TEST(NikTest, AgreesWithThePublishedRegexAndTheCalendar) {
  const std::regex published(R"(^\d{6}([04][1-9]|[1256][0-9]|[37][01])(0[1-9]|1[0-2])\d{2}\d{4}$)");
  int accepted = 0;
  for (int yy : {0, 23, 24, 85}) {
    for (int dd = 0; dd <= 99; ++dd) {
      for (int mm = 0; mm <= 99; ++mm) {
        const std::string nik = Nik(kAlak, dd, mm, yy, 42);
        const bool ok = Valid(nik);
        const bool matches = std::regex_match(nik, published);
        const int day = dd > 40 ? dd - 40 : dd;
        const bool real_day =
            mm >= 1 && mm <= 12 && day >= 1 && day <= 31 &&
            std::chrono::year_month_day(std::chrono::year(2000 + yy),
                                        std::chrono::month(static_cast<unsigned>(mm)),
                                        std::chrono::day(static_cast<unsigned>(day)))
                .ok();
        if (ok) {
          ++accepted;
          EXPECT_TRUE(matches) << nik;
        }
        EXPECT_EQ(ok, matches && real_day) << nik;
      }
    }
  }
  // 365 or 366 days, twice (men and women), per year.
  EXPECT_EQ(accepted, 2 * (366 + 365 + 366 + 365));
}

}  // namespace
}  // namespace lintas::core
