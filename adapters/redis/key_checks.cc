#include "adapters/redis/key_checks.h"

#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "adapters/redis/reply.h"

namespace lintas::redis {
namespace {

// ARGV: id1 value1 id2 value2 ...; returns the ids whose recorded value differs.
constexpr std::string_view kScript = R"lua(
local bad = {}
for i = 1, #ARGV, 2 do
  redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1])
  if redis.call('HGET', KEYS[1], ARGV[i]) ~= ARGV[i + 1] then bad[#bad + 1] = ARGV[i] end
end
return bad
)lua";

}  // namespace

absl::Status VerifyKeyChecks(PipelinedClient& redis, const KeyLayout& keys,
                             const std::vector<std::pair<std::string, std::string>>& values) {
  const std::string key = keys.KeyChecks();
  std::vector<std::string_view> argv = {"EVAL", kScript, "1", key};
  for (const auto& [id, value] : values) {
    argv.push_back(id);
    argv.push_back(value);
  }
  auto reply = redis.Command(std::span<const std::string_view>(argv));
  if (!reply.ok()) return reply.status();
  const redisReply& r = **reply;
  if (r.type == REDIS_REPLY_ERROR) return StatusFromErrorReply(r);
  if (r.type != REDIS_REPLY_ARRAY) {
    return absl::InternalError(absl::StrCat("key check script: unexpected reply type ", r.type));
  }
  if (r.elements == 0) return absl::OkStatus();
  std::vector<std::string> bad;
  for (std::size_t i = 0; i < r.elements; ++i)
    bad.push_back(Text(r.element[i]));
  return absl::FailedPreconditionError(absl::StrCat(
      "crypto key '", absl::StrJoin(bad, "', '"),
      "' is not the key this Redis's data was written with (its check value in ", key,
      " differs): is the key file for that id the right one? Refusing to read or write with it"));
}

}  // namespace lintas::redis
