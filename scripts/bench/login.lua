-- wrk script: POST /api/login with a new user id on every request.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local counter = 0

function setup(thread)
  thread:set("prefix", "w" .. tostring(math.random(100000, 999999)))
end

function request()
  counter = counter + 1
  return wrk.format(nil, "/api/login", nil, '{"userId":"' .. prefix .. "-" .. counter .. '"}')
end
