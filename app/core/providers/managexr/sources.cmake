list(APPEND SLIPWAY_CORE_SOURCES
    providers/managexr/managexrjson.cpp providers/managexr/managexrjson.h
    providers/managexr/managexrprovider.cpp providers/managexr/managexrprovider.h
    providers/managexr/managexrservice.cpp providers/managexr/managexrservice.h)
# Provider::download (the QA browser, issue 13)
list(APPEND SLIPWAY_CORE_SOURCES providers/managexr/managexrdownload.cpp)
