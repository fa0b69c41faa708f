#pragma once

#include <chrono>

#include "adapters/grpc/caller_identity.h"
#include "adapters/redis/inbox.h"
#include "core/ports/clock.h"
#include "lintas/v1/notification.grpc.pb.h"
#include "services/common/audit_trail.h"
#include "services/common/case_views.h"
#include "services/common/unary_handler.h"
#include "services/feeds/feeds.h"

namespace lintas::feeds {

// Ack also forgets the inbox's dedupe records older than this: the notify worker redelivers an
// event only while its consumer-group entry is pending, which is minutes, never a month.
inline constexpr std::chrono::hours kForgetSeenAfter{24 * 30};

// lintas.v1.NotificationService on gRPC's callback API: Subscribe streams the caller's inbox
// (redacted for it at delivery, through CaseViews), Ack records its progress. Every notification
// is put on the audit trail with the personal fields it carries before it is sent; when the
// trail cannot take it the stream ends with UNAVAILABLE (fail closed, like every read).
class NotificationService final : public v1::NotificationService::CallbackService {
 public:
  NotificationService(const grpcx::CallerAuthenticator& auth, const services::AuditTrail& audit,
                      Feeds& feeds, services::CaseViews& views, redis::Inbox& inbox,
                      const core::Clock& clock);

  grpc::ServerWriteReactor<v1::SubscribeResponse>* Subscribe(
      grpc::CallbackServerContext* context, const v1::SubscribeRequest* request) override;
  grpc::ServerUnaryReactor* Ack(grpc::CallbackServerContext* context, const v1::AckRequest* request,
                                v1::AckResponse* response) override;

 private:
  const grpcx::CallerAuthenticator& auth_;
  const services::AuditTrail& audit_;
  const services::UnaryHandler calls_;  // Ack
  Feeds& feeds_;
  services::CaseViews& views_;
  redis::Inbox& inbox_;
  const core::Clock& clock_;
  const services::NamedExecutor acks_;  // the feeds' render threads
};

}  // namespace lintas::feeds
