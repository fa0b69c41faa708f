#pragma once

#include <ostream>
#include <string>

#include "lintas/v1/referral_service.grpc.pb.h"
#include "tools/lintasctl/global_options.h"

namespace CLI {
class App;
}  // namespace CLI

namespace lintas::ctl {

// `lintasctl referrals [--status STATUS] [--limit N] [--page-token TOKEN]`: the referrals sent to
// your agency, following page tokens until --limit of them were printed.
class ReferralsCommand {
 public:
  // Registers the subcommand on `app`, which must outlive this object.
  explicit ReferralsCommand(CLI::App& app);
  ReferralsCommand(const ReferralsCommand&) = delete;
  ReferralsCommand& operator=(const ReferralsCommand&) = delete;

  bool parsed() const;
  int Run(const GlobalOptions& globals, lintas::v1::ReferralService::StubInterface& stub,
          std::ostream& out, std::ostream& err) const;

 private:
  CLI::App* command_;
  std::string status_;
  int limit_ = 50;
  std::string page_token_;
};

// `lintasctl referral ACTION CASE_ID REFERRAL_ID [--reason TEXT] [--outcome TEXT]`.
class ReferralActionCommand {
 public:
  explicit ReferralActionCommand(CLI::App& app);
  ReferralActionCommand(const ReferralActionCommand&) = delete;
  ReferralActionCommand& operator=(const ReferralActionCommand&) = delete;

  bool parsed() const;
  int Run(const GlobalOptions& globals, lintas::v1::ReferralService::StubInterface& stub,
          std::ostream& out, std::ostream& err) const;

 private:
  CLI::App* command_;
  std::string action_;
  std::string case_id_;
  std::string referral_id_;
  std::string reason_;
  std::string outcome_;
};

// `lintasctl enforce CASE_ID REFERRAL_ID KIND [--report-number LP] [--note TEXT]` (police).
class EnforceCommand {
 public:
  explicit EnforceCommand(CLI::App& app);
  EnforceCommand(const EnforceCommand&) = delete;
  EnforceCommand& operator=(const EnforceCommand&) = delete;

  bool parsed() const;
  int Run(const GlobalOptions& globals, lintas::v1::ReferralService::StubInterface& stub,
          std::ostream& out, std::ostream& err) const;

 private:
  CLI::App* command_;
  std::string kind_;
  std::string case_id_;
  std::string referral_id_;
  std::string report_number_;
  std::string note_;
};

// `lintasctl triage reject|duplicate|close CASE_ID --reason TEXT [--of OTHER_CASE]` (BP3MI).
class TriageCommand {
 public:
  explicit TriageCommand(CLI::App& app);
  TriageCommand(const TriageCommand&) = delete;
  TriageCommand& operator=(const TriageCommand&) = delete;

  bool parsed() const;
  int Run(const GlobalOptions& globals, lintas::v1::TriageService::StubInterface& stub,
          std::ostream& out, std::ostream& err) const;

 private:
  CLI::App* command_;
  std::string decision_;
  std::string case_id_;
  std::string reason_;
  std::string duplicate_of_;
};

}  // namespace lintas::ctl
