#include "adapters/redis/referral_index.h"

#include <algorithm>
#include <chrono>
#include <future>
#include <memory>

#include "absl/strings/str_cat.h"
#include "core/ids/ids.h"
#include "core/util/string_view.h"

namespace lintas::redis {
namespace {

std::string Member(const ReferralRef& ref) {
  return absl::StrCat(ref.case_id, "/", ref.referral_id);
}

std::string Millis(core::Timestamp t) {
  return std::to_string(
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count());
}

std::vector<ReferralRef> Refs(const redisReply& r) {
  std::vector<ReferralRef> out;
  if (r.type != REDIS_REPLY_ARRAY) return out;
  for (size_t i = 0; i < r.elements; ++i) {
    const std::string_view m(r.element[i]->str, r.element[i]->len);
    const auto slash = m.find('/');
    if (slash == std::string_view::npos) continue;
    out.push_back({std::string(m.substr(0, slash)), std::string(m.substr(slash + 1))});
  }
  return out;
}

int PartitionOf(const ReferralRef& ref) {
  return core::PartitionOfCaseId(ref.case_id).value_or(0);
}

}  // namespace

absl::StatusOr<Reply> ReferralIndex::Run(std::initializer_list<std::string_view> argv) {
  auto reply = redis_.Command(argv);
  if (!reply.ok()) return reply.status();
  if ((*reply)->type == REDIS_REPLY_ERROR) return StatusFromErrorReply(**reply);
  return reply;
}

absl::Status ReferralIndex::RemoveDeadline(const ReferralRef& ref) {
  return Run({"ZREM", keys_.Deadlines(PartitionOf(ref)), Member(ref)}).status();
}

absl::StatusOr<std::vector<ReferralRef>> ReferralIndex::DueDeadlines(int partition,
                                                                     core::Timestamp now,
                                                                     int limit) {
  // Scores are whole milliseconds, rounded down: only a score before now's own millisecond is
  // surely due (a deadline later within that millisecond is not yet), so the bound is exclusive.
  auto reply = Run({"ZRANGEBYSCORE", keys_.Deadlines(partition), "-inf",
                    absl::StrCat("(", Millis(now)), "LIMIT", "0", std::to_string(limit)});
  if (!reply.ok()) return reply.status();
  return Refs(**reply);
}

absl::Status ReferralIndex::AddToAgency(std::string_view agency, const ReferralRef& ref,
                                        core::Timestamp requested_at) {
  return Run({"ZADD", keys_.AgencyReferrals(PartitionOf(ref), agency), Millis(requested_at),
              Member(ref)})
      .status();
}

absl::StatusOr<std::vector<ReferralRef>> ReferralIndex::ListForAgency(std::string_view agency,
                                                                      int partition, int offset,
                                                                      int limit) {
  auto reply = Run({"ZREVRANGE", keys_.AgencyReferrals(partition, agency), std::to_string(offset),
                    std::to_string(offset + limit - 1)});
  if (!reply.ok()) return reply.status();
  return Refs(**reply);
}

absl::Status ReferralIndex::IndexCase(const core::Case& c, std::string_view nik_digest_hex,
                                      const std::vector<std::string>& broker_digests_hex) {
  std::vector<std::vector<std::string>> commands;
  for (const auto& r : c.referrals) {
    const ReferralRef ref{c.id, r.id};
    commands.push_back({"ZADD", keys_.AgencyReferrals(PartitionOf(ref), r.target_agency),
                        Millis(r.requested_at), Member(ref)});
    if (r.status == core::ReferralStatus::kRequested && !r.escalated) {
      commands.push_back(
          {"ZADD", keys_.Deadlines(PartitionOf(ref)), Millis(r.ack_deadline), Member(ref)});
    }
  }
  if (!nik_digest_hex.empty()) {
    commands.push_back({"SADD", keys_.NikIndex(nik_digest_hex), c.id});
  }
  for (const auto& digest : broker_digests_hex) {
    commands.push_back({"SADD", keys_.BrokerIndex(digest), c.id});
  }
  // All sent before any answer is awaited; the first failure is reported.
  std::vector<std::future<absl::Status>> answers;
  for (const auto& command : commands) {
    auto promise = std::make_shared<std::promise<absl::Status>>();
    answers.push_back(promise->get_future());
    const std::vector<std::string_view> argv(command.begin(), command.end());
    redis_.Send(argv, [promise](absl::StatusOr<Reply> reply) {
      if (!reply.ok()) return promise->set_value(reply.status());
      promise->set_value((*reply)->type == REDIS_REPLY_ERROR ? StatusFromErrorReply(**reply)
                                                             : absl::OkStatus());
    });
  }
  absl::Status first = absl::OkStatus();
  for (auto& a : answers) {
    const absl::Status s = a.get();
    if (first.ok()) first = s;
  }
  return first;
}

absl::StatusOr<std::vector<std::string>> ReferralIndex::LinkedCases(
    const std::vector<std::string>& broker_digests_hex, std::string_view except_case) {
  std::vector<std::string> out;
  if (broker_digests_hex.empty()) return out;
  std::vector<std::string> argv = {"SUNION"};
  for (const auto& d : broker_digests_hex)
    argv.push_back(keys_.BrokerIndex(d));
  auto reply = redis_.Command(std::vector<std::string_view>(argv.begin(), argv.end()));
  if (!reply.ok()) return reply.status();
  const redisReply& r = **reply;
  if (r.type == REDIS_REPLY_ERROR) return StatusFromErrorReply(r);
  for (size_t i = 0; r.type == REDIS_REPLY_ARRAY && i < r.elements; ++i) {
    std::string id(r.element[i]->str, r.element[i]->len);
    if (id != except_case) out.push_back(std::move(id));
  }
  std::sort(out.begin(), out.end());
  return out;
}

absl::StatusOr<std::vector<std::string>> ReferralIndex::CasesWithNik(std::string_view digest_hex) {
  auto reply = Run({"SMEMBERS", keys_.NikIndex(digest_hex)});
  if (!reply.ok()) return reply.status();
  std::vector<std::string> out;
  const redisReply& r = **reply;
  for (size_t i = 0; r.type == REDIS_REPLY_ARRAY && i < r.elements; ++i) {
    out.emplace_back(r.element[i]->str, r.element[i]->len);
  }
  return out;
}

}  // namespace lintas::redis
