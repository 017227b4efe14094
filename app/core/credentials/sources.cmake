list(APPEND SLIPWAY_CORE_SOURCES
    credentials/credentialstore.h
    credentials/accountstore.cpp credentials/accountstore.h
    credentials/keychaincredentialstore.cpp credentials/keychaincredentialstore.h
    credentials/memorycredentialstore.cpp credentials/memorycredentialstore.h
    credentials/sessioncredentialstore.cpp credentials/sessioncredentialstore.h
    credentials/keyvalidation.cpp credentials/keyvalidation.h)
