# Translations (issue 15): translations/slipway_<lang>.ts, compiled by lrelease into the binary under :/i18n and
# loaded from the system locale at start (gui/translations.cpp). After strings change, one command refreshes every
# .ts file from the sources (new strings come in "unfinished", vanished ones are dropped):
#
#   cmake --build build/ci --target update_translations
#
# tests/gui/tst_translations fails while any .ts file has unfinished or obsolete entries.
find_package(Qt6 6.4 REQUIRED COMPONENTS LinguistTools)
file(GLOB SLIPWAY_TS_FILES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/translations/slipway_*.ts)
file(GLOB_RECURSE SLIPWAY_TR_SOURCES CONFIGURE_DEPENDS
    ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp ${CMAKE_CURRENT_SOURCE_DIR}/*.h ${PROJECT_SOURCE_DIR}/ui/*.ui)
list(APPEND SLIPWAY_TR_SOURCES ${PROJECT_SOURCE_DIR}/app/main.cpp)
qt_add_lupdate(slipway_gui TS_FILES ${SLIPWAY_TS_FILES} SOURCES ${SLIPWAY_TR_SOURCES}
    OPTIONS -no-obsolete -locations none -silent)
qt_add_lrelease(slipway_gui TS_FILES ${SLIPWAY_TS_FILES} QM_FILES_OUTPUT_VARIABLE SLIPWAY_QM_FILES OPTIONS -silent)
qt_add_resources(slipway_gui "slipway_translations" PREFIX /i18n BASE ${CMAKE_CURRENT_BINARY_DIR}
    FILES ${SLIPWAY_QM_FILES})
list(APPEND SLIPWAY_GUI_SOURCES translations.cpp translations.h)
