# App Store Connect: ES256 JWT, JSON:API wire format, provider (apps, versions, builds, Build Uploads)
list(APPEND SLIPWAY_CORE_SOURCES
    providers/appstoreconnect/ascjwt.cpp providers/appstoreconnect/ascjwt.h)
list(APPEND SLIPWAY_CORE_SOURCES
    providers/appstoreconnect/ascjson.cpp providers/appstoreconnect/ascjson.h)
