#!/usr/bin/env bash
# Builds multiwan and runs `multiwan demo`: a throw-away network-namespace lab (LAN client, router, two ISPs,
# an "internet") where ISP1's upstream dies and comes back while traffic flows. Installs what it needs. Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
dotnet build src/Multiwan/Multiwan.csproj -c Release --nologo -v quiet -clp:ErrorsOnly
if [ "$(id -u)" -ne 0 ]; then
  echo "demo: needs root (network namespaces); run: sudo bash scripts/demo.sh" >&2
  exit 1
fi
exec dotnet src/Multiwan/bin/Release/net10.0/multiwan.dll demo
