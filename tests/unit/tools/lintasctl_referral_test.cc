// lintasctl referrals / referral / triage against in-process fakes of ReferralService and
// TriageService (no network, no lintasd), and the error hints for state and race errors.
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "CLI/App.hpp"
#include "CLI/Config.hpp"
#include "CLI/Formatter.hpp"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "lintas/v1/referral_service.grpc.pb.h"
#include "tools/lintasctl/commands_referral.h"
#include "tools/lintasctl/error_printer.h"
#include "tools/lintasctl/exit_codes.h"
#include "tools/lintasctl/global_options.h"
#include "tools/lintasctl/referral_output.h"

namespace lintas::ctl {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kCase[] = "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07";

v1::Referral MakeReferral(const std::string& case_id, const std::string& id,
                          v1::ReferralStatus status) {
  v1::Referral r;
  r.set_case_id(case_id);
  r.set_id(id);
  r.set_purpose(v1::REFERRAL_PURPOSE_ENFORCEMENT);
  r.set_target_agency("polres-malaka");
  r.set_status(status);
  *r.mutable_requested_at() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1793754000);
  *r.mutable_ack_deadline() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1793840400);
  return r;
}

// Five referrals, served two per page at most, with the token being the next index.
class FakeReferrals final : public v1::ReferralService::Service {
 public:
  grpc::Status ListReferrals(grpc::ServerContext*, const v1::ListReferralsRequest* request,
                             v1::ListReferralsResponse* response) override {
    std::lock_guard lock(mu_);
    page_sizes_.push_back(request->page_size());
    int start = request->page_token().empty() ? 0 : std::stoi(request->page_token());
    const int size = std::min(request->page_size(), 2);
    for (int i = start; i < start + size && i < 5; ++i)
      *response->add_referrals() =
          MakeReferral(kCase, "r" + std::to_string(i + 1), v1::REFERRAL_STATUS_REQUESTED);
    if (start + size < 5) response->set_next_page_token(std::to_string(start + size));
    last_status_ = request->status();
    return grpc::Status::OK;
  }
  grpc::Status Accept(grpc::ServerContext*, const v1::ReferralActionRequest* request,
                      v1::Referral* response) override {
    std::lock_guard lock(mu_);
    last_action_ = "accept";
    if (request->referral_id() == "r2") {
      return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                          "referral is COMPLETED; cannot accept");
    }
    if (request->referral_id() == "r3") {
      return grpc::Status(grpc::StatusCode::ABORTED, "case is at version 7, not 6");
    }
    *response =
        MakeReferral(request->case_id(), request->referral_id(), v1::REFERRAL_STATUS_ACCEPTED);
    return grpc::Status::OK;
  }
  grpc::Status Acknowledge(grpc::ServerContext*, const v1::ReferralActionRequest* request,
                           v1::Referral* response) override {
    std::lock_guard lock(mu_);
    last_action_ = "acknowledge";
    *response =
        MakeReferral(request->case_id(), request->referral_id(), v1::REFERRAL_STATUS_RECEIVED);
    return grpc::Status::OK;
  }
  grpc::Status Reject(grpc::ServerContext*, const v1::ReferralActionRequest* request,
                      v1::Referral* response) override {
    std::lock_guard lock(mu_);
    last_action_ = "reject";
    *response =
        MakeReferral(request->case_id(), request->referral_id(), v1::REFERRAL_STATUS_REJECTED);
    response->set_reason(request->reason());
    return grpc::Status::OK;
  }
  grpc::Status Complete(grpc::ServerContext*, const v1::ReferralActionRequest* request,
                        v1::Referral* response) override {
    std::lock_guard lock(mu_);
    last_action_ = "complete";
    *response =
        MakeReferral(request->case_id(), request->referral_id(), v1::REFERRAL_STATUS_COMPLETED);
    response->set_outcome(request->outcome());
    return grpc::Status::OK;
  }

  std::vector<int> page_sizes() {
    std::lock_guard lock(mu_);
    return page_sizes_;
  }
  std::string last_action() {
    std::lock_guard lock(mu_);
    return last_action_;
  }
  v1::ReferralStatus last_status() {
    std::lock_guard lock(mu_);
    return last_status_;
  }

 private:
  std::mutex mu_;
  std::vector<int> page_sizes_;
  std::string last_action_;
  v1::ReferralStatus last_status_ = v1::REFERRAL_STATUS_UNSPECIFIED;
};

