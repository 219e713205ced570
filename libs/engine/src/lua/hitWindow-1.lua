--[[
  One hit on a fixed-window rate-limit counter (the API's @RateLimit guard and login throttle).
  One script, not MULTI/INCR/PEXPIRE/PTTL/EXEC: a single command rides ioredis's auto-pipelining
  with whatever else the process sends that tick (a MULTI is always a socket write of its own —
  an eighth of the API's CPU on the enroll path when it was one).

  KEYS[1] the counter
  ARGV[1] window length, ms

  Returns { count, ttl } (hits in this window including this one; ms until it resets)
]]
-- @include hitWindow

local count, ttl = hitWindow(KEYS[1], ARGV[1])
return { count, ttl }
