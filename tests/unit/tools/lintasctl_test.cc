// lintasctl: error printing, flags -> Case, input files, keys, and the commands against an
// in-process fake IntakeService (no network, no lintasd).
#include <array>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "CLI/App.hpp"
#include "CLI/Config.hpp"
#include "CLI/Formatter.hpp"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "lintas/v1/intake.grpc.pb.h"
#include "tools/lintasctl/case_file.h"
#include "tools/lintasctl/case_flags.h"
#include "tools/lintasctl/case_output.h"
#include "tools/lintasctl/commands_case.h"
#include "tools/lintasctl/connection.h"
#include "tools/lintasctl/error_printer.h"
#include "tools/lintasctl/exit_codes.h"
#include "tools/lintasctl/global_options.h"
#include "tools/lintasctl/idempotency_key.h"

namespace lintas::ctl {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

ConnectionOptions TestConnection() {
  ConnectionOptions c;
  c.server = "10.0.0.9:7443";
  c.agency = "polres-malaka";
  c.timeout = std::chrono::seconds(3);
  return c;
}

// A status as lintasd sends it for bad input: google.rpc.Status with a packed BadRequest.
grpc::Status InvalidArgument(const std::string& message,
                             const std::vector<std::pair<std::string, std::string>>& violations) {
  google::rpc::BadRequest bad_request;
  for (const auto& [field, description] : violations) {
    auto* v = bad_request.add_field_violations();
    v->set_field(field);
    v->set_description(description);
  }
  google::rpc::Status details;
  details.set_code(static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  details.set_message(message);
  details.add_details()->PackFrom(bad_request);
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message, details.SerializeAsString());
}

// ---- error printer -------------------------------------------------------------------------

TEST(LintasctlErrorPrinter, PrintsEveryFieldViolationOnItsOwnLine) {
  const grpc::Status status =
      InvalidArgument("the case has 3 invalid fields",
                      {{"case.subject.nik", "must be 16 digits"},
                       {"case.region_code", "unknown region 53.99"},
                       {"case.reported_persons[0].phone", "not an Indonesian mobile number"}});
  EXPECT_THAT(DescribeError(status, TestConnection()),
              ElementsAre("error: INVALID_ARGUMENT: the case has 3 invalid fields",
                          "  case.subject.nik: must be 16 digits",
                          "  case.region_code: unknown region 53.99",
                          "  case.reported_persons[0].phone: not an Indonesian mobile number"));
}

TEST(LintasctlErrorPrinter, IgnoresDetailsThatAreNotBadRequest) {
  google::rpc::Status details;
  details.set_code(3);
  google::rpc::Status unrelated;  // any message type other than BadRequest
  unrelated.set_message("nested");
  details.add_details()->PackFrom(unrelated);
  const grpc::Status status(grpc::StatusCode::INVALID_ARGUMENT, "bad", details.SerializeAsString());
  EXPECT_THAT(DescribeError(status, TestConnection()), ElementsAre("error: INVALID_ARGUMENT: bad"));
}

TEST(LintasctlErrorPrinter, SurvivesDetailsThatDoNotParse) {
  const grpc::Status status(grpc::StatusCode::INVALID_ARGUMENT, "bad", "\xff\xff\xff not proto");
  EXPECT_THAT(DescribeError(status, TestConnection()), ElementsAre("error: INVALID_ARGUMENT: bad"));
}

TEST(LintasctlErrorPrinter, UnavailableNamesTheAddress) {
  const grpc::Status status(grpc::StatusCode::UNAVAILABLE, "failed to connect to all addresses");
  const std::vector<std::string> lines = DescribeError(status, TestConnection());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "error: UNAVAILABLE: failed to connect to all addresses");
  EXPECT_THAT(lines[1], HasSubstr("cannot be reached"));
  EXPECT_THAT(lines[1], HasSubstr("10.0.0.9:7443"));
}

TEST(LintasctlErrorPrinter, AStoreOutageIsNotCalledAnUnreachableServer) {
  const grpc::Status status(grpc::StatusCode::UNAVAILABLE,
                            "redis at 127.0.0.1:6390 unreachable: Connection refused");
  const std::vector<std::string> lines = DescribeError(status, TestConnection());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[1], HasSubstr("answered, but its store is unavailable"));
  EXPECT_THAT(lines[1], Not(HasSubstr("cannot be reached")));
}

