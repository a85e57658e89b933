-- A probe, not a load: one request every BENCH_PACE_MS milliseconds (50: 20 a second) on its
-- connection, the way a kubelet or a client polls, so that measuring latency during a flood does not
-- itself add a second flood. With BENCH_ACCESS_TOKEN set it sends it as a bearer token (/users/me).
local pace = tonumber(os.getenv("BENCH_PACE_MS") or "50")

function init(args)
  local token = os.getenv("BENCH_ACCESS_TOKEN")
  if token and token ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. token
  end
end

function delay()
  return pace
end
