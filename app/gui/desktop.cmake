# Issue 15, a polished desktop citizen: one window per user and library, screenshots for the packaging check,
# the system's light or dark appearance.
list(APPEND SLIPWAY_GUI_SOURCES
    singleinstance.cpp singleinstance.h
    screenshot.cpp screenshot.h
    windowstate.cpp windowstate.h
    shortcutsdialog.cpp shortcutsdialog.h
    accountstatedelegate.cpp accountstatedelegate.h)
list(APPEND SLIPWAY_GUI_SOURCES
    platform/appearance.cpp platform/appearance.h)
find_package(Qt6 REQUIRED COMPONENTS DBus)
target_link_libraries(slipway_gui PUBLIC Qt6::DBus)
