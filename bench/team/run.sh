#!/usr/bin/env bash
# Team library benchmark: starts a throwaway PostgreSQL (initdb + pg_ctl in a temporary folder, as "nobody" when
# run as root), then measures with bench/team/benchteam.cpp (TeamLibrary, one process per operation):
#   - the catalog at scale: 100,000 versions across 500 apps (one app with 5,000), listing that app and all apps;
#   - publish latency of a small (1 MB) version;
#   - publish and download of a large artifact (BENCH_SIZE_MB, default 2048) against psql's \lo_import and
#     \lo_export on the same server, interleaved A B A B (BENCH_PAIRS or PAIRS pairs, default 5), medians and ratios;
#   - peak RSS of the Slipway side (flat: the artifact is streamed in 256 KiB chunks).
#
#   nice -n -10 bench/team/run.sh                      # Release build in build/release (bench/common.sh)
#   BENCH_SIZE_MB=256 SLIPWAY_BUILD_DIR=build/ci bench/team/run.sh
set -euo pipefail
# shellcheck source=bench/common.sh
source "$(dirname "$0")/../common.sh"
size_mb=${BENCH_SIZE_MB:-2048}
pairs=${BENCH_PAIRS:-$pairs}
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$pgbin/initdb" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }

release_build benchteam slipway-cli
bench="$build/bench/benchteam"
cli="$build/bin/slipway-cli"

