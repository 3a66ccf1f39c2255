-- wrk script: POST one corpus survey (examples/survey.md from checkbox.io) to /api/design/survey.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open(os.getenv("SURVEY_JSON") or "survey.json", "r"))
wrk.body = f:read("*a")
f:close()
