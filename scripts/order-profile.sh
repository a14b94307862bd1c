#!/usr/bin/env bash
# Regenerates src/Multiwan/multiwan.order, the hot-code-first method order of the native build (IlcOrderFile in
# src/Multiwan/Multiwan.csproj; why: docs/BENCHMARKS.md "Resident memory of the native daemon"), as root:
#
#   bash scripts/order-profile.sh [BINARY]      default artifacts/publish/linux-x64/multiwan (BINARY.dbg next to it)
#
# Runs the benchmark `resources` (3 links x 3 targets, then 16 x 4, in the namespace lab) and `check` on the example
# with the native binary under valgrind's callgrind, which records every instruction executed; nm on the debug file
# names the methods those instructions belong to. Output: the daemon's methods in address order, then those only
# `check` runs. A maintainer's tool, not part of the build or the tests: needs valgrind and python3 (Debian packages
# valgrind, python3-minimal). Rerun it after large code changes; a stale file only costs memory (unknown names are
# ignored, new methods go after the listed ones).
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-artifacts/publish/linux-x64/multiwan}
[ -x "$binary" ] && [ -f "$binary.dbg" ] || { echo "order-profile: need $binary and $binary.dbg (publish first)" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "order-profile: valgrind missing (apt-get install valgrind)" >&2; exit 1; }
work=$(mktemp -d /tmp/multiwan-order.XXXXXX)
trap 'rm -rf "$work"' EXIT
# The copy has no .dbg beside it: valgrind 3.19 cannot read its DWARF 5, and addresses are all this needs.
cp "$binary" "$work/multiwan"
cat > "$work/traced" <<EOF
#!/bin/sh
exec valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file=$work/daemon.%p.out $work/multiwan "\$@"
EOF
chmod 0755 "$work/traced"
echo "[#] MULTIWAN_BIN=(callgrind) bash scripts/bench.sh resources --seconds 20" >&2
# Its exit status says whether the RSS targets were met (under valgrind they are not); the profiles are what counts.
MULTIWAN_BIN="$work/traced" bash scripts/bench.sh resources --seconds 20 >/dev/null || true
compgen -G "$work/daemon.*.out" >/dev/null || { echo "order-profile: the benchmark left no callgrind profile" >&2; exit 1; }
echo "[#] valgrind --tool=callgrind multiwan check --config examples/balanced.yaml" >&2
valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file="$work/check.out" "$work/multiwan" check --config examples/balanced.yaml >/dev/null 2>&1

python3 - "$binary" "$binary.dbg" "$work" > src/Multiwan/multiwan.order <<'EOF'
import bisect, glob, subprocess, sys
binary, dbg, work = sys.argv[1:4]
BASE = 0x108000  # where valgrind loads a position-independent executable; checked below

def executed(paths):
    """Instruction addresses callgrind recorded in the managed code: valgrind does not attribute that section to the
    executable, so they appear under ??? and are absolute (the executable's own C runtime code is not reordered)."""
    found = set()
    for path in paths:
        names, current, pos = {}, None, 0
        for line in open(path, errors='replace'):
            if line.startswith(('ob=', 'cob=')):
                key, _, rest = line.rstrip('\n').partition('=')
                ref, _, name = rest.partition(' ')
                if name:
                    names[ref] = name
                if key == 'ob':
                    current = names.get(ref, ref)
                continue
            first = line.split(' ', 1)[0].strip()
            if not first or first[0] not in '+-*0':
                continue
            if first.startswith('0x'):
                pos = int(first, 16)
            elif first[0] in '+-':
                pos += int(first, 0) if first[1:].startswith('0x') else int(first)
            if current == '???':
                found.add(pos - BASE)
    return found

# The managed methods: symbols inside the __managedcode section.
section = next(l.split() for l in subprocess.run(['readelf', '-SW', binary], capture_output=True, text=True, check=True).stdout.splitlines()
               if ' __managedcode ' in l)
code_start = int(section[section.index('__managedcode') + 2], 16)
code_end = code_start + int(section[section.index('__managedcode') + 4], 16)
symbols = sorted((int(a, 16), int(s, 16), n) for a, s, t, n in
                 (l.split() for l in subprocess.run(['nm', '-S', '--defined-only', dbg], capture_output=True, text=True, check=True).stdout.splitlines()
                  if len(l.split()) == 4) if t in 'tT' and int(s, 16) > 0 and code_start <= int(a, 16) < code_end)
starts = [s[0] for s in symbols]

def methods(addresses):
    hit, outside = {}, 0
    for a in addresses:
        i = bisect.bisect_right(starts, a) - 1
        if i >= 0 and a < symbols[i][0] + symbols[i][1]:
            hit[symbols[i][0]] = symbols[i][2]
        else:
            outside += 1
    if outside > len(addresses) / 2:
        sys.exit(f'order-profile: {outside} of {len(addresses)} executed addresses lie outside every method: valgrind did not load the binary at {BASE:#x}')
    return [hit[a] for a in sorted(hit)]

hot = methods(executed(glob.glob(f'{work}/daemon.*.out')))
seen = set(hot)
check = [m for m in methods(executed([f'{work}/check.out'])) if m not in seen]
sys.stderr.write(f'order-profile: {len(hot)} methods in the daemon, {len(check)} more in check\n')
print('\n'.join(hot + check))
EOF
