# The Accounts dialog (issue 4; account health, issue 15); its form is ui/accountsdialog.ui (found through
# AUTOUIC_SEARCH_PATHS).
list(APPEND SLIPWAY_GUI_SOURCES
    accountsdialog.cpp accountsdialog.h accountfieldcheck.cpp accountfieldcheck.h)
