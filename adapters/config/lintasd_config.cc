#include "adapters/config/lintasd_config.h"

#include <arpa/inet.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <span>
#include <system_error>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "adapters/http/webhook_sender.h"
#include "core/util/string_view.h"

// absl 20220623 has no public RETURN_IF_ERROR; keep this one local to the file.
// (Debian's absl keeps its own string_view, so this file uses absl::string_view with StrCat.)
#define LINTAS_CONFIG_RETURN_IF_ERROR(expr)                           \
  do {                                                                \
    if (absl::Status status_ = (expr); !status_.ok()) return status_; \
  } while (false)

namespace lintas::config {
namespace {

namespace fs = std::filesystem;
using Keys = std::span<const absl::string_view>;

constexpr std::array<absl::string_view, 8> kTopKeys{"server",       "redis",    "crypto",  "intake",
                                                    "regions_file", "agencies", "routing", "feeds"};
constexpr std::array<absl::string_view, 6> kServerKeys{
    "listen",     "insecure_dev_identity", "tls",
    "rate_limit", "max_message_bytes",     "shutdown_grace_ms"};
constexpr std::array<absl::string_view, 5> kTlsKeys{"ca_file", "cert_file", "key_file",
                                                    "trust_domain", "revoked_certificates"};
constexpr std::array<absl::string_view, 2> kRateLimitKeys{"requests_per_second", "burst"};
constexpr std::array<absl::string_view, 6> kRedisKeys{
    "address",     "key_prefix",         "partitions",
    "connections", "connect_timeout_ms", "command_timeout_ms"};
constexpr std::array<absl::string_view, 6> kCryptoKeys{"keys",      "active", "index_key",
                                                       "audit_key", "key_id", "key_file"};
constexpr std::array<absl::string_view, 2> kKeyEntryKeys{"id", "file"};
constexpr std::array<absl::string_view, 4> kIntakeKeys{
    "max_reported_persons", "max_narrative_chars", "max_name_chars", "max_short_text_chars"};
constexpr std::array<absl::string_view, 4> kFeedsKeys{
    "heartbeat_interval_ms", "slow_write_timeout_ms", "page_size", "render_threads"};
constexpr std::array<absl::string_view, 2> kRegionKeys{"code", "name"};
constexpr std::array<absl::string_view, 7> kAgencyKeys{
    "id", "kind", "name", "jurisdiction", "parent", "revoked", "webhook"};
constexpr std::array<absl::string_view, 8> kWebhookKeys{
    "url",        "secret_file",        "ca_file",       "max_attempts", "max_age_ms",
    "timeout_ms", "initial_backoff_ms", "max_backoff_ms"};

constexpr std::array<core::AgencyKind, 9> kAllKinds{
    core::AgencyKind::kProtectionAgency,     core::AgencyKind::kPolice,
    core::AgencyKind::kProvincialGovernment, core::AgencyKind::kRegencyGovernment,
    core::AgencyKind::kVillageGovernment,    core::AgencyKind::kNgo,
    core::AgencyKind::kFaithOrganisation,    core::AgencyKind::kImmigration,
    core::AgencyKind::kLabourOffice,
};

constexpr std::size_t kMaxNameBytes = 200;
constexpr std::size_t kMaxAgencyIdChars = 64;
constexpr std::size_t kMaxKeyIdChars = 32;
constexpr std::size_t kMaxKeyPrefixChars = 64;
// Far above any real config; stops a wrong path such as /dev/zero from eating memory.
constexpr std::size_t kMaxFileBytes = 16 << 20;
// HMAC-SHA256 keys shorter than the hash add no strength; longer than a page is a wrong file.
constexpr std::size_t kMinWebhookSecretBytes = 32;
constexpr std::size_t kMaxWebhookSecretBytes = 4096;

absl::Status Bad(absl::string_view path, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", what));
}

std::string Sub(absl::string_view path, absl::string_view key) {
  return absl::StrCat(path, ".", key);
}
std::string Index(absl::string_view path, std::size_t i) {
  return absl::StrCat(path, "[", i, "]");
}

// Reads a whole file. The message names the file but never its content.
absl::StatusOr<std::string> ReadFile(const std::string& file, absl::string_view key) {
  std::FILE* f = std::fopen(file.c_str(), "rb");
  if (f == nullptr) {
    return Bad(key, absl::StrCat("cannot read '", file, "': ", std::strerror(errno)));
  }
  std::string text;
  std::array<char, 8192> buf;
  std::size_t n = 0;
  while (text.size() <= kMaxFileBytes && (n = std::fread(buf.data(), 1, buf.size(), f)) > 0) {
    text.append(buf.data(), n);
  }
  // A directory opens fine on Linux and only fails on read (EISDIR).
  const int read_errno = std::ferror(f) ? errno : 0;
  std::fclose(f);
  if (read_errno != 0) {
    return Bad(key, absl::StrCat("cannot read '", file, "': ", std::strerror(read_errno)));
  }
  if (text.size() > kMaxFileBytes) {
    return Bad(key, absl::StrCat("cannot read '", file, "': larger than 16 MiB"));
  }
  return text;
}

// Exactly one document: a second "---" document would otherwise be dropped without a word.
absl::StatusOr<YAML::Node> ParseYaml(const std::string& text, const std::string& file,
                                     absl::string_view key) {
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    // yaml-cpp marks count from 0; editors count from 1.
    return Bad(key, absl::StrCat("syntax error in '", file, "' at line ", e.mark.line + 1,
                                 ", column ", e.mark.column + 1, ": ", e.msg));
  }
  if (docs.empty()) return Bad(key, absl::StrCat("'", file, "' is empty"));
  if (docs.size() > 1) {
    // yaml-cpp also starts a new document at a line indented less than the first key, so point
    // at it: the cause is as often bad indentation as a stray "---".
    return Bad(key, absl::StrCat("'", file, "' holds a second YAML document from line ",
                                 docs[1].Mark().line + 1, "; expected one"));
  }
  return docs.front();
}

// A mapping whose keys are all known and each appears once. yaml-cpp keeps duplicate keys and
// lookups see only the first, so a repeated key would silently lose its second value.
absl::Status CheckMapping(const YAML::Node& node, absl::string_view path, Keys allowed) {
  if (!node.IsMap()) return Bad(path, "expected a mapping");
  std::set<std::string, std::less<>> seen;
  for (const auto& entry : node) {
    if (!entry.first.IsScalar()) return Bad(path.empty() ? "config" : path, "keys must be strings");
    const std::string& key = entry.first.Scalar();
    const std::string key_path = path.empty() ? key : Sub(path, key);
    bool known = false;
    for (absl::string_view a : allowed)
      known = known || a == key;
    if (!known) {
      return Bad(key_path,
                 absl::StrCat("unknown key (expected one of ", absl::StrJoin(allowed, ", "), ")"));
    }
    if (!seen.insert(key).second) return Bad(key_path, "duplicate key");
  }
  return absl::OkStatus();
}

// Plain (unquoted) scalars only: a quoted "16" or "true" is a string, and letting it pass would
// make the same file mean different things to different YAML tools.
bool IsPlainScalar(const YAML::Node& node) {
  return node.IsScalar() && node.Tag() == "?";
}

absl::Status ReadString(const YAML::Node& node, absl::string_view path, std::string& out) {
  if (!node.IsScalar()) return Bad(path, "expected a string");
  out = node.Scalar();
  return absl::OkStatus();
}

absl::Status ReadInt(const YAML::Node& node, absl::string_view path, std::int64_t lo,
                     std::int64_t hi, std::int64_t& out) {
  if (!IsPlainScalar(node)) return Bad(path, "expected an integer");
  const std::string& s = node.Scalar();
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  const bool whole = !s.empty() && end == s.data() + s.size();
  if (ec == std::errc::invalid_argument || (ec == std::errc() && !whole)) {
    return Bad(path, "expected an integer");
  }
  if (ec == std::errc::result_out_of_range || v < lo || v > hi) {
    return Bad(path, absl::StrCat("must be between ", lo, " and ", hi));
  }
  out = v;
  return absl::OkStatus();
}

template <typename T>
absl::Status ReadIntInto(const YAML::Node& map, absl::string_view section, absl::string_view key,
                         std::int64_t lo, std::int64_t hi, T& out) {
  const YAML::Node node = map[std::string(key)];
  if (!node) return absl::OkStatus();
  std::int64_t v = 0;
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadInt(node, Sub(section, key), lo, hi, v));
  out = static_cast<T>(v);
  return absl::OkStatus();
}

