# The value types every layer above speaks: apps, versions, publish requests, fields, services and accounts.
list(APPEND SLIPWAY_CORE_SOURCES
    domain/types.cpp domain/types.h
    domain/account.cpp domain/account.h)
