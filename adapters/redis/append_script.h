#pragma once

namespace lintas::redis {

// Appends one or more events to a case atomically: idempotency check, effect dedupe, optimistic
// concurrency on the case version, XADD of every event to the partition stream and to the case's
// own timeline, snapshot write, listing indexes, idempotency record. Nothing is written unless
// every check passes, and Redis runs the script as one unit (its effects reach the AOF as one
// MULTI/EXEC block).
//
// KEYS[1] partition events stream   KEYS[2] case hash   KEYS[3] case timeline stream
// KEYS[4] partition cases zset (case id -> updated ms)
// KEYS[5 .. 4+n] the partition's per-agency case zsets of the agencies on the case (n = ARGV[7])
// KEYS[5+n] idempotency hash (only for commands that carry an idempotency key)
// ARGV[1] case id   ARGV[2] expected version   ARGV[3] snapshot after the events
// ARGV[4] content fingerprint ('' without a key)   ARGV[5] created-at ms ('' without a key)
// ARGV[6] effect token ('' for none): names what caused this append (e.g. "routing:<event id>"),
//         so a consumer that redelivers an event after a crash finds its effect already there
// ARGV[7] n, the number of agency zsets   ARGV[8] updated-at ms (the listing score)
// ARGV[9], ARGV[10], ... pairs of (event type, envelope bytes), in order; at least one pair
//
// The partition stream is the transport to consumers and is trimmed behind them; the timeline
// keeps the case's history for good, each entry under the same id as in the partition stream
// (ids in one partition only grow, so they only grow within one case too).
//
// Replies: {"OK", last entry id} | {"REPLAY", case id, created-at ms} | {"CONFLICT", case id}
//          | {"APPLIED"} (the effect token was seen before) | {"VERSION", current version}
inline constexpr char kAppendEventScript[] = R"lua(
local n = tonumber(ARGV[7])
local idem = KEYS[5 + n]
if idem then
  local prior = redis.call('HMGET', idem, 'case', 'fp', 'at')
  if prior[1] then
    if prior[2] == ARGV[4] then return {'REPLAY', prior[1], prior[3]} end
    return {'CONFLICT', prior[1]}
  end
end
if ARGV[6] ~= '' and redis.call('HEXISTS', KEYS[2], 'fx:' .. ARGV[6]) == 1 then
  return {'APPLIED'}
end
local current = tonumber(redis.call('HGET', KEYS[2], 'v') or '0')
if current ~= tonumber(ARGV[2]) then return {'VERSION', tostring(current)} end
local entry
for i = 9, #ARGV - 1, 2 do
  entry = redis.call('XADD', KEYS[1], '*', 't', ARGV[i], 'c', ARGV[1], 'e', ARGV[i + 1])
  redis.call('XADD', KEYS[3], entry, 't', ARGV[i], 'e', ARGV[i + 1])
end
redis.call('HSET', KEYS[2], 'v', current + (#ARGV - 8) / 2, 'rec', ARGV[3])
if ARGV[6] ~= '' then redis.call('HSET', KEYS[2], 'fx:' .. ARGV[6], '1') end
for i = 4, 4 + n do redis.call('ZADD', KEYS[i], ARGV[8], ARGV[1]) end
if idem then
  redis.call('HSET', idem, 'case', ARGV[1], 'fp', ARGV[4], 'at', ARGV[5])
end
return {'OK', entry}
)lua";

}  // namespace lintas::redis
