#include "adapters/redis/stream_consumer.h"

#include <algorithm>
#include <map>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "adapters/redis/dead_letters.h"

namespace lintas::redis {
namespace {

// "1700000000000-3" -> {1700000000000, 3}; nullopt for anything else.
std::optional<std::pair<std::uint64_t, std::uint64_t>> ParseId(std::string_view id) {
  const std::vector<absl::string_view> parts =
      absl::StrSplit(absl::string_view(id.data(), id.size()), '-');
  std::pair<std::uint64_t, std::uint64_t> out;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &out.first) ||
      !absl::SimpleAtoi(parts[1], &out.second)) {
    return std::nullopt;
  }
  return out;
}

// Deletes the consumer only if it has nothing pending: deleting one with pending entries would
// drop them from the group for good (the group's position is already past them). 1 if deleted.
constexpr char kRemoveIfEmptyScript[] = R"lua(
if #redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', 1, ARGV[2]) > 0 then return 0 end
redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2])
return 1
)lua";

}  // namespace

// A blocked read must outlast its BLOCK time; other commands answer at once.
StreamConsumer::StreamConsumer(RedisAddress address, ConsumerOptions options)
    : options_(std::move(options)),
      conn_(std::move(address),
            BlockingOptions{.connect_timeout = options_.connect_timeout,
                            .command_timeout = options_.block + std::chrono::seconds(5)}) {}

StreamConsumer::~StreamConsumer() = default;

absl::Status StreamConsumer::CreateGroup(const std::string& stream, const std::string& group) {
  auto r = Run({"XGROUP", "CREATE", stream, group, "0", "MKSTREAM"});
  if (!r.ok() && !absl::StrContains(r.status().message(), "BUSYGROUP")) return r.status();
  return absl::OkStatus();
}

