-- wrk script for bench:decisions (bench/decisions.ts writes the inputs). Paced load: each connection
-- waits a random 0..2×mean whole milliseconds before each request, so the arrivals of all connections
-- spread over time at about connections × 1000 / mean requests per second, as a gateway's calls do
-- (autocannon's rate limit sends each second's quota back to back instead, a burst every second).
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do paths[#paths + 1] = line end
local token = io.open(os.getenv("WRK_TOKEN_FILE")):read("*l")
local mean = tonumber(os.getenv("WRK_MEAN_DELAY_MS"))
local i = 0

function setup(thread)
  thread:set("seed", math.random(1, 1000000000))
end

function init(args)
  math.randomseed(seed)
  i = math.random(1, #paths)
end

function delay()
  return math.random(0, 2 * mean)
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], { ["Authorization"] = "Bearer " .. token })
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK-RESULT {"requests":%d,"durationUs":%d,"p50":%d,"p97_5":%d,"p99":%d,"p999":%d,"max":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(97.5), latency:percentile(99), latency:percentile(99.9), latency.max,
    e.connect, e.read, e.write, e.timeout, e.status))
end
