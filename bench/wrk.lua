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
--   BENCH_STRIDE    step between the accounts of consecutive requests (1;
--                   a large prime coprime with BENCH_ACCOUNTS visits every
--                   account in a scattered order: --scale)
--   BENCH_LINKS     for BENCH_BODY=reset_full: a file of "TOKEN CODE" lines
--                   (a live link's token and its SMS code), each spent once
--   BENCH_AGENTS    for the interior_* and regeneration_* bodies: a file of
--                   "MATRICULE BIRTH KEY SECRET" lines (the Interior agents
--                   bench/run imported), used in turn
--
-- Each request uses the next account, so that with A accounts no account
-- (and no (account, IP) limit bucket) sees more than requests / A attempts.
--
-- reset_full: request n of a thread takes that thread's n-th link (links
-- are dealt to threads in turn), with its own sesame_reset cookie and a new
-- password BENCH_PASSWORD-<line>. A 303 is a completed reset. A thread out
-- of links stops once its connections have their answers; the JSON then
-- reports "resets" (303 answers) and rps = resets / time from the start to
-- the last 303, not wrk's own count and duration.

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
local stride = tonumber(os.getenv("BENCH_STRIDE") or "1") or 1
local links_file = os.getenv("BENCH_LINKS") or ""
local agents_file = os.getenv("BENCH_AGENTS") or ""

-- A monotonic clock in microseconds (wrk runs LuaJIT: ffi is there).
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3
end

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

-- reset_full: this thread's links, the next one to spend, and counters
-- read by done() (globals: thread:get reads them).
local links = {}
-- interior_* and regeneration_*: the agents of BENCH_AGENTS.
local agents = {}
local next_link = 1
local livez_request = nil

function init(args)
  if cookie ~= "" then headers["Cookie"] = cookie end
  if body_kind ~= "" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
  expected = 0
  resets = 0
  issued, answered = 0, 0
  t_start = now_us()
  t_last = 0
  if body_kind == "reset_full" then
    local f = assert(io.open(links_file, "r"), "BENCH_LINKS: cannot read " .. links_file)
    local n = 0
    for line in f:lines() do
      local token, code = line:match("^(%S+)%s+(%S+)%s*$")
      if token then
        n = n + 1
        if (n - 1) % nthreads == (id or 0) then
          table.insert(links, { token = token, code = code, n = n })
        end
      end
    end
    f:close()
    livez_request = wrk.format("GET", "/livez", {})
  end
  if body_kind:match("^interior_") or body_kind:match("^regeneration_") then
    local f = assert(io.open(agents_file, "r"), "BENCH_AGENTS: cannot read " .. agents_file)
    for line in f:lines() do
      local m, b, key, secret = line:match("^(%S+)%s+(%S+)%s+(%S+)%s+(%S+)%s*$")
      if m then
        table.insert(agents, { matricule = m, birth = b, key = key, secret = secret })
      end
    end
    f:close()
    assert(#agents > 0, "BENCH_AGENTS: no agent in " .. agents_file)
  end
end

-- The next Interior agent of this thread, and its index (1-based).
local function next_agent()
  local i = (offset + ((id or 0) + k * nthreads) * stride) % #agents + 1
  k = k + 1
  return agents[i], i
end

local function next_login()
  local i = (offset + ((id or 0) + k * nthreads) * stride) % accounts + 1
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
  -- The four fields of an agent (303), or with the next agent's key.
  interior_login = function()
    local a = next_agent()
    return "matricule=" .. a.matricule .. "&naissance=" .. urlencode(a.birth) ..
      "&cle=" .. a.key .. "&password=" .. urlencode(password)
  end,
  interior_login_wrong_key = function()
    local a, i = next_agent()
    local other = agents[i % #agents + 1]
    return "matricule=" .. a.matricule .. "&naissance=" .. urlencode(a.birth) ..
      "&cle=" .. other.key .. "&password=" .. urlencode(password)
  end,
  -- An agent's three facts, or facts of nobody of the same shapes.
  regeneration_existing = function()
    local a = next_agent()
    return "matricule=" .. a.matricule .. "&naissance=" .. urlencode(a.birth) ..
      "&secret=" .. a.secret
  end,
  regeneration_unknown = function()
    local a, i = next_agent()
    return string.format("matricule=%d", 90000000 + i) .. "&naissance=" ..
      urlencode(a.birth) .. "&secret=ZZZZZZ" .. a.secret:sub(7)
  end,
}

local make_body = bodies[body_kind]
if body_kind ~= "" and body_kind ~= "reset_full" and not make_body then
  error("unknown BENCH_BODY " .. body_kind)
end

local stopped = false
local verified = false
local function reset_request()
  if not verified and (id or 0) == 0 then
    -- wrk calls request() of the first thread once before the run, to
    -- count pipelined requests: that call must not spend a link.
    verified = true
    return livez_request
  end
  local link = links[next_link]
  if not link then
    -- Out of links: wrk still wants a request; delay() held this one back
    -- a second, and response() stops the thread before it is sent unless
    -- a reset is lost.
    return livez_request
  end
  next_link = next_link + 1
  issued = issued + 1
  local pw = urlencode(password .. "-" .. link.n)
  local h = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie .. "; sesame_reset=" .. link.token,
  }
  return wrk.format("POST", nil, h,
    "code=" .. urlencode(link.code) .. "&password=" .. pw ..
    "&password_confirm=" .. pw .. "&csrf=" .. urlencode(csrf))
