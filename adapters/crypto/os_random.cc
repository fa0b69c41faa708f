#include "adapters/crypto/os_random.h"

#include <openssl/err.h>
#include <openssl/rand.h>

#include <algorithm>
#include <climits>
#include <stdexcept>

namespace lintas::crypto {

void OsRandom::Fill(std::span<std::uint8_t> out) {
  // RAND_bytes takes an int length, so very large requests go in pieces.
  while (!out.empty()) {
    const std::size_t n = std::min<std::size_t>(out.size(), INT_MAX);
    if (RAND_bytes(out.data(), static_cast<int>(n)) != 1) {
      ERR_clear_error();
      throw std::runtime_error("OsRandom: RAND_bytes failed (no entropy source?)");
    }
    out = out.subspan(n);
  }
}

}  // namespace lintas::crypto
