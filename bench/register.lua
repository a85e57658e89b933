-- POST /api/v1/registrations with a fresh address per request (thread id, counter and a random part),
-- so that every request creates an account, hashes its password and writes its activation mail.
thread_id = 0 -- set per thread by setup()
local counter = 0
local run = 0
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  run = os.time()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"email":"reg-%d-%d-%d@bench.example","password":"amber-Falcon-%d-drift","displayName":"Bench User"}',
    run, thread_id, counter, counter)
  return wrk.format(nil, "/api/v1/registrations", nil, body)
end
