#include "tests/support/redis_server.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace lintas::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void Collect(const redisReply* r, std::vector<std::string>& out, int depth) {
  if (r == nullptr) return;
  switch (r->type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR:
      out.emplace_back(r->str, r->len);
      break;
    case REDIS_REPLY_INTEGER:
      out.push_back(std::to_string(r->integer));
      break;
    case REDIS_REPLY_ARRAY:
      for (size_t i = 0; i < r->elements; ++i) {
        if (depth == 0) {
          Collect(r->element[i], out, depth + 1);
        } else {
          std::vector<std::string> inner;
          Collect(r->element[i], inner, depth + 1);
          for (auto& s : inner)
            out.push_back(std::move(s));
        }
      }
      break;
    default:
      break;
  }
}

}  // namespace

std::unique_ptr<RedisServer> RedisServer::Start() {
  // As lintasd does: a write to a Redis that died must be an error return, not a process kill.
  std::signal(SIGPIPE, SIG_IGN);
  std::unique_ptr<RedisServer> server(new RedisServer());
  char tmpl[] = "/tmp/lintas-redis-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    ADD_FAILURE() << "cannot create a temp dir for redis-server";
    return nullptr;
  }
  server->dir_ = tmpl;
  server->socket_ = server->dir_ + "/redis.sock";
  if (!server->Launch()) return nullptr;
  return server;
}

bool RedisServer::Launch() {
  const std::string log = dir_ + "/redis.log";
  const pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    std::vector<std::string> args = {LINTAS_REDIS_SERVER_BIN,
                                     "--port",
                                     "0",
                                     "--unixsocket",
                                     socket_,
                                     "--unixsocketperm",
                                     "700",
                                     "--dir",
                                     dir_,
                                     "--appendonly",
                                     "yes",
                                     "--appendfsync",
                                     "always",
                                     "--save",
                                     "",
                                     "--logfile",
                                     log,
                                     "--enable-debug-command",
                                     "local",
                                     "--daemonize",
                                     "no"};
    std::vector<char*> argv;
    for (auto& a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  if (pid < 0) {
    ADD_FAILURE() << "fork failed for redis-server";
    return false;
  }
  pid_ = pid;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      ADD_FAILURE() << "redis-server (" << LINTAS_REDIS_SERVER_BIN << ") exited at start; log:\n"
                    << ReadFile(log);
      return false;
    }
    if (auto redis = Connect()) {
      auto reply = redis->Command({"PING"});
      if (reply.ok() && (*reply)->type == REDIS_REPLY_STATUS) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ADD_FAILURE() << "redis-server did not answer PING within 10 s; log:\n" << ReadFile(log);
  Kill();
  return false;
}

std::unique_ptr<redis::BlockingConnection> RedisServer::Connect() const {
  auto redis = std::make_unique<redis::BlockingConnection>(
      redis::RedisAddress{.is_unix = true, .host = socket_},
      redis::BlockingOptions{.connect_timeout = std::chrono::seconds(2),
                             .command_timeout = std::chrono::milliseconds(0)});
  if (!redis->Connect().ok()) return nullptr;
  return redis;
}

std::vector<std::string> RedisServer::Run(const std::vector<std::string>& argv) const {
  std::vector<std::string> out;
  auto redis = Connect();
  if (!redis) {
    ADD_FAILURE() << "cannot connect to the test redis at " << socket_;
    return out;
  }
  auto reply = redis->Command(argv);
  if (reply.ok()) {
    Collect(reply->get(), out, 0);
  } else if (redis->connected()) {
    out.emplace_back(reply.status().message());  // an error reply: its text
  }
  return out;
}

std::vector<std::string> RedisServer::StreamIds(const std::string& stream) const {
  std::vector<std::string> ids;
  auto redis = Connect();
  if (!redis) {
    ADD_FAILURE() << "cannot connect to the test redis at " << socket_;
    return ids;
  }
  auto reply = redis->Command({"XRANGE", stream, "-", "+"});
  EXPECT_TRUE(reply.ok()) << reply.status();
  if (!reply.ok()) return ids;
  for (std::size_t i = 0; i < (*reply)->elements; ++i)
    ids.push_back(redis::Text((*reply)->element[i]->element[0]));
  return ids;
}

void RedisServer::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
  std::filesystem::remove(socket_);
}

void RedisServer::Restart() {
  Kill();
  if (!Launch()) ADD_FAILURE() << "redis-server did not come back";
}

RedisServer::~RedisServer() {
  Kill();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

}  // namespace lintas::testing
