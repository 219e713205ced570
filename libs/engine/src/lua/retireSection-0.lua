--[[
  Removes a section staff are deleting from Redis, unless a seat in it is held or a student waits
  for one. The staff API's MySQL check sees only committed rows; a grant of the last few ms is in
  Redis first, and its enrollment row could no longer be written once the section is gone.
  Checked and applied in one step here, no grant can slip in between. Requests still in line for
  it are then decided SECTION_NOT_FOUND. The staff API then waits until every decision up to the
  returned seq is durable (a grant and its drop may both still be on their way to MySQL) before
  MySQL's foreign keys judge the delete.

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] section id

  Returns { code, held, waiting, seq }
    code 0 = removed (or Redis never had it); seq: the decision seq now (every decision made
           before the removal has a seq at or below it)
        -3 = seats held or students waiting (nothing changed)
]]
local P = ARGV[1]
local secKey = P .. 'sec:' .. ARGV[2]
local held = tonumber(redis.call('HGET', secKey, 'n') or '0')
local waiting = redis.call('LLEN', secKey .. ':wait')
if held > 0 or waiting > 0 then return { -3, held, waiting, 0 } end
redis.call('DEL', secKey, secKey .. ':wait')
return { 0, 0, 0, tonumber(redis.call('GET', P .. 'dseq') or '0') }
