-- wrk: POST /lapor, each request a report of its own from the file WRK_BODIES (one urlencoded
-- body per line, each with its own form token: bench/portal/mint_reports.mjs). With WRK_THREADS
-- threads, thread i takes lines i, i + n, ... Mint more lines than the run can send: a thread
-- that runs out starts again at its first line, and a form sent again is a replay (answered from
-- the case it made), not a new report.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  bodies, next_body = {}, 0
  local n, i = tonumber(os.getenv("WRK_THREADS")), 0
  for line in io.lines(os.getenv("WRK_BODIES")) do
    if i % n == id - 1 then table.insert(bodies, line) end
    i = i + 1
  end
end

function request()
  next_body = next_body + 1
  local body = bodies[(next_body - 1) % #bodies + 1]
  return wrk.format("POST", "/lapor", {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
