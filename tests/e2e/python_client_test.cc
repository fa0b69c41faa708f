// Issue 5, "works with standard gRPC clients in other languages": tests/e2e/python/mtls_client.py,
// a Python client on Debian's python3-grpcio and python3-protobuf with message classes made by
// protoc --python_out, against the real lintasd over mutual TLS with certificates made by
// deploy/certs/make-dev-certs.sh. The client prints one JSON object per step; these tests parse
// them (as google.protobuf.Struct) and assert on each. No Python, no grpc module: the tests fail.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "lintas/v1/intake.grpc.pb.h"
#include "tests/e2e/lintasd_process.h"
#include "tests/e2e/test_certs.h"
#include "tests/support/redis_server.h"

namespace lintas::testing {
namespace {

namespace fs = std::filesystem;
using google::protobuf::Struct;

constexpr char kTrustDomain[] = "py.lintas.test";
constexpr char kClient[] = LINTAS_SOURCE_DIR "/tests/e2e/python/mtls_client.py";
constexpr char kExampleCase[] = LINTAS_SOURCE_DIR "/deploy/examples/trafficking-case.json";

constexpr char kAgencies[] = R"(agencies:
  - id: bp3mi-ntt
    kind: protection_agency
    name: BP3MI Nusa Tenggara Timur
    jurisdiction: ["53"]
  - id: polres-malaka
    kind: police
    name: Polres Malaka
    jurisdiction: ["53.21"]
  - id: j-ruk
    kind: ngo
    name: J-RUK
    jurisdiction: ["53"]
)";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string ShellQuote(const std::string& s) {
  std::string quoted = "'";
  for (const char c : s)
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// What one run of the Python client printed, by step.
struct ClientRun {
  int exit_code = -1;
  std::string out;
  std::string err;
  std::map<std::string, Struct> steps;

  std::string Describe() const {
    return "exit " + std::to_string(exit_code) + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
  bool Has(const std::string& step) const { return steps.count(step) != 0; }
  std::string Str(const std::string& step, const std::string& field) const {
    const auto s = steps.find(step);
    if (s == steps.end()) return "<no step " + step + ">";
    const auto f = s->second.fields().find(field);
    return f == s->second.fields().end() ? "<no field " + field + ">" : f->second.string_value();
  }
  bool Bool(const std::string& step, const std::string& field) const {
    const auto s = steps.find(step);
    if (s == steps.end()) return false;
    const auto f = s->second.fields().find(field);
    return f != s->second.fields().end() && f->second.bool_value();
  }
  std::vector<std::string> List(const std::string& step, const std::string& field) const {
    std::vector<std::string> items;
    const auto s = steps.find(step);
    if (s == steps.end()) return items;
    const auto f = s->second.fields().find(field);
    if (f == s->second.fields().end()) return items;
    for (const auto& v : f->second.list_value().values())
      items.push_back(v.string_value());
    return items;
  }
};

class PythonClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string tmpl = (fs::temp_directory_path() / "lintas-e2e-py-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = new std::string(tmpl);
    const std::string config = *dir_ + "/lintas.yaml";
    WriteFile(config,
              std::string("server:\n  tls:\n    trust_domain: ") + kTrustDomain + "\n" + kAgencies);
    const std::string command = std::string(LINTAS_SOURCE_DIR) +
                                "/deploy/certs/make-dev-certs.sh " + ShellQuote(*dir_ + "/certs") +
                                " " + ShellQuote(config) + " >" +
                                ShellQuote(*dir_ + "/script.log") + " 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << Slurp(*dir_ + "/script.log");

    // A certificate from the right CA whose SPIFFE ID names an agency the config does not have.
    const PemPair ca{Slurp(*dir_ + "/certs/ca.crt"), Slurp(*dir_ + "/certs/ca.key")};
    const PemPair stranger = TestCerts::MakeClient(
        ca, "polres-atlantis",
        {std::string("spiffe://") + kTrustDomain + "/agency/polres-atlantis"});
    WriteFile(*dir_ + "/polres-atlantis.crt", stranger.cert);
    WriteFile(*dir_ + "/polres-atlantis.key", stranger.key);
    ASSERT_EQ(chmod((*dir_ + "/polres-atlantis.key").c_str(), 0600), 0);

    std::ostringstream yaml;
    yaml << "server:\n"
         << "  listen: 127.0.0.1:0\n"
         << "  tls:\n"
         << "    ca_file: certs/ca.crt\n"
         << "    cert_file: certs/server.crt\n"
         << "    key_file: certs/server.key\n"
         << "    trust_domain: " << kTrustDomain << "\n"
         << "redis:\n  address: 127.0.0.1:1\n"
         << "crypto:\n  key_id: e2e-py-1\n  key_file: unused.key\n"
         << "regions_file: " << LINTAS_SOURCE_DIR << "/deploy/config/regions-ntt.yaml\n"
         << kAgencies;
    WriteFile(config, yaml.str());

    redis_ = RedisServer::Start().release();
    ASSERT_NE(redis_, nullptr);
    lintasd_ = LintasdProcess::Start({config,
                                      {"--services=intake"},
                                      {{"LINTAS_REDIS_ADDRESS", redis_->address()},
                                       {"LINTAS_KEY_FILE", LintasdProcess::MakeKeyFile()},
                                       {"LINTAS_LISTEN", "127.0.0.1:0"}},
                                      /*dev_identity=*/false})
                   .release();
    ASSERT_NE(lintasd_, nullptr);
  }

