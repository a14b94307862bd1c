#!/usr/bin/env bash
# Builds and runs one benchmark in the namespace lab (as root): bash scripts/bench.sh NAME [OPTIONS]
# Names: split, apply-latency, throughput, netlink, outage-upstream, outage-carrier, recovery, renumber, false-alarms, resources, select-best.
# Each prints JSON and a summary table; see docs/BENCHMARKS.md. Never part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
dotnet build bench/Multiwan.Bench/Multiwan.Bench.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >&2
exec dotnet bench/Multiwan.Bench/bin/Release/net10.0/Multiwan.Bench.dll "$@"
