#!/usr/bin/env bash
# Installs the Debian packages multiwan's tests, lab and demo use. Idempotent: installs only what is missing.
set -euo pipefail
need=()
command -v nft >/dev/null 2>&1 || need+=(nftables)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v conntrack >/dev/null 2>&1 || need+=(conntrack)
command -v ping >/dev/null 2>&1 || need+=(iputils-ping)
command -v iperf3 >/dev/null 2>&1 || need+=(iperf3)
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)   # the unit file test runs systemd-analyze verify
command -v setpriv >/dev/null 2>&1 || need+=(util-linux)     # the control-socket test runs the CLI as uid 65534
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "deps: need root to install: ${need[*]}" >&2
    exit 1
  fi
  echo "deps: installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
