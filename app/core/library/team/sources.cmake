# The team library: the catalog and artifact store on PostgreSQL (libpq), used by providers/team/.
list(APPEND SLIPWAY_CORE_SOURCES
    library/team/artifactstore.cpp library/team/artifactstore.h
    library/team/libpqloader.cpp library/team/libpqloader.h
    library/team/pgconnection.cpp library/team/pgconnection.h
    library/team/teamlibrary.cpp library/team/teamlibrary.h
    library/team/teamlistener.cpp library/team/teamlistener.h
    library/team/teamschema.cpp library/team/teamschema.h)
