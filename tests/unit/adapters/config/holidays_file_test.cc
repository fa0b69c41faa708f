#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "tests/unit/adapters/config/config_test_support.h"

namespace lintas::config {
namespace {

TEST_F(RoutingConfigFiles, BadHolidaysNameTheEntry) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {Replace(kHolidays, "2026-02-16", "2026-02-30"),
       "routing.holidays[1].date: date \"2026-02-30\" does not exist"},
      {Replace(kHolidays, "2026-02-16", "16-02-2026"),
       "routing.holidays[1].date: date \"16-02-2026\" is not in the form YYYY-MM-DD"},
      {Replace(kHolidays, "2026-02-16", "2026-01-01"),
       "routing.holidays[1].date: duplicate "
       "'2026-01-01'"},
      {Replace(kHolidays, "kind: libur", "kind: libur_nasional"),
       "routing.holidays[0].kind: unknown kind 'libur_nasional' (expected libur or cuti_bersama)"},
      {Replace(kHolidays, ", kind: libur}", "}"), "routing.holidays[0].kind: required"},
      {Replace(kHolidays, "name: Tahun Baru Masehi, ", ""), "routing.holidays[0].name: required"},
      {Replace(kHolidays, "kind: libur}", "kind: libur, day: Thu}"),
       "routing.holidays[0].day: unknown key"},
      {"2026-01-01: Tahun Baru\n", "routing.holidays_file: expected a list of {date, name, kind}"},
  };
  for (const auto& [holidays, prefix] : cases) {
    Write("holidays.yaml", holidays);
    const absl::Status status = LoadLintasdConfig(config_, NoEnv()).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << prefix;
    EXPECT_TRUE(absl::StartsWith(status.message(), prefix))
        << "want prefix: " << prefix << "\ngot:         " << status.message();
  }
}

}  // namespace
}  // namespace lintas::config
