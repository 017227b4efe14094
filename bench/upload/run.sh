#!/usr/bin/env bash
# Upload benchmark: starts nginx on loopback with a location that reads and discards any request body, creates a
# large file (2 GB by default), uploads it as multipart/form-data with Slipway's HttpClient (bench/upload/
# benchupload.cpp) and with `curl -F`, and prints both throughputs and Slipway's peak RSS (limit: 150 MB).
#
# Then both clients run interleaved (A B A B, $PAIRS pairs, default 5) and the medians and their ratio are printed.
#   bench/upload/run.sh                      # 2048 MB of random data, Release build in build/release
#   BENCH_SIZE_MB=512 BENCH_SPARSE=1 PAIRS=7 bench/upload/run.sh
#   SLIPWAY_BUILD_DIR=build/ci bench/upload/run.sh
set -euo pipefail
source "$(dirname "$0")/../common.sh"
size_mb=${BENCH_SIZE_MB:-2048}
rss_limit_kb=$((150 * 1024))
release_build benchupload
bench="$build/bench/benchupload"

work=$(mktemp -d /tmp/slipway-bench.XXXXXX)
nginx_pid=""
cleanup() {
    if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
        kill "$nginx_pid"
        for _ in $(seq 50); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
user_line=""
if [ "$(id -u)" = 0 ]; then user_line="user root;"; fi
mkdir -p "$work/tmp"
# /upload: nginx reads the whole body (request buffering on, spooled to a temp file that is deleted), then the
# proxy to a closed port fails and error_page turns that into 204. So the answer comes only after the last byte,
# and the body is discarded.
cat > "$work/nginx.conf" <<CONF
$user_line
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/error.log crit;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $work/tmp;
    proxy_temp_path $work/tmp;
    fastcgi_temp_path $work/tmp;
    uwsgi_temp_path $work/tmp;
    scgi_temp_path $work/tmp;
    server {
        listen 127.0.0.1:$port;
        client_max_body_size 0;
        client_body_buffer_size 1m;
        location = /health { return 204; }
        location /upload {
            proxy_pass http://127.0.0.1:9;
            proxy_connect_timeout 1s;
            error_page 502 504 = @discarded;
        }
        location @discarded { return 204; }
    }
}
CONF
nginx -p "$work" -c "$work/nginx.conf" &
nginx_pid=$!
for _ in $(seq 100); do
    if curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health" 2>/dev/null | grep -q 204; then break; fi
    sleep 0.1
done
curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health" | grep -q 204 || { echo "nginx did not start" >&2; cat "$work/error.log" >&2; exit 1; }

file="$work/upload.bin"
if [ "${BENCH_SPARSE:-0}" = 1 ]; then
    truncate -s "${size_mb}M" "$file"
else
    head -c "$((size_mb * 1024 * 1024))" /dev/urandom > "$file"
fi
bytes=$(stat -c %s "$file")
echo "file: $bytes bytes ($( [ "${BENCH_SPARSE:-0}" = 1 ] && echo sparse || echo random)), nginx on 127.0.0.1:$port"

# Warm the page cache so both clients read from memory.
cat "$file" > /dev/null

curl_out=$(curl -sS -o /dev/null -w '%{http_code} %{size_upload} %{time_total} %{speed_upload}' \
    -F "versionName=1.0.0" -F "changelog=benchmark upload" -F "build=@$file;type=application/octet-stream" \
    "http://127.0.0.1:$port/upload")
read -r curl_status curl_sent curl_time curl_speed <<<"$curl_out"

/usr/bin/time -v -o "$work/time.txt" "$bench" "http://127.0.0.1:$port/upload" "$file" > "$work/slipway.txt"
slipway_line=$(cat "$work/slipway.txt")
rss_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$work/time.txt")
slipway_mbps=$(sed -n 's/.*MBps=\([0-9.]*\).*/\1/p' <<<"$slipway_line")
slipway_status=$(sed -n 's/.*status=\([0-9]*\).*/\1/p' <<<"$slipway_line")

printf '\n%-8s %-7s %14s %10s %12s\n' client status bytes seconds MB/s
printf '%-8s %-7s %14s %10.2f %12.1f\n' curl "$curl_status" "$curl_sent" "$curl_time" \
    "$(awk -v s="$curl_speed" 'BEGIN { print s / 1e6 }')"
printf '%-8s %-7s %14s %10s %12s\n' slipway "$slipway_status" \
    "$(sed -n 's/.*bytes=\([0-9]*\).*/\1/p' <<<"$slipway_line")" \
    "$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$slipway_line")" "$slipway_mbps"
echo "slipway peak RSS: $((rss_kb / 1024)) MB (limit 150 MB)"

if [ "$curl_status" != 204 ] || [ "$slipway_status" != 204 ]; then
    echo "FAIL: the server did not accept both uploads" >&2
    exit 1
fi
interleave "slipway upload vs curl -F" \
    "'$bench' 'http://127.0.0.1:$port/upload' '$file'" \
    "curl -sS -o /dev/null -F versionName=1.0.0 -F 'changelog=benchmark upload' -F 'build=@$file;type=application/octet-stream' 'http://127.0.0.1:$port/upload'"
if [ "$rss_kb" -gt "$rss_limit_kb" ]; then
    echo "FAIL: Slipway's peak RSS exceeds 150 MB" >&2
    exit 1
fi
echo "OK"
