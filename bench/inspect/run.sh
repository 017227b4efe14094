#!/usr/bin/env bash
# Inspection speed against the reference tools, interleaved A B A B ($PAIRS pairs, default 5), medians, ratios, on
# the five largest APKs of ../shared/corpus:
#  1. metadata: `slipway-cli inspect --no-hash --no-verify` vs `aapt dump badging` (neither verifies a signature);
#  2. verification: `slipway-cli inspect --no-hash` (metadata and every signature scheme verified) vs
#     `apksigner verify` (verification only);
#  3. start-up: `slipway-cli --version` vs `aapt version`;
#  4. the floor: bench/startup's benchfloor, which loads the front end's libraries and returns, vs
#     `aapt dump badging`: what the fixed libraries (Qt 6, libzip and the libcrypto it links) cost before Slipway's
#     own code runs.
# Hashing has its own benchmark (bench/hash/run.sh).
#   bench/inspect/run.sh           # Release build in build/release
set -euo pipefail
source "$(dirname "$0")/../common.sh"
release_build slipway-cli benchfloor
cli=$build/bin/slipway-cli
floor=$build/bench/benchfloor
corpus=${SLIPWAY_SHARED_DIR:-$root/../shared}/corpus
[ -d "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 1; }
command -v aapt >/dev/null || { echo "aapt missing: scripts/install-deps installs it" >&2; exit 1; }

apks=$(ls -S "$corpus"/*.apk | head -n 5)
echo "== metadata ($(date -u +%Y-%m-%d), $(nproc) cores, $pairs pairs; A = slipway-cli inspect --no-hash --no-verify, B = aapt dump badging)"
for apk in $apks; do
    interleave "$(basename "$apk") ($(du -h "$apk" | cut -f1))" \
        "'$cli' inspect --no-hash --no-verify '$apk'" "aapt dump badging '$apk'"
done
if command -v apksigner >/dev/null; then
    echo "== verification (A = slipway-cli inspect --no-hash, B = apksigner verify)"
    for apk in $apks; do
        interleave "$(basename "$apk") ($(du -h "$apk" | cut -f1))" \
            "'$cli' inspect --no-hash '$apk'" "apksigner verify '$apk'"
    done
else
    echo "== verification: apksigner missing (scripts/install-deps installs it)"
fi
echo "== start-up"
interleave "slipway-cli --version vs aapt version" "'$cli' --version" "aapt version"
echo "== floor (A = benchfloor: the front end's libraries loaded, nothing done; B = aapt dump badging)"
for apk in $apks; do
    interleave "$(basename "$apk") ($(du -h "$apk" | cut -f1))" "'$floor'" "aapt dump badging '$apk'"
done
