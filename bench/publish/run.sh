#!/usr/bin/env bash
# Publishing 1 GB to the Local library (`slipway-cli publish`: inspect with MD5 + SHA-256, copy, hash the copy
# once and check it against the inspection's digests) against `cp` + `sha256sum` of the copy, interleaved A B A B,
# medians, each run into an empty library / target. Goal: ratio <= 1.3.
#   bench/publish/run.sh           # 1024 MB, 5 pairs, Release build in build/release
set -euo pipefail
source "$(dirname "$0")/../common.sh"
release_build slipway-cli
cli=$build/bin/slipway-cli
work=$(mktemp -d /tmp/slipway-bench.XXXXXX); trap 'rm -rf "$work"' EXIT
src="$work/main.7.com.example.bench.obb"
head -c "$((${BENCH_SIZE_MB:-1024} * 1024 * 1024))" /dev/urandom > "$src"
cat "$src" > /dev/null
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data SLIPWAY_LIBRARY=$work/library
echo "== publish $(du -h "$src" | cut -f1) ($(date -u +%Y-%m-%d), $(nproc) cores, $pairs pairs)"
interleave "slipway-cli publish (local) vs cp + sha256sum" \
    "'$cli' publish '$src' --notes bench" \
    "cp '$src' '$work/copy.obb' && sync '$work/copy.obb' && sha256sum '$work/copy.obb'" \
    "rm -rf '$work/library' '$work/data' '$work/copy.obb'"