absl::Status ReadStringInto(const YAML::Node& map, absl::string_view section, absl::string_view key,
                            std::string& out) {
  const YAML::Node node = map[std::string(key)];
  if (!node) return absl::OkStatus();
  return ReadString(node, Sub(section, key), out);
}

absl::Status ReadBoolInto(const YAML::Node& map, absl::string_view section, absl::string_view key,
                          bool& out) {
  const YAML::Node node = map[std::string(key)];
  if (!node) return absl::OkStatus();
  // Only true/false: YAML 1.1's yes/no/on/off are a classic source of surprises.
  if (IsPlainScalar(node) && node.Scalar() == "true") {
    out = true;
  } else if (IsPlainScalar(node) && node.Scalar() == "false") {
    out = false;
  } else {
    return Bad(Sub(section, key), "expected true or false");
  }
  return absl::OkStatus();
}

bool AllOf(absl::string_view s, bool (*ok)(char)) {
  for (char c : s) {
    if (!ok(c)) return false;
  }
  return true;
}

// What is wrong with a "host:port", "[v6]:port" or "unix:/path" address; empty when nothing is.
// A listen address may use port 0 (the kernel picks one; lintasd logs it), a peer address not.
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

}  // namespace

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

namespace {

std::string FromEnv(const std::map<std::string, std::string>& sources, const std::string& key) {
  const auto it = sources.find(key);
  return it == sources.end() ? "" : absl::StrCat(" (from ", it->second, ")");
}

// Relative paths in the file are relative to the file, so the config works from any CWD.
std::string Resolve(const fs::path& config_dir, const std::string& p) {
  const fs::path path(p);
  if (path.is_absolute()) return path.lexically_normal().string();
  return (config_dir / path).lexically_normal().string();
}

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

absl::Status ParseTls(const YAML::Node& node, const fs::path& config_dir, TlsConfig& out) {
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

absl::Status ParseRateLimit(const YAML::Node& node, RateLimitConfig& out) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, "server.rate_limit", kRateLimitKeys));
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadIntInto(node, "server.rate_limit", "requests_per_second", 1,
                                            1000000, out.requests_per_second));
  return ReadIntInto(node, "server.rate_limit", "burst", 1, 1000000, out.burst);
}

absl::Status ParseServer(const YAML::Node& node, const fs::path& config_dir, ServerConfig& out) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, "server", kServerKeys));
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadStringInto(node, "server", "listen", out.listen));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadBoolInto(node, "server", "insecure_dev_identity", out.insecure_dev_identity));
  if (const YAML::Node tls = node["tls"]) {
    if (out.insecure_dev_identity) {
      return Bad("server.tls",
                 "exclusive with server.insecure_dev_identity: true (remove one of them)");
    }
    out.tls.emplace();
    LINTAS_CONFIG_RETURN_IF_ERROR(ParseTls(tls, config_dir, *out.tls));
  }
  if (const YAML::Node limit = node["rate_limit"]) {
    LINTAS_CONFIG_RETURN_IF_ERROR(ParseRateLimit(limit, out.rate_limit));
  }
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "server", "max_message_bytes", 4096, 64 << 20, out.max_message_bytes));
  return ReadIntInto(node, "server", "shutdown_grace_ms", 0, 600000, out.shutdown_grace_ms);
}

absl::Status ParseRedis(const YAML::Node& node, RedisConfig& out) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, "redis", kRedisKeys));
  // The address is required unless LINTAS_REDIS_ADDRESS gives it; checked after the overrides.
  out.address.clear();
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadStringInto(node, "redis", "address", out.address));
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadStringInto(node, "redis", "key_prefix", out.key_prefix));
  const std::string& prefix = out.key_prefix;
  // Braces would start a second hash tag and scatter one case's keys over cluster slots.
  if (prefix.empty() || prefix.size() > kMaxKeyPrefixChars || !AllOf(prefix, [](char c) {
        return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ||
               c == '.' || c == ':';
      })) {
    return Bad("redis.key_prefix",
               absl::StrCat("malformed '", prefix, "' (1-64 characters of A-Z a-z 0-9 _ - . :)"));
  }
  // Two digits in every hash tag ({p00}..{p99}) and in every case id.
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadIntInto(node, "redis", "partitions", 1, 100, out.partitions));
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadIntInto(node, "redis", "connections", 1, 16, out.connections));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "redis", "connect_timeout_ms", 1, 60000, out.connect_timeout_ms));
  return ReadIntInto(node, "redis", "command_timeout_ms", 1, 60000, out.command_timeout_ms);
}

// Same rule as crypto::KeyRing, so a bad id fails here, at the line that has it.
absl::Status CheckKeyId(const std::string& id, absl::string_view path) {
  if (id.empty()) return Bad(path, "required");
  if (id.size() > kMaxKeyIdChars || !AllOf(id, [](char c) {
        return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' ||
               c == '-';
      })) {
    return Bad(path, absl::StrCat("malformed '", id, "' (1-32 characters of A-Z a-z 0-9 . _ -)"));
  }
  return absl::OkStatus();
}

// A role (active, index_key, audit_key) must name a key of the ring.
absl::Status CheckRole(const CryptoConfig& out, const std::string& id, absl::string_view path) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckKeyId(id, path));
  if (out.Find(id) == nullptr) {
    return Bad(path, absl::StrCat("unknown key id '", id, "' (not in crypto.keys)"));
  }
  return absl::OkStatus();
}

