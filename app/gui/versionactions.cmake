list(APPEND SLIPWAY_GUI_SOURCES versionactions.cpp versionactions.h)
