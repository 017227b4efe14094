# The top of the core: the object that wires accounts, secrets, the HTTP client and the providers together
# (Workspace), and the account operations that touch both settings and the keychain (AccountManager).
list(APPEND SLIPWAY_CORE_SOURCES
    session/workspace.cpp session/workspace.h
    session/accountmanager.cpp session/accountmanager.h)
