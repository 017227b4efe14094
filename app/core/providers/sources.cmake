list(APPEND SLIPWAY_CORE_SOURCES
    providers/types.cpp providers/types.h
    providers/job.cpp providers/job.h
    providers/provider.cpp providers/provider.h
    providers/account.cpp providers/account.h
    providers/providerregistry.cpp providers/providerregistry.h
    providers/builtinservices.cpp providers/builtinservices.h
    providers/servicecatalog.cpp providers/servicecatalog.h
    providers/local/localprovider.cpp providers/local/localprovider.h
    providers/workerjob.h
    providers/workspace.cpp providers/workspace.h)
# Each network service lists its own files in providers/<service>/sources.cmake (OPTIONAL: a service folder
# may not exist yet while it is being written in parallel).
foreach(service managexr appstoreconnect akana applivery hockeyapp)
    include(${CMAKE_CURRENT_LIST_DIR}/${service}/sources.cmake OPTIONAL)
endforeach()
