#include "adapters/redis/case_codec.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "adapters/protomap/case_mapping.h"
#include "core/util/string_view.h"

namespace lintas::redis {
namespace {

// Seals or opens one field, remembering the first failure so that the mapping code below reads
// as a plain list of fields.
class FieldCrypt {
 public:
  FieldCrypt(core::FieldCipher& cipher, std::string_view case_id)
      : cipher_(cipher), case_id_(case_id) {}

  std::string Seal(std::string_view field, std::string_view plain) {
    if (!status_.ok() || plain.empty()) return {};
    auto sealed = cipher_.Seal(plain, Aad(field));
    if (!sealed.ok()) {
      status_ = sealed.status();
      return {};
    }
    return *std::move(sealed);
  }

  std::string Open(std::string_view field, std::string_view sealed) {
    if (!status_.ok() || sealed.empty()) return {};
    auto plain = cipher_.Open(sealed, Aad(field));
    if (!plain.ok()) {
      status_ = absl::Status(plain.status().code(),
                             absl::StrCat("case ", AsAbsl(case_id_), " field ", AsAbsl(field), ": ",
                                          plain.status().message()));
      return {};
    }
    return *std::move(plain);
  }

  const absl::Status& status() const { return status_; }

 private:
  std::string Aad(std::string_view field) const {
    return absl::StrCat(AsAbsl(case_id_), "/", AsAbsl(field));
  }

