#pragma once

#include <grpcpp/server.h>

#include <memory>
#include <string>

namespace lintas::bench {

// The baseline server: lintas.bench.Echo on a free loopback port, plaintext, built the way lintasd
// builds its server (gRPC's callback API: handlers on gRPC's own threads, no thread per call), so
// that SubmitCase / echo compares lintasd's work, not two different gRPC server models.
class EchoServer {
 public:
  // Binds 127.0.0.1:0 and starts serving. Returns nullptr when the server could not start.
  static std::unique_ptr<EchoServer> Start();
  ~EchoServer();

  EchoServer(const EchoServer&) = delete;
  EchoServer& operator=(const EchoServer&) = delete;

  // "127.0.0.1:<port the kernel picked>".
  const std::string& address() const { return address_; }

 private:
  class Service;
  EchoServer(std::unique_ptr<Service> service, std::unique_ptr<grpc::Server> server, int port);

  std::unique_ptr<Service> service_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
};

}  // namespace lintas::bench
