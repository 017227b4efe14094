# The QA version browser's window parts (issue 13).
list(APPEND SLIPWAY_GUI_SOURCES
    qaactions.cpp qaactions.h
    comparedialog.cpp comparedialog.h
    qrdialog.cpp qrdialog.h
    allaccountsdialog.cpp allaccountsdialog.h)
