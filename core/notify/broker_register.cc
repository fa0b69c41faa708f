#include "core/notify/broker_register.h"

#include <algorithm>

namespace lintas::core {

std::vector<std::string> BrokerIdentifiers(const Case& c) {
  std::vector<std::string> out;
  for (const auto& p : c.reported_persons) {
    if (!p.phone.empty()) out.push_back("phone:" + p.phone);
    if (!p.nik.empty()) out.push_back("nik:" + p.nik);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace lintas::core
