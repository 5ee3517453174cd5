-- wrk script for bench/checkin.py (not meant to be run by hand):
--   wrk -t1 -c32 -d30s -s bench/checkin.lua URL -- BODIES_FILE PACE_MS TOKEN
-- BODIES_FILE: one JSON body a line, each sent once in turn (distinct codes and nonces);
--              "-" sends GET requests to URL (the /healthz baseline).
-- PACE_MS:     mean pause before each request on a connection (0: back to back); the pause is
--              uniform in [0.5, 1.5] x PACE_MS, like a person stepping up to the scanner.
-- Prints one line "RESULT {json}": counts per HTTP status and the latency histogram (µs: count).

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bodies_file, pace, token = args[1], tonumber(args[2]), args[3]
  bodies = {}
  if bodies_file ~= "-" then
    for line in io.lines(bodies_file) do
      bodies[#bodies + 1] = line
    end
  end
  next_body = 1
  statuses = {}
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["X-Forwarded-Proto"] = "https"
  if #bodies > 0 then
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
  end
  math.randomseed(12345)
end

function delay()
  if pace > 0 then
    return math.floor(pace * (0.5 + math.random()))
  end
  return 0
end

function request()
  if #bodies == 0 then
    return wrk.format()
  end
  local body = bodies[next_body]
  if body == nil then
    body = bodies[#bodies]  -- ran out: repeat the last one (counted below, reported as "exhausted")
    exhausted = (exhausted or 0) + 1
  else
    next_body = next_body + 1
  end
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts, exhausted_total = {}, 0
  for _, thread in ipairs(threads) do
    local seen = thread:get("statuses")
    for status, n in pairs(seen) do
      counts[tostring(status)] = (counts[tostring(status)] or 0) + n
    end
    exhausted_total = exhausted_total + (thread:get("exhausted") or 0)
  end
  local parts = {}
  for status, n in pairs(counts) do
    parts[#parts + 1] = string.format('"%s": %d', status, n)
  end
  local errors = summary.errors
  -- the whole latency histogram (microseconds: count), so that runs can be merged
  -- latency(i): the i-th distinct value seen (from 1) and its count; 0 past the last one
  local histogram, i = {}, 1
  while true do
    local value, count = latency(i)
    if value == nil or value == 0 then break end
    histogram[#histogram + 1] = string.format('"%d": %d', value, count)
    i = i + 1
  end
  io.write(string.format(
    'RESULT {"requests": %d, "duration_s": %.3f, "statuses": {%s}, "socket_errors": %d, "timeouts": %d, ' ..
    '"exhausted": %d, "histogram_us": {%s}}\n',
    summary.requests, summary.duration / 1e6, table.concat(parts, ", "),
    errors.connect + errors.read + errors.write, errors.timeout, exhausted_total, table.concat(histogram, ", ")))
end
