--[[
  Clears the mark a staff delete put on a section or student (retireSection / retireStudent) when
  MySQL then refused the delete: decisions see it again. Only the delete's own mark is cleared, so
  a second delete's mark survives the first one's failure.

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] 'sec' or 'stu'
  ARGV[3] id
  ARGV[4] the mark retire returned

  Returns 1 = cleared, 0 = not this mark (lapsed, replaced, or the keys are gone)
]]
local member = ARGV[2] .. ':' .. ARGV[3]
if redis.call('HGET', ARGV[1] .. member, 'del') ~= ARGV[4] then return 0 end
redis.call('HDEL', ARGV[1] .. member, 'del')
redis.call('ZREM', ARGV[1] .. 'deleting', member)
return 1
