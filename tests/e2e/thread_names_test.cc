// Every thread lintasd starts carries a name (pthread_setname_np) that top -H and
// /proc/<pid>/task/*/comm show; docs/architecture.md ("Threads") lists them.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>

#include "tests/e2e/lintasd_process.h"
#include "tests/support/redis_server.h"

namespace lintas::testing {
namespace {

std::multiset<std::string> ThreadNames(pid_t pid) {
  std::multiset<std::string> names;
  const std::filesystem::path tasks = "/proc/" + std::to_string(pid) + "/task";
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
    std::ifstream in(task.path() / "comm");
    std::string name;
    if (std::getline(in, name)) names.insert(name);
  }
  return names;
}

TEST(ThreadNamesTest, EveryThreadOfOursIsNamed) {
  auto redis = RedisServer::Start();
  ASSERT_NE(redis, nullptr);
  auto lintasd = LintasdProcess::Start({"",
                                        {"--services=all"},
                                        {{"LINTAS_REDIS_ADDRESS", redis->address()},
                                         {"LINTAS_KEY_FILE", LintasdProcess::MakeKeyFile()},
                                         {"LINTAS_LISTEN", "127.0.0.1:0"}}});
  ASSERT_NE(lintasd, nullptr);

  const std::set<std::string> expected = {"redis-lane-0", "audit-writer", "feed-hub",
                                          "routing",      "notify",       "health",
                                          "render-0",     "reads-0",      "listings-0"};
  std::multiset<std::string> names;
  // The workers start on their own threads: give them a moment to name themselves.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    names = ThreadNames(lintasd->pid());
    bool all = true;
    for (const auto& name : expected)
      all = all && names.contains(name);
    if (all || std::chrono::steady_clock::now() > deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::string seen;
  for (const auto& name : names)
    seen += name + " ";
  for (const auto& name : expected)
    EXPECT_TRUE(names.contains(name)) << name << " missing; threads: " << seen;
  EXPECT_EQ(lintasd->Terminate(), 0) << lintasd->Log();
}

}  // namespace
}  // namespace lintas::testing
