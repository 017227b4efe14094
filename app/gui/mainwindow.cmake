list(APPEND SLIPWAY_GUI_SOURCES
    mainwindow.cpp mainwindow.h
    publishdialog.cpp publishdialog.h
    detailspane.cpp detailspane.h
    messagebar.cpp messagebar.h
    userprompts.cpp userprompts.h)
