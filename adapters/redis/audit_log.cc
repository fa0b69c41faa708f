#include "adapters/redis/audit_log.h"

#include <charconv>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "adapters/redis/reply.h"
#include "adapters/sync/thread_name.h"
#include "core/util/string_view.h"
#include "spdlog/spdlog.h"

namespace lintas::redis {
namespace {

using core::audit::AuditEntry;
using core::audit::ChainedEntry;

// Appends a batch if the head is where the writer thinks it is.
// KEYS[1] audit stream   KEYS[2] head hash
// ARGV[1] expected head seq ('0' when there is no head)   ARGV[2] expected head mac ('' then)
// ARGV[3] new head seq   ARGV[4] new head mac
// ARGV[5..] per entry: the number of field/value arguments that follow, then those arguments.
// Replies {'OK'} or {'HEAD', seq, mac} (the head as it is, '0' and '' for none).
constexpr char kAppendAuditScript[] = R"lua(
local head = redis.call('HMGET', KEYS[2], 'seq', 'mac')
local seq = head[1] or '0'
local mac = head[2] or ''
if seq ~= ARGV[1] or mac ~= ARGV[2] then return {'HEAD', seq, mac} end
local i = 5
while i <= #ARGV do
  local n = tonumber(ARGV[i])
  redis.call('XADD', KEYS[1], '*', unpack(ARGV, i + 1, i + n))
  i = i + n + 1
end
redis.call('HSET', KEYS[2], 'seq', ARGV[3], 'mac', ARGV[4])
return {'OK'}
)lua";

constexpr int kFieldsPerEntry = 11;  // field/value pairs, see EntryFields

bool ParseInt(std::string_view s, std::int64_t& out) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && ec == std::errc() && end == s.data() + s.size();
}

absl::Status ErrorOf(const redisReply& r) {
  if (r.type == REDIS_REPLY_ERROR) return StatusFromErrorReply(r);
  return absl::OkStatus();
}

void AddField(std::vector<std::string>& out, std::string_view name, std::string value) {
  out.emplace_back(name);
  out.push_back(std::move(value));
}

// Field order is the order of a stream entry; ParseAuditEntry accepts any order.
void EntryFields(const ChainedEntry& e, std::vector<std::string>& out) {
  out.push_back(std::to_string(2 * kFieldsPerEntry));
  AddField(out, "seq", std::to_string(e.seq));
  AddField(out, "key", e.key_id);
  AddField(out, "prev", e.prev);
  AddField(out, "mac", e.mac);
  AddField(out, "agency", e.data.agency);
  AddField(out, "cert", e.data.cert_fingerprint);
  AddField(out, "method", e.data.method);
  AddField(out, "case", e.data.case_id);
  AddField(out, "fields", e.data.fields);
  AddField(out, "outcome", e.data.outcome);
  AddField(out, "time", std::to_string(e.data.time_ms));
}

}  // namespace

AuditLog::AuditLog(PipelinedClient& redis, const KeyLayout& keys, std::string key_id,
                   core::audit::MacFunction mac, Options options)
    : redis_(redis),
      stream_(keys.AuditStream()),
      head_(keys.AuditHead()),
      key_id_(std::move(key_id)),
      mac_(std::move(mac)),
      options_(options),
      queue_(options.capacity, options.max_wait) {
  writer_ = std::thread([this] {
    sync::SetThreadName("audit-writer");
    Run();
  });
}

