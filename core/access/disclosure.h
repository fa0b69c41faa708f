#pragma once

#include <string>
#include <vector>

#include "core/domain/agency.h"
#include "core/domain/case.h"
#include "core/events/case_events.h"

namespace lintas::core {

// Which personal data of one case one agency may see: redaction by need to know, decided here
// and nowhere else (docs/security.md has the table). Every way out of Lintas — GetCase,
// ListCases, timelines, notifications, webhooks — shows a case through Redact().
struct Disclosure {
  bool subject_name = false;      // the migrant worker's full name
  bool subject_contact = false;   // the worker's NIK and phone
  bool reported_persons = false;  // the alleged brokers' names, phones and NIKs; linked cases
  bool reporter_identity = false;
  bool narrative = false;
  // Free text on every referral, enforcement action and triage decision; otherwise only on the
  // viewer's own referrals and the actions it reported.
  bool all_free_text = false;
};

// For a `viewer` that may see `c` (MayView); nothing at all for anyone else.
// - BP3MI (a protection agency whose jurisdiction covers the case's region): everything. Another
//   province's BP3MI holding a referral on the case is a referral holder like any other.
// - The submitting agency: everything it submitted, except a confidential reporter's identity.
// - A referral holder, by its referrals' purposes and states:
//     victim support, repatriation, enforcement, once ACCEPTED (or later, not REJECTED or
//       CANCELLED): the worker's name, NIK and phone;
//     reintegration, document verification, once accepted: the worker's name;
//     enforcement, from REQUESTED on (unless REJECTED or CANCELLED): the reported persons, so
//       that the police can act on the notification, and linked cases;
//     any referral not REJECTED or CANCELLED: the narrative.
// - A named reporter's identity: every viewer. A confidential one (name, phone and relation to
//   the worker): BP3MI alone. An anonymous one has none stored.
Disclosure DisclosureFor(const Agency& viewer, const Case& c);

// Whether `viewer` may read and answer the reporter's messages on `c` (the portal's two-way
// conversation): BP3MI for the case (a protection agency whose jurisdiction covers its region),
// and an agency holding a referral on it that it accepted (ACCEPTED or later, not REJECTED or
// CANCELLED). Not the submitting agency as such: the portal's own agency submits every portal
// case and must not read the conversation. Timelines and notifications empty the text of
// message events for everyone else.
bool MayConverseWithReporter(const Agency& viewer, const Case& c);

// Whether free text written on something `owner` holds or wrote (a referral's target, an
// enforcement action's actor; "" for BP3MI's triage decisions) is shown to `viewer`.
bool ShowsFreeTextOf(const Disclosure& d, const Agency& viewer, std::string_view owner);

// `c` with every personal field `d` does not allow emptied. Reported persons keep their role;
// referrals, statuses and enforcement actions stay (one status for every agency), their free
// text emptied unless allowed.
Case Redact(const Case& c, const Disclosure& d, const Agency& viewer);

// Empties the free text of `event` (a reason, outcome or note on `c`) that `viewer` may not read
// under `d`, by the same rule as Redact: the timeline and notifications show events through it.
void RedactEvent(CaseEvent& event, const Disclosure& d, const Agency& viewer, const Case& c);

// The personal fields that are present (non-empty) in `shown`, by path, e.g. "subject.nik",
// "reported_persons[0].phone", "narrative", "referrals[r2].reason": what the audit log records
// as returned.
std::vector<std::string> PersonalFieldsIn(const Case& shown);

}  // namespace lintas::core
