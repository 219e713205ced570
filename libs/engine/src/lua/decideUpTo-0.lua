--[[
  Decides every undecided request in line up to a place in line, in line order.
  Whatever worker runs it, no request is ever overtaken by a later one: the line (a sorted
  set scored by place in line) is consumed from its head only, inside one atomic script.

  KEYS: none (all keys derive from ARGV[1]; single-instance Redis, see libs/engine/README.md)
  ARGV[1] key prefix, e.g. "goorm:"
  ARGV[2] decide up to this place in line (inclusive)
  ARGV[3] at most this many decisions in this call (keeps each call short)
  ARGV[4] now, ms since epoch
  ARGV[5..] optional: request ids whose status and decision seq to return (the callers' own: a
          worker process asks once for every job that waits on the same step)

  Returns { code, decided, decidedUpTo, firstSeq, status1, seq1, status2, seq2, … } (one pair per
    ARGV[5..] id, '' when unknown; firstSeq: the seq of this call's first decision — the decision
    seq before it + 1)
    code  0 = done up to ARGV[2]
          1 = stopped at the ARGV[3] limit; call again
          2 = stopped at a request whose section a staff change holds (includes/sectionHold.lua):
              it and everything after it stay in line; call again shortly
         -1 = NOT_READY: the engine state is missing (Redis lost it) or paused for a rebuild;
              nothing was decided
  Publishes the call's decisions on ch:decisions as one message (a line each), then, when it
  decided any, the new "decided up to" on ch:progress.
]]
-- @include decideEnroll

local P = ARGV[1]
-- One read for the readiness keys and both counters (was four).
local state = redis.call('MGET', P .. 'epoch', P .. 'paused', P .. 'line:decided', P .. 'line:seq', P .. 'dseq')
if not state[1] or state[2] then
  return { -1, 0, 0, 0 }
end
-- The decisions, then their lines for ch:decisions as one message (withDecisions), then the new
-- "decided up to" (after the decisions, as the SSE streams expect them).
local progressTo = nil
decisionSeq.n = tonumber(state[5] or '0') -- read above with the rest: no GET for the first decision
local firstSeq = decisionSeq.n + 1
local result = withDecisions(P, function()
  local upTo = tonumber(ARGV[2])
  local limit = tonumber(ARGV[3])
  local now = ARGV[4]
  local lineKey = P .. 'line'
  local cur = tonumber(state[3] or '0')
  local seqNow = tonumber(state[4] or '0')
  local decided = 0
  local made = {} -- request id -> { status, seq } of the decisions made here (saves a read per asker)
  local last = cur -- the highest place taken from the line so far (never below cur)
  -- The head of the line up to upTo, at most `limit` entries, taken in one read and one removal
  -- (nothing below adds to the line, so their ranks stay 0..k-1).
  local items = redis.call('ZRANGEBYSCORE', lineKey, '-inf', upTo, 'WITHSCORES', 'LIMIT', 0, limit)
  local taken, held = 0, false
  for i = 1, #items, 2 do
    local rid = items[i]
    local place = tonumber(items[i + 1])
    local req = redis.call('HMGET', P .. 'req:' .. rid, 'st', 's', 'x', 'wl', 'pos', 't')
    if req[1] == 'QUEUED' then
      local outcome, _, seq = decideEnroll(P, rid, now, '0', '', req)
      -- A held section: nothing behind this request may overtake it, so the line waits here.
      if outcome == 'HELD' then held = true; break end
      made[rid] = { outcome, seq }
      decided = decided + 1
    end
    taken = taken + 1
    if place > last then last = place end
  end
  -- The entries taken, in one removal (nothing here adds to the line: they are ranks 0..taken-1).
  if taken > 0 then redis.call('ZREMRANGEBYRANK', lineKey, 0, taken - 1) end
  -- The askers' own requests, read here to save each job a round trip.
  local function withOwn(out)
    for i = 5, #ARGV do
      local m = made[ARGV[i]]
      if not m then m = redis.call('HMGET', P .. 'req:' .. ARGV[i], 'st', 'seq') end
      out[#out + 1] = m[1] or ''
      out[#out + 1] = m[2] or ''
    end
    return out
  end
  -- Fewer entries than the limit: none is left up to upTo (nothing below adds to the line).
  local head = {}
  if not held and #items / 2 >= limit then head = redis.call('ZRANGE', lineKey, 0, 0, 'WITHSCORES') end
  if held or (#head > 0 and tonumber(head[2]) <= upTo) then
    -- Stopped at a held section (it and the rest wait for the release) or at the limit with more to
    -- decide: record progress so far, the caller calls again.
    if last > cur then redis.call('SET', P .. 'line:decided', last) end
    if decided > 0 then progressTo = last end
    return withOwn({ held and 2 or 1, decided, last, firstSeq })
  end
  -- Nothing below upTo is left: everything up to it is decided (places may be sparse).
  local upper = upTo
  if #head > 0 and tonumber(head[2]) - 1 < upper then upper = tonumber(head[2]) - 1 end
  if upper > seqNow then upper = seqNow end
  if upper > cur then redis.call('SET', P .. 'line:decided', upper) else upper = cur end
  if decided > 0 then progressTo = upper end
  return withOwn({ 0, decided, upper, firstSeq })
end)
if progressTo then redis.call('PUBLISH', P .. 'ch:progress', progressTo) end
return result
