#!/usr/bin/env bash
# Start-up: `slipway-cli --version` against `aapt version`, interleaved A B A B ($PAIRS pairs, default 5), medians,
# ratio; then the shared libraries each one loads (ldd), since dynamic linking is most of a short command's time.
# Also `slipway-cli inspect --no-hash` of the smallest corpus APK against `aapt dump badging` of it (start-up plus
# the least work a real command does). And benchfloor (floor.cpp: the front end's libraries loaded, nothing done)
# against `aapt version`: the share of start-up that the project's fixed libraries take before main(); and
# benchzipfloor (zipfloor.c: libzip alone, no Qt) against `aapt version`, which shows how that share divides.
#   bench/startup/run.sh           # Release build in build/release
set -euo pipefail
source "$(dirname "$0")/../common.sh"
release_build slipway-cli benchfloor benchzipfloor
cli=$build/bin/slipway-cli
floor=$build/bench/benchfloor
zipfloor=$build/bench/benchzipfloor
corpus=${SLIPWAY_SHARED_DIR:-$root/../shared}/corpus
work=$(mktemp -d /tmp/slipway-bench.XXXXXX); trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data
echo "== start-up ($(date -u +%Y-%m-%d), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $pairs pairs)"
# Many short runs per sample, so the millisecond clock resolves them.
runs=${BENCH_RUNS:-20}
interleave "slipway-cli --version vs aapt version (x$runs)" \
    "for i in \$(seq $runs); do '$cli' --version; done" "for i in \$(seq $runs); do aapt version; done"
interleave "benchfloor vs aapt version (x$runs)" \
    "for i in \$(seq $runs); do '$floor'; done" "for i in \$(seq $runs); do aapt version; done"
interleave "benchzipfloor vs aapt version (x$runs)" \
    "for i in \$(seq $runs); do '$zipfloor'; done" "for i in \$(seq $runs); do aapt version; done"
small=$(ls -S "$corpus"/*.apk | tail -1)
interleave "inspect --no-hash vs aapt dump badging (x$runs)" \
    "for i in \$(seq $runs); do '$cli' inspect --no-hash '$small'; done" \
    "for i in \$(seq $runs); do aapt dump badging '$small'; done"
echo "shared libraries loaded: slipway-cli $(ldd "$cli" | wc -l), aapt $(ldd "$(command -v aapt)" | wc -l)"
echo "(smallest APK: $(basename "$small"), $(stat -c %s "$small") bytes)"
