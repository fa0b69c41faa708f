#pragma once

#include <cstddef>
#include <string_view>

#include "absl/status/statusor.h"
#include "core/domain/case.h"
#include "core/domain/region_directory.h"
#include "core/errors/field_violation.h"

namespace lintas::core {

// Limits on what one case may carry; every text field is bounded (counted in UTF-8 code points).
struct CaseLimits {
  std::size_t max_name_chars = 200;
  std::size_t max_narrative_chars = 8000;
  std::size_t max_short_text_chars = 64;  // role, relation
  std::size_t max_reported_persons = 20;
};

// Checks a case submitted by an agency and returns it normalised (phones in E.164, surrounding
// white space trimmed). Every problem is appended to `violations` with its field path under
// `path_prefix` ("case" -> "case.subject.nik", "case.reported_persons[1].phone"), at most one
// per field (the first problem found). Output-only fields of `in` (id, status, version,
// submitted_by, timestamps) are ignored and cleared. The narrative's CRLF line ends become LF.
// Descriptions never quote the submitted values: they reach logs and other agencies.
Case NormalizeNewCase(const Case& in, const RegionDirectory& regions, const CaseLimits& limits,
                      std::string_view path_prefix, FieldViolations& violations);

// 8-128 characters of [A-Za-z0-9._:-]. Appends a violation for `field` when it is not.
void ValidateIdempotencyKey(std::string_view key, std::string_view field,
                            FieldViolations& violations);

// A whole SubmitCase request: the idempotency key ("idempotency_key") and the case ("case").
// Returns the normalised case, or INVALID_ARGUMENT carrying every violation at once.
absl::StatusOr<Case> ValidateSubmission(std::string_view idempotency_key, const Case& in,
                                        const RegionDirectory& regions, const CaseLimits& limits);

}  // namespace lintas::core
