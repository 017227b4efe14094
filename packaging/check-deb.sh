#!/usr/bin/env bash
# Builds the .deb (Release), checks it with lintian, desktop-file-validate and appstreamcli, then installs it into a
# fresh minimal Debian 12 root (mmdebstrap, Debian packages only) with --no-install-recommends and runs it there:
# `slipway-cli inspect` on a corpus package and the window offscreen until it shows, saving a screenshot.
#
#   packaging/check-deb.sh            # from anywhere; output in build/deb (override with SLIPWAY_DEB_BUILD_DIR)
#
# As a ctest test it runs only with SLIPWAY_PACKAGING_CHECK=1 and is skipped (exit 77) otherwise.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${SLIPWAY_DEB_BUILD_DIR:-$root/build/deb}
# Release by default; an existing build directory keeps its own configuration (e.g. build/ci, to check quickly).
type=${SLIPWAY_DEB_BUILD_TYPE:-Release}
shared=${SLIPWAY_SHARED_DIR:-$root/../shared}
mirror=${SLIPWAY_DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [ "${SLIPWAY_CTEST:-0}" = 1 ] && [ "${SLIPWAY_PACKAGING_CHECK:-0}" != 1 ]; then
    echo "packaging check skipped (set SLIPWAY_PACKAGING_CHECK=1 to run it)"
    exit 77
fi
for tool in cpack lintian desktop-file-validate appstreamcli mmdebstrap help2man; do
    command -v "$tool" >/dev/null || { echo "check-deb: $tool is missing (scripts/install-deps installs it)" >&2; exit 1; }
done
sample="$shared/corpus/ApiDemos-debug.apk"
if [ ! -f "$sample" ]; then
    echo "check-deb: $sample is missing (the shared reference material)" >&2
    exit 1
fi
step() { echo "== $(date -u +%H:%M:%S) $*"; }

step "build in $build"
export CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=1
if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="$type" -DBUILD_TESTING=OFF -DSLIPWAY_WERROR=ON >/dev/null
fi
cmake --build "$build" -j"$(nproc)" --target slipway slipway-cli manpages debian_changelog
rm -f "$build"/slipway_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/slipway_*.deb)
step "built $(basename "$deb")"
dpkg-deb --info "$deb" | sed -n '/Depends\|Recommends/p'

step "lintian"
lintian --fail-on error --suppress-tags unstripped-binary-or-object "$deb"
step "desktop-file-validate"
desktop-file-validate "$build/packaging/io.slipway.Slipway.desktop"
step "appstreamcli validate"
appstreamcli validate --no-net --pedantic "$build/packaging/io.slipway.Slipway.metainfo.xml"

step "minimal Debian 12 root with the package (mmdebstrap)"
work=$(mktemp -d "${TMPDIR:-/tmp}/slipway-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$deb" "$work/slipway.deb"
cp "$sample" "$work/sample.apk"
rm -f "$build/screenshot.png" "$build/inspect.txt"
# Inside the root: install with apt (no recommends), inspect a package, open the window offscreen and let it save
# what it shows once it is up (SLIPWAY_SCREENSHOT), with a throwaway HOME so nothing of this machine is used.
cat >"$work/inside.sh" <<'INSIDE'
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends /tmp/check/slipway.deb >/dev/null
export HOME=/tmp/home LANG=C.UTF-8
mkdir -p "$HOME"
slipway-cli --version
slipway-cli inspect /tmp/check/sample.apk > /tmp/check/inspect.txt
grep -q 'io.appium.android.apis\|com.example.android.apis' /tmp/check/inspect.txt
QT_QPA_PLATFORM=offscreen SLIPWAY_SCREENSHOT=/tmp/check/screenshot.png timeout 120 slipway
test -s /tmp/check/screenshot.png
man -w slipway-cli >/dev/null 2>&1 || test -f /usr/share/man/man1/slipway-cli.1.gz
INSIDE
# Target /dev/null: mmdebstrap builds the root in a temporary directory and removes it afterwards.
mmdebstrap --quiet --variant=apt --mode=root --format=null bookworm /dev/null "$mirror" \
    --customize-hook='mkdir -p "$1/tmp/check"' \
    --customize-hook="copy-in $work/slipway.deb $work/sample.apk $work/inside.sh /tmp/check" \
    --customize-hook='chroot "$1" sh /tmp/check/inside.sh' \
    --customize-hook="copy-out /tmp/check/inspect.txt /tmp/check/screenshot.png $work"
cp "$work/inspect.txt" "$work/screenshot.png" "$build/"
step "passed: installed and ran in a fresh Debian 12 root; screenshot in $build/screenshot.png"
head -5 "$build/inspect.txt"
