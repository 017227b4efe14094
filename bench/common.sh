# Shared by the benchmark scripts (sourced): a Release build of its own, interleaved A/B timing, medians, ratios.
# Every benchmark runs Slipway (A) and the reference tool (B) alternately, A B A B ..., $PAIRS times (default 5),
# so both see the same page cache and the same background load, and reports the median of each and A/B.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${SLIPWAY_BUILD_DIR:-$root/build/release}
export CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=1
pairs=${PAIRS:-5}

# Configures (once) and builds the given targets in the Release build directory.
release_build() {
    if [ ! -f "$build/build.ninja" ]; then
        cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
    fi
    cmake --build "$build" --target "$@" >/dev/null
}

# Wall time of one run of a command, in milliseconds (its output discarded).
time_ms() {
    local s e
    s=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    e=$(date +%s%N)
    echo $(((e - s) / 1000000))
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# interleave LABEL "A command" "B command" [SETUP]: runs SETUP (if any) before every run, then A and B
# alternately $pairs times; prints "LABEL  A-median ms  B-median ms  ratio".
interleave() {
    local label=$1 a=$2 b=$3 setup=${4:-true} ta=() tb=() i
    for i in $(seq "$pairs"); do
        eval "$setup"
        ta+=("$(time_ms bash -c "$a")")
        eval "$setup"
        tb+=("$(time_ms bash -c "$b")")
    done
    local ma mb
    ma=$(printf '%s\n' "${ta[@]}" | median)
    mb=$(printf '%s\n' "${tb[@]}" | median)
    printf '%-44s %9s ms %9s ms   ratio %s   (A: %s; B: %s)\n' "$label" "$ma" "$mb" \
        "$(awk -v a="$ma" -v b="$mb" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')" "${ta[*]}" "${tb[*]}"
}
