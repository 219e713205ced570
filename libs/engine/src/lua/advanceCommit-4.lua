--[[
  The committer's one Redis round trip per batch: acknowledge the batch just made durable in
  MySQL, then hand back the next one. (Three round trips before — ack, read the cursor, read the
  stream — each waiting behind hundreds of jobs' commands: a third of a commit cycle under load.)

  1. When ARGV[1] > 0: raise the committed seq to it (never lower it: a rebuild may have set a
     higher one), trim the stream up to it, publish it to the workers waiting for durability as
     "<seq> <epoch>" (the epoch the batch was committed under: a waiter that missed a prime's reset
     message learns from it that its state was replaced).
  2. When ARGV[2] > 0: read the epoch and up to ARGV[2] stream entries after the committed seq.

  KEYS[1] committed seq (string)
  KEYS[2] decision stream (entry ids "<seq>-1")
  KEYS[3] channel the committed seq is published on
  KEYS[4] epoch (missing = Redis lost its state or a rebuild is under way)
  ARGV[1] seq just made durable, or 0 for nothing to acknowledge
  ARGV[2] most entries to return, or 0 to read nothing
  ARGV[3] the epoch the acknowledged batch was committed under

  Returns { epoch or false, entries, committed } (entries as XRANGE answers them, an empty list when
  ARGV[2] is 0 or there is no epoch; committed: the committed seq after step 1, where an idle
  committer's blocking read of the stream starts)
]]
local acked = tonumber(ARGV[1])
local committed = tonumber(redis.call('GET', KEYS[1]) or '0')
if acked > 0 then
  if acked > committed then
    redis.call('SET', KEYS[1], acked)
    committed = acked
  end
  redis.call('XTRIM', KEYS[2], 'MINID', acked .. '-2')
  redis.call('PUBLISH', KEYS[3], acked .. ' ' .. ARGV[3])
end
local count = tonumber(ARGV[2])
if count == 0 then return { false, {}, committed } end
local epoch = redis.call('GET', KEYS[4])
if not epoch then return { false, {}, committed } end
return { epoch, redis.call('XRANGE', KEYS[2], '(' .. committed .. '-1', '+', 'COUNT', count), committed }
