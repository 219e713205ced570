--[[
  Shared by decideUpTo, dropEnrollment and enrollNow: decides one ENROLL request against every
  rule and applies the outcome in the same atomic step.

  decideEnroll(P, rid, now, promoted) -> outcome, reason
    P        key prefix ("goorm:")
    rid      request id; its hash P.."req:"..rid holds s (student), x (section), wl (waitlist opt-in)
    promoted "1" when a waitlisted request is being re-decided after a drop

  Rules, in order (the first that fails is the reason):
    SECTION_NOT_FOUND, NOT_ELIGIBLE (own major or general education), ALREADY_ENROLLED,
    SAME_LECTURE_ENROLLED, CREDIT_LIMIT_EXCEEDED, TIME_CONFLICT, then seats: SECTION_FULL,
    or WAITLISTED when the request opted in.
  Effects of a grant: section n+1, student credits, section and lecture maps, weekly slots.
  Every decision gets the next global seq, is written to the request hash, appended to the
  decision stream (commit order) and published for the API's SSE streams.
]]
local function emitDecision(P, rid, s, x, action, outcome, reason, csec, lec, cr, now, promoted, staff)
  local seq = redis.call('INCR', P .. 'dseq')
  local reqKey = P .. 'req:' .. rid
  redis.call('HSET', reqKey, 'st', outcome, 'rsn', reason, 'seq', seq, 'dt', now, 'csec', csec)
  if outcome ~= 'WAITLISTED' then
    redis.call('EXPIRE', reqKey, 604800)
    if redis.call('HGET', P .. 'stu:' .. s .. ':pend', x) == rid then
      redis.call('HDEL', P .. 'stu:' .. s .. ':pend', x)
    end
  end
  local pos, accepted = unpack(redis.call('HMGET', reqKey, 'pos', 't'))
  -- ta (accepted at) lets the committer measure enqueue-to-decision without another read.
  redis.call('XADD', P .. 'decisions', seq .. '-1',
    'r', rid, 's', s, 'x', x, 'a', action, 'o', outcome, 'rsn', reason, 'pos', pos or '',
    'lec', lec, 'cr', cr, 't', now, 'ta', accepted or '', 'p', promoted, 'staff', staff)
  redis.call('PUBLISH', P .. 'ch:decisions',
    rid .. '|' .. s .. '|' .. x .. '|' .. outcome .. '|' .. reason .. '|' .. csec .. '|' .. (pos or ''))
  return seq
end

local function decideEnroll(P, rid, now, promoted, staff)
  local reqKey = P .. 'req:' .. rid
  local r = redis.call('HMGET', reqKey, 's', 'x', 'wl')
  local s, x, wl = r[1], r[2], r[3]
  local secKey = P .. 'sec:' .. x
  local sec = redis.call('HMGET', secKey, 'cap', 'n', 'lec', 'cr', 'maj', 'ge', 'slots', 'wl')
  local cap, n, lec, cr, maj, ge, slots, secWl = sec[1], sec[2], sec[3], sec[4], sec[5], sec[6], sec[7], sec[8]
  local function reject(reason, csec)
    emitDecision(P, rid, s, x, 'ENROLL', 'REJECTED', reason, csec or '', lec or '', cr or '', now, promoted, staff)
    return 'REJECTED', reason
  end
  if not cap then return reject('SECTION_NOT_FOUND') end
  local stuKey = P .. 'stu:' .. s
  local stu = redis.call('HMGET', stuKey, 'max', 'cr', 'maj')
  if not stu[1] then return reject('NOT_ELIGIBLE') end
  if ge ~= '1' and maj ~= stu[3] then return reject('NOT_ELIGIBLE') end
  if redis.call('HEXISTS', stuKey .. ':sec', x) == 1 then return reject('ALREADY_ENROLLED', x) end
  local sameLecture = redis.call('HGET', stuKey .. ':lec', lec)
  if sameLecture then return reject('SAME_LECTURE_ENROLLED', sameLecture) end
  if tonumber(stu[2] or '0') + tonumber(cr) > tonumber(stu[1]) then return reject('CREDIT_LIMIT_EXCEEDED') end
  local slotList = {}
  if slots and slots ~= '' then
    for slot in string.gmatch(slots, '[^,]+') do slotList[#slotList + 1] = slot end
    local taken = redis.call('HMGET', stuKey .. ':occ', unpack(slotList))
    for i = 1, #slotList do
      if taken[i] then return reject('TIME_CONFLICT', taken[i]) end
    end
  end
  if tonumber(n) >= tonumber(cap) then
    if (wl == '1' or secWl == '1') and promoted ~= '1' then
      redis.call('RPUSH', secKey .. ':wait', rid)
      emitDecision(P, rid, s, x, 'ENROLL', 'WAITLISTED', '', '', lec, cr, now, promoted, staff)
      return 'WAITLISTED', ''
    end
    return reject('SECTION_FULL')
  end
  redis.call('HINCRBY', secKey, 'n', 1)
  redis.call('HINCRBY', stuKey, 'cr', tonumber(cr))
  redis.call('HSET', stuKey .. ':sec', x, rid)
  redis.call('HSET', stuKey .. ':lec', lec, x)
  for i = 1, #slotList do redis.call('HSET', stuKey .. ':occ', slotList[i], x) end
  emitDecision(P, rid, s, x, 'ENROLL', 'ENROLLED', '', '', lec, cr, now, promoted, staff)
  return 'ENROLLED', ''
end
