#!/usr/bin/env bash
# Builds multiwan and shows what it does. Installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
dotnet build src/Multiwan/Multiwan.csproj -c Release --nologo -v quiet -clp:ErrorsOnly
mw() { dotnet src/Multiwan/bin/Release/net10.0/multiwan.dll "$@"; }
echo "+ multiwan check --config examples/balanced.yaml"
mw check --config examples/balanced.yaml
echo "+ multiwan plan --config examples/balanced.yaml"
mw plan --config examples/balanced.yaml
