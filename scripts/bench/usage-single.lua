-- wrk: one usage event per POST, unique idempotency keys, spread over the benchmark's workspaces.
-- Reads "workspaceId apiKey" lines from the file named by WORKSPACES_FILE.
local workspaces = {}
for line in io.lines(os.getenv("WORKSPACES_FILE")) do
  local id, key = line:match("(%S+)%s+(%S+)")
  workspaces[#workspaces + 1] = { id = id, key = key }
end

-- USAGE_OUTCOME (default "success"): an outcome the validator refuses measures the HTTP pipeline alone (no database).
local outcome = os.getenv("USAGE_OUTCOME") or "success"
local counter = 0
local prefix = ""
local threads = 0

-- Keys must be unique across threads and across runs (warm-up, then measured): an unseeded math.random gives every
-- run the same "random" prefixes, and the repeats were replays, not new events.
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  prefix = string.format("%d-%d-%d", os.time(), tid, math.floor(os.clock() * 1e6))
end

function request()
  counter = counter + 1
  local w = workspaces[((counter + tid * 37) % #workspaces) + 1]
  local body = '{"idempotencyKey":"' .. prefix .. "-" .. counter .. '","kind":"enrichment","integration":"leadmagic",'
    .. '"service":"email_finder","outcome":"' .. outcome .. '"}'
  return wrk.format("POST", "/v1/workspaces/" .. w.id .. "/usage",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. w.key }, body)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.2f errors_status=%d p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.duration / 1e6, summary.errors.status, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3))
end
