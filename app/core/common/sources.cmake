list(APPEND SLIPWAY_CORE_SOURCES
    common/error.cpp common/error.h
    common/result.h)