absl::Status StreamConsumer::EnsureGroups() {
  for (const auto& stream : options_.streams) {
    if (auto s = CreateGroup(stream, options_.group); !s.ok()) return s;
    for (const auto& group : options_.all_groups) {
      if (auto s = CreateGroup(stream, group); !s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<StreamEntry>> StreamConsumer::ReadNew() {
  return Read(">", true);
}

absl::StatusOr<std::vector<StreamEntry>> StreamConsumer::ReadOwnPending() {
  return Read("0", false);
}

absl::StatusOr<std::vector<StreamEntry>> StreamConsumer::Read(const std::string& from, bool block) {
  std::vector<std::string> argv = {"XREADGROUP",      "GROUP", options_.group,
                                   options_.consumer, "COUNT", std::to_string(options_.batch)};
  if (block) {
    argv.push_back("BLOCK");
    argv.push_back(std::to_string(options_.block.count()));
  }
  argv.push_back("STREAMS");
  argv.insert(argv.end(), options_.streams.begin(), options_.streams.end());
  argv.insert(argv.end(), options_.streams.size(), from);
  auto reply = Run(argv);
  if (!reply.ok()) return reply.status();
  std::vector<StreamEntry> out, gone;
  const redisReply* r = reply->get();
  if (r->type != REDIS_REPLY_ARRAY) return out;  // nil: nothing new within BLOCK
  for (size_t s = 0; s < r->elements; ++s) {
    const redisReply* per_stream = r->element[s];
    if (per_stream->type != REDIS_REPLY_ARRAY || per_stream->elements < 2) continue;
    const std::string stream = Text(per_stream->element[0]);
    const redisReply* entries = per_stream->element[1];
    for (size_t i = 0; i < entries->elements; ++i) {
      StreamEntry e = ParseEntry(stream, entries->element[i]);
      if (e.id.empty()) continue;
      // Reading the pending list, an entry deleted from the stream comes back as [id, nil]:
      // nothing to handle, so it leaves the pending list (as XAUTOCLAIM does).
      if (from != ">" && e.fields.empty()) {
        gone.push_back(std::move(e));
        continue;
      }
      out.push_back(std::move(e));
    }
  }
  if (!gone.empty()) {
    deleted_seen_ += static_cast<std::int64_t>(gone.size());
    if (auto s = Ack(gone); !s.ok()) return s;
  }
  return out;
}

absl::StatusOr<std::vector<StreamEntry>> StreamConsumer::ClaimStale() {
  std::vector<StreamEntry> out;
  for (const auto& stream : options_.streams) {
    std::string cursor = "0-0";
    do {
      auto reply = Run({"XAUTOCLAIM", stream, options_.group, options_.consumer,
                        std::to_string(options_.claim_idle.count()), cursor, "COUNT",
                        std::to_string(options_.batch)});
      if (!reply.ok()) return reply.status();
      const redisReply* r = reply->get();
      if (r->type != REDIS_REPLY_ARRAY || r->elements < 2) break;
      cursor = Text(r->element[0]);
      for (size_t i = 0; i < r->element[1]->elements; ++i) {
        StreamEntry e = ParseEntry(stream, r->element[1]->element[i]);
        if (e.id.empty()) continue;
        out.push_back(std::move(e));
      }
      // Redis 7 lists the ids it dropped from the pending list because the entries are gone.
      if (r->elements > 2 && r->element[2]->type == REDIS_REPLY_ARRAY) {
        deleted_seen_ += static_cast<std::int64_t>(r->element[2]->elements);
      }
    } while (cursor != "0-0" && static_cast<int>(out.size()) < options_.batch);
  }
  return out;
}

absl::StatusOr<std::int64_t> StreamConsumer::DeliveryCount(const StreamEntry& entry) {
  auto reply = Run({"XPENDING", entry.stream, options_.group, entry.id, entry.id, "1"});
  if (!reply.ok()) return reply.status();
  const redisReply* r = reply->get();
  if (r->type != REDIS_REPLY_ARRAY || r->elements == 0) return 0;  // not pending
  const redisReply* row = r->element[0];
  if (row->type != REDIS_REPLY_ARRAY || row->elements < 4) return 0;
  return row->element[3]->integer;
}

absl::Status StreamConsumer::Ack(const StreamEntry& entry) {
  return Run({"XACK", entry.stream, options_.group, entry.id}).status();
}

absl::Status StreamConsumer::Ack(const std::vector<StreamEntry>& entries) {
  std::map<std::string, std::vector<std::string>> by_stream;
  for (const auto& e : entries)
    by_stream[e.stream].push_back(e.id);
  for (auto& [stream, ids] : by_stream) {
    std::vector<std::string> argv = {"XACK", stream, options_.group};
    argv.insert(argv.end(), ids.begin(), ids.end());
    if (auto r = Run(argv); !r.ok()) return r.status();
  }
  return absl::OkStatus();
}

absl::Status StreamConsumer::DeadLetter(const StreamEntry& entry, std::string_view error) {
  const redis::DeadLetter letter{.id = {},
                                 .source_stream = entry.stream,
                                 .source_id = entry.id,
                                 .group = options_.group,
                                 .error = std::string(error),
                                 .fields = entry.fields};
  if (auto s = DeadLetters::Write(conn_, options_.dead_letter_stream, letter); !s.ok()) return s;
  return Ack(entry);
}

absl::Status StreamConsumer::TrimAcknowledged(const std::string& stream) {
  // A group created later "from 0" would find trimmed entries gone: create it now instead.
  for (const auto& group : options_.all_groups) {
    if (auto s = CreateGroup(stream, group); !s.ok()) return s;
  }
  auto groups = Run({"XINFO", "GROUPS", stream});
  if (!groups.ok()) return groups.status();
  std::optional<std::pair<std::uint64_t, std::uint64_t>> keep_from;
  const auto consider = [&](std::string_view id) {
    const auto parsed = ParseId(id);
    if (parsed && (!keep_from || *parsed < *keep_from)) keep_from = parsed;
  };
  const redisReply* r = groups->get();
  for (size_t g = 0; g < r->elements; ++g) {
    const redisReply* info = r->element[g];
    std::string name, last_delivered;
    std::int64_t pending = 0;
    for (size_t i = 0; i + 1 < info->elements; i += 2) {
      const std::string key = Text(info->element[i]);
      if (key == "name") name = Text(info->element[i + 1]);
      if (key == "last-delivered-id") last_delivered = Text(info->element[i + 1]);
      if (key == "pending") pending = info->element[i + 1]->integer;
    }
    if (pending > 0) {
      auto oldest = Run({"XPENDING", stream, name, "-", "+", "1"});
      if (!oldest.ok()) return oldest.status();
      const redisReply* o = oldest->get();
      if (o->type == REDIS_REPLY_ARRAY && o->elements > 0 && o->element[0]->elements > 0) {
        consider(Text(o->element[0]->element[0]));
      }
    }
    consider(last_delivered);  // keeps that entry too: simpler than computing its successor
  }
  if (!keep_from) return absl::OkStatus();  // no group: nobody has read anything yet
  return Run({"XTRIM", stream, "MINID", "=",
              absl::StrCat(keep_from->first, "-", keep_from->second)})
      .status();
}

absl::StatusOr<int> StreamConsumer::RemoveIdleConsumers(const std::string& stream,
                                                        std::chrono::milliseconds idle_for) {
  int removed = 0;
  for (const auto& group : options_.all_groups) {
    auto consumers = Run({"XINFO", "CONSUMERS", stream, group});
    if (!consumers.ok()) {
      if (absl::StrContains(consumers.status().message(), "NOGROUP")) continue;
      return consumers.status();
    }
    const redisReply* r = consumers->get();
    for (size_t c = 0; r->type == REDIS_REPLY_ARRAY && c < r->elements; ++c) {
      const redisReply* info = r->element[c];
      std::string name;
      std::int64_t pending = -1, idle = -1;
      for (size_t i = 0; i + 1 < info->elements; i += 2) {
        const std::string key = Text(info->element[i]);
        if (key == "name") name = Text(info->element[i + 1]);
        if (key == "pending") pending = info->element[i + 1]->integer;
        if (key == "idle") idle = info->element[i + 1]->integer;
      }
      if (name.empty() || pending != 0 || idle < idle_for.count()) continue;
      if (group == options_.group && name == options_.consumer) continue;  // this very worker
      auto deleted = Run({"EVAL", kRemoveIfEmptyScript, "1", stream, group, name});
      if (!deleted.ok()) return deleted.status();
      if (deleted->get()->integer == 1) ++removed;
    }
  }
  return removed;
}

}  // namespace lintas::redis
