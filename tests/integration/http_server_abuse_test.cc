// Slow and greedy clients against the portal's HTTP server (adapters/http/http_server), over real
// loopback sockets: a client trickling its headers is cut at the header deadline, many of them
// from one address are held back by the per-address cap while another address is served, the
// total cap refuses one connection too many and frees its place when one closes, and a body
// trickled past the body deadline is cut before the handler runs. Each case is bounded in
// connections and in time; what is asserted is what the server did, never how fast.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "adapters/http/http_server.h"

namespace lintas::http {
namespace {

using std::chrono::milliseconds;

// A raw TCP client, optionally from another loopback address (127.0.0.2: another client).
class RawClient {
 public:
  RawClient(int port, const char* from = "127.0.0.1") {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    inet_pton(AF_INET, from, &local.sin_addr);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local), 0);
    sockaddr_in server{};
    server.sin_family = AF_INET;
    server.sin_port = htons(static_cast<std::uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&server), sizeof server) == 0;
  }
  ~RawClient() { ::close(fd_); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return connected_; }
  bool Send(const std::string& data) {
    return ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(data.size());
  }
  // Whatever arrives within `wait`; sets closed() when the server ended the connection.
  std::string Read(milliseconds wait) {
    std::string got;
    const auto until = std::chrono::steady_clock::now() + wait;
    while (!closed_) {
      const auto left =
          std::chrono::duration_cast<milliseconds>(until - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      char buffer[4096];
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) {
        closed_ = true;  // end of stream, or reset
        break;
      }
      got.append(buffer, static_cast<std::size_t>(n));
    }
    return got;
  }
  bool closed() const { return closed_; }

 private:
  int fd_ = -1;
  bool connected_ = false;
  bool closed_ = false;
};

