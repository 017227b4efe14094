# The bottom layer: the error value, Result, jobs (asynchronous operations) and the worker-thread job.
list(APPEND SLIPWAY_CORE_SOURCES
    common/error.cpp common/error.h
    common/result.h
    common/job.cpp common/job.h
    common/workerjob.h
    common/lazylibrary.cpp common/lazylibrary.h
    common/naturalcompare.cpp common/naturalcompare.h)
