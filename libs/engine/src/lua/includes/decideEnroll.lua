--[[
  Shared by decideUpTo, dropEnrollment and enrollNow: decides one ENROLL request against every
  rule and applies the outcome in the same atomic step.

  decideEnroll(P, rid, now, promoted, staff, pre) -> outcome, reason, seq
    outcome 'HELD' (nothing decided, nothing written): a staff change holds the section
    (sectionHold); the caller must not decide past this request until it is released
    P        key prefix ("goorm:")
    rid      request id; its hash P.."req:"..rid holds s (student), x (section), wl (waitlist
             opt-in), pos (place in line), t (accepted at)
    promoted "1" when a waitlisted request is being re-decided after a drop
    staff    the staff id acting, or ''
    pre      optional: HMGET of the request hash's st, s, x, wl, pos, t, when the caller has it

  Rules, in order (the first that fails is the reason):
    SECTION_NOT_FOUND (also while a staff delete marks it: deleteMark), NOT_ELIGIBLE (own major or
    general education; also while a staff delete marks the student), ALREADY_ENROLLED,
    SAME_LECTURE_ENROLLED, CREDIT_LIMIT_EXCEEDED, TIME_CONFLICT, then seats: SECTION_FULL,
    or WAITLISTED when the request opted in or the section waits every request (never for staff).
  Effects of a grant: section n+1, student credits, section and lecture maps, weekly slots.
  Every decision gets the next global seq, is written to the request hash and appended to the
  decision stream (commit order); its line for the API's SSE streams is collected and published
  once per script call, in order (withDecisions).
]]
-- @include deleteMark

-- Lines for ch:decisions, one per decision of this call (a script's locals live for one call).
local decisionLines = {}
-- The decision seq: read once per call (or set by the caller from a read it makes anyway), counted
-- here, written back once by withDecisions (one INCR per decision before).
local decisionSeq = { n = nil }

local function nextSeq(P)
  if not decisionSeq.n then decisionSeq.n = tonumber(redis.call('GET', P .. 'dseq') or '0') end
  decisionSeq.n = decisionSeq.n + 1
  return decisionSeq.n
end

-- Runs fn (the script's decisions), then writes the decision seq back and publishes their lines
-- as one message: one message per call instead of one per decision, for Redis to fan out and for
-- every subscribed API process to wake for. Both happen even when fn fails part way (its earlier
-- decisions and stream entries stand, as every Redis write before a script error does, so the
-- seq must cover them), then the error is raised again.
local function withDecisions(P, fn)
  local ok, a, b, c = pcall(fn)
  if #decisionLines > 0 then
    redis.call('SET', P .. 'dseq', decisionSeq.n)
    redis.call('PUBLISH', P .. 'ch:decisions', table.concat(decisionLines, '\n'))
  end
  if not ok then error(a) end
  return a, b, c
end
local function emitDecision(P, rid, s, x, action, outcome, reason, csec, lec, cr, now, promoted, staff, pos, accepted)
  local seq = nextSeq(P)
  local reqKey = P .. 'req:' .. rid
  redis.call('HSET', reqKey, 'st', outcome, 'rsn', reason, 'seq', seq, 'dt', now, 'csec', csec)
  if outcome ~= 'WAITLISTED' then
    redis.call('EXPIRE', reqKey, 604800)
    if redis.call('HGET', P .. 'stu:' .. s .. ':pend', x) == rid then
      redis.call('HDEL', P .. 'stu:' .. s .. ':pend', x)
    end
  end
  if pos == nil then pos, accepted = unpack(redis.call('HMGET', reqKey, 'pos', 't')) end
  -- One packed field (libs/engine/src/decision-entry.ts parses it): 13 field/value pairs cost
  -- Redis and the committer more to store, read and parse than the decision itself. ta (accepted
  -- at) lets the committer measure enqueue-to-decision without another read.
  redis.call('XADD', P .. 'decisions', seq .. '-1', 'd',
    rid .. '|' .. s .. '|' .. x .. '|' .. action .. '|' .. outcome .. '|' .. reason .. '|' .. (pos or '') .. '|' ..
    lec .. '|' .. cr .. '|' .. now .. '|' .. (accepted or '') .. '|' .. promoted .. '|' .. staff)
  decisionLines[#decisionLines + 1] = rid .. '|' .. s .. '|' .. x .. '|' .. outcome .. '|' .. reason .. '|' .. csec .. '|' .. (pos or '')
  return seq
end

local function decideEnroll(P, rid, now, promoted, staff, pre)
  local reqKey = P .. 'req:' .. rid
  -- pre: the request hash's st, s, x, wl, pos, t when the caller has read them already.
  local r = pre or redis.call('HMGET', reqKey, 'st', 's', 'x', 'wl', 'pos', 't')
  local s, x, wl, pos, accepted = r[2], r[3], r[4], r[5] or '', r[6] or ''
  local secKey = P .. 'sec:' .. x
  local sec = redis.call('HMGET', secKey, 'cap', 'n', 'lec', 'cr', 'maj', 'ge', 'slots', 'wl', 'del', 'hold')
  local cap, n, lec, cr, maj, ge, slots, secWl = sec[1], sec[2], sec[3], sec[4], sec[5], sec[6], sec[7], sec[8]
  if sec[10] then return 'HELD', '', nil end -- a staff change in flight (sectionHold)
  if marked(sec[9], now) then cap = nil end -- a staff delete under way: as if it were gone
  local function reject(reason, csec)
    return 'REJECTED', reason, emitDecision(P, rid, s, x, 'ENROLL', 'REJECTED', reason, csec or '', lec or '', cr or '', now, promoted, staff, pos, accepted)
  end
  if not cap then return reject('SECTION_NOT_FOUND') end
  local stuKey = P .. 'stu:' .. s
  local stu = redis.call('HMGET', stuKey, 'max', 'cr', 'maj', 'del')
  if not stu[1] or marked(stu[4], now) then return reject('NOT_ELIGIBLE') end
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
    -- Waiting is the student's own request's (or the section's setting for it); a promotion, or staff
    -- acting for a student (answered at once: enrolled or why not), is never put on the waitlist.
    if (wl == '1' or secWl == '1') and promoted ~= '1' and staff == '' then
      redis.call('RPUSH', secKey .. ':wait', rid)
      return 'WAITLISTED', '', emitDecision(P, rid, s, x, 'ENROLL', 'WAITLISTED', '', '', lec, cr, now, promoted, staff, pos, accepted)
    end
    return reject('SECTION_FULL')
  end
  redis.call('HINCRBY', secKey, 'n', 1)
  redis.call('HINCRBY', stuKey, 'cr', tonumber(cr))
  redis.call('HSET', stuKey .. ':sec', x, rid)
  redis.call('HSET', stuKey .. ':lec', lec, x)
  if #slotList > 0 then
    -- One HSET for every slot of the section (was one call per slot).
    local fields = {}
    for i = 1, #slotList do fields[#fields + 1] = slotList[i]; fields[#fields + 1] = x end
    redis.call('HSET', stuKey .. ':occ', unpack(fields))
  end
  return 'ENROLLED', '', emitDecision(P, rid, s, x, 'ENROLL', 'ENROLLED', '', '', lec, cr, now, promoted, staff, pos, accepted)
end
