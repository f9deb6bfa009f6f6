-- Token buckets for RedisRateLimiter, counted against all of a request's buckets or none, in one
-- script so that every gateway instance sees one limit. The arithmetic is TokenBucket.java's, step
-- by step; amounts are in units (a token is `period` units, a bucket refills `rate` units per ms),
-- integers below 2^53, so Lua's doubles hold them exactly.
--
-- KEYS[i]  one hash per bucket: a = level (units), t = when the level was taken (ms)
-- ARGV[1]  'check': count against every bucket or, if any has too little, against none;
--          'force': count against all whatever is left (a correction; negative gives back)
-- ARGV[2]  now in ms, or '' to use Redis's own clock (TIME), shared by all instances
-- ARGV[3+4(i-1)...]  per bucket: capacity, rate per period, period ms, amount
-- Returns {outcome, then per bucket: remaining, reset ms, retry ms}; outcome 1 = counted,
-- 0 = refused, -1 = an amount exceeds its bucket's capacity (that bucket's retry is -1).

local function floor_div(a, b)
  local q = math.floor(a / b)
  if q * b > a then q = q - 1 end
  return q
end

local function ceil_div(a, b)
  local q = math.floor(a / b)
  if q * b < a then q = q + 1 end
  return q
end

local function refill(a, t, now, cap, rate)
  if a >= cap then return cap end
  local elapsed = now - t
  if elapsed < 0 then elapsed = 0 end
  if elapsed >= ceil_div(cap - a, rate) then return cap end
  return a + elapsed * rate
end

local force = ARGV[1] == 'force'
local now
if ARGV[2] == '' then
  -- Redis before 5 replicates scripts verbatim, which TIME followed by writes would break
  if redis.replicate_commands then redis.replicate_commands() end
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
else
  now = tonumber(ARGV[2])
end

local n = #KEYS
local cap, rate, period, cost, level, taken, too_large = {}, {}, {}, {}, {}, {}, {}
local outcome = 1
for i = 1, n do
  local j = 3 + (i - 1) * 4
  local capacity = tonumber(ARGV[j])
  rate[i] = tonumber(ARGV[j + 1])
  period[i] = tonumber(ARGV[j + 2])
  local amount = tonumber(ARGV[j + 3])
  cap[i] = capacity * period[i]
  local state = redis.call('HMGET', KEYS[i], 'a', 't')
  local a, t = tonumber(state[1]), tonumber(state[2])
  if a == nil or t == nil then
    level[i] = cap[i]
    taken[i] = now
  else
    level[i] = refill(a, t, now, cap[i], rate[i])
    taken[i] = math.max(t, now)
  end
  cost[i] = amount * period[i]
  if not force and amount > capacity then
    too_large[i] = true
    outcome = -1
  elseif not force and level[i] < cost[i] and outcome == 1 then
    outcome = 0
  end
end

local result = {outcome}
for i = 1, n do
  local a = level[i]
  local retry = 0
  if too_large[i] then
    retry = -1
  elseif a < cost[i] then
    retry = ceil_div(cost[i] - a, rate[i])
  end
  if outcome == 1 then
    a = math.max(-cap[i], math.min(cap[i], a - cost[i]))
    retry = 0
    local full_in = ceil_div(cap[i] - a, rate[i])
    if full_in > 0 then
      redis.call('HSET', KEYS[i], 'a', string.format('%.0f', a), 't', string.format('%.0f', taken[i]))
      redis.call('PEXPIRE', KEYS[i], full_in)
    else
      redis.call('DEL', KEYS[i])
    end
  end
  local remaining = 0
  if a > 0 then remaining = floor_div(a, period[i]) end
  result[#result + 1] = remaining
  result[#result + 1] = math.max(0, ceil_div(cap[i] - a, rate[i]))
  result[#result + 1] = retry
end
return result
