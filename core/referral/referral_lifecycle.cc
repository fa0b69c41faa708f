#include "core/referral/referral_lifecycle.h"

#include <array>
#include <initializer_list>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/errors/field_violation.h"
#include "core/util/string_view.h"
#include "core/util/text.h"

namespace lintas::core {
namespace {

// ---------------------------------------------------------------------------------------------
// The transition table, the one place it is written down (the header shows it as a table).

using StatusSet = unsigned;

constexpr StatusSet Set(std::initializer_list<ReferralStatus> statuses) {
  StatusSet set = 0;
  for (const ReferralStatus s : statuses)
    set |= 1u << static_cast<int>(s);
  return set;
}

constexpr StatusSet kOpen =
    Set({ReferralStatus::kRequested, ReferralStatus::kReceived, ReferralStatus::kAccepted,
         ReferralStatus::kInProgress, ReferralStatus::kOnHold});

struct Transition {
  ReferralAction action;
  StatusSet from;
  ReferralStatus to;
};

constexpr std::array<Transition, 9> kTransitions{{
    {ReferralAction::kAcknowledge, Set({ReferralStatus::kRequested}), ReferralStatus::kReceived},
    {ReferralAction::kAccept, Set({ReferralStatus::kRequested, ReferralStatus::kReceived}),
     ReferralStatus::kAccepted},
    {ReferralAction::kReject, Set({ReferralStatus::kRequested, ReferralStatus::kReceived}),
     ReferralStatus::kRejected},
    {ReferralAction::kStart, Set({ReferralStatus::kAccepted}), ReferralStatus::kInProgress},
    {ReferralAction::kHold, Set({ReferralStatus::kInProgress}), ReferralStatus::kOnHold},
    {ReferralAction::kResume, Set({ReferralStatus::kOnHold}), ReferralStatus::kInProgress},
    {ReferralAction::kComplete, Set({ReferralStatus::kInProgress}), ReferralStatus::kCompleted},
    {ReferralAction::kFail, Set({ReferralStatus::kInProgress, ReferralStatus::kOnHold}),
     ReferralStatus::kFailed},
    {ReferralAction::kCancel, kOpen, ReferralStatus::kCancelled},
}};

const Transition* FindTransition(ReferralAction action) {
  for (const Transition& t : kTransitions) {
    if (t.action == action) return &t;
  }
  return nullptr;
}

bool Contains(StatusSet set, ReferralStatus s) {
  const int bit = static_cast<int>(s);
  // A value off the wire may lie outside the enum's range; shifting by it would be undefined.
  return bit >= 0 && bit < 32 && (set & (1u << bit)) != 0;
}

// ---------------------------------------------------------------------------------------------
// What each action carries.

enum class Needs { kNothing, kReason, kOutcome };

std::optional<Needs> NeedsOf(ReferralAction action) {
  switch (action) {
    case ReferralAction::kAcknowledge:
    case ReferralAction::kAccept:
    case ReferralAction::kStart:
    case ReferralAction::kResume:
      return Needs::kNothing;
    case ReferralAction::kReject:
    case ReferralAction::kHold:
    case ReferralAction::kFail:
    case ReferralAction::kCancel:
      return Needs::kReason;
    case ReferralAction::kComplete:
      return Needs::kOutcome;
    case ReferralAction::kUnspecified:
      break;
  }
  return std::nullopt;
}

absl::Status UnknownAction(ReferralAction action) {
  const std::string description = action == ReferralAction::kUnspecified
                                      ? std::string("The action is required.")
                                      : absl::StrCat("The value ", static_cast<int>(action),
                                                     " is not a known referral action.");
  return InvalidArgumentWithViolations(absl::StrCat("invalid referral action: ", description),
                                       {{"action", description}});
}

// ---------------------------------------------------------------------------------------------
// Free text: the same rules as a case's text fields (core/util/text.h).

// A reason or outcome may run over several lines (an officer's note); other control characters
// (C0, DEL, C1) would only corrupt logs and screens.
// The problem with a required text, or nullopt when it is fine.
std::optional<std::string> TextProblem(std::string_view trimmed, std::string_view what,
                                       ReferralAction action) {
  if (trimmed.empty()) {
    return absl::StrCat("A", what == "outcome" ? "n " : " ", AsAbsl(what), " is required to ",
                        AsAbsl(ReferralActionName(action)), " a referral.");
  }
  return FreeTextProblem(trimmed, kMaxReferralTextChars);
}

}  // namespace

absl::StatusOr<ReferralStatus> NextStatus(ReferralStatus current, ReferralAction action) {
  const Transition* t = FindTransition(action);
  if (t == nullptr) return UnknownAction(action);
  if (!Contains(t->from, current)) {
    return absl::FailedPreconditionError(
        absl::StrCat("referral is ", AsAbsl(ReferralStatusName(current)), "; cannot ",
                     AsAbsl(ReferralActionName(action))));
  }
  return t->to;
}

absl::Status ReferralNotFound(std::string_view case_id, std::string_view referral_id) {
  return absl::NotFoundError(
      absl::StrCat("referral ", AsAbsl(case_id), "/", AsAbsl(referral_id), " not found"));
}

absl::Status CheckActor(const Referral& r, ReferralAction action, const Agency& actor) {
  // An empty id must never match an empty field of a half-filled referral.
  if (actor.id.empty()) return ReferralNotFound(r.case_id, r.id);
  const bool is_target = r.target_agency == actor.id;
  const bool is_requester = r.requested_by == actor.id;
  const bool is_protection = actor.kind == AgencyKind::kProtectionAgency;

  if (action == ReferralAction::kCancel) {
    if (is_requester || is_protection) return absl::OkStatus();
    if (is_target) {
      return absl::PermissionDeniedError(
          "the target agency cannot cancel a referral it holds; it rejects it, or fails it once "
          "started, with a reason");
    }
    return ReferralNotFound(r.case_id, r.id);
  }
  if (is_target) return absl::OkStatus();
  if (is_requester || is_protection) {
    return absl::PermissionDeniedError(
        absl::StrCat("only the target agency may ", AsAbsl(ReferralActionName(action)),
                     " a referral; the referring side and BP3MI may only cancel it"));
  }
  return ReferralNotFound(r.case_id, r.id);
}

absl::Status CheckDetails(ReferralAction action, std::string_view reason,
                          std::string_view outcome) {
  const auto needs = NeedsOf(action);
  if (!needs) return UnknownAction(action);
  if (*needs == Needs::kNothing) return absl::OkStatus();

  const std::string_view field = *needs == Needs::kReason ? "reason" : "outcome";
  const std::string_view text = *needs == Needs::kReason ? reason : outcome;
  const auto problem = TextProblem(TrimAscii(text), field, action);
  if (!problem) return absl::OkStatus();
  return InvalidArgumentWithViolations(absl::StrCat("invalid ", AsAbsl(ReferralActionName(action)),
                                                    " request: ", AsAbsl(field), ": ", *problem),
                                       {{std::string(field), *problem}});
}

absl::StatusOr<Referral> ApplyAction(const Referral& r, ReferralAction action, const Agency& actor,
                                     std::string_view reason, std::string_view outcome,
                                     Timestamp now) {
  if (absl::Status s = CheckActor(r, action, actor); !s.ok()) return s;
  if (absl::Status s = CheckDetails(action, reason, outcome); !s.ok()) return s;
  const absl::StatusOr<ReferralStatus> next = NextStatus(r.status, action);
  if (!next.ok()) return next.status();

  Referral out = r;
  out.status = *next;
  out.updated_at = now;
  // CheckDetails succeeded, so NeedsOf knows the action.
  switch (*NeedsOf(action)) {
    case Needs::kReason:
      out.reason = std::string(TrimAscii(reason));
      break;
    case Needs::kOutcome:
      out.outcome = std::string(TrimAscii(outcome));
      break;
    case Needs::kNothing:
      break;
  }
  return out;
}

CaseStatus DeriveCaseStatus(CaseStatus current, const std::vector<Referral>& referrals) {
  // Triage or BP3MI decided these; referrals moving later must not undo that decision.
  if (current == CaseStatus::kRejected || current == CaseStatus::kDuplicate ||
      current == CaseStatus::kClosed) {
    return current;
  }
  bool any_known = false, working = false, waiting = false, dropped = false, completed = false;
  for (const Referral& r : referrals) {
    switch (r.status) {
      case ReferralStatus::kAccepted:
      case ReferralStatus::kInProgress:
      case ReferralStatus::kOnHold:
        working = true;
        break;
      case ReferralStatus::kRequested:
      case ReferralStatus::kReceived:
        waiting = true;
        break;
      case ReferralStatus::kRejected:
      case ReferralStatus::kFailed:
        dropped = true;
        break;
      case ReferralStatus::kCompleted:
        completed = true;
        break;
      case ReferralStatus::kCancelled:
        break;
      case ReferralStatus::kUnspecified:
      default:
        continue;  // not a state a referral can be in: ignore it rather than guess
    }
    any_known = true;
  }
  if (!any_known) return current;
  if (working) return CaseStatus::kInProgress;
  if (waiting) return CaseStatus::kReferred;
  if (dropped) return CaseStatus::kTriaged;
  if (completed) return CaseStatus::kResolved;
  return CaseStatus::kTriaged;  // every referral was cancelled: nobody is acting
}

void FinishCaseChange(CaseChange& change, Timestamp now) {
  Case& after = change.after;
  const CaseStatus derived = DeriveCaseStatus(after.status, after.referrals);
  if (derived != after.status) {
    change.events.emplace_back(CaseStatusChangedEvent{after.status, derived});
    after.status = derived;
  }
  after.updated_at = now;
  after.version = change.expected_version + static_cast<std::int64_t>(change.events.size());
}

}  // namespace lintas::core
