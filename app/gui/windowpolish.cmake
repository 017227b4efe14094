# Issue 15, window polish: the toolbar's palette-following icons, the empty state, raw values read as words.
list(APPEND SLIPWAY_GUI_SOURCES
    themedicon.cpp themedicon.h
    emptystate.cpp emptystate.h
    displaytext.cpp displaytext.h
    focusorder.cpp focusorder.h
    screenfit.cpp screenfit.h)
