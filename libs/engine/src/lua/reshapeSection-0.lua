--[[
  Changes what a section is in Redis — its weekly slots (meetings moved) or its lecture, credits
  and major (moved to another lecture) — only while nobody holds a seat in it. Enrolled students'
  timetables, lecture maps and credit totals were built from the old values, and the decisions
  of the last few ms are in Redis before they are in MySQL: so the staff API's MySQL check alone
  could let a change through right after a grant. Checked and applied in one step here, no grant
  can slip in between.

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] section id
  ARGV[3] a staff change's hold on the section ('<until, ms>:<token>', see sectionHold), set in
          the same step; '' for none (an undo)
  ARGV[4..] field, value pairs of the section hash: slots (comma-separated day*32+period, '' for
            none), lec, cr, maj, ge

  Returns { code, enrolled }
    code 0 = set; -3 = seats are held (nothing changed); -4 = section unknown to Redis;
        -1 = a rebuild is running (nothing changed; only when asked to hold)
]]
-- @include sectionHold

local P = ARGV[1]
local secKey = P .. 'sec:' .. ARGV[2]
local n = redis.call('HGET', secKey, 'n')
if not n then return { -4, 0 } end
if holdRefused(P, ARGV[3]) then return { -1, 0 } end
if tonumber(n) > 0 then return { -3, tonumber(n) } end
redis.call('HSET', secKey, unpack(ARGV, 4))
holdSection(P, ARGV[2], ARGV[3])
return { 0, 0 }
