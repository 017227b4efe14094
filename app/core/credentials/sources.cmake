list(APPEND SLIPWAY_CORE_SOURCES
    credentials/credentialstore.h)
