--[[
  Shared by holdDraw and acceptRequest: holds (part of) a RANDOM_AT_OPEN window's draw. Every
  request that joined it gets its place in line, one after the other above the line's last place,
  in request-id order. Request ids are random UUIDs the server makes, so that order is a uniform
  shuffle no arrival time, client or retry can steer, and one a rebuild from MySQL reproduces
  (EngineStateWriter places journaled draw requests the same way). Once the draw is empty it is
  marked held: acceptRequest puts no one in it again.

  holdDraw(P, draw, now, limit) -> done, placed
    P      key prefix
    draw   draw id ("<windowId>:<startsAtMs>")
    now    ms; the caller has checked that the draw is due
    limit  at most this many places in this call, 0 = all
    done   true when the draw is held (or there was nothing to hold)
    placed places handed out by this call
]]
local function holdDraw(P, draw, now, limit)
  local drawKey = P .. 'draw:' .. draw
  -- Equal scores: ZRANGE by rank returns members in lexicographic order (the request ids' order).
  local ids = redis.call('ZRANGE', drawKey, 0, limit > 0 and limit - 1 or -1)
  local seq = tonumber(redis.call('GET', P .. 'line:seq') or '0')
  local batch = {}
  local placed = 0
  for i = 1, #ids do
    local k = P .. 'req:' .. ids[i]
    -- Only what still waits for its place (a rebuild may have placed it meanwhile).
    local r = redis.call('HMGET', k, 'st', 'pos')
    if r[1] == 'QUEUED' and not r[2] then
      seq = seq + 1
      placed = placed + 1
      redis.call('HSET', k, 'pos', seq)
      batch[#batch + 1] = seq
      batch[#batch + 1] = ids[i]
      if #batch >= 400 then redis.call('ZADD', P .. 'line', unpack(batch)); batch = {} end
    end
  end
  if #batch > 0 then redis.call('ZADD', P .. 'line', unpack(batch)) end
  if #ids > 0 then redis.call('ZREMRANGEBYRANK', drawKey, 0, #ids - 1) end
  if placed > 0 then redis.call('SET', P .. 'line:seq', seq) end
  if redis.call('ZCARD', drawKey) > 0 then return false, placed end
  -- Held: marked for two days (a later request takes a first-come place), off the due list.
  redis.call('SET', drawKey .. ':held', now, 'EX', 172800)
  redis.call('ZREM', P .. 'draws', draw)
  if placed > 0 then redis.call('PUBLISH', P .. 'ch:progress', redis.call('GET', P .. 'line:decided') or '0') end
  return true, placed
end