absl::Status ParseCrypto(const YAML::Node& node, CryptoConfig& out) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, "crypto", kCryptoKeys));
  const bool one_key = node["key_id"] || node["key_file"];
  const bool ring = node["keys"] || node["active"] || node["index_key"] || node["audit_key"];
  if (one_key && ring) {
    return Bad("crypto",
               "give either keys/active/index_key/audit_key (a key ring) or key_id/key_file (one "
               "key), not both");
  }
  if (!ring) {
    // The one-key form: that key seals, indexes and keys the audit chain.
    KeyConfig key;
    key.source = "crypto.key_file";
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadStringInto(node, "crypto", "key_id", key.id));
    LINTAS_CONFIG_RETURN_IF_ERROR(CheckKeyId(key.id, "crypto.key_id"));
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadStringInto(node, "crypto", "key_file", key.file));
    out.active = out.index_key = out.audit_key = key.id;
    out.keys.push_back(std::move(key));
    return absl::OkStatus();
  }
  const YAML::Node keys = node["keys"];
  if (!keys) return Bad("crypto.keys", "required");
  if (!keys.IsSequence() || keys.size() == 0) {
    return Bad("crypto.keys", "expected a list of {id, file}, at least one");
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::string path = Index("crypto.keys", i);
    LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(keys[i], path, kKeyEntryKeys));
    KeyConfig key;
    key.source = Sub(path, "file");
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadStringInto(keys[i], path, "id", key.id));
    LINTAS_CONFIG_RETURN_IF_ERROR(CheckKeyId(key.id, Sub(path, "id")));
    if (out.Find(key.id) != nullptr) {
      return Bad(Sub(path, "id"), absl::StrCat("duplicate key id '", key.id, "'"));
    }
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadStringInto(keys[i], path, "file", key.file));
    out.keys.push_back(std::move(key));
  }
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadStringInto(node, "crypto", "active", out.active));
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckRole(out, out.active, "crypto.active"));
  // Required even with one key: defaulting it to `active` would move every stored digest the
  // day the active key rotates.
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadStringInto(node, "crypto", "index_key", out.index_key));
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckRole(out, out.index_key, "crypto.index_key"));
  out.audit_key = out.index_key;
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadStringInto(node, "crypto", "audit_key", out.audit_key));
  return CheckRole(out, out.audit_key, "crypto.audit_key");
}

absl::Status ParseIntake(const YAML::Node& node, core::CaseLimits& out) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, "intake", kIntakeKeys));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "intake", "max_reported_persons", 1, 1000, out.max_reported_persons));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "intake", "max_narrative_chars", 1, 100000, out.max_narrative_chars));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "intake", "max_name_chars", 1, 1000, out.max_name_chars));
  return ReadIntInto(node, "intake", "max_short_text_chars", 1, 1000, out.max_short_text_chars);
}

absl::Status ParseFeeds(const YAML::Node& node, FeedsConfig& out) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, "feeds", kFeedsKeys));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "feeds", "heartbeat_interval_ms", 100, 3600000, out.heartbeat_interval_ms));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "feeds", "slow_write_timeout_ms", 100, 3600000, out.slow_write_timeout_ms));
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadIntInto(node, "feeds", "page_size", 1, 256, out.page_size));
  return ReadIntInto(node, "feeds", "render_threads", 1, 64, out.render_threads);
}

absl::Status CheckName(const std::string& name, absl::string_view path) {
  if (absl::StripAsciiWhitespace(name).empty()) return Bad(path, "required");
  if (name.size() > kMaxNameBytes) return Bad(path, "longer than 200 bytes");
  return absl::OkStatus();
}

absl::Status LoadRegions(const std::string& file, core::RegionDirectory& out) {
  absl::StatusOr<std::string> text = ReadFile(file, "regions_file");
  if (!text.ok()) return text.status();
  absl::StatusOr<YAML::Node> root = ParseYaml(*text, file, "regions_file");
  if (!root.ok()) return root.status();
  if (!root->IsSequence()) {
    return Bad("regions_file", absl::StrCat("expected a list of {code, name} in '", file, "'"));
  }
  const YAML::Node& list = *root;
  if (list.size() == 0) return Bad("regions_file", absl::StrCat("no regions in '", file, "'"));

  std::vector<std::string> codes;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node entry = list[i];
    const std::string path = Index("regions", i);
    LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(entry, path, kRegionKeys));
    std::string code;
    std::string name;
    if (!entry["code"]) return Bad(Sub(path, "code"), "required");
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(entry["code"], Sub(path, "code"), code));
    if (!core::RegionDirectory::IsWellFormed(code)) {
      return Bad(Sub(path, "code"), absl::StrCat("malformed '", code, "'"));
    }
    if (out.Contains(code)) return Bad(Sub(path, "code"), absl::StrCat("duplicate '", code, "'"));
    if (!entry["name"]) return Bad(Sub(path, "name"), "required");
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(entry["name"], Sub(path, "name"), name));
    LINTAS_CONFIG_RETURN_IF_ERROR(CheckName(name, Sub(path, "name")));
    if (!out.Add(code, name)) return Bad(Sub(path, "code"), absl::StrCat("rejected '", code, "'"));
    codes.push_back(std::move(code));
  }
  // Coverage walks prefixes, so an orphan (a village without its district) would be a region no
  // regency agency is known to cover by name.
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const std::string parent = core::RegionDirectory::ParentOf(codes[i]);
    if (!parent.empty() && !out.Contains(parent)) {
      return Bad(Sub(Index("regions", i), "code"),
                 absl::StrCat("'", codes[i], "' has no parent '", parent, "' in regions_file"));
    }
  }
  return absl::OkStatus();
}

// Government agencies act for one administrative level; a mismatch is nearly always a typo.
std::optional<core::RegionDirectory::Level> RequiredLevel(core::AgencyKind kind) {
  switch (kind) {
    case core::AgencyKind::kProvincialGovernment:
      return core::RegionDirectory::Level::kProvince;
    case core::AgencyKind::kRegencyGovernment:
      return core::RegionDirectory::Level::kRegency;
    case core::AgencyKind::kVillageGovernment:
      return core::RegionDirectory::Level::kVillage;
    default:
      return std::nullopt;
  }
}

absl::string_view LevelName(core::RegionDirectory::Level level) {
  switch (level) {
    case core::RegionDirectory::Level::kProvince:
      return "province";
    case core::RegionDirectory::Level::kRegency:
      return "regency";
    case core::RegionDirectory::Level::kDistrict:
      return "district";
    case core::RegionDirectory::Level::kVillage:
      return "village";
  }
  return "unknown";
}

