--[[
  Puts back a section or student a staff delete took out of Redis (retireSection / retireStudent)
  when MySQL then refused the delete: the hash as it was, seat count and waitlist flag included
  (nothing was granted there meanwhile: requests were decided SECTION_NOT_FOUND / NOT_ELIGIBLE).

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] 'sec' or 'stu'
  ARGV[3] id

  Returns 1 = restored, 0 = nothing kept aside (expired, or never moved)
]]
local stash = ARGV[1] .. 'retired:' .. ARGV[2] .. ':' .. ARGV[3]
if redis.call('EXISTS', stash) == 0 then return 0 end
local live = ARGV[1] .. ARGV[2] .. ':' .. ARGV[3]
redis.call('RENAME', stash, live)
redis.call('PERSIST', live)
return 1
