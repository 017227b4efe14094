# Translations (issue 15): translations/slipway_<lang>.ts, compiled by lrelease into the binary under :/i18n and
# loaded from the system locale at start (gui/translations.cpp). translations/slipway_en.ts is special: it holds only
# the English plural forms of the %n texts ("1 app", "2 apps"; lupdate -pluralonly) and is installed first, under the
# locale's own translation, so every language without a form of its own gets the English one instead of "app(s)".
# After strings change, one command refreshes every .ts file from the sources (new strings come in "unfinished",
# vanished ones are dropped):
#
#   cmake --build build/ci --target update_translations
#
# or by hand, with the same sources (-pluralonly for slipway_en.ts):
#
#   SRC="$(find app/gui -name '*.cpp' -o -name '*.h') ui/*.ui app/main.cpp $(find app/core/common app/core/net \
#       app/core/credentials app/core/session app/core/models app/core/package app/core/library app/core/preflight \
#       app/core/qa app/core/release app/core/providers/service app/core/providers/akana app/core/providers/applivery \
#       app/core/providers/appstoreconnect app/core/providers/hockeyapp app/core/providers/local \
#       app/core/providers/managexr app/core/providers/team -name '*.cpp' -o -name '*.h')"
#   /usr/lib/qt6/bin/lupdate -I app/core -no-obsolete -locations none -silent $SRC -ts translations/slipway_de.ts
#   /usr/lib/qt6/bin/lupdate -I app/core -pluralonly -no-obsolete -locations none -silent $SRC \
#       -ts translations/slipway_en.ts
#
# tests/gui/tst_translations fails while any .ts file has unfinished or obsolete entries.
find_package(Qt6 6.4 REQUIRED COMPONENTS LinguistTools)
file(GLOB SLIPWAY_TS_FILES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/translations/slipway_*.ts)
set(SLIPWAY_TS_PLURALS ${PROJECT_SOURCE_DIR}/translations/slipway_en.ts)
set(SLIPWAY_TS_LANGUAGES ${SLIPWAY_TS_FILES})
list(REMOVE_ITEM SLIPWAY_TS_LANGUAGES ${SLIPWAY_TS_PLURALS})
file(GLOB_RECURSE SLIPWAY_TR_SOURCES CONFIGURE_DEPENDS
    ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp ${CMAKE_CURRENT_SOURCE_DIR}/*.h ${PROJECT_SOURCE_DIR}/ui/*.ui)
list(APPEND SLIPWAY_TR_SOURCES ${PROJECT_SOURCE_DIR}/app/main.cpp)
# The core's user-facing texts are translated too (QCoreApplication::translate / QObject::tr / Q_DECLARE_TR_FUNCTIONS
# with a "Slipway::<Name>" context, no Widgets in core): errors, warnings, check messages and progress labels of every
# folder whose texts the window shows. Keep this list and SLIPWAY_TR_CORE_DIRS in tests/gui/tst_translations.cpp in
# step. Not translated: the CLI (its output and --json are for scripts) and machine-readable identifiers.
set(SLIPWAY_TR_CORE_DIRS
    common
    net
    credentials
    session
    models
    package
    library
    preflight
    qa
    release
    providers/service
    providers/akana
    providers/applivery
    providers/appstoreconnect
    providers/hockeyapp
    providers/local
    providers/managexr
    providers/team)
foreach(dir ${SLIPWAY_TR_CORE_DIRS})
    file(GLOB_RECURSE core_tr CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/app/core/${dir}/*.cpp
        ${PROJECT_SOURCE_DIR}/app/core/${dir}/*.h)
    list(APPEND SLIPWAY_TR_SOURCES ${core_tr})
endforeach()
# app/core on the include path: lupdate then finds the classes whose members a .cpp defines (their tr() context).
qt_add_lupdate(slipway_gui TS_FILES ${SLIPWAY_TS_LANGUAGES} SOURCES ${SLIPWAY_TR_SOURCES}
    INCLUDE_DIRECTORIES ${PROJECT_SOURCE_DIR}/app/core OPTIONS -no-obsolete -locations none -silent)
# The English plural forms: only the %n entries (a name of its own, no target behind it, for the second lupdate run).
qt_add_lupdate(slipway_gui_plurals TS_FILES ${SLIPWAY_TS_PLURALS} SOURCES ${SLIPWAY_TR_SOURCES}
    INCLUDE_DIRECTORIES ${PROJECT_SOURCE_DIR}/app/core OPTIONS -pluralonly -no-obsolete -locations none -silent)
qt_add_lrelease(slipway_gui TS_FILES ${SLIPWAY_TS_FILES} QM_FILES_OUTPUT_VARIABLE SLIPWAY_QM_FILES OPTIONS -silent)
qt_add_resources(slipway_gui "slipway_translations" PREFIX /i18n BASE ${CMAKE_CURRENT_BINARY_DIR}
    FILES ${SLIPWAY_QM_FILES})
list(APPEND SLIPWAY_GUI_SOURCES translations.cpp translations.h)
