#include "adapters/crypto/key_check.h"

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "adapters/crypto/aes_gcm_field_cipher.h"
#include "core/util/string_view.h"

namespace lintas::crypto {
namespace {

constexpr std::string_view kPurpose = "key check v1";
constexpr std::string_view kLabel = "lintas key check value";

}  // namespace

absl::StatusOr<std::string> KeyCheckValue(const KeyRing& ring, std::string_view key_id) {
  if (ring.Find(key_id) == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("key id '", absl::CHexEscape(AsAbsl(key_id)), "' is not in the ring"));
  }
  const HmacKeyedHasher hasher(ring, key_id);
  return absl::BytesToHexString(hasher.Hash(kPurpose, kLabel));
}

std::vector<std::pair<std::string, std::string>> KeyCheckValues(const KeyRing& ring) {
  std::vector<std::pair<std::string, std::string>> values;
  for (const std::string& id : ring.key_ids()) {
    // Every id comes from the ring, so the lookup cannot fail.
    values.emplace_back(id, *KeyCheckValue(ring, id));
  }
  return values;
}

}  // namespace lintas::crypto