  static void TearDownTestSuite() {
    if (lintasd_ != nullptr) {
      const std::string log = lintasd_->Log();
      EXPECT_EQ(lintasd_->Terminate(), 0) << log;
      for (const char* personal : {"Maria Contoh", "5321015403980003", "Bento Calo"}) {
        EXPECT_EQ(log.find(personal), std::string::npos) << personal << " in:\n" << log;
      }
    }
    delete lintasd_;
    delete redis_;
    if (dir_ != nullptr) fs::remove_all(*dir_);
    delete dir_;
  }

  void SetUp() override {
    // Fail loudly, never skip: CI installs python3-grpcio and python3-protobuf (scripts/common.sh).
    ASSERT_TRUE(fs::exists(LINTAS_PYTHON3))
        << LINTAS_PYTHON3 << " is missing: install Debian's python3-grpcio and python3-protobuf";
    ASSERT_NE(lintasd_, nullptr);
  }

  // Runs the client in Python's isolated mode (no PYTHONPATH, no user site: only Debian's
  // packages and the generated modules).
  static ClientRun RunClient(const std::string& scenario, const std::string& cert,
                             const std::string& key, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv = {LINTAS_PYTHON3,
                                     "-I",
                                     kClient,
                                     "--target",
                                     lintasd_->target(),
                                     "--ca",
                                     *dir_ + "/certs/ca.crt",
                                     "--gen-dir",
                                     LINTAS_E2E_PYTHON_GEN,
                                     "--scenario",
                                     scenario};
    if (!cert.empty()) argv.insert(argv.end(), {"--cert", cert, "--key", key});
    argv.insert(argv.end(), extra.begin(), extra.end());
    const std::string err_file = *dir_ + "/client.stderr";
    std::string command;
    for (const auto& a : argv)
      command += ShellQuote(a) + " ";
    command += "2>" + ShellQuote(err_file);

    ClientRun run;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
      run.err = "popen failed";
      return run;
    }
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0)
      run.out.append(buf, n);
    const int status = pclose(pipe);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    run.err = Slurp(err_file);

    std::istringstream lines(run.out);
    for (std::string line; std::getline(lines, line);) {
      Struct step;
      if (!google::protobuf::util::JsonStringToMessage(line, &step).ok()) {
        ADD_FAILURE() << "not a JSON line from the client: " << line;
        continue;
      }
      const auto name = step.fields().find("step");
      if (name == step.fields().end()) {
        ADD_FAILURE() << "a line without a step: " << line;
        continue;
      }
      run.steps[name->second.string_value()] = step;
    }
    return run;
  }

  static std::string Cert(const std::string& agency) {
    return *dir_ + "/certs/agencies/" + agency + ".crt";
  }
  static std::string Key(const std::string& agency) {
    return *dir_ + "/certs/agencies/" + agency + ".key";
  }

  static std::string* dir_;
  static RedisServer* redis_;
  static LintasdProcess* lintasd_;
};

std::string* PythonClientTest::dir_ = nullptr;
RedisServer* PythonClientTest::redis_ = nullptr;
LintasdProcess* PythonClientTest::lintasd_ = nullptr;

