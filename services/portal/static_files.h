#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/http/http_server.h"

namespace lintas::portal {

// The portal's static files, made once at start: the stylesheet, the region search script (a
// little progressive JavaScript: without it the region lists work step by step) and the region
// list it searches (/static/wilayah.json, [[code, name], ...] under the portal's root region,
// from the ODbL idn-area-data: docs/regions.md) and the icon. Each is also kept gzip-compressed
// and served so when the client accepts it; all may be cached for a day.
class StaticFiles {
 public:
  using RegionList = std::vector<std::pair<std::string, std::string>>;
  explicit StaticFiles(const RegionList& offered);

  // GET /static/<name> for every file.
  void AddRoutes(http::Router& router) const;

  struct File {
    std::string type;
    std::string body;
    std::string gzip;  // empty when compressing failed (then the body is served as it is)
  };
  const File* Find(std::string_view name) const;

 private:
  http::HttpResponse Serve(const File& file, const http::HttpRequest& request) const;

  std::map<std::string, File, std::less<>> files_;
};

// [[code, name], ...] as compact JSON (names escaped).
std::string RegionsJson(const StaticFiles::RegionList& regions);

}  // namespace lintas::portal
