#include "core/referral/enforcement_commands.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/errors/field_violation.h"
#include "core/intake/case_intake.h"
#include "core/referral/referral_lifecycle.h"
#include "core/util/string_view.h"
#include "core/util/text.h"

namespace lintas::core {
namespace {

FieldViolations CheckInput(EnforcementActionKind kind, std::string_view number,
                           std::string_view note) {
  FieldViolations out;
  if (!IsKnown(kind)) {
    out.push_back({"kind", "Say which enforcement action was taken."});
  }
  if (number.empty()) {
    if (kind == EnforcementActionKind::kInvestigationOpened) {
      out.push_back({"police_report_number",
                     "The police report number (nomor Laporan Polisi) is required when an "
                     "investigation is opened."});
    }
  } else if (auto problem = FreeTextProblem(number, kMaxPoliceReportNumberChars)) {
    out.push_back({"police_report_number", *problem});
  } else if (number.find_first_of("\r\n\t") != std::string_view::npos) {
    out.push_back({"police_report_number", "The police report number is one line."});
  }
  if (note.empty()) {
    if (kind == EnforcementActionKind::kNoAction) {
      out.push_back({"note", "A note saying why no action is taken is required."});
    }
  } else if (auto problem = FreeTextProblem(note, kMaxReferralTextChars)) {
    out.push_back({"note", *problem});
  }
  return out;
}

bool TakesReports(ReferralStatus s) {
  return s == ReferralStatus::kAccepted || s == ReferralStatus::kInProgress ||
         s == ReferralStatus::kOnHold;
}

}  // namespace

absl::StatusOr<CaseChange> ReportEnforcementAction(const Case& c, std::string_view referral_id,
                                                   EnforcementActionKind kind,
                                                   std::string_view police_report_number,
                                                   std::string_view note, const Agency& actor,
                                                   Timestamp now) {
  const auto it = std::find_if(c.referrals.begin(), c.referrals.end(),
                               [&](const Referral& r) { return r.id == referral_id; });
  if (it == c.referrals.end() || actor.id.empty() || it->target_agency != actor.id ||
      !MayView(actor, c)) {
    return ReferralNotFound(c.id, referral_id);
  }
  if (it->purpose != ReferralPurpose::kEnforcement) {
    return absl::FailedPreconditionError(
        absl::StrCat("referral ", it->id, " is not an enforcement referral"));
  }
  const std::string_view number = TrimAscii(police_report_number);
  const std::string_view trimmed_note = TrimAscii(note);
  if (FieldViolations v = CheckInput(kind, number, trimmed_note); !v.empty()) {
    const std::string message =
        absl::StrCat("invalid enforcement action: ", v.front().field, ": ", v.front().description);
    return InvalidArgumentWithViolations(message, std::move(v));
  }
  if (!TakesReports(it->status)) {
    return absl::FailedPreconditionError(
        absl::StrCat("referral is ", AsAbsl(ReferralStatusName(it->status)),
                     "; enforcement actions are reported on an ACCEPTED, IN_PROGRESS or ON_HOLD "
                     "referral"));
  }

  EnforcementAction action;
  action.case_id = c.id;
  action.referral_id = it->id;
  action.kind = kind;
  action.police_report_number = std::string(number);
  if (action.police_report_number.empty()) {
    for (const EnforcementAction& earlier : c.enforcement_actions) {
      if (earlier.referral_id == it->id && !earlier.police_report_number.empty()) {
        action.police_report_number = earlier.police_report_number;
      }
    }
  }
  action.note = std::string(trimmed_note);
  action.actor = actor.id;
  action.reported_at = now;

  CaseChange change{c, c.version, {}};
  change.after.enforcement_actions.push_back(action);
  change.events.emplace_back(EnforcementActionReportedEvent{action});
  FinishCaseChange(change, now);
  return change;
}

}  // namespace lintas::core
