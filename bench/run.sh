#!/usr/bin/env bash
# Beacon's benchmarks, each next to a bare minimal API (the baseline) measured in the same run:
#   bench/run.sh [options]          cold start to /health/ready and idle memory (issue 2, acceptance 8)
#   bench/run.sh reports [options]  first reports under an open-loop load with a duty-board hub client, on SQLite
#                                   and PostgreSQL (issue 3, acceptance 7); --burn keeps one core busy beside it, and
#                                   --capacity finds the highest rate with p99 < 100 ms for Beacon and the baseline (issue 13)
#   bench/run.sh feed [options]     the public warnings feed read by concurrent readers (issue 4, acceptance 6)
#   bench/run.sh dissemination [options]  one warning to 1,000,000 recorded recipients (issue 4, acceptance 6)
#                                   and, in the same run, through SMTP and CMPP 2.0 to local far ends (issue 14)
#   bench/run.sh resources [options]  nearest-10 over 1,000,000 resources and stock movements by 16 writers (issue 17, acceptance 6)
#   bench/run.sh map [options]      the map's incident layer over 100,000 incidents by random boxes (SQLite and PostgreSQL),
#                                   and the map page with 10,000 points in headless Chromium (issue 15, acceptance 5)
# Publishes both apps the way a server runs them (Release, ReadyToRun, framework-dependent, linux-x64) into a
# scratch folder first; the benchmark itself builds nothing. Options go to the benchmark (e.g. bench/run.sh
# --runs 10 --timeline, bench/run.sh reports --rate 1200 --duration 30); see docs/benchmarks.md.
#
# BEACON_BENCH_OUT=/tmp/bench bench/run.sh publishes into that folder (default: a new temporary folder);
# BEACON_BENCH_ARTIFACTS=/tmp/bench-art keeps the builds' intermediate files apart from other builds.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${BEACON_BENCH_OUT:-$(mktemp -d -t beacon-bench-XXXXXX)}"
publish=(-c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true)
artifacts=()
if [[ -n "${BEACON_BENCH_ARTIFACTS:-}" ]]; then
    artifacts=(--artifacts-path "$BEACON_BENCH_ARTIFACTS")
fi

mode=()
if [[ "${1:-}" == "reports" || "${1:-}" == "feed" || "${1:-}" == "dissemination" || "${1:-}" == "resources" || "${1:-}" == "map" ]]; then
    mode=("$1")
    shift
fi

dotnet publish src/Beacon.Web "${publish[@]}" "${artifacts[@]}" -o "$out/beacon"
dotnet publish bench/Beacon.Bench.Baseline "${publish[@]}" "${artifacts[@]}" -o "$out/baseline"
dotnet run -c Release "${artifacts[@]}" --project bench/Beacon.Bench -- "${mode[@]}" \
    --beacon "$out/beacon/Beacon.Web.dll" --baseline "$out/baseline/Beacon.Bench.Baseline.dll" "$@"
