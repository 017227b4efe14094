# Releases: one package group with its notes sent to several destinations, a persisted queue that survives a crash,
# and the history of everything published. Above preflight/: each destination's "checking" step runs it.
list(APPEND SLIPWAY_CORE_SOURCES
    release/release.cpp release/release.h
    release/releaseexport.cpp release/releaseexport.h
    release/releasestore.cpp release/releasestore.h
    release/cleanuphistory.cpp release/cleanuphistory.h
    release/releaseowner.cpp release/releaseowner.h
    release/releasequeue.cpp release/releasequeue.h
    release/releaserunner.cpp release/releaserunner.h)
