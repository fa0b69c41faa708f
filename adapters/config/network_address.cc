#include "adapters/config/network_address.h"

#include <arpa/inet.h>

#include <charconv>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "adapters/config/lintasd_config.h"
#include "adapters/config/strict_yaml.h"

namespace lintas::config {

namespace yaml {

std::string AddressProblem(absl::string_view text, int min_port) {
  if (absl::StartsWith(text, "unix:")) {
    return text.size() > 5 ? "" : "the unix socket path is empty";
  }
  const std::size_t colon = text.rfind(':');
  if (colon == absl::string_view::npos) return "expected host:port or unix:/path";
  const absl::string_view host = text.substr(0, colon);
  const absl::string_view port = text.substr(colon + 1);
  if (host.empty()) return "the host is empty";
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return "an IPv6 host needs closing brackets";
  } else if (host.find(':') != absl::string_view::npos) {
    return "an IPv6 host needs brackets, e.g. [::1]:7443";
  }
  for (char c : host) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c)) || c == '/') {
      return "the host has a space or a slash";
    }
  }
  int p = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || p < min_port ||
      p > 65535 || !AllOf(port, [](char c) { return c >= '0' && c <= '9'; })) {
    return absl::StrCat("the port must be ", min_port, "-65535");
  }
  return "";
}

}  // namespace yaml

// Dev identity comes from unauthenticated metadata, so it must never be reachable off the host.
bool IsLoopbackListenAddress(std::string_view listen) {
  const std::size_t colon = listen.rfind(':');
  if (colon == absl::string_view::npos) return false;
  std::string host(listen.substr(0, colon));
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return inet_pton(AF_INET6, host.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

}  // namespace lintas::config
