#!/bin/sh
# Fails when a binary's RUNPATH or RPATH has an empty or relative entry: the dynamic loader reads those relative to
# the current directory, so starting Slipway from a folder holding a library of the same name would load it.
set -eu
status=0
for binary in "$@"; do
    paths=$(readelf -d "$binary" | sed -n 's/.*(\(RUNPATH\|RPATH\)).*\[\(.*\)\]/\2/p')
    [ -z "$paths" ] && continue
    # Split on ':' keeping empty entries (a leading, trailing or doubled ':').
    rest=$paths:
    while [ -n "$rest" ]; do
        entry=${rest%%:*}
        rest=${rest#*:}
        case $entry in
        /* | '$ORIGIN'*) ;;
        *) echo "$binary: library search path '$paths' has the entry '$entry', read relative to the current directory"
            status=1
            break ;;
        esac
    done
done
[ $status = 0 ] && echo "no relative library search path in: $*"
exit $status
