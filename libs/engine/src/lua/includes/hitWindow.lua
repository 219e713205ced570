--[[
  Shared by hitWindow and acceptRequest: one hit on a fixed-window counter. The window starts at
  the first hit and never extends.

  hitWindow(key, windowMs) -> count, ttl
    count  hits in this window, this one included
    ttl    ms until the window resets
]]
local function hitWindow(key, windowMs)
  local count = redis.call('INCR', key)
  if count == 1 then
    redis.call('PEXPIRE', key, windowMs)
    return count, tonumber(windowMs)
  end
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    -- A counter left without a TTL (written by something else): give it one.
    redis.call('PEXPIRE', key, windowMs)
    ttl = tonumber(windowMs)
  end
  return count, ttl
end
