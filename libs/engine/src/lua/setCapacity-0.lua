--[[
  Sets a section's capacity, never below its current enrolment.

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] section id
  ARGV[3] new capacity
  ARGV[4] optional: a staff change's hold on the section ('<until, ms>:<token>', see sectionHold),
          set in the same step; '' or absent: none (an undo)

  Returns { code, enrolled }
    code 0 = set; -3 = below current enrolment (nothing changed); -4 = section unknown to Redis;
        -1 = a rebuild is running (nothing changed; only when asked to hold)
]]
-- @include sectionHold

local P = ARGV[1]
local secKey = P .. 'sec:' .. ARGV[2]
local n = redis.call('HGET', secKey, 'n')
if not n then return { -4, 0 } end
if holdRefused(P, ARGV[4]) then return { -1, 0 } end
if tonumber(ARGV[3]) < tonumber(n) then return { -3, tonumber(n) } end
redis.call('HSET', secKey, 'cap', ARGV[3])
holdSection(P, ARGV[2], ARGV[4])
return { 0, tonumber(n) }
