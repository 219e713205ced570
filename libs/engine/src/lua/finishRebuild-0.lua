--[[
  Ends a rebuild (a prime or a reconcile): lifts its pause and lock, only for their holder, and in the
  same step offers free seats to the waitlists of the sections given (includes/promoteWaiting.lua): a
  capacity raise released while the rebuild had the engine paused promoted nobody, and with the pause
  lifted first a request later in line could take those seats before the waiting ones.

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] the rebuild's token (the lock's value)
  ARGV[3] now, ms
  ARGV[4..] sections with seats free and requests waiting for them, as the rebuild wrote them

  Returns { lifted, promoted }: 1 when this rebuild still held the lock (and lifted it), waiting
  requests enrolled.
]]
-- @include decideEnroll
-- @include promoteWaiting

local P, token, now = ARGV[1], ARGV[2], ARGV[3]
if redis.call('GET', P .. 'rebuild:lock') ~= token then return { 0, 0 } end
redis.call('DEL', P .. 'rebuild:lock', P .. 'paused')
if redis.call('EXISTS', P .. 'epoch') == 0 or #ARGV < 4 then return { 1, 0 } end
return withDecisions(P, function()
  local promoted = 0
  for i = 4, #ARGV do promoted = promoted + promoteWaiting(P, ARGV[i], now) end
  return { 1, promoted }
end)
