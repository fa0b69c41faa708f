#include "services/common/unary_handler.h"

#include <utility>

#include "adapters/grpc/status_mapping.h"
#include "spdlog/spdlog.h"

namespace lintas::services {

std::optional<UnaryHandler::Pending> UnaryHandler::Admit(grpc::CallbackServerContext* context,
                                                         grpc::ServerUnaryReactor* reactor,
                                                         UnaryCall& call) const {
  auto caller = auth_.Authorize(*context, call.method);
  absl::Status admitted = caller.status();
  if (admitted.ok() && call.check) admitted = std::move(call.check)();
  if (!admitted.ok()) {
    reactor->Finish(grpcx::ToGrpcStatus(admitted));
    return std::nullopt;
  }
  return Pending{reactor, *std::move(caller), call.method, call.audit, call.response};
}

grpc::ServerUnaryReactor* UnaryHandler::Async(grpc::CallbackServerContext* context, UnaryCall call,
                                              AsyncWork work) const {
  auto* reactor = context->DefaultReactor();  // once per call: it constructs the reactor
  std::optional<Pending> pending = Admit(context, reactor, call);
  if (!pending) return reactor;
  auto done = [this, p = *pending](CallResult result) { Conclude(p, std::move(result)); };
  std::move(work)(pending->caller, std::move(done));
  return reactor;
}

grpc::ServerUnaryReactor* UnaryHandler::Blocking(grpc::CallbackServerContext* context,
                                                 UnaryCall call, const NamedExecutor& on,
                                                 BlockingWork work) const {
  auto* reactor = context->DefaultReactor();  // once per call: it constructs the reactor
  std::optional<Pending> pending = Admit(context, reactor, call);
  if (!pending) return reactor;
  const bool queued = on.threads.TrySubmit([this, p = *pending, work = std::move(work)]() mutable {
    Conclude(p, std::move(work)(p.caller));
  });
  if (!queued) {
    spdlog::warn("{} by {} refused: too many {} waiting", core::MethodName(pending->method),
                 pending->caller.agency->id, on.name);
    pending->reactor->Finish(
        grpcx::ToGrpcStatus(absl::ResourceExhaustedError(std::string(on.busy_message))));
  }
  return reactor;
}

void UnaryHandler::Audit(const Pending& call, CallResult result,
                         absl::AnyInvocable<void(absl::Status) &&> then) const {
  if (call.audit == AuditRule::kRead) {
    // Fail closed: the answer leaves once its entries are durable, or carries nothing. An error
    // answer carries no personal data and keeps its own status.
    audit_.RecordReadsThen(call.caller, call.method, result.audit,
                           [response = call.response, answer = std::move(result.status),
                            then = std::move(then)](absl::Status recorded) mutable {
                             if (!recorded.ok() && answer.ok()) {
                               response->Clear();
                               answer = std::move(recorded);
                             }
                             std::move(then)(std::move(answer));
                           });
    return;
  }
  bool shows_personal_data = false;
  for (const AuditNote& note : result.audit)
    shows_personal_data = shows_personal_data || !note.fields.empty();
  if (result.status.ok() && shows_personal_data) {
    // The answer stands (the change happened) but waits, so that no crash leaves the personal
    // data it shows without a trace.
    audit_.RecordReadsThen(call.caller, call.method, result.audit,
                           [answer = std::move(result.status), then = std::move(then)](
                               absl::Status) mutable { std::move(then)(std::move(answer)); });
    return;
  }
  for (const AuditNote& note : result.audit)
    audit_.RecordCommand(call.caller, call.method, note.case_id, note.fields, note.outcome);
  std::move(then)(std::move(result.status));
}

void UnaryHandler::Conclude(const Pending& call, CallResult result) const {
  Audit(call, std::move(result), [reactor = call.reactor](absl::Status answer) {
    reactor->Finish(grpcx::ToGrpcStatus(answer));
  });
}

}  // namespace lintas::services