TEST(LintasctlErrorPrinter, UnauthenticatedPointsAtAgency) {
  const grpc::Status status(grpc::StatusCode::UNAUTHENTICATED, "unknown agency");
  const std::vector<std::string> lines = DescribeError(status, TestConnection());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[1], HasSubstr("--agency"));
  EXPECT_THAT(lines[1], HasSubstr("polres-malaka"));
}

TEST(LintasctlErrorPrinter, ReplacesControlCharactersFromTheServer) {
  const grpc::Status status =
      InvalidArgument("bad\x1b[2J", {{"case.narrative", "line one\nline two\r"}});
  EXPECT_THAT(
      DescribeError(status, TestConnection()),
      ElementsAre("error: INVALID_ARGUMENT: bad [2J", "  case.narrative: line one line two "));
}

TEST(LintasctlErrorPrinter, NamesEveryStatusCode) {
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::NOT_FOUND), "NOT_FOUND");
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::UNAUTHENTICATED), "UNAUTHENTICATED");
  // A code gRPC may add later (17-31 fit grpc::StatusCode; beyond its range a cast is undefined,
  // which UBSan reported for the 42 this used).
  EXPECT_EQ(StatusCodeName(static_cast<grpc::StatusCode>(20)), "20");
}

// ---- flags -> Case --------------------------------------------------------------------------

lintas::v1::Category CategoryOf(const std::string& text) {
  CaseFlags flags;
  flags.category = text;
  absl::StatusOr<lintas::v1::Case> c = CaseFromFlags(flags);
  return c.ok() ? c->category() : lintas::v1::CATEGORY_UNSPECIFIED;
}

TEST(LintasctlCaseFlags, AcceptsShortFullAndLocalCategoryNames) {
  EXPECT_EQ(CategoryOf("trafficking"), lintas::v1::CATEGORY_TRAFFICKING);
  EXPECT_EQ(CategoryOf("illegal-recruitment"), lintas::v1::CATEGORY_ILLEGAL_RECRUITMENT);
  EXPECT_EQ(CategoryOf("non-procedural-departure"), lintas::v1::CATEGORY_NON_PROCEDURAL_DEPARTURE);
  EXPECT_EQ(CategoryOf("wage-or-contract-dispute"), lintas::v1::CATEGORY_WAGE_OR_CONTRACT_DISPUTE);
  EXPECT_EQ(CategoryOf("CATEGORY_DOCUMENT_FRAUD"), lintas::v1::CATEGORY_DOCUMENT_FRAUD);
  EXPECT_EQ(CategoryOf("Stranded_Or_Abused_Abroad"),
            lintas::v1::CATEGORY_STRANDED_OR_ABUSED_ABROAD);
  EXPECT_EQ(CategoryOf("tppo"), lintas::v1::CATEGORY_TRAFFICKING);
  EXPECT_EQ(CategoryOf("calo"), lintas::v1::CATEGORY_ILLEGAL_RECRUITMENT);
  EXPECT_EQ(CategoryOf("nonprosedural"), lintas::v1::CATEGORY_NON_PROCEDURAL_DEPARTURE);
}

TEST(LintasctlCaseFlags, RejectsUnknownAndUnspecifiedValues) {
  for (const char* bad : {"smuggling", "unspecified", "CATEGORY_UNSPECIFIED", "2", " "}) {
    CaseFlags flags;
    flags.category = bad;
    absl::StatusOr<lintas::v1::Case> c = CaseFromFlags(flags);
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(c.status().message()), HasSubstr("--category")) << bad;
  }
  CaseFlags severity;
  severity.severity = "urgent";
  EXPECT_THAT(std::string(CaseFromFlags(severity).status().message()),
              HasSubstr("low, medium, high, critical"));
  CaseFlags sex;
  sex.subject_sex = "x";
  EXPECT_FALSE(CaseFromFlags(sex).ok());
  CaseFlags mode;
  mode.reporter_mode = "secret";
  EXPECT_FALSE(CaseFromFlags(mode).ok());
  CaseFlags channel;
  channel.channel = "whatsapp";
  EXPECT_FALSE(CaseFromFlags(channel).ok());
}

