# App Store Connect: ES256 JWT, JSON:API wire format, provider (apps, versions, builds, Build Uploads)
list(APPEND SLIPWAY_CORE_SOURCES
    providers/appstoreconnect/ascjwt.cpp providers/appstoreconnect/ascjwt.h)
list(APPEND SLIPWAY_CORE_SOURCES
    providers/appstoreconnect/ascjson.cpp providers/appstoreconnect/ascjson.h)
list(APPEND SLIPWAY_CORE_SOURCES
    providers/appstoreconnect/appstoreconnectservice.cpp
    providers/appstoreconnect/ascjwtauthenticator.cpp providers/appstoreconnect/ascjwtauthenticator.h
    providers/appstoreconnect/ascpublishjob.cpp providers/appstoreconnect/ascpublishjob.h
    providers/appstoreconnect/appstoreconnectprovider.cpp providers/appstoreconnect/appstoreconnectprovider.h)
# Provider::download (the QA browser, issue 13)
list(APPEND SLIPWAY_CORE_SOURCES providers/appstoreconnect/ascdownload.cpp)