AuditLog::~AuditLog() {
  {
    sync::MutexLock lock(mu_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  writer_.join();
}

void AuditLog::Record(AuditEntry entry, Written written) {
  if (!Enqueue(entry, written)) {
    std::move(written)(absl::UnavailableError("audit: the audit queue is full or stopping"));
  }
}

bool AuditLog::Enqueue(AuditEntry& entry, Written& written) {
  std::uint64_t dropped = 0;
  {
    sync::MutexLock lock(mu_);
    if (!stopping_ && queue_.Push(entry, written, std::chrono::steady_clock::now())) {
      ++stats_.recorded;
      work_cv_.notify_one();
      return true;
    }
    dropped = ++stats_.dropped;
  }
  // Loud, but not once per call while the queue stays full.
  if ((dropped & (dropped - 1)) == 0) {
    spdlog::error(
        "audit: entry for {} by {} NOT recorded: the audit queue is full or "
        "stopping ({} refused so far)",
        entry.method, entry.agency, dropped);
  }
  return false;
}

absl::Status AuditLog::Flush(std::chrono::milliseconds timeout) {
  sync::MutexLock lock(mu_);
  const std::uint64_t target = stats_.recorded;
  if (done_cv_.wait_for(lock, timeout,
                        [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return finished_ >= target; })) {
    return absl::OkStatus();
  }
  return absl::DeadlineExceededError(absl::StrCat(
      "audit: ", target - finished_, " entries not yet written after ", timeout.count(), " ms",
      last_error_.empty() ? "" : "; last error: ", last_error_));
}

AuditLog::Stats AuditLog::stats() const {
  sync::MutexLock lock(mu_);
  return stats_;
}

void AuditLog::Run() {
  std::vector<AuditEntry> batch;
  Completions waiting;  // of the entries in `batch`
  Completions expired;  // of entries still queued that have waited max_wait
  const absl::Status timed_out = absl::UnavailableError(
      absl::StrCat("audit: entry not written within ", options_.max_wait.count(), " ms"));
  std::uint64_t failures = 0;  // in a row: logged at the first, then every 50th
  for (;;) {
    {
      sync::MutexLock lock(mu_);
      work_cv_.wait(
          lock, [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping with nothing left
      queue_.TakeExpired(std::chrono::steady_clock::now(), expired);
      queue_.TakeBatch(options_.max_batch, batch, waiting);
    }
    AuditQueue::Complete(expired, timed_out);
    for (;;) {
      const absl::Status appended = Append(batch);
      Completions failed;
      absl::Status failure;
      bool stop = false;
      {
        sync::MutexLock lock(mu_);
        if (appended.ok()) {
          if (failures > 0) spdlog::info("audit: appending again after {} failed tries", failures);
          failures = 0;
          stats_.written += batch.size();
          finished_ += batch.size();
          last_error_.clear();
          queue_.TakeExpired(std::chrono::steady_clock::now(), expired);
          break;
        }
        last_error_ = std::string(appended.message());
        // Nobody waits on a failing Redis: every waiting reply hears it now. The entries stay and
        // are retried.
        failed = std::exchange(waiting, {});
        queue_.TakeAllCompletions(failed);
        failure = absl::UnavailableError(absl::StrCat("audit: append failed: ", last_error_));
        stop = stopping_;
        if (stop) {
          // Shutting down with Redis refusing: what is left cannot be written any more.
          const std::uint64_t lost = batch.size() + queue_.size();
          stats_.lost += lost;
          finished_ += lost;
          queue_.clear();
          spdlog::error("audit: {} entries LOST at shutdown: {}", lost, last_error_);
        } else if (failures++ % 50 == 0) {
          spdlog::warn("audit: append failed ({}), {} entries waiting; retrying", last_error_,
                       batch.size() + queue_.size());
        }
      }
      AuditQueue::Complete(failed, failure);
      if (stop) break;
      sync::MutexLock lock(mu_);
      // Woken early only by shutdown, which then gets one last try.
      work_cv_.wait_for(lock, options_.retry_delay,
                        [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; });
    }
    AuditQueue::Complete(waiting, absl::OkStatus());
    AuditQueue::Complete(expired, timed_out);
    batch.clear();
    done_cv_.notify_all();
  }
}

absl::Status AuditLog::ReadHead() {
  auto reply = redis_.Command({"HMGET", head_, "seq", "mac"});
  if (!reply.ok()) return reply.status();
  const redisReply& r = **reply;
  if (absl::Status s = ErrorOf(r); !s.ok()) return s;
  if (r.type != REDIS_REPLY_ARRAY || r.elements != 2) {
    return absl::InternalError("audit: unexpected reply to HMGET of the head");
  }
  std::int64_t seq = 0;
  const std::string_view seq_text = TextView(r.element[0]);
  if (!seq_text.empty() && !ParseInt(seq_text, seq)) {
    return absl::DataLossError(absl::StrCat("audit: the head ", head_, " has a malformed seq"));
  }
  head_seq_ = seq;
  head_mac_ = std::string(TextView(r.element[1]));
  head_known_ = true;
  return absl::OkStatus();
}

absl::Status AuditLog::Append(const std::vector<AuditEntry>& batch) {
  for (int attempt = 0;; ++attempt) {
    if (!head_known_) {
      if (absl::Status s = ReadHead(); !s.ok()) return s;
    }
    auto chained = core::audit::Extend(head_seq_, head_mac_, key_id_, batch, mac_);
    if (!chained.ok()) return chained.status();
    std::vector<std::string> args = {"EVAL",
                                     kAppendAuditScript,
                                     "2",
                                     stream_,
                                     head_,
                                     std::to_string(head_seq_),
                                     head_mac_,
                                     std::to_string(chained->back().seq),
                                     chained->back().mac};
    args.reserve(args.size() + chained->size() * (1 + 2 * kFieldsPerEntry));
    for (const ChainedEntry& e : *chained)
      EntryFields(e, args);
    std::vector<std::string_view> argv(args.begin(), args.end());
    auto reply = redis_.Command(std::span<const std::string_view>(argv));
    if (!reply.ok()) {
      head_known_ = false;  // the script may or may not have run
      return reply.status();
    }
    const redisReply& r = **reply;
    if (absl::Status s = ErrorOf(r); !s.ok()) {
      head_known_ = false;
      return s;
    }
    if (r.type == REDIS_REPLY_ARRAY && r.elements == 1 && TextView(r.element[0]) == "OK") {
      head_seq_ = chained->back().seq;
      head_mac_ = chained->back().mac;
      return absl::OkStatus();
    }
    if (r.type == REDIS_REPLY_ARRAY && r.elements == 3 && TextView(r.element[0]) == "HEAD") {
      std::int64_t seq = 0;
      if (!ParseInt(TextView(r.element[1]), seq)) {
        return absl::DataLossError(absl::StrCat("audit: the head ", head_, " has a malformed seq"));
      }
      head_seq_ = seq;
      head_mac_ = std::string(TextView(r.element[2]));
      {
        sync::MutexLock lock(mu_);
        ++stats_.head_conflicts;
      }
      if (attempt > 1000) return absl::AbortedError("audit: the head keeps moving");
      continue;  // another writer appended: link the batch after its entries
    }
    head_known_ = false;
    return absl::InternalError("audit: unexpected reply from the append script");
  }
}

absl::StatusOr<AuditHead> AuditReader::Head() const {
  auto reply = redis_.Command({"HMGET", head_, "seq", "mac"});
  if (!reply.ok()) return reply.status();
  const redisReply& r = **reply;
  if (absl::Status s = ErrorOf(r); !s.ok()) return s;
  if (r.type != REDIS_REPLY_ARRAY || r.elements != 2) {
    return absl::InternalError("unexpected reply to HMGET of the audit head");
  }
  AuditHead head;
  const std::string_view seq = TextView(r.element[0]);
  if (!seq.empty() && !ParseInt(seq, head.seq)) {
    return absl::DataLossError(absl::StrCat("the audit head ", head_, " has a malformed seq"));
  }
  head.mac = std::string(TextView(r.element[1]));
  return head;
}

absl::Status AuditReader::Scan(
    const std::function<void(std::string_view, const std::optional<ChainedEntry>&)>& visit,
    int page) const {
  std::string start = "-";
  const std::string count = std::to_string(page);
  for (;;) {
    auto reply = redis_.Command({"XRANGE", stream_, start, "+", "COUNT", count});
    if (!reply.ok()) return reply.status();
    const redisReply& r = **reply;
    if (absl::Status s = ErrorOf(r); !s.ok()) return s;
    if (r.type != REDIS_REPLY_ARRAY) return absl::InternalError("unexpected reply to XRANGE");
    std::string last;
    for (std::size_t i = 0; i < r.elements; ++i) {
      const redisReply* item = r.element[i];
      if (item->type != REDIS_REPLY_ARRAY || item->elements != 2) {
        return absl::InternalError("unexpected entry in the XRANGE reply");
      }
      last = std::string(TextView(item->element[0]));
      std::vector<std::pair<std::string, std::string>> fields;
      const redisReply* kv = item->element[1];
      // A deleted entry's fields come back nil from some Redis versions: malformed, not a crash.
      if (kv != nullptr && kv->type == REDIS_REPLY_ARRAY) {
        for (std::size_t j = 0; j + 1 < kv->elements; j += 2) {
          fields.emplace_back(TextView(kv->element[j]), TextView(kv->element[j + 1]));
        }
      }
      visit(last, ParseAuditEntry(fields));
    }
    if (r.elements < static_cast<std::size_t>(page)) return absl::OkStatus();
    start = "(" + last;  // exclusive start (Redis 6.2+)
  }
}

absl::StatusOr<AuditVerification> VerifyAuditChain(const AuditReader& reader,
                                                   const core::audit::MacFunction& mac) {
  for (int attempt = 0;; ++attempt) {
    // The head first: entries appended while we walk come after it and are left for the next
    // run, instead of looking like entries past the head.
    auto head = reader.Head();
    if (!head.ok()) return head.status();
    core::audit::ChainVerifier verifier(mac);
    AuditVerification result;
    bool past_head = false;
    const absl::Status scanned =
        reader.Scan([&](std::string_view id, const std::optional<ChainedEntry>& entry) {
          if (past_head) {
            ++result.newer;
            return;
          }
          verifier.Add(id, entry);
          // The entry the head names (its seq and MAC), not merely one that claims its seq.
          past_head = head->seq > 0 && entry && entry->seq == head->seq && entry->mac == head->mac;
        });
    if (!scanned.ok()) return scanned;
    // No head but entries: either the first entries were appended after we read the head, or
    // the head was deleted. Read it again to tell.
    if (head->seq == 0 && verifier.entries() > 0 && attempt < 3) {
      auto again = reader.Head();
      if (!again.ok()) return again.status();
      if (again->seq > 0) continue;
    }
    result.findings = verifier.Finish(head->seq, head->mac);
    result.entries = verifier.entries();
    result.keys_failing_every_mac = verifier.KeysFailingEveryMac();
    return result;
  }
}

std::optional<ChainedEntry> ParseAuditEntry(
    const std::vector<std::pair<std::string, std::string>>& fields) {
  ChainedEntry e;
  std::string seq, time;
  const std::pair<std::string_view, std::string*> slots[] = {
      {"seq", &seq},
      {"key", &e.key_id},
      {"prev", &e.prev},
      {"mac", &e.mac},
      {"agency", &e.data.agency},
      {"cert", &e.data.cert_fingerprint},
      {"method", &e.data.method},
      {"case", &e.data.case_id},
      {"fields", &e.data.fields},
      {"outcome", &e.data.outcome},
      {"time", &time},
  };
  if (fields.size() != std::size(slots)) return std::nullopt;
  std::vector<bool> seen(std::size(slots), false);
  for (const auto& [name, value] : fields) {
    bool known = false;
    for (std::size_t i = 0; i < std::size(slots); ++i) {
      if (slots[i].first != name) continue;
      if (seen[i]) return std::nullopt;
      seen[i] = known = true;
      *slots[i].second = value;
    }
    if (!known) return std::nullopt;
  }
  if (!ParseInt(seq, e.seq) || !ParseInt(time, e.data.time_ms)) return std::nullopt;
  return e;
}

}  // namespace lintas::redis