bool IsAgencyId(absl::string_view id) {
  return !id.empty() && id.size() <= kMaxAgencyIdChars && AllOf(id, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

absl::Status ParseWebhook(const YAML::Node& node, const std::string& path,
                          const fs::path& config_dir, WebhookConfig& out) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, path, kWebhookKeys));
  const std::string upath = Sub(path, "url");
  if (!node["url"]) return Bad(upath, "required");
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(node["url"], upath, out.url));
  // Messages name the host only: a URL's path or query may carry the receiver's access token.
  absl::StatusOr<http::WebhookUrl> url = http::ParseWebhookUrl(out.url);
  if (!url.ok()) return Bad(upath, url.status().message());
  const bool v6 = url->host.find(':') != std::string::npos;
  const std::string host_port =
      absl::StrCat(v6 ? "[" : "", url->host, v6 ? "]" : "", ":", url->port);
  if (!url->https && !IsLoopbackListenAddress(host_port)) {
    return Bad(upath, absl::StrCat("plain http is allowed to a loopback host only (127.0.0.0/8, "
                                   "::1, localhost), not '",
                                   url->host, "'; use https"));
  }

  const std::string spath = Sub(path, "secret_file");
  if (!node["secret_file"]) {
    return Bad(spath, "required (the shared secret lives in a file of its own, never in this one)");
  }
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(node["secret_file"], spath, out.secret_file));
  if (out.secret_file.empty()) return Bad(spath, "required");
  out.secret_file = Resolve(config_dir, out.secret_file);
  absl::StatusOr<std::string> secret = ReadFile(out.secret_file, spath);
  if (!secret.ok()) return secret.status();
  // `echo secret > file` adds a line break the receiver's copy will not have.
  while (!secret->empty() && (secret->back() == '\n' || secret->back() == '\r')) {
    secret->pop_back();
  }
  if (secret->size() < kMinWebhookSecretBytes || secret->size() > kMaxWebhookSecretBytes) {
    return Bad(spath, absl::StrCat("'", out.secret_file, "' holds ", secret->size(),
                                   " bytes; a webhook secret must be 32 to 4096 bytes"));
  }
  out.secret = *std::move(secret);

  if (const YAML::Node ca = node["ca_file"]) {
    const std::string cpath = Sub(path, "ca_file");
    if (!url->https) return Bad(cpath, "only for an https url");
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(ca, cpath, out.ca_file));
    if (out.ca_file.empty()) return Bad(cpath, "empty (omit it to use the system's CAs)");
    out.ca_file = Resolve(config_dir, out.ca_file);
    absl::StatusOr<std::string> pem = ReadFile(out.ca_file, cpath);
    if (!pem.ok()) return pem.status();
    if (pem->find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
      return Bad(cpath, absl::StrCat("'", out.ca_file, "' holds no PEM certificate"));
    }
  }
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadIntInto(node, path, "max_attempts", 1, 1000, out.max_attempts));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, path, "max_age_ms", 1000, std::int64_t{30} * 24 * 3600000, out.max_age_ms));
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadIntInto(node, path, "timeout_ms", 100, 120000, out.timeout_ms));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, path, "initial_backoff_ms", 1, 600000, out.initial_backoff_ms));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, path, "max_backoff_ms", 1, 86400000, out.max_backoff_ms));
  if (out.max_backoff_ms < out.initial_backoff_ms) {
    return Bad(Sub(path, "max_backoff_ms"),
               absl::StrCat("must be at least initial_backoff_ms (", out.initial_backoff_ms, ")"));
  }
  return absl::OkStatus();
}

absl::Status ParseAgency(const YAML::Node& entry, const std::string& path,
                         const core::RegionDirectory& regions, const fs::path& config_dir,
                         core::Agency& out, std::optional<WebhookConfig>& webhook) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(entry, path, kAgencyKeys));

  if (!entry["id"]) return Bad(Sub(path, "id"), "required");
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(entry["id"], Sub(path, "id"), out.id));
  if (!IsAgencyId(out.id)) {
    return Bad(Sub(path, "id"),
               absl::StrCat("malformed '", out.id, "' (1-64 characters of a-z 0-9 -)"));
  }

  if (!entry["kind"]) return Bad(Sub(path, "kind"), "required");
  std::string kind;
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(entry["kind"], Sub(path, "kind"), kind));
  if (!core::ParseAgencyKind(kind, out.kind)) {
    std::vector<std::string> names;
    for (core::AgencyKind k : kAllKinds)
      names.emplace_back(core::AgencyKindName(k));
    return Bad(Sub(path, "kind"), absl::StrCat("unknown kind '", kind, "' (expected one of ",
                                               absl::StrJoin(names, ", "), ")"));
  }

  if (!entry["name"]) return Bad(Sub(path, "name"), "required");
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(entry["name"], Sub(path, "name"), out.name));
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckName(out.name, Sub(path, "name")));

  const std::string jpath = Sub(path, "jurisdiction");
  const YAML::Node jurisdiction = entry["jurisdiction"];
  if (!jurisdiction) return Bad(jpath, "required");
  if (!jurisdiction.IsSequence()) return Bad(jpath, "expected a list of region codes");
  if (jurisdiction.size() == 0) return Bad(jpath, "at least one region code is required");
  const std::optional<core::RegionDirectory::Level> level = RequiredLevel(out.kind);
  for (std::size_t j = 0; j < jurisdiction.size(); ++j) {
    const std::string cpath = Index(jpath, j);
    if (!jurisdiction[j].IsScalar()) return Bad(cpath, "expected a region code");
    std::string code = jurisdiction[j].Scalar();
    if (!core::RegionDirectory::IsWellFormed(code)) {
      return Bad(cpath, absl::StrCat("malformed region code '", code, "'"));
    }
    if (!regions.Contains(code)) {
      return Bad(cpath, absl::StrCat("region '", code, "' is not in regions_file"));
    }
    if (level && core::RegionDirectory::LevelOf(code) != level) {
      return Bad(cpath, absl::StrCat("a ", kind, " covers ", LevelName(*level), " codes, not '",
                                     code, "'"));
    }
    for (const std::string& earlier : out.jurisdiction) {
      if (earlier == code) return Bad(cpath, absl::StrCat("duplicate '", code, "'"));
    }
    out.jurisdiction.push_back(std::move(code));
  }

  const YAML::Node parent = entry["parent"];
  // Null ("parent:" or "parent: ~") reads as "no parent", like an omitted key.
  if (parent && !parent.IsNull()) {
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(parent, Sub(path, "parent"), out.parent));
  }
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadBoolInto(entry, path, "revoked", out.revoked));
  if (const YAML::Node w = entry["webhook"]) {
    webhook.emplace();
    LINTAS_CONFIG_RETURN_IF_ERROR(ParseWebhook(w, Sub(path, "webhook"), config_dir, *webhook));
  }
  return absl::OkStatus();
}

