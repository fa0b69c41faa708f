#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/http/connection_deadlines.h"

struct MHD_Daemon;

namespace lintas::http {

// One request as a handler sees it: the body read whole (up to the server's limit), the query
// decoded. `client_ip` is for in-memory limits only: never log it, never store it.
struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // without the query
  std::vector<std::pair<std::string, std::string>> query;
  std::string content_type;
  std::string accept_encoding;  // for serving a compressed static file
  std::string body;
  std::string client_ip;
  bool tls = false;

  // The first query value named `name`; empty when absent.
  std::string_view Query(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  static HttpResponse Text(int status, std::string body);
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// Exact paths to handlers, per method. Unknown path: 404; known path, other method: 405.
class Router {
 public:
  void Add(std::string method, std::string path, HttpHandler handler);
  HttpResponse Dispatch(const HttpRequest& request) const;

 private:
  std::map<std::string, std::map<std::string, HttpHandler>, std::less<>> routes_;  // by path
};

struct HttpServerOptions {
  std::string host = "127.0.0.1";  // an IPv4 or IPv6 literal
  int port = 0;                    // 0: any free port (see HttpServer::port)
  // PEM. Both empty: plain HTTP (the caller allows that on loopback only).
  std::string cert_pem;
  std::string key_pem;
  int threads = 4;                  // a fixed pool: each thread serves many connections
  int max_connections = 512;        // in total; more are refused at accept
  int max_connections_per_ip = 16;  // per client address (slowloris)
  int idle_timeout_s = 10;          // a connection silent this long is closed
  std::chrono::milliseconds header_timeout{10000};  // from accept to the end of the headers
  std::chrono::milliseconds body_timeout{20000};    // from accept to the end of the body
  std::size_t max_body_bytes = 64 * 1024;
  std::size_t max_header_bytes = 16 * 1024;  // request line and headers, roughly
  // A GET answer (text or JSON) at least this long is sent gzip-compressed to a client that
  // accepts it; 0: never. Not POST answers: they may echo what the client sent next to a secret
  // (a form token, a tracking code), and compressing both together leaks the secret (BREACH).
  std::size_t gzip_min_bytes = 1024;
};

// An HTTP/1.1 server on libmicrohttpd (docs/portal.md says why): a fixed thread pool on epoll,
// connection caps in total and per client address, an idle timeout, deadlines for the headers
// and the body (ConnectionDeadlines cuts a connection that misses one), a body size limit, TLS 1.2+
// with GnuTLS when given a certificate. Handlers run on the pool's threads and may block briefly (a
// Redis round trip); a slow handler holds one of `threads`, so keep their work short.
class HttpServer {
 public:
  // INVALID_ARGUMENT for bad options, UNAVAILABLE when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(HttpServerOptions options,
                                                           Router router);
  ~HttpServer();  // Stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const { return port_; }
  bool tls() const { return !options_.cert_pem.empty(); }
  // Stops accepting, closes every connection, joins the threads.
  void Stop();
  // Connections cut at their header or body deadline so far.
  std::size_t connections_cut() const;

  struct Impl;  // the libmicrohttpd callbacks (http_server.cc)

 private:
  HttpServer(HttpServerOptions options, Router router);

  const HttpServerOptions options_;
  const Router router_;
  std::unique_ptr<ConnectionDeadlines> deadlines_;  // outlives the daemon's callbacks
  MHD_Daemon* daemon_ = nullptr;
  int port_ = 0;
};

}  // namespace lintas::http