TEST(LintasctlCaseFlags, ParsesReportedNameAndPhone) {
  absl::StatusOr<lintas::v1::ReportedPerson> p = ParseReportedPerson(" Om Bento : 0812-0000-2002 ");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->name(), "Om Bento");
  EXPECT_EQ(p->phone(), "0812-0000-2002");

  p = ParseReportedPerson("Mama Sponsor");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->name(), "Mama Sponsor");
  EXPECT_EQ(p->phone(), "");
}

TEST(LintasctlCaseFlags, RejectsMalformedReported) {
  for (const char* bad : {"", "  ", ":0812-0000-2002", "Om Bento:", "Om Bento:  ", "A:0812:calo"}) {
    absl::StatusOr<lintas::v1::ReportedPerson> p = ParseReportedPerson(bad);
    ASSERT_FALSE(p.ok()) << '"' << bad << '"';
    EXPECT_THAT(std::string(p.status().message()), HasSubstr("--reported"));
  }
}

// Parses a real command line, as main() does, into flags.
absl::StatusOr<lintas::v1::Case> CaseFromArgs(std::vector<const char*> args) {
  CLI::App app;
  CaseFlags flags;
  AddCaseFlags(app, flags);
  args.insert(args.begin(), "lintasctl");
  app.parse(static_cast<int>(args.size()), args.data());
  return CaseFromFlags(flags);
}

TEST(LintasctlCaseFlags, MapsACommandLineToACase) {
  absl::StatusOr<lintas::v1::Case> c = CaseFromArgs({"--category",
                                                     "trafficking",
                                                     "--severity",
                                                     "critical",
                                                     "--region",
                                                     "53.21.01.2006",
                                                     "--channel",
                                                     "hotline",
                                                     "--narrative",
                                                     "dibawa ke Malaysia",
                                                     "--subject-name",
                                                     "Maria Contoh Fiktif",
                                                     "--subject-nik",
                                                     "5321015403980003",
                                                     "--subject-phone",
                                                     "0812-0000-1001",
                                                     "--subject-sex",
                                                     "female",
                                                     "--home-region",
                                                     "53.21.01.2006",
                                                     "--destination-country",
                                                     "my",
                                                     "--needs-support",
                                                     "--reported",
                                                     "Bento Fiktif:0813-0000-2002",
                                                     "--reported",
                                                     "Markus Fiktif",
                                                     "--reporter-mode",
                                                     "confidential",
                                                     "--reporter-name",
                                                     "Yakobus Contoh",
                                                     "--reporter-phone",
                                                     "0852-0000-3003",
                                                     "--reporter-relation",
                                                     "family"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->category(), lintas::v1::CATEGORY_TRAFFICKING);
  EXPECT_EQ(c->severity(), lintas::v1::SEVERITY_CRITICAL);
  EXPECT_EQ(c->region_code(), "53.21.01.2006");
  EXPECT_EQ(c->channel(), lintas::v1::CHANNEL_HOTLINE);
  EXPECT_EQ(c->narrative(), "dibawa ke Malaysia");
  EXPECT_EQ(c->subject().full_name(), "Maria Contoh Fiktif");
  EXPECT_EQ(c->subject().nik(), "5321015403980003");
  EXPECT_EQ(c->subject().phone(), "0812-0000-1001");
  EXPECT_EQ(c->subject().sex(), lintas::v1::SEX_FEMALE);
  EXPECT_EQ(c->subject().home_region_code(), "53.21.01.2006");
  EXPECT_EQ(c->subject().destination_country(), "MY");
  EXPECT_TRUE(c->subject().needs_support());
  ASSERT_EQ(c->reported_persons_size(), 2);
  EXPECT_EQ(c->reported_persons(0).name(), "Bento Fiktif");
  EXPECT_EQ(c->reported_persons(0).phone(), "0813-0000-2002");
  EXPECT_EQ(c->reported_persons(1).name(), "Markus Fiktif");
  EXPECT_EQ(c->reported_persons(1).phone(), "");
  EXPECT_EQ(c->reporter().mode(), lintas::v1::REPORTER_MODE_CONFIDENTIAL);
  EXPECT_EQ(c->reporter().name(), "Yakobus Contoh");
  EXPECT_EQ(c->reporter().contact_phone(), "0852-0000-3003");
  EXPECT_EQ(c->reporter().relation(), "family");
}

TEST(LintasctlCaseFlags, LeavesOutSectionsThatWereNotGiven) {
  absl::StatusOr<lintas::v1::Case> c = CaseFromArgs({"--category", "other"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_FALSE(c->has_subject());
  EXPECT_FALSE(c->has_reporter());
  EXPECT_EQ(c->reported_persons_size(), 0);
}

TEST(LintasctlCaseFlags, NeverSendsAnIdentityForAnAnonymousReporter) {
  absl::StatusOr<lintas::v1::Case> c =
      CaseFromArgs({"--reporter-mode", "anonymous", "--reporter-name", "Yakobus"});
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("anonymous"));

  c = CaseFromArgs({"--reporter-phone", "0852-0000-3003"});
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("--reporter-mode"));

  c = CaseFromArgs({"--reporter-mode", "anonymous", "--reporter-relation", "neighbour"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->reporter().mode(), lintas::v1::REPORTER_MODE_ANONYMOUS);
  EXPECT_EQ(c->reporter().name(), "");
}

// ---- input files, keys, output --------------------------------------------------------------

TEST(LintasctlCaseFile, ExampleFilesParse) {
  for (const char* name : {"trafficking-case.json", "non-procedural-case.json"}) {
    absl::StatusOr<lintas::v1::Case> c =
        ReadCaseFile(std::string(LINTAS_SOURCE_DIR) + "/deploy/examples/" + name);
    ASSERT_TRUE(c.ok()) << name << ": " << c.status();
    EXPECT_NE(c->category(), lintas::v1::CATEGORY_UNSPECIFIED) << name;
    EXPECT_EQ(c->subject().nik().size(), 16u) << name;
  }
}

TEST(LintasctlCaseFile, RejectsUnknownFieldsAndBadEnumNames) {
  absl::StatusOr<lintas::v1::Case> c = ParseCaseJson(R"({"subjct": {}})", "x.json");
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("x.json"));
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("subjct"));

  c = ParseCaseJson(R"({"category": "CATEGORY_TRAFFIKING"})", "x.json");
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("CATEGORY_TRAFFIKING"));
}