// Checks parents once every id is known, so the list may name a parent below its children.
absl::Status CheckParents(const std::vector<core::Agency>& agencies) {
  std::map<absl::string_view, std::size_t> index;
  for (std::size_t i = 0; i < agencies.size(); ++i)
    index.emplace(agencies[i].id, i);

  for (std::size_t i = 0; i < agencies.size(); ++i) {
    const std::string& parent = agencies[i].parent;
    if (!parent.empty() && !index.contains(parent)) {
      return Bad(Sub(Index("agencies", i), "parent"),
                 absl::StrCat("unknown agency '", parent, "'"));
    }
  }
  // Escalation climbs parents until it reaches the top; a cycle would make it climb forever.
  for (std::size_t i = 0; i < agencies.size(); ++i) {
    std::vector<absl::string_view> chain{agencies[i].id};
    std::size_t at = i;
    for (std::size_t step = 0; step < agencies.size() && !agencies[at].parent.empty(); ++step) {
      at = index.at(agencies[at].parent);
      chain.push_back(agencies[at].id);
      if (at == i) {
        return Bad(Sub(Index("agencies", i), "parent"),
                   absl::StrCat("cycle ", absl::StrJoin(chain, " -> ")));
      }
    }
  }
  // Escalating to an agency that has no say over the case's region helps nobody.
  for (std::size_t i = 0; i < agencies.size(); ++i) {
    if (agencies[i].parent.empty()) continue;
    const core::Agency& parent = agencies[index.at(agencies[i].parent)];
    for (const std::string& code : agencies[i].jurisdiction) {
      bool covered = false;
      for (const std::string& prefix : parent.jurisdiction) {
        covered = covered || core::RegionDirectory::Covers(prefix, code);
      }
      if (!covered) {
        return Bad(Sub(Index("agencies", i), "parent"),
                   absl::StrCat("'", parent.id, "' does not cover region '", code, "'"));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status ParseAgencies(const YAML::Node& node, const core::RegionDirectory& regions,
                           const fs::path& config_dir, core::AgencyRegistry& out,
                           std::map<std::string, WebhookConfig, std::less<>>& webhooks) {
  if (!node) return Bad("agencies", "required (at least one agency)");
  if (!node.IsSequence()) return Bad("agencies", "expected a list");
  if (node.size() == 0) return Bad("agencies", "required (at least one agency)");

  std::vector<core::Agency> agencies;
  std::set<std::string, std::less<>> ids;
  bool has_coordinator = false;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string path = Index("agencies", i);
    core::Agency agency;
    std::optional<WebhookConfig> webhook;
    LINTAS_CONFIG_RETURN_IF_ERROR(ParseAgency(node[i], path, regions, config_dir, agency, webhook));
    if (!ids.insert(agency.id).second) {
      return Bad(Sub(path, "id"), absl::StrCat("duplicate '", agency.id, "'"));
    }
    if (webhook) webhooks.emplace(agency.id, *std::move(webhook));
    has_coordinator = has_coordinator || agency.kind == core::AgencyKind::kProtectionAgency;
    agencies.push_back(std::move(agency));
  }
  if (!has_coordinator) {
    return Bad("agencies",
               "at least one agency of kind protection_agency is required (BP3MI coordinates "
               "triage)");
  }
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckParents(agencies));
  for (core::Agency& agency : agencies) {
    const std::string id = agency.id;
    if (!out.Add(std::move(agency))) return Bad("agencies", absl::StrCat("rejected '", id, "'"));
  }
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------------------------
// routing: the rules file, the triage agency and deadline, the holidays file.

constexpr std::array<absl::string_view, 5> kRoutingKeys{
    "rules_file", "triage_agency", "triage_deadline", "holidays_file", "utc_offset_hours"};
constexpr std::array<absl::string_view, 4> kRuleKeys{"id", "description", "match", "refer"};
constexpr std::array<absl::string_view, 6> kMatchKeys{
    "categories", "min_severity",           "regions",
    "channels",   "reported_persons_named", "victim_needs_support"};
constexpr std::array<absl::string_view, 4> kTargetKeys{"purpose", "kind", "agency", "ack_deadline"};
constexpr std::array<absl::string_view, 2> kDeadlineKeys{"hours", "working_days"};
constexpr std::array<absl::string_view, 3> kHolidayKeys{"date", "name", "kind"};

constexpr std::size_t kMaxDescriptionBytes = 500;
// A year either way. 260 working days is 52 weeks of five.
constexpr std::int64_t kMaxDeadlineHours = 365 * 24;
constexpr std::int64_t kMaxDeadlineWorkingDays = 260;

std::string OneOf(const std::vector<std::string_view>& names) {
  std::vector<absl::string_view> a;
  for (std::string_view n : names)
    a.push_back(AsAbsl(n));
  return absl::StrCat("expected one of ", absl::StrJoin(a, ", "));
}

std::string KindNames() {
  std::vector<std::string_view> names;
  for (core::AgencyKind k : kAllKinds)
    names.push_back(core::AgencyKindName(k));
  return OneOf(names);
}

std::string PurposeNames() {
  // Purposes are numbered from 1 without gaps; the first number with no spelling ends the list.
  std::vector<std::string_view> names;
  for (int p = 1;; ++p) {
    const std::string_view name = core::ReferralPurposeName(static_cast<core::ReferralPurpose>(p));
    core::ReferralPurpose ignored = core::ReferralPurpose::kUnspecified;
    if (!core::ParseReferralPurpose(name, ignored)) break;
    names.push_back(name);
  }
  return OneOf(names);
}

// {hours: N} or {working_days: N}: exactly one, so a deadline never has two meanings.
absl::Status ParseDeadline(const YAML::Node& node, absl::string_view path, core::Deadline& out) {
  if (!node.IsMap()) return Bad(path, "expected {hours: N} or {working_days: N}");
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, path, kDeadlineKeys));
  if (node.size() != 1) return Bad(path, "expected {hours: N} or {working_days: N}");
  std::int64_t amount = 0;
  if (const YAML::Node h = node["hours"]) {
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadInt(h, Sub(path, "hours"), 1, kMaxDeadlineHours, amount));
    out = {core::Deadline::Unit::kHours, static_cast<int>(amount)};
  } else {
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadInt(node["working_days"], Sub(path, "working_days"), 1,
                                          kMaxDeadlineWorkingDays, amount));
    out = {core::Deadline::Unit::kWorkingDays, static_cast<int>(amount)};
  }
  return absl::OkStatus();
}

// A non-empty list of distinct scalars, each parsed by `parse`. An empty list would match no case
// at all, which is never what the author meant: omitting the key is how to say "any".
template <typename T, typename Parse>
absl::Status ReadList(const YAML::Node& node, absl::string_view path, absl::string_view what,
                      Parse parse, std::vector<T>& out) {
  if (!node.IsSequence()) return Bad(path, "expected a list");
  if (node.size() == 0) {
    return Bad(path,
               absl::StrCat("at least one ", what, " is required (omit the key to match any)"));
  }
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string ipath = Index(path, i);
    if (!node[i].IsScalar()) return Bad(ipath, absl::StrCat("expected a ", what));
    T value{};
    LINTAS_CONFIG_RETURN_IF_ERROR(parse(node[i].Scalar(), ipath, value));
    for (const T& earlier : out) {
      if (earlier == value) return Bad(ipath, absl::StrCat("duplicate '", node[i].Scalar(), "'"));
    }
    out.push_back(std::move(value));
  }
  return absl::OkStatus();
}

