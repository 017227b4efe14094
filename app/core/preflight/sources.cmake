# Preflight: a package group checked against one destination's live state (versions there, identity, signing,
# provisioning, limits, credentials) before a byte is sent. Above session/: it asks the Workspace for providers.
list(APPEND SLIPWAY_CORE_SOURCES
    preflight/preflight.cpp preflight/preflight.h)
