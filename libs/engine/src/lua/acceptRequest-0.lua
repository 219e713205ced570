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
  ARGV[13] optional: the draw of the request's window when it is RANDOM_AT_OPEN ("" = first come,
           first served): "<windowId>:<startsAtMs>"
  ARGV[14] with ARGV[13]: when the draw is held, ms. Before then (by ARGV[6]) the request joins
           the draw instead of taking a place. After, while the draw is not held yet (the jobs and
           the worker's tick hold it in chunks, npm run bench:draw; longer if no worker runs), it joins it behind the draw period's requests, scored by its arrival (draws:arrivals): so
           it is placed first come, first served after them, no later arrival is ever placed ahead
           of the draw, and an accept never blocks Redis holding one
  ARGV[17] with ARGV[13]: a random value the API made; the draw's salt if this request is its first
           (a request of the draw period is scored by a ticket, sha1(salt, student, section): the same
           for a student who withdraws and enrolls again, so nobody re-rolls their place)
  ARGV[15], ARGV[16] optional: the grade and major id the caller judged the window with ("" = not
           checked); when the student's hash has other values (a staff edit the caller's cache has
           not seen), nothing is done: code -5

  Returns { code, requestId, position, status, decidedUpTo, retryMs, drawAt, reason, conflictSection }
    (decidedUpTo: the line's shared "decided up to" counter, for the answer's ETA; only with codes 0
    and 1; retryMs: only with code -3; drawAt: when the request is in a draw that is not held yet,
    position 0; reason, conflictSection: code 1 only, of a request already decided)
    code 0 = new place in line; 1 = an existing request was returned (same key, or still
    pending for this section); -4 = the key names a request for another section (requestId: that
    request, conflictSection: its section; answer 409, nothing changed);
    -2 = the line is full (answer 503); -1 = NOT_READY: the engine
    state is missing (Redis lost it) or being rebuilt — a place handed out now would come from a
    counter that restarted, and the rebuild would not know the request (answer 503);
    -3 = over the rate limit: retryMs until the window resets (answer 429);
    -5 = the caller's grade or major for the student is out of date (judge the window again)
]]
-- @include engineReady
-- @include hitWindow

local P, s, x, rid, idem, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
-- Before the rate limit counts the call: the caller asks again at once with the student's profile as it is.
if ARGV[15] and ARGV[15] ~= '' then
  local profile = redis.call('HMGET', P .. 'stu:' .. s, 'gr', 'maj')
  if profile[1] and (profile[1] ~= ARGV[15] or profile[2] ~= ARGV[16]) then return { -5, '', '0', '' } end
end
if ARGV[10] and ARGV[10] ~= '' then
  local count, ttl = hitWindow(ARGV[10], ARGV[12])
  if count > tonumber(ARGV[11]) then return { -3, '', '0', '', '0', ttl } end
end
if not engineReady(P) then
  return { -1, '', '0', '' }
end
local idemKey = P .. 'idem:' .. s .. ':' .. idem
if idem ~= '' then
  local existing = redis.call('GET', idemKey)
  if existing then
    local r = redis.call('HMGET', P .. 'req:' .. existing, 'pos', 'st', 'da', 'x', 'rsn', 'csec')
    -- The same key for another section is another request, not a retry of this one.
    if r[4] and r[4] ~= x then return { -4, existing, '0', '', '0', '', '', '', r[4] } end
    return { 1, existing, r[1] or '0', r[2] or 'QUEUED', redis.call('GET', P .. 'line:decided') or '0', '', (not r[1] and r[3]) or '', r[5] or '', r[6] or '' }
  end
