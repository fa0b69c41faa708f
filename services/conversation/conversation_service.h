#pragma once

#include <algorithm>

#include "adapters/grpc/caller_identity.h"
#include "core/ports/case_store.h"
#include "core/ports/clock.h"
#include "core/ports/field_cipher.h"
#include "lintas/v1/conversation.grpc.pb.h"
#include "services/common/audit_trail.h"
#include "services/common/blocking_executor.h"
#include "services/common/case_views.h"
#include "services/common/conversation_reader.h"
#include "services/common/unary_handler.h"

namespace lintas::conversation {

// gRPC handlers of lintas.v1.ConversationService (the conversation with a portal reporter,
// docs/portal.md), on the unary skeleton. A separate service rather than methods on
// CaseStatusService: its standing is narrower than a case read (core::CheckMayConverse), it
// writes, and it is served with the status service by `--services=status`.
//  - ListReporterMessages blocks (the case, then timeline pages): it runs on a few threads of its
//    own, and its answer waits until its audit entry is durable (kRead, fail closed).
//  - SendReporterMessage loads the case and appends the answer on the store's lane (core::
//    AnswerReporter decides), the caller's idempotency key as the append's effect token (keyed
//    digest), so a retry sends one message.
class ConversationService final : public v1::ConversationService::CallbackService {
 public:
  struct Options {
    int threads = 2;       // threads that run listings
    int max_pending = 64;  // listings waiting for a thread before RESOURCE_EXHAUSTED
  };
  struct Deps {
    const grpcx::CallerAuthenticator& auth;
    const services::AuditTrail& audit;
    core::CaseStore& store;
    services::CaseViews& views;
    services::ConversationReader& reader;
    const core::KeyedHasher& hasher;
    const core::Clock& clock;
  };

  ConversationService(Deps deps, Options options)
      : deps_(deps),
        calls_(deps.auth, deps.audit),
        executor_("conversation", options.threads,
                  static_cast<std::size_t>(std::max(options.max_pending, 1))) {}

  grpc::ServerUnaryReactor* ListReporterMessages(
      grpc::CallbackServerContext* context, const v1::ListReporterMessagesRequest* request,
      v1::ListReporterMessagesResponse* response) override;
  grpc::ServerUnaryReactor* SendReporterMessage(grpc::CallbackServerContext* context,
                                                const v1::SendReporterMessageRequest* request,
                                                v1::SendReporterMessageResponse* response) override;

 private:
  const Deps deps_;
  const services::UnaryHandler calls_;
  // Last: destroyed first, so that listings still queued finish while the rest is alive.
  services::BlockingExecutor executor_;
  const services::NamedExecutor reads_{"conversation reads", executor_,
                                       "too many conversation reads at once; retry shortly"};
};

}  // namespace lintas::conversation
