--[[
  Shared by holdDraw (the script): holds (part of) a RANDOM_AT_OPEN window's draw. The requests
  of the draw period (score 0) get their places in line one after the other above the line's last
  place, in request-id order: request ids are random UUIDs the server makes, so that order is a
  uniform shuffle no arrival time, client or retry can steer, and one a rebuild from MySQL can
  reproduce. Requests that joined after the draw time, while it was not held yet (scored by their
  arrival time), come after them, first come, first served. Once the draw is empty it is marked
  held: acceptRequest puts no one in it again.

  holdDraw(P, draw, now, limit) -> done, placed, pairs
    P      key prefix
    draw   draw id ("<windowId>:<startsAtMs>")
    now    ms; the caller has checked that the draw is due
    limit  at most this many requests in this call
    done   true when the draw is held (or there was nothing to hold)
    placed places handed out by this call
    pairs  { id1, place1, id2, place2, … } of this call (the caller makes them durable: the
           intake journal, which a rebuild reads)
]]
local function holdDraw(P, draw, now, limit)
  local drawKey = P .. 'draw:' .. draw
  -- By score, then (equal scores) lexicographically: the draw period's requests in id order, then
  -- the late ones in arrival order.
  local ids = redis.call('ZRANGE', drawKey, 0, limit - 1)
  local seq = tonumber(redis.call('GET', P .. 'line:seq') or '0')
  local batch = {}
  local pairs = {}
  for i = 1, #ids do
    local k = P .. 'req:' .. ids[i]
    -- Only what still waits for its place and is still the student's pending request for the
    -- section (a rebuild may have placed, decided or replaced it meanwhile).
    local r = redis.call('HMGET', k, 'st', 'pos', 's', 'x')
    if r[1] == 'QUEUED' and not r[2] and redis.call('HGET', P .. 'stu:' .. (r[3] or '') .. ':pend', r[4] or '') == ids[i] then
      seq = seq + 1
      redis.call('HSET', k, 'pos', seq)
      batch[#batch + 1] = seq
      batch[#batch + 1] = ids[i]
      pairs[#pairs + 1] = ids[i]
      pairs[#pairs + 1] = seq
      if #batch >= 400 then redis.call('ZADD', P .. 'line', unpack(batch)); batch = {} end
    end
  end
  if #batch > 0 then redis.call('ZADD', P .. 'line', unpack(batch)) end
  if #ids > 0 then
    redis.call('ZREMRANGEBYRANK', drawKey, 0, #ids - 1)
    redis.call('DECRBY', P .. 'draws:waiting', #ids)
  end
  local placed = #pairs / 2
  if placed > 0 then redis.call('SET', P .. 'line:seq', seq) end
  if redis.call('ZCARD', drawKey) > 0 then return false, placed, pairs end
  -- Held: marked for two days (a later request takes a first-come place), off the due list.
  redis.call('SET', drawKey .. ':held', now, 'EX', 172800)
  redis.call('ZREM', P .. 'draws', draw)
  if placed > 0 then redis.call('PUBLISH', P .. 'ch:progress', redis.call('GET', P .. 'line:decided') or '0') end
  return true, placed, pairs
end
