-- wrk: confirm signatures by their mailed links, one token per request, read from TOKENS_FILE (one per
-- line); thread n of N takes every N-th line, so no token is used twice. Prints how many were confirmed
-- (200); requests after the tokens run out are not counted.
local threads = {}

function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

function init(args)
  token = os.getenv("CSRF_TOKEN")
  form_cookie = os.getenv("FORM_COOKIE")
  tokens, next_index, confirmed = {}, 1, 0
  local stride, i = tonumber(os.getenv("THREADS") or "2"), 0
  for line in io.lines(os.getenv("TOKENS_FILE")) do
    if i % stride == offset then table.insert(tokens, line) end
    i = i + 1
  end
end

function request()
  local t = tokens[next_index] or "spent"
  next_index = next_index + 1
  local ip = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  return wrk.format("POST", "/petitions/confirm/" .. t,
                    {["Content-Type"] = "application/x-www-form-urlencoded", ["X-Forwarded-For"] = ip,
                     ["Cookie"] = "commonweal_form=" .. form_cookie},
                    "csrf_token=" .. token)
end

function response(status, headers, body)
  if status == 200 then confirmed = confirmed + 1 end
  -- wrk times the run until its threads stop, so stopping here gives the rate while tokens lasted.
  if next_index > #tokens then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("confirmed") end
  io.write(string.format("confirmed: %d\n", total))
end
