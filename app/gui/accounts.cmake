# The Accounts dialog (issue 4); its form is ui/accountsdialog.ui (found through AUTOUIC_SEARCH_PATHS).
list(APPEND SLIPWAY_GUI_SOURCES
    accountsdialog.cpp accountsdialog.h)
