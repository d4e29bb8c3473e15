#!/usr/bin/env bash
# Measures Beacon's cold start to /health/ready and its idle memory next to a bare minimal API (the baseline).
# Publishes both the way a server runs them (Release, ReadyToRun, framework-dependent, linux-x64) into a
# scratch folder first; the benchmark itself builds nothing. Options after the script name go to the
# benchmark (e.g. bench/run.sh --runs 10 --timeline); see docs/benchmarks.md.
#
# BEACON_BENCH_OUT=/tmp/bench bench/run.sh publishes into that folder (default: a new temporary folder).
set -euo pipefail
cd "$(dirname "$0")/.."

out="${BEACON_BENCH_OUT:-$(mktemp -d -t beacon-bench-XXXXXX)}"
publish=(-c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true)

dotnet publish src/Beacon.Web "${publish[@]}" -o "$out/beacon"
dotnet publish bench/Beacon.Bench.Baseline "${publish[@]}" -o "$out/baseline"
dotnet run -c Release --project bench/Beacon.Bench -- \
    --beacon "$out/beacon/Beacon.Web.dll" --baseline "$out/baseline/Beacon.Bench.Baseline.dll" "$@"
