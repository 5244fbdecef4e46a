-- wrk: GET /v1/checkout/sessions/<id>; SESSION_ID comes from the environment.
local id = os.getenv("SESSION_ID") or "cs_test_missing"
wrk.method = "GET"
wrk.path = "/v1/checkout/sessions/" .. id
wrk.headers["Authorization"] = "Bearer sk_test_benchAccount0001"

done = function(summary, latency, requests)
  io.write(string.format("retrieve: %.0f req/s p50 %.2f ms p99 %.2f ms non2xx %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.errors.status))
end
