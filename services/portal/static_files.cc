#include "services/portal/static_files.h"

#include <cstdio>

#include "adapters/http/gzip.h"
#include "services/portal/page_template.h"

namespace lintas::portal {
namespace {

void AppendJsonString(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned char>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  out += '"';
}

}  // namespace

std::string RegionsJson(const StaticFiles::RegionList& regions) {
  std::string out = "[";
  for (const auto& [code, name] : regions) {
    if (out.size() > 1) out += ',';
    out += '[';
    AppendJsonString(out, code);
    out += ',';
    AppendJsonString(out, name);
    out += ']';
  }
  out += "]\n";
  return out;
}

StaticFiles::StaticFiles(const RegionList& offered) {
  auto add = [&](std::string name, std::string type, std::string body) {
    std::string gzip = http::Gzip(body, 9);  // once, at start: the smallest
    files_[std::move(name)] = File{std::move(type), std::move(body), std::move(gzip)};
  };
  add("portal.css", "text/css; charset=utf-8", std::string(PortalTemplate("portal.css")));
  add("portal.js", "text/javascript; charset=utf-8", std::string(PortalTemplate("portal.js")));
  add("wilayah.json", "application/json", RegionsJson(offered));
  add("favicon.svg", "image/svg+xml", std::string(PortalTemplate("favicon.svg")));
}

const StaticFiles::File* StaticFiles::Find(std::string_view name) const {
  const auto it = files_.find(name);
  return it == files_.end() ? nullptr : &it->second;
}

http::HttpResponse StaticFiles::Serve(const File& file, const http::HttpRequest& request) const {
  const bool gzip = !file.gzip.empty() && http::AcceptsGzip(request.accept_encoding);
  http::HttpResponse r{200, {{"Content-Type", file.type}}, gzip ? file.gzip : file.body};
  if (gzip) r.headers.emplace_back("Content-Encoding", "gzip");
  r.headers.emplace_back("Vary", "Accept-Encoding");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Cache-Control", "public, max-age=86400");
  if (request.tls) r.headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
  return r;
}

void StaticFiles::AddRoutes(http::Router& router) const {
  for (const auto& entry : files_) {
    const File* file = &entry.second;  // (clang 14 cannot capture a structured binding)
    router.Add("GET", "/static/" + entry.first,
               [this, file](const http::HttpRequest& request) { return Serve(*file, request); });
  }
}

}  // namespace lintas::portal
