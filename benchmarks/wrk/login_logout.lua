-- Writes: log in (a new session row or Redis key, the user's last login), then log out with that session.
-- Credentials come from BENCH_USERNAME / BENCH_PASSWORD.
dofile("benchmarks/wrk/report.lua")

local body = string.format('{"username": "%s", "password": "%s"}',
  os.getenv("BENCH_USERNAME") or "", os.getenv("BENCH_PASSWORD") or "")
local cookies = {}

request = function()
  local cookie = table.remove(cookies)
  if cookie then
    return wrk.format("POST", "/api/authentication/logout", { ["Cookie"] = cookie })
  end
  return wrk.format("POST", "/api/authentication/login", { ["Content-Type"] = "application/json" }, body)
end

response = function(status, headers, body)
  local set_cookie = headers["Set-Cookie"] or headers["set-cookie"]
  if status == 200 and set_cookie then
    local session = string.match(set_cookie, "(JSESSIONID=[^;]+)")
    if session then
      table.insert(cookies, session)
    end
  end
end