absl::Status ParseMatch(const YAML::Node& node, const std::string& path,
                        const core::RegionDirectory& regions, core::RuleMatch& out) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, path, kMatchKeys));
  if (const YAML::Node n = node["categories"]) {
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadList(
        n, Sub(path, "categories"), "category",
        [](const std::string& s, absl::string_view p, core::Category& v) {
          if (core::ParseCategory(s, v)) return absl::OkStatus();
          return Bad(
              p, absl::StrCat("unknown category '", s, "' (", OneOf(core::CategoryNames()), ")"));
        },
        out.categories));
  }
  if (const YAML::Node n = node["min_severity"]) {
    const std::string spath = Sub(path, "min_severity");
    std::string s;
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(n, spath, s));
    core::Severity v{};
    if (!core::ParseSeverity(s, v)) {
      return Bad(spath,
                 absl::StrCat("unknown severity '", s, "' (", OneOf(core::SeverityNames()), ")"));
    }
    out.min_severity = v;
  }
  if (const YAML::Node n = node["regions"]) {
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadList(
        n, Sub(path, "regions"), "region code",
        [&regions](const std::string& s, absl::string_view p, std::string& v) {
          if (!core::RegionDirectory::IsWellFormed(s)) {
            return Bad(p, absl::StrCat("malformed region code '", s, "'"));
          }
          // A code the directory does not know would silently match nothing.
          if (!regions.Contains(s)) {
            return Bad(p, absl::StrCat("region '", s, "' is not in regions_file"));
          }
          v = s;
          return absl::OkStatus();
        },
        out.region_prefixes));
  }
  if (const YAML::Node n = node["channels"]) {
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadList(
        n, Sub(path, "channels"), "channel",
        [](const std::string& s, absl::string_view p, core::Channel& v) {
          if (core::ParseChannel(s, v)) return absl::OkStatus();
          return Bad(p,
                     absl::StrCat("unknown channel '", s, "' (", OneOf(core::ChannelNames()), ")"));
        },
        out.channels));
  }
  for (const auto& [key, field] : {std::pair{"reported_persons_named", &out.reported_persons_named},
                                   std::pair{"victim_needs_support", &out.victim_needs_support}}) {
    if (!node[key]) continue;
    bool v = false;
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadBoolInto(node, path, key, v));
    *field = v;
  }
  return absl::OkStatus();
}

absl::Status ParseTarget(const YAML::Node& node, const std::string& path,
                         const core::AgencyRegistry& agencies, core::RuleTarget& out) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, path, kTargetKeys));

  const std::string ppath = Sub(path, "purpose");
  if (!node["purpose"]) return Bad(ppath, "required");
  std::string purpose;
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(node["purpose"], ppath, purpose));
  if (!core::ParseReferralPurpose(purpose, out.purpose) ||
      out.purpose == core::ReferralPurpose::kUnspecified) {
    return Bad(ppath, absl::StrCat("unknown purpose '", purpose, "' (", PurposeNames(), ")"));
  }

  const YAML::Node kind = node["kind"];
  const YAML::Node agency = node["agency"];
  if (kind && agency) return Bad(path, "give either kind or agency, not both");
  if (!kind && !agency) return Bad(path, "kind or agency is required");
  if (agency) {
    const std::string apath = Sub(path, "agency");
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(agency, apath, out.agency));
    if (agencies.Find(out.agency) == nullptr) {
      return Bad(apath, absl::StrCat("unknown agency '", out.agency, "'"));
    }
  } else {
    // One kind, or a list in preference order: [village_government, regency_government].
    const std::string kpath = Sub(path, "kind");
    const auto parse = [](const std::string& s, absl::string_view p, core::AgencyKind& v) {
      if (core::ParseAgencyKind(s, v)) return absl::OkStatus();
      return Bad(p, absl::StrCat("unknown kind '", s, "' (", KindNames(), ")"));
    };
    if (kind.IsScalar()) {
      core::AgencyKind v{};
      LINTAS_CONFIG_RETURN_IF_ERROR(parse(kind.Scalar(), kpath, v));
      out.kinds.push_back(v);
    } else {
      LINTAS_CONFIG_RETURN_IF_ERROR(ReadList(kind, kpath, "kind", parse, out.kinds));
    }
    // Kinds with no registered agency at all mean the target can never resolve: a typo in intent.
    bool any = false;
    for (const auto& [id, a] : agencies.all()) {
      for (core::AgencyKind k : out.kinds)
        any = any || a.kind == k;
    }
    if (!any) return Bad(kpath, "no registered agency has this kind");
  }

  const std::string dpath = Sub(path, "ack_deadline");
  if (!node["ack_deadline"]) return Bad(dpath, "required");
  return ParseDeadline(node["ack_deadline"], dpath, out.ack_deadline);
}

absl::Status ParseRule(const YAML::Node& node, const std::string& index_path,
                       const core::RegionDirectory& regions, const core::AgencyRegistry& agencies,
                       core::RoutingRule& out, std::string& label) {
  label = index_path;
  if (!node.IsMap()) return Bad(index_path, "expected a mapping");
  // The id comes first so that every later message can name the rule.
  if (!node["id"]) return Bad(Sub(index_path, "id"), "required");
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(node["id"], Sub(index_path, "id"), out.id));
  if (!core::IsRuleId(out.id)) {
    return Bad(Sub(index_path, "id"),
               absl::StrCat("malformed '", out.id, "' (kebab-case: 1-64 of a-z 0-9 -)"));
  }
  label = absl::StrCat(index_path, " (", out.id, ")");
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, label, kRuleKeys));

  const std::string dpath = Sub(label, "description");
  if (!node["description"]) return Bad(dpath, "required");
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(node["description"], dpath, out.description));
  if (absl::StripAsciiWhitespace(out.description).empty()) return Bad(dpath, "required");
  if (out.description.size() > kMaxDescriptionBytes) return Bad(dpath, "longer than 500 bytes");

  // Required, even if empty: a rule for every case should say so with "match: {}".
  const std::string mpath = Sub(label, "match");
  if (!node["match"]) return Bad(mpath, "required (use {} to match every case)");
  LINTAS_CONFIG_RETURN_IF_ERROR(ParseMatch(node["match"], mpath, regions, out.match));

  const std::string rpath = Sub(label, "refer");
  const YAML::Node refer = node["refer"];
  if (!refer) return Bad(rpath, "required (at least one target)");
  if (!refer.IsSequence()) return Bad(rpath, "expected a list of targets");
  if (refer.size() == 0) return Bad(rpath, "required (at least one target)");
  for (std::size_t i = 0; i < refer.size(); ++i) {
    core::RuleTarget target;
    LINTAS_CONFIG_RETURN_IF_ERROR(ParseTarget(refer[i], Index(rpath, i), agencies, target));
    out.refer.push_back(std::move(target));
  }
  return absl::OkStatus();
}

