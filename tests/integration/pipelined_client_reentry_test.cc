// A PipelinedClient callback may Send again (a retry) from inside its own completion, also while
// the client shuts down. Before issue 9, a command refused during shutdown had its callback run
// under the lane's mutex, so a callback that sent again locked that mutex twice on one thread
// (TSan: "double lock of a mutex"; without it, a hang).
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <future>
#include <string>
#include <thread>

#include "adapters/redis/pipelined_client.h"

namespace lintas::redis {
namespace {

using namespace std::chrono_literals;

// A unix socket that accepts connections (the kernel's backlog does) but never answers, so a
// command stays in flight until the client is destroyed.
class SilentServer {
 public:
  SilentServer() {
    char dir_template[] = "/tmp/lintas-silent-XXXXXX";
    dir_ = mkdtemp(dir_template);
    path_ = dir_ + "/s.sock";
    fd_ = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    path_.copy(addr.sun_path, sizeof(addr.sun_path) - 1);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    listen(fd_, 16);
  }
  ~SilentServer() {
    close(fd_);
    unlink(path_.c_str());
    rmdir(dir_.c_str());
  }
  std::string address() const { return "unix:" + path_; }

 private:
  std::string dir_;
  std::string path_;
  int fd_ = -1;
};

TEST(PipelinedClientReentry, CallbackSendingAgainDuringShutdownDoesNotDeadlock) {
  SilentServer server;
  PipelineOptions options;
  options.command_timeout = 60s;
  auto client = std::make_unique<PipelinedClient>(*RedisAddress::Parse(server.address()), options);
  std::atomic<int> completions{0};
  PipelinedClient* c = client.get();
  // In flight when the client is destroyed: it fails with UNAVAILABLE on the lane's thread, and
  // its callback retries; that retry is refused (the lane is stopping) and its callback retries
  // once more from inside the refusal.
  c->Send({"PING"}, [c, &completions](absl::StatusOr<Reply> first) {
    EXPECT_FALSE(first.ok());
    completions.fetch_add(1);
    c->Send({"PING"}, [c, &completions](absl::StatusOr<Reply> second) {
      EXPECT_FALSE(second.ok());
      completions.fetch_add(1);
      c->Send({"PING"}, [&completions](absl::StatusOr<Reply> third) {
        EXPECT_FALSE(third.ok());
        completions.fetch_add(1);
      });
    });
  });
  std::this_thread::sleep_for(100ms);  // the command is written and waits for its reply

  auto destroyed = std::async(std::launch::async, [&client] { client.reset(); });
  if (destroyed.wait_for(20s) != std::future_status::ready) {
    ADD_FAILURE() << "destroying the client deadlocked in a re-entrant callback";
    std::_Exit(1);  // the lane's thread is stuck for good: nothing to clean up
  }
  EXPECT_EQ(completions.load(), 3);
}

}  // namespace
}  // namespace lintas::redis
