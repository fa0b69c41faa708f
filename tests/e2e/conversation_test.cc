// The two-way conversation between a portal reporter and BP3MI, end to end: a real lintasd
// (--services=portal,intake,routing,notify,status,referral) with the shipped config and mutual
// TLS from the development certificate script, a real redis-server, cpp-httplib as the reporter
// and gRPC as the agencies:
//  - a report through /lapor, a message with its code on /cek, BP3MI hears of it and lists it,
//    answers, and the reporter reads the answer as "Petugas BP3MI" (never the agency's name);
//  - the police, holding a referral not accepted yet, and the portal's own agency get
//    PERMISSION_DENIED; an agency not on the case gets NOT_FOUND; once the police accept they
//    may read;
//  - bad input gets its message next to the box; a re-sent form sends one message;
//  - every list is on the audit chain; no message text is in clear in Redis, the AOF or the log.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "adapters/http/url_encoded.h"
#include "lintas/v1/conversation.grpc.pb.h"
#include "lintas/v1/intake.grpc.pb.h"
#include "lintas/v1/referral_service.grpc.pb.h"
#include "tests/e2e/lintasd_process.h"
#include "tests/support/redis_dump.h"
#include "tests/support/redis_server.h"

namespace lintas::testing {
namespace {

namespace fs = std::filesystem;

constexpr char kForm[] = "application/x-www-form-urlencoded";
constexpr char kFirstMessage[] = "Calo Kornelis datang lagi ke Oebobo membawa formulir palsu";
constexpr char kAnswer[] = "Terima kasih. Apakah calo itu datang dengan mobil Avanza hitam?";
constexpr char kSecondMessage[] = "Ya, mobilnya Avanza hitam bernomor DH sekian";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Match(const std::string& text, const std::string& pattern) {
  std::smatch m;
  if (!std::regex_search(text, m, std::regex(pattern))) return "";
  return m[1];
}

std::string Body(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string body;
  for (const auto& [k, v] : fields) {
    body += (body.empty() ? "" : "&") + http::UrlEncode(k) + "=" + http::UrlEncode(v);
  }
  return body;
}

// Runs lintasctl with `args`: its exit code and standard output + error.
std::pair<int, std::string> Lintasctl(const std::string& args) {
  const std::string command = std::string(LINTASCTL_BIN) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof(buf), pipe))
    out.append(buf, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

class ConversationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    redis_ = RedisServer::Start();
    ASSERT_NE(redis_, nullptr);
    std::string tmpl = (fs::temp_directory_path() / "lintas-e2e-conv-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    const std::string src = std::string(LINTAS_SOURCE_DIR) + "/deploy/config/";
    for (const char* f : {"regions-ntt.yaml", "routing-ntt.yaml", "holidays-id-2026.yaml"})
      fs::copy_file(src + f, dir_ + "/" + f);
    std::string config = Slurp(src + "lintas.yaml");
    for (std::size_t at; (at = config.find("../../var/certs/")) != std::string::npos;)
      config.replace(at, 16, "certs/");
    std::ofstream(dir_ + "/lintas.yaml") << config;
    // Certificates for every agency of the shipped config, as ./scripts/run.sh makes them.
    const std::string command = std::string(LINTAS_SOURCE_DIR) +
                                "/deploy/certs/make-dev-certs.sh " + dir_ + "/certs " + dir_ +
                                "/lintas.yaml >" + dir_ + "/script.log 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << Slurp(dir_ + "/script.log");
    lintasd_ = LintasdProcess::Start({dir_ + "/lintas.yaml",
                                      {"--services=portal,intake,routing,notify,status,referral"},
                                      {{"LINTAS_REDIS_ADDRESS", redis_->address()},
                                       {"LINTAS_KEY_FILE", LintasdProcess::MakeKeyFile()},
                                       {"LINTAS_LISTEN", "127.0.0.1:0"}},
                                      /*dev_identity=*/false});
    ASSERT_NE(lintasd_, nullptr);
    const std::string port =
        Match(lintasd_->Log(), R"(portal: serving [^"]* on 127\.0\.0\.1:(\d+) )");
    ASSERT_FALSE(port.empty()) << lintasd_->Log();
    web_ = std::make_unique<httplib::Client>("127.0.0.1", std::stoi(port));
  }

