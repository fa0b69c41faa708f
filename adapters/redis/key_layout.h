#pragma once

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/util/string_view.h"

namespace lintas::redis {

// Every key of a partition carries the hash tag "{pNN}", so all keys one script touches live in
// one Redis Cluster slot. The partition of a case is part of its id (core/ids/ids.h).
class KeyLayout {
 public:
  explicit KeyLayout(std::string prefix) : prefix_(std::move(prefix)) {}

  std::string Tag(int partition) const { return absl::StrFormat("{p%02d}", partition); }
  // The partition's event log: one stream entry per event.
  std::string Events(int partition) const {
    return absl::StrCat(prefix_, ":", Tag(partition), ":events");
  }
  // Hash: "v" current version, "rec" the sealed lintas.v1.CaseRecord.
  std::string Case(int partition, std::string_view case_id) const {
    return absl::StrCat(prefix_, ":", Tag(partition), ":case:", AsAbsl(case_id));
  }
  // Stream: the case's events for good (the partition stream is trimmed behind its consumers);
  // entry ids equal the partition stream's.
  std::string Timeline(int partition, std::string_view case_id) const {
    return absl::StrCat(prefix_, ":", Tag(partition), ":timeline:", AsAbsl(case_id));
  }
  // Zset: every case of the partition, id -> last update (ms): what BP3MI lists.
  std::string Cases(int partition) const {
    return absl::StrCat(prefix_, ":", Tag(partition), ":cases");
  }
  // Zset: the partition's cases an agency is on (submitted, or holds a referral), id -> last
  // update (ms): what other agencies list.
  std::string AgencyCases(int partition, std::string_view agency) const {
    return absl::StrCat(prefix_, ":", Tag(partition), ":agency-cases:", AsAbsl(agency));
  }
  // Hash: "case" id, "fp" content fingerprint, "at" creation time (ms). `digest_hex` is a keyed
  // hash of the agency-scoped key, so the caller's key itself is not stored.
  std::string Idempotency(int partition, std::string_view digest_hex) const {
    return absl::StrCat(prefix_, ":", Tag(partition), ":idem:", AsAbsl(digest_hex));
  }
  // Zset: "<case>/<referral>" -> acknowledgement due (ms).
  std::string Deadlines(int partition) const {
    return absl::StrCat(prefix_, ":", Tag(partition), ":deadlines");
  }
  // Zset: the agency's referrals in this partition, "<case>/<referral>" -> requested at (ms).
  std::string AgencyReferrals(int partition, std::string_view agency) const {
    return absl::StrCat(prefix_, ":", Tag(partition), ":agency:", AsAbsl(agency));
  }
  // Set: ids of cases whose subject has the NIK behind `digest_hex` (a keyed hash). Spans
  // partitions on purpose: the same person can appear in any of them.
  std::string NikIndex(std::string_view digest_hex) const {
    return absl::StrCat(prefix_, ":nik:", AsAbsl(digest_hex));
  }
  // An agency's inbox: a stream of the notifications it must get, and the event ids already put
  // there (zset, event id -> when). Tagged per agency, so the dedupe script touches one slot.
  std::string Inbox(std::string_view agency) const {
    return absl::StrCat(prefix_, ":{a:", AsAbsl(agency), "}:inbox");
  }
  std::string InboxSeen(std::string_view agency) const {
    return absl::StrCat(prefix_, ":{a:", AsAbsl(agency), "}:inbox-seen");
  }
  // String: the agency's acknowledged inbox cursor.
  std::string InboxAcked(std::string_view agency) const {
    return absl::StrCat(prefix_, ":{a:", AsAbsl(agency), "}:inbox-acked");
  }
  // Webhook delivery of the agency's inbox (services/webhook). String: the cursor of the last
  // inbox entry delivered (or dead-lettered, or skipped); only moves forward.
  std::string WebhookCursor(std::string_view agency) const {
    return absl::StrCat(prefix_, ":{a:", AsAbsl(agency), "}:webhook-cursor");
  }
  // String with a TTL: the token of the one process delivering the agency's webhook.
  std::string WebhookLease(std::string_view agency) const {
    return absl::StrCat(prefix_, ":{a:", AsAbsl(agency), "}:webhook-lease");
  }
  // Hash: "entry" the inbox entry being retried, "attempts", "first" (ms): so that max_attempts
  // and max_age hold across restarts and lease handovers.
  std::string WebhookRetry(std::string_view agency) const {
    return absl::StrCat(prefix_, ":{a:", AsAbsl(agency), "}:webhook-retry");
  }
  // String with a TTL: the token of the one live process using the consumer name
  // "<instance>-<worker kind>" (adapters/redis/consumer_lease.h). Not partitioned: one per name.
  std::string ConsumerLease(std::string_view consumer) const {
    return absl::StrCat(prefix_, ":consumer-lease:", AsAbsl(consumer));
  }
  // Stream: the entries a consumer group gave up on, in the format of DeadLetters::Write
  // (adapters/redis/dead_letters.h); `lintasctl dlq list --group <group>` shows them.
  std::string DeadLetters(std::string_view group) const {
    return absl::StrCat(prefix_, ":dlq:", AsAbsl(group));
  }
  // The dead-letter group of an agency's webhook delivery.
  static std::string WebhookGroup(std::string_view agency) {
    return absl::StrCat("webhook:", AsAbsl(agency));
  }
  // Stream: the agency's dead-lettered webhook deliveries.
  std::string WebhookDeadLetters(std::string_view agency) const {
    return DeadLetters(WebhookGroup(agency));
  }
  // Set: ids of cases naming a reported person whose phone or NIK hashes to `digest_hex` (the
  // broker register). Not partitioned, like the NIK index.
  std::string BrokerIndex(std::string_view digest_hex) const {
    return absl::StrCat(prefix_, ":broker:", AsAbsl(digest_hex));
  }
  // The audit chain (adapters/redis/audit_log.h): the stream and its head (hash: "seq", "mac").
  // Both carry the hash tag "{audit}", so the append script touches one Redis Cluster slot.
  std::string AuditStream() const { return absl::StrCat(prefix_, ":{audit}"); }
  std::string AuditHead() const { return absl::StrCat(prefix_, ":{audit}:head"); }
  // Hash: key id -> that key's check value (adapters/crypto/key_check.h), written the first time
  // a process runs with the key, compared at every start after.
  std::string KeyChecks() const { return absl::StrCat(prefix_, ":keychecks"); }
  const std::string& prefix() const { return prefix_; }

 private:
  std::string prefix_;
};

}  // namespace lintas::redis