end

function request()
  if body_kind == "reset_full" then return reset_request() end
  local body = nil
  if make_body then
    body = make_body() .. "&csrf=" .. urlencode(csrf)
  end
  return wrk.format(method, nil, headers, body)
end

if body_kind == "reset_full" then
  -- A thread out of links waits (delay) until its other connections have
  -- their answers, then stops: no request but resets is measured.
  function delay()
    return next_link > #links and 1000 or 0
  end
  function response(status, hdrs, body)
    if status ~= 200 then answered = answered + 1 end -- /livez answers 200
    if status == 303 then
      resets = resets + 1
      t_last = now_us()
    elseif expect and status == expect then
      expected = expected + 1
    end
    if next_link > #links and answered >= issued and not stopped then
      stopped = true
      wrk.thread:stop()
    end
  end
elseif expect then
  -- Defined only when needed: a response() hook makes wrk hand every
  -- answer to Lua, which costs a little.
  function response(status, hdrs, body)
    if status == expect then expected = expected + 1 end
  end
end

function done(summary, latency, requests)
  local expected_total, resets_total = 0, 0
  local first, last = nil, 0
  for _, t in ipairs(threads) do
    expected_total = expected_total + (tonumber(t:get("expected")) or 0)
    resets_total = resets_total + (tonumber(t:get("resets")) or 0)
    local s0 = tonumber(t:get("t_start"))
    if s0 and (not first or s0 < first) then first = s0 end
    last = math.max(last, tonumber(t:get("t_last")) or 0)
  end
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  -- wrk counts every status >= 400 in e.status.
  local status_errors = e.status - expected_total
  local requests = summary.requests
  local seconds = summary.duration / 1e6
  local extra = ""
  if body_kind == "reset_full" then
    -- Completed resets over the time it took to make them.
    requests = resets_total
    if resets_total > 0 and first and last > first then
      seconds = (last - first) / 1e6
    end
    extra = string.format(',"resets":%d,"wrk_requests":%d',
                          resets_total, summary.requests)
  end
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"seconds":%.3f,"rps":%.2f,' ..
    '"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"errors":%d,' ..
    '"socket_errors":%d,"status_errors":%d,"expected_status":%d%s}\n',
    requests, seconds, requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, socket + status_errors, socket, status_errors,
    expected_total, extra))
end
