#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "adapters/http/webhook_signer.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace lintas::testing {

// A CloudEvents structured-mode JSON document, parsed with a JSON parser (protobuf's Struct), the
// way a receiver would; `ok` is false when it is not JSON or lacks a required attribute.
struct ParsedCloudEvent {
  bool ok = false;
  std::string specversion, id, source, type, subject, time, datacontenttype;
  std::string data_json;  // the data member printed back as JSON
};

inline ParsedCloudEvent ParseCloudEvent(const std::string& body) {
  ParsedCloudEvent e;
  google::protobuf::Struct doc;
  if (!google::protobuf::util::JsonStringToMessage(body, &doc).ok()) return e;
  const auto text = [&](const char* name) {
    const auto it = doc.fields().find(name);
    return it == doc.fields().end() ? std::string() : it->second.string_value();
  };
  e.specversion = text("specversion");
  e.id = text("id");
  e.source = text("source");
  e.type = text("type");
  e.subject = text("subject");
  e.time = text("time");
  e.datacontenttype = text("datacontenttype");
  const auto data = doc.fields().find("data");
  if (data == doc.fields().end() ||
      !google::protobuf::util::MessageToJsonString(data->second, &e.data_json).ok()) {
    return e;
  }
  e.ok = e.specversion == "1.0" && !e.id.empty() && !e.source.empty() && !e.type.empty();
  return e;
}

// A real HTTP receiver on 127.0.0.1 (a free port) for webhook tests. Every POST to a registered
// path is checked against that path's secret with the production Verify; `fail` decides whether
// to answer 500 (the body is passed in, so a test can refuse one document for ever).
class WebhookReceiver {
 public:
  struct Delivery {
    std::string body;
    bool signature_ok = false;
    std::string content_type;
  };
  using FailRule = std::function<bool(int request_number, const std::string& body)>;

  // First N requests to a path fail, the rest succeed.
  static FailRule FailFirst(int n) {
    return [n](int request_number, const std::string&) { return request_number <= n; };
  }

  WebhookReceiver() = default;
  ~WebhookReceiver() { Stop(); }

  // Registers a path before Start().
  void Route(const std::string& path, std::string secret, FailRule fail) {
    Path& p = paths_[path];
    p.secret = std::move(secret);
    p.fail = std::move(fail);
    server_.Post(path, [this, path](const httplib::Request& req, httplib::Response& res) {
      std::unique_lock lock(mu_);
      Path& p = paths_[path];
      ++p.requests;
      Delivery d;
      d.body = req.body;
      d.content_type = req.get_header_value("Content-Type");
      d.signature_ok = http::WebhookSigner::Verify(
          p.secret, req.get_header_value(http::WebhookSigner::kHeaderName), req.body,
          std::chrono::system_clock::now(), std::chrono::seconds(300));
      if (!d.signature_ok) ++p.bad_signatures;
      if (p.fail && p.fail(p.requests, req.body)) {
        ++p.failures;
        res.status = 500;
        return;
      }
      p.accepted.push_back(std::move(d));
      res.status = 200;
      cv_.notify_all();
    });
  }

  // Binds a free port on 127.0.0.1 and serves on a thread; false when it cannot bind.
  bool Start() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) return false;
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    return true;
  }
  void Stop() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int port() const { return port_; }

  // Waits until `path` accepted `count` deliveries or more; false after `timeout`.
  bool WaitForAccepted(const std::string& path, size_t count, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return paths_[path].accepted.size() >= count; });
  }
  std::vector<Delivery> accepted(const std::string& path) {
    std::lock_guard lock(mu_);
    return paths_[path].accepted;
  }
  int requests(const std::string& path) {
    std::lock_guard lock(mu_);
    return paths_[path].requests;
  }
  int failures(const std::string& path) {
    std::lock_guard lock(mu_);
    return paths_[path].failures;
  }
  int bad_signatures(const std::string& path) {
    std::lock_guard lock(mu_);
    return paths_[path].bad_signatures;
  }

 private:
  struct Path {
    std::string secret;
    FailRule fail;
    int requests = 0;
    int failures = 0;
    int bad_signatures = 0;
    std::vector<Delivery> accepted;
  };

  httplib::Server server_;
  std::thread thread_;
  int port_ = -1;
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, Path> paths_;
};

}  // namespace lintas::testing
