#!/bin/sh
# slipway-cli is a front end (app/cli/frontmain.cpp): it answers `inspect` and `--version` with the package layer
# alone and runs slipway-cli-full for every other command. This fails when
#  - the front end links a library of the network, SQL, keychain or QR stack (its start-up would load them again);
#  - it stops answering `inspect` itself: a copy of it alone in an empty folder, where no slipway-cli-full is,
#    must still inspect a package (the one given, or none when no package is at hand) and print its version;
#  - a command it hands over does not reach slipway-cli-full, or the copy alone does not say clearly that it is
#    missing (exit 1, naming the path it looked for).
# Usage: check-cli-front.sh FRONT FULL [PACKAGE]
set -eu
front=$1
full=$2
package=${3:-}
status=0
needed=$(readelf -d "$front" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
for heavy in libQt6Network libQt6Sql libQt6DBus libqt6keychain libqrencode libpng libpq libcurl; do
    if echo "$needed" | grep -q "^$heavy"; then
        echo "$front: links $heavy; inspect and --version should start with the package layer alone"
        status=1
    fi
done
echo "$front: $(echo "$needed" | wc -l) libraries needed at start: $(echo "$needed" | tr '\n' ' ')"

# Handed over: the full program answers `--help` with the command list, through the front end.
"$front" --help | grep -q '^Commands:' || { echo "$front --help did not reach $full"; status=1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$front" "$work/slipway-cli"
"$work/slipway-cli" --version | grep -q '^slipway-cli ' || { echo "a lone front end does not print its version"; status=1; }
if [ ! -f "$package" ] && [ "${SLIPWAY_REQUIRE_SHARED:-0}" = 1 ]; then
    echo "the corpus package $package is missing (../shared/corpus, SLIPWAY_SHARED_DIR); required under SLIPWAY_REQUIRE_SHARED=1"
    status=1
elif [ ! -f "$package" ]; then
    echo "no corpus package at $package: the front end's inspect is not compared with the full program's"
fi
if [ -n "$package" ] && [ -f "$package" ]; then
    "$work/slipway-cli" inspect --no-hash "$package" >"$work/alone.txt" ||
        { echo "a lone front end cannot inspect $package"; status=1; }
    "$front" --library "$work/library" inspect --no-hash "$package" >"$work/full.txt" # global option: the full program
    cmp -s "$work/alone.txt" "$work/full.txt" ||
        { echo "inspect by the front end and by $full differ:"; diff "$work/alone.txt" "$work/full.txt"; status=1; }
fi
set +e
"$work/slipway-cli" apps >"$work/out.txt" 2>"$work/err.txt"
code=$?
set -e
if [ "$code" != 1 ] || ! grep -q "cannot run $work/.*slipway-cli-full: No such file or directory" "$work/err.txt"; then
    echo "a lone front end asked for \`apps\` exited $code with: $(cat "$work/err.txt")"
    status=1
fi
exit $status