TEST_F(PythonClientTest, AValidAgencyCertificateSubmitsAndReadsBackTheExampleCase) {
  const ClientRun run = RunClient("valid", Cert("polres-malaka"), Key("polres-malaka"),
                                  {"--case", kExampleCase, "--agency", "polres-malaka"});
  ASSERT_TRUE(run.Bool("start", "ok")) << "Python, grpc or the generated modules are missing\n"
                                       << run.Describe();
  EXPECT_EQ(run.exit_code, 0) << run.Describe();
  EXPECT_EQ(run.Str("start", "grpc").substr(0, 5), "1.51.") << "Debian's python3-grpcio";

  EXPECT_EQ(run.Str("health", "code"), "OK") << run.Describe();
  EXPECT_EQ(run.Str("health", "status"), "SERVING") << run.Describe();

  const std::vector<std::string> services = run.List("reflection", "services");
  EXPECT_EQ(run.Str("reflection", "code"), "OK") << run.Describe();
  EXPECT_NE(std::find(services.begin(), services.end(), "lintas.v1.IntakeService"), services.end())
      << run.Describe();
  EXPECT_NE(std::find(services.begin(), services.end(), "grpc.health.v1.Health"), services.end())
      << run.Describe();

  ASSERT_EQ(run.Str("submit", "code"), "OK") << run.Describe() << "\n" << lintasd_->Log();
  const std::string case_id = run.Str("submit", "case_id");
  EXPECT_FALSE(case_id.empty());
  EXPECT_EQ(run.Str("submit", "status"), "CASE_STATUS_RECEIVED") << run.Describe();

  EXPECT_EQ(run.Str("get", "code"), "OK") << run.Describe();
  EXPECT_EQ(run.Str("get", "case_id"), case_id);
  EXPECT_EQ(run.Str("get", "submitted_by"), "polres-malaka") << "the agency is the certificate's";
  EXPECT_EQ(run.Str("get", "category"), "CATEGORY_TRAFFICKING");
  EXPECT_TRUE(run.Bool("result", "ok")) << run.Describe();

  // The C++ client, with the same certificate, reads the very case the Python client submitted.
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = Slurp(*dir_ + "/certs/ca.crt");
  ssl.pem_cert_chain = Slurp(Cert("polres-malaka"));
  ssl.pem_private_key = Slurp(Key("polres-malaka"));
  auto stub = v1::IntakeService::NewStub(
      grpc::CreateChannel(lintasd_->target(), grpc::SslCredentials(ssl)));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::GetCaseRequest get;
  get.set_case_id(case_id);
  v1::Case got;
  const grpc::Status s = stub->GetCase(&ctx, get, &got);
  ASSERT_TRUE(s.ok()) << s.error_code() << " " << s.error_message();
  EXPECT_EQ(got.subject().full_name(), "Maria Contoh Fiktif");
  EXPECT_EQ(got.submitted_by(), "polres-malaka");
}

TEST_F(PythonClientTest, WithoutAClientCertificateTheHandshakeFails) {
  const ClientRun run = RunClient("no-cert", "", "");
  ASSERT_TRUE(run.Bool("start", "ok")) << run.Describe();
  EXPECT_EQ(run.exit_code, 0) << run.Describe();
  EXPECT_EQ(run.Str("probe", "code"), "UNAVAILABLE") << run.Describe();
  EXPECT_TRUE(run.Bool("result", "ok")) << run.Describe();
}

TEST_F(PythonClientTest, ACertificateOfAnUnregisteredAgencyIsUnauthenticated) {
  const ClientRun run =
      RunClient("unregistered", *dir_ + "/polres-atlantis.crt", *dir_ + "/polres-atlantis.key");
  ASSERT_TRUE(run.Bool("start", "ok")) << run.Describe();
  EXPECT_EQ(run.exit_code, 0) << run.Describe();
  EXPECT_EQ(run.Str("probe", "code"), "UNAUTHENTICATED") << run.Describe();
  EXPECT_NE(run.Str("probe", "details").find("agency 'polres-atlantis' is not registered"),
            std::string::npos)
      << run.Describe();
  EXPECT_TRUE(run.Bool("result", "ok")) << run.Describe();
}

TEST_F(PythonClientTest, TheClientExitsNonZeroWhenAStepIsNotWhatItExpects) {
  // A registered agency's certificate gets through (NOT_FOUND), which "unregistered" does not
  // expect: the client must say so, or the assertions above would prove nothing.
  const ClientRun run = RunClient("unregistered", Cert("j-ruk"), Key("j-ruk"));
  ASSERT_TRUE(run.Bool("start", "ok")) << run.Describe();
  EXPECT_EQ(run.exit_code, 1) << run.Describe();
  EXPECT_EQ(run.Str("probe", "code"), "NOT_FOUND") << run.Describe();
  EXPECT_FALSE(run.Bool("result", "ok")) << run.Describe();
  EXPECT_EQ(run.List("result", "failures").size(), 1u) << run.Describe();
}

}  // namespace
}  // namespace lintas::testing
