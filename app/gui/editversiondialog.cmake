list(APPEND SLIPWAY_GUI_SOURCES
    editversiondialog.cpp editversiondialog.h)
