--[[
  Marks a student staff are deleting as gone (field del = until when), unless they hold a seat,
  wait for one, or have a request in line. As with retireSection, a grant of the last few ms is in
  Redis before MySQL, and its row could no longer be written once the student is gone; a request
  still in line would be rejected only for the delete to fail on the decision it leaves behind.
  Until del passes, requests of theirs are decided NOT_ELIGIBLE (decideEnroll).

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] student id
  ARGV[3] now, ms
  ARGV[4] how long the mark holds, ms

  Returns { code, held, waiting, seq, del } as retireSection (waiting: waitlisted or queued requests)
]]
-- @include deleteMark

local P = ARGV[1]
if redis.call('EXISTS', P .. 'paused') == 1 then return { -1, 0, 0, 0, '' } end
local stuKey = P .. 'stu:' .. ARGV[2]
local mark = redis.call('HGET', stuKey, 'del')
if marked(mark, ARGV[3]) then return { -5, 0, 0, 0, '' } end
local held = redis.call('HLEN', stuKey .. ':sec')
local waiting = 0
-- stu:<id>:pend keeps each section's live request (QUEUED or WAITLISTED); a decided one is stale.
local pend = redis.call('HVALS', stuKey .. ':pend')
for i = 1, #pend do
  local st = redis.call('HGET', P .. 'req:' .. pend[i], 'st')
  if st == 'WAITLISTED' or st == 'QUEUED' then waiting = waiting + 1 end
end
if held > 0 or waiting > 0 then return { -3, held, waiting, 0, '' } end
return markGone(P, 'stu:' .. ARGV[2], ARGV[3], ARGV[4])
