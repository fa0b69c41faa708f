#include "adapters/protomap/timeline_mapping.h"

#include <string>

#include "adapters/protomap/case_mapping.h"
#include "core/events/case_event_visitor.h"

namespace lintas::protomap {
namespace {

template <typename To, typename From>
To Cast(From v) {
  return static_cast<To>(static_cast<int>(v));  // domain and API enums share their numbers
}

// Sets the TimelineEvent detail each event type is shown as.
struct Detail {
  v1::TimelineEvent& out;

  void operator()(const core::UnknownEvent&) const {}
  void operator()(const core::CaseReceivedEvent& e) const {
    v1::CaseOpened* d = out.mutable_case_received();
    d->set_category(Cast<v1::Category>(e.category));
    d->set_severity(Cast<v1::Severity>(e.severity));
    d->set_region_code(e.region_code);
    d->set_channel(Cast<v1::Channel>(e.channel));
    d->set_submitted_by(e.submitted_by);
  }
  void operator()(const core::ReferralRequestedEvent& e) const {
    *out.mutable_referral_requested() = ReferralToProto(e.referral);
  }
  void operator()(const core::ReferralUpdatedEvent& e) const {
    v1::ReferralChange* d = out.mutable_referral_updated();
    d->set_referral_id(e.referral_id);
    d->set_action(Cast<v1::ReferralAction>(e.action));
    d->set_status(Cast<v1::ReferralStatus>(e.status));
    d->set_actor(e.actor);
    d->set_reason(e.reason);
    d->set_outcome(e.outcome);
  }
  void operator()(const core::ReferralEscalatedEvent& e) const {
    v1::ReferralEscalation* d = out.mutable_referral_escalated();
    d->set_referral_id(e.referral_id);
    d->set_escalation_id(e.escalation_id);
    d->set_to_agency(e.to_agency);
    d->set_reason(e.reason);
  }
  void operator()(const core::CaseStatusChangedEvent& e) const {
    out.mutable_status_changed()->set_from(Cast<v1::CaseStatus>(e.from));
    out.mutable_status_changed()->set_to(Cast<v1::CaseStatus>(e.to));
  }
  void operator()(const core::DuplicateSuspectedEvent& e) const {
    v1::DuplicatesSuspected* d = out.mutable_duplicates_suspected();  // set even when empty
    for (const std::string& id : e.case_ids)
      d->add_case_ids(id);
  }
  void operator()(const core::CaseTriagedEvent& e) const {
    v1::TriageDecision* d = out.mutable_case_triaged();
    d->set_decision(Cast<v1::TriageDecision::Decision>(e.decision));
    d->set_reason(e.reason);
    d->set_duplicate_of(e.duplicate_of);
    d->set_actor(e.actor);
  }
  void operator()(const core::EnforcementActionReportedEvent& e) const {
    *out.mutable_enforcement_action_reported() = EnforcementActionToProto(e.action);
  }
  void operator()(const core::ReporterMessageAddedEvent& e) const {
    out.mutable_reporter_message_added()->set_text(e.text);  // set even when empty
  }
  void operator()(const core::ReporterAnsweredEvent& e) const {
    v1::ReporterMessageText* d = out.mutable_reporter_answered();
    d->set_text(e.text);
    d->set_actor(e.actor);
  }
};
static_assert(core::HandlesEveryCaseEvent<Detail>);

}  // namespace

v1::TimelineEvent TimelineEventOf(std::string_view position, const v1::EventEnvelope& envelope,
                                  const core::CaseEvent& event) {
  v1::TimelineEvent out;
  out.set_position(std::string(position));
  out.set_event_id(envelope.id());
  out.set_type(envelope.type());
  out.set_case_id(envelope.subject());
  *out.mutable_time() = envelope.time();
  out.set_sequence(envelope.sequence());
  std::visit(Detail{out}, event);
  return out;
}

core::CaseEvent CaseEventOf(const v1::TimelineEvent& e) {
  // No default: -Wswitch names a detail added to timeline.proto and missing here.
  switch (e.detail_case()) {
    case v1::TimelineEvent::kCaseReceived: {
      const v1::CaseOpened& d = e.case_received();
      return core::CaseReceivedEvent{Cast<core::Category>(d.category()),
                                     Cast<core::Severity>(d.severity()), d.region_code(),
                                     Cast<core::Channel>(d.channel()), d.submitted_by()};
    }
    case v1::TimelineEvent::kReferralRequested:
      return core::ReferralRequestedEvent{ReferralFromProto(e.referral_requested())};
    case v1::TimelineEvent::kReferralUpdated: {
      const v1::ReferralChange& d = e.referral_updated();
      return core::ReferralUpdatedEvent{d.referral_id(),
                                        Cast<core::ReferralAction>(d.action()),
                                        Cast<core::ReferralStatus>(d.status()),
                                        d.actor(),
                                        d.reason(),
                                        d.outcome()};
    }
    case v1::TimelineEvent::kReferralEscalated: {
      const v1::ReferralEscalation& d = e.referral_escalated();
      return core::ReferralEscalatedEvent{d.referral_id(), d.escalation_id(), d.to_agency(),
                                          d.reason()};
    }
    case v1::TimelineEvent::kStatusChanged:
      return core::CaseStatusChangedEvent{Cast<core::CaseStatus>(e.status_changed().from()),
                                          Cast<core::CaseStatus>(e.status_changed().to())};
    case v1::TimelineEvent::kDuplicatesSuspected: {
      const auto& ids = e.duplicates_suspected().case_ids();
      return core::DuplicateSuspectedEvent{{ids.begin(), ids.end()}};
    }
    case v1::TimelineEvent::kCaseTriaged: {
      const v1::TriageDecision& d = e.case_triaged();
      return core::CaseTriagedEvent{Cast<core::CaseTriagedEvent::Decision>(d.decision()),
                                    d.reason(), d.duplicate_of(), d.actor()};
    }
    case v1::TimelineEvent::kEnforcementActionReported:
      return core::EnforcementActionReportedEvent{
          EnforcementActionFromProto(e.enforcement_action_reported())};
    case v1::TimelineEvent::kReporterMessageAdded:
      return core::ReporterMessageAddedEvent{e.reporter_message_added().text()};
    case v1::TimelineEvent::kReporterAnswered:
      return core::ReporterAnsweredEvent{e.reporter_answered().text(),
                                         e.reporter_answered().actor()};
    case v1::TimelineEvent::DETAIL_NOT_SET:
      break;
  }
  return core::UnknownEvent{e.type()};
}

}  // namespace lintas::protomap
