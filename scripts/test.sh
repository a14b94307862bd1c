#!/usr/bin/env bash
# Runs the whole test suite (unit tests and real-kernel tests in network namespaces) and ends with
# one line "N passed, N failed, N skipped". Installs what it needs. Run as root for the namespace tests.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet build multiwan.slnx -c Release --nologo -v quiet -clp:ErrorsOnly || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
dotnet test multiwan.slnx -c Release --no-build --nologo --logger "console;verbosity=normal" \
  --logger "trx" --results-directory "$out" 2>&1 | tee "$out/log.txt" | grep -vE '^\s+Passed ' 
rc=${PIPESTATUS[0]}

# Sum every assembly's TRX counters (awk only: no other interpreter is needed on a fresh machine).
cat "$out"/*.trx 2>/dev/null | grep -o '<Counters [^>]*' | awk -v rc="$rc" '
  { for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"/, "", kv[2]); n[kv[1]] += kv[2] } }
  END {
    failed = n["failed"] + n["error"]
    if (rc != 0 && failed == 0) failed = 1   # a crash or build error without a failed test is never green
    printf "%d passed, %d failed, %d skipped\n", n["passed"], failed, n["notExecuted"]
  }'
exit "$rc"
