#pragma once

#include <optional>
#include <string>
#include <vector>

#include "adapters/redis/case_codec.h"
#include "adapters/redis/key_layout.h"
#include "adapters/redis/pipelined_client.h"
#include "adapters/sync/annotated_mutex.h"
#include "core/ports/case_store.h"
#include "core/ports/field_cipher.h"
#include "core/ports/random_source.h"

namespace lintas::redis {

// Events to append to one case, already encoded, with the snapshot they lead to.
struct AppendRequest {
  struct Event {
    std::string type;      // e.g. "lintas.v1.CaseReceived"
    std::string envelope;  // serialized lintas.v1.EventEnvelope; its sequence is the new version
  };
  std::string case_id;
  std::int64_t expected_version = 0;  // 0 for a new case
  std::vector<Event> events;          // at least one; the case moves to expected + events.size()
  std::string snapshot;               // serialized lintas.v1.CaseRecord after the events
  std::int64_t updated_at_ms = 0;     // the case's last update after the events
  std::vector<std::string> agencies;  // on the case after the events: listed under each
  // What caused this append, for consumers that must have each effect once (e.g.
  // "routing:<source event id>"). Empty for commands from callers.
  std::string effect_token;
  // Set for commands that carry an idempotency key.
  struct Idempotency {
    std::string digest_hex;   // keyed hash of the agency-scoped key
    std::string fingerprint;  // keyed hash of the request content
    std::int64_t created_at_ms = 0;
  };
  std::optional<Idempotency> idempotency;
};

struct AppendOutcome {
  // kAlreadyApplied: the effect token was applied before (a redelivered event); nothing written.
  enum class Kind { kAppended, kReplayed, kAlreadyApplied };
  Kind kind = Kind::kAppended;
  std::string entry_id;            // stream entry id when appended
  std::string case_id;             // the earlier case when replayed
  std::int64_t created_at_ms = 0;  // of the earlier case when replayed
};

// The event store on Redis: case events in per-partition streams, a sealed snapshot per case,
// idempotency records, all written by one Lua script (append_script.h).
class RedisCaseStore final : public core::CaseStore {
 public:
  // `source` is the CloudEvents source of the events this store writes, e.g. "/lintas/intake".
  RedisCaseStore(PipelinedClient& redis, KeyLayout keys, core::FieldCipher& cipher,
                 core::KeyedHasher& hasher, core::RandomSource& random, std::string source);

  void Create(const core::Case& c, std::string_view idempotency_key,
              core::Callback<core::CreateCaseResult> done) override;
  void Get(std::string_view case_id, core::Callback<core::Case> done) override;
  void Apply(const core::CaseChange& change, std::string_view effect_token,
             core::Callback<bool> done) override;
  absl::Status Ping() override;

  // Appends the events. Same key and content as before: kReplayed. Same key, other content:
  // ALREADY_EXISTS. Effect token seen before: kAlreadyApplied. Case not at `expected_version`:
  // ABORTED naming the current version.
  void Append(const AppendRequest& request, core::Callback<AppendOutcome> done);

  const KeyLayout& keys() const { return keys_; }

 private:
  // Runs the append script with EVALSHA, falling back to EVAL (which also caches it) while the
  // SHA is unknown or after Redis lost its script cache (a restart, SCRIPT FLUSH).
  void RunScript(std::vector<std::string> keys_and_args, int num_keys,
                 absl::AnyInvocable<void(absl::StatusOr<Reply>) &&> done);
  std::string KnownSha();

  PipelinedClient& redis_;
  const KeyLayout keys_;
  CaseCodec codec_;
  core::KeyedHasher& hasher_;
  core::RandomSource& random_;
  const std::string source_;
  sync::Mutex sha_mu_;
  std::string script_sha_ ABSL_GUARDED_BY(sha_mu_);  // empty until Redis told us (SCRIPT LOAD)
  bool sha_requested_ ABSL_GUARDED_BY(sha_mu_) = false;
};

}  // namespace lintas::redis
