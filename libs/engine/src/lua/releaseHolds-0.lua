--[[
  Releases a staff change's hold on sections (see includes/sectionHold.lua) once its MySQL
  transaction has committed and Redis has the values it committed, or once the change is undone;
  other changes holding a section keep it held. A section no change holds any more, with seats
  free and requests on its waitlist (a capacity raised), promotes them in waitlist order,
  re-checking every rule, in the same step: before any later request in line can take those seats.

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] the change's token
  ARGV[3] now, ms
  ARGV[4..] section ids

  Returns { released, promoted }: sections this change held (released), waiting requests enrolled.
]]
-- @include engineReady
-- @include decideEnroll
-- @include promoteWaiting
-- @include sectionHold

local P, token, now = ARGV[1], ARGV[2], ARGV[3]
-- No promotion while the engine has no state or a rebuild runs: a rebuild promotes at its end.
local ready = engineReady(P)

return withDecisions(P, function()
  local released, promoted = 0, 0
  for i = 4, #ARGV do
    local x = ARGV[i]
    local untilMs, tokens = holdParts(redis.call('HGET', P .. 'sec:' .. x, 'hold'))
    local rest = {}
    for _, t in ipairs(tokens) do
      if t == token then released = released + 1 else rest[#rest + 1] = t end
    end
    if #rest < #tokens or #tokens == 0 then writeHold(P, x, untilMs, rest) end
    if #rest == 0 and #tokens > 0 and ready then promoted = promoted + promoteWaiting(P, x, now) end
  end
  return { released, promoted }
end)
