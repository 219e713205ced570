--[[
  A lapsed hold (see includes/sectionHold.lua: the staff API process that held the section died,
  or stalled past the hold): the section is reloaded from MySQL, which has whatever that change's
  transaction left, and released, in one step.

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] section id
  ARGV[3] now, ms
  ARGV[4..8] MySQL's lecture id, credits, major id, general education ('1'/'0'), weekly slots
             (as refreshSection-0.lua); ARGV[9] MySQL's capacity; ARGV[10] its waitlist flag. ARGV[4] '': MySQL has no such
             section (deleted): the hold is released and the rest left to the delete or a reconcile.

  Returns { code, enrolled }
    code 0 = nothing held (index entry removed); -1 = the hold has not lapsed (left alone);
         1 = reloaded and released; 2 = reloaded and released, but MySQL's capacity is below the
             seats held, so Redis keeps its own (enrolled: those seats)
]]
local P, x, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
local secKey = P .. 'sec:' .. x
local hold = redis.call('HGET', secKey, 'hold')
if not hold then
  redis.call('ZREM', P .. 'holds', x)
  return { 0, 0 }
end
if tonumber(string.match(hold, '^(%d+):')) > now then return { -1, 0 } end
redis.call('HDEL', secKey, 'hold')
redis.call('ZREM', P .. 'holds', x)
if ARGV[4] == '' then return { 1, 0 } end
-- Nothing was granted or dropped here while it was held, so the seats are what the change was checked against.
redis.call('HSET', secKey, 'lec', ARGV[4], 'cr', ARGV[5], 'maj', ARGV[6], 'ge', ARGV[7], 'slots', ARGV[8], 'wl', ARGV[10])
local n = tonumber(redis.call('HGET', secKey, 'n') or '0')
if tonumber(ARGV[9]) < n then return { 2, n } end
redis.call('HSET', secKey, 'cap', ARGV[9])
return { 1, n }
