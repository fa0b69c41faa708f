#pragma once

namespace lintas::redis {

// Appends one event to a case atomically: idempotency check, optimistic concurrency on the
// case version, XADD to the partition stream, snapshot write, idempotency record. Nothing is
// written unless every check passes, and Redis runs the script as one unit (its effects reach
// the AOF as one MULTI/EXEC block).
//
// KEYS[1] partition events stream   KEYS[2] case hash   KEYS[3] idempotency hash (absent when the
// event has no key) ARGV[1] case id   ARGV[2] expected version   ARGV[3] event type   ARGV[4]
// envelope bytes ARGV[5] snapshot bytes   ARGV[6] content fingerprint   ARGV[7] created-at ms
//
// Replies: {"OK", entry id} | {"REPLAY", case id, created-at ms} | {"CONFLICT", case id}
//          | {"VERSION", current version}
inline constexpr char kAppendEventScript[] = R"lua(
if #KEYS == 3 then
  local prior = redis.call('HMGET', KEYS[3], 'case', 'fp', 'at')
  if prior[1] then
    if prior[2] == ARGV[6] then return {'REPLAY', prior[1], prior[3]} end
    return {'CONFLICT', prior[1]}
  end
end
local current = tonumber(redis.call('HGET', KEYS[2], 'v') or '0')
if current ~= tonumber(ARGV[2]) then return {'VERSION', tostring(current)} end
local entry = redis.call('XADD', KEYS[1], '*', 't', ARGV[3], 'c', ARGV[1], 'e', ARGV[4])
redis.call('HSET', KEYS[2], 'v', current + 1, 'rec', ARGV[5])
if #KEYS == 3 then
  redis.call('HSET', KEYS[3], 'case', ARGV[1], 'fp', ARGV[6], 'at', ARGV[7])
end
return {'OK', entry}
)lua";

}  // namespace lintas::redis
