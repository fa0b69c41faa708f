// WebhookSender against a real HTTP receiver on 127.0.0.1 that checks every signature.
#include "adapters/http/webhook_sender.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "adapters/http/cloudevent_json.h"
#include "adapters/http/webhook_signer.h"
#include "core/notify/retry_schedule.h"

namespace lintas::http {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr char kSecret[] = "whsec_test_agency_42";

// A receiver that answers 500 to its first `failures_first` deliveries, then 200.
class Receiver {
 public:
  explicit Receiver(int failures_first) : failures_left_(failures_first) {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      const bool signed_ok =
          WebhookSigner::Verify(kSecret, req.get_header_value(WebhookSigner::kHeaderName), req.body,
                                std::chrono::system_clock::now(), seconds{300});
      if (!signed_ok) ++bad_signatures_;
      if (req.get_header_value("Content-Type") != WebhookSender::kContentType) ++bad_content_type_;
      if (failures_left_ > 0) {
        --failures_left_;
        ++failures_;
        res.status = 500;
        return;
      }
      accepted_.push_back(req.body);
      res.status = 200;
    });
    server_.Post("/busy",
                 [](const httplib::Request&, httplib::Response& res) { res.status = 429; });
    server_.Post("/gone",
                 [](const httplib::Request&, httplib::Response& res) { res.status = 410; });
    port_ = server_.bind_to_any_port("127.0.0.1");
    // bind_to_any_port already listens, so clients may connect before the accept loop runs.
    if (port_ > 0) thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Receiver() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  std::string Url(std::string_view path) const {
    return absl::StrCat("http://127.0.0.1:", port_, std::string(path));
  }
  int port() const { return port_; }
  std::vector<std::string> accepted() {
    std::lock_guard<std::mutex> lock(mu_);
    return accepted_;
  }
  int failures() {
    std::lock_guard<std::mutex> lock(mu_);
    return failures_;
  }
  int bad_signatures() {
    std::lock_guard<std::mutex> lock(mu_);
    return bad_signatures_;
  }
  int bad_content_type() {
    std::lock_guard<std::mutex> lock(mu_);
    return bad_content_type_;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = -1;
  std::mutex mu_;
  int failures_left_;
  int failures_ = 0;
  int bad_signatures_ = 0;
  int bad_content_type_ = 0;
  std::vector<std::string> accepted_;
};

std::string Document(int n) {
  lintas::v1::EventEnvelope e;
  e.set_id(absl::StrCat("01JDQEVENT", n));
  e.set_source("/lintas/referral");
  e.set_type("lintas.v1.ReferralRequested");
  e.set_subject("LNT-2026-000777");
  e.set_sequence(n);
  e.mutable_time()->set_seconds(1700000000 + n);
  auto doc = RenderCloudEventJson(e, absl::StrCat(R"({"n":)", n, R"(,"note":"a \"quoted\" é"})"));
  EXPECT_TRUE(doc.ok()) << doc.status();
  return doc.ok() ? *doc : std::string();
}

WebhookSenderOptions FastOptions() {
  WebhookSenderOptions options;
  options.connect_timeout = milliseconds{500};
  options.read_timeout = milliseconds{2000};
  options.write_timeout = milliseconds{2000};
  return options;
}

TEST(WebhookSenderTest, RetriesThroughOutageAndDeliversEveryDocumentOnceInOrder) {
  Receiver receiver(/*failures_first=*/3);
  ASSERT_GT(receiver.port(), 0);
  const WebhookSender sender(FastOptions());
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  constexpr int kMaxAttempts = 10;

  std::vector<std::string> documents;
  int attempts_total = 0;
  for (int n = 1; n <= 5; ++n)
    documents.push_back(Document(n));
  for (const std::string& doc : documents) {
    absl::Status status;
    int attempt = 0;
    const core::Timestamp first = std::chrono::system_clock::now();
    while (true) {
      ++attempt;
      ++attempts_total;
      status = sender.Send(receiver.Url("/hook"), kSecret, doc, std::chrono::system_clock::now());
      if (status.ok() || status.code() != absl::StatusCode::kUnavailable) break;
      if (core::ShouldDeadLetter(attempt, kMaxAttempts, first, std::chrono::system_clock::now(),
                                 seconds{30})) {
        break;
      }
      // Real but tiny sleeps: the point is the schedule's shape, not wall time.
      std::this_thread::sleep_for(
          core::NextDelay(attempt, milliseconds{1}, milliseconds{5}, uniform(rng)));
    }
    ASSERT_TRUE(status.ok()) << status;
  }

  EXPECT_EQ(receiver.accepted(), documents);  // each once, in order
  EXPECT_EQ(receiver.failures(), 3);
  EXPECT_EQ(attempts_total, 3 + 5);
  EXPECT_EQ(receiver.bad_signatures(), 0);
  EXPECT_EQ(receiver.bad_content_type(), 0);
}

TEST(WebhookSenderTest, ReceiverRefusalIsNotRetryable) {
  Receiver receiver(0);
  ASSERT_GT(receiver.port(), 0);
  const WebhookSender sender(FastOptions());
  const auto now = std::chrono::system_clock::now();
  EXPECT_EQ(sender.Send(receiver.Url("/missing"), kSecret, Document(1), now).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(sender.Send(receiver.Url("/gone"), kSecret, Document(1), now).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(sender.Send(receiver.Url("/busy"), kSecret, Document(1), now).code(),
            absl::StatusCode::kUnavailable);
  EXPECT_TRUE(receiver.accepted().empty());
}

TEST(WebhookSenderTest, ReceiverCatchesAWrongSecret) {
  Receiver receiver(0);
  ASSERT_GT(receiver.port(), 0);
  const WebhookSender sender(FastOptions());
  ASSERT_TRUE(sender
                  .Send(receiver.Url("/hook"), "not the agency secret", Document(1),
                        std::chrono::system_clock::now())
                  .ok());
  EXPECT_EQ(receiver.bad_signatures(), 1);  // so the zero in the retry test means something
}

// A port nobody listens on: bind one, note it, close it.
int ClosedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = -1;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

TEST(WebhookSenderTest, ClosedPortIsRetryable) {
  const int port = ClosedPort();
  ASSERT_GT(port, 0);
  const WebhookSender sender(FastOptions());
  const absl::Status status = sender.Send(absl::StrCat("http://127.0.0.1:", port, "/hook"), kSecret,
                                          Document(1), std::chrono::system_clock::now());
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
}

TEST(WebhookSenderTest, RefusesOtherSchemesAndBadInput) {
  const WebhookSender sender(FastOptions());
  const auto now = std::chrono::system_clock::now();
  for (const char* url :
       {"ftp://x/y", "127.0.0.1:80/hook", "", "http://", "http://user:pw@127.0.0.1/hook",
        "http://h:0/", "http://h:99999/", "http://h:/", "http://h/x#frag", "file:///etc/passwd"}) {
    EXPECT_EQ(sender.Send(url, kSecret, "{}", now).code(), absl::StatusCode::kInvalidArgument)
        << url;
  }
  EXPECT_EQ(sender.Send("http://127.0.0.1:1/hook", "", "{}", now).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(WebhookUrlTest, Parses) {
  auto url = ParseWebhookUrl("HTTP://agency.example.go.id:8080/hooks/lintas?x=1");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(url->host, "agency.example.go.id");
  EXPECT_EQ(url->port, 8080);
  EXPECT_EQ(url->path, "/hooks/lintas?x=1");
  auto bare = ParseWebhookUrl("http://10.0.0.5");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->port, 80);
  EXPECT_EQ(bare->path, "/");
  auto v6 = ParseWebhookUrl("http://[::1]:9000/h");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 9000);
  auto tls = ParseWebhookUrl("https://hooks.example.go.id/lintas");
  ASSERT_TRUE(tls.ok());
  EXPECT_TRUE(tls->https);
  EXPECT_EQ(tls->port, 443);
  EXPECT_FALSE(bare->https);
  auto query = ParseWebhookUrl("http://h?x=1");
  ASSERT_TRUE(query.ok());
  EXPECT_EQ(query->path, "/?x=1");
}

// https with the Debian cpp-httplib (built with OpenSSL): a receiver whose certificate chains to
// the configured CA gets the document; against the system's CAs the same receiver is refused
// (the certificate is verified, not just encrypted to).
TEST(WebhookSenderTest, HttpsVerifiesTheReceiversCertificate) {
  std::string dir = (std::filesystem::temp_directory_path() / "lintas-https-XXXXXX").string();
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  const std::string cert = dir + "/cert.pem", key = dir + "/key.pem";
  const std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "
      "/CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " +
      key + " -out " + cert + " 2>/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;

  httplib::SSLServer server(cert.c_str(), key.c_str());
  ASSERT_TRUE(server.is_valid());
  std::mutex mu;
  std::vector<std::string> accepted;
  int bad_signatures = 0;
  server.Post("/hook", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mu);
    if (!WebhookSigner::Verify(kSecret, req.get_header_value(WebhookSigner::kHeaderName), req.body,
                               std::chrono::system_clock::now(), seconds{300})) {
      ++bad_signatures;
    }
    accepted.push_back(req.body);
    res.status = 204;
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  std::thread thread([&] { server.listen_after_bind(); });
  const std::string url = absl::StrCat("https://127.0.0.1:", port, "/hook");

  WebhookSenderOptions trusting = FastOptions();
  trusting.ca_file = cert;
  const absl::Status ok =
      WebhookSender(trusting).Send(url, kSecret, Document(1), std::chrono::system_clock::now());
  const absl::Status untrusted =
      WebhookSender(FastOptions())
          .Send(url, kSecret, Document(2), std::chrono::system_clock::now());
  server.stop();
  thread.join();
  std::filesystem::remove_all(dir);

  EXPECT_TRUE(ok.ok()) << ok;
  EXPECT_EQ(untrusted.code(), absl::StatusCode::kUnavailable) << untrusted;
  std::lock_guard lock(mu);
  EXPECT_EQ(accepted, std::vector<std::string>{Document(1)});
  EXPECT_EQ(bad_signatures, 0);
}

}  // namespace
}  // namespace lintas::http
