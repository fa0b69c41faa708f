#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "adapters/grpc/caller_identity.h"
#include "adapters/redis/audit_log.h"
#include "core/access/authorization.h"
#include "core/domain/agency.h"
#include "core/domain/case.h"
#include "core/ports/clock.h"

namespace lintas::services {

// What request handlers call, once per call (services/common/unary_handler.h does it for unary
// RPCs), to put it on the audit chain (adapters/redis/audit_log.h): who, what, which case, which
// personal fields the answer carried, and the outcome. It only queues; it never waits on Redis.
//
// The audit log may refuse an entry (its queue is full: Redis has been unreachable for a while).
// Our choice, by kind of call, is in the type of each function:
//  - reads of personal data fail closed: RecordRead returns AuditUnavailable(), [[nodiscard]], and
//    the handler answers with it instead of the data, so nobody sees personal data without a
//    trace;
//  - commands ignore it: the change is already durable, and answering an error would make the
//    caller retry a command that took effect. The refusal is counted and logged loudly by the
//    log instead, so RecordCommand returns nothing.
class AuditTrail {
 public:
  AuditTrail(redis::AuditLog& log, const core::Clock& clock) : log_(log), clock_(clock) {}

  // OK when the entry is queued; AuditUnavailable() when the log refused it.
  [[nodiscard]] absl::Status RecordRead(const grpcx::Caller& caller, core::Method method,
                                        std::string_view case_id,
                                        const std::vector<std::string>& fields_returned,
                                        const absl::Status& outcome) const;
  void RecordCommand(const grpcx::Caller& caller, core::Method method, std::string_view case_id,
                     const std::vector<std::string>& fields_returned,
                     const absl::Status& outcome) const;

 private:
  bool Record(const grpcx::Caller& caller, core::Method method, std::string_view case_id,
              const std::vector<std::string>& fields_returned, const absl::Status& outcome) const;

  redis::AuditLog& log_;
  const core::Clock& clock_;
};

// The answer a read gets when its audit entry could not be queued.
absl::Status AuditUnavailable();

// The personal (free-text) fields of one referral: "referrals[<id>].reason" / ".outcome".
std::vector<std::string> PersonalFieldsOf(const core::Referral& r);

}  // namespace lintas::services
