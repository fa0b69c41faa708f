#include "core/access/disclosure.h"

#include "absl/strings/str_cat.h"
#include "core/domain/region_directory.h"
#include "core/events/case_event_visitor.h"
#include "core/intake/case_intake.h"
#include "core/util/string_view.h"

namespace lintas::core {
namespace {

bool Accepted(ReferralStatus s) {
  return s == ReferralStatus::kAccepted || s == ReferralStatus::kInProgress ||
         s == ReferralStatus::kOnHold || s == ReferralStatus::kCompleted ||
         s == ReferralStatus::kFailed;
}

bool Declined(ReferralStatus s) {
  return s == ReferralStatus::kRejected || s == ReferralStatus::kCancelled;
}

void AddIfSet(std::vector<std::string>& out, const std::string& value, std::string path) {
  if (!value.empty()) out.push_back(std::move(path));
}

// BP3MI for this case: a protection agency whose jurisdiction covers the case's region. Another
// province's BP3MI that holds a referral on the case is a referral holder like any other.
bool Coordinates(const Agency& viewer, const Case& c) {
  if (viewer.kind != AgencyKind::kProtectionAgency) return false;
  for (const std::string& prefix : viewer.jurisdiction) {
    if (RegionDirectory::Covers(prefix, c.region_code)) return true;
  }
  return false;
}

}  // namespace

Disclosure DisclosureFor(const Agency& viewer, const Case& c) {
  Disclosure d;
  if (!MayView(viewer, c)) return d;
  const bool confidential = c.reporter.mode == ReporterMode::kConfidential;
  if (Coordinates(viewer, c)) return Disclosure{true, true, true, true, true, true};
  if (c.submitted_by == viewer.id) {
    d = Disclosure{true, true, true, !confidential, true, true};
    return d;
  }
  d.reporter_identity = c.reporter.mode == ReporterMode::kNamed;
  for (const Referral& r : c.referrals) {
    if (r.target_agency != viewer.id || Declined(r.status)) continue;
    d.narrative = true;
    const bool accepted = Accepted(r.status);
    switch (r.purpose) {
      case ReferralPurpose::kEnforcement:
        d.reported_persons = true;
        [[fallthrough]];
      case ReferralPurpose::kVictimSupport:
      case ReferralPurpose::kRepatriation:
        if (accepted) d.subject_name = d.subject_contact = true;
        break;
      case ReferralPurpose::kReintegration:
      case ReferralPurpose::kDocumentVerification:
        if (accepted) d.subject_name = true;
        break;
      default:
        break;
    }
  }
  return d;
}

bool MayConverseWithReporter(const Agency& viewer, const Case& c) {
  if (viewer.id.empty()) return false;
  if (Coordinates(viewer, c)) return true;
  for (const Referral& r : c.referrals) {
    if (r.target_agency == viewer.id && Accepted(r.status)) return true;
  }
  return false;
}

bool ShowsFreeTextOf(const Disclosure& d, const Agency& viewer, std::string_view owner) {
  return d.all_free_text || (!owner.empty() && owner == viewer.id);
}

Case Redact(const Case& c, const Disclosure& d, const Agency& viewer) {
  Case out = c;
  if (!d.subject_name) out.subject.full_name.clear();
  if (!d.subject_contact) {
    out.subject.nik.clear();
    out.subject.phone.clear();
  }
  if (!d.reported_persons) {
    for (ReportedPerson& p : out.reported_persons) {
      p.name.clear();
      p.phone.clear();
      p.nik.clear();
    }
  }
  if (!d.reporter_identity) {
    out.reporter.name.clear();
    out.reporter.contact_phone.clear();
    // "Kakak korban" narrows a confidential reporter down to a handful of people.
    if (c.reporter.mode == ReporterMode::kConfidential) out.reporter.relation.clear();
  }
  if (!d.narrative) out.narrative.clear();
  if (!ShowsFreeTextOf(d, viewer, "")) out.triage_reason.clear();
  for (Referral& r : out.referrals) {
    if (ShowsFreeTextOf(d, viewer, r.target_agency)) continue;
    r.reason.clear();
    r.outcome.clear();
  }
  for (EnforcementAction& a : out.enforcement_actions) {
    if (!ShowsFreeTextOf(d, viewer, a.actor)) a.note.clear();
  }
  return out;
}

namespace {

// Whose free text each event type carries, and emptying it when the viewer may not read it.
struct EventRedaction {
  const Disclosure& d;
  const Agency& viewer;
  const Case& c;

