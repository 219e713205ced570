--[[
  Loads one section's catalogue fields from MySQL into its Redis hash (after a staff edit, or for
  a section Redis does not know yet) in one step. The caller used to read the seat count and
  write it back a round trip later, which lost any grant or drop decided in between (a seat
  counted as free again: an oversell); here nothing is read back by the caller.

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] section id
  ARGV[3] lecture id
  ARGV[4] credits
  ARGV[5] major id
  ARGV[6] general education: '1' or '0'
  ARGV[7] weekly slots, comma-separated (day*32+period), '' for none
  ARGV[8] capacity
  ARGV[9] seats held, as MySQL counts them
  ARGV[10] waitlist flag (staff's setting: requests that find the section full wait)
  ARGV[11] '1': create the hash when Redis has none (a new section, one Redis lacks); '0': update
           only — a refresh that read MySQL before a delete committed must not bring it back
  ARGV[12] '1': a staff change's write (noted while a rebuild runs: includes/staffWrite.lua); '0':
           the rebuild's own reload
  ARGV[8..9] are written only when the hash has none: once a section is in Redis, the decisions
  own its seat count and setCapacity its capacity (checked against that count; a refresh that
  read MySQL before another staff edit would otherwise put an older capacity back).

  Returns 1 = the section was new to Redis, 0 = it was updated, -1 = not in Redis (and not created),
          2 = updated, and its lecture, credits or slots changed while seats were held there:
              the holders' lecture maps, credit totals or timetables in Redis (and their enrollment
              rows' credits and lecture) were built with the old ones (a staff change that outlived
              its hold: includes/sectionHold.lua). Reconcile rebuilds students from those rows, so it does
              not undo this: the holders must drop and enroll again.
]]
-- @include staffWrite

local secKey = ARGV[1] .. 'sec:' .. ARGV[2]
local new = redis.call('EXISTS', secKey) == 0
if new and ARGV[11] ~= '1' then return -1 end
local was = redis.call('HMGET', secKey, 'n', 'cr', 'slots', 'lec')
-- The same slots may be listed in another order (the staff's request vs MySQL's rows).
local function sorted(list)
  local t = {}
  for v in string.gmatch(list or '', '[^,]+') do t[#t + 1] = tonumber(v) end
  table.sort(t)
  return table.concat(t, ',')
end
local stale = not new and tonumber(was[1] or '0') > 0 and (was[2] ~= ARGV[4] or sorted(was[3]) ~= sorted(ARGV[7]) or was[4] ~= ARGV[3])
redis.call('HSET', secKey, 'lec', ARGV[3], 'cr', ARGV[4], 'maj', ARGV[5], 'ge', ARGV[6], 'slots', ARGV[7], 'wl', ARGV[10])
if ARGV[12] == '1' then noteStaffWrite(ARGV[1], 'sec:' .. ARGV[2]) end
redis.call('HSETNX', secKey, 'cap', ARGV[8])
redis.call('HSETNX', secKey, 'n', ARGV[9])
if new then return 1 end
if stale then return 2 end
return 0
