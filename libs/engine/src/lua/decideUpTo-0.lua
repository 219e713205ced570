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

  Returns { code, decided, decidedUpTo, status, seq, firstSeq } (status/seq of ARGV[5] when given and
    done, else ''; firstSeq: the seq of this call's first decision — the decision seq before it + 1)
    code  0 = done up to ARGV[2]
          1 = stopped at the ARGV[3] limit; call again
         -1 = NOT_READY: the engine state is missing (Redis lost it) or paused for a rebuild;
              nothing was decided
]]
-- @include decideEnroll

local P = ARGV[1]
-- One read for the readiness keys and both counters (was four).
local state = redis.call('MGET', P .. 'epoch', P .. 'paused', P .. 'line:decided', P .. 'line:seq', P .. 'dseq')
if not state[1] or state[2] then
  return { -1, 0, 0 }
end
local upTo = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local now = ARGV[4]
local lineKey = P .. 'line'
local cur = tonumber(state[3] or '0')
local seqNow = tonumber(state[4] or '0')
local firstSeq = tonumber(state[5] or '0') + 1
local decided = 0
local last = cur -- the highest place taken from the line so far (never below cur)
-- The head of the line up to upTo, at most `limit` entries, taken in one read and one removal
-- (nothing below adds to the line, so their ranks stay 0..k-1).
local items = redis.call('ZRANGEBYSCORE', lineKey, '-inf', upTo, 'WITHSCORES', 'LIMIT', 0, limit)
if #items > 0 then redis.call('ZREMRANGEBYRANK', lineKey, 0, #items / 2 - 1) end
for i = 1, #items, 2 do
  local rid = items[i]
  local place = tonumber(items[i + 1])
  local req = redis.call('HMGET', P .. 'req:' .. rid, 'st', 's', 'x', 'wl', 'pos', 't')
  if req[1] == 'QUEUED' then
    decideEnroll(P, rid, now, '0', '', req)
    decided = decided + 1
  end
  if place > last then last = place end
end
local head = redis.call('ZRANGE', lineKey, 0, 0, 'WITHSCORES')
if #head > 0 and tonumber(head[2]) <= upTo then
  -- Stopped at the limit with more to decide: record progress so far, the caller calls again.
  if last > cur then redis.call('SET', P .. 'line:decided', last) end
  if decided > 0 then redis.call('PUBLISH', P .. 'ch:progress', last) end
  return { 1, decided, last, '', '', firstSeq }
end
-- Nothing below upTo is left: everything up to it is decided (places may be sparse).
local upper = upTo
if #head > 0 and tonumber(head[2]) - 1 < upper then upper = tonumber(head[2]) - 1 end
if upper > seqNow then upper = seqNow end
if upper > cur then redis.call('SET', P .. 'line:decided', upper) else upper = cur end
if decided > 0 then redis.call('PUBLISH', P .. 'ch:progress', upper) end
-- The caller's own request, read here to save the job a round trip.
if ARGV[5] and ARGV[5] ~= '' then
  local own = redis.call('HMGET', P .. 'req:' .. ARGV[5], 'st', 'seq')
  return { 0, decided, upper, own[1] or '', own[2] or '', firstSeq }
end
return { 0, decided, upper, '', '', firstSeq }
