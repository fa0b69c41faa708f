#pragma once

#include <string>
#include <vector>

#include "lintas/v1/case.pb.h"
#include "lintas/v1/referral.pb.h"

namespace lintas::ctl {

// Referrals as an aligned table for people, one line each:
//   CASE                           REFERRAL  PURPOSE      STATUS     REQUESTED             ACK DUE
//   01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07  r1        enforcement  requested  2026-11-04T01:00:00Z  ...
// "no referrals" when there are none. Server text is made safe for the terminal.
std::string FormatReferralTable(const std::vector<lintas::v1::Referral>& referrals);

// After an action: "referral <case>/<id>: <status>", plus the reason or outcome it carries
// when the new status is one that has them.
std::string FormatReferralText(const lintas::v1::Referral& r);

// After a triage decision: "case <id>: <status> (version N)", the reason, the case it was merged
// into, and its referrals as a table.
std::string FormatTriageText(const lintas::v1::Case& c);

}  // namespace lintas::ctl
