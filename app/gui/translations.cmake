# Translations (issue 15): translations/slipway_<lang>.ts, compiled by lrelease into the binary under :/i18n and
# loaded from the system locale at start (gui/translations.cpp). After strings change, one command refreshes every
# .ts file from the sources (new strings come in "unfinished", vanished ones are dropped):
#
#   cmake --build build/ci --target update_translations
#
# or by hand, with the same sources:
#
#   /usr/lib/qt6/bin/lupdate -no-obsolete -locations none -silent $(find app/gui -name '*.cpp' -o -name '*.h') \
#       ui/*.ui app/main.cpp $(find app/core/common app/core/net app/core/credentials app/core/session \
#       app/core/models app/core/providers/service -name '*.cpp' -o -name '*.h') -ts translations/slipway_de.ts
#
# tests/gui/tst_translations fails while any .ts file has unfinished or obsolete entries.
find_package(Qt6 6.4 REQUIRED COMPONENTS LinguistTools)
file(GLOB SLIPWAY_TS_FILES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/translations/slipway_*.ts)
file(GLOB_RECURSE SLIPWAY_TR_SOURCES CONFIGURE_DEPENDS
    ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp ${CMAKE_CURRENT_SOURCE_DIR}/*.h ${PROJECT_SOURCE_DIR}/ui/*.ui)
list(APPEND SLIPWAY_TR_SOURCES ${PROJECT_SOURCE_DIR}/app/main.cpp)
# The core's user-facing error texts are translated too (QCoreApplication::translate / QObject::tr with a context,
# no Widgets in core): the folders whose errors the window shows most — network, keychain and accounts, the account
# tree, the service plumbing. Keep this list and SLIPWAY_TR_CORE_DIRS in tests/gui/tst_translations.cpp in step.
set(SLIPWAY_TR_CORE_DIRS common net credentials session models providers/service)
foreach(dir ${SLIPWAY_TR_CORE_DIRS})
    file(GLOB_RECURSE core_tr CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/app/core/${dir}/*.cpp
        ${PROJECT_SOURCE_DIR}/app/core/${dir}/*.h)
    list(APPEND SLIPWAY_TR_SOURCES ${core_tr})
endforeach()
qt_add_lupdate(slipway_gui TS_FILES ${SLIPWAY_TS_FILES} SOURCES ${SLIPWAY_TR_SOURCES}
    OPTIONS -no-obsolete -locations none -silent)
qt_add_lrelease(slipway_gui TS_FILES ${SLIPWAY_TS_FILES} QM_FILES_OUTPUT_VARIABLE SLIPWAY_QM_FILES OPTIONS -silent)
qt_add_resources(slipway_gui "slipway_translations" PREFIX /i18n BASE ${CMAKE_CURRENT_BINARY_DIR}
    FILES ${SLIPWAY_QM_FILES})
list(APPEND SLIPWAY_GUI_SOURCES translations.cpp translations.h)
