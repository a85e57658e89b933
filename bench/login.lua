-- POST /api/v1/auth/login as one of BENCH_USERS pre-created, active accounts (bench1@bench.example ...),
-- all with the password in BENCH_PASSWORD. Never prints the password or the tokens it receives.
local users = tonumber(os.getenv("BENCH_USERS") or "1000")
local password = os.getenv("BENCH_PASSWORD")

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local n = math.random(1, users)
  local body = string.format('{"email":"bench%d@bench.example","password":"%s"}', n, password)
  return wrk.format(nil, "/api/v1/auth/login", nil, body)
end
