#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "adapters/grpc/caller_identity.h"
#include "adapters/redis/audit_log.h"
#include "core/access/authorization.h"
#include "core/domain/agency.h"
#include "core/domain/case.h"
#include "core/ports/clock.h"

namespace lintas::services {

// One entry a call leaves on the audit chain.
struct AuditNote {
  std::string case_id;              // "" when the call named no case
  std::vector<std::string> fields;  // personal fields the answer carries about that case
  absl::Status outcome;
};

// What request handlers call, once per call (services/common/unary_handler.h does it for unary
// RPCs), to put it on the audit chain (adapters/redis/audit_log.h): who, what, which case, which
// personal fields the answer carried, and the outcome.
//
// Reads of personal data wait for their entries: the answer leaves only once its entries are
// durable in Redis (the append script returned OK; many calls share one script), so that no crash
// can leave a read answered without a trace. When the log cannot say so (its queue is full, Redis
// fails, or the entry waited AuditLog::Options::max_wait) the read fails closed with
// AuditUnavailable() and carries nothing. Two ways to wait, never on a gRPC thread:
//  - RecordReadsThen: a continuation, called from the audit writer's thread (or at once when the
//    log refuses), for the unary skeleton;
//  - RecordReads: blocks the calling thread, for the feeds' render threads, which block on Redis
//    anyway; one wait covers a whole page.
// Commands only queue (RecordCommand): the change is already durable, and answering an error
// would make the caller retry a command that took effect; a refusal is counted and logged by the
// log. The skeleton still waits for a command's entry when its answer shows personal fields
// (services/common/unary_handler.h).
class AuditTrail {
 public:
  using Then = absl::AnyInvocable<void(absl::Status) &&>;

  AuditTrail(redis::AuditLog& log, const core::Clock& clock) : log_(log), clock_(clock) {}

  // Calls `then` exactly once: OK when every entry is in Redis, AuditUnavailable() otherwise.
  // `then` must be short and must not block: it usually runs on the audit writer's thread.
  void RecordReadsThen(const grpcx::Caller& caller, core::Method method,
                       const std::vector<AuditNote>& notes, Then then) const;
  // The same, waiting for the answer.
  [[nodiscard]] absl::Status RecordReads(const grpcx::Caller& caller, core::Method method,
                                         const std::vector<AuditNote>& notes) const;
  void RecordCommand(const grpcx::Caller& caller, core::Method method, std::string_view case_id,
                     const std::vector<std::string>& fields_returned,
                     const absl::Status& outcome) const;

 private:
  core::audit::AuditEntry Entry(const grpcx::Caller& caller, core::Method method,
                                std::string_view case_id,
                                const std::vector<std::string>& fields_returned,
                                const absl::Status& outcome) const;

  redis::AuditLog& log_;
  const core::Clock& clock_;
};

// The answer a read gets when its audit entry could not be made durable.
absl::Status AuditUnavailable();

// The personal (free-text) fields of one referral: "referrals[<id>].reason" / ".outcome".
std::vector<std::string> PersonalFieldsOf(const core::Referral& r);

}  // namespace lintas::services
