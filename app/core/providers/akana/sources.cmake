# Akana API Platform: session login with cookie jar and CSRF header, apps and app versions
list(APPEND SLIPWAY_CORE_SOURCES
    providers/akana/akanajson.cpp providers/akana/akanajson.h
    providers/akana/akanaservice.cpp
    providers/akana/akanasession.cpp providers/akana/akanasession.h
    providers/akana/akanaprovider.cpp providers/akana/akanaprovider.h)
