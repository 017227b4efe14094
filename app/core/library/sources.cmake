list(APPEND SLIPWAY_CORE_SOURCES
    library/libraryfiles.cpp library/libraryinternal.h
    library/locallibrary.cpp library/locallibrary.h library/locallibrarylisting.cpp)
include(${CMAKE_CURRENT_LIST_DIR}/team/sources.cmake)
