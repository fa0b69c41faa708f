#include "adapters/config/key_ring_loader.h"

#include <openssl/crypto.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace lintas::config {
namespace {

absl::Status Failed(absl::string_view where, const absl::Status& status) {
  return absl::FailedPreconditionError(absl::StrCat(where, ": ", status.message()));
}

}  // namespace

absl::StatusOr<crypto::KeyRing> LoadKeyRing(const CryptoConfig& config) {
  if (config.keys.empty()) {
    return absl::FailedPreconditionError("crypto.keys: the key ring is empty");
  }
  crypto::KeyRing ring;
  for (std::size_t i = 0; i < config.keys.size(); ++i) {
    const KeyConfig& k = config.keys[i];
    const std::string where =
        k.source.empty() ? absl::StrCat("crypto.keys[", i, "].file") : k.source;
    absl::StatusOr<crypto::Key256> key = crypto::KeyRing::ReadKeyFile(k.file);
    if (!key.ok()) return Failed(where, key.status());
    const absl::Status added = ring.Add(k.id, *key);
    OPENSSL_cleanse(key->data(), key->size());
    if (!added.ok()) return Failed(absl::StrCat("crypto.keys[", i, "].id"), added);
  }
  if (absl::Status s = ring.SetActive(config.active); !s.ok()) return Failed("crypto.active", s);
  if (absl::Status s = ring.SetIndexKey(config.index_key); !s.ok()) {
    return Failed("crypto.index_key", s);
  }
  const std::string& audit = config.audit_key.empty() ? config.index_key : config.audit_key;
  if (absl::Status s = ring.SetAuditKey(audit); !s.ok()) return Failed("crypto.audit_key", s);
  return ring;
}

}  // namespace lintas::config
