#!/usr/bin/env bash
# Runs a command inside a private D-Bus session bus with an unlocked gnome-keyring Secret Service, in a
# temporary HOME, so credential tests use a real keyring and never touch the user's own.
#
#   tests/with-keyring.sh ctest --test-dir build/ci -R credentials
#
# Works without a terminal, without stdin and without an existing D-Bus session (CI). Before running the
# command it proves the keyring works: `secret-tool` stores, looks up and clears an entry. Exports
# SLIPWAY_KEYRING_AVAILABLE=1 for the tests; the command's exit status is the script's.
set -euo pipefail

if [ -z "${SLIPWAY_IN_KEYRING_SESSION:-}" ]; then
    for tool in dbus-run-session gnome-keyring-daemon secret-tool dbus-send; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "with-keyring.sh: '$tool' is missing; run scripts/install-deps (packages dbus, dbus-bin, gnome-keyring, libsecret-tools)" >&2
            exit 2
        fi
    done
    export SLIPWAY_IN_KEYRING_SESSION=1
    # Never inherit the caller's session bus or keyring: dbus-run-session sets its own address.
    unset GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
    exec dbus-run-session -- "$0" "$@"
fi

keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/slipway-keyring.XXXXXX")
keyring_pid=
cleanup() {
    if [ -n "$keyring_pid" ]; then
        kill "$keyring_pid" 2>/dev/null || true
        wait "$keyring_pid" 2>/dev/null || true
    fi
    rm -rf "$keyring_home"
}
trap cleanup EXIT

export SLIPWAY_REAL_HOME=${HOME:-}
export HOME=$keyring_home
export XDG_DATA_HOME=$keyring_home/.local/share XDG_CONFIG_HOME=$keyring_home/.config XDG_CACHE_HOME=$keyring_home/.cache
# A private runtime dir: gnome-keyring puts its control socket there, never next to the user's own daemon.
export XDG_RUNTIME_DIR=$keyring_home/runtime
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

# --unlock reads the new login keyring's password from stdin and makes it the default collection.
# --foreground keeps the daemon our child so it is stopped with this script.
printf 'slipway-test' | gnome-keyring-daemon --foreground --unlock --components=secrets \
    >"$keyring_home/daemon.out" 2>"$keyring_home/daemon.err" &
keyring_pid=$!

has_secrets_owner() {
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'
}
for _ in $(seq 1 100); do
    has_secrets_owner && break
    if ! kill -0 "$keyring_pid" 2>/dev/null; then
        echo "with-keyring.sh: gnome-keyring-daemon exited early:" >&2
        cat "$keyring_home/daemon.err" >&2
        exit 2
    fi
    sleep 0.1
done
if ! has_secrets_owner; then
    echo "with-keyring.sh: gnome-keyring-daemon did not register org.freedesktop.secrets within 10 s" >&2
    cat "$keyring_home/daemon.err" >&2
    exit 2
fi

# Prove the keyring can store and return a secret before any test relies on it.
probe="probe-$$-$RANDOM"
if ! printf '%s' "$probe" | secret-tool store --label='Slipway keyring probe' slipway-probe "$probe" 2>"$keyring_home/probe.err"; then
    echo "with-keyring.sh: secret-tool could not store a secret in the test keyring:" >&2
    cat "$keyring_home/probe.err" >&2
    exit 2
fi
if [ "$(secret-tool lookup slipway-probe "$probe" 2>>"$keyring_home/probe.err")" != "$probe" ]; then
    echo "with-keyring.sh: secret-tool could not read back the probe secret:" >&2
    cat "$keyring_home/probe.err" >&2
    exit 2
fi
secret-tool clear slipway-probe "$probe"

export SLIPWAY_KEYRING_AVAILABLE=1
export GNOME_KEYRING_CONTROL=$XDG_RUNTIME_DIR/keyring
status=0
"$@" || status=$?
exit "$status"
