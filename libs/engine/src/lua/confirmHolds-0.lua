--[[
  A staff change about to COMMIT checks that it still holds its sections (see
  includes/sectionHold.lua) and extends the hold for the commit. A hold that lapsed meanwhile (the
  transaction outlived it) may already have been repaired from MySQL's old values and decisions
  made with them: that change must roll back instead.

  KEYS: none (derived from ARGV[1])
  ARGV[1] key prefix
  ARGV[2] the change's token
  ARGV[3] now, ms
  ARGV[4] how long the hold lasts from now, ms
  ARGV[5..] section ids

  Returns 1 = held (extended), 0 = the change no longer holds one of them (nothing changed).
]]
-- @include sectionHold

local P, token, now, ms = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
for i = 5, #ARGV do
  local secKey = P .. 'sec:' .. ARGV[i]
  if redis.call('EXISTS', secKey) == 1 then
    local untilMs, tokens = holdParts(redis.call('HGET', secKey, 'hold'))
    local mine = false
    for _, t in ipairs(tokens) do if t == token then mine = true end end
    if not mine or untilMs <= now then return 0 end
  end
end
for i = 5, #ARGV do
  local untilMs, tokens = holdParts(redis.call('HGET', P .. 'sec:' .. ARGV[i], 'hold'))
  if #tokens > 0 and untilMs < now + ms then writeHold(P, ARGV[i], now + ms, tokens) end
end
return 1
