#!/bin/sh
# Fails when a binary links libpq or libcurl directly: both are loaded on first use (app/core/common/lazylibrary.h),
# so that a start of Slipway maps neither them nor the twenty-odd libraries each brings.
set -eu
status=0
for binary in "$@"; do
    needed=$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
    for lazy in libpq.so libcurl.so; do
        if echo "$needed" | grep -q "^$lazy"; then
            echo "$binary: links $lazy at start; it should be loaded on first use (common/lazylibrary.h)"
            status=1
        fi
    done
    echo "$binary: $(echo "$needed" | wc -l) libraries needed at start"
done
exit $status
