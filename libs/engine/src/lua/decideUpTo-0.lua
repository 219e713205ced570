--[[
  Decides every undecided request in line up to a place in line, in line order.
  Whatever worker runs it, no request is ever overtaken by a later one: the line (a sorted
  set scored by place in line) is consumed from its head only, inside one atomic script.

  KEYS: none (all keys derive from ARGV[1]; single-instance Redis, see libs/engine/README.md)
  ARGV[1] key prefix, e.g. "goorm:"
  ARGV[2] decide up to this place in line (inclusive)
  ARGV[3] at most this many decisions in this call (keeps each call short)
  ARGV[4] now, ms since epoch
  ARGV[5] optional: a request id whose status and decision seq to return (the caller's own)

  Returns { code, decided, decidedUpTo, status, seq } (status/seq of ARGV[5], when given and done)
    code  0 = done up to ARGV[2]
          1 = stopped at the ARGV[3] limit; call again
         -1 = NOT_READY: the engine state is missing (Redis lost it) or paused for a rebuild;
              nothing was decided
]]
-- @include decideEnroll

local P = ARGV[1]
if redis.call('EXISTS', P .. 'epoch') == 0 or redis.call('EXISTS', P .. 'paused') == 1 then
  return { -1, 0, 0 }
end
local upTo = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local now = ARGV[4]
local lineKey = P .. 'line'
local decided = 0
local last = tonumber(redis.call('GET', P .. 'line:decided') or '0')
while true do
  local head = redis.call('ZRANGE', lineKey, 0, 0, 'WITHSCORES')
  if #head == 0 or tonumber(head[2]) > upTo then break end
  if decided >= limit then
    if last > 0 then redis.call('SET', P .. 'line:decided', last) end
    return { 1, decided, last }
  end
  redis.call('ZREM', lineKey, head[1])
  local st = redis.call('HGET', P .. 'req:' .. head[1], 'st')
  if st == 'QUEUED' then
    decideEnroll(P, head[1], now, '0', '')
    decided = decided + 1
  end
  if tonumber(head[2]) > last then last = tonumber(head[2]) end
end
-- Nothing below upTo is left: everything up to it is decided (places may be sparse).
local cur = tonumber(redis.call('GET', P .. 'line:decided') or '0')
local head = redis.call('ZRANGE', lineKey, 0, 0, 'WITHSCORES')
local upper = upTo
if #head > 0 and tonumber(head[2]) - 1 < upper then upper = tonumber(head[2]) - 1 end
local seqNow = tonumber(redis.call('GET', P .. 'line:seq') or '0')
if upper > seqNow then upper = seqNow end
if upper > cur then redis.call('SET', P .. 'line:decided', upper) else upper = cur end
if decided > 0 then redis.call('PUBLISH', P .. 'ch:progress', upper) end
-- The caller's own request, read here to save the job a round trip.
if ARGV[5] and ARGV[5] ~= '' then
  local own = redis.call('HMGET', P .. 'req:' .. ARGV[5], 'st', 'seq')
  return { 0, decided, upper, own[1] or '', own[2] or '' }
end
return { 0, decided, upper }
