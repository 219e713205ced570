--[[
  Releases a staff change's holds (see includes/sectionHold.lua) once its MySQL transaction has
  committed and Redis has the values it committed, or once the change is undone; a hold another
  change has taken since (a new token) is left to that change. A released section with seats free
  and requests on its waitlist (a capacity raised) promotes them in waitlist order, re-checking
  every rule, in the same step — before any later request in line can take those seats.

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] the change's token (the part of the hold after '<until>:')
  ARGV[3] now, ms
  ARGV[4..] section ids

  Returns { released, promoted }: holds released, waiting requests enrolled.
]]
-- @include decideEnroll

local P, token, now = ARGV[1], ARGV[2], ARGV[3]
-- No promotion while the engine has no state or a rebuild runs (a rebuild writes waitlists from MySQL).
local ready = redis.call('EXISTS', P .. 'epoch') == 1 and redis.call('EXISTS', P .. 'paused') == 0

-- Offers section x's free seats to its waitlist, first come first served (as a drop does one seat).
local function promoteWaiting(x)
  local secKey = P .. 'sec:' .. x
  local promoted = 0
  for _ = 1, 10000 do
    local s = redis.call('HMGET', secKey, 'cap', 'n', 'hold')
    if s[3] or not s[1] or tonumber(s[2] or '0') >= tonumber(s[1]) then break end
    local waiting = redis.call('LPOP', secKey .. ':wait')
    if not waiting then break end
    if redis.call('HGET', P .. 'req:' .. waiting, 'st') == 'WAITLISTED' then
      if decideEnroll(P, waiting, now, '1', '') == 'ENROLLED' then promoted = promoted + 1 end
    end
  end
  return promoted
end

return withDecisions(P, function()
  local released, promoted = 0, 0
  for i = 4, #ARGV do
    local secKey = P .. 'sec:' .. ARGV[i]
    local hold = redis.call('HGET', secKey, 'hold')
    if hold and string.match(hold, '^%d+:(.*)$') == token then
      redis.call('HDEL', secKey, 'hold')
      redis.call('ZREM', P .. 'holds', ARGV[i])
      released = released + 1
      if ready then promoted = promoted + promoteWaiting(ARGV[i]) end
    elseif not hold then
      redis.call('ZREM', P .. 'holds', ARGV[i])
    end
  end
  return { released, promoted }
end)
