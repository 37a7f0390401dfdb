#!/usr/bin/env bash
# The suite's entry point.
#   ./run.sh                 default job: build, make the default model and prompt set if missing, benchmark every
#                            serving configuration on them, analyse the run, print where the reports are
#   ./run.sh test            the whole test suite
#   ./run.sh bench [...]     BenchmarkDotNet's switcher (--filter, --anyCategories, --list flat, --join, ...)
#   ./run.sh bench --protocol paper [--dry-run]   the study's protocol as a campaign: one run per case, random order,
#                            resumable (--resume RUN), shardable (--shard i/n); see the README, "Replicate the study"
#   ./run.sh analyze RUN     statistics, tables and plots of a run;  ./run.sh compare BASE CUR   the regression gate
#   ./run.sh merge DIR... --out DIR [--force]   one run directory from a campaign's shard directories
#   ./run.sh run [...]       the default job with BenchmarkDotNet options;  ./run.sh meters   what can be measured here
#   ./run.sh roofline [--run RUN]   read bandwidth and matmul throughput; a run's tokens/s as a % of those bounds
#   ./run.sh performance     every CPU configuration on the default model and category-1 twins -> artifacts/performance.md
#   ./run.sh sweep           prompt-length sweep: decode J/token at each prompt length -> artifacts/prompt-length.md
#   ./run.sh prompts|models|generate ...   see ./run.sh --help (lists every verb)
set -euo pipefail
cd "$(dirname "$0")"
export BENCH_ROOT="$PWD"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK is needed and 'dotnet' is not on PATH (install it: https://dotnet.microsoft.com/download)" >&2
  exit 2
fi

configuration=Release
# Build and test logs go to artifacts/logs; when artifacts/ is not writable (a read-only checkout), to a temporary
# folder, so that a build that works is never reported as failed.
logs=artifacts/logs
if ! mkdir -p "$logs" 2>/dev/null || ! [[ -w "$logs" ]]; then
  logs="${TMPDIR:-/tmp}/energybench-logs-$(id -u)"
  mkdir -p "$logs"
  echo "note: artifacts/ is not writable; build logs go to $logs" >&2
fi

build() {
  local log=$logs/build.log
  if ! dotnet build "$1" -c "$configuration" -nologo >"$log" 2>&1; then
    grep -E ' error |error [A-Z]+[0-9]+' "$log" | sort -u | head -20 >&2 || true
    echo "error: build failed; the whole log is in $log" >&2
    exit 1
  fi
}

if [[ "${1:-}" == "test" ]]; then
  shift
  build Benchmarks.sln
  log=$logs/test.log
  status=0
  dotnet test Benchmarks.sln -c "$configuration" --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?
  # One closing line for the whole suite, summed over the test projects.
  awk '/(Passed|Failed)! +- +Failed: / {
         for (i = 1; i <= NF; i++) { v = $(i+1); gsub(",", "", v)
           if ($i == "Failed:") f += v; if ($i == "Passed:") p += v; if ($i == "Skipped:") s += v } }
       END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
  exit "$status"
fi

build bench/EnergyBench/EnergyBench.csproj
exec dotnet "bench/EnergyBench/bin/$configuration/net10.0/EnergyBench.dll" "$@"
