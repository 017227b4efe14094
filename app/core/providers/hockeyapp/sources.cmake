list(APPEND SLIPWAY_CORE_SOURCES
    providers/hockeyapp/hockeyappjson.cpp providers/hockeyapp/hockeyappjson.h)
