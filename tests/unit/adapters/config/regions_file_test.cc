#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "tests/unit/adapters/config/config_test_support.h"

namespace lintas::config {
namespace {

TEST_F(ConfigFiles, BadRegionsFilesNameTheEntry) {
  const std::string path = Write("lintas.yaml", std::string(kHead) + kAgencies);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {std::string(kRegions) + "- {code: \"53.7x\", name: Somewhere}\n",
       "regions[5].code: malformed '53.7x'"},
      {std::string(kRegions) + "- {code: \"53.21\", name: Malaka again}\n",
       "regions[5].code: duplicate '53.21'"},
      {std::string(kRegions) + "- {code: \"53.71.01\", name: Alak}\n",
       "regions[5].code: '53.71.01' has no parent '53.71' in regions_file"},
      {std::string(kRegions) + "- {code: \"53.71\"}\n", "regions[5].name: required"},
      {std::string(kRegions) + "- {code: \"53.71\", name: Kota Kupang, nama: x}\n",
       "regions[5].nama: unknown key"},
      {"[]\n", "regions_file: no regions in '"},
      {"53: Nusa Tenggara Timur\n", "regions_file: expected a list of {code, name}"},
      {"- {code: \"53\", name: [x\n", "regions_file: syntax error in '"},
  };
  for (const auto& [regions, prefix] : cases) {
    Write("regions.yaml", regions);
    const absl::Status status = LoadLintasdConfig(path, NoEnv()).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << prefix;
    EXPECT_TRUE(absl::StartsWith(status.message(), prefix))
        << "want prefix: " << prefix << "\ngot:         " << status.message();
  }
}

}  // namespace
}  // namespace lintas::config
