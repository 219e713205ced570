--[[
  Holds the draw of a RANDOM_AT_OPEN window once it is due (includes/holdDraw.lua says how):
  called by the job of a request that waits for the draw (to learn its place), and by the
  worker's tick for draws whose jobs have not come.

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
-- @include holdDraw

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
if redis.call('EXISTS', P .. 'epoch') == 0 or redis.call('EXISTS', P .. 'paused') == 1 then
  return { -1, 0, '' }
end
local done, placed, rows = holdDraw(P, draw, now, limit)
local out = { done and 0 or 1, placed, own() }
for i = 1, #rows do out[#out + 1] = rows[i] end
return out
