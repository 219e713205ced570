--[[
  Whether the engine may decide: its state is loaded (the epoch key, written last by a prime) and no
  rebuild has it paused. Every script that grants, frees or promotes a seat asks this first.
]]
local function engineReady(P)
  return redis.call('EXISTS', P .. 'epoch') == 1 and redis.call('EXISTS', P .. 'paused') == 0
end
