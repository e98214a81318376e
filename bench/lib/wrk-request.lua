-- wrk script for the bench: POSTs a small chat request, unique per request when
-- BENCH_UNIQUE=1 (so a response cache always misses), and prints the figures as one JSON
-- line prefixed "BENCH_JSON". Settings come from the environment (see load.mjs).
local path = os.getenv("BENCH_PATH")
local model = os.getenv("BENCH_MODEL")
local unique = os.getenv("BENCH_UNIQUE") == "1"
local run = os.getenv("BENCH_RUN_ID") or "0"
local headers = { ["Content-Type"] = "application/json" }
for line in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^\n]+") do
  local name, value = line:match("^([^:]+):%s*(.*)$")
  if name then headers[name] = value end
end
local prefix = '{"model":"' .. model .. '","messages":[{"role":"system","content":"You are a terse assistant."},' ..
  '{"role":"user","content":"Say hello to benchmark request '
local suffix = '"}],"max_tokens":64}'
local fixed = nil
local counter = 0

function request()
  if not unique then
    -- Built on first use: wrk only knows the Host header once the thread runs, and Node
    -- answers an HTTP/1.1 request without one with 400.
    fixed = fixed or wrk.format("POST", path, headers, prefix .. "fixed" .. suffix)
    return fixed
  end
  counter = counter + 1
  return wrk.format("POST", path, headers, prefix .. run .. "-" .. counter .. suffix)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d,"mean":%.1f}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean))
end

-- BENCH_DEBUG=1: print the first failed answer (defining response() makes wrk read bodies,
-- which costs time, so it is off in measured runs).
if os.getenv("BENCH_DEBUG") == "1" then
  local printed = false
  function response(status, headers, body)
    if status > 399 and not printed then
      printed = true
      io.stderr:write("BENCH_FAIL " .. status .. " " .. string.sub(body or "", 1, 400) .. "\n")
    end
  end
end