end
local pendKey = P .. 'stu:' .. s .. ':pend'
local pending = redis.call('HGET', pendKey, x)
if pending then
  local r = redis.call('HMGET', P .. 'req:' .. pending, 'pos', 'st', 'dr', 'da')
  -- Live only while it still waits: QUEUED and in the line (or in a draw not held yet), or
  -- WAITLISTED. A reservation that points anywhere else (drift) must not block the student; it is
  -- replaced below.
  local live = r[2] == 'WAITLISTED' or (r[2] == 'QUEUED' and (redis.call('ZSCORE', P .. 'line', pending)
    or (not r[1] and r[3] and redis.call('ZSCORE', P .. 'draw:' .. r[3], pending))))
  if live then
    if idem ~= '' then redis.call('SET', idemKey, pending, 'EX', ARGV[9]) end
    return { 1, pending, r[1] or '0', r[2], redis.call('GET', P .. 'line:decided') or '0', '', (not r[1] and r[4]) or '' }
  end
  redis.call('HDEL', pendKey, x)
end
local draw = ARGV[13] or ''
-- A draw already held (even if its time has not come on this clock) takes no one.
if draw ~= '' and redis.call('EXISTS', P .. 'draw:' .. draw .. ':held') == 1 then draw = '' end
local late = draw ~= '' and tonumber(now) >= tonumber(ARGV[14])
-- Past the draw time, a draw nobody joined (or one held and forgotten) has nothing to wait for.
if late and not redis.call('ZSCORE', P .. 'draws', draw) then draw = '' end
local drawKey = P .. 'draw:' .. draw
-- Requests waiting for a draw wait as surely as those in line: both count against the cap.
local waiting = redis.call('ZCARD', P .. 'line') + tonumber(redis.call('GET', P .. 'draws:waiting') or '0')
if waiting >= tonumber(ARGV[8]) then
  return { -2, '', '0', '' }
end
if draw ~= '' then
  -- No place yet: holdDraw-0.lua gives the requests of the draw their places, in an order no
  -- arrival time decides (see that script). dr/da: which draw, and when it is held.
  redis.call('HSET', P .. 'req:' .. rid, 's', s, 'x', x, 'a', 'ENROLL', 'st', 'QUEUED', 't', now, 'wl', ARGV[7], 'dr', draw, 'da', ARGV[14])
  -- In the draw period: its ticket, below 2^52 (placed in ticket order). A student's ticket is one
  -- per (draw, section), so withdrawing and enrolling again draws the same (it was the request's
  -- random id: a student re-rolled until theirs sorted first). A late joiner: 2^52 + its arrival
  -- (after every ticket, in the order the accepts ran here: a counter, not the API's clock).
  local score
  if late then
    score = 4503599627370496 + redis.call('INCR', P .. 'draws:arrivals')
  else
    -- One call sets the salt if the draw has none and answers the one it has (NX with GET: Redis 7).
    local salt = redis.call('SET', drawKey .. ':salt', ARGV[17], 'NX', 'GET', 'EX', 172800) or ARGV[17]
    score = tonumber(string.sub(redis.sha1hex(salt .. ':' .. s .. ':' .. x), 1, 13), 16)
  end
  redis.call('ZADD', drawKey, score, rid)
  redis.call('INCR', P .. 'draws:waiting')
  redis.call('ZADD', P .. 'draws', 'NX', ARGV[14], draw)
  redis.call('HSET', pendKey, x, rid)
  if idem ~= '' then redis.call('SET', idemKey, rid, 'EX', ARGV[9]) end
  return { 0, rid, '0', 'QUEUED', redis.call('GET', P .. 'line:decided') or '0', '', ARGV[14] }
end
local pos = redis.call('INCR', P .. 'line:seq')
redis.call('HSET', P .. 'req:' .. rid, 's', s, 'x', x, 'a', 'ENROLL', 'st', 'QUEUED', 'pos', pos, 't', now, 'wl', ARGV[7])
redis.call('ZADD', P .. 'line', pos, rid)
redis.call('HSET', pendKey, x, rid)
if idem ~= '' then redis.call('SET', idemKey, rid, 'EX', ARGV[9]) end
return { 0, rid, tostring(pos), 'QUEUED', redis.call('GET', P .. 'line:decided') or '0' }