  void TearDown() override {
    if (lintasd_ != nullptr) lintasd_->Terminate();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // A channel presenting `agency`'s certificate from the script.
  std::shared_ptr<grpc::Channel> As(const std::string& agency) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = Slurp(dir_ + "/certs/ca.crt");
    ssl.pem_cert_chain = Slurp(dir_ + "/certs/agencies/" + agency + ".crt");
    ssl.pem_private_key = Slurp(dir_ + "/certs/agencies/" + agency + ".key");
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    return grpc::CreateCustomChannel(lintasd_->target(), grpc::SslCredentials(ssl), args);
  }

  static std::unique_ptr<grpc::ClientContext> Context() {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return ctx;
  }

  grpc::Status List(const std::string& agency, const std::string& case_id,
                    v1::ListReporterMessagesResponse* out) {
    auto stub = v1::ConversationService::NewStub(As(agency));
    v1::ListReporterMessagesRequest req;
    req.set_case_id(case_id);
    return stub->ListReporterMessages(Context().get(), req, out);
  }

  grpc::Status Send(const std::string& agency, const std::string& case_id, const std::string& text,
                    const std::string& key, v1::SendReporterMessageResponse* out) {
    auto stub = v1::ConversationService::NewStub(As(agency));
    v1::SendReporterMessageRequest req;
    req.set_case_id(case_id);
    req.set_text(text);
    req.set_idempotency_key(key);
    return stub->SendReporterMessage(Context().get(), req, out);
  }

