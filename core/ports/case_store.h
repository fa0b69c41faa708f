#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "core/domain/case.h"

namespace lintas::core {

struct CreateCaseResult {
  std::string case_id;
  std::int64_t version = 0;
  CaseStatus status = CaseStatus::kUnspecified;
  Timestamp created_at{};
  bool replayed = false;  // an earlier submission with the same key and content
};

// Durable storage of cases as events plus a snapshot (Redis in production).
class CaseStore {
 public:
  virtual ~CaseStore() = default;
  // Atomically appends the case's CaseReceived event, writes its snapshot and records the
  // idempotency key. `c` carries its id, status and timestamps already. The key is already
  // scoped to the submitting agency. Same key and same content: the first result with
  // replayed=true, nothing written. Same key, other content: ALREADY_EXISTS. Store unreachable:
  // UNAVAILABLE.
  virtual absl::StatusOr<CreateCaseResult> Create(const Case& c,
                                                  std::string_view idempotency_key) = 0;
  // The current snapshot, personal fields opened; NOT_FOUND when there is none.
  virtual absl::StatusOr<Case> Get(std::string_view case_id) = 0;
  // OK while the store answers.
  virtual absl::Status Ping() = 0;
};

}  // namespace lintas::core