  core::FieldCipher& cipher_;
  std::string_view case_id_;
  absl::Status status_;
};

std::string PersonField(size_t i, std::string_view name) {
  return absl::StrCat("reported_persons[", i, "].", AsAbsl(name));
}

// Referral free text is bound to the referral's id, which never changes, not to its position.
std::string EnforcementNoteField(std::string_view referral_id, core::Timestamp reported_at) {
  return absl::StrCat(
      "enforcement[", AsAbsl(referral_id), "@",
      std::chrono::duration_cast<std::chrono::milliseconds>(reported_at.time_since_epoch()).count(),
      "].note");
}

std::string ReferralField(std::string_view referral_id, std::string_view name) {
  return absl::StrCat("referrals[", AsAbsl(referral_id), "].", AsAbsl(name));
}

}  // namespace

absl::StatusOr<v1::CaseRecord> CaseCodec::Seal(const core::Case& c) const {
  FieldCrypt f(cipher_, c.id);
  v1::CaseRecord r;
  r.set_id(c.id);
  r.set_category(static_cast<v1::Category>(c.category));
  r.set_severity(static_cast<v1::Severity>(c.severity));
  r.set_region_code(c.region_code);
  r.set_channel(static_cast<v1::Channel>(c.channel));
  auto* s = r.mutable_subject();
  s->set_full_name(f.Seal("subject.full_name", c.subject.full_name));
  s->set_nik(f.Seal("subject.nik", c.subject.nik));
  s->set_phone(f.Seal("subject.phone", c.subject.phone));
  s->set_sex(static_cast<v1::Sex>(c.subject.sex));
  s->set_home_region_code(c.subject.home_region_code);
  s->set_destination_country(c.subject.destination_country);
  s->set_needs_support(c.subject.needs_support);
  for (size_t i = 0; i < c.reported_persons.size(); ++i) {
    const auto& p = c.reported_persons[i];
    auto* o = r.add_reported_persons();
    o->set_name(f.Seal(PersonField(i, "name"), p.name));
    o->set_phone(f.Seal(PersonField(i, "phone"), p.phone));
    o->set_nik(f.Seal(PersonField(i, "nik"), p.nik));
    o->set_role(p.role);
  }
  auto* rep = r.mutable_reporter();
  rep->set_mode(static_cast<v1::ReporterMode>(c.reporter.mode));
  rep->set_name(f.Seal("reporter.name", c.reporter.name));
  rep->set_contact_phone(f.Seal("reporter.contact_phone", c.reporter.contact_phone));
  rep->set_relation(c.reporter.relation);
  r.set_narrative(f.Seal("narrative", c.narrative));
  r.set_status(static_cast<v1::CaseStatus>(c.status));
  r.set_version(c.version);
  r.set_submitted_by(c.submitted_by);
  *r.mutable_created_at() = protomap::TimestampToProto(c.created_at);
  *r.mutable_updated_at() = protomap::TimestampToProto(c.updated_at);
  for (const auto& referral : c.referrals) {
    auto sealed = SealReferral(referral);
    if (!sealed.ok()) return sealed.status();
    *r.add_referrals() = *std::move(sealed);
  }
  for (const auto& id : c.suspected_duplicates)
    r.add_suspected_duplicates(id);
  r.set_duplicate_of(c.duplicate_of);
  r.set_triage_reason(f.Seal("triage_reason", c.triage_reason));
  if (!f.status().ok()) return f.status();
  for (const auto& action : c.enforcement_actions) {
    auto sealed = SealEnforcementAction(action);
    if (!sealed.ok()) return sealed.status();
    *r.add_enforcement_actions() = *std::move(sealed);
  }
  return r;
}

absl::StatusOr<core::Case> CaseCodec::Open(const v1::CaseRecord& r) const {
  FieldCrypt f(cipher_, r.id());
  core::Case c;
  c.id = r.id();
  c.category = static_cast<core::Category>(r.category());
  c.severity = static_cast<core::Severity>(r.severity());
  c.region_code = r.region_code();
  c.channel = static_cast<core::Channel>(r.channel());
  const auto& s = r.subject();
  c.subject.full_name = f.Open("subject.full_name", s.full_name());
  c.subject.nik = f.Open("subject.nik", s.nik());
  c.subject.phone = f.Open("subject.phone", s.phone());
  c.subject.sex = static_cast<core::Sex>(s.sex());
  c.subject.home_region_code = s.home_region_code();
  c.subject.destination_country = s.destination_country();
  c.subject.needs_support = s.needs_support();
  for (int i = 0; i < r.reported_persons_size(); ++i) {
    const auto& p = r.reported_persons(i);
    const auto idx = static_cast<size_t>(i);
    c.reported_persons.push_back({f.Open(PersonField(idx, "name"), p.name()),
                                  f.Open(PersonField(idx, "phone"), p.phone()),
                                  f.Open(PersonField(idx, "nik"), p.nik()), p.role()});
  }
  const auto& rep = r.reporter();
  c.reporter.mode = static_cast<core::ReporterMode>(rep.mode());
  c.reporter.name = f.Open("reporter.name", rep.name());
  c.reporter.contact_phone = f.Open("reporter.contact_phone", rep.contact_phone());
  c.reporter.relation = rep.relation();
  c.narrative = f.Open("narrative", r.narrative());
  c.status = static_cast<core::CaseStatus>(r.status());
  c.version = r.version();
  c.submitted_by = r.submitted_by();
  c.created_at = protomap::TimestampFromProto(r.created_at());
  c.updated_at = protomap::TimestampFromProto(r.updated_at());
  for (const auto& record : r.referrals()) {
    auto opened = OpenReferral(record);
    if (!opened.ok()) return opened.status();
    c.referrals.push_back(*std::move(opened));
  }
  c.suspected_duplicates.assign(r.suspected_duplicates().begin(), r.suspected_duplicates().end());
  c.duplicate_of = r.duplicate_of();
  c.triage_reason = f.Open("triage_reason", r.triage_reason());
  if (!f.status().ok()) return f.status();
  for (const auto& record : r.enforcement_actions()) {
    auto opened = OpenEnforcementAction(record);
    if (!opened.ok()) return opened.status();
    c.enforcement_actions.push_back(*std::move(opened));
  }
  return c;
}

absl::StatusOr<v1::ReferralRecord> CaseCodec::SealReferral(const core::Referral& in) const {
  FieldCrypt f(cipher_, in.case_id);
  v1::ReferralRecord out;
  out.set_id(in.id);
  out.set_case_id(in.case_id);
  out.set_purpose(static_cast<v1::ReferralPurpose>(in.purpose));
  out.set_target_agency(in.target_agency);
  out.set_requested_by(in.requested_by);
  out.set_rule_id(in.rule_id);
  out.set_status(static_cast<v1::ReferralStatus>(in.status));
  out.set_reason(f.Seal(ReferralField(in.id, "reason"), in.reason));
  out.set_outcome(f.Seal(ReferralField(in.id, "outcome"), in.outcome));
  *out.mutable_requested_at() = protomap::TimestampToProto(in.requested_at);
  *out.mutable_ack_deadline() = protomap::TimestampToProto(in.ack_deadline);
  out.set_escalated_from(in.escalated_from);
  out.set_escalated(in.escalated);
  *out.mutable_updated_at() = protomap::TimestampToProto(in.updated_at);
  if (!f.status().ok()) return f.status();
  return out;
}

absl::StatusOr<core::Referral> CaseCodec::OpenReferral(const v1::ReferralRecord& in) const {
  FieldCrypt f(cipher_, in.case_id());
  core::Referral out;
  out.id = in.id();
  out.case_id = in.case_id();
  out.purpose = static_cast<core::ReferralPurpose>(in.purpose());
  out.target_agency = in.target_agency();
  out.requested_by = in.requested_by();
  out.rule_id = in.rule_id();
  out.status = static_cast<core::ReferralStatus>(in.status());
  out.reason = f.Open(ReferralField(in.id(), "reason"), in.reason());
  out.outcome = f.Open(ReferralField(in.id(), "outcome"), in.outcome());
  out.requested_at = protomap::TimestampFromProto(in.requested_at());
  out.ack_deadline = protomap::TimestampFromProto(in.ack_deadline());
  out.escalated_from = in.escalated_from();
  out.escalated = in.escalated();
  out.updated_at = protomap::TimestampFromProto(in.updated_at());
  if (!f.status().ok()) return f.status();
  return out;
}

absl::StatusOr<v1::EnforcementActionRecord> CaseCodec::SealEnforcementAction(
    const core::EnforcementAction& in) const {
  FieldCrypt f(cipher_, in.case_id);
  v1::EnforcementActionRecord out;
  out.set_case_id(in.case_id);
  out.set_referral_id(in.referral_id);
  out.set_kind(static_cast<v1::EnforcementActionKind>(in.kind));
  out.set_police_report_number(in.police_report_number);
  out.set_note(f.Seal(EnforcementNoteField(in.referral_id, in.reported_at), in.note));
  out.set_actor(in.actor);
  *out.mutable_reported_at() = protomap::TimestampToProto(in.reported_at);
  if (!f.status().ok()) return f.status();
  return out;
}

absl::StatusOr<core::EnforcementAction> CaseCodec::OpenEnforcementAction(
    const v1::EnforcementActionRecord& in) const {
  FieldCrypt f(cipher_, in.case_id());
  core::EnforcementAction out;
  out.case_id = in.case_id();
  out.referral_id = in.referral_id();
  out.kind = static_cast<core::EnforcementActionKind>(in.kind());
  out.police_report_number = in.police_report_number();
  out.actor = in.actor();
  out.reported_at = protomap::TimestampFromProto(in.reported_at());
  out.note = f.Open(EnforcementNoteField(in.referral_id(), out.reported_at), in.note());
  if (!f.status().ok()) return f.status();
  return out;
}

absl::StatusOr<std::string> CaseCodec::OpenText(std::string_view case_id, std::string_view field,
                                                std::string_view sealed) const {
  FieldCrypt f(cipher_, case_id);
  std::string plain = f.Open(field, sealed);
  if (!f.status().ok()) return f.status();
  return plain;
}

absl::StatusOr<std::string> CaseCodec::SealText(std::string_view case_id, std::string_view field,
                                                std::string_view text) const {
  FieldCrypt f(cipher_, case_id);
  std::string sealed = f.Seal(field, text);
  if (!f.status().ok()) return f.status();
  return sealed;
}

}  // namespace lintas::redis
