#include "core/referral/referral_commands.h"

#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/errors/field_violation.h"
#include "core/ids/ids.h"
#include "core/intake/case_intake.h"
#include "core/referral/referral_lifecycle.h"
#include "core/util/string_view.h"

namespace lintas::core {
namespace {

absl::Status CaseNotFound(std::string_view case_id) {
  return absl::NotFoundError(absl::StrCat("case ", AsAbsl(case_id), " not found"));
}

// The text an action stored on the referral, for its event; empty when the action carries none,
// so that an earlier reason is not repeated as if given again.
std::string_view StoredReason(ReferralAction action, const Referral& updated) {
  switch (action) {
    case ReferralAction::kReject:
    case ReferralAction::kHold:
    case ReferralAction::kFail:
    case ReferralAction::kCancel:
      return updated.reason;
    default:
      return {};
  }
}

std::string_view DecisionVerb(CaseTriagedEvent::Decision d) {
  switch (d) {
    case CaseTriagedEvent::Decision::kReject:
      return "reject";
    case CaseTriagedEvent::Decision::kDuplicate:
      return "mark duplicate";
    case CaseTriagedEvent::Decision::kClose:
      return "close";
  }
  return "triage";
}

bool IsDecided(CaseStatus s) {
  return s == CaseStatus::kRejected || s == CaseStatus::kDuplicate || s == CaseStatus::kClosed;
}

// The reason follows the same text rules as a referral's reason. Those live in CheckDetails;
// borrowing them through "cancel" (which needs a reason) keeps one definition of the rules, and
// only the wording of a blank reason and of the message is ours.
absl::Status CheckReason(std::string_view reason, CaseTriagedEvent::Decision d) {
  const std::string_view verb = DecisionVerb(d);
  if (absl::StripAsciiWhitespace(AsAbsl(reason)).empty()) {
    const std::string description =
        absl::StrCat("A reason is required to ", AsAbsl(verb), " a case.");
    return InvalidArgumentWithViolations(
        absl::StrCat("invalid ", AsAbsl(verb), " request: reason: ", description),
        {{"reason", description}});
  }
  const absl::Status s = CheckDetails(ReferralAction::kCancel, reason, "");
  if (s.ok()) return s;
  const FieldViolations violations = ViolationsOf(s);
  const std::string description =
      violations.empty() ? std::string(s.message()) : violations.front().description;
  return InvalidArgumentWithViolations(
      absl::StrCat("invalid ", AsAbsl(verb), " request: reason: ", description),
      {{"reason", description}});
}

absl::Status DuplicateOfViolation(std::string_view description) {
  return InvalidArgumentWithViolations(
      absl::StrCat("invalid mark duplicate request: duplicate_of: ", AsAbsl(description)),
      {{"duplicate_of", std::string(description)}});
}

// "RECEIVED", "IN_PROGRESS", ... as in lintas.v1.CaseStatus without its prefix.
std::string_view CaseStatusName(CaseStatus s) {
  switch (s) {
    case CaseStatus::kUnspecified:
      return "UNSPECIFIED";
    case CaseStatus::kReceived:
      return "RECEIVED";
    case CaseStatus::kTriaged:
      return "TRIAGED";
    case CaseStatus::kReferred:
      return "REFERRED";
    case CaseStatus::kInProgress:
      return "IN_PROGRESS";
    case CaseStatus::kResolved:
      return "RESOLVED";
    case CaseStatus::kClosed:
      return "CLOSED";
    case CaseStatus::kRejected:
      return "REJECTED";
    case CaseStatus::kDuplicate:
      return "DUPLICATE";
  }
  return "UNKNOWN";
}

}  // namespace

absl::StatusOr<CaseChange> ActOnReferral(const Case& c, std::string_view referral_id,
                                         ReferralAction action, const Agency& actor,
                                         std::string_view reason, std::string_view outcome,
                                         Timestamp now) {
  const auto it = std::find_if(c.referrals.begin(), c.referrals.end(),
                               [&](const Referral& r) { return r.id == referral_id; });
  if (it == c.referrals.end() || !MayView(actor, c)) return ReferralNotFound(c.id, referral_id);
  absl::StatusOr<Referral> updated = ApplyAction(*it, action, actor, reason, outcome, now);
  if (!updated.ok()) return updated.status();

  CaseChange change{c, c.version, {}};
  ReferralUpdatedEvent event;
  event.referral_id = updated->id;
  event.action = action;
  event.status = updated->status;
  event.actor = actor.id;
  event.reason = std::string(StoredReason(action, *updated));
  if (action == ReferralAction::kComplete) event.outcome = updated->outcome;
  change.events.push_back(std::move(event));
  change.after.referrals[static_cast<std::size_t>(it - c.referrals.begin())] = *std::move(updated);
  FinishCaseChange(change, now);
  return change;
}

absl::StatusOr<CaseChange> TriageCase(const Case& c, CaseTriagedEvent::Decision decision,
                                      std::string_view reason, std::string_view duplicate_of,
                                      const Agency& actor, Timestamp now) {
  if (!MayView(actor, c)) return CaseNotFound(c.id);  // an empty id included
  if (actor.kind != AgencyKind::kProtectionAgency) {
    return absl::PermissionDeniedError(
        "only BP3MI (a protection agency) may reject, merge or close a case");
  }
  if (absl::Status s = CheckReason(reason, decision); !s.ok()) return s;
  if (decision == CaseTriagedEvent::Decision::kDuplicate) {
    if (duplicate_of.empty()) {
      return DuplicateOfViolation("The id of the case this one duplicates is required.");
    }
    if (!PartitionOfCaseId(duplicate_of)) {
      return DuplicateOfViolation("This is not a case id.");
    }
    if (duplicate_of == c.id) {
      return DuplicateOfViolation("A case cannot be a duplicate of itself.");
    }
  }
  if (IsDecided(c.status)) {
    return absl::FailedPreconditionError(absl::StrCat("case is ", AsAbsl(CaseStatusName(c.status)),
                                                      "; cannot ", AsAbsl(DecisionVerb(decision))));
  }

  const std::string trimmed(absl::StripAsciiWhitespace(AsAbsl(reason)));
  CaseChange change{c, c.version, {}};
  Case& after = change.after;
  CaseTriagedEvent triaged;
  triaged.decision = decision;
  triaged.reason = trimmed;
  triaged.actor = actor.id;
  if (decision == CaseTriagedEvent::Decision::kDuplicate) {
    triaged.duplicate_of = std::string(duplicate_of);
  }
  change.events.push_back(triaged);
  after.triage_reason = trimmed;
  after.duplicate_of = triaged.duplicate_of;

  if (decision != CaseTriagedEvent::Decision::kClose) {
    // System text, not the officer's: it reaches every holder of a referral on the case.
    const std::string cancel_reason = decision == CaseTriagedEvent::Decision::kReject
                                          ? std::string("case rejected")
                                          : absl::StrCat("merged into ", AsAbsl(duplicate_of));
    for (Referral& r : after.referrals) {
      if (!IsOpen(r.status)) continue;
      // A protection agency may cancel any referral, and this one is open: cannot fail.
      absl::StatusOr<Referral> cancelled =
          ApplyAction(r, ReferralAction::kCancel, actor, cancel_reason, "", now);
      if (!cancelled.ok()) return cancelled.status();
      r = *std::move(cancelled);
      change.events.push_back(ReferralUpdatedEvent{r.id, ReferralAction::kCancel, r.status,
                                                   actor.id, cancel_reason, ""});
    }
  }

  const CaseStatus to = decision == CaseTriagedEvent::Decision::kReject ? CaseStatus::kRejected
                        : decision == CaseTriagedEvent::Decision::kDuplicate
                            ? CaseStatus::kDuplicate
                            : CaseStatus::kClosed;
  // The decided statuses are ones DeriveCaseStatus keeps, so Seal adds nothing after this.
  change.events.emplace_back(CaseStatusChangedEvent{after.status, to});
  after.status = to;
  FinishCaseChange(change, now);
  return change;
}

absl::Status CheckDuplicateTarget(std::string_view duplicate_of, const absl::StatusOr<Case>& target,
                                  const Agency& actor) {
  if (!target.ok() && target.status().code() != absl::StatusCode::kNotFound) {
    return target.status();
  }
  if (!target.ok() || !MayView(actor, *target)) {
    return DuplicateOfViolation(absl::StrCat("case ", AsAbsl(duplicate_of), " not found"));
  }
  if (target->status == CaseStatus::kRejected) {
    return DuplicateOfViolation(absl::StrCat("case ", AsAbsl(duplicate_of),
                                             " was rejected; there is nothing to merge into"));
  }
  if (target->status == CaseStatus::kDuplicate) {
    return DuplicateOfViolation(absl::StrCat("case ", AsAbsl(duplicate_of),
                                             " is itself a duplicate of ", target->duplicate_of,
                                             "; use that case instead"));
  }
  return absl::OkStatus();
}

}  // namespace lintas::core