  std::string Token(const std::string& path) {
    auto page = web_->Get(path);
    EXPECT_TRUE(page);
    return page ? Match(page->body, R"re(name="token" value="([^"]+)")re") : "";
  }

  // An anonymous report of a named broker in Kota Kupang; its tracking code.
  std::string Report() {
    auto r = web_->Post("/lapor",
                        Body({{"token", Token("/lapor")},
                              {"kategori", "calo"},
                              {"kabupaten", "53.71"},
                              {"kecamatan", "53.71.01"},
                              {"desa", "53.71.01.1001"},
                              {"kapan", "November 2026"},
                              {"cerita", "Seorang calo merekrut tetangga kami tanpa dokumen."},
                              {"calo1_nama", "Kornelis Ujicoba"},
                              {"calo1_hp", "081234567890"},
                              {"pelapor", "anonim"},
                              {"situs", ""}}),
                        kForm);
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
    return r ? Match(r->body, R"(id="kode">([0-9A-Z-]+)<)") : "";
  }

  // /cek with the code; with `message`, the conversation form as the status page renders it.
  httplib::Result Cek(const std::string& code, const std::string& message = "",
                      const std::string& token = "") {
    std::vector<std::pair<std::string, std::string>> fields{
        {"token", token.empty() ? Token("/cek") : token}, {"kode", code}};
    if (!message.empty() || !token.empty()) {
      fields.emplace_back("aksi", "pesan");
      fields.emplace_back("pesan", message);
    }
    return web_->Post("/cek", Body(fields), kForm);
  }

  std::unique_ptr<RedisServer> redis_;
  std::string dir_;
  std::unique_ptr<LintasdProcess> lintasd_;
  std::unique_ptr<httplib::Client> web_;
};

TEST_F(ConversationTest, AReporterAndBp3miTalkThroughTheCodeAndNothingIsInClear) {
  const std::string code = Report();
  ASSERT_EQ(code.size(), 20u);
  ASSERT_TRUE(lintasd_->WaitForLog("report received as case", 1, std::chrono::seconds(5)));
  const std::string case_id = Match(lintasd_->Log(), R"(report received as case ([0-9A-Z-]+))");
  ASSERT_FALSE(case_id.empty());

  // The status page shows an empty conversation and the form, the code in a hidden field.
  auto page = Cek(code);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  EXPECT_NE(page->body.find("Belum ada pesan."), std::string::npos) << page->body;
  EXPECT_NE(page->body.find("name=\"kode\" value=\"" + code + "\""), std::string::npos);
  EXPECT_NE(page->body.find("name=\"aksi\" value=\"pesan\""), std::string::npos);
  const std::string form_token = Match(page->body, R"re(name="token" value="([^"]+)")re");
  ASSERT_FALSE(form_token.empty());

  // Bad input: a message next to the box, what was typed kept, nothing stored.
  auto empty = Cek(code, "   ", form_token);
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 400);
  EXPECT_NE(empty->body.find("id=\"err-pesan\""), std::string::npos);
  EXPECT_NE(empty->body.find("Tulis pesan Anda dulu."), std::string::npos);
  auto too_long = Cek(code, std::string(2001, 'a'), form_token);
  ASSERT_TRUE(too_long);
  EXPECT_EQ(too_long->status, 400);
  EXPECT_NE(too_long->body.find("Pesan terlalu panjang"), std::string::npos);
  EXPECT_NE(too_long->body.find(std::string(2001, 'a') + "</textarea>"), std::string::npos);

  // The message; the same form sent twice stores it once.
  for (int i = 0; i < 2; ++i) {
    auto sent = Cek(code, kFirstMessage, form_token);
    ASSERT_TRUE(sent);
    EXPECT_EQ(sent->status, 200) << sent->body;
    EXPECT_NE(sent->body.find("Pesan terkirim."), std::string::npos);
    EXPECT_NE(sent->body.find(kFirstMessage), std::string::npos);
    EXPECT_NE(sent->body.find("<p class=\"who\">Anda · "), std::string::npos);
  }
  ASSERT_TRUE(lintasd_->WaitForLog("(form sent again)", 1, std::chrono::seconds(5)));

  // BP3MI hears of it in its inbox (an event pointer, no text) and lists it over mutual TLS.
  bool notified = false;
  for (int i = 0; i < 100 && !notified; ++i) {
    for (const std::string& v : redis_->Run({"XRANGE", "lintas:{a:bp3mi-ntt}:inbox", "-", "+"}))
      notified = notified || v.find("ReporterMessageAdded") != std::string::npos;
    if (!notified) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(notified);
  v1::ListReporterMessagesResponse listed;
  ASSERT_TRUE(List("bp3mi-ntt", case_id, &listed).ok());
  ASSERT_EQ(listed.messages_size(), 1);
  EXPECT_EQ(listed.messages(0).text(), kFirstMessage);
  EXPECT_EQ(listed.messages(0).author(), v1::ReporterMessage::AUTHOR_REPORTER);

  // Standing: the police hold a referral they have not accepted; the portal's agency submitted
  // the case; another police agency is not on it.
  v1::Case seen;
  {
    v1::GetCaseRequest req;
    req.set_case_id(case_id);
    ASSERT_TRUE(
        v1::IntakeService::NewStub(As("bp3mi-ntt"))->GetCase(Context().get(), req, &seen).ok());
  }
  std::string police, referral_id;
  for (const auto& r : seen.referrals()) {
    if (r.purpose() == v1::REFERRAL_PURPOSE_ENFORCEMENT) {
      police = r.target_agency();
      referral_id = r.id();
    }
  }
  ASSERT_FALSE(police.empty()) << seen.DebugString();
  v1::ListReporterMessagesResponse refused;
  EXPECT_EQ(List(police, case_id, &refused).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(List("portal-publik", case_id, &refused).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  const std::string stranger = police == "polres-alor" ? "polres-sikka" : "polres-alor";
  EXPECT_EQ(List(stranger, case_id, &refused).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::SendReporterMessageResponse answer;
  EXPECT_EQ(Send(police, case_id, "x", "k1", &answer).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Send(stranger, case_id, "x", "k1", &answer).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(refused.messages_size(), 0);

  // BP3MI answers; the same key again sends nothing more.
  ASSERT_TRUE(Send("bp3mi-ntt", case_id, kAnswer, "answer-1", &answer).ok());
  EXPECT_FALSE(answer.replayed());
  ASSERT_TRUE(Send("bp3mi-ntt", case_id, kAnswer, "answer-1", &answer).ok());
  EXPECT_TRUE(answer.replayed());

  // What an officer at a terminal sees: `lintasctl messages list`, over mutual TLS too.
  const auto [exit_code, printed] =
      Lintasctl("--server " + lintasd_->target() + " --agency bp3mi-ntt --certs-dir " + dir_ +
                "/certs messages list " + case_id);
  EXPECT_EQ(exit_code, 0) << printed;
  EXPECT_NE(printed.find(std::string(" reporter: ") + kFirstMessage), std::string::npos) << printed;
  EXPECT_NE(printed.find(std::string(" bp3mi-ntt: ") + kAnswer), std::string::npos) << printed;

  // The reporter reads it as "Petugas BP3MI", newest last, and answers back.
  auto read = Cek(code);
  ASSERT_TRUE(read);
  ASSERT_EQ(read->status, 200);
  const std::size_t first = read->body.find(kFirstMessage);
  const std::size_t reply = read->body.find(kAnswer);
  ASSERT_NE(reply, std::string::npos) << read->body;
  EXPECT_LT(first, reply);
  EXPECT_NE(read->body.find("Petugas BP3MI · "), std::string::npos);
  EXPECT_EQ(read->body.find("bp3mi-ntt"), std::string::npos);  // no agency internals
  EXPECT_EQ(read->body.find(case_id), std::string::npos);
  const std::string token2 = Match(read->body, R"re(name="token" value="([^"]+)")re");
  auto back = Cek(code, kSecondMessage, token2);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->status, 200);

  // Once the police accept their referral they may read the conversation too.
  {
    v1::ReferralActionRequest req;
    req.set_case_id(case_id);
    req.set_referral_id(referral_id);
    v1::Referral out;
    ASSERT_TRUE(v1::ReferralService::NewStub(As(police))->Accept(Context().get(), req, &out).ok());
  }
  v1::ListReporterMessagesResponse by_police;
  ASSERT_TRUE(List(police, case_id, &by_police).ok());
  ASSERT_EQ(by_police.messages_size(), 3);
  EXPECT_EQ(by_police.messages(1).author(), v1::ReporterMessage::AUTHOR_AGENCY);
  EXPECT_EQ(by_police.messages(1).agency(), "bp3mi-ntt");
  EXPECT_EQ(by_police.messages(2).text(), kSecondMessage);

  // Pages: one message at a time, resuming after the last; bad requests name the field.
  {
    auto stub = v1::ConversationService::NewStub(As("bp3mi-ntt"));
    v1::ListReporterMessagesRequest req;
    req.set_case_id(case_id);
    req.set_page_size(2);
    v1::ListReporterMessagesResponse page1, page2;
    ASSERT_TRUE(stub->ListReporterMessages(Context().get(), req, &page1).ok());
    ASSERT_EQ(page1.messages_size(), 2);
    ASSERT_FALSE(page1.next_page_token().empty());
    req.set_page_token(page1.next_page_token());
    ASSERT_TRUE(stub->ListReporterMessages(Context().get(), req, &page2).ok());
    ASSERT_EQ(page2.messages_size(), 1);
    EXPECT_EQ(page2.messages(0).text(), kSecondMessage);
    EXPECT_TRUE(page2.next_page_token().empty());
    req.set_page_size(500);
    const grpc::Status too_big = stub->ListReporterMessages(Context().get(), req, &page2);
    EXPECT_EQ(too_big.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_NE(too_big.error_message().find("page_size"), std::string::npos);
    const grpc::Status no_key = Send("bp3mi-ntt", case_id, "x", "", &answer);
    EXPECT_EQ(no_key.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_NE(no_key.error_message().find("idempotency_key"), std::string::npos);
    const grpc::Status too_long_answer =
        Send("bp3mi-ntt", case_id, std::string(2001, 'x'), "answer-2", &answer);
    EXPECT_EQ(too_long_answer.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_NE(too_long_answer.error_message().find("text"), std::string::npos);
  }

  // Every list is on the audit chain: BP3MI's, the police's (and the refusals), the portal's.
  int audited_lists = 0;
  for (const std::string& v : redis_->Run({"XRANGE", "lintas:{audit}", "-", "+"})) {
    if (v.find("ConversationService/ListReporterMessages") != std::string::npos) ++audited_lists;
  }
  EXPECT_GE(audited_lists, 5 + 3 + 7);  // 5 agency reads, 3 refusals, 7 status pages

  // No message text in clear: Redis (every key and value), the AOF, lintasd's log.
  const std::string log = lintasd_->Log();
  const RedisDump dump = DumpEverything(*redis_);
  const std::string aof = ReadAllFilesUnder(redis_->dir());
  for (const char* text : {kFirstMessage, kAnswer, kSecondMessage}) {
    const std::string probe = std::string(text).substr(0, 24);
    EXPECT_EQ(log.find(probe), std::string::npos) << probe;
    EXPECT_EQ(aof.find(probe), std::string::npos) << probe;
    for (const auto& [key, values] : dump.values) {
      EXPECT_EQ(key.find(probe), std::string::npos) << key;
      for (const std::string& v : values)
        EXPECT_EQ(v.find(probe), std::string::npos) << key;
    }
  }
  EXPECT_FALSE(aof.empty());
}

}  // namespace
}  // namespace lintas::testing
