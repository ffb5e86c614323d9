-- wrk: POST …/usage/batch with BATCH_SIZE events (default 500), unique keys, spread over the workspaces.
local workspaces = {}
for line in io.lines(os.getenv("WORKSPACES_FILE")) do
  local id, key = line:match("(%S+)%s+(%S+)")
  workspaces[#workspaces + 1] = { id = id, key = key }
end

local size = tonumber(os.getenv("BATCH_SIZE") or "500")
local counter = 0
local prefix = ""
local threads = 0

-- Keys must be unique across threads and across runs (warm-up, then measured): an unseeded math.random gives every
-- thread and every run the same "random" prefix, and the repeats were replays, not new events.
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  prefix = string.format("%d-%d-%d", os.time(), tid, math.floor(os.clock() * 1e6))
end

function request()
  counter = counter + 1
  -- Threads start apart in the workspace list, so they do not queue on the same workspace's lock in step.
  local w = workspaces[((counter + tid * 37) % #workspaces) + 1]
  local events = {}
  for i = 1, size do
    events[i] = '{"idempotencyKey":"' .. prefix .. "-" .. counter .. "-" .. i .. '","kind":"enrichment","integration":"leadmagic",'
      .. '"service":"email_finder","outcome":"success"}'
  end
  return wrk.format("POST", "/v1/workspaces/" .. w.id .. "/usage/batch",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. w.key }, '{"events":[' .. table.concat(events, ",") .. "]}")
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.2f errors_status=%d p50_ms=%.2f p99_ms=%.2f batch=%d\n",
    summary.requests, summary.duration / 1e6, summary.errors.status, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3, size))
end
