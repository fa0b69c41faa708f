#pragma once

#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/domain/agency.h"
#include "core/domain/case.h"
#include "core/domain/referral.h"
#include "core/events/case_events.h"

namespace lintas::core {

// The commands agencies give on a case that already exists: acting on a referral, and BP3MI's
// triage of the whole case. Pure: the caller loads the case, computes the change here and
// appends it with CaseStore::Apply, whose expected-version check makes the change atomic (a
// concurrent change turns it into ABORTED; nothing is retried here).
//
// Every change has expected_version = c.version and after.version = c.version + its events.

// `actor` does `action` to referral `referral_id` of `c` (referral_lifecycle.h: ApplyAction).
// Events: ReferralUpdated, then CaseStatusChanged when the referrals move the case's status
// (DeriveCaseStatus). Errors, in the order they are checked, so that a caller without standing
// learns nothing else:
//   - the actor may not see the case (MayView), or the referral does not exist: NOT_FOUND worded
//     as for any referral the caller may not see (ReferralNotFound);
//   - CheckActor, CheckDetails, NextStatus as ApplyAction reports them.
// A REJECTED or DUPLICATE case has no open referrals left (triage cancelled them), so every
// action on it is FAILED_PRECONDITION. A CLOSED case keeps its open referrals, and its holders
// may still act on them; the case stays CLOSED.
absl::StatusOr<CaseChange> ActOnReferral(const Case& c, std::string_view referral_id,
                                         ReferralAction action, const Agency& actor,
                                         std::string_view reason, std::string_view outcome,
                                         Timestamp now);

// BP3MI's decision on a whole case:
//   kReject     spam or out of scope      -> REJECTED
//   kDuplicate  same matter as another    -> DUPLICATE, duplicate_of set
//   kClose      coordination is over      -> CLOSED
// Who: a protection agency (BP3MI) that may see the case. Another agency that may see it gets
// PERMISSION_DENIED (it knows the case exists); everyone else NOT_FOUND, like a missing case.
// Input: `reason` is required (field "reason", same text rules as a referral's reason), and for
// kDuplicate `duplicate_of` is required, must look like a case id and must not be the case itself
// (field "duplicate_of"). State: a case already REJECTED, DUPLICATE or CLOSED is
// FAILED_PRECONDITION naming its status ("case is CLOSED; cannot close"); any other status may
// be decided on.
// Events: CaseTriaged; for kReject and kDuplicate one ReferralUpdated (CANCEL, actor = the BP3MI
// agency, reason "case rejected" or "merged into <id>") per open referral, because nobody should
// go on working a spam report, and a duplicate's work continues in the case it was merged into;
// then CaseStatusChanged. kClose cancels nothing: closing ends BP3MI's coordination, not the
// work of an agency still holding a referral (a police investigation outlives the file).
// The case's triage_reason and duplicate_of are set from the decision.
absl::StatusOr<CaseChange> TriageCase(const Case& c, CaseTriagedEvent::Decision decision,
                                      std::string_view reason, std::string_view duplicate_of,
                                      const Agency& actor, Timestamp now);

// Whether `target`, the answer of loading `duplicate_of`, may take in a duplicate marked by
// `actor`: it must exist and be visible to the actor (else INVALID_ARGUMENT on "duplicate_of",
// worded as for a case that does not exist), and must not be REJECTED (nothing to merge into) or
// DUPLICATE itself (point at the case it was merged into instead). RESOLVED and CLOSED targets
// are fine: a new report of a matter already dealt with is still a duplicate. Errors other than
// NOT_FOUND from loading (e.g. UNAVAILABLE) are passed through. Checked by the service before
// it applies TriageCase's change; the two cases live in different partitions, so this is a
// check at the time of the call, not an atomic guarantee.
absl::Status CheckDuplicateTarget(std::string_view duplicate_of, const absl::StatusOr<Case>& target,
                                  const Agency& actor);

}  // namespace lintas::core
