#pragma once

#include <string>
#include <string_view>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "core/domain/case.h"
#include "core/events/case_events.h"

namespace lintas::core {

struct CreateCaseResult {
  std::string case_id;
  std::int64_t version = 0;
  CaseStatus status = CaseStatus::kUnspecified;
  Timestamp created_at{};
  bool replayed = false;  // an earlier submission with the same key and content
};

// A completion callback. It may run on another thread (the store's I/O thread): keep it short
// and never block in it.
template <typename T>
using Callback = absl::AnyInvocable<void(absl::StatusOr<T>) &&>;

// Durable storage of cases as events plus a snapshot (Redis in production). Asynchronous, so
// that no request thread waits on a socket.
class CaseStore {
 public:
  virtual ~CaseStore() = default;
  // Atomically appends the case's CaseReceived event, writes its snapshot and records the
  // idempotency key. `c` carries its id, status and timestamps already. The key is already
  // scoped to the submitting agency. Same key and same content: the first result with
  // replayed=true, nothing written. Same key, other content: ALREADY_EXISTS. Store unreachable:
  // UNAVAILABLE.
  virtual void Create(const Case& c, std::string_view idempotency_key,
                      Callback<CreateCaseResult> done) = 0;
  // The current snapshot, personal fields opened; NOT_FOUND when there is none.
  virtual void Get(std::string_view case_id, Callback<Case> done) = 0;
  // Appends the change's events and its snapshot if the case is still at
  // change.expected_version, else ABORTED naming the current version. `effect_token` (may be
  // empty) names what caused the change, e.g. "routing:<source event id>": a change whose token
  // was applied before is not applied again, and the answer is `false` (true: applied now).
  virtual void Apply(const CaseChange& change, std::string_view effect_token,
                     Callback<bool> done) = 0;
  // OK while the store answers. Blocking: for health probes, not request paths.
  virtual absl::Status Ping() = 0;
};

}  // namespace lintas::core
