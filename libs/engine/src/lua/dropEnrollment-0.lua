--[[
  Drops a student's enrollment at once, then offers the freed seat to the section's waitlist
  in order, re-checking every rule for each waiting request (the first that passes gets it).
  A student who holds no seat there but still waits for one — a request on the section's waitlist,
  in line, or in a RANDOM_AT_OPEN draw — withdraws that request instead: it is decided CANCELLED
  (logged and committed like any decision) and leaves the waitlist, line or draw, so it can no
  longer be granted later (before, the drop answered 404 and a later drop promoted the student
  anyway).

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] student id
  ARGV[3] section id
  ARGV[4] request id for the drop
  ARGV[5] now, ms
  ARGV[6] staff id acting for the student, or ""
  ARGV[7] optional: withdraw only this request (the student's "leave the waitlist"): never a drop. A seat
          held in the section answers -7; a pending request other than this one, -3

  Returns { code, seq, requestId }
    code 0 = dropped (seq = the drop's decision seq; requestId: the waitlisted request promoted to
             the freed seat, "" when nobody moved up)
         1 = withdrawn (seq = the CANCELLED decision's seq; requestId: the request withdrawn)
        -1 = NOT_READY (engine state missing or paused, or the section missing from Redis)
        -3 = NOT_ENROLLED
        -6 = a staff change holds the section (includes/sectionHold.lua): nothing changed; try again shortly
        -7 = ARGV[7] given and that request holds the student's seat in the section (it was granted): nothing changed
]]
-- @include engineReady
-- @include decideEnroll

local P, s, x, rid, now, staff = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
if not engineReady(P) then
  return { -1, 0, '' }
end
local stuKey = P .. 'stu:' .. s
local only = ARGV[7] or ''
local enrolledBy = redis.call('HGET', stuKey .. ':sec', x)
-- "Leave the waitlist" on a request that has meanwhile been granted its seat must not give the seat up.
-- (A seat held through another request, staff's enrolment say, leaves this one to be withdrawn.)
if only ~= '' and enrolledBy == only then return { -7, 0, enrolledBy } end
if not enrolledBy or only ~= '' then
  -- Nothing held: withdraw the request that still waits for this section, if one does.
  local pending = redis.call('HGET', stuKey .. ':pend', x)
  if not pending or (only ~= '' and pending ~= only) then return { -3, 0, '' } end
  local r = redis.call('HMGET', P .. 'req:' .. pending, 'st', 'pos', 'dr')
  local where = nil
  if r[1] == 'WAITLISTED' then
    if redis.call('LREM', P .. 'sec:' .. x .. ':wait', 0, pending) > 0 then where = 'waitlist' end
  elseif r[1] == 'QUEUED' then
    if r[2] and redis.call('ZREM', P .. 'line', pending) > 0 then where = 'line'
    elseif not r[2] and r[3] and redis.call('ZREM', P .. 'draw:' .. r[3], pending) > 0 then
      redis.call('DECR', P .. 'draws:waiting')
      where = 'draw'
    end
  end
  -- A reservation that points at nothing waiting (drift): nothing to withdraw.
  if not where then return { -3, 0, '' } end
  local sec = redis.call('HMGET', P .. 'sec:' .. x, 'lec', 'cr')
  return withDecisions(P, function()
    -- A job still holds this request (line, draw): decideUpTo skips it and the job reads CANCELLED.
    local seq = emitDecision(P, pending, s, x, 'ENROLL', 'CANCELLED', '', '', sec[1] or '', sec[2] or '', now, '0', staff)
    return { 1, seq, pending }
  end)
end
local secKey = P .. 'sec:' .. x
local sec = redis.call('HMGET', secKey, 'lec', 'cr', 'slots', 'hold')
-- The student holds a section Redis no longer has (drift; a reconcile repairs it): change nothing.
if not sec[2] then return { -1, 0, '' } end
-- A staff change in flight: the seat it was checked against, and whom a promotion would pick, must not move.
if sec[4] then return { -6, 0, '' } end
redis.call('HINCRBY', secKey, 'n', -1)
redis.call('HINCRBY', stuKey, 'cr', -tonumber(sec[2]))
redis.call('HDEL', stuKey .. ':sec', x)
redis.call('HDEL', stuKey .. ':lec', sec[1])
if sec[3] and sec[3] ~= '' then
  for slot in string.gmatch(sec[3], '[^,]+') do
    if redis.call('HGET', stuKey .. ':occ', slot) == x then redis.call('HDEL', stuKey .. ':occ', slot) end
  end
end
redis.call('HSET', P .. 'req:' .. rid, 's', s, 'x', x, 'a', 'DROP', 'st', 'QUEUED', 't', now, 'enr', enrolledBy)
-- The drop and any promotion it makes: their lines go out as one message (withDecisions).
return withDecisions(P, function()
  local seq = emitDecision(P, rid, s, x, 'DROP', 'DROPPED', '', '', sec[1], sec[2], now, '0', staff)
  local promoted = ''
  while promoted == '' do
    local waiting = redis.call('LPOP', secKey .. ':wait')
    if not waiting then break end
    if redis.call('HGET', P .. 'req:' .. waiting, 'st') == 'WAITLISTED' then
      local outcome = decideEnroll(P, waiting, now, '1', '')
      if outcome == 'ENROLLED' then promoted = waiting end
    end
  end
  return { 0, seq, promoted }
end)
