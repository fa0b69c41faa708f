#include "adapters/http/http_server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "adapters/http/gzip.h"

namespace lintas::http {
namespace {

using Phase = ConnectionDeadlines::Phase;

// Per request (MHD's con_cls): the body as it arrives.
struct RequestState {
  std::string body;
};

std::string ClientIp(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (info == nullptr || info->client_addr == nullptr) return {};
  char text[INET6_ADDRSTRLEN] = {};
  const sockaddr* addr = info->client_addr;
  if (addr->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(addr)->sin_addr, text, sizeof text);
  } else if (addr->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr, text, sizeof text);
  }
  return text;
}

MHD_Result AddQuery(void* cls, MHD_ValueKind, const char* key, const char* value) {
  auto* query = static_cast<std::vector<std::pair<std::string, std::string>>*>(cls);
  if (query->size() < 64) query->emplace_back(key, value != nullptr ? value : "");
  return MHD_YES;
}

MHD_Result Queue(MHD_Connection* connection, const HttpResponse& answer) {
  MHD_Response* response = MHD_create_response_from_buffer(
      answer.body.size(), const_cast<char*>(answer.body.data()), MHD_RESPMEM_MUST_COPY);
  if (response == nullptr) return MHD_NO;
  for (const auto& [name, value] : answer.headers) {
    MHD_add_response_header(response, name.c_str(), value.c_str());
  }
  const MHD_Result queued =
      MHD_queue_response(connection, static_cast<unsigned>(answer.status), response);
  MHD_destroy_response(response);
  return queued;
}

// See HttpServerOptions::gzip_min_bytes.
void MaybeCompress(const HttpServerOptions& o, const HttpRequest& request, HttpResponse& answer) {
  if (o.gzip_min_bytes == 0 || request.method != "GET" || answer.body.size() < o.gzip_min_bytes ||
      !AcceptsGzip(request.accept_encoding)) {
    return;
  }
  bool compressible = false;
  for (const auto& [name, value] : answer.headers) {
    if (absl::EqualsIgnoreCase(name, "Content-Encoding")) return;  // compressed already
    if (absl::EqualsIgnoreCase(name, "Content-Type")) {
      compressible =
          absl::StartsWith(value, "text/") || absl::StartsWith(value, "application/json");
    }
  }
  if (!compressible) return;
  std::string packed = Gzip(answer.body, 6);
  if (packed.empty() || packed.size() >= answer.body.size()) return;
  answer.body = std::move(packed);
  answer.headers.emplace_back("Content-Encoding", "gzip");
  answer.headers.emplace_back("Vary", "Accept-Encoding");
}

}  // namespace

struct HttpServer::Impl {
  // libmicrohttpd calls this with STARTED at the accept and with CLOSED before it closes the
  // socket.
  static void OnConnection(void* cls, MHD_Connection* connection, void**,
                           MHD_ConnectionNotificationCode code) {
    ConnectionDeadlines& deadlines = *static_cast<HttpServer*>(cls)->deadlines_;
    if (code != MHD_CONNECTION_NOTIFY_STARTED) {
      deadlines.Close(connection);
      return;
    }
    if (const MHD_ConnectionInfo* info =
            MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD)) {
      deadlines.Open(connection, info->connect_fd);
    }
  }

  static void OnCompleted(void* cls, MHD_Connection* connection, void** con_cls,
                          MHD_RequestTerminationCode) {
    delete static_cast<RequestState*>(*con_cls);
    *con_cls = nullptr;
    static_cast<HttpServer*>(cls)->deadlines_->Restart(connection);
  }

  static MHD_Result OnRequest(void* cls, MHD_Connection* connection, const char* url,
                              const char* method, const char*, const char* upload_data,
                              std::size_t* upload_data_size, void** con_cls) {
    const HttpServer& server = *static_cast<const HttpServer*>(cls);
    const HttpServerOptions& o = server.options_;
    ConnectionDeadlines& deadlines = *server.deadlines_;
    if (*con_cls == nullptr) {
      const auto elapsed = deadlines.Enter(connection, Phase::kBody);
      // The headers are in: refuse them if they took too long (a slowloris that trickled them in
      // under the idle timeout).
      if (elapsed > o.header_timeout) {
        return Queue(connection, HttpResponse::Text(408, "Request Timeout\n"));
      }
      const char* length =
          MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
      std::uint64_t declared = 0;
      if (length != nullptr && absl::SimpleAtoi(length, &declared) && declared > o.max_body_bytes) {
        return Queue(connection, HttpResponse::Text(413, "Payload Too Large\n"));
      }
      *con_cls = new RequestState();
      return MHD_YES;
    }
    auto* state = static_cast<RequestState*>(*con_cls);
    if (*upload_data_size > 0) {
      // A response cannot be queued while the body arrives: close the connection instead.
      if (deadlines.Enter(connection, Phase::kBody) > o.body_timeout) return MHD_NO;
      if (state->body.size() + *upload_data_size > o.max_body_bytes) return MHD_NO;
      state->body.append(upload_data, *upload_data_size);
      *upload_data_size = 0;
      return MHD_YES;
    }
    deadlines.Enter(connection, Phase::kHandling);
    HttpRequest request;
    request.method = method;
    request.path = url;
    request.body = std::move(state->body);
    request.client_ip = ClientIp(connection);
    request.tls = server.tls();
    MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, AddQuery, &request.query);
    if (const char* type = MHD_lookup_connection_value(connection, MHD_HEADER_KIND,
                                                       MHD_HTTP_HEADER_CONTENT_TYPE)) {
      request.content_type = type;
    }
    if (const char* accepted = MHD_lookup_connection_value(connection, MHD_HEADER_KIND,
                                                           MHD_HTTP_HEADER_ACCEPT_ENCODING)) {
      request.accept_encoding = accepted;
    }
    HttpResponse answer = server.router_.Dispatch(request);
    MaybeCompress(o, request, answer);
    return Queue(connection, answer);
  }
};

