list(APPEND SLIPWAY_CORE_SOURCES
    providers/hockeyapp/hockeyappjson.cpp providers/hockeyapp/hockeyappjson.h
    providers/hockeyapp/hockeyappprovider.cpp providers/hockeyapp/hockeyappprovider.h
    providers/hockeyapp/hockeyappservice.cpp providers/hockeyapp/hockeyappservice.h)
# Provider::download (the QA browser, issue 13)
list(APPEND SLIPWAY_CORE_SOURCES providers/hockeyapp/hockeyappdownload.cpp)
