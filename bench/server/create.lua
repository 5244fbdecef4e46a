-- wrk: POST /v1/checkout/sessions with 3 inline line items (keep-alive).
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer sk_test_benchAccount0001"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "mode=payment&success_url=https%3A%2F%2Fexample.com%2Fok"
  .. "&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=1099"
  .. "&line_items[0][price_data][product_data][name]=T-shirt&line_items[0][quantity]=2"
  .. "&line_items[1][price]=price_1MotwRLkdIwHu7ixYcPLm5uZ&line_items[1][quantity]=1"
  .. "&line_items[2][price_data][currency]=usd&line_items[2][price_data][unit_amount_decimal]=250.5"
  .. "&line_items[2][price_data][product_data][name]=Sticker&line_items[2][quantity]=3"
  .. "&metadata[order]=bench"

done = function(summary, latency, requests)
  io.write(string.format("create: %.0f req/s p50 %.2f ms p99 %.2f ms errors %d non2xx %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
