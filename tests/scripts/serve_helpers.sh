# Shared by the shell tests: start `ccs serve --port 0` and stop it.
# start_server [serve args...]  -> sets SERVER_PID and SERVER_URL
start_server() {
  local out
  out=$(mktemp)
  "$CCS_BIN" serve --host 127.0.0.1 --port 0 --quiet "$@" >"$out" 2>/dev/null &
  SERVER_PID=$!
  local port="" i
  for i in $(seq 1 100); do
    port=$(head -n1 "$out" 2>/dev/null || true)
    [ -n "$port" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  rm -f "$out"
  if [ -z "$port" ]; then
    echo "server did not report a port" >&2
    return 1
  fi
  SERVER_URL="http://127.0.0.1:$port"
}

stop_server() {
  if [ -n "${SERVER_PID:-}" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
