#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/domain/agency.h"
#include "core/domain/case.h"
#include "core/domain/referral.h"
#include "core/events/case_events.h"

namespace lintas::core {

// The referral lifecycle (FHIR Task, DESIGN §3) and how a case's status follows its referrals.
// Pure functions: the caller loads the referral, applies an action here and appends the result
// as an event under optimistic concurrency on the case version.

// Longest reason or outcome, in UTF-8 code points.
inline constexpr std::size_t kMaxReferralTextChars = 1000;

// The transition table:
//
//   action       from                                              to
//   acknowledge  REQUESTED                                         RECEIVED
//   accept       REQUESTED, RECEIVED                               ACCEPTED
//   reject       REQUESTED, RECEIVED                               REJECTED
//   start        ACCEPTED                                          IN_PROGRESS
//   hold         IN_PROGRESS                                       ON_HOLD
//   resume       ON_HOLD                                           IN_PROGRESS
//   complete     IN_PROGRESS                                       COMPLETED
//   fail         IN_PROGRESS, ON_HOLD                              FAILED
//   cancel       REQUESTED, RECEIVED, ACCEPTED, IN_PROGRESS, ON_HOLD   CANCELLED
//
// Any other pair is FAILED_PRECONDITION naming the current state and the action:
// "referral is COMPLETED; cannot accept". An unspecified or unknown action is INVALID_ARGUMENT
// (field "action"): that is a bad request, not a referral in the wrong state.
absl::StatusOr<ReferralStatus> NextStatus(ReferralStatus current, ReferralAction action);

// The status every caller without standing gets, worded the same as for a referral that does
// not exist, so that nobody can probe for cases or referrals: "referral <case>/<id> not found".
// Use it for a referral that is really missing too.
absl::Status ReferralNotFound(std::string_view case_id, std::string_view referral_id);

// Who may do what:
//   - the target agency: every action but cancel (it rejects, it does not cancel);
//   - the referring side (r.requested_by == actor.id) and any protection agency (BP3MI): cancel.
//     A rule's referral is requested by "routing", so only BP3MI can cancel it.
// A party with standing on the referral (target, requester, protection agency) that asks for an
// action its role does not allow gets PERMISSION_DENIED saying why: it already knows the
// referral exists, and NOT_FOUND would only mislead it. Everyone else gets ReferralNotFound().
// Whether the actor may see the case at all is the access policy's question, not this one's.
absl::Status CheckActor(const Referral& r, ReferralAction action, const Agency& actor);

// The free text an action carries. reject, hold, fail and cancel need a non-blank `reason`;
// complete needs a non-blank `outcome`. A required text must be well-formed UTF-8, hold no
// control character but line breaks and tabs, and be at most kMaxReferralTextChars code points
// once surrounding white space is trimmed. Text an action does not use is ignored (not stored,
// not checked). An unspecified or unknown action is a violation of "action". Errors are
// INVALID_ARGUMENT from InvalidArgumentWithViolations with field paths "reason", "outcome",
// "action" (the ReferralService request fields).
absl::Status CheckDetails(ReferralAction action, std::string_view reason, std::string_view outcome);

// Runs CheckActor, CheckDetails and NextStatus in that order, so that a caller without standing
// learns nothing (not even that its input was bad or the state wrong), and a bad request is
// reported before the state it would meet. Returns the referral with its new status and
// updated_at = now; reject, hold, fail and cancel set `reason`, complete sets `outcome` (both
// trimmed). Other fields, the earlier reason included, are kept as they were.
absl::StatusOr<Referral> ApplyAction(const Referral& r, ReferralAction action, const Agency& actor,
                                     std::string_view reason, std::string_view outcome,
                                     Timestamp now);

// A case's status as its referrals make it (DESIGN §3: derived from events, never set by hand).
// First match wins:
//
//   current status is REJECTED, DUPLICATE or CLOSED         -> current (triage or BP3MI decided)
//   no referrals at all                                      -> current (RECEIVED or TRIAGED)
//   any referral ACCEPTED, IN_PROGRESS or ON_HOLD            -> IN_PROGRESS (an agency is working)
//   any referral REQUESTED or RECEIVED                       -> REFERRED (waiting for an agency)
//   none left open; any REJECTED or FAILED                   -> TRIAGED (BP3MI must route again)
//   none left open; at least one COMPLETED                   -> RESOLVED
//   none left open; all CANCELLED                            -> TRIAGED (nobody is acting)
//
// Why REJECTED and FAILED outrank COMPLETED (the simpler rule "any completed -> RESOLVED"
// would not): a case often has several referrals for different needs, e.g. enforcement to the
// Polres and victim support to an NGO. If the NGO completes and the Polres rejects, the case
// must not read RESOLVED: the enforcement need was dropped, which is exactly how brokers keep
// operating (seed). TRIAGED puts it back in front of BP3MI, who re-refers it or closes it with a
// reason. A CANCELLED referral was withdrawn on purpose by the referring side or BP3MI, so it
// asks nothing of anyone and does not count against RESOLVED.
// RESOLVED is not terminal here: a new referral on a resolved case moves it back to REFERRED.
// Referrals with an unspecified or unknown status are ignored.
CaseStatus DeriveCaseStatus(CaseStatus current, const std::vector<Referral>& referrals);

// Ends a change to a case: appends CaseStatusChanged when the referrals moved the derived status,
// stamps `now`, and sets after.version to expected_version plus the number of events.
void FinishCaseChange(CaseChange& change, Timestamp now);

}  // namespace lintas::core
