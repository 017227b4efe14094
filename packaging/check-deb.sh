#!/usr/bin/env bash
# The packaging check: the .deb installs and runs on a clean Debian 12 system.
#
#  1. Builds the package with cpack in an existing build tree (the suite's own when ctest runs it, so nothing is
#     compiled twice) and checks the files as the .deb installs them: lintian (no errors), desktop-file-validate,
#     appstreamcli validate, the copyright file as DEP-5, the changelog and the manual pages made from --help.
#  2. Makes a fresh Debian 12 root with mmdebstrap (Debian packages only: Essential and apt), installs the .deb there
#     with `apt-get install --no-install-recommends`, which has to resolve every Depends, and runs it: `slipway-cli
#     inspect` on a corpus package, the manual pages against `--version`, and the window offscreen until it shows
#     (a screenshot taken inside the root).
#
# What makes it fast leaves step 2 as strong as before: the base root (Essential and apt, nothing of ours) is cached
# as a tarball keyed by mirror, suite, mmdebstrap version and options, and made again after a week; every run
# unpacks it into a new root on a tmpfs of its own, refreshes the package lists and installs the .deb into it
# afresh. The .debs apt fetched are kept in a pool (and the host's apt cache is looked in too); a file is handed to
# apt only when its SHA-256 is the one the signed lists name, so a warm run downloads no package. lintian runs while
# the root is made.
#
#   packaging/check-deb.sh                 # uses build/ci when configured, else a Release build in build/deb
#   SLIPWAY_DEB_BUILD_DIR=DIR              # any build tree (configured here as Release when it is empty)
#   SLIPWAY_PACKAGING_CACHE=DIR            # base tarball and .deb pool; default ~/.cache/slipway/packaging
#   SLIPWAY_DEBIAN_MIRROR=URL              # default http://deb.debian.org/debian
#
# Results in $build/packaging-check: the .deb, lint.log, inspect.txt, screenshot.png, timings.txt.
# As a ctest test (packaging_deb) it runs only with SLIPWAY_PACKAGING_CHECK=1 and is skipped (exit 77) otherwise.
set -euo pipefail
export LC_ALL=C.UTF-8
suite=bookworm
self=$(readlink -f "$0")

# Seconds since START, one decimal.
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
# Records how long a phase took (timings.txt) and says so.
phase_done() {
    local took
    took=$(since "$2")
    printf '%-44s %7s s\n' "$1" "$took" >>"$timings"
    echo "== $(date -u +%H:%M:%S) $1: $took s${3:+ ($3)}"
}

