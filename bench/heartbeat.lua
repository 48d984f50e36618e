-- wrk script: JSON heartbeats spread over the sessions that heartbeat-loop.sh started.
-- Each wrk thread walks the sessions with its own rising sequence numbers, so every heartbeat is
-- applied (none is a duplicate) and answered from memory.
local sessions = {}
local count = tonumber(os.getenv("SESSIONS") or "1000")
local prefix = os.getenv("PREFIX") or "bench"
local authorization = "Bearer " .. (os.getenv("TOKEN") or "")
-- BARE=1 posts to the bare pekko-http yardstick (bench/run) instead of the sessions' route.
local bare = os.getenv("BARE") == "1"
-- Sequence numbers start above SN_BASE, so a second run over the same sessions is applied too.
local snBase = tonumber(os.getenv("SN_BASE") or "0")
local threadId = 0
local counter = 0
local threads = {}
statuses = {}

function setup(thread)
  thread:set("id", threadId)
  threadId = threadId + 1
  table.insert(threads, thread)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

-- SESSIONS_FILE names the sessions instead, one id per line (the sessions one node owns).
local sessionsFile = os.getenv("SESSIONS_FILE")
if sessionsFile == "" then
  sessionsFile = nil
end

function init(args)
  if sessionsFile then
    count = 0
    for line in io.lines(sessionsFile) do
      count = count + 1
      sessions[count] = line
    end
  else
    for i = 1, count do
      sessions[i] = prefix .. "-" .. i
    end
  end
  counter = 0
end

function request()
  counter = counter + 1
  local index = (counter % count) + 1
  -- sequence numbers rise per session: one round over all sessions adds 1; threads interleave by id
  local sn = snBase + math.floor(counter / count) * 16 + id + 1
  -- pt stays under the 48 h a position may be
  local body = string.format('{"sn":%d,"sta":"p","pt":%d,"br":4500,"bl":12000,"mtp":25000}', sn, (sn % 100000) * 1000)
  local path = bare and "/bench/heartbeats" or ("/v1/sessions/" .. sessions[index] .. "/heartbeats")
  return wrk.format("POST", path,
    { ["Content-Type"] = "application/json", ["Authorization"] = authorization }, body)
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      counts[status] = (counts[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(counts) do
    table.insert(parts, status .. ": " .. n)
  end
  table.sort(parts)
  io.write("statuses " .. table.concat(parts, ", ") .. "\n")
  io.write(string.format("requests %d, errors non-2xx %d, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, rps %.0f\n",
    summary.requests, summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, summary.requests / (summary.duration / 1e6)))
end
