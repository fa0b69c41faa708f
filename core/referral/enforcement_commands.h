#pragma once

#include <string_view>

#include "absl/status/statusor.h"
#include "core/domain/agency.h"
#include "core/domain/case.h"
#include "core/events/case_events.h"

namespace lintas::core {

// At most this many characters in a police report number (nomor Laporan Polisi).
inline constexpr std::size_t kMaxPoliceReportNumberChars = 100;

// What the police report having done on enforcement referral `referral_id` of `c`. Pure, like
// the other commands (referral_commands.h): the caller appends the change under c.version.
// Checked in this order, so that a caller without standing learns nothing else:
//   - the actor may not see the case, the referral does not exist, or the actor is not the
//     referral's target: NOT_FOUND worded as for any referral (ReferralNotFound);
//   - the referral is not an enforcement referral: FAILED_PRECONDITION;
//   - kind unknown or unspecified (field "kind"); police_report_number missing for
//     INVESTIGATION_OPENED, or longer than 100 characters, or with a control character (field
//     "police_report_number"); note missing for NO_ACTION, or not a valid free text (field
//     "note"): INVALID_ARGUMENT listing every violation;
//   - the referral is not ACCEPTED, IN_PROGRESS or ON_HOLD: FAILED_PRECONDITION naming its
//     status (accept it first; a closed referral takes no more reports).
// An action without a report number carries the latest one reported on the referral before, so
// every later report names the investigation it belongs to.
// Events: EnforcementActionReported. The referral's status is not changed: the police complete
// or fail the referral themselves when their work ends.
absl::StatusOr<CaseChange> ReportEnforcementAction(const Case& c, std::string_view referral_id,
                                                   EnforcementActionKind kind,
                                                   std::string_view police_report_number,
                                                   std::string_view note, const Agency& actor,
                                                   Timestamp now);

}  // namespace lintas::core