TEST(LintasctlCaseFile, SyntaxErrorsGiveLineAndColumn) {
  absl::StatusOr<lintas::v1::Case> c = ParseCaseJson(
      "{\n  \"category\": \"CATEGORY_TRAFFICKING\",\n  \"region_code\": \"53\"\n  \"severity\": "
      "1\n}",
      "x.json");
  ASSERT_FALSE(c.ok());
  const std::string message(c.status().message());
  EXPECT_THAT(message, HasSubstr("x.json"));
  EXPECT_THAT(message, HasSubstr("line 4, column 3"));
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST(LintasctlIdempotencyKey, FormatsVersion4Uuids) {
  std::array<std::uint8_t, 16> zeros{};
  EXPECT_EQ(FormatUuidV4(zeros), "00000000-0000-4000-8000-000000000000");
  std::array<std::uint8_t, 16> ones;
  ones.fill(0xff);
  EXPECT_EQ(FormatUuidV4(ones), "ffffffff-ffff-4fff-bfff-ffffffffffff");
}

TEST(LintasctlIdempotencyKey, NewKeysAreValidAndDiffer) {
  absl::StatusOr<std::string> a = NewIdempotencyKey();
  absl::StatusOr<std::string> b = NewIdempotencyKey();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(IsValidIdempotencyKey(*a));
  EXPECT_NE(*a, *b);
  EXPECT_EQ((*a)[14], '4');
  EXPECT_FALSE(NewIdempotencyKey("/nonexistent/urandom").ok());
}

TEST(LintasctlIdempotencyKey, FollowsTheServerRule) {
  EXPECT_TRUE(IsValidIdempotencyKey("abcd1234"));
  EXPECT_TRUE(IsValidIdempotencyKey("bp3mi:2025.06_01-x"));
  EXPECT_FALSE(IsValidIdempotencyKey("short"));
  EXPECT_FALSE(IsValidIdempotencyKey("has space in it"));
  EXPECT_FALSE(IsValidIdempotencyKey(std::string(129, 'a')));
}

TEST(LintasctlCaseOutput, SubmitTextSaysWhetherItWasAReplay) {
  lintas::v1::SubmitCaseResponse r;
  r.set_case_id("01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07");
  r.set_status(lintas::v1::CASE_STATUS_RECEIVED);
  r.set_version(1);
  EXPECT_EQ(FormatSubmitText(r), "case 01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07 received (version 1)\n");
  r.set_replayed(true);
  EXPECT_THAT(FormatSubmitText(r), HasSubstr("\nreplayed: "));
}

TEST(LintasctlCaseOutput, JsonKeepsProtoFieldNames) {
  lintas::v1::Case c;
  c.set_region_code("53.21.01.2006");
  c.set_category(lintas::v1::CATEGORY_TRAFFICKING);
  const std::string json = ToJson(c, false);
  EXPECT_THAT(json, HasSubstr("\"region_code\": \"53.21.01.2006\""));
  EXPECT_THAT(json, HasSubstr("\"category\": \"CATEGORY_TRAFFICKING\""));
  EXPECT_TRUE(ParseCaseJson(json, "round trip").ok());
}

TEST(LintasctlCaseOutput, CaseTextWrapsTheNarrativeAndDropsEscapes) {
  lintas::v1::Case c;
  c.set_id("01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07");
  c.set_status(lintas::v1::CASE_STATUS_IN_PROGRESS);
  c.set_version(4);
  c.add_reported_persons()->set_name("Bento\x1b]0;pwned\x07 Fiktif");
  std::string narrative;
  for (int i = 0; i < 40; ++i)
    narrative += "kata ";
  narrative += "\nbaris baru";
  c.set_narrative(narrative);
  const std::string text = FormatCaseText(c);
  EXPECT_THAT(text, HasSubstr("in progress (version 4)"));
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.find('\x07'), std::string::npos);
  EXPECT_FALSE(c.has_subject());
  EXPECT_EQ(text.find("subject"), std::string::npos);  // absent sections are left out
  const size_t start = text.find("narrative\n");
  ASSERT_NE(start, std::string::npos);
  for (absl::string_view line :
       absl::StrSplit(absl::string_view(text).substr(start + 10), '\n', absl::SkipEmpty())) {
    EXPECT_LE(line.size(), 98u);
    EXPECT_TRUE(absl::StartsWith(line, "  ")) << line;
  }
  EXPECT_THAT(text, HasSubstr("\n  baris baru\n"));
}

