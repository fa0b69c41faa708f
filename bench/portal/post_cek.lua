-- wrk: POST /cek with the body in WRK_BODY (a form token and a real tracking code).
wrk.method = "POST"
wrk.body = os.getenv("WRK_BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
