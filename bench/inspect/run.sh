#!/usr/bin/env bash
# Inspection speed against aapt, interleaved A B A B ($PAIRS pairs, default 5), medians, ratios:
#  1. metadata: `slipway-cli inspect --no-hash` vs `aapt dump badging` on the five largest APKs of ../shared/corpus
#     (Slipway also verifies the signatures: v2/v3 digests cover the whole file, as `apksigner verify` does);
#  2. start-up: `slipway-cli --version` vs `aapt version`.
# Hashing has its own benchmark (bench/hash/run.sh).
#   bench/inspect/run.sh           # Release build in build/release
set -euo pipefail
source "$(dirname "$0")/../common.sh"
release_build slipway-cli
cli=$build/bin/slipway-cli
corpus=${SLIPWAY_SHARED_DIR:-$root/../shared}/corpus
[ -d "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 1; }
command -v aapt >/dev/null || { echo "aapt missing: scripts/install-deps installs it" >&2; exit 1; }

echo "== metadata ($(date -u +%Y-%m-%d), $(nproc) cores, $pairs pairs; A = slipway-cli, B = aapt)"
for apk in $(ls -S "$corpus"/*.apk | head -n 5); do
    interleave "$(basename "$apk") ($(du -h "$apk" | cut -f1))" \
        "'$cli' inspect --no-hash '$apk'" "aapt dump badging '$apk'"
done
echo "== start-up"
interleave "slipway-cli --version vs aapt version" "'$cli' --version" "aapt version"
