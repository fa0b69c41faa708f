#include "adapters/redis/event_codec.h"

#include "absl/strings/str_cat.h"
#include "core/util/string_view.h"
#include "lintas/v1/case_record.pb.h"

namespace lintas::redis {
namespace {

using Encoded = absl::StatusOr<std::unique_ptr<google::protobuf::Message>>;

struct Encoder {
  std::string_view case_id;
  const CaseCodec& codec;

  std::string ReferralField(std::string_view id, std::string_view name) const {
    return absl::StrCat("referrals[", AsAbsl(id), "].", AsAbsl(name));
  }

  Encoded operator()(const core::ReferralRequestedEvent& e) const {
    auto record = codec.SealReferral(e.referral);
    if (!record.ok()) return record.status();
    auto out = std::make_unique<v1::ReferralRequested>();
    *out->mutable_referral() = *std::move(record);
    return out;
  }
  Encoded operator()(const core::ReferralUpdatedEvent& e) const {
    auto reason = codec.SealText(case_id, ReferralField(e.referral_id, "reason"), e.reason);
    auto outcome = codec.SealText(case_id, ReferralField(e.referral_id, "outcome"), e.outcome);
    if (!reason.ok()) return reason.status();
    if (!outcome.ok()) return outcome.status();
    auto out = std::make_unique<v1::ReferralUpdated>();
    out->set_referral_id(e.referral_id);
    out->set_action(static_cast<v1::ReferralAction>(e.action));
    out->set_status(static_cast<v1::ReferralStatus>(e.status));
    out->set_actor(e.actor);
    out->set_reason(*std::move(reason));
    out->set_outcome(*std::move(outcome));
    return out;
  }
  Encoded operator()(const core::ReferralEscalatedEvent& e) const {
    auto out = std::make_unique<v1::ReferralEscalated>();
    out->set_referral_id(e.referral_id);
    out->set_escalation_id(e.escalation_id);
    out->set_to_agency(e.to_agency);
    out->set_reason(e.reason);
    return out;
  }
  Encoded operator()(const core::CaseStatusChangedEvent& e) const {
    auto out = std::make_unique<v1::CaseStatusChanged>();
    out->set_from(static_cast<v1::CaseStatus>(e.from));
    out->set_to(static_cast<v1::CaseStatus>(e.to));
    return out;
  }
  Encoded operator()(const core::DuplicateSuspectedEvent& e) const {
    auto out = std::make_unique<v1::DuplicateSuspected>();
    for (const auto& id : e.case_ids)
      out->add_case_ids(id);
    return out;
  }
  Encoded operator()(const core::EnforcementActionReportedEvent& e) const {
    auto record = codec.SealEnforcementAction(e.action);
    if (!record.ok()) return record.status();
    auto out = std::make_unique<v1::EnforcementActionReported>();
    *out->mutable_action() = *std::move(record);
    return out;
  }
  Encoded operator()(const core::CaseTriagedEvent& e) const {
    auto reason = codec.SealText(case_id, "triage_reason", e.reason);
    if (!reason.ok()) return reason.status();
    auto out = std::make_unique<v1::CaseTriaged>();
    switch (e.decision) {
      case core::CaseTriagedEvent::Decision::kReject:
        out->set_decision(v1::CaseTriaged::DECISION_REJECT);
        break;
      case core::CaseTriagedEvent::Decision::kDuplicate:
        out->set_decision(v1::CaseTriaged::DECISION_DUPLICATE);
        break;
      case core::CaseTriagedEvent::Decision::kClose:
        out->set_decision(v1::CaseTriaged::DECISION_CLOSE);
        break;
    }
    out->set_reason(*std::move(reason));
    out->set_duplicate_of(e.duplicate_of);
    out->set_actor(e.actor);
    return out;
  }
};

}  // namespace

absl::StatusOr<std::unique_ptr<google::protobuf::Message>> EncodeCaseEvent(
    const core::CaseEvent& event, std::string_view case_id, const CaseCodec& codec) {
  return std::visit(Encoder{case_id, codec}, event);
}

}  // namespace lintas::redis
