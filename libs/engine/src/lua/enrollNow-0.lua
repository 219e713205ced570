--[[
  Staff enrolling a student: decided at once, outside the line and outside windows, by the
  same rules as every other request.

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] student id
  ARGV[3] section id
  ARGV[4] request id
  ARGV[5] now, ms
  ARGV[6] staff id

  Returns { code, outcome, reason, seq }
    code 0 = decided; -1 = NOT_READY (engine state missing or paused);
        -6 = a staff change holds the section (includes/sectionHold.lua): nothing decided; try again shortly
]]
-- @include engineReady
-- @include decideEnroll

local P, s, x, rid, now, staff = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
if not engineReady(P) then
  return { -1, '', '', 0 }
end
if redis.call('HEXISTS', P .. 'sec:' .. x, 'hold') == 1 then return { -6, '', '', 0 } end
redis.call('HSET', P .. 'req:' .. rid, 's', s, 'x', x, 'a', 'ENROLL', 'st', 'QUEUED', 't', now, 'wl', '0')
local outcome, reason = withDecisions(P, function() return decideEnroll(P, rid, now, '0', staff) end)
return { 0, outcome, reason, tonumber(redis.call('HGET', P .. 'req:' .. rid, 'seq')) }
