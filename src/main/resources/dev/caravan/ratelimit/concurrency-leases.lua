-- Concurrency permits for RedisConcurrencyLimiter: one permit taken on all of a request's keys or
-- none, in one script so that every gateway instance sees one limit (Redis runs a script alone).
--
-- KEYS[i]  one sorted set per limited key: member = permit id, score = end of its lease (ms)
-- ARGV[1]  'acquire', 'renew' or 'release'
-- ARGV[2]  the permit id
-- acquire and renew:
-- ARGV[3]  now in ms, or '' to use Redis's own clock (TIME), shared by all instances
-- ARGV[4]  lease TTL in ms
-- ARGV[4+i] the limit of KEYS[i]
-- acquire returns {0, n} when the permit is now held on all n keys, else {i, held}: the first
-- key (1-based) that already holds its limit, and how many it holds; nothing is written then
-- except dropping ended leases. renew moves the lease end of a permit still held (lease not
-- ended) to now + TTL and returns on how many keys. release returns how many of the keys held the
-- permit.

local id = ARGV[2]

if ARGV[1] == 'release' then
  local removed = 0
  for i = 1, #KEYS do
    removed = removed + redis.call('ZREM', KEYS[i], id)
  end
  return removed
end

local now
if ARGV[3] == '' then
  -- Redis before 5 replicates scripts verbatim, which TIME followed by writes would break
  if redis.replicate_commands then redis.replicate_commands() end
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
else
  now = tonumber(ARGV[3])
end
local ttl = tonumber(ARGV[4])

if ARGV[1] == 'renew' then
  local renewed = 0
  local lease_end = string.format('%.0f', now + ttl)
  for i = 1, #KEYS do
    local score = redis.call('ZSCORE', KEYS[i], id)
    if score and tonumber(score) > now then
      redis.call('ZADD', KEYS[i], 'XX', lease_end, id)
      redis.call('PEXPIRE', KEYS[i], ttl)
      renewed = renewed + 1
    end
  end
  return renewed
end

-- leases that have ended belong to requests that never released them (their instance died)
for i = 1, #KEYS do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', string.format('%.0f', now))
  local held = redis.call('ZCARD', KEYS[i])
  if held >= tonumber(ARGV[4 + i]) then
    return {i, held}
  end
end

local lease_end = string.format('%.0f', now + ttl)
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], lease_end, id)
  -- every lease in the set ends within ttl of now: an idle set vanishes when its last lease does
  redis.call('PEXPIRE', KEYS[i], ttl)
end
return {0, #KEYS}
