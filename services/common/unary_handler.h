#pragma once

#include <grpcpp/support/server_callback.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "adapters/grpc/caller_identity.h"
#include "core/access/authorization.h"
#include "google/protobuf/message.h"
#include "services/common/audit_trail.h"
#include "services/common/blocking_executor.h"

namespace lintas::services {

// What the work of a call ends with: its answer, and the entries to record before it goes out.
struct CallResult {
  absl::Status status;
  std::vector<AuditNote> audit;
};

// How a call waits for its entries and treats one the audit log cannot write
// (services/common/audit_trail.h).
enum class AuditRule {
  // The answer waits until its entries are durable; fail closed: when they are not, an OK answer
  // becomes UNAVAILABLE and the response is cleared.
  kRead,
  // The change is durable already, so the answer stands whatever the log says (the log counts
  // and logs a refusal). An answer that shows personal fields (a note lists fields) still waits
  // for its entries, as a read's does; others go at once.
  kCommand,
};

// What a unary RPC is, for the skeleton.
struct UnaryCall {
  core::Method method;
  AuditRule audit;
  google::protobuf::Message* response;  // valid until the call is finished
  // Optional checks of the request that need no I/O: after authorisation, before the work is
  // queued, so that a bad request is told so even when the executor is full.
  absl::AnyInvocable<absl::Status()&&> check = nullptr;
};

// A pool of our threads for work that blocks, and what a caller hears when it is full.
struct NamedExecutor {
  std::string_view name;  // for the log: "case reads"
  BlockingExecutor& threads;
  std::string_view busy_message;  // RESOURCE_EXHAUSTED's message
};

// The one skeleton of every unary RPC (the server streams are services/feeds'):
//   authenticate and authorise (CallerAuthenticator) -> check the request -> run the work,
//   asynchronously on a Redis lane or on a named executor -> audit -> finish, with the one
//   status mapping (adapters/grpc/status_mapping).
// No gRPC thread waits: asynchronous work finishes the call from the lane's I/O thread,
// blocking work from the executor's.
//
// The audit step takes a continuation: a reply that carries personal data waits there, without
// holding a thread, until its entries are durable in Redis; the audit writer's thread then
// finishes the call (AuditTrail::RecordReadsThen).
class UnaryHandler {
 public:
  // Hands the call's result back, exactly once, from any thread.
  using Done = absl::AnyInvocable<void(CallResult) &&>;
  // Work that answers later through `done` (a Redis lane's callback): nothing blocks. The caller
  // is valid while the work runs; a callback keeps a copy of what it needs.
  using AsyncWork = absl::AnyInvocable<void(const grpcx::Caller&, Done) &&>;
  // Work that blocks (index pages, several dependent round trips): runs on a NamedExecutor.
  using BlockingWork = absl::AnyInvocable<CallResult(const grpcx::Caller&) &&>;

  // Both must outlive every call (and so the gRPC server).
  UnaryHandler(const grpcx::CallerAuthenticator& auth, const AuditTrail& audit)
      : auth_(auth), audit_(audit) {}

  grpc::ServerUnaryReactor* Async(grpc::CallbackServerContext* context, UnaryCall call,
                                  AsyncWork work) const;
  // RESOURCE_EXHAUSTED with `on.busy_message` when `on` has too many jobs waiting.
  grpc::ServerUnaryReactor* Blocking(grpc::CallbackServerContext* context, UnaryCall call,
                                     const NamedExecutor& on, BlockingWork work) const;

 private:
  // What the last two steps need of the call once the work runs.
  struct Pending {
    grpc::ServerUnaryReactor* reactor;
    grpcx::Caller caller;
    core::Method method;
    AuditRule audit;
    google::protobuf::Message* response;
  };

  // Authorises and checks; on refusal finishes the call and returns nothing.
  std::optional<Pending> Admit(grpc::CallbackServerContext* context,
                               grpc::ServerUnaryReactor* reactor, UnaryCall& call) const;
  // Records the result's entries, then calls `then` with the answer to send.
  void Audit(const Pending& call, CallResult result,
             absl::AnyInvocable<void(absl::Status) &&> then) const;
  void Conclude(const Pending& call, CallResult result) const;

  const grpcx::CallerAuthenticator& auth_;
  const AuditTrail& audit_;
};

}  // namespace lintas::services
