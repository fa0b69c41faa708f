#include "services/portal/static_files.h"

#include <zlib.h>

#include <cstdio>

#include "absl/strings/match.h"
#include "services/portal/page_template.h"

namespace lintas::portal {
namespace {

// gzip (RFC 1952) at the best ratio: done once per file at start. Empty on failure.
std::string Gzip(std::string_view data) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    return {};
  }
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return result == Z_STREAM_END ? out : std::string();
}

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
    std::string gzip = Gzip(body);
    files_[std::move(name)] = File{std::move(type), std::move(body), std::move(gzip)};
  };
  add("portal.css", "text/css; charset=utf-8", std::string(PortalTemplate("portal.css")));
  add("portal.js", "text/javascript; charset=utf-8", std::string(PortalTemplate("portal.js")));
  add("wilayah.json", "application/json", RegionsJson(offered));
}

const StaticFiles::File* StaticFiles::Find(std::string_view name) const {
  const auto it = files_.find(name);
  return it == files_.end() ? nullptr : &it->second;
}

http::HttpResponse StaticFiles::Serve(const File& file, const http::HttpRequest& request) const {
  // "gzip" among the accepted codings; a client that refuses it with q=0 is rare enough to
  // get the plain file only when it does not name gzip at all.
  const bool gzip = !file.gzip.empty() && absl::StrContains(request.accept_encoding, "gzip") &&
                    !absl::StrContains(request.accept_encoding, "gzip;q=0");
  http::HttpResponse r{200, {{"Content-Type", file.type}}, gzip ? file.gzip : file.body};
  if (gzip) r.headers.emplace_back("Content-Encoding", "gzip");
  r.headers.emplace_back("Vary", "Accept-Encoding");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Cache-Control", "public, max-age=86400");
  if (request.tls) r.headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
  return r;
}

void StaticFiles::AddRoutes(http::Router& router) const {
  for (const auto& [name, file] : files_) {
    router.Add("GET", "/static/" + name,
               [this, &file](const http::HttpRequest& request) { return Serve(file, request); });
  }
}

}  // namespace lintas::portal
