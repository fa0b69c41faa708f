#include "core/intake/case_intake.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/ids/ids.h"
#include "core/util/string_view.h"

namespace lintas::core {
namespace {

absl::Status CaseNotFound(std::string_view case_id) {
  return absl::NotFoundError(absl::StrCat("case ", AsAbsl(case_id), " not found"));
}

}  // namespace

bool MayView(const Agency& caller, const Case& c) {
  if (c.submitted_by == caller.id) return true;
  if (caller.kind != AgencyKind::kProtectionAgency) return false;
  return std::any_of(
      caller.jurisdiction.begin(), caller.jurisdiction.end(),
      [&](const std::string& prefix) { return RegionDirectory::Covers(prefix, c.region_code); });
}

absl::StatusOr<CreateCaseResult> CaseIntake::Submit(const Agency& caller,
                                                    std::string_view idempotency_key,
                                                    const Case& draft) {
  auto normalized = ValidateSubmission(idempotency_key, draft, deps_.regions, deps_.limits);
  if (!normalized.ok()) return normalized.status();
  Case c = *std::move(normalized);
  // The agency id cannot contain a newline (config: [a-z0-9-]), so the scoped key is unambiguous.
  const std::string scoped_key = absl::StrCat(caller.id, "\n", AsAbsl(idempotency_key));
  const Timestamp now = deps_.clock.Now();
  c.id = MakeCaseId(now, PartitionOf(scoped_key, deps_.partitions), deps_.random);
  c.status = CaseStatus::kReceived;
  c.version = 1;
  c.submitted_by = caller.id;
  c.created_at = c.updated_at = now;
  return deps_.store.Create(c, scoped_key);
}

absl::StatusOr<Case> CaseIntake::Get(const Agency& caller, std::string_view case_id) {
  auto c = deps_.store.Get(case_id);
  if (!c.ok())
    return c.status().code() == absl::StatusCode::kNotFound ? CaseNotFound(case_id) : c.status();
  if (!MayView(caller, *c)) return CaseNotFound(case_id);
  return c;
}

}  // namespace lintas::core
