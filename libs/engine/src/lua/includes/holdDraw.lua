--[[
  Shared by holdDraw (the script): holds (part of) a RANDOM_AT_OPEN window's draw. The requests
  of the draw period (score 0) get their places in line one after the other above the line's last
  place, in request-id order: request ids are random UUIDs the server makes, so that order is a
  uniform shuffle no arrival time, client or retry can steer, and one a rebuild from MySQL can
  reproduce. Requests that joined after the draw time, while it was not held yet (scored by their
  arrival time), come after them, first come, first served. Once the draw is empty it is marked
  held: acceptRequest puts no one in it again.

  holdDraw(P, draw, now, limit) -> done, placed, rows
    P      key prefix
    draw   draw id ("<windowId>:<startsAtMs>")
    now    ms; the caller has checked that the draw is due
    limit  at most this many requests in this call
    done   true when the draw is held (or there was nothing to hold)
    placed places handed out by this call
    rows   { id, place, student, section, waitlist, acceptedAt, … } (6 values per request placed
           by this call): the caller writes them to the intake journal, which a rebuild reads
]]
local function holdDraw(P, draw, now, limit)
  local drawKey = P .. 'draw:' .. draw
  -- By score, then (equal scores) lexicographically: the draw period's requests in id order, then
  -- the late ones in arrival order.
  local ids = redis.call('ZRANGE', drawKey, 0, limit - 1)
  local seq = tonumber(redis.call('GET', P .. 'line:seq') or '0')
  local batch = {}
  local rows = {}
  for i = 1, #ids do
    local k = P .. 'req:' .. ids[i]
    -- Only what still waits for its place (a rebuild replaces the draws it re-drives: see
    -- EngineStateWriter.rebuild).
    local r = redis.call('HMGET', k, 'st', 'pos', 's', 'x', 'wl', 't')
    if r[1] == 'QUEUED' and not r[2] then
      seq = seq + 1
      redis.call('HSET', k, 'pos', seq)
      batch[#batch + 1] = seq
      batch[#batch + 1] = ids[i]
      local row = { ids[i], seq, r[3] or '0', r[4] or '0', r[5] or '0', r[6] or '0' }
      for j = 1, 6 do rows[#rows + 1] = row[j] end
      if #batch >= 400 then redis.call('ZADD', P .. 'line', unpack(batch)); batch = {} end
    end
  end
  if #batch > 0 then redis.call('ZADD', P .. 'line', unpack(batch)) end
  if #ids > 0 then
    redis.call('ZREMRANGEBYRANK', drawKey, 0, #ids - 1)
    redis.call('DECRBY', P .. 'draws:waiting', #ids)
  end
  local placed = #rows / 6
  if placed > 0 then redis.call('SET', P .. 'line:seq', seq) end
  if redis.call('ZCARD', drawKey) > 0 then return false, placed, rows end
  -- Held: marked for two days (a later request takes a first-come place), off the due list.
  redis.call('SET', drawKey .. ':held', now, 'EX', 172800)
  redis.call('ZREM', P .. 'draws', draw)
  if placed > 0 then redis.call('PUBLISH', P .. 'ch:progress', redis.call('GET', P .. 'line:decided') or '0') end
  return true, placed, rows
end
