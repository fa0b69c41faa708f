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
  // An empty id must never match an empty field of a half-filled case or referral.
  if (caller.id.empty()) return false;
  if (c.submitted_by == caller.id) return true;
  // A referral sent to the caller is standing enough, whatever became of it since: the agency
  // must be able to look back at what it was asked to do. Which fields it sees is redaction's
  // question (issue 5), not this one's.
  if (std::any_of(c.referrals.begin(), c.referrals.end(),
                  [&](const Referral& r) { return r.target_agency == caller.id; })) {
    return true;
  }
  if (caller.kind != AgencyKind::kProtectionAgency) return false;
  return std::any_of(
      caller.jurisdiction.begin(), caller.jurisdiction.end(),
      [&](const std::string& prefix) { return RegionDirectory::Covers(prefix, c.region_code); });
}

void CaseIntake::Submit(const Agency& caller, std::string_view idempotency_key, const Case& draft,
                        Callback<CreateCaseResult> done) {
  auto normalized = ValidateSubmission(idempotency_key, draft, deps_.regions, deps_.limits);
  if (!normalized.ok()) return std::move(done)(normalized.status());
  Case c = *std::move(normalized);
  // The agency id cannot contain a newline (config: [a-z0-9-]), so the scoped key is unambiguous.
  const std::string scoped_key = absl::StrCat(caller.id, "\n", AsAbsl(idempotency_key));
  const Timestamp now = deps_.clock.Now();
  c.id = MakeCaseId(now, PartitionOf(scoped_key, deps_.partitions), deps_.random);
  c.status = CaseStatus::kReceived;
  c.version = 1;
  c.submitted_by = caller.id;
  c.created_at = c.updated_at = now;
  deps_.store.Create(c, scoped_key, std::move(done));
}

void CaseIntake::Get(const Agency& caller, std::string_view case_id, Callback<Case> done) {
  GetVisibleCase(deps_.store, caller, case_id, std::move(done));
}

void GetVisibleCase(CaseStore& store, const Agency& caller, std::string_view case_id,
                    Callback<Case> done) {
  store.Get(case_id, [caller, id = std::string(case_id),
                      done = std::move(done)](absl::StatusOr<Case> c) mutable {
    if (!c.ok() && c.status().code() != absl::StatusCode::kNotFound) {
      return std::move(done)(c.status());
    }
    if (!c.ok() || !MayView(caller, *c)) return std::move(done)(CaseNotFound(id));
    std::move(done)(std::move(c));
  });
}

}  // namespace lintas::core