TEST(LintasctlCaseOutput, CaseTextListsReferralsAndLikelyDuplicates) {
  lintas::v1::Case c;
  c.set_id("01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07");
  auto* r = c.add_referrals();
  r->set_id("r1");
  r->set_case_id(c.id());
  r->set_target_agency("polres-malaka");
  r->set_purpose(lintas::v1::REFERRAL_PURPOSE_ENFORCEMENT);
  r->set_status(lintas::v1::REFERRAL_STATUS_ACCEPTED);
  c.add_suspected_duplicates("01JDQ3K6Y8V1T8R2M4N5P6Q7R9-03");
  const std::string text = FormatCaseText(c);
  EXPECT_THAT(text, HasSubstr("referrals (1)"));
  EXPECT_THAT(text, HasSubstr("polres-malaka"));
  EXPECT_THAT(text, HasSubstr("enforcement"));
  EXPECT_THAT(text, HasSubstr("likely duplicate of"));
  EXPECT_THAT(text, HasSubstr("01JDQ3K6Y8V1T8R2M4N5P6Q7R9-03"));
}

// ---- commands against an in-process server ------------------------------------------------

class FakeIntake final : public lintas::v1::IntakeService::Service {
 public:
  grpc::Status SubmitCase(grpc::ServerContext* context,
                          const lintas::v1::SubmitCaseRequest* request,
                          lintas::v1::SubmitCaseResponse* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    Record(*context);
    last_submit_ = *request;
    if (request->case_().region_code() == "bad") {
      return InvalidArgument("1 invalid field", {{"case.region_code", "unknown region"}});
    }
    response->set_case_id("01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07");
    response->set_status(lintas::v1::CASE_STATUS_RECEIVED);
    response->set_version(1);
    return grpc::Status::OK;
  }

