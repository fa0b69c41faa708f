#include "tools/lintasctl/commands_referral.h"

#include <algorithm>
#include <vector>

#include "CLI/App.hpp"
#include "CLI/Validators.hpp"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/lintasctl/case_output.h"
#include "tools/lintasctl/enum_names.h"
#include "tools/lintasctl/error_printer.h"
#include "tools/lintasctl/exit_codes.h"
#include "tools/lintasctl/referral_output.h"
#include "tools/lintasctl/terminal_text.h"

namespace lintas::ctl {
namespace {

using lintas::v1::Referral;
using lintas::v1::ReferralActionRequest;
using lintas::v1::ReferralService;

constexpr char kGlobalsFooter[] =
    "Global options (--server, --agency, --timeout, --output) may also follow the command; see "
    "lintasctl --help.";

// The server's largest page; --limit may ask for more, fetched over several pages.
constexpr int kServerMaxPageSize = 200;
constexpr int kMaxLimit = 10000;

int PrintCallError(const grpc::Status& status, const GlobalOptions& globals, std::ostream& err) {
  for (const std::string& line : DescribeError(status, globals.Connection()))
    err << line << "\n";
  return kExitCallFailed;
}

bool Blank(const std::string& s) {
  return absl::StripAsciiWhitespace(s).empty();
}

// One row per action: the names it is typed as, the RPC, and the text it needs.
enum class Needs { kNothing, kReason, kOutcome };
using ActionRpc = grpc::Status (ReferralService::StubInterface::*)(grpc::ClientContext*,
                                                                   const ReferralActionRequest&,
                                                                   Referral*);
struct ActionSpec {
  const char* name;
  const char* alias;  // or nullptr
  ActionRpc rpc;
  Needs needs;
};

const std::vector<ActionSpec>& Actions() {
  using S = ReferralService::StubInterface;
  static const auto* const kActions = new std::vector<ActionSpec>{
      {"acknowledge", "ack", &S::Acknowledge, Needs::kNothing},
      {"accept", nullptr, &S::Accept, Needs::kNothing},
      {"reject", nullptr, &S::Reject, Needs::kReason},
      {"start", nullptr, &S::Start, Needs::kNothing},
      {"hold", nullptr, &S::Hold, Needs::kReason},
      {"resume", nullptr, &S::Resume, Needs::kNothing},
      {"complete", nullptr, &S::Complete, Needs::kOutcome},
      {"fail", nullptr, &S::Fail, Needs::kReason},
      {"cancel", nullptr, &S::Cancel, Needs::kReason},
  };
  return *kActions;
}

const ActionSpec* FindAction(const std::string& name) {
  for (const ActionSpec& a : Actions()) {
    if (name == a.name || (a.alias != nullptr && name == a.alias)) return &a;
  }
  return nullptr;
}

std::vector<std::string> ActionNames() {
  std::vector<std::string> names;
  for (const ActionSpec& a : Actions()) {
    names.emplace_back(a.name);
    if (a.alias != nullptr) names.emplace_back(a.alias);
  }
  return names;
}

}  // namespace

// ---- referrals ------------------------------------------------------------------------------

ReferralsCommand::ReferralsCommand(CLI::App& app)
    : command_(app.add_subcommand("referrals", "List the referrals sent to your agency")) {
  command_
      ->add_option("--status", status_,
                   absl::StrCat("Only referrals in this status: ",
                                absl::StrJoin(
                                    ShortEnumNames(*lintas::v1::ReferralStatus_descriptor()), "|")))
      ->type_name("STATUS");
  command_->add_option("-n,--limit", limit_, "Print at most this many")
      ->type_name("N")
      ->check(CLI::Range(1, kMaxLimit).description(""))
      ->capture_default_str();
  command_
      ->add_option("--page-token", page_token_,
                   "Continue a listing where an earlier one stopped (its next_page_token)")
      ->type_name("TOKEN");
  command_->footer(absl::StrCat(
      "Only referrals whose target is your agency are listed. When there are more than --limit, "
      "the token to continue with is printed (on standard error for text output, as "
      "next_page_token in JSON).\n",
      kGlobalsFooter));
}

bool ReferralsCommand::parsed() const {
  return command_->parsed();
}

int ReferralsCommand::Run(const GlobalOptions& globals, ReferralService::StubInterface& stub,
                          std::ostream& out, std::ostream& err) const {
  lintas::v1::ListReferralsRequest request;
  if (!status_.empty()) {
    absl::StatusOr<int> status =
        ParseEnumName(*lintas::v1::ReferralStatus_descriptor(), status_, "--status");
    if (!status.ok()) {
      err << "error: " << status.status().message() << "\n";
      return kExitUsage;
    }
    request.set_status(static_cast<lintas::v1::ReferralStatus>(*status));
  }
  request.set_page_token(page_token_);

  lintas::v1::ListReferralsResponse all;
  for (;;) {
    // Never more than still wanted, so that the server's token continues right after the last
    // referral printed.
    request.set_page_size(std::min(limit_ - all.referrals_size(), kServerMaxPageSize));
    grpc::ClientContext context;
    PrepareContext(globals.Connection(), context);
    lintas::v1::ListReferralsResponse page;
    const grpc::Status status = stub.ListReferrals(&context, request, &page);
    if (!status.ok()) return PrintCallError(status, globals, err);
    for (Referral& r : *page.mutable_referrals())
      *all.add_referrals() = std::move(r);
    all.set_next_page_token(page.next_page_token());
    if (page.next_page_token().empty() || all.referrals_size() >= limit_) break;
    request.set_page_token(page.next_page_token());
  }

  if (globals.output == OutputFormat::kJson) {
    out << ToJson(all, true);
    return kExitOk;
  }
  out << FormatReferralTable({all.referrals().begin(), all.referrals().end()});
  if (!all.next_page_token().empty()) {
    err << "more referrals: continue with --page-token " << ForTerminal(all.next_page_token())
        << "\n";
  }
  return kExitOk;
}

// ---- referral ACTION ------------------------------------------------------------------------

ReferralActionCommand::ReferralActionCommand(CLI::App& app)
    : command_(app.add_subcommand("referral", "Act on a referral sent to your agency")) {
  command_
      ->add_option("ACTION", action_,
                   "ack|acknowledge, accept, reject, start, hold, resume, complete, fail, cancel")
      ->type_name("")
      ->required()
      ->transform(CLI::IsMember(ActionNames(), CLI::ignore_case).description(""));
  command_->add_option("CASE_ID", case_id_, "Case id, e.g. 01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07")
      ->type_name("")
      ->required();
  command_->add_option("REFERRAL_ID", referral_id_, "Referral id within the case, e.g. r1")
      ->type_name("")
      ->required();
  command_
      ->add_option("-r,--reason", reason_,
                   "Why: required to reject, hold, fail and cancel (stored encrypted)")
      ->type_name("TEXT");
  command_
      ->add_option("--outcome", outcome_,
                   "What was done: required to complete, e.g. a police report number")
      ->type_name("TEXT");
  command_->footer(absl::StrCat(
      "Lifecycle: requested -> (ack) received -> accepted | rejected; accepted -> (start) in "
      "progress <-> (hold / resume) on hold -> completed | failed; cancel (by the referring side "
      "or BP3MI) from any open state. Only the agency a referral was sent to acts on it; for "
      "anyone else it does not exist (NOT_FOUND).\n",
      kGlobalsFooter));
}

bool ReferralActionCommand::parsed() const {
  return command_->parsed();
}

int ReferralActionCommand::Run(const GlobalOptions& globals, ReferralService::StubInterface& stub,
                               std::ostream& out, std::ostream& err) const {
  const ActionSpec* action = FindAction(absl::AsciiStrToLower(action_));
  if (action == nullptr) {  // CLI11 checked it; kept for callers that did not parse
    err << "error: unknown action \"" << action_ << "\"\n";
    return kExitUsage;
  }
  // Checked here too so that a missing text is a usage error, before any call.
  if (action->needs == Needs::kReason && Blank(reason_)) {
    err << "error: " << action->name << " needs --reason TEXT (why; it is shown to the agencies "
        << "on the case)\n";
    return kExitUsage;
  }
  if (action->needs == Needs::kOutcome && Blank(outcome_)) {
    err << "error: complete needs --outcome TEXT (what was done, e.g. a police report number)\n";
    return kExitUsage;
  }

  ReferralActionRequest request;
  request.set_case_id(case_id_);
  request.set_referral_id(referral_id_);
  request.set_reason(reason_);
  request.set_outcome(outcome_);
  grpc::ClientContext context;
  PrepareContext(globals.Connection(), context);
  Referral response;
  const grpc::Status status = (stub.*(action->rpc))(&context, request, &response);
  if (!status.ok()) return PrintCallError(status, globals, err);
  out << (globals.output == OutputFormat::kJson ? ToJson(response, false)
                                                : FormatReferralText(response));
  return kExitOk;
}

// ---- enforce --------------------------------------------------------------------------------

EnforceCommand::EnforceCommand(CLI::App& app)
    : command_(app.add_subcommand(
          "enforce", "Police: report what was done on an enforcement referral you accepted")) {
  const auto& kinds = *lintas::v1::EnforcementActionKind_descriptor();
  command_->add_option("CASE_ID", case_id_, "Case id, e.g. 01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07")
      ->type_name("")
      ->required();
  command_->add_option("REFERRAL_ID", referral_id_, "The enforcement referral, e.g. r1")
      ->type_name("")
      ->required();
  command_->add_option("KIND", kind_, absl::StrJoin(ShortEnumNames(kinds), ", "))
      ->type_name("")
      ->required();
  command_
      ->add_option("--report-number", report_number_,
                   "Nomor Laporan Polisi: required for investigation-opened, kept afterwards")
      ->type_name("LP");
  command_->add_option("-n,--note", note_, "Free text (stored encrypted); required for no-action")
      ->type_name("TEXT");
  command_->footer(
      absl::StrCat("Example: lintasctl enforce 01JDQ...-07 r1 investigation-opened --report-number "
                   "\"LP/B/123/XI/2026/SPKT/POLDA NTT\"\n",
                   kGlobalsFooter));
}

bool EnforceCommand::parsed() const {
  return command_->parsed();
}

int EnforceCommand::Run(const GlobalOptions& globals, ReferralService::StubInterface& stub,
                        std::ostream& out, std::ostream& err) const {
  auto kind = ParseEnumName(*lintas::v1::EnforcementActionKind_descriptor(), kind_, "KIND");
  if (!kind.ok()) {
    err << "error: " << kind.status().message() << "\n";
    return kExitUsage;
  }
  lintas::v1::ReportEnforcementActionRequest request;
  request.set_case_id(case_id_);
  request.set_referral_id(referral_id_);
  request.set_kind(static_cast<lintas::v1::EnforcementActionKind>(*kind));
  request.set_police_report_number(report_number_);
  request.set_note(note_);
  grpc::ClientContext context;
  PrepareContext(globals.Connection(), context);
  lintas::v1::EnforcementAction response;
  const grpc::Status status = stub.ReportEnforcementAction(&context, request, &response);
  if (!status.ok()) return PrintCallError(status, globals, err);
  if (globals.output == OutputFormat::kJson) {
    out << ToJson(response, false);
  } else {
    out << "case " << ForTerminal(response.case_id()) << " referral "
        << ForTerminal(response.referral_id()) << ": "
        << ShortEnumName(*lintas::v1::EnforcementActionKind_descriptor(), response.kind())
        << (response.police_report_number().empty()
                ? std::string()
                : " (" + ForTerminal(response.police_report_number()) + ")")
        << " reported\n";
  }
  return kExitOk;
}

// ---- triage ---------------------------------------------------------------------------------

TriageCommand::TriageCommand(CLI::App& app)
    : command_(app.add_subcommand(
          "triage", "BP3MI: reject a case, mark it a duplicate of another, or close it")) {
  command_->add_option("DECISION", decision_, "reject, duplicate or close")
      ->type_name("")
      ->required()
      ->transform(
          CLI::IsMember({"reject", "duplicate", "close"}, CLI::ignore_case).description(""));
  command_->add_option("CASE_ID", case_id_, "Case id, e.g. 01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07")
      ->type_name("")
      ->required();
  command_->add_option("-r,--reason", reason_, "Why (required; stored encrypted)")
      ->type_name("TEXT")
      ->required();
  command_->add_option("--of", duplicate_of_, "duplicate: the case that continues")
      ->type_name("OTHER_CASE");
  command_->footer(absl::StrCat(
      "reject (spam, out of scope) and duplicate cancel the case's open referrals; close cancels "
      "nothing (agencies keep their referrals). A case already rejected, duplicate or closed "
      "cannot be decided again.\n",
      kGlobalsFooter));
}

bool TriageCommand::parsed() const {
  return command_->parsed();
}

int TriageCommand::Run(const GlobalOptions& globals, lintas::v1::TriageService::StubInterface& stub,
                       std::ostream& out, std::ostream& err) const {
  const std::string decision = absl::AsciiStrToLower(decision_);
  if (Blank(reason_)) {
    err << "error: --reason must not be blank\n";
    return kExitUsage;
  }
  if (decision == "duplicate" && duplicate_of_.empty()) {
    err << "error: triage duplicate needs --of OTHER_CASE (the case that continues)\n";
    return kExitUsage;
  }
  if (decision != "duplicate" && !duplicate_of_.empty()) {
    err << "error: --of only goes with triage duplicate\n";
    return kExitUsage;
  }

  grpc::ClientContext context;
  PrepareContext(globals.Connection(), context);
  lintas::v1::Case response;
  grpc::Status status;
  if (decision == "reject") {
    lintas::v1::RejectCaseRequest request;
    request.set_case_id(case_id_);
    request.set_reason(reason_);
    status = stub.RejectCase(&context, request, &response);
  } else if (decision == "duplicate") {
    lintas::v1::MarkDuplicateRequest request;
    request.set_case_id(case_id_);
    request.set_duplicate_of(duplicate_of_);
    request.set_reason(reason_);
    status = stub.MarkDuplicate(&context, request, &response);
  } else if (decision == "close") {
    lintas::v1::CloseCaseRequest request;
    request.set_case_id(case_id_);
    request.set_reason(reason_);
    status = stub.CloseCase(&context, request, &response);
  } else {
    err << "error: unknown decision \"" << decision_ << "\"\n";
    return kExitUsage;
  }
  if (!status.ok()) return PrintCallError(status, globals, err);
  out << (globals.output == OutputFormat::kJson ? ToJson(response, false)
                                                : FormatTriageText(response));
  return kExitOk;
}

}  // namespace lintas::ctl
