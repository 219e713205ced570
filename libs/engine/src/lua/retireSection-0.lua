--[[
  Marks a section staff are deleting as gone (field del = until when), unless a seat in it is held
  or a student waits for one. The staff API's MySQL check sees only committed rows; a grant of the
  last few ms is in Redis first, and its enrollment row could no longer be written once the section
  is gone. Checked and applied in one step here, no grant can slip in between. Until del passes,
  requests for it are decided SECTION_NOT_FOUND (decideEnroll); the hash itself stays in place, so
  staff edits, refreshes and rebuilds meanwhile keep it current, and a delete MySQL refuses only
  clears the mark (restoreRetired-0.lua). A delete whose API process dies leaves a mark that simply
  lapses. The staff API then waits until every decision up to the returned seq is durable (a grant
  and its drop may both still be on their way to MySQL) before MySQL's keys judge the delete.

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] section id
  ARGV[3] now, ms
  ARGV[4] how long the mark holds, ms

  Returns { code, held, waiting, seq, del }
    code 0 = marked (del: the mark, which restoreRetired needs; '' when Redis does not have the
           section); seq: the decision seq now (every decision made before has a seq at or below it)
        -3 = seats held or students waiting (nothing changed)
        -5 = another delete of it is under way (nothing changed)
        -1 = NOT_READY: a rebuild is under way (it could write the hash back without the mark);
             nothing changed. (With no epoch and no rebuild, nothing is decided until a prime, which
             reads MySQL after it has started: the delete goes ahead.)
]]
-- @include deleteMark

local P = ARGV[1]
if redis.call('EXISTS', P .. 'paused') == 1 then return { -1, 0, 0, 0, '' } end
local secKey = P .. 'sec:' .. ARGV[2]
local cur = redis.call('HMGET', secKey, 'n', 'del')
if marked(cur[2], ARGV[3]) then return { -5, 0, 0, 0, '' } end
local held = tonumber(cur[1] or '0')
local waiting = redis.call('LLEN', secKey .. ':wait')
if held > 0 or waiting > 0 then return { -3, held, waiting, 0, '' } end
return markGone(P, 'sec:' .. ARGV[2], ARGV[3], ARGV[4])
