#!/usr/bin/env bash
# Inspection speed, side by side with the reference tools, on this machine:
#  1. metadata: `slipway-cli inspect --no-hash` vs `aapt dump badging` on the largest APKs of ../shared/corpus,
#     plus the same APK grown by a large stored entry (metadata must not depend on file size);
#  2. hashing: `slipway-cli inspect` (MD5 + SHA-256 in one pass) vs `md5sum` and `md5sum && sha256sum` on a 2 GB file.
# Usage: bench/inspect/run.sh [BUILD_DIR]   (default build/ci). Installs aapt if missing. Prints ratios.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build/ci}
cli=$build/bin/slipway-cli
corpus=${SLIPWAY_SHARED_DIR:-$root/../shared}/corpus
runs=${RUNS:-10}
[ -x "$cli" ] || { echo "build first: $cli missing" >&2; exit 1; }
[ -d "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 1; }
if ! command -v aapt >/dev/null || ! command -v zip >/dev/null; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo apt-get install -y -qq aapt zip >/dev/null
fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

# Mean wall time of a command over $runs runs, in milliseconds.
mean_ms() {
    local start end
    start=$(date +%s%N)
    for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1 || true; done
    end=$(date +%s%N)
    echo $(( (end - start) / runs / 1000000 ))
}

echo "== metadata (mean of $runs runs, ms)"
printf '%-52s %10s %10s %8s %8s\n' file size slipway aapt ratio
for apk in $(ls -S "$corpus"/*.apk | head -n 5); do
    s=$(mean_ms "$cli" inspect --no-hash "$apk")
    a=$(mean_ms aapt dump badging "$apk")
    printf '%-52s %10s %10s %8s %8s\n' "$(basename "$apk")" "$(stat -c %s "$apk")" "$s" "$a" \
        "$(awk -v s="$s" -v a="$a" 'BEGIN { printf "%.2f", (a > 0 ? s / a : 0) }')"
done
# The same APK with 1 GB of stored data appended as an extra entry: the central directory grows by one record.
base=$(ls -S "$corpus"/*.apk | head -n 1)
cp "$base" "$work/grown.apk"
head -c 1G /dev/zero > "$work/padding.bin"
(cd "$work" && zip -q -0 grown.apk padding.bin)
s_small=$(mean_ms "$cli" inspect --no-hash "$base")
s_big=$(mean_ms "$cli" inspect --no-hash "$work/grown.apk")
a_big=$(mean_ms aapt dump badging "$work/grown.apk")
echo "size independence: $(basename "$base") ${s_small} ms; +1 GB entry ${s_big} ms (aapt ${a_big} ms)"
rm -f "$work/padding.bin" "$work/grown.apk"

echo "== hashing a 2 GB file (one run each, page cache warm)"
big="$work/main.1.com.example.bench.obb"   # an OBB: hashed without any zip parsing
head -c 2G /dev/urandom > "$big"
cat "$big" > /dev/null
t() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
sw=$(t "$cli" inspect "$big")
m=$(t md5sum "$big")
ms=$(t sh -c "md5sum '$big' && sha256sum '$big'")
echo "slipway-cli inspect (MD5+SHA-256, one pass): ${sw} ms"
echo "md5sum:                                      ${m} ms"
echo "md5sum && sha256sum:                         ${ms} ms"
awk -v s="$sw" -v m="$m" -v b="$ms" 'BEGIN { printf "ratio vs md5sum: %.2f   vs md5sum+sha256sum: %.2f\n", s / m, s / b }'
