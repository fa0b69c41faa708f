#include "adapters/config/tls_section.h"

#include <array>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "adapters/config/strict_yaml.h"

namespace lintas::config::yaml {
namespace {

constexpr auto kTlsKeys = std::to_array<absl::string_view>(
    {"ca_file", "cert_file", "key_file", "trust_domain", "revoked_certificates"});

// SPIFFE trust domain: lower-case letters, digits, '.', '-' and '_' (SPIFFE ID spec §2.1).
bool IsTrustDomain(absl::string_view s) {
  return !s.empty() && s.size() <= 255 && AllOf(s, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
  });
}

// A SHA-256 fingerprint as `openssl x509 -fingerprint -sha256` prints it (colons, any case) or
// as plain hex; normalised to 64 lower-case hex characters, empty when malformed.
std::string NormaliseFingerprint(absl::string_view text) {
  std::string hex;
  for (char c : text) {
    if (c == ':') continue;
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) return "";
    hex.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
  }
  return hex.size() == 64 ? hex : "";
}

}  // namespace

absl::Status ParseTls(const YAML::Node& node, const std::filesystem::path& config_dir,
                      TlsConfig& out) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, "server.tls", kTlsKeys));
  for (const auto& [key, field] : {std::pair<const char*, std::string*>{"ca_file", &out.ca_file},
                                   {"cert_file", &out.cert_file},
                                   {"key_file", &out.key_file}}) {
    const std::string path = Sub("server.tls", key);
    if (!node[key]) return Bad(path, "required");
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(node[key], path, *field));
    if (field->empty()) return Bad(path, "required");
    *field = Resolve(config_dir, *field);
  }
  const std::string tpath = "server.tls.trust_domain";
  if (!node["trust_domain"]) return Bad(tpath, "required");
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(node["trust_domain"], tpath, out.trust_domain));
  if (!IsTrustDomain(out.trust_domain)) {
    return Bad(tpath, absl::StrCat("malformed '", out.trust_domain,
                                   "' (1-255 of a-z 0-9 . - _, e.g. lintas.ntt.go.id)"));
  }
  if (const YAML::Node revoked = node["revoked_certificates"]) {
    const std::string rpath = "server.tls.revoked_certificates";
    if (!revoked.IsSequence()) return Bad(rpath, "expected a list of SHA-256 fingerprints");
    for (std::size_t i = 0; i < revoked.size(); ++i) {
      std::string text;
      LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(revoked[i], Index(rpath, i), text));
      std::string fingerprint = NormaliseFingerprint(text);
      if (fingerprint.empty()) {
        return Bad(Index(rpath, i),
                   absl::StrCat("malformed '", text, "' (a SHA-256 fingerprint: 64 hex digits)"));
      }
      out.revoked_certificates.push_back(std::move(fingerprint));
    }
  }
  return absl::OkStatus();
}

}  // namespace lintas::config::yaml
