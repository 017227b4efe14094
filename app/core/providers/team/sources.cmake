list(APPEND SLIPWAY_CORE_SOURCES
    providers/team/teamprovider.cpp providers/team/teamprovider.h
    providers/team/teamservice.cpp)
