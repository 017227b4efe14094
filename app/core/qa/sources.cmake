# The QA version browser's core (issue 13): every account at once, pruning rules, QR codes, comparing builds.
list(APPEND SLIPWAY_CORE_SOURCES
    qa/allaccounts.cpp qa/allaccounts.h
    qa/prune.cpp qa/prune.h
    qa/qrcode.cpp qa/qrcode.h
    qa/comparejob.cpp qa/comparejob.h
    qa/comparemeta.cpp qa/comparemeta.h)
