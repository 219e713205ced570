--[[
  Accepts an ENROLL request into the line: one place per (student, section), Idempotency-Key
  honoured, a place from one counter, and a bounded line.

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] student id
  ARGV[3] section id
  ARGV[4] new request id (used only when a new place is handed out)
  ARGV[5] Idempotency-Key, or "" for none
  ARGV[6] now, ms
  ARGV[7] "1" = wait on the waitlist if the section is full
  ARGV[8] line cap: refuse when this many requests are already waiting
  ARGV[9] idempotency key lifetime, seconds
  ARGV[10] optional: the student's rate-limit counter, or "" for none (checked first, counted
           on every call, like the API's @RateLimit guard — here to save the enroll call a round trip)
  ARGV[11] calls allowed per window
  ARGV[12] window length, ms

  Returns { code, requestId, position, status, decidedUpTo, retryMs } (decidedUpTo: the line's
    shared "decided up to" counter, for the answer's ETA; only with codes 0 and 1; retryMs: only
    with code -3)
    code 0 = new place in line; 1 = an existing request was returned (same key, or still
    pending for this section); -2 = the line is full (answer 503); -1 = NOT_READY: the engine
    state is missing (Redis lost it) or being rebuilt — a place handed out now would come from a
    counter that restarted, and the rebuild would not know the request (answer 503);
    -3 = over the rate limit: retryMs until the window resets (answer 429)
]]
-- @include hitWindow

local P, s, x, rid, idem, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
if ARGV[10] and ARGV[10] ~= '' then
  local count, ttl = hitWindow(ARGV[10], ARGV[12])
  if count > tonumber(ARGV[11]) then return { -3, '', '0', '', '0', ttl } end
end
if redis.call('EXISTS', P .. 'epoch') == 0 or redis.call('EXISTS', P .. 'paused') == 1 then
  return { -1, '', '0', '' }
end
local idemKey = P .. 'idem:' .. s .. ':' .. idem
if idem ~= '' then
  local existing = redis.call('GET', idemKey)
  if existing then
    local r = redis.call('HMGET', P .. 'req:' .. existing, 'pos', 'st')
    return { 1, existing, r[1] or '0', r[2] or 'QUEUED', redis.call('GET', P .. 'line:decided') or '0' }
  end
end
local pendKey = P .. 'stu:' .. s .. ':pend'
local pending = redis.call('HGET', pendKey, x)
if pending then
  local r = redis.call('HMGET', P .. 'req:' .. pending, 'pos', 'st')
  -- Live only while it still waits: QUEUED and in the line, or WAITLISTED. A reservation that
  -- points anywhere else (drift) must not block the student; it is replaced below.
  local live = r[2] == 'WAITLISTED' or (r[2] == 'QUEUED' and redis.call('ZSCORE', P .. 'line', pending))
  if live then
    if idem ~= '' then redis.call('SET', idemKey, pending, 'EX', ARGV[9]) end
    return { 1, pending, r[1] or '0', r[2], redis.call('GET', P .. 'line:decided') or '0' }
  end
  redis.call('HDEL', pendKey, x)
end
if redis.call('ZCARD', P .. 'line') >= tonumber(ARGV[8]) then
  return { -2, '', '0', '' }
end
local pos = redis.call('INCR', P .. 'line:seq')
redis.call('HSET', P .. 'req:' .. rid, 's', s, 'x', x, 'a', 'ENROLL', 'st', 'QUEUED', 'pos', pos, 't', now, 'wl', ARGV[7])
redis.call('ZADD', P .. 'line', pos, rid)
redis.call('HSET', pendKey, x, rid)
if idem ~= '' then redis.call('SET', idemKey, rid, 'EX', ARGV[9]) end
return { 0, rid, tostring(pos), 'QUEUED', redis.call('GET', P .. 'line:decided') or '0' }
