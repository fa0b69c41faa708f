#include "adapters/redis/dead_letters.h"

#include <string_view>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace lintas::redis {
namespace {

DeadLetter Parse(const redisReply* entry) {
  DeadLetter d;
  d.id = Text(entry->element[0]);
  const redisReply* kv = entry->element[1];
  for (size_t i = 0; kv->type == REDIS_REPLY_ARRAY && i + 1 < kv->elements; i += 2) {
    const std::string key = Text(kv->element[i]);
    std::string value = Text(kv->element[i + 1]);
    if (key == "source_stream")
      d.source_stream = std::move(value);
    else if (key == "source_id")
      d.source_id = std::move(value);
    else if (key == "group")
      d.group = std::move(value);
    else if (key == "error")
      d.error = std::move(value);
    else if (absl::StartsWith(key, "f:"))
      d.fields.emplace_back(key.substr(2), std::move(value));
  }
  return d;
}

}  // namespace

// An operator tool waits for Redis as long as it takes, as it always did.
DeadLetters::DeadLetters(RedisAddress address, std::string stream)
    : redis_(std::move(address), BlockingOptions{.connect_timeout = std::chrono::seconds(2),
                                                 .command_timeout = std::chrono::milliseconds(0)}),
      stream_(std::move(stream)) {}

std::vector<std::string> DeadLetters::WriteCommand(const std::string& stream,
                                                   const DeadLetter& letter) {
  std::vector<std::string> argv = {
      "XADD",           stream,  "*",          "source_stream", letter.source_stream, "source_id",
      letter.source_id, "group", letter.group, "error",         letter.error};
  for (const auto& [k, v] : letter.fields) {
    argv.push_back("f:" + k);
    argv.push_back(v);
  }
  return argv;
}

absl::Status DeadLetters::Write(BlockingConnection& redis, const std::string& stream,
                                const DeadLetter& letter) {
  return redis.Command(WriteCommand(stream, letter)).status();
}

absl::Status DeadLetters::Write(PipelinedClient& redis, const std::string& stream,
                                const DeadLetter& letter) {
  const std::vector<std::string> argv = WriteCommand(stream, letter);
  const std::vector<std::string_view> views(argv.begin(), argv.end());
  auto reply = redis.Command(views);
  if (!reply.ok()) return reply.status();
  if ((*reply)->type == REDIS_REPLY_ERROR) return StatusFromErrorReply(**reply);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<DeadLetter>> DeadLetters::List(int limit) {
  auto reply = redis_.Command({"XRANGE", stream_, "-", "+", "COUNT", std::to_string(limit)});
  if (!reply.ok()) return reply.status();
  std::vector<DeadLetter> out;
  for (size_t i = 0; i < (*reply)->elements; ++i)
    out.push_back(Parse((*reply)->element[i]));
  return out;
}

absl::StatusOr<std::string> DeadLetters::Replay(const std::string& id) {
  auto reply = redis_.Command({"XRANGE", stream_, id, id});
  if (!reply.ok()) return reply.status();
  if ((*reply)->elements == 0) {
    return absl::NotFoundError(absl::StrCat("no dead letter ", id, " in ", stream_));
  }
  const DeadLetter d = Parse((*reply)->element[0]);
  if (d.source_stream.empty() || d.fields.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("dead letter ", id, " does not say where it came from"));
  }
  std::vector<std::string> argv = {"XADD", d.source_stream, "*"};
  for (const auto& [k, v] : d.fields) {
    argv.push_back(k);
    argv.push_back(v);
  }
  auto added = redis_.Command(argv);
  if (!added.ok()) return added.status();
  // Removed only after the copy is back on its stream: a crash in between replays it twice,
  // which the consumers' effect dedupe absorbs, rather than losing it.
  if (auto removed = redis_.Command({"XDEL", stream_, id}); !removed.ok()) return removed.status();
  return Text(added->get());
}

}  // namespace lintas::redis