class HttpServerAbuseTest : public ::testing::Test {
 protected:
  void StartServer(HttpServerOptions options) {
    Router router;
    router.Add("GET", "/ok", [](const HttpRequest&) { return HttpResponse::Text(200, "ok\n"); });
    router.Add("POST", "/echo", [this](const HttpRequest& r) {
      ++bodies_handled_;
      return HttpResponse::Text(200, std::to_string(r.body.size()) + "\n");
    });
    auto server = HttpServer::Start(std::move(options), std::move(router));
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  // A complete GET from `from`: the status line, or what happened instead.
  std::string Get(const char* from = "127.0.0.1", milliseconds wait = milliseconds(10000)) {
    RawClient c(server_->port(), from);
    if (!c.connected()) return "not connected";
    if (!c.Send("GET /ok HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")) return "send failed";
    const std::string answer = c.Read(wait);
    return answer.substr(0, answer.find("\r\n"));
  }

  // Sends one more header line every `every` until the server closes the connection, at most
  // `lines` lines. True when the server cut it before the headers were complete.
  static bool TrickleHeadersUntilCut(RawClient& c, int lines, milliseconds every) {
    if (!c.Send("GET /ok HTTP/1.1\r\nHost: t\r\n")) return false;
    for (int i = 0; i < lines; ++i) {
      const std::string got = c.Read(every);
      if (c.closed()) return got.empty() || got.rfind("HTTP/1.1 408", 0) == 0;
      if (!got.empty()) return false;  // answered: the headers were never incomplete
      if (!c.Send("X-Slow-" + std::to_string(i) + ": a\r\n")) return true;  // reset
    }
    return false;
  }

  std::unique_ptr<HttpServer> server_;
  std::atomic<int> bodies_handled_{0};
};

HttpServerOptions Small() {
  HttpServerOptions o;
  o.threads = 1;          // one pool thread: the connection caps are then exact
  o.idle_timeout_s = 60;  // out of the way: the deadlines are under test
  return o;
}

TEST_F(HttpServerAbuseTest, AClientTricklingHeadersIsCutAtTheHeaderDeadline) {
  HttpServerOptions o = Small();
  o.header_timeout = milliseconds(300);
  StartServer(o);
  RawClient slow(server_->port());
  ASSERT_TRUE(slow.connected());
  // A line every 100 ms keeps the idle timeout (60 s) from ever firing; 100 lines (10 s) is far
  // past the 300 ms deadline, so only the deadline can end it within the loop.
  EXPECT_TRUE(TrickleHeadersUntilCut(slow, 100, milliseconds(100)));
  EXPECT_GE(server_->connections_cut(), 1u);
  // The server is fine: a normal client is served.
  EXPECT_EQ(Get(), "HTTP/1.1 200 OK");
}

TEST_F(HttpServerAbuseTest, ManySlowClientsFromOneAddressAreCappedWhileAnotherIsServed) {
  HttpServerOptions o = Small();
  o.max_connections_per_ip = 3;
  o.header_timeout = milliseconds(60000);  // the slow ones stay for the whole test
  StartServer(o);
  std::vector<std::unique_ptr<RawClient>> slow;
  for (int i = 0; i < 3; ++i) {
    slow.push_back(std::make_unique<RawClient>(server_->port()));
    ASSERT_TRUE(slow.back()->connected());
    ASSERT_TRUE(slow.back()->Send("GET /ok HTTP/1.1\r\nHost: t\r\n"));  // never finished
  }
  // Held open by the server, not answered.
  for (auto& c : slow) {
    EXPECT_EQ(c->Read(milliseconds(200)), "");
    EXPECT_FALSE(c->closed());
  }
  // A fourth from the same address is refused: the kernel accepts it, the server closes it
  // without a word.
  RawClient fourth(server_->port());
  if (fourth.connected()) {
    fourth.Send("GET /ok HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(fourth.Read(milliseconds(10000)), "");
    EXPECT_TRUE(fourth.closed());
  }
  // Another address is served meanwhile, and the slow ones are still open.
  EXPECT_EQ(Get("127.0.0.2"), "HTTP/1.1 200 OK");
  for (auto& c : slow) {
    c->Read(milliseconds(10));
    EXPECT_FALSE(c->closed());
  }
  // Once one slow client leaves, its address may connect again.
  slow.pop_back();
  std::string status;
  for (int i = 0; i < 50 && status != "HTTP/1.1 200 OK"; ++i) {
    status = Get();
    if (status != "HTTP/1.1 200 OK") std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_EQ(status, "HTTP/1.1 200 OK");
}

TEST_F(HttpServerAbuseTest, TheTotalCapRefusesOneTooManyAndFreesItsPlace) {
  HttpServerOptions o = Small();
  o.max_connections = 4;
  o.max_connections_per_ip = 100;
  o.header_timeout = milliseconds(60000);
  StartServer(o);
  std::vector<std::unique_ptr<RawClient>> held;
  for (int i = 0; i < 4; ++i) {
    // From several addresses: the per-address cap is not what is tested here.
    held.push_back(std::make_unique<RawClient>(server_->port(), i % 2 ? "127.0.0.3" : "127.0.0.4"));
    ASSERT_TRUE(held.back()->connected());
    ASSERT_TRUE(held.back()->Send("GET /ok HTTP/1.1\r\nHost: t\r\n"));
  }
  for (auto& c : held)
    EXPECT_EQ(c->Read(milliseconds(100)), "");
  // The fifth, from an address with no connection yet, is not served: the server does not take
  // it from the kernel's queue, or closes it unanswered.
  EXPECT_EQ(Get("127.0.0.5", milliseconds(1000)), "");
  // One of the four finishes its request: it is answered, closes, and its place is free again.
  ASSERT_TRUE(held[0]->Send("Connection: close\r\n\r\n"));
  EXPECT_EQ(held[0]->Read(milliseconds(10000)).substr(0, 15), "HTTP/1.1 200 OK");
  std::string status;
  for (int i = 0; i < 50 && status != "HTTP/1.1 200 OK"; ++i) {
    status = Get("127.0.0.5");
    if (status != "HTTP/1.1 200 OK") std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_EQ(status, "HTTP/1.1 200 OK");
}

TEST_F(HttpServerAbuseTest, ABodyTrickledPastTheBodyDeadlineIsCutBeforeTheHandler) {
  HttpServerOptions o = Small();
  o.header_timeout = milliseconds(2000);
  o.body_timeout = milliseconds(600);
  StartServer(o);
  const std::string head =
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n"
      "Connection: close\r\n\r\n";
  // Sent at once, the same request is answered (so the cut below is the deadline's doing).
  {
    RawClient fast(server_->port());
    ASSERT_TRUE(fast.Send(head + std::string(1000, 'x')));
    const std::string answer = fast.Read(milliseconds(10000));
    EXPECT_EQ(answer.substr(0, 15), "HTTP/1.1 200 OK");
    EXPECT_NE(answer.find("\r\n\r\n1000\n"), std::string::npos) << answer;
  }
  ASSERT_EQ(bodies_handled_.load(), 1);

  // 10 bytes every 100 ms would take 10 s; the deadline is 600 ms.
  RawClient slow(server_->port());
  ASSERT_TRUE(slow.Send(head));
  bool cut = false;
  for (int i = 0; i < 100 && !cut; ++i) {
    const std::string got = slow.Read(milliseconds(100));
    EXPECT_EQ(got, "");
    cut = slow.closed() || !slow.Send(std::string(10, 'y'));
  }
  EXPECT_TRUE(cut);
  EXPECT_EQ(bodies_handled_.load(), 1);  // the handler never saw the slow body
  EXPECT_EQ(Get(), "HTTP/1.1 200 OK");
}

}  // namespace
}  // namespace lintas::http
