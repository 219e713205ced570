--[[
  promoteWaiting(P, x, now) -> enrolled: offers section x's free seats to its waitlist, first come
  first served, re-checking every rule for each waiting request (a drop does the same for the one
  seat it frees). Stops at a full section or a held one (sectionHold). Needs decideEnroll, included
  by the script before this file (included twice, its decision buffers would be two).
]]
local function promoteWaiting(P, x, now)
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
