#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/redis/key_layout.h"
#include "adapters/redis/pipelined_client.h"
#include "core/domain/case.h"
#include "core/domain/time.h"

namespace lintas::redis {

// A referral named by its case and its id within the case.
struct ReferralRef {
  std::string case_id;
  std::string referral_id;
  bool operator==(const ReferralRef&) const = default;
};

// Secondary indexes that the case snapshots cannot answer quickly, kept per partition (so every
// key carries its partition's hash tag):
//   <prefix>:{pNN}:deadlines          zset  "<case>/<referral>" -> acknowledgement due (ms)
//   <prefix>:{pNN}:agency:<agency>    zset  "<case>/<referral>" -> requested at (ms)
//   <prefix>:nik:<keyed hash>         set   case ids whose subject has that NIK (a blind index:
//                                           the NIK itself is never stored)
// They are written after the case change is durable and every write is idempotent, so a
// consumer that crashes in between redoes them on redelivery. Blocking calls: for workers and
// handlers that wait anyway; they go through the pipelined client.
class ReferralIndex {
 public:
  ReferralIndex(PipelinedClient& redis, KeyLayout keys) : redis_(redis), keys_(std::move(keys)) {}

  absl::Status RemoveDeadline(const ReferralRef& ref);
  // Up to `limit` referrals of `partition` whose deadline has passed at `now` (in an earlier
  // millisecond than now's own), oldest first.
  absl::StatusOr<std::vector<ReferralRef>> DueDeadlines(int partition, core::Timestamp now,
                                                        int limit);

  absl::Status AddToAgency(std::string_view agency, const ReferralRef& ref,
                           core::Timestamp requested_at);
  // The agency's referrals in one partition, newest first, at most `limit` from `offset`.
  absl::StatusOr<std::vector<ReferralRef>> ListForAgency(std::string_view agency, int partition,
                                                         int offset, int limit);

  // Every index entry a case needs, written as one pipelined batch (one round trip, one AOF
  // fsync): each referral in its agency's list, each referral awaiting acknowledgement (and not
  // escalated yet) in the deadline set, the case under its subject's NIK digest (when given) and
  // under each of its brokers' digests (the broker register).
  absl::Status IndexCase(const core::Case& c, std::string_view nik_digest_hex,
                         const std::vector<std::string>& broker_digests_hex);

  // Other cases naming a broker with one of these digests (the broker register), sorted.
  absl::StatusOr<std::vector<std::string>> LinkedCases(
      const std::vector<std::string>& broker_digests_hex, std::string_view except_case);
  absl::StatusOr<std::vector<std::string>> CasesWithNik(std::string_view digest_hex);

 private:
  absl::StatusOr<Reply> Run(std::initializer_list<std::string_view> argv);

  PipelinedClient& redis_;
  const KeyLayout keys_;
};

}  // namespace lintas::redis
