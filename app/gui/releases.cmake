# Issue 11, the window's side of releases: the Releases dock (active and past releases, one row per destination),
# the release details dialog, and desktop notifications when a release ends in the background.
list(APPEND SLIPWAY_GUI_SOURCES
    releases/releasesmodel.cpp releases/releasesmodel.h
    releases/releasespanel.cpp releases/releasespanel.h
    releases/releasedetailsdialog.cpp releases/releasedetailsdialog.h
    platform/notifications.cpp platform/notifications.h)
