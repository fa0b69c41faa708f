#include "adapters/crypto/audit_mac.h"

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/util/string_view.h"

namespace lintas::crypto {

AuditMac::AuditMac(const KeyRing& ring) : audit_id_(ring.audit_id()) {
  for (const std::string& id : ring.key_ids())
    hashers_.emplace(id, std::make_unique<HmacKeyedHasher>(ring, id));
}

absl::StatusOr<std::string> AuditMac::Mac(std::string_view key_id, std::string_view message) const {
  const auto it = hashers_.find(key_id);
  if (it == hashers_.end()) {
    return absl::NotFoundError(
        absl::StrCat("audit key '", absl::CHexEscape(AsAbsl(key_id)), "' is not in the key ring"));
  }
  return absl::BytesToHexString(it->second->Hash("audit chain v1", message));
}

core::audit::MacFunction AuditMac::Function() const {
  return [this](std::string_view key_id, std::string_view message) { return Mac(key_id, message); };
}

}  // namespace lintas::crypto
