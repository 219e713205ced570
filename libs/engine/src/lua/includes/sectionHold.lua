--[[
  A staff change's hold on a section: field hold = '<until, ms>:<token>', the section listed in
  P..'holds' scored by that time. The staff API applies a guarded change (capacity, meetings,
  lecture, credits) to Redis inside its MySQL transaction, and the section stays held until that
  transaction has committed or the change is undone (releaseHolds-0.lua). Meanwhile no request for
  it is decided (decideEnroll answers HELD and the line waits: decideUpTo-0.lua) and no drop or
  staff enrolment is made there, so no seat is granted with values MySQL may yet refuse, and an
  undo always finds the seats it was checked against. A hold whose API process died lapses; the
  worker then reloads the section from MySQL (repairHold-0.lua). Shared by setCapacity,
  reshapeSection and setCredits.
]]
-- Holds section x for `hold` ('<until>:<token>'); '' holds nothing (an undo).
local function holdSection(P, x, hold)
  if hold == nil or hold == '' then return end
  redis.call('HSET', P .. 'sec:' .. x, 'hold', hold)
  redis.call('ZADD', P .. 'holds', tonumber(string.match(hold, '^(%d+):')), x)
end

-- A change that would hold may not start while a rebuild runs: the rebuild waits for the holds
-- there are, then writes MySQL's values over every section.
local function holdRefused(P, hold)
  return hold ~= nil and hold ~= '' and redis.call('EXISTS', P .. 'paused') == 1
end
