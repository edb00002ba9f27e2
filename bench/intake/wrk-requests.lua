-- The wrk script of bench/intake (run by wrk-client.ts):
--
--   wrk -t 1 -c 50 -d 10s --timeout 10s -s bench/intake/wrk-requests.lua http://127.0.0.1:PORT -- FILE [START] [THREADS]
--
-- FILE holds complete raw HTTP/1.1 requests separated by NUL bytes, written by wrk-client.ts from
-- ReportStream (load.ts). init() loads them all, then request() returns one after the other, from
-- index START (0-based, default 0) on the first thread, and back to the first after the last one.
-- With THREADS > 1 (number of wrk threads, default 1), thread k starts (k - 1) / THREADS of the way
-- further on, so threads do not send the same reports at the same time.
--
-- Output on stdout, besides wrk's own report: "ready" once a thread has loaded its requests (the
-- bench starts its measurement then), and from done() one line of JSON:
--   {"requests":N,"duration_us":N,"errors":{"connect":N,"read":N,"write":N,"status":N,"timeout":N},
--    "latency_us":{"p50":N,"p99":N},"status":{"201":N,...},"cpu_s":S,"cpu_ready_s":S}
-- cpu_s is os.clock() at the end (CPU seconds of the whole wrk process, all threads), cpu_ready_s
-- the same once the last thread had loaded its requests (loading is not part of the run).

local threads = {}

-- Runs in wrk's main Lua state, once per thread, before that thread's init().
function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_number", #threads)
end

-- Per thread state (each thread runs this file in its own Lua state).
local requests, count, nextIndex = {}, 0, 1
counts = {} -- responses per status code, read by done() through thread:get("counts")
cpu_ready = 0

function init(args)
  local path = args[1]
  local start = tonumber(args[2] or "0")
  local nthreads = tonumber(args[3] or "1")
  local f = assert(io.open(path, "rb"))
  local data = f:read("*a")
  f:close()
  local find, sub = string.find, string.sub
  local pos = 1
  while true do
    local nul = find(data, "\0", pos, true)
    if not nul then break end
    count = count + 1
    requests[count] = sub(data, pos, nul - 1)
    pos = nul + 1
  end
  data = nil
  if count == 0 then error("no requests in " .. path) end
  local k = thread_number or 1
  nextIndex = (start + math.floor((k - 1) * count / nthreads)) % count + 1
  -- wrk 4 calls request() once on the first thread before the run, to check what it returns, and
  -- does not send that request: start one earlier there, so the first request sent is the one at START.
  if k == 1 then nextIndex = (nextIndex - 2) % count + 1 end
  collectgarbage()
  cpu_ready = os.clock()
  io.write("ready\n")
  io.flush()
end

function request()
  local r = requests[nextIndex]
  nextIndex = nextIndex + 1
  if nextIndex > count then nextIndex = 1 end
  return r
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total, ready = {}, 0
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("counts")) do total[status] = (total[status] or 0) + n end
    ready = math.max(ready, thread:get("cpu_ready") or 0)
  end
  local codes = {}
  for status, n in pairs(total) do codes[#codes + 1] = string.format('"%d":%d', status, n) end
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},'
      .. '"latency_us":{"p50":%d,"p99":%d},"status":{%s},"cpu_s":%.6f,"cpu_ready_s":%.6f}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), table.concat(codes, ","), os.clock(), ready))
  io.flush()
end
