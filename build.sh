#!/usr/bin/env bash
# KernelLib build driver.
#   ./build.sh                 build native + managed, then run the demo
#   ./build.sh test            build, then run every test (ctest on every ISA path the machine
#                              has, and on NEON under qemu when the arm64 toolchain is installed;
#                              xunit on every forced ISA and managed-only); ends with one line
#                              "N passed, N failed"
#   ./build.sh bench [filter]  run the BenchmarkDotNet suite (e.g. ./build.sh bench '*Gemm*')
#   ./build.sh peers [case..]  time the suite in PyTorch, XNNPACK and oneDNN (bench/peers/README.md);
#                              e.g. ./build.sh peers C1 C5 T1 --threads 1
set -euo pipefail
cd "$(dirname "$0")"

CONFIG=Release
NATIVE_BUILD=build/native
JOBS=$(nproc 2>/dev/null || echo 2)

build_native() {
  cmake -S . -B "$NATIVE_BUILD" -DCMAKE_BUILD_TYPE=$CONFIG >/dev/null
  cmake --build "$NATIVE_BUILD" -j "$JOBS"
}

build_managed() {
  dotnet build KernelLib.sln -c $CONFIG -nologo -v quiet
}

# Supported native paths, best last, as the library reports them.
supported_isas() {
  "$NATIVE_BUILD/native/kl_isa_list"
}

passed=0
failed=0
count_ctest() { # parses "NN% tests passed, F tests failed out of T"
  local line total fail
  line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$1" | tail -1 || true)
  if [ -z "$line" ]; then failed=$((failed + 1)); return; fi
  fail=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
  total=$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$line")
  passed=$((passed + total - fail)); failed=$((failed + fail))
}
count_dotnet() { # parses "Failed!  - Failed: F, Passed: P, Skipped: S, Total: T" (or "Passed!  - ...")
  local line p f
  line=$(grep -E '(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+' "$1" | tail -1 || true)
  if [ -z "$line" ]; then failed=$((failed + 1)); return; fi
  f=$(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$line")
  p=$(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<<"$line")
  passed=$((passed + p)); failed=$((failed + f))
}

# NEON: cross-build linux-arm64 and run its C tests under qemu, when the toolchain is here
# (.ci/run installs gcc-aarch64-linux-gnu and qemu-user).
run_arm64_ctest() {
  if ! command -v aarch64-linux-gnu-gcc >/dev/null || ! command -v qemu-aarch64 >/dev/null; then
    echo "== ctest linux-arm64: not run (install gcc-aarch64-linux-gnu and qemu-user to test NEON)"
    return
  fi
  local log
  log=$(mktemp)
  echo "== ctest linux-arm64 under qemu (NEON paths against the scalar path)"
  cmake -S . -B build/native-arm64 -DCMAKE_BUILD_TYPE=$CONFIG \
    -DCMAKE_TOOLCHAIN_FILE=native/cmake/aarch64-linux-gnu.cmake >/dev/null
  cmake --build build/native-arm64 -j "$JOBS" >/dev/null
  ctest --test-dir build/native-arm64 --output-on-failure --timeout 600 -j "$JOBS" 2>&1 | tee "$log" || true
  count_ctest "$log"
  rm -f "$log"
}

run_dotnet_tests() { # $1 = label; environment set by the caller
  local log
  log=$(mktemp)
  echo "== xunit ($1)"
  dotnet test tests/KernelLib.Tests.csproj -c $CONFIG --no-build -nologo --blame 2>&1 | tee "$log" | grep -E '^(Passed!|Failed!)|\[FAIL\]|Error Message|Assert' || true
  count_dotnet "$log"
  rm -f "$log"
}

cmd=${1:-demo}
case "$cmd" in
  demo|"")
    build_native
    build_managed
    dotnet run --project samples/KernelLib.Demo -c $CONFIG --no-build
    ;;
  test)
    build_native
    build_managed
    log=$(mktemp)
    echo "== ctest (every ISA path this machine has, against the scalar path)"
    ctest --test-dir "$NATIVE_BUILD" --output-on-failure -j "$JOBS" 2>&1 | tee "$log" || true
    count_ctest "$log"
    rm -f "$log"
    run_arm64_ctest
    run_dotnet_tests "native, best ISA"
    for isa in $(supported_isas); do
      KERNELLIB_ISA=$isa run_dotnet_tests "native, KERNELLIB_ISA=$isa"
    done
    KERNELLIB_DISABLE_NATIVE=1 run_dotnet_tests "managed only, KERNELLIB_DISABLE_NATIVE=1"
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    ;;
  bench)
    build_native
    shift
    dotnet run --project bench/KernelLib.Benchmarks.csproj -c $CONFIG -- --filter "${1:-*}" "${@:2}"
    ;;
  peers)
    shift
    "${PYTHON:-/usr/bin/python3}" bench/pytorch_suite.py "$@"  # Debian python3-torch
    build_native >/dev/null  # xnnpack_pool links the library for its --paired mode
    make -s -C bench/peers BUILD="$PWD/build/peers" KERNELLIB="$PWD/$NATIVE_BUILD/native" run ARGS="$*"
    ;;
  *)
    echo "usage: ./build.sh [test | bench [filter] [BenchmarkDotNet args] | peers [case...]]" >&2
    exit 2
    ;;
esac
