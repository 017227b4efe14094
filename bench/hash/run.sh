#!/usr/bin/env bash
# Hashing: `slipway-cli inspect` of a 2 GB OBB (MD5 + SHA-256 from one read, each digest on its own thread, no
# zip parsing) against `md5sum` alone, interleaved A B A B, medians. Goal: ratio <= 1.1.
#   bench/hash/run.sh              # 2048 MB, 5 pairs, Release build in build/release
#   BENCH_SIZE_MB=512 PAIRS=7 bench/hash/run.sh
set -euo pipefail
source "$(dirname "$0")/../common.sh"
release_build slipway-cli
cli=$build/bin/slipway-cli
work=$(mktemp -d /tmp/slipway-bench.XXXXXX); trap 'rm -rf "$work"' EXIT
big="$work/main.1.com.example.bench.obb"
head -c "$((${BENCH_SIZE_MB:-2048} * 1024 * 1024))" /dev/urandom > "$big"
cat "$big" > /dev/null
echo "== hashing $(du -h "$big" | cut -f1) ($(date -u +%Y-%m-%d), $(nproc) cores, $pairs pairs)"
interleave "slipway-cli inspect (MD5+SHA-256) vs md5sum" "'$cli' inspect '$big'" "md5sum '$big'"
interleave "slipway-cli inspect vs md5sum && sha256sum" "'$cli' inspect '$big'" "md5sum '$big' && sha256sum '$big'"
