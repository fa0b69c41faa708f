#include "services/common/audit_trail.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "core/util/string_view.h"

namespace lintas::services {
namespace {

// A case id comes from the request; the entry keeps at most this much of it.
constexpr std::size_t kMaxCaseIdBytes = 128;

void AddIf(std::vector<std::string>& out, const std::string& value, std::string path) {
  if (!value.empty()) out.push_back(std::move(path));
}

}  // namespace

bool AuditTrail::RecordCall(const core::Agency& agency, std::string_view cert_fingerprint,
                            std::string_view method, std::string_view case_id,
                            const std::vector<std::string>& fields_returned,
                            const absl::Status& outcome) const {
  core::audit::AuditEntry entry;
  entry.agency = agency.id;
  entry.cert_fingerprint = std::string(cert_fingerprint);
  entry.method = std::string(method);
  entry.case_id = std::string(case_id.substr(0, kMaxCaseIdBytes));
  // Paths are ours and never hold a comma; should one ever, it must not split into two.
  std::vector<std::string> fields = fields_returned;
  for (std::string& f : fields) {
    for (char& c : f) {
      if (c == ',') c = ';';
    }
  }
  core::audit::JoinFields(fields, entry.fields);
  entry.outcome = AsStd(absl::StatusCodeToString(outcome.code()));
  entry.time_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch())
          .count();
  return log_.Record(std::move(entry));
}

absl::Status AuditUnavailable() {
  return absl::UnavailableError(
      "the audit trail cannot record this read right now; no personal data is returned without "
      "it. Retry shortly");
}

std::vector<std::string> PersonalFieldsOf(const core::Referral& r) {
  std::vector<std::string> out;
  AddIf(out, r.reason, absl::StrCat("referrals[", r.id, "].reason"));
  AddIf(out, r.outcome, absl::StrCat("referrals[", r.id, "].outcome"));
  return out;
}

std::vector<std::string> PersonalFieldsOf(const core::Case& c) {
  std::vector<std::string> out;
  AddIf(out, c.subject.full_name, "subject.full_name");
  AddIf(out, c.subject.nik, "subject.nik");
  AddIf(out, c.subject.phone, "subject.phone");
  for (std::size_t i = 0; i < c.reported_persons.size(); ++i) {
    const core::ReportedPerson& p = c.reported_persons[i];
    const std::string at = absl::StrCat("reported_persons[", i, "].");
    AddIf(out, p.name, at + "name");
    AddIf(out, p.phone, at + "phone");
    AddIf(out, p.nik, at + "nik");
  }
  AddIf(out, c.reporter.name, "reporter.name");
  AddIf(out, c.reporter.contact_phone, "reporter.contact_phone");
  AddIf(out, c.narrative, "narrative");
  AddIf(out, c.triage_reason, "triage_reason");
  for (const core::Referral& r : c.referrals) {
    for (std::string& f : PersonalFieldsOf(r))
      out.push_back(std::move(f));
  }
  return out;
}

}  // namespace lintas::services