class FakeTriage final : public v1::TriageService::Service {
 public:
  grpc::Status RejectCase(grpc::ServerContext*, const v1::RejectCaseRequest* request,
                          v1::Case* response) override {
    return Answer(request->case_id(), v1::CASE_STATUS_REJECTED, request->reason(), "", response);
  }
  grpc::Status MarkDuplicate(grpc::ServerContext*, const v1::MarkDuplicateRequest* request,
                             v1::Case* response) override {
    return Answer(request->case_id(), v1::CASE_STATUS_DUPLICATE, request->reason(),
                  request->duplicate_of(), response);
  }
  grpc::Status CloseCase(grpc::ServerContext*, const v1::CloseCaseRequest* request,
                         v1::Case* response) override {
    return Answer(request->case_id(), v1::CASE_STATUS_CLOSED, request->reason(), "", response);
  }

 private:
  static grpc::Status Answer(const std::string& id, v1::CaseStatus status,
                             const std::string& reason, const std::string& duplicate_of,
                             v1::Case* response) {
    response->set_id(id);
    response->set_status(status);
    response->set_version(9);
    response->set_triage_reason(reason);
    response->set_duplicate_of(duplicate_of);
    auto* r = response->add_referrals();
    *r = MakeReferral(id, "r1", v1::REFERRAL_STATUS_CANCELLED);
    return grpc::Status::OK;
  }
};

class LintasctlReferralCommands : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.RegisterService(&referrals_);
    builder.RegisterService(&triage_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    auto channel = server_->InProcessChannel(grpc::ChannelArguments());
    referral_stub_ = v1::ReferralService::NewStub(channel);
    triage_stub_ = v1::TriageService::NewStub(channel);
  }
  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  int Run(std::vector<const char*> args) {
    CLI::App app;
    app.fallthrough();
    GlobalOptions globals;
    AddGlobalOptions(app, globals);
    ReferralsCommand list(app);
    ReferralActionCommand act(app);
    TriageCommand triage(app);
    args.insert(args.begin(), "lintasctl");
    try {
      app.parse(static_cast<int>(args.size()), args.data());
    } catch (const CLI::ParseError& e) {
      err_ << e.what();
      return kExitUsage;
    }
    if (list.parsed()) return list.Run(globals, *referral_stub_, out_, err_);
    if (act.parsed()) return act.Run(globals, *referral_stub_, out_, err_);
    return triage.Run(globals, *triage_stub_, out_, err_);
  }

  FakeReferrals referrals_;
  FakeTriage triage_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::ReferralService::Stub> referral_stub_;
  std::unique_ptr<v1::TriageService::Stub> triage_stub_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(LintasctlReferralCommands, ListFollowsPagesUpToTheLimitAndPrintsATable) {
  ASSERT_EQ(Run({"-a", "polres-malaka", "referrals", "--status", "requested", "--limit", "3"}),
            kExitOk)
      << err_.str();
  // Never asks for more than it still wants, so the token continues right after the last row.
  EXPECT_THAT(referrals_.page_sizes(), ElementsAre(3, 1));
  EXPECT_EQ(referrals_.last_status(), v1::REFERRAL_STATUS_REQUESTED);
  EXPECT_EQ(out_.str(),
            "CASE                           REFERRAL  PURPOSE      STATUS     REQUESTED        "
            "     ACK DUE\n"
            "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07  r1        enforcement  requested  "
            "2026-11-04T01:00:00Z  2026-11-05T01:00:00Z\n"
            "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07  r2        enforcement  requested  "
            "2026-11-04T01:00:00Z  2026-11-05T01:00:00Z\n"
            "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07  r3        enforcement  requested  "
            "2026-11-04T01:00:00Z  2026-11-05T01:00:00Z\n");
  EXPECT_EQ(err_.str(), "more referrals: continue with --page-token 3\n");
}

