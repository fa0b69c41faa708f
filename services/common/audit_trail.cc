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

absl::Status AuditTrail::RecordRead(const grpcx::Caller& caller, core::Method method,
                                    std::string_view case_id,
                                    const std::vector<std::string>& fields_returned,
                                    const absl::Status& outcome) const {
  if (Record(caller, method, case_id, fields_returned, outcome)) return absl::OkStatus();
  return AuditUnavailable();
}

void AuditTrail::RecordCommand(const grpcx::Caller& caller, core::Method method,
                               std::string_view case_id,
                               const std::vector<std::string>& fields_returned,
                               const absl::Status& outcome) const {
  // A refusal is counted and logged by the log; the command took effect, so the answer stands.
  (void)Record(caller, method, case_id, fields_returned, outcome);
}

bool AuditTrail::Record(const grpcx::Caller& caller, core::Method method, std::string_view case_id,
                        const std::vector<std::string>& fields_returned,
                        const absl::Status& outcome) const {
  core::audit::AuditEntry entry;
  entry.agency = caller.agency->id;
  entry.cert_fingerprint = caller.cert_fingerprint;
  entry.method = std::string(core::MethodName(method));
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

}  // namespace lintas::services
