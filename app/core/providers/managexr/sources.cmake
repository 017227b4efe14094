list(APPEND SLIPWAY_CORE_SOURCES
    providers/managexr/managexrjson.cpp providers/managexr/managexrjson.h
    providers/managexr/managexrprovider.cpp providers/managexr/managexrprovider.h
    providers/managexr/managexrservice.cpp providers/managexr/managexrservice.h)
