#include "adapters/config/crypto_section.h"

#include <array>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "adapters/config/strict_yaml.h"

namespace lintas::config {

const KeyConfig* CryptoConfig::Find(std::string_view id) const {
  for (const KeyConfig& key : keys) {
    if (key.id == id) return &key;
  }
  return nullptr;
}

namespace yaml {
namespace {

constexpr auto kCryptoKeys = std::to_array<absl::string_view>(
    {"keys", "active", "index_key", "audit_key", "key_id", "key_file"});
constexpr auto kKeyEntryKeys = std::to_array<absl::string_view>({"id", "file"});
constexpr std::size_t kMaxKeyIdChars = 32;

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

}  // namespace

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

}  // namespace yaml
}  // namespace lintas::config
