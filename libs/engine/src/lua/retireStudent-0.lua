--[[
  Removes a student staff are deleting from Redis, unless they hold a seat or wait for one. As
  with retireSection, a grant (or a place on a waitlist) of the last few ms is in Redis before
  MySQL, and its row could no longer be written once the student is gone. Requests of theirs still
  in line are then decided NOT_ELIGIBLE (and logged). Their pending places (stu:<id>:pend) stay:
  the decisions clear them, and a delete that MySQL then refuses needs them back.

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] student id

  Returns { code, held, waiting, seq }
    code 0 = removed (or Redis never had them); seq: the decision seq now (as retireSection)
        -3 = seats held or waitlisted (nothing changed)
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
if held > 0 or waiting > 0 then return { -3, held, waiting, 0 } end
redis.call('DEL', stuKey, stuKey .. ':sec', stuKey .. ':lec', stuKey .. ':occ')
return { 0, 0, 0, tonumber(redis.call('GET', P .. 'dseq') or '0') }
