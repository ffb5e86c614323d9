-- wrk: POST …/usage/batch with BATCH_SIZE events (default 500), unique keys, spread over the workspaces.
local workspaces = {}
for line in io.lines(os.getenv("WORKSPACES_FILE")) do
  local id, key = line:match("(%S+)%s+(%S+)")
  workspaces[#workspaces + 1] = { id = id, key = key }
end

local size = tonumber(os.getenv("BATCH_SIZE") or "500")
local counter = 0
local prefix = ""

function init(args)
  prefix = tostring(math.random(1, 1e9))
end

function request()
  counter = counter + 1
  local w = workspaces[(counter % #workspaces) + 1]
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
