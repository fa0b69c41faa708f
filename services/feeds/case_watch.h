#pragma once

#include <grpcpp/support/server_callback.h>

#include "adapters/grpc/caller_identity.h"
#include "lintas/v1/case_status.pb.h"

namespace lintas::feeds {

// Starts CaseStatusService.WatchCase streams: CaseStatusService hands each authorised call here,
// so that the service's unary methods and its one stream share one gRPC service class.
class CaseWatchStarter {
 public:
  virtual ~CaseWatchStarter() = default;
  // A reactor that streams the case's timeline after request->after(), then its new events and
  // heartbeats; `caller.agency` outlives the call (the agency registry lives as long as the
  // server), and the certificate fingerprint goes into every audit entry of the stream.
  virtual grpc::ServerWriteReactor<v1::WatchCaseResponse>* StartWatch(
      grpc::CallbackServerContext* context, const v1::WatchCaseRequest* request,
      const grpcx::Caller& caller) = 0;
};

}  // namespace lintas::feeds
