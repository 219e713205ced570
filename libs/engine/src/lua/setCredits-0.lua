--[[
  Sets the credits of a lecture's sections in Redis, only while nobody holds a seat in any of
  them. A student's credit total in Redis adds each section's credits on a grant and a drop takes
  the section's credits then: a change under a held seat (a grant MySQL has not seen yet, which
  the staff API's MySQL check cannot see) would leave that total wrong. Checked and applied in
  one step here, no grant can slip in between.

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] new credits
  ARGV[3] a staff change's hold on the sections ('<until, ms>:<token>', see sectionHold), set in
          the same step; '' for none (an undo)
  ARGV[4..] the lecture's section ids

  Returns { code, held }
    code 0 = set (sections Redis does not have are skipped: a prime or reconcile loads them from MySQL);
        -3 = seats are held in one of them (nothing changed; held: that section's count);
        -1 = a rebuild is running (nothing changed; only when asked to hold)
]]
-- @include sectionHold

local P = ARGV[1]
if holdRefused(P, ARGV[3]) then return { -1, 0 } end
for i = 4, #ARGV do
  local n = tonumber(redis.call('HGET', P .. 'sec:' .. ARGV[i], 'n') or '0')
  if n > 0 then return { -3, n } end
end
for i = 4, #ARGV do
  local secKey = P .. 'sec:' .. ARGV[i]
  if redis.call('EXISTS', secKey) == 1 then
    redis.call('HSET', secKey, 'cr', ARGV[2])
    holdSection(P, ARGV[i], ARGV[3])
  end
end
return { 0, 0 }
