--[[
  A staff delete's mark on a section or student hash (field del: until when, ms; retireSection-0.lua),
  shared by decideEnroll (a marked section or student is treated as gone) and the retire scripts.
]]
-- Whether del (the field's value; false when missing) still holds at now.
local function marked(del, now)
  return del and tonumber(del) > tonumber(now)
end

-- The retire scripts' answer once nothing there holds or awaits a seat: marks key (when Redis has
-- it) until now + ms and returns { 0, 0, 0, the decision seq now, the mark ('' when Redis lacks it) }.
local function markGone(P, key, now, ms)
  local del = ''
  if redis.call('EXISTS', key) == 1 then
    del = tostring(tonumber(now) + tonumber(ms))
    redis.call('HSET', key, 'del', del)
  end
  return { 0, 0, 0, tonumber(redis.call('GET', P .. 'dseq') or '0'), del }
end
