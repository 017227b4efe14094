#!/usr/bin/env bash
# Listing benchmark: fills a Local library with 20,000 and then 50,000 versions of one app THROUGH THE CORE API
# (bench/versions/benchversions fill: LocalLibrary::publish, each version with the stored inspection of a real
# corpus APK), then, for each size:
#  1. `slipway-cli versions APP --json` against `sqlite3 -json` of the same rows with their files and stored
#     inspections, interleaved A B A B ($PAIRS pairs, default 5), medians, ratio (goal: <= 2), and the peak RSS of
#     both (/usr/bin/time -f %M; goal: <= 100 MB, growing linearly);
#  2. the text listing `slipway-cli versions APP` against `sqlite3` of the listed columns only;
#  3. the window's model: bench/versions/benchversions model loads the versions into VersionTableModel through
#     LocalProvider (as the window does), sorts by code, name and date, searches, and prints the times and its
#     peak RSS (goal: < 200 ms to sort and filter, RSS < 150 MB).
# The library lives on tmpfs (/dev/shm) by default, so 50,000 SQLite commits take minutes, not an hour of fsync;
# BENCH_DIR moves it (it is kept between runs and topped up: delete it to start over).
#   bench/versions/run.sh
#   PAIRS=7 BENCH_SIZES="1000 5000" BENCH_DIR=/tmp/versions-bench bench/versions/run.sh
set -euo pipefail
source "$(dirname "$0")/../common.sh"
release_build benchversions slipway-cli
bench=$build/bench/benchversions
cli=$build/bin/slipway-cli
corpus=${SLIPWAY_SHARED_DIR:-$root/../shared}/corpus
# A small, signed APK: each publish copies it (the bytes are stored once), and its inspection is what is stored.
apk=${BENCH_APK:-$corpus/SpeedoMeterApp.main_1.apk}
dir=${BENCH_DIR:-/dev/shm/slipway-bench-versions}
lib=$dir/library
mkdir -p "$dir"
work=$(mktemp -d /tmp/slipway-bench.XXXXXX); trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data

app=$("$cli" inspect "$apk" --no-hash --json | python3 -c 'import json, sys; d = json.load(sys.stdin); print((d[0] if isinstance(d, list) else d)["packageId"])')
echo "== versions listing of $app ($(date -u +%Y-%m-%d), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $pairs pairs, library in $dir)"
for n in ${BENCH_SIZES:-20000 50000}; do
    "$bench" fill "$lib" "$apk" "$n"
    db=$lib/catalog.sqlite
    echo "-- $n versions; catalog $(du -h "$db" | cut -f1)"
    full="SELECT v.id, v.app_id, v.version_name, v.version_code, v.label, v.notes, v.publisher, v.created, v.inspection,
          a.position, a.file_name, a.kind, a.size, a.md5, a.sha256 FROM versions v JOIN artifacts a ON a.version_id = v.id
          WHERE v.app_id = '$app' ORDER BY v.created DESC, v.id DESC, a.position"
    listed="SELECT v.id, v.version_name, v.version_code, v.label, v.notes, v.publisher, v.created, a.file_name, a.size,
            a.md5, a.sha256 FROM versions v JOIN artifacts a ON a.version_id = v.id AND a.position = 0
            WHERE v.app_id = '$app' ORDER BY v.created DESC, v.id DESC"
    # The same rows: one JSON object per version on both sides.
    rows=$("$cli" --library "$lib" versions "$app" --json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
    srows=$(sqlite3 -json "$db" "$listed" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
    echo "rows: slipway-cli $rows, sqlite3 $srows"
    interleave "versions --json vs sqlite3 -json (+inspection)" \
        "'$cli' --library '$lib' versions '$app' --json" "sqlite3 -json '$db' \"$full\""
    interleave "versions (text) vs sqlite3 -json (columns)" \
        "'$cli' --library '$lib' versions '$app'" "sqlite3 -json '$db' \"$listed\""
    rss_cli=$( { /usr/bin/time -f %M "$cli" --library "$lib" versions "$app" --json >/dev/null; } 2>&1 | tail -1)
    rss_sql=$( { /usr/bin/time -f %M sqlite3 -json "$db" "$full" >/dev/null; } 2>&1 | tail -1)
    echo "peak RSS: slipway-cli versions --json $((rss_cli / 1024)) MB; sqlite3 -json $((rss_sql / 1024)) MB"
    for i in $(seq "$pairs"); do "$bench" model "$lib" "$app"; done
done
