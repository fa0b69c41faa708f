// What lintasd refuses at start, with the real binary: a key file that is not the key the data
// was written with, a key file others can read, a port another lintasd owns; and what it waits
// for: a Redis that is not up yet. lintasctl's operator commands refuse a wrong key too.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>

#include "tests/e2e/lintasd_process.h"
#include "tests/support/redis_server.h"

namespace lintas::testing {
namespace {

using Env = std::vector<std::pair<std::string, std::string>>;

Env Using(const RedisServer& redis, const std::string& key_file) {
  return {{"LINTAS_REDIS_ADDRESS", redis.address()},
          {"LINTAS_KEY_FILE", key_file},
          {"LINTAS_LISTEN", "127.0.0.1:0"}};
}

// Runs a shell command, returning its exit status and what it printed (stdout and stderr).
std::pair<int, std::string> Shell(const std::string& command) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return {-1, ""};
  std::string printed;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, pipe))
    printed.append(buf, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, printed};
}

class StartupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    redis_ = RedisServer::Start();
    ASSERT_NE(redis_, nullptr);
    key_ = LintasdProcess::MakeKeyFile();
  }
  std::unique_ptr<RedisServer> redis_;
  std::string key_;
};

TEST_F(StartupTest, AnotherKeyUnderTheSameIdIsRefusedNamingTheKey) {
  {
    auto first = LintasdProcess::Start({"", {}, Using(*redis_, key_)});
    ASSERT_NE(first, nullptr);
    EXPECT_TRUE(first->WaitForLog("match their check values", 1, std::chrono::seconds(5)));
    EXPECT_EQ(first->Terminate(), 0);
  }
  const auto [code, log] =
      LintasdProcess::RunToExit({"", {}, Using(*redis_, LintasdProcess::MakeKeyFile())});
  EXPECT_EQ(code, 2) << log;
  EXPECT_NE(log.find("crypto key 'dev-1' is not the key this Redis's data was written with"),
            std::string::npos)
      << log;
  EXPECT_EQ(log.find("listening on port"), std::string::npos) << log;
  // The right key still starts: the wrong one overwrote nothing.
  auto again = LintasdProcess::Start({"", {}, Using(*redis_, key_)});
  EXPECT_NE(again, nullptr);
}

TEST_F(StartupTest, AKeyFileOthersCanReadIsRefusedWithTheFix) {
  ASSERT_EQ(::chmod(key_.c_str(), 0644), 0);
  const auto [code, log] = LintasdProcess::RunToExit({"", {}, Using(*redis_, key_)});
  EXPECT_EQ(code, 2) << log;
  EXPECT_NE(log.find("has mode 0644"), std::string::npos) << log;
  EXPECT_NE(log.find("chmod 600 '" + key_ + "'"), std::string::npos) << log;
}

TEST_F(StartupTest, ASecondLintasdCannotShareThePort) {
  auto first = LintasdProcess::Start({"", {}, Using(*redis_, key_)});
  ASSERT_NE(first, nullptr);
  Env env = Using(*redis_, key_);
  env.back().second = first->target();
  const auto [code, log] = LintasdProcess::RunToExit({"", {}, env});
  EXPECT_NE(code, 0) << log;
  EXPECT_NE(log.find("cannot listen on " + first->target()), std::string::npos) << log;
}

TEST_F(StartupTest, ItWaitsForRedisAndThenStarts) {
  // Redis takes connections but answers nothing for 4 s, as a Redis still loading or stuck would.
  // (A Redis killed and restarted from another thread would die with that thread: the test
  // support starts it with PR_SET_PDEATHSIG.)
  redis_->Run({"CLIENT", "PAUSE", "4000", "ALL"});
  const auto started = std::chrono::steady_clock::now();
  auto lintasd = LintasdProcess::Start({"", {}, Using(*redis_, key_)});
  ASSERT_NE(lintasd, nullptr);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  EXPECT_NE(lintasd->Log().find("waiting for Redis at"), std::string::npos) << lintasd->Log();
  EXPECT_NE(lintasd->Log().find("match their check values"), std::string::npos) << lintasd->Log();
}

TEST_F(StartupTest, LintasctlRefusesAWrongKeyBeforeReadingAnything) {
  {
    auto lintasd = LintasdProcess::Start({"", {}, Using(*redis_, key_)});
    ASSERT_NE(lintasd, nullptr);
  }
  const std::string config = std::string(LINTAS_SOURCE_DIR) + "/deploy/config/lintas.yaml";
  const std::string env = "LINTAS_REDIS_ADDRESS='" + redis_->address() + "' ";
  const auto [ok_code, ok_out] = Shell(env + "LINTAS_KEY_FILE='" + key_ + "' " + LINTASCTL_BIN +
                                       " audit verify --config " + config);
  EXPECT_EQ(ok_code, 0) << ok_out;
  EXPECT_NE(ok_out.find("chain intact"), std::string::npos) << ok_out;
  const auto [code, out] = Shell(env + "LINTAS_KEY_FILE='" + LintasdProcess::MakeKeyFile() + "' " +
                                 LINTASCTL_BIN + " audit verify --config " + config);
  EXPECT_NE(code, 0) << out;
  EXPECT_NE(out.find("crypto key 'dev-1' is not the key"), std::string::npos) << out;
}

TEST_F(StartupTest, ACaseThatCannotBeReadIsDataLossAndTheLogNamesIt) {
  auto lintasd = LintasdProcess::Start({"", {}, Using(*redis_, key_)});
  ASSERT_NE(lintasd, nullptr);
  const std::string ctl =
      std::string(LINTASCTL_BIN) + " --server " + lintasd->target() + " --agency bp3mi-ntt ";
  const auto [code, out] = Shell(ctl + "submit -k e2e-damaged-0001 --file " + LINTAS_SOURCE_DIR +
                                 "/deploy/examples/trafficking-case.json");
  ASSERT_EQ(code, 0) << out;
  const std::size_t at = out.find("case ");
  ASSERT_NE(at, std::string::npos) << out;
  const std::string id = out.substr(at + 5, out.find(' ', at + 5) - at - 5);
  const std::string partition = id.substr(id.rfind('-') + 1);
  redis_->Run({"HSET", "lintas:{p" + partition + "}:case:" + id, "rec", "not a snapshot"});
  const auto [get_code, get_out] = Shell(ctl + "get " + id);
  EXPECT_NE(get_code, 0) << get_out;
  EXPECT_NE(get_out.find("DATA_LOSS"), std::string::npos) << get_out;
  EXPECT_TRUE(lintasd->WaitForLog("case " + id + ": cannot be read", 1, std::chrono::seconds(5)))
      << lintasd->Log();
}

}  // namespace
}  // namespace lintas::testing
