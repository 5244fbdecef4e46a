#!/bin/bash -eu
# Builds every fuzz/fuzz_*.c harness with the engine's $CC/$CFLAGS and
# $LIB_FUZZING_ENGINE. Libraries are static archives, so a harness pulls in
# only the objects it uses (no libcurl or libmicrohttpd at run time); cJSON
# is compiled from source, SQLite linked statically. golden/ goes next to the
# fuzzers (the harnesses look for it beside the executable).
src=$SRC/ccs
work=$WORK/ccs
rm -rf "$work"
mkdir -p "$work/include/cjson" "$work/obj/lib" "$work/obj/server"
cp "$SRC/cJSON/cJSON.h" "$work/include/cjson/"

cflags="$CFLAGS -std=gnu11 -I$src/include -I$src/server -I$src/fuzz -I$work/include"
$CC $cflags -c "$SRC/cJSON/cJSON.c" -o "$work/obj/cJSON.o"
# lib/<module>/*.c (and runner/checks/); basenames are unique across modules.
for f in "$src"/lib/*/*.c "$src"/lib/*/*/*.c; do
  $CC $cflags -DCCS_GOLDEN_DEFAULT="\"$OUT/golden\"" -c "$f" -o "$work/obj/lib/$(basename "${f%.c}").o"
done
for f in "$src"/server/*.c; do
  $CC $cflags -c "$f" -o "$work/obj/server/$(basename "${f%.c}").o"
done
ar rcs "$work/libccs.a" "$work"/obj/lib/*.o
ar rcs "$work/libccs_server.a" "$work"/obj/server/*.o
# Harness code is the oracle, not the code under test: no coverage feedback
# from it (sanitizers stay on), as fuzz/fuzz.cmake does.
hflags="$cflags -fno-sanitize=fuzzer-no-link"
$CC $hflags -c "$src/fuzz/fuzz_common.c" -o "$work/obj/fuzz_common.o"
# server_request's structure-aware mutator (fuzz/fuzz.cmake: SOURCES); it
# defines LLVMFuzzerCustomMutator, so it goes into that harness only.
$CC $hflags -c "$src/fuzz/server_mutate.c" -o "$work/obj/server_mutate.o"

sqlite=$(find /usr/lib -name libsqlite3.a | head -1)
for f in "$src"/fuzz/fuzz_*.c; do
  name=$(basename "${f%.c}")
  [ "$name" = fuzz_common ] && continue
  $CC $hflags -c "$f" -o "$work/obj/$name.o"
  extra=()
  [ "$name" = fuzz_server_request ] && extra=("$work/obj/server_mutate.o")
  $CXX $CXXFLAGS "$work/obj/$name.o" "${extra[@]}" "$work/obj/fuzz_common.o" \
    "$work/libccs_server.a" "$work/libccs.a" "$work/obj/cJSON.o" "$sqlite" \
    $LIB_FUZZING_ENGINE -lm -lpthread -ldl -o "$OUT/$name"

  h=${name#fuzz_}
  if [ -f "$src/fuzz/$h.dict" ]; then
    cp "$src/fuzz/$h.dict" "$OUT/$name.dict"
  fi
  if [ -f "$src/fuzz/$h.options" ]; then
    sed "s/^dict = .*/dict = $name.dict/" "$src/fuzz/$h.options" >"$OUT/$name.options"
  fi
  if [ -d "$src/corpus/$h" ]; then
    (cd "$src/corpus/$h" && zip -q -r "$OUT/${name}_seed_corpus.zip" .)
  fi
done
rm -rf "$OUT/golden"
cp -r "$src/golden" "$OUT/golden"
