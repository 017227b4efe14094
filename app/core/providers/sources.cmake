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
