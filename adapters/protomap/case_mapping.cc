#include "adapters/protomap/case_mapping.h"

#include <chrono>

namespace lintas::protomap {
namespace {

template <typename To, typename From>
To Cast(From v) {
  return static_cast<To>(static_cast<int>(v));
}

}  // namespace

core::Timestamp TimestampFromProto(const google::protobuf::Timestamp& in) {
  using namespace std::chrono;
  return core::Timestamp(
      duration_cast<core::Timestamp::duration>(seconds(in.seconds()) + nanoseconds(in.nanos())));
}

google::protobuf::Timestamp TimestampToProto(core::Timestamp in) {
  using namespace std::chrono;
  const auto ns = duration_cast<nanoseconds>(in.time_since_epoch()).count();
  google::protobuf::Timestamp out;
  auto secs = ns / 1'000'000'000;
  auto nanos = ns % 1'000'000'000;
  if (nanos < 0) {  // Timestamp nanos are always non-negative
    nanos += 1'000'000'000;
    --secs;
  }
  out.set_seconds(secs);
  out.set_nanos(static_cast<int>(nanos));
  return out;
}

core::Referral ReferralFromProto(const v1::Referral& in) {
  core::Referral r;
  r.id = in.id();
  r.case_id = in.case_id();
  r.purpose = Cast<core::ReferralPurpose>(in.purpose());
  r.target_agency = in.target_agency();
  r.requested_by = in.requested_by();
  r.rule_id = in.rule_id();
  r.status = Cast<core::ReferralStatus>(in.status());
  r.reason = in.reason();
  r.outcome = in.outcome();
  if (in.has_requested_at()) r.requested_at = TimestampFromProto(in.requested_at());
  if (in.has_ack_deadline()) r.ack_deadline = TimestampFromProto(in.ack_deadline());
  r.escalated_from = in.escalated_from();
  r.escalated = in.escalated();
  if (in.has_updated_at()) r.updated_at = TimestampFromProto(in.updated_at());
  return r;
}

v1::Referral ReferralToProto(const core::Referral& r) {
  v1::Referral out;
  out.set_id(r.id);
  out.set_case_id(r.case_id);
  out.set_purpose(Cast<v1::ReferralPurpose>(r.purpose));
  out.set_target_agency(r.target_agency);
  out.set_requested_by(r.requested_by);
  out.set_rule_id(r.rule_id);
  out.set_status(Cast<v1::ReferralStatus>(r.status));
  out.set_reason(r.reason);
  out.set_outcome(r.outcome);
  *out.mutable_requested_at() = TimestampToProto(r.requested_at);
  *out.mutable_ack_deadline() = TimestampToProto(r.ack_deadline);
  out.set_escalated_from(r.escalated_from);
  out.set_escalated(r.escalated);
  *out.mutable_updated_at() = TimestampToProto(r.updated_at);
  return out;
}

v1::EnforcementAction EnforcementActionToProto(const core::EnforcementAction& a) {
  v1::EnforcementAction out;
  out.set_case_id(a.case_id);
  out.set_referral_id(a.referral_id);
  out.set_kind(Cast<v1::EnforcementActionKind>(a.kind));
  out.set_police_report_number(a.police_report_number);
  out.set_note(a.note);
  out.set_actor(a.actor);
  *out.mutable_reported_at() = TimestampToProto(a.reported_at);
  return out;
}

core::EnforcementAction EnforcementActionFromProto(const v1::EnforcementAction& in) {
  core::EnforcementAction a;
  a.case_id = in.case_id();
  a.referral_id = in.referral_id();
  a.kind = Cast<core::EnforcementActionKind>(in.kind());
  a.police_report_number = in.police_report_number();
  a.note = in.note();
  a.actor = in.actor();
  if (in.has_reported_at()) a.reported_at = TimestampFromProto(in.reported_at());
  return a;
}

core::Case CaseFromProto(const v1::Case& in) {
  core::Case c;
  c.id = in.id();
  c.category = Cast<core::Category>(in.category());
  c.severity = Cast<core::Severity>(in.severity());
  c.region_code = in.region_code();
  c.channel = Cast<core::Channel>(in.channel());
  const auto& s = in.subject();
  c.subject = {s.full_name(),
               s.nik(),
               s.phone(),
               Cast<core::Sex>(s.sex()),
               s.home_region_code(),
               s.destination_country(),
               s.needs_support()};
  for (const auto& p : in.reported_persons()) {
    c.reported_persons.push_back({p.name(), p.phone(), p.nik(), p.role()});
  }
  const auto& r = in.reporter();
  c.reporter = {Cast<core::ReporterMode>(r.mode()), r.name(), r.contact_phone(), r.relation()};
  c.narrative = in.narrative();
  c.status = Cast<core::CaseStatus>(in.status());
  c.version = in.version();
  c.submitted_by = in.submitted_by();
  if (in.has_created_at()) c.created_at = TimestampFromProto(in.created_at());
  if (in.has_updated_at()) c.updated_at = TimestampFromProto(in.updated_at());
  return c;
}

v1::Case CaseToProto(const core::Case& c) {
  v1::Case out;
  out.set_id(c.id);
  out.set_category(Cast<v1::Category>(c.category));
  out.set_severity(Cast<v1::Severity>(c.severity));
  out.set_region_code(c.region_code);
  out.set_channel(Cast<v1::Channel>(c.channel));
  auto* s = out.mutable_subject();
  s->set_full_name(c.subject.full_name);
  s->set_nik(c.subject.nik);
  s->set_phone(c.subject.phone);
  s->set_sex(Cast<v1::Sex>(c.subject.sex));
  s->set_home_region_code(c.subject.home_region_code);
  s->set_destination_country(c.subject.destination_country);
  s->set_needs_support(c.subject.needs_support);
  for (const auto& p : c.reported_persons) {
    auto* o = out.add_reported_persons();
    o->set_name(p.name);
    o->set_phone(p.phone);
    o->set_nik(p.nik);
    o->set_role(p.role);
  }
  auto* r = out.mutable_reporter();
  r->set_mode(Cast<v1::ReporterMode>(c.reporter.mode));
  r->set_name(c.reporter.name);
  r->set_contact_phone(c.reporter.contact_phone);
  r->set_relation(c.reporter.relation);
  out.set_narrative(c.narrative);
  out.set_status(Cast<v1::CaseStatus>(c.status));
  out.set_version(c.version);
  out.set_submitted_by(c.submitted_by);
  if (c.created_at != core::Timestamp{}) *out.mutable_created_at() = TimestampToProto(c.created_at);
  if (c.updated_at != core::Timestamp{}) *out.mutable_updated_at() = TimestampToProto(c.updated_at);
  for (const auto& r : c.referrals)
    *out.add_referrals() = ReferralToProto(r);
  for (const auto& id : c.suspected_duplicates)
    out.add_suspected_duplicates(id);
  out.set_duplicate_of(c.duplicate_of);
  out.set_triage_reason(c.triage_reason);
  for (const auto& a : c.enforcement_actions)
    *out.add_enforcement_actions() = EnforcementActionToProto(a);
  return out;
}

}  // namespace lintas::protomap
