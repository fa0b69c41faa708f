// The public portal end to end: a real lintasd (--services=portal,intake,...) and a real HTTP
// client (cpp-httplib): the form, a report, its tracking code, /cek, a double submit, a mistyped
// and an unknown code, a bad field, the honeypot, the limits, and TLS with a server certificate.
#include <gtest/gtest.h>
#include <httplib.h>

#include <regex>
#include <set>

#include "adapters/http/url_encoded.h"
#include "tests/e2e/lintasd_process.h"
#include "tests/support/redis_dump.h"
#include "tests/support/redis_server.h"

namespace lintas::testing {
namespace {

using Env = std::vector<std::pair<std::string, std::string>>;

std::string Match(const std::string& text, const std::string& pattern) {
  std::smatch m;
  if (!std::regex_search(text, m, std::regex(pattern))) return "";
  return m[1];
}

// The portal's port, from lintasd's log line "portal: serving ... on 127.0.0.1:<port> ".
int PortalPort(const LintasdProcess& lintasd) {
  const std::string port = Match(lintasd.Log(), R"(portal: serving [^"]* on 127\.0\.0\.1:(\d+) )");
  return port.empty() ? 0 : std::stoi(port);
}

std::string Body(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string body;
  for (const auto& [k, v] : fields) {
    body += (body.empty() ? "" : "&") + http::UrlEncode(k) + "=" + http::UrlEncode(v);
  }
  return body;
}

constexpr char kForm[] = "application/x-www-form-urlencoded";

class PortalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    redis_ = RedisServer::Start();
    ASSERT_NE(redis_, nullptr);
    lintasd_ = LintasdProcess::Start({"",
                                      {"--services=portal,intake,routing,notify,status"},
                                      {{"LINTAS_REDIS_ADDRESS", redis_->address()},
                                       {"LINTAS_KEY_FILE", LintasdProcess::MakeKeyFile()},
                                       {"LINTAS_LISTEN", "127.0.0.1:0"}}});
    ASSERT_NE(lintasd_, nullptr);
    port_ = PortalPort(*lintasd_);
    ASSERT_GT(port_, 0) << lintasd_->Log();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
  }

  // A fresh form's token.
  std::string Token(const std::string& path = "/lapor") {
    auto page = client_->Get(path);
    EXPECT_TRUE(page);
    if (!page) return "";
    return Match(page->body, R"re(name="token" value="([^"]+)")re");
  }

  std::vector<std::pair<std::string, std::string>> GoodReport(const std::string& token) {
    return {{"token", token},
            {"kategori", "calo"},
            {"kabupaten", "53.71"},
            {"kecamatan", "53.71.01"},
            {"desa", "53.71.01.1001"},
            {"kapan", "Maret 2026"},
            {"cerita", "Seorang calo merekrut anak tetangga kami untuk kerja di Malaysia."},
            {"calo1_nama", "Pak Calo Ujicoba"},
            {"calo1_hp", "081234567890"},
            {"pelapor", "anonim"},
            {"situs", ""}};
  }

  httplib::Result Post(const std::string& path, const std::string& body) {
    return client_->Post(path, body, kForm);
  }

  std::string Check(const std::string& code) {
    auto r = Post("/cek", Body({{"token", Token("/cek")}, {"kode", code}}));
    return r ? std::to_string(r->status) + " " + r->body : "no answer";
  }

  std::unique_ptr<RedisServer> redis_;
  std::unique_ptr<LintasdProcess> lintasd_;
  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(PortalTest, TheFormIsSmallSelfContainedAndSendsTheSecurityHeaders) {
  auto page = client_->Get("/lapor");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Security-Policy"),
            "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; "
            "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  EXPECT_EQ(page->get_header_value("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(page->get_header_value("Cache-Control"), "no-store");
  EXPECT_FALSE(page->has_header("Strict-Transport-Security"));  // plain HTTP here
  auto css = client_->Get("/static/portal.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->status, 200);
  auto js = client_->Get("/static/portal.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_LT(page->body.size() + css->body.size() + js->body.size(), 30u * 1024);
  // Compressed for a client that accepts it: GET answers only (see gzip_min_bytes: BREACH).
  httplib::Client raw("127.0.0.1", port_);
  raw.set_decompress(false);  // to see the bytes sent
  auto packed = raw.Get("/lapor", {{"Accept-Encoding", "gzip, br"}});
  ASSERT_TRUE(packed);
  EXPECT_EQ(packed->get_header_value("Content-Encoding"), "gzip");
  EXPECT_LT(packed->body.size(), page->body.size() / 2);
  auto posted = raw.Post("/lapor", {{"Accept-Encoding", "gzip"}}, "token=x&kategori=calo", kForm);
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 400);
  EXPECT_FALSE(posted->has_header("Content-Encoding"));
  EXPECT_EQ(page->body.find("http://"), std::string::npos);  // nothing from elsewhere
  EXPECT_EQ(page->body.find("https://"), std::string::npos);
  EXPECT_NE(page->body.find("Kota Kupang"), std::string::npos);
  EXPECT_NE(client_->Get("/lapor?lang=en")->body.find("Send the report"), std::string::npos);
}

TEST_F(PortalTest, AReportGetsACodeOnceAndADoubleSubmitMakesOneCase) {
  const std::string body = Body(GoodReport(Token()));
  auto first = Post("/lapor", body);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  const std::string code = Match(first->body, R"(id="kode">([0-9A-Z-]+)<)");
  ASSERT_EQ(code.size(), 20u) << first->body;
  auto again = Post("/lapor", body);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(Match(again->body, R"(id="kode">([0-9A-Z-]+)<)"), code);
  ASSERT_TRUE(lintasd_->WaitForLog("(form sent again)", 1, std::chrono::seconds(5)));
  // One case: one case key in Redis, and both submissions named it.
  std::set<std::string> case_keys;
  for (const std::string& key : redis_->Run({"KEYS", "lintas:*:case:*"}))
    case_keys.insert(key);
  EXPECT_EQ(case_keys.size(), 1u);
  const std::string case_id = Match(lintasd_->Log(), R"(report received as case ([0-9A-Z-]+))");
  EXPECT_FALSE(case_id.empty());

  // Status: received, in plain words; lower case and without dashes reads the same.
  std::string typed;
  for (char c : code) {
    if (c != '-') typed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  const std::string status = Check(typed);
  EXPECT_EQ(status.substr(0, 3), "200") << status;
  EXPECT_TRUE(status.find("Diterima") != std::string::npos ||
              status.find("Sedang ditangani") != std::string::npos)
      << status;
  EXPECT_EQ(status.find(case_id), std::string::npos);  // no internals

  // Neither the code nor the client's address is in Redis keys or the log.
  std::string plain;
  for (char c : code) {
    if (c != '-') plain += c;
  }
  for (const std::string& key : redis_->Run({"KEYS", "*"})) {
    EXPECT_EQ(key.find(plain), std::string::npos) << key;
    EXPECT_EQ(key.find(code), std::string::npos) << key;
    EXPECT_EQ(key.find("127.0.0.1"), std::string::npos) << key;
  }
  EXPECT_EQ(lintasd_->Log().find(code), std::string::npos);
  EXPECT_EQ(lintasd_->Log().find(plain), std::string::npos);
  // The code's entry holds the case id under a keyed hash.
  const std::vector<std::string> track = redis_->Run({"KEYS", "lintas:track:*"});
  ASSERT_EQ(track.size(), 1u);
  EXPECT_EQ(redis_->Run({"GET", track[0]}), std::vector<std::string>{case_id});

  // Nothing the reporter typed, nor the code, nor the client's address, is in clear in any
  // Redis key or value or in the AOF; nothing typed and not the code in the log (which names
  // the listen address 127.0.0.1, so the address is looked for in Redis only).
  const RedisDump dump = DumpEverything(*redis_);
  const std::string aof = ReadAllFilesUnder(redis_->dir());
  const std::string log = lintasd_->Log();
  EXPECT_FALSE(aof.empty());
  const std::vector<std::string> typed_values = {"Seorang calo merekrut", "Pak Calo Ujicoba",
                                                 "81234567890", "Maret 2026"};
  std::vector<std::string> probes = typed_values;
  probes.insert(probes.end(), {code, plain, "127.0.0.1"});
  for (const std::string& probe : probes) {
    EXPECT_EQ(aof.find(probe), std::string::npos) << probe;
    for (const auto& [key, values] : dump.values) {
      EXPECT_EQ(key.find(probe), std::string::npos) << key;
      for (const std::string& v : values)
        EXPECT_EQ(v.find(probe), std::string::npos) << key << " holds " << probe;
    }
  }
  for (const std::string& probe : typed_values)
    EXPECT_EQ(log.find(probe), std::string::npos) << probe;
}

TEST_F(PortalTest, AMistypedCodeIsToldApartFromAnUnknownOne) {
  auto sent = Post("/lapor", Body(GoodReport(Token())));
  ASSERT_TRUE(sent);
  const std::string code = Match(sent->body, R"(id="kode">([0-9A-Z-]+)<)");
  ASSERT_FALSE(code.empty()) << sent->body;
  std::string mistyped = code;
  mistyped[2] = mistyped[2] == '7' ? '8' : '7';
  const std::string answer = Check(mistyped);
  EXPECT_EQ(answer.substr(0, 3), "400") << answer;
  EXPECT_NE(answer.find("salah ketik"), std::string::npos) << answer;
  // A well-formed code with a valid check symbol that nobody was given.
  const std::string unknown = Check("000000-000000-000000");
  EXPECT_EQ(unknown.substr(0, 3), "404") << unknown;
  EXPECT_NE(unknown.find("Tidak ada laporan dengan kode ini"), std::string::npos);
  const std::string short_code = Check("ABC");
  EXPECT_EQ(short_code.substr(0, 3), "400");
  EXPECT_NE(short_code.find("tidak lengkap"), std::string::npos);
}

TEST_F(PortalTest, ABadFieldGetsItsMessageAndTheFormKeepsWhatWasTyped) {
  auto fields = GoodReport(Token());
  for (auto& [k, v] : fields) {
    if (k == "pelapor") v = "rahasia";  // confidential: name and phone required
    if (k == "calo1_hp") v = "12345";
  }
  auto r = Post("/lapor", Body(fields));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("Tulis nama Anda, atau pilih"), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("id=\"err-calo1_hp\""), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("value=\"Pak Calo Ujicoba\""), std::string::npos);
  EXPECT_NE(r->body.find("untuk kerja di Malaysia.</textarea>"), std::string::npos);
  EXPECT_TRUE(redis_->Run({"KEYS", "lintas:*:case:*"}).empty());
}

TEST_F(PortalTest, ForgedTokensRobotsAndOversizedBodiesMakeNoCase) {
  auto forged =
      GoodReport("f1.1.00000000000000000000000000000000.00000000000000000000000000000000");
  auto r = Post("/lapor", Body(forged));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("Formulir ini tidak dikenal"), std::string::npos);
  auto robot = GoodReport(Token());
  robot.back().second = "http://spam.example";
  r = Post("/lapor", Body(robot));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  r = Post("/lapor", std::string(70 * 1024, 'a'));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_TRUE(redis_->Run({"KEYS", "lintas:*:case:*"}).empty());
}

TEST_F(PortalTest, StatusChecksAreRateLimitedPerAddress) {
  int limited = 0;
  for (int i = 0; i < 15; ++i) {
    if (Check("000000-000000-000000").substr(0, 3) == "429") ++limited;
  }
  EXPECT_GE(limited, 5);  // 10 a minute by default
}

// A message to BP3MI carries the code too: it counts against the same per-address limit.
TEST_F(PortalTest, MessagesCountAgainstTheStatusCheckLimit) {
  int limited = 0;
  for (int i = 0; i < 15; ++i) {
    auto r = Post("/cek", Body({{"token", Token("/cek")},
                                {"kode", "000000-000000-000000"},
                                {"aksi", "pesan"},
                                {"pesan", "halo"}}));
    ASSERT_TRUE(r);
    if (r->status == 429) {
      ++limited;
      EXPECT_NE(r->body.find("Terlalu banyak percobaan"), std::string::npos);
    }
  }
  EXPECT_GE(limited, 5);
  EXPECT_TRUE(redis_->Run({"KEYS", "lintas:*:timeline:*"}).empty());
}

// With a certificate the portal speaks TLS only and sends HSTS.
TEST(PortalTlsTest, ServesHttpsWithTheServerCertificate) {
  auto redis = RedisServer::Start();
  ASSERT_NE(redis, nullptr);
  const std::string certs = redis->dir() + "/certs";
  ASSERT_EQ(std::system((std::string(LINTAS_SOURCE_DIR) + "/deploy/certs/make-dev-certs.sh " +
                         certs + " >/dev/null 2>&1")
                            .c_str()),
            0);
  auto lintasd = LintasdProcess::Start({"",
                                        {"--services=portal,intake"},
                                        {{"LINTAS_REDIS_ADDRESS", redis->address()},
                                         {"LINTAS_KEY_FILE", LintasdProcess::MakeKeyFile()},
                                         {"LINTAS_LISTEN", "127.0.0.1:0"},
                                         {"LINTAS_PORTAL_CERT_FILE", certs + "/server.crt"},
                                         {"LINTAS_PORTAL_KEY_FILE", certs + "/server.key"}}});
  ASSERT_NE(lintasd, nullptr);
  const int port = PortalPort(*lintasd);
  ASSERT_GT(port, 0) << lintasd->Log();
  httplib::SSLClient tls("127.0.0.1", port);
  tls.set_ca_cert_path((certs + "/ca.crt").c_str());
  tls.enable_server_certificate_verification(true);
  auto page = tls.Get("/lapor");
  ASSERT_TRUE(page) << httplib::to_string(page.error());
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Strict-Transport-Security"), "max-age=31536000");
  httplib::Client plain("127.0.0.1", port);
  plain.set_read_timeout(3, 0);
  auto refused = plain.Get("/lapor");
  EXPECT_TRUE(!refused || refused->status != 200);
}

}  // namespace
}  // namespace lintas::testing
