list(APPEND SLIPWAY_CORE_SOURCES
    models/accounttreemodel.cpp models/accounttreemodel.h
    models/versiontablemodel.cpp models/versiontablemodel.h)