  bool Hidden(std::string_view owner) const { return !ShowsFreeTextOf(d, viewer, owner); }
  std::string TargetOf(std::string_view referral_id) const {
    for (const Referral& r : c.referrals) {
      if (r.id == referral_id) return r.target_agency;
    }
    return {};
  }

  void operator()(CaseReceivedEvent&) const {}
  void operator()(UnknownEvent&) const {}
  void operator()(ReferralEscalatedEvent&) const {}  // its reason is system text
  void operator()(CaseStatusChangedEvent&) const {}
  void operator()(DuplicateSuspectedEvent&) const {}
  void operator()(ReferralRequestedEvent& e) const {
    if (!Hidden(e.referral.target_agency)) return;
    e.referral.reason.clear();
    e.referral.outcome.clear();
  }
  void operator()(ReferralUpdatedEvent& e) const {
    if (!Hidden(TargetOf(e.referral_id))) return;
    e.reason.clear();
    e.outcome.clear();
  }
  void operator()(CaseTriagedEvent& e) const {
    if (Hidden("")) e.reason.clear();
  }
  void operator()(EnforcementActionReportedEvent& e) const {
    if (Hidden(e.action.actor)) e.action.note.clear();
  }
  // Need to know: only those who may answer the reporter read what was said.
  void operator()(ReporterMessageAddedEvent& e) const {
    if (!MayConverseWithReporter(viewer, c)) e.text.clear();
  }
  void operator()(ReporterAnsweredEvent& e) const {
    if (!MayConverseWithReporter(viewer, c)) e.text.clear();
  }
};
static_assert(HandlesEveryCaseEvent<EventRedaction>);

}  // namespace

void RedactEvent(CaseEvent& event, const Disclosure& d, const Agency& viewer, const Case& c) {
  std::visit(EventRedaction{d, viewer, c}, event);
}

std::vector<std::string> PersonalFieldsIn(const Case& shown) {
  std::vector<std::string> out;
  AddIfSet(out, shown.subject.full_name, "subject.full_name");
  AddIfSet(out, shown.subject.nik, "subject.nik");
  AddIfSet(out, shown.subject.phone, "subject.phone");
  for (std::size_t i = 0; i < shown.reported_persons.size(); ++i) {
    const ReportedPerson& p = shown.reported_persons[i];
    const std::string base = absl::StrCat("reported_persons[", i, "].");
    AddIfSet(out, p.name, base + "name");
    AddIfSet(out, p.phone, base + "phone");
    AddIfSet(out, p.nik, base + "nik");
  }
  AddIfSet(out, shown.reporter.name, "reporter.name");
  AddIfSet(out, shown.reporter.contact_phone, "reporter.contact_phone");
  AddIfSet(out, shown.narrative, "narrative");
  AddIfSet(out, shown.triage_reason, "triage_reason");
  for (const Referral& r : shown.referrals) {
    AddIfSet(out, r.reason, absl::StrCat("referrals[", r.id, "].reason"));
    AddIfSet(out, r.outcome, absl::StrCat("referrals[", r.id, "].outcome"));
  }
  for (std::size_t i = 0; i < shown.enforcement_actions.size(); ++i) {
    AddIfSet(out, shown.enforcement_actions[i].note,
             absl::StrCat("enforcement_actions[", i, "].note"));
  }
  return out;
}

}  // namespace lintas::core
