--[[
  Sets a student's credit limit in Redis, never below the credits they hold there. The staff
  API's MySQL check sums committed enrollments only; a grant of the last few ms is in Redis
  first. Checked and applied in one step here, no grant can slip in between.

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] student id
  ARGV[3] new maximum credits

  Returns { code, held }
    code 0 = set (a student Redis does not have is skipped: a prime or reconcile loads them from MySQL);
        -3 = below the credits held (nothing changed; held: those credits)
]]
-- @include staffWrite

local stuKey = ARGV[1] .. 'stu:' .. ARGV[2]
local held = redis.call('HGET', stuKey, 'cr')
if not held then return { 0, 0 } end
if tonumber(held) > tonumber(ARGV[3]) then return { -3, tonumber(held) } end
redis.call('HSET', stuKey, 'max', ARGV[3])
noteStaffWrite(ARGV[1], 'stu:' .. ARGV[2])
return { 0, tonumber(held) }
