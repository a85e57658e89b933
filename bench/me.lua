-- GET /api/v1/users/me with the access token from BENCH_ACCESS_TOKEN (read from the environment, so
-- that it never appears on a command line).
function init(args)
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_ACCESS_TOKEN")
end
