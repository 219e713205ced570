--[[
  Sets a section's capacity, never below its current enrolment.

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] section id
  ARGV[3] new capacity

  Returns { code, enrolled }
    code 0 = set; -3 = below current enrolment (nothing changed); -4 = section unknown to Redis
]]
local secKey = ARGV[1] .. 'sec:' .. ARGV[2]
local n = redis.call('HGET', secKey, 'n')
if not n then return { -4, 0 } end
if tonumber(ARGV[3]) < tonumber(n) then return { -3, tonumber(n) } end
redis.call('HSET', secKey, 'cap', ARGV[3])
return { 0, tonumber(n) }
