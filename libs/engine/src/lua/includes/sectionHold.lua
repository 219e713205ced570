--[[
  Staff changes' hold on a section: field hold = '<until, ms>:<token>[,<token>…]' (one token per
  change holding it, `until` the latest of their ends), the section listed in P..'holds' scored by
  that time. The staff API applies a guarded change (capacity, meetings, lecture, credits) to Redis
  inside its MySQL transaction; the section stays held until every change holding it has committed
  or been undone and released it (releaseHolds-0.lua). Meanwhile no request for it is decided
  (decideEnroll answers HELD and the line waits: decideUpTo-0.lua) and no drop or staff enrolment is
  made there, so no seat is granted with values MySQL may yet refuse, and an undo always finds the
  seats it was checked against. Right before its COMMIT a change checks that it still holds the
  section and extends the hold (confirmHolds-0.lua): one whose hold lapsed (a commit slower than the
  hold) rolls back. A hold whose API process died lapses; the worker then reloads the section from
  MySQL (repairHold-0.lua). Shared by setCapacity, reshapeSection and setCredits (which hold), confirmHolds,
  releaseHolds and repairHold.
]]
-- The tokens of a hold value, and its end (nil, {} when there is none).
local function holdParts(value)
  if not value then return nil, {} end
  local untilMs, list = string.match(value, '^(%d+):(.*)$')
  local tokens = {}
  for t in string.gmatch(list or '', '[^,]+') do tokens[#tokens + 1] = t end
  return tonumber(untilMs), tokens
end

local function writeHold(P, x, untilMs, tokens)
  local secKey = P .. 'sec:' .. x
  if #tokens == 0 then
    redis.call('HDEL', secKey, 'hold')
    redis.call('ZREM', P .. 'holds', x)
  else
    redis.call('HSET', secKey, 'hold', untilMs .. ':' .. table.concat(tokens, ','))
    redis.call('ZADD', P .. 'holds', untilMs, x)
  end
end

-- Holds section x for `hold` ('<until>:<token>'), beside any other change holding it; '' holds
-- nothing (an undo).
local function holdSection(P, x, hold)
  if hold == nil or hold == '' then return end
  local untilNew, token = string.match(hold, '^(%d+):(.*)$')
  local untilMs, tokens = holdParts(redis.call('HGET', P .. 'sec:' .. x, 'hold'))
  local mine = false
  for _, t in ipairs(tokens) do if t == token then mine = true end end
  if not mine then tokens[#tokens + 1] = token end
  if not untilMs or tonumber(untilNew) > untilMs then untilMs = tonumber(untilNew) end
  writeHold(P, x, untilMs, tokens)
end

-- A change that would hold may not start while a rebuild runs: the rebuild waits for the holds
-- there are, then writes MySQL's values over every section.
local function holdRefused(P, hold)
  return hold ~= nil and hold ~= '' and redis.call('EXISTS', P .. 'paused') == 1
end
