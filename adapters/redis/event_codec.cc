#include "adapters/redis/event_codec.h"

#include <string>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "adapters/protomap/envelope.h"
#include "core/events/case_event_visitor.h"
#include "core/util/string_view.h"
#include "lintas/v1/case_record.pb.h"

namespace lintas::redis {
namespace {

// The table: the lintas.v1 message each stored event type is written as. A type missing here
// fails to compile in Decoders() below.
template <typename Event>
struct StoredAs;
template <>
struct StoredAs<core::CaseReceivedEvent> {
  using Message = v1::CaseReceived;
};
template <>
struct StoredAs<core::ReferralRequestedEvent> {
  using Message = v1::ReferralRequested;
};
template <>
struct StoredAs<core::ReferralUpdatedEvent> {
  using Message = v1::ReferralUpdated;
};
template <>
struct StoredAs<core::ReferralEscalatedEvent> {
  using Message = v1::ReferralEscalated;
};
template <>
struct StoredAs<core::CaseStatusChangedEvent> {
  using Message = v1::CaseStatusChanged;
};
template <>
struct StoredAs<core::DuplicateSuspectedEvent> {
  using Message = v1::DuplicateSuspected;
};
template <>
struct StoredAs<core::CaseTriagedEvent> {
  using Message = v1::CaseTriaged;
};
template <>
struct StoredAs<core::EnforcementActionReportedEvent> {
  using Message = v1::EnforcementActionReported;
};
template <>
struct StoredAs<core::ReporterMessageAddedEvent> {
  using Message = v1::ReporterMessageAdded;
};
template <>
struct StoredAs<core::ReporterAnsweredEvent> {
  using Message = v1::ReporterAnswered;
};

// The sealed texts' field paths: one per direction, so that a reporter's message cannot be
// passed off as an agency's answer, nor the other way round.
constexpr std::string_view kReporterMessagePath = "conversation.reporter_message";
constexpr std::string_view kReporterAnswerPath = "conversation.reporter_answer";

using Encoded = absl::StatusOr<std::unique_ptr<google::protobuf::Message>>;

std::string ReferralField(std::string_view id, std::string_view name) {
  return absl::StrCat("referrals[", AsAbsl(id), "].", AsAbsl(name));
}

struct Encoder {
  std::string_view case_id;
  const CaseCodec& codec;

  template <typename Event>
  static auto Make() {
    return std::make_unique<typename StoredAs<Event>::Message>();
  }

