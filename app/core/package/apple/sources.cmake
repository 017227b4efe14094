list(APPEND SLIPWAY_CORE_SOURCES package/apple/applereaders.cpp)
