# The Publish dialog's preflight checklist (issue 12).
list(APPEND SLIPWAY_GUI_SOURCES
    preflightchecklist.cpp preflightchecklist.h)
