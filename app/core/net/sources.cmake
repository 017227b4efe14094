# The network client in parts; net/httpclient.h includes the public ones.
foreach(part
        attemptfailure curlreply httpauth httpclient httpjob libcurlloader httprequest httpresponse netlog pagedjob paging redaction
        requestbody retrypolicy transferprogress)
    list(APPEND SLIPWAY_CORE_SOURCES net/${part}.cpp net/${part}.h)
endforeach()
