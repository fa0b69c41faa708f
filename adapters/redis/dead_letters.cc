#include "adapters/redis/dead_letters.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "adapters/redis/pipelined_client.h"

namespace lintas::redis {
namespace {

struct ContextFree {
  void operator()(redisContext* c) const { redisFree(c); }
};
using Context = std::unique_ptr<redisContext, ContextFree>;

absl::StatusOr<Context> Connect(const RedisAddress& a) {
  const timeval tv{2, 0};
  redisContext* c = a.is_unix ? redisConnectUnixWithTimeout(a.host.c_str(), tv)
                              : redisConnectWithTimeout(a.host.c_str(), a.port, tv);
  if (c == nullptr || c->err != 0) {
    const std::string why = c ? c->errstr : "out of memory";
    if (c) redisFree(c);
    return absl::UnavailableError(absl::StrCat("redis at ", a.ToString(), " unreachable: ", why));
  }
  return Context(c);
}

absl::StatusOr<Reply> Run(redisContext* c, const std::vector<std::string>& argv) {
  std::vector<const char*> args;
  std::vector<size_t> lens;
  for (const auto& a : argv) {
    args.push_back(a.data());
    lens.push_back(a.size());
  }
  auto* raw = static_cast<redisReply*>(
      redisCommandArgv(c, static_cast<int>(args.size()), args.data(), lens.data()));
  if (raw == nullptr) return absl::UnavailableError(absl::StrCat("redis: ", c->errstr));
  Reply reply(raw);
  if (reply->type == REDIS_REPLY_ERROR) return StatusFromErrorReply(*reply);
  return reply;
}

std::string Text(const redisReply* r) {
  return r != nullptr && r->type == REDIS_REPLY_STRING ? std::string(r->str, r->len)
                                                       : std::string();
}

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

DeadLetters::DeadLetters(RedisAddress address, std::string stream)
    : address_(std::move(address)), stream_(std::move(stream)) {}

absl::StatusOr<std::vector<DeadLetter>> DeadLetters::List(int limit) {
  auto c = Connect(address_);
  if (!c.ok()) return c.status();
  auto reply = Run(c->get(), {"XRANGE", stream_, "-", "+", "COUNT", std::to_string(limit)});
  if (!reply.ok()) return reply.status();
  std::vector<DeadLetter> out;
  for (size_t i = 0; i < (*reply)->elements; ++i)
    out.push_back(Parse((*reply)->element[i]));
  return out;
}

absl::StatusOr<std::string> DeadLetters::Replay(const std::string& id) {
  auto c = Connect(address_);
  if (!c.ok()) return c.status();
  auto reply = Run(c->get(), {"XRANGE", stream_, id, id});
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
  auto added = Run(c->get(), argv);
  if (!added.ok()) return added.status();
  // Removed only after the copy is back on its stream: a crash in between replays it twice,
  // which the consumers' effect dedupe absorbs, rather than losing it.
  if (auto removed = Run(c->get(), {"XDEL", stream_, id}); !removed.ok()) return removed.status();
  return Text(added->get());
}

}  // namespace lintas::redis
