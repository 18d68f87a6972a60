-- wrk: sign a petition as many different people from many addresses (the server trusts 127.0.0.1 as a
-- proxy, so X-Forwarded-For is each request's client). CSRF_TOKEN, the FORM_COOKIE it was made for
-- and PETITION come from the environment.
-- Prints how many signatures were taken (303 See Other to "check your email").
local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end

function init(args)
  token = os.getenv("CSRF_TOKEN")
  form_cookie = os.getenv("FORM_COOKIE")
  petition = os.getenv("PETITION") or "1"
  counter = 0
  taken = 0
end

function request()
  counter = counter + 1
  local ip = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  local body = "csrf_token=" .. token .. "&name=Bench+Signer+" .. counter .. "&email=bench-" .. id .. "-" ..
               counter .. "%40example.org&postcode=SM1+1EA&declaration=yes"
  return wrk.format("POST", "/petitions/" .. petition .. "/sign",
                    {["Content-Type"] = "application/x-www-form-urlencoded", ["X-Forwarded-For"] = ip,
                     ["Cookie"] = "commonweal_form=" .. form_cookie}, body)
end

function response(status, headers, body)
  if status == 303 then taken = taken + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("taken") end
  io.write(string.format("taken: %d\n", total))
end