work=$(mktemp -d /tmp/slipway-pgbench.XXXXXX)
as_server=()
if [ "$(id -u)" = 0 ]; then as_server=(runuser -u nobody --); chown nobody "$work"; fi
cleanup() {
    "${as_server[@]}" "$pgbin/pg_ctl" -D "$work/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${as_server[@]}" "$pgbin/initdb" -D "$work/data" -U postgres -A trust -E UTF8 --locale=C >/dev/null
# Durable settings (fsync on): the numbers are what a real server does, not a test server's shortcuts. Dynamic
# shared memory in the data folder (mmap), not /dev/shm: on a machine where other programs run PostgreSQL as
# "nobody" too, their clean-up removed this server's /dev/shm segment mid-run ("could not open shared memory
# segment") and the run died after its first pair.
"${as_server[@]}" "$pgbin/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
    -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c shared_buffers=256MB -c dynamic_shared_memory_type=mmap" \
    start >/dev/null
psql=("$pgbin/psql" -h "$work" -p "$port" -U postgres -X -q -A -t -v ON_ERROR_STOP=1)
"${psql[@]}" -d postgres -c "CREATE DATABASE slipway"
url="postgresql://postgres@127.0.0.1:$port/slipway?sslmode=disable"
"$bench" init "$url"

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "== Catalog: 100,000 versions across 500 apps"
head -c 1048576 /dev/urandom > "$work/small.bin"
"$bench" publish "$url" "$work/small.bin" com.bench.seed 1 >/dev/null
sha=$("${psql[@]}" -d slipway -c "SELECT sha256 FROM slipway_artifacts LIMIT 1")
t0=$(now)
"${psql[@]}" -d slipway <<SQL
INSERT INTO slipway_apps (id, name) SELECT 'com.bench.app' || i, 'App ' || i FROM generate_series(1, 498) i;
INSERT INTO slipway_apps (id, name) VALUES ('com.bench.big', 'Big app');
INSERT INTO slipway_versions (app_id, version_name, version_code, notes, publisher, created)
    SELECT 'com.bench.big', '1.0.' || i, i::text, 'Release notes of build ' || i, 'bench', now() - i * interval '1 minute'
    FROM generate_series(1, 5000) i;
INSERT INTO slipway_versions (app_id, version_name, version_code, notes, publisher, created)
    SELECT 'com.bench.app' || (1 + i % 498), '2.0.' || i, i::text, 'Release notes of build ' || i, 'bench',
        now() - i * interval '1 minute'
    FROM generate_series(1, 94999) i;
INSERT INTO slipway_files (version_id, position, file_name, kind, sha256)
    SELECT v.id, 0, 'app-' || v.version_code || '.apk', 'apk', '$sha' FROM slipway_versions v
    WHERE NOT EXISTS (SELECT 1 FROM slipway_files f WHERE f.version_id = v.id);
ANALYZE;
SQL
echo "seeded $("${psql[@]}" -d slipway -c "SELECT count(*) FROM slipway_versions") versions in" \
    "$("${psql[@]}" -d slipway -c "SELECT count(*) FROM slipway_apps") apps ($(echo "$(now) - $t0" | bc) s)"
for op in "versions $url com.bench.big" "apps $url"; do
    out=$(for _ in 1 2 3 4 5; do $bench $op; done)
    echo "$(echo "$out" | head -1 | cut -d' ' -f1) (${op%% *} of $(echo "$out" | head -1 | cut -d' ' -f4) items):" \
        "median $(echo "$out" | cut -d' ' -f2 | median) s over 5 runs, peak RSS $(echo "$out" | cut -d' ' -f3 | sort -n | tail -1) KB"
done

# The "All accounts" view of the big app (what the QA browser and `versions APP --all-accounts` show): every account
# is asked for its apps, the one with the package id lists its 5,000 versions, and the rows are merged — here the
# team account next to an empty Local library, through slipway-cli in a private keyring session (the account's
# password, none here, is read from the keychain as the window does). Peak RSS from GNU time.
export XDG_CONFIG_HOME="$work/cli-config" XDG_DATA_HOME="$work/cli-data" SLIPWAY_LIBRARY="$work/cli-library"
all=$("$root/tests/with-keyring.sh" bash -c '
    "$1" accounts add team --name team --set "url=$2" --set sslmode=disable >/dev/null || exit 1
    for _ in 1 2 3 4 5; do
        /usr/bin/time -q -f "%e %M" -o "$3/time.txt" "$1" versions com.bench.big --all-accounts --json > "$3/all.json"
        echo "$(cat "$3/time.txt") $(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$3/all.json")"
    done' _ "$cli" "$url" "$work" 2>/dev/null | grep -E '^[0-9.]+ [0-9]+ [0-9]+$')
echo "all accounts (versions com.bench.big --all-accounts --json, $(echo "$all" | head -1 | cut -d' ' -f3) rows):" \
    "median $(echo "$all" | cut -d' ' -f1 | median) s over 5 runs, peak RSS $(echo "$all" | cut -d' ' -f2 | sort -n | tail -1) KB"
unset XDG_CONFIG_HOME XDG_DATA_HOME SLIPWAY_LIBRARY

echo "== Publish latency (1 MB, new bytes each time, 5 runs)"
out=$(for i in 1 2 3 4 5; do printf '%08d' "$i" | dd of="$work/small.bin" conv=notrunc status=none
    $bench publish "$url" "$work/small.bin" com.bench.latency "$i"; done)
echo "median $(echo "$out" | cut -d' ' -f2 | median) s"

echo "== Large artifact: $size_mb MB, $pairs interleaved pairs (A = Slipway, B = psql \\lo_import / \\lo_export)"
head -c $((size_mb * 1048576)) /dev/urandom > "$work/big.bin"
pa=() pb=() da=() db=() rss=0
for i in $(seq "$pairs"); do
    # New bytes each round, or the team library would share the artifact instead of storing it again.
    printf '%08d' "$i" | dd of="$work/big.bin" conv=notrunc status=none
    line=$($bench publish "$url" "$work/big.bin" com.bench.large "$i")
    pa+=("$(echo "$line" | cut -d' ' -f2)"); id=$(echo "$line" | cut -d' ' -f4)
    rss=$(( $(echo "$line" | cut -d' ' -f3) > rss ? $(echo "$line" | cut -d' ' -f3) : rss ))
    t0=$(now)
    oid=$(printf '%s\n' "\\lo_import '$work/big.bin'" 'SELECT :LASTOID;' | "${psql[@]}" -d slipway)
    pb+=("$(echo "$(now) - $t0" | bc)")
    line=$($bench download "$url" com.bench.large "$id" "$work/out-a.bin")
    da+=("$(echo "$line" | cut -d' ' -f2)")
    rss=$(( $(echo "$line" | cut -d' ' -f3) > rss ? $(echo "$line" | cut -d' ' -f3) : rss ))
    t0=$(now); "${psql[@]}" -d slipway -c "\\lo_export $oid '$work/out-b.bin'" >/dev/null; db+=("$(echo "$(now) - $t0" | bc)")
    cmp -s "$work/out-a.bin" "$work/big.bin" || { echo "download differs from the published file" >&2; exit 1; }
    "${psql[@]}" -d slipway -c "SELECT lo_unlink($oid)" >/dev/null
    "${psql[@]}" -d slipway -c "WITH v AS (DELETE FROM slipway_versions WHERE id = $id RETURNING id) SELECT 1" >/dev/null
    "${psql[@]}" -d slipway -c "WITH a AS (DELETE FROM slipway_artifacts a WHERE NOT EXISTS (SELECT 1 FROM slipway_files f WHERE f.sha256 = a.sha256) RETURNING location) SELECT lo_unlink(substr(location, 4)::oid) FROM a" >/dev/null
    rm -f "$work/out-a.bin" "$work/out-b.bin"
    echo "pair $i: publish A ${pa[-1]} s, B ${pb[-1]} s; download A ${da[-1]} s, B ${db[-1]} s"
done
mpa=$(printf '%s\n' "${pa[@]}" | median); mpb=$(printf '%s\n' "${pb[@]}" | median)
mda=$(printf '%s\n' "${da[@]}" | median); mdb=$(printf '%s\n' "${db[@]}" | median)
echo "publish:  Slipway median $mpa s ($(echo "$size_mb / $mpa" | bc) MB/s), psql \\lo_import median $mpb s" \
    "($(echo "$size_mb / $mpb" | bc) MB/s), ratio Slipway/psql $(echo "scale=2; $mpa / $mpb" | bc)"
echo "download: Slipway median $mda s ($(echo "$size_mb / $mda" | bc) MB/s), psql \\lo_export median $mdb s" \
    "($(echo "$size_mb / $mdb" | bc) MB/s), ratio Slipway/psql $(echo "scale=2; $mda / $mdb" | bc)"
echo "Slipway peak RSS: $rss KB"