  Encoded operator()(const core::ReferralRequestedEvent& e) const {
    auto record = codec.SealReferral(e.referral);
    if (!record.ok()) return record.status();
    auto out = Make<core::ReferralRequestedEvent>();
    *out->mutable_referral() = *std::move(record);
    return out;
  }
  Encoded operator()(const core::ReferralUpdatedEvent& e) const {
    auto reason = codec.SealText(case_id, ReferralField(e.referral_id, "reason"), e.reason);
    auto outcome = codec.SealText(case_id, ReferralField(e.referral_id, "outcome"), e.outcome);
    if (!reason.ok()) return reason.status();
    if (!outcome.ok()) return outcome.status();
    auto out = Make<core::ReferralUpdatedEvent>();
    out->set_referral_id(e.referral_id);
    out->set_action(static_cast<v1::ReferralAction>(e.action));
    out->set_status(static_cast<v1::ReferralStatus>(e.status));
    out->set_actor(e.actor);
    out->set_reason(*std::move(reason));
    out->set_outcome(*std::move(outcome));
    return out;
  }
  Encoded operator()(const core::ReferralEscalatedEvent& e) const {
    auto out = Make<core::ReferralEscalatedEvent>();
    out->set_referral_id(e.referral_id);
    out->set_escalation_id(e.escalation_id);
    out->set_to_agency(e.to_agency);
    out->set_reason(e.reason);
    return out;
  }
  Encoded operator()(const core::CaseStatusChangedEvent& e) const {
    auto out = Make<core::CaseStatusChangedEvent>();
    out->set_from(static_cast<v1::CaseStatus>(e.from));
    out->set_to(static_cast<v1::CaseStatus>(e.to));
    return out;
  }
  Encoded operator()(const core::DuplicateSuspectedEvent& e) const {
    auto out = Make<core::DuplicateSuspectedEvent>();
    for (const auto& id : e.case_ids)
      out->add_case_ids(id);
    return out;
  }
  Encoded operator()(const core::EnforcementActionReportedEvent& e) const {
    auto record = codec.SealEnforcementAction(e.action);
    if (!record.ok()) return record.status();
    auto out = Make<core::EnforcementActionReportedEvent>();
    *out->mutable_action() = *std::move(record);
    return out;
  }
  Encoded operator()(const core::ReporterMessageAddedEvent& e) const {
    auto text = codec.SealText(case_id, kReporterMessagePath, e.text);
    if (!text.ok()) return text.status();
    auto out = Make<core::ReporterMessageAddedEvent>();
    out->set_text(*std::move(text));
    return out;
  }
  Encoded operator()(const core::ReporterAnsweredEvent& e) const {
    auto text = codec.SealText(case_id, kReporterAnswerPath, e.text);
    if (!text.ok()) return text.status();
    auto out = Make<core::ReporterAnsweredEvent>();
    out->set_text(*std::move(text));
    out->set_actor(e.actor);
    return out;
  }
  Encoded operator()(const core::CaseTriagedEvent& e) const {
    auto reason = codec.SealText(case_id, "triage_reason", e.reason);
    if (!reason.ok()) return reason.status();
    auto out = Make<core::CaseTriagedEvent>();
    out->set_decision(static_cast<v1::CaseTriaged::Decision>(e.decision));  // same numbers
    out->set_reason(*std::move(reason));
    out->set_duplicate_of(e.duplicate_of);
    out->set_actor(e.actor);
    return out;
  }
};
static_assert(core::HandlesEveryCaseChangeEvent<Encoder>);

// Stored message -> core event, free text opened under the envelope's case id.
struct Decoder {
  std::string_view case_id;
  const CaseCodec& codec;

