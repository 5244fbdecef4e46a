#!/bin/sh
# `ccs form decode|encode`: exit codes, output and the stderr error format.
# Usage: tests/form_cli.sh PATH/TO/ccs   (CCS_GOLDEN_DIR set by ctest)
set -u
CCS=${1:-${CCS_BIN:-}}
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() { # name, condition result (0 ok)
    if [ "$2" -eq 0 ]; then echo "ok   $1"; else echo "FAIL $1"; fails=$((fails + 1)); fi
}

printf 'line_items[0][price]=price_1&metadata[order_id]=6735&expand[]=line_items' \
    | "$CCS" form decode >"$tmp/out" 2>"$tmp/err"
check "decode exits 0" $?
grep -q '"order_id":[[:space:]]*"6735"' "$tmp/out"; check "decode prints JSON" $?
[ ! -s "$tmp/err" ]; check "decode is quiet on stderr" $?

printf 'a=1&a[b]=2' | "$CCS" form decode >"$tmp/out" 2>"$tmp/err"
check "decode conflict exits 2" $([ $? -eq 2 ]; echo $?)
grep -q '^ccs form: .* at byte 4$' "$tmp/err"; check "decode error names reason and byte" $?
[ ! -s "$tmp/out" ]; check "decode error prints no JSON" $?

printf 'a=%%zz' | "$CCS" form decode >/dev/null 2>"$tmp/err"
check "bad escape exits 2" $([ $? -eq 2 ]; echo $?)
grep -q 'escape.* at byte 2$' "$tmp/err"; check "bad escape offset" $?

printf 'metadata[0]=x' | "$CCS" form decode --schema create >"$tmp/out" 2>"$tmp/err"
check "decode --schema exits 0" $?
grep -q '"0":[[:space:]]*"x"' "$tmp/out"; check "--schema create keeps metadata digits as keys" $?
printf 'metadata[0]=x' | "$CCS" form decode >"$tmp/out"
grep -q '\[' "$tmp/out"; check "without --schema digits make an array" $?

printf 'a=1' | "$CCS" form decode --schema nope >/dev/null 2>"$tmp/err"
check "unknown operation exits 2" $([ $? -eq 2 ]; echo $?)
grep -q "unknown operation 'nope'" "$tmp/err"; check "unknown operation message" $?

printf '{"a":{"b":["x y",1,true,null]}}' | "$CCS" form encode >"$tmp/out" 2>"$tmp/err"
check "encode exits 0" $?
printf 'a%%5Bb%%5D%%5B0%%5D=x%%20y&a%%5Bb%%5D%%5B1%%5D=1&a%%5Bb%%5D%%5B2%%5D=true&a%%5Bb%%5D%%5B3%%5D=' >"$tmp/want"
cmp -s "$tmp/out" "$tmp/want"; check "encode bytes (no trailing newline)" $?

printf '{"a":{"b":["[x]%%5B",1]}}' | "$CCS" form encode --literal-brackets >"$tmp/out" 2>"$tmp/err"
check "encode --literal-brackets exits 0" $?
printf 'a[b][0]=[x]%%255B&a[b][1]=1' >"$tmp/want"
cmp -s "$tmp/out" "$tmp/want"; check "encode --literal-brackets writes stripe-node's bytes" $?
printf 'a=1' | "$CCS" form decode --literal-brackets >/dev/null 2>"$tmp/err"
check "--literal-brackets with decode exits 2" $([ $? -eq 2 ]; echo $?)
grep -q 'applies to encode only' "$tmp/err"; check "--literal-brackets with decode message" $?

printf '{"a":' | "$CCS" form encode >/dev/null 2>"$tmp/err"
check "encode of bad JSON exits 2" $([ $? -eq 2 ]; echo $?)
grep -q '^ccs form: invalid JSON at byte' "$tmp/err"; check "bad JSON message" $?

printf '["x"]' | "$CCS" form encode >/dev/null 2>"$tmp/err"
check "encode of a non-object exits 2" $([ $? -eq 2 ]; echo $?)

"$CCS" form >/dev/null 2>&1
check "no mode exits 2" $([ $? -eq 2 ]; echo $?)
"$CCS" form decode --bogus </dev/null >/dev/null 2>&1
check "unknown option exits 2" $([ $? -eq 2 ]; echo $?)
"$CCS" form --help >"$tmp/out" 2>&1
check "--help exits 0" $?
grep -q 'usage: ccs form' "$tmp/out"; check "--help prints usage" $?

# round trip through both commands
printf '{"line_items":[{"price_data":{"currency":"usd","product_data":{"name":"T-shirt & co"}},"quantity":"2"}],"mode":"payment"}' \
    | "$CCS" form encode | "$CCS" form decode >"$tmp/out"
grep -q '"name":[[:space:]]*"T-shirt & co"' "$tmp/out"; check "encode | decode round trip" $?

echo "form_cli: $fails failure(s)"
[ "$fails" -eq 0 ]
