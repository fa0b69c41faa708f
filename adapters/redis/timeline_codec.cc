#include "adapters/redis/timeline_codec.h"

#include "absl/strings/str_cat.h"
#include "adapters/protomap/case_mapping.h"
#include "adapters/protomap/envelope.h"
#include "core/util/string_view.h"
#include "lintas/v1/case_record.pb.h"

namespace lintas::redis {
namespace {

std::string ReferralField(const std::string& id, std::string_view name) {
  return absl::StrCat("referrals[", id, "].", AsAbsl(name));
}

template <typename Event>
absl::StatusOr<Event> Unpack(const v1::EventEnvelope& envelope) {
  Event event;
  if (absl::Status s = protomap::UnpackEnvelope(envelope, event); !s.ok()) return s;
  return event;
}

absl::Status Fill(v1::TimelineEvent& out, const v1::EventEnvelope& envelope,
                  const CaseCodec& codec) {
  const std::string& type = envelope.type();
  const std::string& case_id = envelope.subject();
  if (type == v1::CaseReceived::descriptor()->full_name()) {
    auto e = Unpack<v1::CaseReceived>(envelope);
    if (!e.ok()) return e.status();
    auto* d = out.mutable_case_received();
    d->set_category(e->case_().category());
    d->set_severity(e->case_().severity());
    d->set_region_code(e->case_().region_code());
    d->set_channel(e->case_().channel());
    d->set_submitted_by(e->case_().submitted_by());
  } else if (type == v1::ReferralRequested::descriptor()->full_name()) {
    auto e = Unpack<v1::ReferralRequested>(envelope);
    if (!e.ok()) return e.status();
    auto referral = codec.OpenReferral(e->referral());
    if (!referral.ok()) return referral.status();
    *out.mutable_referral_requested() = protomap::ReferralToProto(*referral);
  } else if (type == v1::ReferralUpdated::descriptor()->full_name()) {
    auto e = Unpack<v1::ReferralUpdated>(envelope);
    if (!e.ok()) return e.status();
    auto reason = codec.OpenText(case_id, ReferralField(e->referral_id(), "reason"), e->reason());
    auto outcome =
        codec.OpenText(case_id, ReferralField(e->referral_id(), "outcome"), e->outcome());
    if (!reason.ok()) return reason.status();
    if (!outcome.ok()) return outcome.status();
    auto* d = out.mutable_referral_updated();
    d->set_referral_id(e->referral_id());
    d->set_action(e->action());
    d->set_status(e->status());
    d->set_actor(e->actor());
    d->set_reason(*reason);
    d->set_outcome(*outcome);
  } else if (type == v1::ReferralEscalated::descriptor()->full_name()) {
    auto e = Unpack<v1::ReferralEscalated>(envelope);
    if (!e.ok()) return e.status();
    auto* d = out.mutable_referral_escalated();
    d->set_referral_id(e->referral_id());
    d->set_escalation_id(e->escalation_id());
    d->set_to_agency(e->to_agency());
    d->set_reason(e->reason());
  } else if (type == v1::CaseStatusChanged::descriptor()->full_name()) {
    auto e = Unpack<v1::CaseStatusChanged>(envelope);
    if (!e.ok()) return e.status();
    out.mutable_status_changed()->set_from(e->from());
    out.mutable_status_changed()->set_to(e->to());
  } else if (type == v1::DuplicateSuspected::descriptor()->full_name()) {
    auto e = Unpack<v1::DuplicateSuspected>(envelope);
    if (!e.ok()) return e.status();
    *out.mutable_duplicates_suspected()->mutable_case_ids() = e->case_ids();
  } else if (type == v1::CaseTriaged::descriptor()->full_name()) {
    auto e = Unpack<v1::CaseTriaged>(envelope);
    if (!e.ok()) return e.status();
    auto reason = codec.OpenText(case_id, "triage_reason", e->reason());
    if (!reason.ok()) return reason.status();
    auto* d = out.mutable_case_triaged();
    d->set_decision(static_cast<v1::TriageDecision::Decision>(e->decision()));
    d->set_reason(*reason);
    d->set_duplicate_of(e->duplicate_of());
    d->set_actor(e->actor());
  } else if (type == v1::EnforcementActionReported::descriptor()->full_name()) {
    auto e = Unpack<v1::EnforcementActionReported>(envelope);
    if (!e.ok()) return e.status();
    auto action = codec.OpenEnforcementAction(e->action());
    if (!action.ok()) return action.status();
    *out.mutable_enforcement_action_reported() = protomap::EnforcementActionToProto(*action);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::TimelineEvent> DecodeTimelineEvent(std::string_view position,
                                                      const v1::EventEnvelope& envelope,
                                                      const CaseCodec& codec) {
  v1::TimelineEvent out;
  out.set_position(std::string(position));
  out.set_event_id(envelope.id());
  out.set_type(envelope.type());
  out.set_case_id(envelope.subject());
  *out.mutable_time() = envelope.time();
  out.set_sequence(envelope.sequence());
  if (absl::Status s = Fill(out, envelope, codec); !s.ok()) return s;
  return out;
}

}  // namespace lintas::redis
