#include "services/lintasd/service_set.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/util/string_view.h"

namespace lintas::lintasd {

absl::StatusOr<ServiceSet> ServiceSet::Parse(std::string_view text) {
  ServiceSet set;
  const std::pair<std::string_view, bool*> names[] = {
      {"intake", &set.intake}, {"routing", &set.routing},    {"referral", &set.referral},
      {"notify", &set.notify}, {"status", &set.status},      {"webhook", &set.webhook},
      {"feeds", &set.feeds},   {"portal", &set.portal_named}};
  bool any = false;
  for (absl::string_view name : absl::StrSplit(AsAbsl(text), ',', absl::SkipWhitespace())) {
    const auto it = std::find_if(std::begin(names), std::end(names),
                                 [&](const auto& n) { return AsAbsl(n.first) == name; });
    if (name == "all") {
      for (const auto& n : names)
        *n.second = n.second != &set.portal_named;
      set.portal = true;
    } else if (it != std::end(names)) {
      *it->second = true;
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "--services: unknown service '", name,
          "' (known: intake, routing, referral, notify, status, webhook, feeds, portal, all)"));
    }
    any = true;
  }
  if (!any) return absl::InvalidArgumentError("--services: name at least one service");
  set.portal = set.portal || set.portal_named;
  return set;
}

}  // namespace lintas::lintasd
