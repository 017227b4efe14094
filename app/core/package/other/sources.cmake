list(APPEND SLIPWAY_CORE_SOURCES package/other/appxreader.cpp)
