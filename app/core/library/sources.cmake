list(APPEND SLIPWAY_CORE_SOURCES
    library/locallibrary.cpp library/locallibrary.h)
