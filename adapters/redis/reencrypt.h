#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "adapters/redis/key_layout.h"
#include "adapters/redis/pipelined_client.h"
#include "core/ports/field_cipher.h"

namespace lintas::redis {

// The key id a sealed value names, or nullopt for a value that is not sealed
// (crypto::AesGcmFieldCipher::KeyIdOf). Injected so that this adapter needs no OpenSSL.
using KeyIdOf = std::function<std::optional<std::string_view>(std::string_view sealed)>;

struct ReencryptReport {
  std::int64_t scanned = 0;      // case snapshots looked at
  std::int64_t reencrypted = 0;  // rewritten under the active key
  std::int64_t current = 0;      // already all under the active key (or nothing sealed)
  std::int64_t retried = 0;      // rewrites lost to a concurrent update and done again
  std::int64_t failed = 0;       // left as they were (see the log lines the callback got)
};

// Re-encrypts case snapshots under the active key (`lintasctl reencrypt`). For every
// `<prefix>:{pNN}:case:*` hash (SCAN per partition) whose sealed fields name another key: opens
// the record with the full ring, seals it again under the active key, and writes it back only if
// the case's version ("v") is still the one read (a Lua compare-and-set), so a concurrent update
// wins and the case is read again. A record the codec would not carry over whole (a field it does
// not know, e.g. from a newer build) is left alone and counted as failed.
//
// Event stream entries are never rewritten: they are an append-only log. CountStreamKeyIds says
// which keys they still need.
//
// Blocking calls: for the tool and tests, not for lintasd.
class Reencryptor {
 public:
  // `cipher` must hold every key the data names and seal under `active_key_id`.
  Reencryptor(PipelinedClient& redis, KeyLayout keys, int partitions, core::FieldCipher& cipher,
              std::string active_key_id, KeyIdOf key_id_of);

  // `problem` hears one line per case that failed (ids and reasons, no personal data).
  absl::StatusOr<ReencryptReport> Run(
      const std::function<void(std::string_view problem)>& problem) const;

  // Read-only: how many entries of the partitions' event streams hold values sealed under each
  // key id (an entry with values under two keys counts for both).
  absl::StatusOr<std::map<std::string, std::int64_t>> CountStreamKeyIds() const;

 private:
  enum class Outcome { kReencrypted, kCurrent, kFailed };
  absl::StatusOr<Outcome> Reencrypt(const std::string& key, std::int64_t& retried,
                                    const std::function<void(std::string_view)>& problem) const;

  PipelinedClient& redis_;
  const KeyLayout keys_;
  const int partitions_;
  core::FieldCipher& cipher_;
  const std::string active_;
  const KeyIdOf key_id_of_;
};

}  // namespace lintas::redis