std::string_view HttpRequest::Query(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return value;
  }
  return {};
}

HttpResponse HttpResponse::Text(int status, std::string body) {
  return HttpResponse{status, {{"Content-Type", "text/plain; charset=utf-8"}}, std::move(body)};
}

void Router::Add(std::string method, std::string path, HttpHandler handler) {
  routes_[std::move(path)][std::move(method)] = std::move(handler);
}

HttpResponse Router::Dispatch(const HttpRequest& request) const {
  const auto path = routes_.find(request.path);
  if (path == routes_.end()) return HttpResponse::Text(404, "Not Found\n");
  const auto handler = path->second.find(request.method);
  if (handler == path->second.end()) {
    std::string allow;
    for (const auto& [method, unused] : path->second) {
      absl::StrAppend(&allow, allow.empty() ? "" : ", ", method);
    }
    HttpResponse answer = HttpResponse::Text(405, "Method Not Allowed\n");
    answer.headers.emplace_back("Allow", allow);
    return answer;
  }
  return handler->second(request);
}

HttpServer::HttpServer(HttpServerOptions options, Router router)
    : options_(std::move(options)), router_(std::move(router)) {}

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(HttpServerOptions options,
                                                              Router router) {
  if (options.cert_pem.empty() != options.key_pem.empty()) {
    return absl::InvalidArgumentError("give both a certificate and its key, or neither");
  }
  if (options.threads < 1 || options.max_connections < 1 || options.max_connections_per_ip < 1 ||
      options.idle_timeout_s < 1) {
    return absl::InvalidArgumentError("threads, connection limits and timeouts must be positive");
  }
  sockaddr_storage address{};
  socklen_t address_size = 0;
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
  if (inet_pton(AF_INET, options.host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<std::uint16_t>(options.port));
    address_size = sizeof(sockaddr_in);
  } else if (inet_pton(AF_INET6, options.host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<std::uint16_t>(options.port));
    address_size = sizeof(sockaddr_in6);
    flags |= MHD_USE_IPv6;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("'", options.host, "' is not an IPv4 or IPv6 address"));
  }
  (void)address_size;
  std::unique_ptr<HttpServer> server(new HttpServer(std::move(options), std::move(router)));
  const HttpServerOptions& o = server->options_;
  server->deadlines_ = std::make_unique<ConnectionDeadlines>(o.header_timeout, o.body_timeout);
  if (!o.cert_pem.empty()) flags |= MHD_USE_TLS;
  // Without MHD_USE_ERROR_LOG the library logs nothing: its messages could name a client.
  std::vector<MHD_OptionItem> items = {
      {MHD_OPTION_SOCK_ADDR, 0, &address},
      {MHD_OPTION_THREAD_POOL_SIZE, static_cast<intptr_t>(o.threads), nullptr},
      {MHD_OPTION_CONNECTION_LIMIT, static_cast<intptr_t>(o.max_connections), nullptr},
      {MHD_OPTION_PER_IP_CONNECTION_LIMIT, static_cast<intptr_t>(o.max_connections_per_ip),
       nullptr},
      {MHD_OPTION_CONNECTION_TIMEOUT, static_cast<intptr_t>(o.idle_timeout_s), nullptr},
      {MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<intptr_t>(o.max_header_bytes), nullptr},
      {MHD_OPTION_NOTIFY_CONNECTION, reinterpret_cast<intptr_t>(&Impl::OnConnection), server.get()},
      {MHD_OPTION_NOTIFY_COMPLETED, reinterpret_cast<intptr_t>(&Impl::OnCompleted), server.get()},
      // Refuse requests that break the HTTP rules rather than guess what they meant.
      {MHD_OPTION_STRICT_FOR_CLIENT, 1, nullptr},
  };
  if (!o.cert_pem.empty()) {
    items.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0, const_cast<char*>(o.cert_pem.c_str())});
    items.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, const_cast<char*>(o.key_pem.c_str())});
    items.push_back({MHD_OPTION_HTTPS_PRIORITIES, 0,
                     const_cast<char*>("SECURE256:SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:"
                                       "%SERVER_PRECEDENCE")});
  }
  items.push_back({MHD_OPTION_END, 0, nullptr});
  server->daemon_ = MHD_start_daemon(flags, 0, nullptr, nullptr, &Impl::OnRequest, server.get(),
                                     MHD_OPTION_ARRAY, items.data(), MHD_OPTION_END);
  if (server->daemon_ == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve HTTP on ", o.host, ":", o.port,
                     o.cert_pem.empty() ? "" : " (or the certificate and key do not load)"));
  }
  const MHD_DaemonInfo* info = MHD_get_daemon_info(server->daemon_, MHD_DAEMON_INFO_BIND_PORT);
  server->port_ = info != nullptr ? info->port : o.port;
  return server;
}

void HttpServer::Stop() {
  if (daemon_ != nullptr) {
    MHD_stop_daemon(daemon_);  // closes every connection (ConnectionDeadlines::Close)
    daemon_ = nullptr;
  }
  deadlines_.reset();
}

std::size_t HttpServer::connections_cut() const {
  return deadlines_ != nullptr ? deadlines_->cut() : 0;
}

HttpServer::~HttpServer() {
  Stop();
}

}  // namespace lintas::http
