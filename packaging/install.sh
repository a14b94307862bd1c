#!/usr/bin/env bash
# Installs multiwan from this repository:
#   binary   $PREFIX/lib/multiwan/ (framework-dependent publish) and the $PREFIX/sbin/multiwan wrapper
#   unit     /etc/systemd/system/multiwan.service
#   config   /etc/multiwan/multiwan.yaml (from examples/balanced.yaml, only when absent; never overwritten)
#   hooks    /etc/multiwan/hooks/{up,down,long_down,connecting,disconnecting,degraded}.d, 0755 root
#   state    /var/lib/multiwan, 0755 root
# Usage: sudo packaging/install.sh            (PREFIX=/usr/local by default)
#        DESTDIR=/tmp/stage packaging/install.sh   (stage into a directory; no systemctl)
#        MULTIWAN_PUBLISHED=DIR packaging/install.sh (install an existing `dotnet publish` output)
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX=${PREFIX:-/usr/local}
DESTDIR=${DESTDIR:-}
if [ -z "$DESTDIR" ] && [ "$(id -u)" != 0 ]; then
  echo "install.sh: run as root (or set DESTDIR to stage the files)" >&2
  exit 1
fi

dotnet=$(readlink -f "$(command -v dotnet)") || { echo "install.sh: dotnet not found in PATH" >&2; exit 1; }
published=${MULTIWAN_PUBLISHED:-}
if [ -z "$published" ]; then
  published=$(mktemp -d)
  trap 'rm -rf "$published"' EXIT
  echo "[#] dotnet publish src/Multiwan -c Release -o $published"
  dotnet publish src/Multiwan/Multiwan.csproj -c Release -o "$published" --nologo -v quiet
fi
[ -f "$published/multiwan.dll" ] || { echo "install.sh: $published/multiwan.dll missing" >&2; exit 1; }

lib="$DESTDIR$PREFIX/lib/multiwan"
echo "[#] install $lib"
rm -rf "$lib.new"
install -d -m 0755 "$lib.new"
cp -R "$published/." "$lib.new/"
chmod -R u=rwX,go=rX "$lib.new"
rm -rf "$lib"
mv "$lib.new" "$lib"

echo "[#] install $DESTDIR$PREFIX/sbin/multiwan"
install -d -m 0755 "$DESTDIR$PREFIX/sbin"
cat > "$DESTDIR$PREFIX/sbin/multiwan" <<WRAPPER
#!/bin/sh
exec $dotnet $PREFIX/lib/multiwan/multiwan.dll "\$@"
WRAPPER
chmod 0755 "$DESTDIR$PREFIX/sbin/multiwan"

echo "[#] install $DESTDIR/etc/systemd/system/multiwan.service"
install -d -m 0755 "$DESTDIR/etc/systemd/system"
sed "s#/usr/local/sbin/multiwan#$PREFIX/sbin/multiwan#g" packaging/multiwan.service > "$DESTDIR/etc/systemd/system/multiwan.service"
chmod 0644 "$DESTDIR/etc/systemd/system/multiwan.service"

install -d -m 0755 "$DESTDIR/etc/multiwan"
if [ ! -e "$DESTDIR/etc/multiwan/multiwan.yaml" ]; then
  echo "[#] install $DESTDIR/etc/multiwan/multiwan.yaml (from examples/balanced.yaml: edit it)"
  install -m 0644 examples/balanced.yaml "$DESTDIR/etc/multiwan/multiwan.yaml"
else
  echo "[#] keep $DESTDIR/etc/multiwan/multiwan.yaml"
fi

for event in up down long_down connecting disconnecting degraded; do
  install -d -m 0755 "$DESTDIR/etc/multiwan/hooks/$event.d"
done
install -d -m 0755 "$DESTDIR/var/lib/multiwan"

if [ -z "$DESTDIR" ] && [ "$(id -u)" = 0 ]; then
  chown -R root:root "$lib" "$PREFIX/sbin/multiwan" /etc/multiwan/hooks
  if [ -d /run/systemd/system ]; then
    echo "[#] systemctl daemon-reload"
    systemctl daemon-reload
  fi
fi

echo "installed. Next: edit /etc/multiwan/multiwan.yaml, run 'multiwan check', then 'systemctl enable --now multiwan'."