TEST_F(LintasctlReferralCommands, ListAsJsonCarriesTheNextToken) {
  ASSERT_EQ(Run({"-a", "polres-malaka", "-o", "json", "referrals"}), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("\"next_page_token\": \"\""));  // all five fit in 50
  EXPECT_THAT(out_.str(), HasSubstr("\"id\": \"r5\""));
  EXPECT_EQ(Run({"-a", "polres-malaka", "referrals", "--status", "lost"}), kExitUsage);
}

TEST_F(LintasctlReferralCommands, ActionsCallTheirRpc) {
  ASSERT_EQ(Run({"-a", "polres-malaka", "referral", "ack", kCase, "r1"}), kExitOk) << err_.str();
  EXPECT_EQ(referrals_.last_action(), "acknowledge");
  EXPECT_EQ(out_.str(), "referral 01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07/r1: received\n");

  out_.str("");
  ASSERT_EQ(Run({"-a", "polres-malaka", "referral", "Reject", kCase, "r1", "--reason",
                 "Di luar wilayah"}),
            kExitOk)
      << err_.str();
  EXPECT_EQ(out_.str(),
            "referral 01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07/r1: rejected\n  reason:  Di luar wilayah\n");

  out_.str("");
  ASSERT_EQ(Run({"-a", "polres-malaka", "referral", "complete", kCase, "r1", "--outcome",
                 "LP/B/12/XI/2026"}),
            kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("  outcome: LP/B/12/XI/2026\n"));
}

TEST_F(LintasctlReferralCommands, MissingTextIsAUsageErrorWithoutACall) {
  EXPECT_EQ(Run({"-a", "polres-malaka", "referral", "reject", kCase, "r1"}), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("reject needs --reason"));
  EXPECT_EQ(Run({"-a", "polres-malaka", "referral", "complete", kCase, "r1"}), kExitUsage);
  EXPECT_EQ(Run({"-a", "polres-malaka", "referral", "approve", kCase, "r1"}), kExitUsage);
  EXPECT_EQ(referrals_.last_action(), "");
}

TEST_F(LintasctlReferralCommands, StateAndRaceErrorsSayWhatToDo) {
  EXPECT_EQ(Run({"-a", "polres-malaka", "referral", "accept", kCase, "r2"}), kExitCallFailed);
  EXPECT_THAT(err_.str(),
              HasSubstr("error: FAILED_PRECONDITION: referral is COMPLETED; cannot accept\n"));
  EXPECT_THAT(err_.str(), HasSubstr("reload it"));
  err_.str("");
  EXPECT_EQ(Run({"-a", "polres-malaka", "referral", "accept", kCase, "r3"}), kExitCallFailed);
  EXPECT_THAT(err_.str(), HasSubstr("error: ABORTED: "));
  EXPECT_THAT(err_.str(), HasSubstr("reload it and retry"));
}

TEST_F(LintasctlReferralCommands, TriageDecisions) {
  ASSERT_EQ(Run({"-a", "bp3mi-ntt", "triage", "reject", kCase, "--reason", "spam"}), kExitOk)
      << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("case 01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07: rejected (version 9)\n"
                                    "  reason:       spam\nreferrals\n"));
  EXPECT_THAT(out_.str(), HasSubstr("cancelled"));

  out_.str("");
  ASSERT_EQ(Run({"-a", "bp3mi-ntt", "triage", "duplicate", kCase, "--of",
                 "01JDQ3K6Y8V1T8R2M4N5P6Q7R9-03", "--reason", "same victim"}),
            kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("  duplicate of: 01JDQ3K6Y8V1T8R2M4N5P6Q7R9-03\n"));

  EXPECT_EQ(Run({"-a", "bp3mi-ntt", "triage", "duplicate", kCase, "--reason", "x"}), kExitUsage);
  EXPECT_EQ(Run({"-a", "bp3mi-ntt", "triage", "close", kCase, "--of", kCase, "--reason", "x"}),
            kExitUsage);
  EXPECT_EQ(Run({"-a", "bp3mi-ntt", "triage", "close", kCase}), kExitUsage);  // no --reason
  EXPECT_EQ(Run({"-a", "bp3mi-ntt", "triage", "merge", kCase, "--reason", "x"}), kExitUsage);
}

TEST(LintasctlReferralOutput, EmptyListSaysSo) {
  EXPECT_EQ(FormatReferralTable({}), "no referrals\n");
}

}  // namespace
}  // namespace lintas::ctl