absl::Status LoadRules(const std::string& file, const core::RegionDirectory& regions,
                       const core::AgencyRegistry& agencies, std::vector<core::RoutingRule>& out) {
  absl::StatusOr<std::string> text = ReadFile(file, "routing.rules_file");
  if (!text.ok()) return text.status();
  absl::StatusOr<YAML::Node> root = ParseYaml(*text, file, "routing.rules_file");
  if (!root.ok()) return root.status();
  // An empty list is allowed: every case then goes to triage.
  if (!root->IsSequence()) {
    return Bad("routing.rules_file", absl::StrCat("expected a list of rules in '", file, "'"));
  }
  std::map<std::string, std::string, std::less<>> seen;  // id -> where it was first defined
  for (std::size_t i = 0; i < root->size(); ++i) {
    core::RoutingRule rule;
    std::string label;
    LINTAS_CONFIG_RETURN_IF_ERROR(
        ParseRule((*root)[i], Index("routing.rules", i), regions, agencies, rule, label));
    if (const auto it = seen.find(rule.id); it != seen.end()) {
      return Bad(Sub(label, "id"), absl::StrCat("duplicate (also ", it->second, ")"));
    }
    seen.emplace(rule.id, Index("routing.rules", i));
    out.push_back(std::move(rule));
  }
  return absl::OkStatus();
}

absl::Status LoadHolidays(const std::string& file, std::vector<Holiday>& out) {
  absl::StatusOr<std::string> text = ReadFile(file, "routing.holidays_file");
  if (!text.ok()) return text.status();
  absl::StatusOr<YAML::Node> root = ParseYaml(*text, file, "routing.holidays_file");
  if (!root.ok()) return root.status();
  if (!root->IsSequence()) {
    return Bad("routing.holidays_file",
               absl::StrCat("expected a list of {date, name, kind} in '", file, "'"));
  }
  for (std::size_t i = 0; i < root->size(); ++i) {
    const YAML::Node entry = (*root)[i];
    const std::string path = Index("routing.holidays", i);
    LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(entry, path, kHolidayKeys));
    Holiday h;

    const std::string dpath = Sub(path, "date");
    if (!entry["date"]) return Bad(dpath, "required");
    std::string date;
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(entry["date"], dpath, date));
    absl::StatusOr<core::CivilDate> parsed = core::ParseCivilDate(date);
    if (!parsed.ok()) return Bad(dpath, parsed.status().message());
    h.date = *parsed;
    // A date listed twice is nearly always a copy-paste slip that hides the one meant.
    for (const Holiday& earlier : out) {
      if (earlier.date == h.date) return Bad(dpath, absl::StrCat("duplicate '", date, "'"));
    }

    const std::string npath = Sub(path, "name");
    if (!entry["name"]) return Bad(npath, "required");
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(entry["name"], npath, h.name));
    LINTAS_CONFIG_RETURN_IF_ERROR(CheckName(h.name, npath));

    const std::string kpath = Sub(path, "kind");
    if (!entry["kind"]) return Bad(kpath, "required");
    std::string kind;
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(entry["kind"], kpath, kind));
    if (kind == "libur") {
      h.kind = Holiday::Kind::kLibur;
    } else if (kind == "cuti_bersama") {
      h.kind = Holiday::Kind::kCutiBersama;
    } else {
      return Bad(kpath, absl::StrCat("unknown kind '", kind, "' (expected libur or cuti_bersama)"));
    }
    out.push_back(std::move(h));
  }
  return absl::OkStatus();
}

absl::StatusOr<RoutingConfig> ParseRouting(const YAML::Node& node, const fs::path& config_dir,
                                           const core::RegionDirectory& regions,
                                           const core::AgencyRegistry& agencies) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, "routing", kRoutingKeys));
  RoutingConfig out;

  // The triage agency first: rules are useless if the fallback is broken.
  if (!node["triage_agency"]) return Bad("routing.triage_agency", "required");
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadString(node["triage_agency"], "routing.triage_agency", out.triage_agency));
  const core::Agency* triage = agencies.Find(out.triage_agency);
  if (triage == nullptr) {
    return Bad("routing.triage_agency", absl::StrCat("unknown agency '", out.triage_agency, "'"));
  }
  if (triage->kind != core::AgencyKind::kProtectionAgency) {
    return Bad(
        "routing.triage_agency",
        absl::StrCat("'", out.triage_agency, "' is a ", AsAbsl(core::AgencyKindName(triage->kind)),
                     "; triage is BP3MI's (kind protection_agency)"));
  }
  if (const YAML::Node n = node["triage_deadline"]) {
    LINTAS_CONFIG_RETURN_IF_ERROR(ParseDeadline(n, "routing.triage_deadline", out.triage_deadline));
  }
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "routing", "utc_offset_hours", -14, 14, out.utc_offset_hours));

  if (!node["rules_file"]) return Bad("routing.rules_file", "required");
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadString(node["rules_file"], "routing.rules_file", out.rules_file));
  if (out.rules_file.empty()) return Bad("routing.rules_file", "required");
  out.rules_file = Resolve(config_dir, out.rules_file);
  LINTAS_CONFIG_RETURN_IF_ERROR(LoadRules(out.rules_file, regions, agencies, out.rules));

  if (const YAML::Node n = node["holidays_file"]) {
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(n, "routing.holidays_file", out.holidays_file));
    if (out.holidays_file.empty()) return Bad("routing.holidays_file", "empty (omit the key)");
    out.holidays_file = Resolve(config_dir, out.holidays_file);
    LINTAS_CONFIG_RETURN_IF_ERROR(LoadHolidays(out.holidays_file, out.holidays));
  }
  return out;
}

absl::StatusOr<fs::path> ConfigDir(const std::string& path) {
  std::error_code ec;
  const fs::path dir = fs::absolute(fs::path(path), ec).parent_path();
  if (ec) return Bad("config", absl::StrCat("cannot resolve '", path, "': ", ec.message()));
  return dir;
}

// The config file read, parsed and checked to be a mapping of known top-level keys.
absl::StatusOr<YAML::Node> ReadRoot(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path, "config");
  if (!text.ok()) return text.status();
  absl::StatusOr<YAML::Node> parsed = ParseYaml(*text, path, "config");
  if (!parsed.ok()) return parsed.status();
  if (!parsed->IsMap()) return Bad("config", absl::StrCat("expected a mapping in '", path, "'"));
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(*parsed, "", kTopKeys));
  return parsed;
}

absl::StatusOr<RoutingConfig> LoadRoutingOnly(const std::string& path,
                                              const core::RegionDirectory& regions,
                                              const core::AgencyRegistry& agencies) {
  absl::StatusOr<YAML::Node> root = ReadRoot(path);
  if (!root.ok()) return root.status();
  const YAML::Node routing = (*root)["routing"];
  if (!routing) return Bad("routing", "required");
  absl::StatusOr<fs::path> dir = ConfigDir(path);
  if (!dir.ok()) return dir.status();
  return ParseRouting(routing, *dir, regions, agencies);
}

