list(APPEND SLIPWAY_CORE_SOURCES
    providers/applivery/appliveryjson.cpp providers/applivery/appliveryjson.h
    providers/applivery/appliveryprovider.cpp providers/applivery/appliveryprovider.h
    providers/applivery/appliveryservice.cpp providers/applivery/appliveryservice.h)
