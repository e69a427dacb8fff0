-- wrk script for bench/run: builds each request from environment variables
-- and prints one JSON line (prefixed "BENCH_JSON ") when the run is done.
--
--   BENCH_METHOD    GET (default) or POST
--   BENCH_COOKIE    Cookie header sent with every request (CSRF cookie, ...)
--   BENCH_CSRF      value of the hidden `csrf` field for POST bodies
--   BENCH_BODY      kind of POST body (see bodies below); empty: no body
--   BENCH_ACCOUNTS  number of dataset accounts to cycle through
--   BENCH_PREFIX    login prefix of the dataset ("bench" -> bench00001)
--   BENCH_OFFSET    first account index used by this row (0-based)
--   BENCH_PASSWORD  the dataset's password
--   BENCH_THREADS   wrk's -t (to spread accounts over threads)
--   BENCH_EXPECT    an HTTP status this row expects (e.g. 404 for a forged
--                   link): such answers are not counted as errors
--
-- Each request uses the next account, so that with A accounts no account
-- (and no (account, IP) limit bucket) sees more than requests / A attempts.

local method = os.getenv("BENCH_METHOD") or "GET"
local cookie = os.getenv("BENCH_COOKIE") or ""
local csrf = os.getenv("BENCH_CSRF") or ""
local body_kind = os.getenv("BENCH_BODY") or ""
local accounts = tonumber(os.getenv("BENCH_ACCOUNTS") or "1") or 1
local prefix = os.getenv("BENCH_PREFIX") or "bench"
local offset = tonumber(os.getenv("BENCH_OFFSET") or "0") or 0
local password = os.getenv("BENCH_PASSWORD") or ""
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1") or 1
local expect = tonumber(os.getenv("BENCH_EXPECT") or "")

-- Main state: remember every thread so done() can add up their counters.
local threads = {}
local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

-- Thread states: id is set by setup() before init() runs.
local k = 0
local headers = {}

function init(args)
  if cookie ~= "" then headers["Cookie"] = cookie end
  if body_kind ~= "" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
  expected = 0
end

local function next_login()
  local i = (offset + (id or 0) + k * nthreads) % accounts + 1
  k = k + 1
  return string.format("%s%05d", prefix, i), i
end

local bodies = {
  login_good = function()
    local login = next_login()
    return "login=" .. login .. "&password=" .. urlencode(password)
  end,
  login_bad = function()
    local login = next_login()
    return "login=" .. login .. "&password=" .. urlencode("not-" .. password)
  end,
  login_unknown = function()
    local _, i = next_login()
    return string.format("login=nobody%05d&password=%s", i,
                         urlencode(password))
  end,
  forgot_existing = function()
    local login = next_login()
    return "login=" .. login .. "&email=" .. urlencode(login .. "@bench.example")
  end,
  forgot_unknown = function()
    local _, i = next_login()
    return string.format("login=nobody%05d&email=%s", i,
                         urlencode(string.format("nobody%05d@bench.example", i)))
  end,
  forgot_wrong_email = function()
    local login = next_login()
    return "login=" .. login .. "&email=" .. urlencode("someone.else@bench.example")
  end,
}

local make_body = bodies[body_kind]
if body_kind ~= "" and not make_body then
  error("unknown BENCH_BODY " .. body_kind)
end

function request()
  local body = nil
  if make_body then
    body = make_body() .. "&csrf=" .. urlencode(csrf)
  end
  return wrk.format(method, nil, headers, body)
end

if expect then
  -- Defined only when needed: a response() hook makes wrk hand every
  -- answer to Lua, which costs a little.
  function response(status, hdrs, body)
    if status == expect then expected = expected + 1 end
  end
end

function done(summary, latency, requests)
  local expected_total = 0
  for _, t in ipairs(threads) do
    expected_total = expected_total + (tonumber(t:get("expected")) or 0)
  end
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  -- wrk counts every status >= 400 in e.status.
  local status_errors = e.status - expected_total
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"seconds":%.3f,"rps":%.2f,' ..
    '"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"errors":%d,' ..
    '"socket_errors":%d,"status_errors":%d,"expected_status":%d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, socket + status_errors, socket, status_errors,
    expected_total))
end
