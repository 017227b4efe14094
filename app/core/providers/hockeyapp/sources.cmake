list(APPEND SLIPWAY_CORE_SOURCES
    providers/hockeyapp/hockeyappjson.cpp providers/hockeyapp/hockeyappjson.h
    providers/hockeyapp/hockeyappprovider.cpp providers/hockeyapp/hockeyappprovider.h
    providers/hockeyapp/hockeyappservice.cpp providers/hockeyapp/hockeyappservice.h)