  grpc::Status GetCase(grpc::ServerContext* context, const lintas::v1::GetCaseRequest* request,
                       lintas::v1::Case* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    Record(*context);
    if (request->case_id() != "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07") {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "case not found");
    }
    response->set_id(request->case_id());
    response->set_category(lintas::v1::CATEGORY_TRAFFICKING);
    response->set_status(lintas::v1::CASE_STATUS_RECEIVED);
    response->set_version(1);
    response->set_region_code("53.21.01.2006");
    response->mutable_subject()->set_destination_country("MY");
    return grpc::Status::OK;
  }

  std::string agency() {
    std::lock_guard<std::mutex> lock(mu_);
    return agency_;
  }
  lintas::v1::SubmitCaseRequest last_submit() {
    std::lock_guard<std::mutex> lock(mu_);
    return last_submit_;
  }

 private:
  void Record(const grpc::ServerContext& context) {
    auto it = context.client_metadata().find(kAgencyMetadataKey);
    agency_ = it == context.client_metadata().end()
                  ? ""
                  : std::string(it->second.data(), it->second.size());
  }

  std::mutex mu_;
  std::string agency_;
  lintas::v1::SubmitCaseRequest last_submit_;
};

class LintasctlCommands : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = lintas::v1::IntakeService::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
  }
  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  // Parses `args` like main() and runs the command that was chosen.
  int Run(std::vector<const char*> args) {
    CLI::App app;
    app.fallthrough();
    GlobalOptions globals;
    AddGlobalOptions(app, globals);
    SubmitCommand submit(app);
    GetCommand get(app);
    args.insert(args.begin(), "lintasctl");
    try {
      app.parse(static_cast<int>(args.size()), args.data());
    } catch (const CLI::ParseError& e) {
      err_ << e.what();
      return kExitUsage;
    }
    if (submit.parsed()) return submit.Run(globals, *stub_, out_, err_);
    return get.Run(globals, *stub_, out_, err_);
  }

  FakeIntake service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<lintas::v1::IntakeService::Stub> stub_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(LintasctlCommands, SubmitSendsAgencyAndGeneratedKey) {
  EXPECT_EQ(Run({"--agency", "bp3mi-ntt", "submit", "--category", "tppo"}), kExitOk) << err_.str();
  EXPECT_EQ(out_.str(), "case 01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07 received (version 1)\n");
  EXPECT_EQ(service_.agency(), "bp3mi-ntt");
  const std::string key = service_.last_submit().idempotency_key();
  EXPECT_EQ(key.size(), 36u);
  // The generated key is shown, so the user can retry with it.
  EXPECT_THAT(err_.str(), HasSubstr("--idempotency-key " + key));
  EXPECT_EQ(service_.last_submit().case_().category(), lintas::v1::CATEGORY_TRAFFICKING);
}

TEST_F(LintasctlCommands, SubmitUsesTheGivenKeyAndPrintsJson) {
  EXPECT_EQ(Run({"submit", "--agency", "bp3mi-ntt", "-o", "json", "-k", "retry-key-0001", "-f",
                 LINTAS_SOURCE_DIR "/deploy/examples/non-procedural-case.json"}),
            kExitOk)
      << err_.str();
  EXPECT_EQ(service_.last_submit().idempotency_key(), "retry-key-0001");
  EXPECT_EQ(service_.last_submit().case_().region_code(), "53.02.01.2012");
  EXPECT_THAT(out_.str(), HasSubstr("\"case_id\": \"01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07\""));
  EXPECT_THAT(out_.str(), HasSubstr("\"replayed\": false"));
  EXPECT_EQ(err_.str(), "");
}

TEST_F(LintasctlCommands, SubmitPrintsViolationsAndFails) {
  EXPECT_EQ(Run({"-a", "bp3mi-ntt", "submit", "--category", "other", "--region", "bad", "-k",
                 "retry-key-0002"}),
            kExitCallFailed);
  EXPECT_EQ(err_.str(),
            "error: INVALID_ARGUMENT: 1 invalid field\n  case.region_code: unknown region\n");
  EXPECT_EQ(out_.str(), "");
}

TEST_F(LintasctlCommands, SubmitUsageErrorsExitTwoWithoutACall) {
  EXPECT_EQ(Run({"-a", "bp3mi-ntt", "submit"}), kExitUsage);
  EXPECT_EQ(Run({"-a", "bp3mi-ntt", "submit", "--category", "smuggling"}), kExitUsage);
  EXPECT_EQ(Run({"-a", "bp3mi-ntt", "submit", "-f", "x.json", "--category", "other"}), kExitUsage);
  EXPECT_EQ(Run({"-a", "bp3mi-ntt", "submit", "-f", "/nonexistent/case.json"}), kExitUsage);
  EXPECT_EQ(Run({"-a", "bp3mi-ntt", "submit", "-k", "bad key", "--category", "other"}), kExitUsage);
  EXPECT_EQ(service_.agency(), "");  // never called
}

