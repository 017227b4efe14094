list(APPEND SLIPWAY_CORE_SOURCES
    net/httpclient.cpp net/httpclient.h)
