#pragma once

#include <map>
#include <memory>
#include <string>

#include "adapters/crypto/aes_gcm_field_cipher.h"
#include "adapters/crypto/key_ring.h"
#include "core/audit/audit_chain.h"

namespace lintas::crypto {

// The audit chain's MAC: HMAC-SHA256 under a subkey derived from a master key of the ring for
// this purpose alone (HmacKeyedHasher, purpose "audit chain v1"), so that the audit key may be
// the index key without one derived key serving two purposes. Any key of the ring can check old
// entries; new entries use the ring's audit key. Safe to use from several threads.
class AuditMac {
 public:
  explicit AuditMac(const KeyRing& ring);

  const std::string& key_id() const { return audit_id_; }
  // Hex MAC under `key_id`; NOT_FOUND when that key is not in the ring.
  absl::StatusOr<std::string> Mac(std::string_view key_id, std::string_view message) const;
  // Bound to this object, which must outlive it.
  core::audit::MacFunction Function() const;

 private:
  std::string audit_id_;
  std::map<std::string, std::unique_ptr<HmacKeyedHasher>, std::less<>> hashers_;
};

}  // namespace lintas::crypto
