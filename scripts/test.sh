#!/usr/bin/env bash
# Runs the whole test suite (unit tests and real-kernel tests in network namespaces) and ends with
# one line "N passed, N failed, N skipped". Installs what it needs. Run as root for the namespace tests.
#
# Before the tests it publishes multiwan as Native AOT for linux-x64 and linux-arm64 and builds both Debian
# packages (packaging/build-deb.sh, once per architecture). Every test that starts multiwan as a process (the CLI,
# the daemon in the namespace lab, the end-to-end tests) then runs the native binary ($MULTIWAN_BIN), and the
# package tests install, use and purge the amd64 package and run the arm64 binary under qemu ($MULTIWAN_DEB*).
# A failed publish or package build counts as one failed test each; the suite still runs (on the JIT build).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet build multiwan.slnx -c Release --nologo -v quiet -clp:ErrorsOnly || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

ship_failed=0
for arch in amd64 arm64; do
  if deb=$(bash packaging/build-deb.sh "$arch" 2>"$out/ship-$arch.log"); then
    echo "ship: $deb"
    case "$arch" in
      amd64) export MULTIWAN_DEB="$PWD/$deb" MULTIWAN_BIN="$PWD/artifacts/publish/linux-x64/multiwan" ;;
      arm64) export MULTIWAN_DEB_ARM64="$PWD/$deb" ;;
    esac
  else
    echo "ship: FAILED building the $arch package:"; cat "$out/ship-$arch.log"
    ship_failed=$((ship_failed + 1))
  fi
done

dotnet test multiwan.slnx -c Release --no-build --nologo --logger "console;verbosity=normal" \
  --logger "trx" --results-directory "$out" 2>&1 | tee "$out/log.txt" | grep -vE '^\s+Passed ' 
rc=${PIPESTATUS[0]}
[ "$ship_failed" -eq 0 ] || rc=1

# Sum every assembly's TRX counters (awk only: no other interpreter is needed on a fresh machine).
cat "$out"/*.trx 2>/dev/null | grep -o '<Counters [^>]*' | awk -v rc="$rc" -v ship="$ship_failed" '
  { for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"/, "", kv[2]); n[kv[1]] += kv[2] } }
  END {
    failed = n["failed"] + n["error"] + ship
    if (rc != 0 && failed == 0) failed = 1   # a crash or build error without a failed test is never green
    printf "%d passed, %d failed, %d skipped\n", n["passed"], failed, n["notExecuted"]
  }'
exit "$rc"
