#!/usr/bin/env bash
# Installs the Debian packages multiwan's tests, lab and demo use. Idempotent: installs only what is missing.
set -euo pipefail
need=()
command -v nft >/dev/null 2>&1 || need+=(nftables)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v conntrack >/dev/null 2>&1 || need+=(conntrack)
command -v iptables-translate >/dev/null 2>&1 || need+=(iptables)   # balance/firewall iptables lines -> nft snippets
command -v ping >/dev/null 2>&1 || need+=(iputils-ping)
command -v iperf3 >/dev/null 2>&1 || need+=(iperf3)
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)   # the unit file test runs systemd-analyze verify
command -v setpriv >/dev/null 2>&1 || need+=(util-linux)     # the control-socket test runs the CLI as uid 65534
# Native AOT and the Debian packages (packaging/build-deb.sh, the package tests): the native linker for linux-x64,
# the arm64 cross link (clang --target=aarch64-linux-gnu, lld, the Debian cross libc), qemu for the arm64 binary.
command -v clang >/dev/null 2>&1 || need+=(clang)
command -v ld.lld >/dev/null 2>&1 || need+=(lld)
command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || need+=(gcc-aarch64-linux-gnu)
[ -e /usr/aarch64-linux-gnu/lib/libc.so ] || need+=(libc6-dev-arm64-cross)
[ -e /usr/include/zlib.h ] || need+=(zlib1g-dev)
command -v cc >/dev/null 2>&1 || need+=(gcc)
[ -e /usr/include/seccomp.h ] || need+=(libseccomp-dev)   # the test that runs the daemon under the unit's system call filter
command -v dpkg-deb >/dev/null 2>&1 || need+=(dpkg)
command -v lintian >/dev/null 2>&1 || need+=(lintian)
command -v qemu-aarch64-static >/dev/null 2>&1 || need+=(qemu-user-static)
command -v readelf >/dev/null 2>&1 || need+=(binutils)
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "deps: need root to install: ${need[*]}" >&2
    exit 1
  fi
  echo "deps: installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
