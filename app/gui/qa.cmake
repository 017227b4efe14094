# The QA version browser's window parts (issue 13).
list(APPEND SLIPWAY_GUI_SOURCES
    qaactions.cpp qaactions.h
    comparedialog.cpp comparedialog.h
    qrdialog.cpp qrdialog.h
    qrpanel.cpp qrpanel.h
    allaccountsdialog.cpp allaccountsdialog.h
    apptreefilter.cpp apptreefilter.h
    iconcache.cpp iconcache.h)
