--[[
  A staff delete's mark on a section or student hash (field del: until when, ms; retireSection-0.lua),
  shared by decideEnroll (a marked section or student is treated as gone) and the retire scripts.
]]
-- Whether del (the field's value; false when missing) still holds at now.
local function marked(del, now)
  return del and tonumber(del) > tonumber(now)
end

-- The retire scripts' answer once nothing there holds or awaits a seat: marks P..member (when Redis
-- has it) until now + ms, lists it in P..'deleting' (what a rebuild reads to keep the mark), and
-- returns { 0, 0, 0, the decision seq now, the mark ('' when Redis lacks it) }.
local function markGone(P, member, now, ms)
  local del = ''
  if redis.call('EXISTS', P .. member) == 1 then
    del = tostring(tonumber(now) + tonumber(ms))
    redis.call('HSET', P .. member, 'del', del)
    redis.call('ZADD', P .. 'deleting', del, member)
  end
  return { 0, 0, 0, tonumber(redis.call('GET', P .. 'dseq') or '0'), del }
end
