--[[
  Holds the draw of a RANDOM_AT_OPEN window once it is due: called by the job of a request that
  waits for the draw (to learn its place), and by the worker's tick for draws whose jobs have not
  come. The requests of the draw period get their places in line one after the other above the
  line's last place, in ticket order (acceptRequest-0.lua: sha1 of a salt the draw's first request
  set, the student and the section): a shuffle no arrival time, client, retry or withdraw-and-enroll
  -again can steer. Requests that joined after the draw time, before it was held (scored above
  every ticket, by arrival), come after them, first come, first served. Once the draw is empty it
  is marked held: acceptRequest puts no one in it again.

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] draw id ("<windowId>:<startsAtMs>"), or "" for the draw of ARGV[3]'s request
  ARGV[3] optional: a request id whose place to return
  ARGV[4] now, ms (a draw is not held before its time)
  ARGV[5] at most this many places in one call (keeps each call short; call again on code 1)

  Returns { code, placed, position, id, place, student, section, waitlist, acceptedAt, … }
    position: ARGV[3]'s place in line ('' when it has none); then 6 values per request this call
    placed (the worker writes them to the intake journal, so a rebuild keeps the places)
    code 0 = held (or nothing to hold: the request has its place already, or is in no draw)
         1 = placed `placed` requests and stopped at the ARGV[5] limit; call again
        -1 = NOT_READY: the engine state is missing or paused for a rebuild
        -2 = not yet: the draw is held at `placed` ms (the request has no place until then)
]]
-- @include engineReady

local P, draw, rid, now, limit = ARGV[1], ARGV[2], ARGV[3] or '', tonumber(ARGV[4]), tonumber(ARGV[5])
local reqKey = rid ~= '' and (P .. 'req:' .. rid) or nil
if draw == '' then
  if not reqKey then return { 0, 0, '' } end
  local r = redis.call('HMGET', reqKey, 'pos', 'dr')
  if r[1] or not r[2] then return { 0, 0, r[1] or '' } end
  draw = r[2]
end
local function own()
  return reqKey and (redis.call('HGET', reqKey, 'pos') or '') or ''
end
local at = redis.call('ZSCORE', P .. 'draws', draw)
-- Not on the due list: held already, or never joined.
if not at then return { 0, 0, own() } end
if now < tonumber(at) then return { -2, at, '' } end
if not engineReady(P) then
  return { -1, 0, '' }
end

local drawKey = P .. 'draw:' .. draw
-- By score: the draw period's requests in ticket order, then the late ones in arrival order.
local ids = redis.call('ZRANGE', drawKey, 0, limit - 1)
local seq = tonumber(redis.call('GET', P .. 'line:seq') or '0')
local batch = {}
local rows = {} -- 6 values per placed request, appended to the reply
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
    local n = #rows
    rows[n + 1], rows[n + 2], rows[n + 3], rows[n + 4], rows[n + 5], rows[n + 6] = ids[i], seq, r[3] or '0', r[4] or '0', r[5] or '0', r[6] or '0'
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
local code = 1
if redis.call('ZCARD', drawKey) == 0 then
  -- Held: marked for two days (a later request takes a first-come place), off the due list.
  code = 0
  redis.call('SET', drawKey .. ':held', now, 'EX', 172800)
  redis.call('DEL', drawKey .. ':salt')
  redis.call('ZREM', P .. 'draws', draw)
  if placed > 0 then redis.call('PUBLISH', P .. 'ch:progress', redis.call('GET', P .. 'line:decided') or '0') end
end
local out = { code, placed, own() }
for i = 1, #rows do out[#out + 1] = rows[i] end
return out
