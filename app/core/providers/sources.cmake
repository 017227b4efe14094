# The Provider interface, the registry of services, and every service (one folder each).
list(APPEND SLIPWAY_CORE_SOURCES
    providers/provider.cpp providers/provider.h
    providers/downloadcheck.h
    providers/providerregistry.cpp providers/providerregistry.h
    providers/builtinservices.cpp providers/builtinservices.h
    providers/service/authenticator.cpp providers/service/authenticator.h
    providers/service/options.h
    providers/service/networkprovider.cpp providers/service/networkprovider.h
    providers/service/serviceclient.cpp providers/service/serviceclient.h
    providers/service/servicejson.cpp providers/service/servicejson.h
    providers/service/servicesetup.cpp providers/service/servicesetup.h
    providers/service/steps.h
    providers/service/servicedownload.cpp providers/service/servicedownload.h
    providers/local/localprovider.cpp providers/local/localprovider.h)
# Each network service lists its own files in providers/<service>/sources.cmake, found here without a list to
# edit; builtinservices.cpp names every service, so a missing folder fails the build instead of dropping it.
file(GLOB SLIPWAY_SERVICE_SOURCE_LISTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*/sources.cmake)
list(SORT SLIPWAY_SERVICE_SOURCE_LISTS)
foreach(list IN LISTS SLIPWAY_SERVICE_SOURCE_LISTS)
    include(${list})
endforeach()
