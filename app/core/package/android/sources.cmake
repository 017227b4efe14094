list(APPEND SLIPWAY_CORE_SOURCES package/android/androidreaders.cpp)
