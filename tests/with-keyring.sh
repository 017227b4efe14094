#!/usr/bin/env bash
# Runs a command inside a private D-Bus session bus with an unlocked gnome-keyring Secret Service, in a
# temporary HOME, so credential tests use a real keyring and never touch the user's own.
set -euo pipefail
if [ -z "${SLIPWAY_IN_KEYRING_SESSION:-}" ]; then
    export SLIPWAY_IN_KEYRING_SESSION=1
    exec dbus-run-session -- "$0" "$@"
fi
keyring_home=$(mktemp -d)
trap 'kill ${keyring_pid:-} 2>/dev/null || true; rm -rf "$keyring_home"' EXIT
export SLIPWAY_REAL_HOME=$HOME
export HOME=$keyring_home XDG_DATA_HOME=$keyring_home/.local/share XDG_CONFIG_HOME=$keyring_home/.config
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"
eval "$(printf 'slipway-test\n' | gnome-keyring-daemon --unlock --components=secrets)"
keyring_pid=${GNOME_KEYRING_PID:-}
export GNOME_KEYRING_CONTROL SLIPWAY_KEYRING_AVAILABLE=1
"$@"
