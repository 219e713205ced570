--[[
  Moves a section's meetings in Redis (its weekly slots, which the time-conflict rule reads), only
  while nobody holds a seat in it. Enrolled students' timetables hold the old slots, and the
  decisions of the last few ms are in Redis before they are in MySQL: so the staff API's MySQL
  check alone could let a move through right after a grant. Checked and applied in one step here,
  no grant can slip in between.

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] section id
  ARGV[3] new slots, comma-separated (day*32+period), "" for none

  Returns { code, enrolled }
    code 0 = set; -3 = seats are held (nothing changed); -4 = section unknown to Redis
]]
local secKey = ARGV[1] .. 'sec:' .. ARGV[2]
local n = redis.call('HGET', secKey, 'n')
if not n then return { -4, 0 } end
if tonumber(n) > 0 then return { -3, tonumber(n) } end
redis.call('HSET', secKey, 'slots', ARGV[3])
return { 0, 0 }
