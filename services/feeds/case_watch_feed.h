#pragma once

#include "adapters/redis/key_layout.h"
#include "services/common/audit_trail.h"
#include "services/common/case_views.h"
#include "services/feeds/case_watch.h"
#include "services/feeds/feeds.h"

namespace lintas::feeds {

// CaseStatusService.WatchCase streams: the case's timeline after a position, then its new events
// as they are appended, redacted for the caller, with heartbeats and the slow-reader cut-off of
// every feed. The case is reloaded for each page, so a caller that loses sight of the case
// (NOT_FOUND) stops receiving it, and redaction follows the case's current referrals. Each page
// goes on the audit trail (CaseStatusService/WatchCase, the free-text fields it carries) before
// it is sent; when the trail cannot take it the stream ends with UNAVAILABLE.
class CaseWatchFeed final : public CaseWatchStarter {
 public:
  CaseWatchFeed(Feeds& feeds, const services::AuditTrail& audit, services::CaseViews& views,
                redis::KeyLayout keys)
      : feeds_(feeds), audit_(audit), views_(views), keys_(std::move(keys)) {}

  grpc::ServerWriteReactor<v1::WatchCaseResponse>* StartWatch(grpc::CallbackServerContext* context,
                                                              const v1::WatchCaseRequest* request,
                                                              const grpcx::Caller& caller) override;

 private:
  Feeds& feeds_;
  const services::AuditTrail& audit_;
  services::CaseViews& views_;
  const redis::KeyLayout keys_;
};

}  // namespace lintas::feeds
