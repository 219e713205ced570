--[[
  A staff change writing a section's or a student's staff-editable fields while a rebuild has the
  engine paused: the rebuild may have read MySQL before that change committed, and its writes would
  put the old values back over this one. Noting the member (P..'rebuild:touched') makes the rebuild
  reload it from MySQL before it lifts the pause (EngineStateWriter.rebuild).
]]
local function noteStaffWrite(P, member)
  if redis.call('EXISTS', P .. 'paused') == 1 then redis.call('SADD', P .. 'rebuild:touched', member) end
end
