list(APPEND SLIPWAY_CORE_SOURCES
    providers/applivery/appliveryjson.cpp providers/applivery/appliveryjson.h
    providers/applivery/appliveryprovider.cpp providers/applivery/appliveryprovider.h
    providers/applivery/appliveryservice.cpp providers/applivery/appliveryservice.h)
# Provider::download (the QA browser, issue 13)
list(APPEND SLIPWAY_CORE_SOURCES providers/applivery/appliverydownload.cpp)
