# The Publish dialog's parts (issue 11): the destination list and the release notes editor.
list(APPEND SLIPWAY_GUI_SOURCES
    publish/destinationlist.cpp publish/destinationlist.h
    publish/noteseditor.cpp publish/noteseditor.h)