TEST_F(LintasctlCommands, GetPrintsTextOrJson) {
  EXPECT_EQ(Run({"-a", "bp3mi-ntt", "get", "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("case 01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07\n"));
  EXPECT_THAT(out_.str(), HasSubstr("category:"));
  EXPECT_THAT(out_.str(), HasSubstr("trafficking"));
  EXPECT_THAT(out_.str(), HasSubstr("received (version 1)"));

  out_.str("");
  EXPECT_EQ(Run({"-a", "bp3mi-ntt", "--output", "JSON", "get", "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07"}),
            kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("\"region_code\": \"53.21.01.2006\""));
  EXPECT_THAT(out_.str(), HasSubstr("\"destination_country\": \"MY\""));
}

TEST_F(LintasctlCommands, GetNotFoundFails) {
  EXPECT_EQ(Run({"-a", "polres-malaka", "get", "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-99"}), kExitCallFailed);
  EXPECT_THAT(err_.str(), HasSubstr("error: NOT_FOUND: case not found\n"));
  EXPECT_THAT(err_.str(), HasSubstr("polres-malaka"));
}

TEST(LintasctlConnection, RequiresAWellFormedAgency) {
  ConnectionOptions c;
  EXPECT_FALSE(ValidateConnectionOptions(c).ok());
  c.agency = "BP3MI NTT";
  EXPECT_FALSE(ValidateConnectionOptions(c).ok());
  c.agency = "bp3mi-ntt";
  EXPECT_TRUE(ValidateConnectionOptions(c).ok());
}

TEST(LintasctlConnection, CertsDirPicksTheAgencysFilesAndExplicitFlagsWin) {
  GlobalOptions g;
  g.certs_dir = "var/certs";
  g.agency = "polres-malaka";
  ConnectionOptions c = g.Connection();
  EXPECT_TRUE(c.UsesTls());
  EXPECT_EQ(c.ca_file, "var/certs/ca.crt");
  EXPECT_EQ(c.cert_file, "var/certs/agencies/polres-malaka.crt");
  EXPECT_EQ(c.key_file, "var/certs/agencies/polres-malaka.key");
  g.cert_file = "mine.crt";
  EXPECT_EQ(g.Connection().cert_file, "mine.crt");
  GlobalOptions dev;
  dev.agency = "bp3mi-ntt";
  EXPECT_FALSE(dev.Connection().UsesTls());
}

TEST(LintasctlConnection, MutualTlsNeedsAllThreeReadableFiles) {
  char tmpl[] = "/tmp/lintasctl-tls-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  for (const char* f : {"/ca.crt", "/a.crt", "/a.key"})
    std::ofstream(dir + f) << "-----BEGIN CERTIFICATE-----\n";
  ConnectionOptions c;
  c.ca_file = dir + "/ca.crt";
  c.cert_file = dir + "/a.crt";
  EXPECT_THAT(std::string(ValidateConnectionOptions(c).message()), HasSubstr("--key is missing"));
  c.key_file = dir + "/missing.key";
  EXPECT_THAT(std::string(ValidateConnectionOptions(c).message()), HasSubstr("cannot be read"));
  c.key_file = dir + "/a.key";
  EXPECT_TRUE(ValidateConnectionOptions(c).ok()) << "no --agency needed: the certificate names it";
  std::filesystem::remove_all(dir);
}

TEST(LintasctlConnection, RejectsServerAddressTypos) {
  ConnectionOptions c;
  c.agency = "bp3mi-ntt";
  for (const char* good :
       {"127.0.0.1:7443", "[::1]:7443", "lintas.example:443", "unix:/run/l.sock"}) {
    c.server = good;
    EXPECT_TRUE(ValidateConnectionOptions(c).ok()) << good;
  }
  for (const char* bad : {"", "localhost:99999", "127.0.0.1:0", "lintas host:7443"}) {
    c.server = bad;
    EXPECT_FALSE(ValidateConnectionOptions(c).ok()) << bad;
  }
}

}  // namespace
}  // namespace lintas::ctl
