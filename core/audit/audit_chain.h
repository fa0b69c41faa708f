#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace lintas::core::audit {

// One audited call: who, what, on which case, which personal fields it returned, how it ended.
// No personal data: field paths, never values.
struct AuditEntry {
  std::string agency;            // agency id
  std::string cert_fingerprint;  // the client certificate's SHA-256 (hex); "" until mutual TLS
  std::string method;            // gRPC method, e.g. "GetCase"
  std::string case_id;
  std::string fields;        // personal fields returned, comma separated ("subject.nik,narrative")
  std::string outcome;       // gRPC code name, e.g. "OK", "NOT_FOUND"
  std::int64_t time_ms = 0;  // Unix ms when the call ended
};

// Field paths as the comma list an entry carries; a comma inside a path would make the list
// ambiguous, so such a path is refused (false) rather than split.
bool JoinFields(const std::vector<std::string>& fields, std::string& out);
std::vector<std::string> SplitFields(std::string_view fields);

// An entry in the chain. `prev` is the previous entry's mac (hex), or kGenesis for seq 1;
// `mac` is MAC(audit key `key_id`, CanonicalEncoding(*this)), hex.
struct ChainedEntry {
  std::int64_t seq = 0;  // 1, 2, 3, ... with no gaps
  std::string key_id;    // the audit key that made `mac`: the audit key may rotate
  std::string prev;
  std::string mac;
  AuditEntry data;
};

// 64 hex zeros: the `prev` of the first entry.
inline constexpr std::string_view kGenesis =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The bytes the MAC covers: a version tag, then seq, key id, prev and every data field, each as
// an 8-byte big-endian length followed by the bytes (seq in decimal). Lengths make the encoding
// injective: no two different entries encode alike, whatever their fields contain.
std::string CanonicalEncoding(const ChainedEntry& entry);

// The keyed MAC (HMAC-SHA256 in production) under the audit key named `key_id`, as lowercase hex;
// an error when the key is unknown. Injected so that core stays free of cryptography and I/O.
using MacFunction =
    std::function<absl::StatusOr<std::string>(std::string_view key_id, std::string_view message)>;

// Extends the chain from (head_seq, head_mac): numbers `entries` from head_seq + 1, links and
// MACs each under `key_id`.
absl::StatusOr<std::vector<ChainedEntry>> Extend(std::int64_t head_seq, std::string_view head_mac,
                                                 std::string_view key_id,
                                                 std::vector<AuditEntry> entries,
                                                 const MacFunction& mac);

// What is wrong with the chain, one finding per affected entry.
struct Finding {
  enum class Kind {
    kChanged,    // the entry's MAC does not match its content (or its fields are malformed)
    kRemoved,    // entries are missing before this position (a seq gap, or at the end)
    kReordered,  // the entry is not where the chain puts it
  };
  Kind kind;
  std::string entry_id;  // stream entry id where it was found ("" for the end of the stream)
  std::int64_t seq = 0;  // the seq the entry claims (for kRemoved: the first missing seq)
  std::int64_t last_missing_seq = 0;  // kRemoved: the last missing seq
  std::string message;                // one readable line
};
std::string_view FindingKindName(Finding::Kind kind);

// Walks the chain in stream order, one entry at a time (the stream can be long), then checks the
// head. Entries whose fields could not be parsed are passed with `parsed` unset.
class ChainVerifier {
 public:
  explicit ChainVerifier(MacFunction mac) : mac_(std::move(mac)) {}

  void Add(std::string_view entry_id, const std::optional<ChainedEntry>& entry);
  // `head_seq`/`head_mac` as the head record holds them (0 and "" when there is none). Returns
  // every finding in stream order; empty when the chain is intact.
  std::vector<Finding> Finish(std::int64_t head_seq, std::string_view head_mac);
  std::int64_t entries() const { return entries_; }
  // The key ids under which every entry's MAC fails (sorted). A whole key's worth of entries
  // changed at once is what a wrong audit key looks like, not tampering.
  std::vector<std::string> KeysFailingEveryMac() const;

 private:
  struct Gap {
    std::string entry_id;       // the entry right after the gap
    std::int64_t position = 0;  // the entry's key in findings_; the gap sorts right before it
    std::int64_t first = 0;
    std::int64_t last = 0;
  };
  MacFunction mac_;
  std::int64_t entries_ = 0;
  std::int64_t expected_seq_ = 1;
  std::string prev_mac_ = std::string(kGenesis);
  bool prev_untrusted_ = false;  // the entry before was changed: its MAC links nothing
  std::string last_id_;
  // Findings by stream position (2 per entry, so that a gap sorts just before the entry after
  // it); gaps stay open until the end, since a missing seq that turns up later was moved, not
  // removed.
  std::multimap<std::int64_t, Finding> findings_;
  std::vector<Gap> gaps_;
  struct MacTally {
    std::int64_t entries = 0;
    std::int64_t failed = 0;
  };
  std::map<std::string, MacTally, std::less<>> macs_by_key_;
};

}  // namespace lintas::core::audit