# ---- Inside mmdebstrap: the customize hook, run outside the chroot with the new root as $1 ----------------------
if [ "${1:-}" = --in-root ]; then
    rootfs=$2
    work=$3
    # shellcheck source=/dev/null
    . "$work/config"
    inroot() { chroot "$rootfs" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/tmp/home "$@"; }
    mkdir -p "$rootfs/tmp/check" "$rootfs/tmp/home"
    cp "$work/slipway.deb" "$work/sample.apk" "$rootfs/tmp/check/"

    t=$EPOCHREALTIME
    inroot apt-get update -q >"$work/apt-update.log"
    phase_done "root: apt-get update" "$t" "$(grep -c '^Get:' "$work/apt-update.log" || true) lists fetched"

    # Hand apt the .debs it would fetch that are here already, each only when its SHA-256 is the one the signed
    # lists name: apt itself checks no more than the size of a file it finds in its archive cache.
    t=$EPOCHREALTIME
    inroot apt-get install -qq --print-uris --no-install-recommends /tmp/check/slipway.deb >"$work/uris"
    sed -n "s/^'[^']*' \([^ ]*\)\.deb .*/\1/p" "$work/uris" >"$work/files"
    # name_version_arch (an epoch's colon written %3a) -> SHA-256 from the lists
    sed 's/_[^_]*$//; s/%3a/:/g; s/_/=/' "$work/files" | xargs -r chroot "$rootfs" apt-cache show |
        awk '/^Package:/ { p = $2 } /^Version:/ { v = $2 } /^Architecture:/ { a = $2 }
             /^SHA256:/ { k = p "_" v "_" a; gsub(":", "%3a", k); print k, $2 }' >"$work/sha256"
    # The first copy of each in the pool or the host's apt cache, all hashed at once.
    while read -r file; do
        for dir in "$pool" /var/cache/apt/archives; do
            [ -f "$dir/$file.deb" ] && { echo "$dir/$file.deb"; break; }
        done
    done <"$work/files" | xargs -r -d '\n' sha256sum >"$work/found"
    awk 'NR == FNR { want[$1] = $2; next }
         { f = $2; sub(/.*\//, "", f); sub(/\.deb$/, "", f)
           if (want[f] == $1) print $2
           else print "check-deb: not using " $2 ": not the SHA-256 the lists name" > "/dev/stderr" }' \
        "$work/sha256" "$work/found" | xargs -r -d '\n' cp -t "$rootfs/var/cache/apt/archives/"
    wanted=$(wc -l <"$work/files")
    seeded=$(find "$rootfs/var/cache/apt/archives" -maxdepth 1 -name '*.deb' | wc -l)
    phase_done "root: .debs from the cache" "$t" "$seeded of $wanted"

    t=$EPOCHREALTIME
    inroot DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        -o Dpkg::Options::=--force-unsafe-io /tmp/check/slipway.deb >"$work/apt-install.log"
    installed=$(grep -o '[0-9]* newly installed' "$work/apt-install.log")
    fetched=$(grep -o 'Need to get [^ ]* [^ ]*' "$work/apt-install.log" || echo 'nothing to get')
    phase_done "root: apt-get install --no-install-recommends" "$t" "$installed; $fetched"
    # Keep what apt fetched for the next run (written under a temporary name, so a reader never sees half a file).
    (
        flock 9
        for f in "$rootfs"/var/cache/apt/archives/*.deb; do
            [ -f "$pool/${f##*/}" ] || { cp "$f" "$pool/.${f##*/}.part" && mv "$pool/.${f##*/}.part" "$pool/${f##*/}"; }
        done
    ) 9>"$cache/lock"
    (cd "$rootfs/var/cache/apt/archives" && ls -- *.deb) >"$work/install-manifest.txt"

    t=$EPOCHREALTIME
    inroot slipway-cli --version >"$work/version.txt"
    inroot slipway-cli inspect /tmp/check/sample.apk >"$work/inspect.txt"
    grep -q 'io.appium.android.apis\|com.example.android.apis' "$work/inspect.txt" ||
        {
            echo "check-deb: slipway-cli inspect did not report the sample's package id:" >&2
            cat "$work/inspect.txt" >&2
            exit 1
        }
    # Every other command runs in /usr/libexec/slipway/slipway-cli-full, which slipway-cli starts (frontmain.cpp).
    inroot slipway-cli --library /tmp/check/library apps --json >"$work/apps.json"
    tr -d ' \n' <"$work/apps.json" | grep -qx '\[\]' ||
        { echo "check-deb: slipway-cli apps did not reach slipway-cli-full:" >&2; cat "$work/apps.json" >&2; exit 1; }
    # The manual pages are there and come from these very programs (help2man puts `--version` into the title line).
    version=$(cut -d' ' -f2 "$work/version.txt")
    for page in slipway slipway-cli; do
        zcat "$rootfs/usr/share/man/man1/$page.1.gz" | grep -qi "^\.TH .*\"$page $version\"" ||
            { echo "check-deb: /usr/share/man/man1/$page.1.gz is missing or not from $page $version" >&2; exit 1; }
    done
    phase_done "root: slipway-cli inspect and apps, manual pages" "$t"

    t=$EPOCHREALTIME
    inroot QT_QPA_PLATFORM=offscreen SLIPWAY_SCREENSHOT=/tmp/check/screenshot.png timeout 120 slipway
    test -s "$rootfs/tmp/check/screenshot.png"
    cp "$rootfs/tmp/check/screenshot.png" "$work/"
    phase_done "root: the window offscreen until it shows" "$t"
    exit 0
fi

# ---- The check -----------------------------------------------------------------------------------------------------
root=$(cd "$(dirname "$self")/.." && pwd)
if [ "${SLIPWAY_CTEST:-0}" = 1 ] && [ "${SLIPWAY_PACKAGING_CHECK:-0}" != 1 ]; then
    echo "packaging check skipped (set SLIPWAY_PACKAGING_CHECK=1 to run it)"
    exit 77
fi
for tool in cpack lintian desktop-file-validate appstreamcli mmdebstrap help2man flock /usr/bin/python3; do
    command -v "$tool" >/dev/null ||
        { echo "check-deb: $tool is missing (scripts/install-deps installs it)" >&2; exit 1; }
done
/usr/bin/python3 -c 'import debian.copyright' 2>/dev/null ||
    { echo "check-deb: python3-debian is missing (scripts/install-deps installs it)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "check-deb: needs root (mmdebstrap --mode=root, chroot)" >&2; exit 1; }
shared=${SLIPWAY_SHARED_DIR:-$root/../shared}
sample="$shared/corpus/ApiDemos-debug.apk"
[ -f "$sample" ] || { echo "check-deb: $sample is missing (the shared reference material)" >&2; exit 1; }

if [ -n "${SLIPWAY_DEB_BUILD_DIR:-}" ]; then
    build=$SLIPWAY_DEB_BUILD_DIR
elif [ -f "$root/build/ci/CMakeCache.txt" ]; then
    build=$root/build/ci
else
    build=$root/build/deb
fi
mirror=${SLIPWAY_DEBIAN_MIRROR:-http://deb.debian.org/debian}
# Each mmdebstrap run (the base root, the root with the package) is stopped after this many seconds.
limit=${SLIPWAY_PACKAGING_STEP_LIMIT:-480}
# ctest runs inside tests/with-keyring.sh, whose HOME is temporary: the cache belongs to the real one.
cache=${SLIPWAY_PACKAGING_CACHE:-${SLIPWAY_REAL_HOME:-${HOME:?}}/.cache/slipway/packaging}
pool=$cache/debs-$suite-$(dpkg --print-architecture)
out=$build/packaging-check
mkdir -p "$pool" "$out"
rm -rf "${out:?}"/*
timings=$out/timings.txt
# The roots live on a tmpfs of their own (dpkg's many small writes and fsyncs cost little there), never in the host's
# /dev/shm: mmdebstrap bind-mounts that into the root, and when it is stopped in a hook its `rm --one-file-system`
# of the root then runs into the host's /dev/shm (same file system) and empties it. A private tmpfs is another file
# system, and it is removed by unmounting, not by rm. Where no tmpfs can be mounted, a directory on disk does.
work=$(mktemp -d "${SLIPWAY_PACKAGING_TMPDIR:-${TMPDIR:-/tmp}}/slipway-deb.XXXXXX")
own_tmpfs=0
if mount -t tmpfs -o mode=0755,size=6g slipway-deb "$work" 2>/dev/null; then
    own_tmpfs=1
fi
pids=()
# A stopped mmdebstrap (the 8-minute limits below) leaves the root's /dev/pts, /dev/shm, /proc and /sys mounted:
# they are unmounted, deepest first, before anything is removed, and nothing is removed across a file system.
cleanup() {
    for pid in "${pids[@]}"; do
        pkill -TERM -P "$pid" 2>/dev/null || true
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    findmnt -rn -o TARGET | grep "^$work/" | sort -r | xargs -r -n1 umount -l || true
    if [ "$own_tmpfs" = 1 ]; then
        umount -l "$work" && rmdir "$work"
    else
        rm -rf --one-file-system "$work"
    fi
}
trap cleanup EXIT
started=$EPOCHREALTIME

# The base root: Essential and apt from the mirror, with its package lists, nothing else. It is made in the
# background while the package builds; the cached tarball is reused for a week.
base_options="--variant=apt --mode=root --skip=cleanup/apt/lists"
base_key=$(printf '%s\n' "$(mmdebstrap --version)" "$mirror" "$suite" "$base_options" | sha256sum | cut -c1-16)
base=$cache/base-$suite-$base_key.tar
make_base() {
    local t=$EPOCHREALTIME
    exec 9>"$cache/lock"
    flock 9
    if [ -s "$base" ] && [ -z "$(find "$base" -mtime +6)" ]; then
        phase_done "base root: cached $(basename "$base")" "$t"
        return
    fi
    # Built from the pool's .debs where it can (apt checks them against the lists), saving what it fetched.
    # shellcheck disable=SC2086,SC2016
    TMPDIR=$work timeout "$limit" mmdebstrap --quiet $base_options --skip=essential/unlink --format=tar \
        --setup-hook='mkdir -p "$1/var/cache/apt/archives"' \
        --setup-hook="sync-in $pool /var/cache/apt/archives/" \
        --customize-hook="cd \"\$1/var/cache/apt/archives\" && ls -- *.deb > $(printf %q "$cache/base-manifest.txt")" \
        --customize-hook="sync-out /var/cache/apt/archives $pool" \
        "$suite" "$base.part" "$mirror"
    rm -f "$cache"/base-*.tar
    mv "$base.part" "$base"
    phase_done "base root: made with mmdebstrap (cached now)" "$t"
}
make_base >"$out/base.log" 2>&1 &
base_pid=$!
pids+=("$base_pid")

t=$EPOCHREALTIME
export CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=1
if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="${SLIPWAY_DEB_BUILD_TYPE:-Release}" -DBUILD_TESTING=OFF \
        -DSLIPWAY_WERROR=ON >/dev/null
fi
cmake --build "$build" -j"$(nproc)" --target slipway slipway-cli manpages debian_changelog | tail -1
(cd "$build" && cpack -G DEB -B "$out/cpack" >/dev/null)
deb=$(ls "$out"/cpack/slipway_*.deb)
mv "$deb" "$out/"
deb=$out/$(basename "$deb")
rm -rf "$out/cpack"
phase_done "package: build and cpack in ${build#"$root"/}" "$t" "$(basename "$deb")"
dpkg-deb --field "$deb" Depends Recommends

# The package's files as installed, checked while the root is made.
lint() {
    local t=$EPOCHREALTIME c=$out/contents
    dpkg-deb -x "$deb" "$c"
    lintian --fail-on error --suppress-tags unstripped-binary-or-object "$deb"
    desktop-file-validate "$c/usr/share/applications/io.slipway.Slipway.desktop"
    appstreamcli validate --no-net --pedantic "$c/usr/share/metainfo/io.slipway.Slipway.metainfo.xml"
    /usr/bin/python3 - "$c/usr/share/doc/slipway/copyright" <<'PY'
import sys
from debian import copyright
with open(sys.argv[1], encoding="utf-8") as f:
    c = copyright.Copyright(f, strict=True)  # raises on anything that is not DEP-5
for p in c.all_files_paragraphs():
    if not p.copyright or not p.license:
        sys.exit(f"{sys.argv[1]}: Files: {' '.join(p.files)} lacks Copyright or License")
print(f"{sys.argv[1]}: DEP-5, {len(list(c.all_files_paragraphs()))} Files paragraph(s)")
PY
    gzip -t "$c/usr/share/doc/slipway/changelog.gz"
    # Each manual page is there and names its command (nothing of stderr crept into it).
    for page in slipway slipway-cli; do
        zcat "$c/usr/share/man/man1/$page.1.gz" |
            awk -v p="$page" 'f { ok = index($0, p " \\- ") == 1; exit } /^\.SH NAME/ { f = 1 } END { exit !ok }' ||
            { echo "check-deb: /usr/share/man/man1/$page.1.gz is missing or does not name $page" >&2; return 1; }
    done
    rm -rf "$c"
    phase_done "lint: lintian, desktop entry, AppStream, DEP-5" "$t"
}
lint >"$out/lint.log" 2>&1 &
lint_pid=$!
pids+=("$lint_pid")

if ! wait "$base_pid"; then
    cat "$out/base.log" >&2
    echo "check-deb: could not make the base root" >&2
    exit 1
fi
cat "$out/base.log"

cp "$deb" "$work/slipway.deb"
cp "$sample" "$work/sample.apk"
declare -p cache pool timings >"$work/config"
t=$EPOCHREALTIME
# A new root from the base tarball (its /dev left to mmdebstrap), checked by the hook above. Target /dev/null:
# mmdebstrap removes the root afterwards.
TMPDIR=$work timeout "$limit" mmdebstrap --quiet --variant=custom --mode=root --skip=update --format=null \
    --setup-hook="tar -C \"\$1\" --xattrs --xattrs-include='*' --exclude='./dev/*' -xf $(printf %q "$base")" \
    --customize-hook="$(printf %q "$self") --in-root \"\$1\" $(printf %q "$work")" \
    "$suite" /dev/null "$mirror"
phase_done "root: all of it, from the tarball to removal" "$t"
cp "$work/inspect.txt" "$work/screenshot.png" "$out/"

# The pool keeps only what the base and this package use.
(
    flock 9
    cat "$cache/base-manifest.txt" "$work/install-manifest.txt" 2>/dev/null | sort -u >"$work/keep"
    for f in "$pool"/*.deb; do
        grep -qxF "${f##*/}" "$work/keep" || rm -f "$f"
    done
) 9>"$cache/lock"

if ! wait "$lint_pid"; then
    cat "$out/lint.log" >&2
    echo "check-deb: the package failed its lint" >&2
    exit 1
fi
cat "$out/lint.log"
phase_done "total" "$started"
echo "== passed: $(basename "$deb") installed with its Depends and ran in a fresh Debian 12 root"
echo "   screenshot: $out/screenshot.png"
cat "$timings"
head -5 "$out/inspect.txt"
