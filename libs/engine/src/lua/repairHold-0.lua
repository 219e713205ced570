--[[
  A lapsed hold (see includes/sectionHold.lua: the staff API process that held the section died,
  or stalled past the hold): the section is reloaded from MySQL, which has whatever that change's
  transaction left, and released, and its free seats offered to its waitlist (as a release would),
  in one step: released first, a later request in line could take them.

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
-- @include engineReady
-- @include decideEnroll
-- @include promoteWaiting
-- @include sectionHold

local P, x, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
local secKey = P .. 'sec:' .. x
local untilMs, tokens = holdParts(redis.call('HGET', secKey, 'hold'))
if #tokens > 0 and untilMs > now then return { -1, 0 } end
writeHold(P, x, nil, {}) -- the hold and its index entry (an entry left behind alone included)
if #tokens == 0 then return { 0, 0 } end
if ARGV[4] == '' then return { 1, 0 } end
-- Nothing was granted or dropped here while it was held, so the seats are what the change was checked against.
redis.call('HSET', secKey, 'lec', ARGV[4], 'cr', ARGV[5], 'maj', ARGV[6], 'ge', ARGV[7], 'slots', ARGV[8], 'wl', ARGV[10])
local n = tonumber(redis.call('HGET', secKey, 'n') or '0')
if tonumber(ARGV[9]) < n then return { 2, n } end
redis.call('HSET', secKey, 'cap', ARGV[9])
if not engineReady(P) then return { 1, n } end
return withDecisions(P, function()
  promoteWaiting(P, x, tostring(now))
  return { 1, n }
end)
