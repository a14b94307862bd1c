#!/usr/bin/env bash
# Builds the Debian packages artifacts/deb/multiwan_<version>_{amd64,arm64}.deb with dpkg-deb from one Native AOT
# publish of src/Multiwan per architecture (linux-x64; linux-arm64 cross-linked with clang and lld against the
# Debian arm64 cross sysroot /usr/aarch64-linux-gnu). Trim and AOT warnings are errors (Multiwan.csproj).
#
#   bash packaging/build-deb.sh                 both architectures
#   bash packaging/build-deb.sh amd64           one
#   MULTIWAN_PUBLISHED=DIR bash packaging/...   package DIR/linux-x64/multiwan, DIR/linux-arm64/multiwan (no publish)
#
# Prints one line per package: its path. The package installs /usr/sbin/multiwan, the systemd unit (neither enabled
# nor started), /etc/multiwan/multiwan.yaml (a conffile, examples/balanced.yaml), the hook directories,
# /var/lib/multiwan, multiwan(8), bash completion; purge removes all of it and what the daemon wrote there.
set -euo pipefail
cd "$(dirname "$0")/.."
arches=("$@")
[ ${#arches[@]} -gt 0 ] || arches=(amd64 arm64)
out=artifacts/deb
published=${MULTIWAN_PUBLISHED:-artifacts/publish}
version=$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' Directory.Build.props)
[ -n "$version" ] || { echo "build-deb: no <VersionPrefix> in Directory.Build.props" >&2; exit 1; }
# Reproducible timestamps: the commit's time (dpkg-deb and gzip -n honour it).
SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || date +%s)
export SOURCE_DATE_EPOCH
# What the daemon needs besides libc (Depends): libnftables, loaded at run time by LibraryImport (readelf cannot see
# it), and iproute2 (demo's lab, the ip commands plan prints, hooks). nftables (the nft tool: demo's ISP namespaces,
# operators) is recommended; conntrack-tools is only for operators. See docs/DAEMON.md "Packaging".
tools="libnftables1, iproute2"

rid_of() { case "$1" in amd64) echo linux-x64 ;; arm64) echo linux-arm64 ;; *) echo "build-deb: unknown architecture $1" >&2; return 1 ;; esac; }

publish() {
  local rid=$1 extra=()
  # Cross link for arm64: clang --target=aarch64-linux-gnu (set by the ILCompiler targets) finds the Debian cross
  # toolchain (gcc-aarch64-linux-gnu, libc6-dev-arm64-cross) by itself; no --sysroot, whose libc.so linker script names
  # absolute paths lld would look for inside the sysroot. lld links; binutils' cross objcopy strips.
  [ "$rid" = linux-arm64 ] && extra=(-p:CppCompilerAndLinker=clang -p:LinkerFlavor=lld -p:ObjCopyName=aarch64-linux-gnu-objcopy)
  echo "[#] dotnet publish src/Multiwan -c Release -r $rid -o $published/$rid ${extra[*]}" >&2
  dotnet publish src/Multiwan/Multiwan.csproj -c Release -r "$rid" -o "$published/$rid" --nologo -v quiet -clp:ErrorsOnly "${extra[@]}" >&2
}

for arch in "${arches[@]}"; do
  rid=$(rid_of "$arch")
  [ -n "${MULTIWAN_PUBLISHED:-}" ] || publish "$rid"
  binary="$published/$rid/multiwan"
  [ -x "$binary" ] || { echo "build-deb: $binary missing" >&2; exit 1; }

  stage="$out/stage-$arch"
  rm -rf "$stage"
  install -d -m 0755 "$stage/DEBIAN" "$stage/usr/sbin" "$stage/lib/systemd/system" "$stage/etc/multiwan/hooks" \
    "$stage/var/lib/multiwan" "$stage/usr/share/man/man8" "$stage/usr/share/bash-completion/completions" "$stage/usr/share/doc/multiwan"
  install -m 0755 "$binary" "$stage/usr/sbin/multiwan"
  install -m 0644 packaging/multiwan.service "$stage/lib/systemd/system/multiwan.service"
  install -m 0644 examples/balanced.yaml "$stage/etc/multiwan/multiwan.yaml"
  for event in up down long_down connecting disconnecting degraded; do
    install -d -m 0755 "$stage/etc/multiwan/hooks/$event.d"
  done
  gzip -9n < packaging/multiwan.8 > "$stage/usr/share/man/man8/multiwan.8.gz"
  install -m 0644 packaging/multiwan.bash-completion "$stage/usr/share/bash-completion/completions/multiwan"
  install -m 0644 packaging/debian/copyright "$stage/usr/share/doc/multiwan/copyright"
  install -m 0644 README.md "$stage/usr/share/doc/multiwan/README.md"
  {
    printf 'multiwan (%s) unstable; urgency=medium\n\n' "$version"
    printf '  * Native build %s.\n\n' "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    printf ' -- multiwan maintainers <multiwan@example.org>  %s\n' "$(date -u -R -d "@$SOURCE_DATE_EPOCH")"
  } | gzip -9n > "$stage/usr/share/doc/multiwan/changelog.gz"
  chmod 0644 "$stage/usr/share/man/man8/multiwan.8.gz" "$stage/usr/share/doc/multiwan/changelog.gz"

  # libc only (Native AOT links the runtime in): the newest GLIBC symbol version the binary asks for.
  glibc=$(readelf --dyn-syms -W "$binary" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -1)
  size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
  sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" -e "s/@DEPENDS@/libc6 (>= $glibc), $tools/" \
    packaging/debian/control.in > "$stage/DEBIAN/control"
  install -m 0644 packaging/debian/conffiles "$stage/DEBIAN/conffiles"
  install -m 0755 packaging/debian/postinst packaging/debian/postrm "$stage/DEBIAN/"
  (cd "$stage" && find . -path ./DEBIAN -prune -o -type f -printf '%P\n' | grep -v '^etc/' | LC_ALL=C sort | xargs md5sum) > "$stage/DEBIAN/md5sums"
  chmod 0644 "$stage/DEBIAN/md5sums"

  deb="$out/multiwan_${version}_${arch}.deb"
  dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
  rm -rf "$stage"
  echo "$deb"
done
