--[[
  Takes a section staff are deleting out of Redis, unless a seat in it is held or a student waits
  for one. The staff API's MySQL check sees only committed rows; a grant of the last few ms is in
  Redis first, and its enrollment row could no longer be written once the section is gone.
  Checked and applied in one step here, no grant can slip in between. Requests still in line for
  it are then decided SECTION_NOT_FOUND. The hash is kept aside (retired:sec:<id>, 60 s) rather
  than deleted: while it is there nothing loads the section back from MySQL (refreshSection, a
  staff edit of it, a rebuild), and if MySQL then refuses the delete it is moved back as it was
  (restoreRetired-0.lua), seat count included. The staff API then waits until every decision up to
  the returned seq is durable (a grant and its drop may both still be on their way to MySQL)
  before MySQL's foreign keys judge the delete.

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] section id

  Returns { code, held, waiting, seq, moved }
    code 0 = out of Redis; seq: the decision seq now (every decision made before has a seq at or
           below it); moved: 1 when this call moved the hash aside (0: Redis did not have it)
        -3 = seats held or students waiting (nothing changed)
]]
local P = ARGV[1]
local secKey = P .. 'sec:' .. ARGV[2]
local held = tonumber(redis.call('HGET', secKey, 'n') or '0')
local waiting = redis.call('LLEN', secKey .. ':wait')
if held > 0 or waiting > 0 then return { -3, held, waiting, 0, 0 } end
local moved = 0
if redis.call('EXISTS', secKey) == 1 then
  local stash = P .. 'retired:sec:' .. ARGV[2]
  redis.call('RENAME', secKey, stash)
  redis.call('PEXPIRE', stash, 60000)
  moved = 1
end
return { 0, 0, 0, tonumber(redis.call('GET', P .. 'dseq') or '0'), moved }
