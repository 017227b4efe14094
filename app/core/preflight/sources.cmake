# Preflight: a package group checked against one destination's live state (versions there, identity, signing,
# provisioning, limits, credentials) before a byte is sent. Above session/: it asks the Workspace for providers.
list(APPEND SLIPWAY_CORE_SOURCES
    preflight/preflight.cpp preflight/preflight.h
    preflight/preflightinput.h preflight/preflightchecks.h preflight/checksupport.cpp
    preflight/identitychecks.cpp preflight/livestatechecks.cpp preflight/asctrainchecks.cpp
    preflight/signingchecks.cpp preflight/provisioningchecks.cpp preflight/limitchecks.cpp
    preflight/credentialchecks.cpp)
