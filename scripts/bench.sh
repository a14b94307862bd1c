#!/usr/bin/env bash
# Builds and runs one benchmark in the namespace lab (as root): bash scripts/bench.sh NAME [OPTIONS]
# Names: split, apply-latency, apply-conntrack, throughput, netlink, outage-upstream, outage-carrier, recovery, renumber, false-alarms, resources, cli, select-best.
# MULTIWAN_BIN=PATH runs that native multiwan (e.g. artifacts/publish/linux-x64/multiwan) instead of dotnet multiwan.dll.
# Each prints JSON and a summary table; see docs/BENCHMARKS.md. Never part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
dotnet build bench/Multiwan.Bench/Multiwan.Bench.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >&2
exec dotnet bench/Multiwan.Bench/bin/Release/net10.0/Multiwan.Bench.dll "$@"
