--[[
  Takes a student staff are deleting out of Redis, unless they hold a seat or wait for one. As
  with retireSection, a grant (or a place on a waitlist) of the last few ms is in Redis before
  MySQL, and its row could no longer be written once the student is gone. Requests of theirs still
  in line are then decided NOT_ELIGIBLE (and logged). Their main hash is kept aside
  (retired:stu:<id>, 60 s; restoreRetired-0.lua moves it back if MySQL refuses the delete); their
  sections, lectures and timetable are empty (nothing held), and their pending places stay: the
  decisions clear them, and a refused delete needs them.

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] student id

  Returns { code, held, waiting, seq, moved } as retireSection
]]
local P = ARGV[1]
local stuKey = P .. 'stu:' .. ARGV[2]
local held = redis.call('HLEN', stuKey .. ':sec')
local waiting = 0
-- stu:<id>:pend keeps each section's live request, WAITLISTED ones included.
local pend = redis.call('HVALS', stuKey .. ':pend')
for i = 1, #pend do
  if redis.call('HGET', P .. 'req:' .. pend[i], 'st') == 'WAITLISTED' then waiting = waiting + 1 end
end
if held > 0 or waiting > 0 then return { -3, held, waiting, 0, 0 } end
local moved = 0
if redis.call('EXISTS', stuKey) == 1 then
  local stash = P .. 'retired:stu:' .. ARGV[2]
  redis.call('RENAME', stuKey, stash)
  redis.call('PEXPIRE', stash, 60000)
  moved = 1
end
return { 0, 0, 0, tonumber(redis.call('GET', P .. 'dseq') or '0'), moved }