  absl::StatusOr<core::CaseReceivedEvent> operator()(const v1::CaseReceived& m) const {
    const v1::CaseRecord& c = m.case_();
    return core::CaseReceivedEvent{static_cast<core::Category>(c.category()),
                                   static_cast<core::Severity>(c.severity()), c.region_code(),
                                   static_cast<core::Channel>(c.channel()), c.submitted_by()};
  }
  absl::StatusOr<core::ReferralRequestedEvent> operator()(const v1::ReferralRequested& m) const {
    auto referral = codec.OpenReferral(m.referral());
    if (!referral.ok()) return referral.status();
    return core::ReferralRequestedEvent{*std::move(referral)};
  }
  absl::StatusOr<core::ReferralUpdatedEvent> operator()(const v1::ReferralUpdated& m) const {
    auto reason = codec.OpenText(case_id, ReferralField(m.referral_id(), "reason"), m.reason());
    auto outcome = codec.OpenText(case_id, ReferralField(m.referral_id(), "outcome"), m.outcome());
    if (!reason.ok()) return reason.status();
    if (!outcome.ok()) return outcome.status();
    return core::ReferralUpdatedEvent{m.referral_id(),
                                      static_cast<core::ReferralAction>(m.action()),
                                      static_cast<core::ReferralStatus>(m.status()),
                                      m.actor(),
                                      *std::move(reason),
                                      *std::move(outcome)};
  }
  absl::StatusOr<core::ReferralEscalatedEvent> operator()(const v1::ReferralEscalated& m) const {
    return core::ReferralEscalatedEvent{m.referral_id(), m.escalation_id(), m.to_agency(),
                                        m.reason()};
  }
  absl::StatusOr<core::CaseStatusChangedEvent> operator()(const v1::CaseStatusChanged& m) const {
    return core::CaseStatusChangedEvent{static_cast<core::CaseStatus>(m.from()),
                                        static_cast<core::CaseStatus>(m.to())};
  }
  absl::StatusOr<core::DuplicateSuspectedEvent> operator()(const v1::DuplicateSuspected& m) const {
    return core::DuplicateSuspectedEvent{{m.case_ids().begin(), m.case_ids().end()}};
  }
  absl::StatusOr<core::CaseTriagedEvent> operator()(const v1::CaseTriaged& m) const {
    auto reason = codec.OpenText(case_id, "triage_reason", m.reason());
    if (!reason.ok()) return reason.status();
    return core::CaseTriagedEvent{static_cast<core::CaseTriagedEvent::Decision>(m.decision()),
                                  *std::move(reason), m.duplicate_of(), m.actor()};
  }
  absl::StatusOr<core::EnforcementActionReportedEvent> operator()(
      const v1::EnforcementActionReported& m) const {
    auto action = codec.OpenEnforcementAction(m.action());
    if (!action.ok()) return action.status();
    return core::EnforcementActionReportedEvent{*std::move(action)};
  }
  absl::StatusOr<core::ReporterMessageAddedEvent> operator()(
      const v1::ReporterMessageAdded& m) const {
    auto text = codec.OpenText(case_id, kReporterMessagePath, m.text());
    if (!text.ok()) return text.status();
    return core::ReporterMessageAddedEvent{*std::move(text)};
  }
  absl::StatusOr<core::ReporterAnsweredEvent> operator()(const v1::ReporterAnswered& m) const {
    auto text = codec.OpenText(case_id, kReporterAnswerPath, m.text());
    if (!text.ok()) return text.status();
    return core::ReporterAnsweredEvent{*std::move(text), m.actor()};
  }
};

using DecodeFn = absl::StatusOr<core::CaseEvent> (*)(const v1::EventEnvelope&, const CaseCodec&);

template <typename Event>
absl::StatusOr<core::CaseEvent> DecodeAs(const v1::EventEnvelope& envelope,
                                         const CaseCodec& codec) {
  typename StoredAs<Event>::Message message;
  if (absl::Status s = protomap::UnpackEnvelope(envelope, message); !s.ok()) return s;
  absl::StatusOr<Event> event = Decoder{envelope.subject(), codec}(message);
  if (!event.ok()) return event.status();
  return core::CaseEvent(*std::move(event));
}

template <typename... Event>
std::unordered_map<std::string, DecodeFn> MakeDecoders(std::variant<Event...>*) {
  std::unordered_map<std::string, DecodeFn> table;
  const auto add = [&table]<typename E>(E*) {
    if constexpr (!std::is_same_v<E, core::UnknownEvent>) {
      table.emplace(StoredAs<E>::Message::descriptor()->full_name(), &DecodeAs<E>);
    }
  };
  (add(static_cast<Event*>(nullptr)), ...);
  return table;
}

// Type name -> decoder, one entry per alternative of core::CaseEvent but UnknownEvent.
const std::unordered_map<std::string, DecodeFn>& Decoders() {
  static const auto* const table = new std::unordered_map<std::string, DecodeFn>(
      MakeDecoders(static_cast<core::CaseEvent*>(nullptr)));
  return *table;
}

// A cipher without keys: opens every field to "" and seals nothing.
class NoKeys final : public core::FieldCipher {
 public:
  absl::StatusOr<std::string> Seal(std::string_view, std::string_view) override {
    return absl::FailedPreconditionError("decoding without keys seals nothing");
  }
  absl::StatusOr<std::string> Open(std::string_view, std::string_view) override {
    return std::string();
  }
};

}  // namespace

absl::StatusOr<std::unique_ptr<google::protobuf::Message>> EncodeCaseEvent(
    const core::CaseChangeEvent& event, std::string_view case_id, const CaseCodec& codec) {
  return std::visit(Encoder{case_id, codec}, event);
}

absl::StatusOr<core::CaseEvent> DecodeEvent(const v1::EventEnvelope& envelope,
                                            const CaseCodec& codec) {
  const auto it = Decoders().find(envelope.type());
  if (it == Decoders().end()) return core::CaseEvent(core::UnknownEvent{envelope.type()});
  return it->second(envelope, codec);
}

absl::StatusOr<core::CaseEvent> DecodeEventWithoutFreeText(const v1::EventEnvelope& envelope) {
  static NoKeys no_keys;  // stateless
  return DecodeEvent(envelope, CaseCodec(no_keys));
}

}  // namespace lintas::redis