absl::StatusOr<LintasdConfig> Load(const std::string& path, const EnvLookup& env) {
  absl::StatusOr<YAML::Node> parsed = ReadRoot(path);
  if (!parsed.ok()) return parsed.status();
  const YAML::Node& root = *parsed;
  absl::StatusOr<fs::path> dir = ConfigDir(path);
  if (!dir.ok()) return dir.status();
  const fs::path& config_dir = *dir;

  LintasdConfig config;
  if (const YAML::Node n = root["server"]) {
    LINTAS_CONFIG_RETURN_IF_ERROR(ParseServer(n, config_dir, config.server));
  }
  const YAML::Node redis = root["redis"];
  if (!redis) return Bad("redis", "required");
  LINTAS_CONFIG_RETURN_IF_ERROR(ParseRedis(redis, config.redis));
  const YAML::Node crypto = root["crypto"];
  if (!crypto) return Bad("crypto", "required");
  LINTAS_CONFIG_RETURN_IF_ERROR(ParseCrypto(crypto, config.crypto));
  for (KeyConfig& key : config.crypto.keys) {
    if (!key.file.empty()) key.file = Resolve(config_dir, key.file);
  }
  // LINTAS_KEY_FILE replaces the file of the active key (ParseCrypto checked that it exists).
  KeyConfig& active_key =
      *std::find_if(config.crypto.keys.begin(), config.crypto.keys.end(),
                    [&](const KeyConfig& k) { return k.id == config.crypto.active; });
  const std::string active_key_source = active_key.source;
  if (const YAML::Node n = root["intake"]) {
    LINTAS_CONFIG_RETURN_IF_ERROR(ParseIntake(n, config.intake.limits));
  }
  if (const YAML::Node n = root["feeds"]) {
    LINTAS_CONFIG_RETURN_IF_ERROR(ParseFeeds(n, config.feeds));
  }

  // Overrides replace the file's value as given (a relative LINTAS_KEY_FILE is relative to the
  // CWD, as a shell user expects); an empty one is refused rather than read as "unset".
  const std::array<std::tuple<const char*, const char*, std::string*>, 3> overrides{{
      {"LINTAS_REDIS_ADDRESS", "redis.address", &config.redis.address},
      {"LINTAS_KEY_FILE", active_key_source.c_str(), &active_key.file},
      {"LINTAS_LISTEN", "server.listen", &config.server.listen},
  }};
  std::map<std::string, std::string> sources;
  for (const auto& [var, key, field] : overrides) {
    const std::optional<std::string> value = env ? env(var) : std::nullopt;
    if (!value) continue;
    if (value->empty()) return Bad(key, absl::StrCat(var, " is set but empty"));
    *field = *value;
    sources[key] = var;
  }
  // Lets tests and local runs use a config that names TLS files in development mode (and back).
  if (const std::optional<std::string> dev =
          env ? env("LINTAS_INSECURE_DEV_IDENTITY") : std::nullopt) {
    if (*dev == "true") {
      config.server.insecure_dev_identity = true;
      config.server.tls.reset();
    } else if (*dev == "false") {
      config.server.insecure_dev_identity = false;
    } else {
      return Bad(
          "server.insecure_dev_identity",
          absl::StrCat("LINTAS_INSECURE_DEV_IDENTITY must be true or false, not '", *dev, "'"));
    }
    sources["server.insecure_dev_identity"] = "LINTAS_INSECURE_DEV_IDENTITY";
  }
  if (!config.server.insecure_dev_identity && !config.server.tls) {
    return Bad("server.tls",
               absl::StrCat("required (mutual TLS), unless server.insecure_dev_identity is true "
                            "for development on loopback",
                            FromEnv(sources, "server.insecure_dev_identity")));
  }

  if (std::string p = AddressProblem(config.server.listen, 0); !p.empty()) {
    return Bad("server.listen", absl::StrCat("malformed '", config.server.listen, "'",
                                             FromEnv(sources, "server.listen"), ": ", p));
  }
  if (config.server.insecure_dev_identity && !IsLoopbackListenAddress(config.server.listen)) {
    return Bad("server.insecure_dev_identity",
               absl::StrCat("allowed only on a loopback listen address, not '",
                            config.server.listen, "'", FromEnv(sources, "server.listen"),
                            FromEnv(sources, "server.insecure_dev_identity")));
  }
  if (config.redis.address.empty()) return Bad("redis.address", "required");
  if (std::string p = AddressProblem(config.redis.address, 1); !p.empty()) {
    return Bad("redis.address", absl::StrCat("malformed '", config.redis.address, "'",
                                             FromEnv(sources, "redis.address"), ": ", p));
  }
  if (sources.contains(active_key_source)) {
    active_key.source = absl::StrCat(active_key_source, FromEnv(sources, active_key_source));
  }
  for (const KeyConfig& key : config.crypto.keys) {
    if (key.file.empty()) return Bad(key.source, "required");
  }

  const YAML::Node regions_file = root["regions_file"];
  if (!regions_file) return Bad("regions_file", "required");
  std::string regions_path;
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(regions_file, "regions_file", regions_path));
  if (regions_path.empty()) return Bad("regions_file", "required");
  LINTAS_CONFIG_RETURN_IF_ERROR(LoadRegions(Resolve(config_dir, regions_path), config.regions));

  LINTAS_CONFIG_RETURN_IF_ERROR(ParseAgencies(root["agencies"], config.regions, config_dir,
                                              config.agencies, config.webhooks));

  if (const YAML::Node n = root["routing"]) {
    absl::StatusOr<RoutingConfig> routing =
        ParseRouting(n, config_dir, config.regions, config.agencies);
    if (!routing.ok()) return routing.status();
    config.routing = *std::move(routing);
  }
  return config;
}

}  // namespace

const KeyConfig* CryptoConfig::Find(std::string_view id) const {
  for (const KeyConfig& key : keys) {
    if (key.id == id) return &key;
  }
  return nullptr;
}

EnvLookup ProcessEnv() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

absl::StatusOr<LintasdConfig> LoadLintasdConfig(const std::string& path, const EnvLookup& env) {
  // Node lookups can still throw on shapes the checks above did not foresee; bad input must
  // end in an error value, never in an uncaught exception at start-up.
  try {
    return Load(path, env);
  } catch (const YAML::Exception& e) {
    return Bad("config", absl::StrCat("cannot load '", path, "': ", e.what()));
  }
}

absl::StatusOr<RoutingConfig> LoadRoutingConfig(const std::string& path,
                                                const core::RegionDirectory& regions,
                                                const core::AgencyRegistry& agencies) {
  // Same as at start: a malformed reload must come back as an error, never end the process.
  try {
    return LoadRoutingOnly(path, regions, agencies);
  } catch (const YAML::Exception& e) {
    return Bad("config", absl::StrCat("cannot load '", path, "': ", e.what()));
  }
}

}  // namespace lintas::config

#undef LINTAS_CONFIG_RETURN_IF_ERROR
