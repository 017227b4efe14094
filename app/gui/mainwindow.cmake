list(APPEND SLIPWAY_GUI_SOURCES
    placeholder.cpp)
