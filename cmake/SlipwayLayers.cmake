# The core is a stack of static libraries, one per folder of app/core, each allowed to include only the folders
# below it. slipway_core_library() declares one layer: its sources come from <folder>/sources.cmake, its layer
# dependencies are linked PUBLIC, and a build step (cmake/CheckLayerIncludes.cmake) fails the build when one of
# its files includes a folder that is not itself or one of its declared dependencies (directly or through them).
# docs/architecture.md draws the stack.

function(slipway_core_library folder)
    cmake_parse_arguments(L "" "" "DEPENDS;PUBLIC;PRIVATE" ${ARGN})
    set(SLIPWAY_CORE_SOURCES)
    include(${CMAKE_CURRENT_SOURCE_DIR}/${folder}/sources.cmake)
    list(TRANSFORM SLIPWAY_CORE_SOURCES PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/)
    set(target slipway_${folder})
    qt_add_library(${target} STATIC ${SLIPWAY_CORE_SOURCES})
    target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/generated)
    set(allowed ${folder})
    foreach(dep IN LISTS L_DEPENDS)
        if(NOT TARGET slipway_${dep})
            message(FATAL_ERROR "Layer ${folder} depends on ${dep}, which is not declared before it")
        endif()
        target_link_libraries(${target} PUBLIC slipway_${dep})
        list(APPEND allowed ${dep} ${SLIPWAY_LAYER_ALLOWED_${dep}})
    endforeach()
    list(REMOVE_DUPLICATES allowed)
    set(SLIPWAY_LAYER_ALLOWED_${folder} ${allowed} CACHE INTERNAL "")
    target_link_libraries(${target} PUBLIC ${L_PUBLIC} PRIVATE slipway_warnings ${L_PRIVATE})

    # The include check runs before the layer compiles and again whenever one of its files changes.
    set(stamp ${CMAKE_CURRENT_BINARY_DIR}/layers/${folder}.checked)
    file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/layers) # Ninja creates it, Makefiles do not
    list(JOIN allowed "," allowedArg)
    add_custom_command(OUTPUT ${stamp}
        COMMAND ${CMAKE_COMMAND} -DLAYER=${folder} -DALLOWED=${allowedArg}
                -DROOT=${CMAKE_CURRENT_SOURCE_DIR} -DSTAMP=${stamp}
                -P ${PROJECT_SOURCE_DIR}/cmake/CheckLayerIncludes.cmake
        DEPENDS ${SLIPWAY_CORE_SOURCES} ${PROJECT_SOURCE_DIR}/cmake/CheckLayerIncludes.cmake
        COMMENT "Checking that ${folder}/ includes only ${allowed}"
        VERBATIM)
    target_sources(${target} PRIVATE ${stamp})
endfunction()
