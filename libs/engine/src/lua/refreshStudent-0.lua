--[[
  Loads one student's staff-editable limits from MySQL into Redis in one step. The credits used,
  sections, lectures and timetable are the engine's own and are not touched.

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] student id
  ARGV[3] max credits · ARGV[4] major id · ARGV[5] grade
  ARGV[6] '1': create the student when Redis has none (a new student, one Redis lacks); '0': update
          only — a refresh that read MySQL before a delete committed must not bring them back
  ARGV[7] '1': a staff change's write (noted while a rebuild runs: includes/staffWrite.lua); '0': the
          rebuild's own reload

  Returns 1 = created, 0 = updated, -1 = not in Redis (and not created)
]]
-- @include staffWrite

local stuKey = ARGV[1] .. 'stu:' .. ARGV[2]
local new = redis.call('EXISTS', stuKey) == 0
if new and ARGV[6] ~= '1' then return -1 end
redis.call('HSET', stuKey, 'max', ARGV[3], 'maj', ARGV[4], 'gr', ARGV[5])
if ARGV[7] == '1' then noteStaffWrite(ARGV[1], 'stu:' .. ARGV[2]) end
redis.call('HSETNX', stuKey, 'cr', '0')
if new then return 1 end
return 0
