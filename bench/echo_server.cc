#include "bench/echo_server.h"

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <utility>

#include "echo.grpc.pb.h"

namespace lintas::bench {

// The callback API, as lintasd's services use, so that the ratio compares like with like.
class EchoServer::Service final : public Echo::CallbackService {
 public:
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context, const EchoMessage* request,
                                 EchoMessage* response) override {
    *response = *request;
    auto* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

std::unique_ptr<EchoServer> EchoServer::Start() {
  auto service = std::make_unique<Service>();
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(service.get());
  auto server = builder.BuildAndStart();
  if (server == nullptr || port == 0) return nullptr;
  return std::unique_ptr<EchoServer>(new EchoServer(std::move(service), std::move(server), port));
}

EchoServer::EchoServer(std::unique_ptr<Service> service, std::unique_ptr<grpc::Server> server,
                       int port)
    : service_(std::move(service)),
      server_(std::move(server)),
      address_("127.0.0.1:" + std::to_string(port)) {}

EchoServer::~EchoServer() {
  server_->Shutdown();
  server_->Wait();
}

}  // namespace lintas::bench
