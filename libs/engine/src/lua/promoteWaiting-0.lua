--[[
  Offers free seats to waitlists (includes/promoteWaiting.lua), section by section: after a rebuild,
  which may have run while a capacity raise was released (a release promotes nobody while the engine
  is paused).

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] now, ms
  ARGV[3..] section ids

  Returns the number of waiting requests enrolled; -1 = the engine is not ready (nothing done).
]]
-- @include decideEnroll
-- @include promoteWaiting

local P, now = ARGV[1], ARGV[2]
if redis.call('EXISTS', P .. 'epoch') == 0 or redis.call('EXISTS', P .. 'paused') == 1 then return -1 end
return withDecisions(P, function()
  local promoted = 0
  for i = 3, #ARGV do promoted = promoted + promoteWaiting(P, ARGV[i], now) end
  return promoted
end)
