list(APPEND SLIPWAY_CORE_SOURCES
    credentials/credentialstore.h
    credentials/accountstore.cpp credentials/accountstore.h)
