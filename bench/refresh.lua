-- POST /api/v1/auth/refresh with rotation: each refresh token works once, so every thread keeps a
-- queue of live tokens, takes one per request and puts back the new one from each 200 response.
-- The initial tokens (one login each) come from the file BENCH_REFRESH_TOKENS, one per line, dealt
-- out to the threads. A failed refresh loses its token (wrk counts it as non-2xx) and is never
-- retried. Never prints a token.
local threads = {}
local queue = {}
local head, tail = 1, 0
thread_id = 1 -- set per thread by setup()

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

function init(args)
  local thread_count = tonumber(os.getenv("BENCH_THREADS") or "1")
  local n = 0
  for line in io.lines(os.getenv("BENCH_REFRESH_TOKENS")) do
    n = n + 1
    if line ~= "" and (n % thread_count) + 1 == thread_id then
      tail = tail + 1
      queue[tail] = line
    end
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local token = "none"
  if head <= tail then
    token = queue[head]
    queue[head] = nil
    head = head + 1
  end
  return wrk.format(nil, "/api/v1/auth/refresh", nil, '{"refreshToken":"' .. token .. '"}')
end

function response(status, headers, body)
  if status == 200 then
    local token = body:match('"refreshToken"%s*:%s*"([^"]+)"')
    if token then
      tail = tail + 1
      queue[tail] = token
    end
  end
end
