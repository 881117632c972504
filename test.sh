#!/usr/bin/env bash
# Runs every test of the project: Solidity (forge) and .NET (xunit v3 on Microsoft.Testing.Platform).
# Ends with one line `tests: N passed, M failed[, K skipped]` and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

passed=0 failed=0 skipped=0 broken=0
summary() {
  local line="tests: $passed passed, $failed failed"
  [ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
  echo "$line"
}

if ! tools/setup.sh; then
  echo "test.sh: toolchain setup failed" >&2
  failed=$((failed + 1)); summary; exit 1
fi

log=$(mktemp -d)
if [ -f contracts/foundry.toml ]; then
  echo "== forge test (contracts/)"
  (cd contracts && ../tools/bin/forge test 2>&1) | tee "$log/forge.txt"
  forge_rc=${PIPESTATUS[0]}
  counts=$(grep -E '^Ran [0-9]+ test suites?' "$log/forge.txt" | tail -1 |
    sed -E 's/.*: ([0-9]+) tests passed, ([0-9]+) failed, ([0-9]+) skipped.*/\1 \2 \3/')
  if [[ "$counts" =~ ^[0-9]+\ [0-9]+\ [0-9]+$ ]]; then
    read -r p f s <<<"$counts"
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  fi
  [ "$forge_rc" -ne 0 ] && broken=1
fi

echo "== dotnet build"
if ! dotnet build Otr.sln -c Release 2>&1 | tee "$log/build.txt" | grep -E "error|Warn|Build succeeded|Elapsed"; then :; fi
if ! grep -q "Build succeeded" "$log/build.txt"; then
  echo "test.sh: dotnet build failed" >&2
  failed=$((failed + 1)); summary; exit 1
fi

echo "== dotnet format --verify-no-changes"
if dotnet format Otr.sln --verify-no-changes --no-restore > "$log/format.txt" 2>&1; then
  passed=$((passed + 1))
else
  head -40 "$log/format.txt"
  echo "test.sh: code is not formatted; run: dotnet format Otr.sln" >&2
  failed=$((failed + 1))
fi

# One benchmark smoke run: the project with --quick must exit 0; prints its last N lines, or its last 30 on failure.
bench_smoke() { # title project log-name summary-lines
  echo "== $1"
  if dotnet run -c Release --no-build --project "$2" -- --quick > "$log/$3" 2>&1; then
    tail -"$4" "$log/$3"
    passed=$((passed + 1))
  else
    tail -30 "$log/$3"
    failed=$((failed + 1))
  fi
}

bench_smoke "benchmark smoke run (bench/Otr.Bench --quick: it must run; its numbers are not judged here)" bench/Otr.Bench bench.txt 1
bench_smoke "operator benchmark smoke run (bench/Otr.Operator.Bench --quick: it must run and converge)" bench/Otr.Operator.Bench operator-bench.txt 2
bench_smoke "dispute gas benchmark smoke run (bench/Otr.Dispute.Bench --quick: two games must be won by the challenger, every one-step check under half a block)" bench/Otr.Dispute.Bench dispute-bench.txt 1

echo "== dotnet test"
dotnet test --solution Otr.sln -c Release --no-build 2>&1 | tee "$log/test.txt"
test_rc=${PIPESTATUS[0]}
# Microsoft.Testing.Platform prints one summary block for the whole run.
t_failed=$(grep -E '^\s+failed: [0-9]+' "$log/test.txt" | tail -1 | grep -oE '[0-9]+')
t_passed=$(grep -E '^\s+succeeded: [0-9]+' "$log/test.txt" | tail -1 | grep -oE '[0-9]+')
t_skipped=$(grep -E '^\s+skipped: [0-9]+' "$log/test.txt" | tail -1 | grep -oE '[0-9]+')
passed=$((passed + ${t_passed:-0})); failed=$((failed + ${t_failed:-0})); skipped=$((skipped + ${t_skipped:-0}))
[ "$test_rc" -ne 0 ] && broken=1

if [ "$broken" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # a runner failed without reporting a failed test (crash, timeout, build error)
fi
summary
[ "$failed" -eq 0 ] && [ "$broken" -eq 0 ]
