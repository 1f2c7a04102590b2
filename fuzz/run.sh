#!/usr/bin/env bash
# Runs pith's libFuzzer targets, one after another, each for SECONDS of wall
# time (default 60), at nice 10, and prints executions and coverage.
#
# usage: fuzz/run.sh [SECONDS] [TARGET...]     (default: every target)
#
# Builds build-fuzz/ (CC=clang, -DPITH_FUZZ=ON) when needed; override with
# PITH_FUZZ_BUILD=DIR. Per target NAME it uses:
#   build-fuzz/fuzz/corpus/NAME    the working corpus, kept between runs;
#   build-fuzz/fuzz/seeds/NAME     seeds written by fuzz/seeds.py from
#                                  fixtures/ and tests/cases/ at each run;
#   fuzz/NAME.dict, else the dictionary named in dict_for() below;
#   build-fuzz/fuzz/findings/NAME/ crash, leak, timeout and OOM inputs
#                                  (and slow-unit-* ones, not counted);
#   build-fuzz/fuzz/logs/NAME.log  libFuzzer's output.
# Exits 1 when any target found something: copy the input from findings/
# into fuzz/regressions/NAME/ once fixed, so ctest replays it.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
seconds=60
if [[ $# -gt 0 && "$1" =~ ^[0-9]+$ ]]; then
  seconds=$1
  shift
fi
all_targets=$(sed -n 's/^pith_fuzz_target(\([a-z0-9_]*\))$/\1/p' \
  "$here/CMakeLists.txt")
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && read -r -a targets <<<"$(echo $all_targets)"

build="${PITH_FUZZ_BUILD:-$root/build-fuzz}"
if ! command -v clang >/dev/null; then
  echo "fuzz/run.sh: clang not found (Debian: apt-get install clang" \
    "libclang-rt-14-dev, or ./setup.sh --deps-only)" >&2
  exit 2
fi
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  CC=clang cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DPITH_FUZZ=ON -DPITH_BUILD_TESTS=OFF -DPITH_BUILD_BENCH=OFF \
    -DBUILD_SHARED_LIBS=OFF >/dev/null || exit 2
fi
build_targets=()
for t in "${targets[@]}"; do build_targets+=(--target "fuzz_$t"); done
nice -n 10 cmake --build "$build" -j2 "${build_targets[@]}" >/dev/null || {
  echo "fuzz/run.sh: build failed (cmake --build $build)" >&2
  exit 2
}

dict_for() {
  if [[ -f "$here/$1.dict" ]]; then
    echo "$here/$1.dict"
    return
  fi
  case "$1" in
  extract | decode) echo "$here/html.dict" ;;
  jsonld) echo "$here/json.dict" ;;
  warc | http) echo "$here/warc.dict" ;;
  esac
}

out="$build/fuzz"
mkdir -p "$out/logs"
found=0
printf '%-10s %8s %12s %10s %8s %8s  %s\n' target seconds executions \
  'exec/s' cov ft result
for t in "${targets[@]}"; do
  bin="$out/fuzz_$t"
  if [[ ! -x "$bin" ]]; then
    echo "fuzz/run.sh: unknown target '$t' (known: $(echo $all_targets))" >&2
    exit 2
  fi
  mkdir -p "$out/corpus/$t" "$out/findings/$t"
  python3 "$here/seeds.py" "$out/seeds" "$t" || exit 2
  dict=$(dict_for "$t")
  args=(-max_total_time="$seconds" -print_final_stats=1 -timeout=30
    -rss_limit_mb=2048 -artifact_prefix="$out/findings/$t/")
  [[ -n "$dict" ]] && args+=(-dict="$dict")
  start=$(date +%s)
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" \
    nice -n 10 "$bin" "${args[@]}" "$out/corpus/$t" "$out/seeds/$t" \
    >"$out/logs/$t.log" 2>&1
  rc=$?
  elapsed=$(($(date +%s) - start))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/logs/$t.log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out/logs/$t.log")
  last=$(grep -E 'cov: [0-9]+' "$out/logs/$t.log" | tail -1)
  cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<<"$last")
  result=ok
  # slow-unit-* files only say an input took over 10 s once, which a busy
  # machine can cause; a real hang is a timeout-* (over 30 s) and fails.
  if [[ $rc -ne 0 ]] || ls "$out/findings/$t/" | grep -qv '^slow-unit-'; then
    result="FINDING (exit $rc; see $out/logs/$t.log, $out/findings/$t/)"
    found=1
  fi
  printf '%-10s %8s %12s %10s %8s %8s  %s\n' "$t" "$elapsed" "${execs:-?}" \
    "${rate:-?}" "${cov:-?}" "${ft:-?}" "$result"
done
exit $found
