--[[
  Removes a student staff are deleting from Redis, unless they hold a seat or wait for one. As
  with retireSection, a grant (or a place on a waitlist) of the last few ms is in Redis before
  MySQL, and its row could no longer be written once the student is gone. Requests of theirs still
  in line are then decided NOT_ELIGIBLE (and logged).

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] student id

  Returns { code, held, waiting }
    code 0 = removed (or Redis never had them); -3 = seats held or waitlisted (nothing changed)
]]
local stuKey = ARGV[1] .. 'stu:' .. ARGV[2]
local held = redis.call('HLEN', stuKey .. ':sec')
local waiting = 0
-- stu:<id>:pend keeps each section's live request, WAITLISTED ones included.
local pend = redis.call('HVALS', stuKey .. ':pend')
for i = 1, #pend do
  if redis.call('HGET', ARGV[1] .. 'req:' .. pend[i], 'st') == 'WAITLISTED' then waiting = waiting + 1 end
end
if held > 0 or waiting > 0 then return { -3, held, waiting } end
redis.call('DEL', stuKey, stuKey .. ':sec', stuKey .. ':lec', stuKey .. ':occ', stuKey .. ':pend')
return { 0, 0, 0 }
