#!/usr/bin/env bash
# Measures Beacon's cold start to /health/ready and its idle memory next to a bare minimal API (the baseline).
# Builds both in Release first; the benchmark itself builds nothing. Options after the script name go to the
# benchmark (e.g. bench/run.sh --runs 10 --timeline); see docs/benchmarks.md.
#
# BEACON_BENCH_ARTIFACTS=/tmp/bench bench/run.sh builds into that folder instead of the projects' bin/ folders,
# so the benchmark does not clash with another build of the same projects running at the same time.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -n "${BEACON_BENCH_ARTIFACTS:-}" ]]; then
    artifacts=(--artifacts-path "$BEACON_BENCH_ARTIFACTS")
    dlls=(--beacon "$BEACON_BENCH_ARTIFACTS/bin/Beacon.Web/release/Beacon.Web.dll"
          --baseline "$BEACON_BENCH_ARTIFACTS/bin/Beacon.Bench.Baseline/release/Beacon.Bench.Baseline.dll")
else
    artifacts=()
    dlls=()
fi

dotnet build src/Beacon.Web -c Release "${artifacts[@]}"
dotnet build bench/Beacon.Bench.Baseline -c Release "${artifacts[@]}"
dotnet run -c Release --project bench/Beacon.Bench "${artifacts[@]}" -- "${dlls[@]}" "$@"
