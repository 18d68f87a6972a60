-- wrk: cast budget ballots with one-time voting codes, one code per request, read from CODES_FILE (one per
-- line); thread n of N takes every N-th line, so no code is used twice. Each ballot approves the first
-- project and one of the other two. BUDGET and PROJECT (the first project's id) come from the environment,
-- with CSRF_TOKEN and the FORM_COOKIE it was made for. Prints how many ballots were cast (200 with a
-- receipt); requests after the codes run out are not counted.
local threads = {}

function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

function init(args)
  token = os.getenv("CSRF_TOKEN")
  form_cookie = os.getenv("FORM_COOKIE")
  budget = os.getenv("BUDGET")
  project = tonumber(os.getenv("PROJECT"))
  codes, next_index, cast = {}, 1, 0
  local stride, i = tonumber(os.getenv("THREADS") or "2"), 0
  for line in io.lines(os.getenv("CODES_FILE")) do
    if i % stride == offset then table.insert(codes, line) end
    i = i + 1
  end
end

function request()
  local code = codes[next_index] or "SPENT"
  next_index = next_index + 1
  local ip = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  local body = "csrf_token=" .. token .. "&action=vote&code=" .. code .. "&projects=" .. project ..
               "&projects=" .. (project + 1 + next_index % 2)
  return wrk.format("POST", "/budgets/" .. budget .. "/vote/code",
                    {["Content-Type"] = "application/x-www-form-urlencoded", ["X-Forwarded-For"] = ip,
                     ["Cookie"] = "commonweal_form=" .. form_cookie}, body)
end

function response(status, headers, body)
  if status == 200 then cast = cast + 1 end
  if next_index > #codes then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("cast") end
  io.write(string.format("cast: %d\n", total))
end
