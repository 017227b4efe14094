#include "libcurlloader.h"

#include <common/lazylibrary.h>
#include <cstdarg>
// Plain prototypes: curl.h's GCC type checks turn curl_easy_setopt/getinfo into macros, which the definitions
// below would expand.
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>

// The curl_* functions below stand in for libcurl's own, which Slipway does not link (see libcurlloader.h): each
// forwards to the same function of libcurl.so.4, loaded on first use. Only the functions CurlReply calls are here;
// a new call fails to link until it is added.

namespace Slipway::LibCurl {

namespace {

const LazyLibrary libcurl("libcurl.so.4");

} // namespace

bool load(QString* error)
{
    return libcurl.load(error);
}

template<SymbolName name, typename Fn> Fn resolve()
{
    return lazySymbol<libcurl, name, Fn>();
}

} // namespace Slipway::LibCurl

using Slipway::LibCurl::resolve;

// RequestBody checks LibCurl::load() before a CurlReply exists; the fallbacks only keep a misuse from crashing.
extern "C" {

CURLcode curl_global_init(long flags)
{
    const auto fn = resolve<"curl_global_init", decltype(&curl_global_init)>();
    return fn ? fn(flags) : CURLE_FAILED_INIT;
}

CURL* curl_easy_init()
{
    const auto fn = resolve<"curl_easy_init", decltype(&curl_easy_init)>();
    return fn ? fn() : nullptr;
}

// The option's number tells the type of its one argument (curl.h: CURLOPTTYPE_*), which is passed on as read.
// Callbacks travel as pointers, as they do through libcurl's own variadic interface.
CURLcode curl_easy_setopt(CURL* curl, CURLoption option, ...)
{
    const auto fn = resolve<"curl_easy_setopt", decltype(&curl_easy_setopt)>();
    if (!fn)
        return CURLE_FAILED_INIT;
    va_list args;
    va_start(args, option);
    CURLcode result;
    if (option < CURLOPTTYPE_OBJECTPOINT)
        result = fn(curl, option, va_arg(args, long));
    else if (option < CURLOPTTYPE_OFF_T)
        result = fn(curl, option, va_arg(args, void*)); // objects and functions
    else if (option < CURLOPTTYPE_BLOB)
        result = fn(curl, option, va_arg(args, curl_off_t));
    else
        result = fn(curl, option, va_arg(args, void*));
    va_end(args);
    return result;
}

// Every CURLINFO takes a pointer to where the answer goes.
CURLcode curl_easy_getinfo(CURL* curl, CURLINFO info, ...)
{
    const auto fn = resolve<"curl_easy_getinfo", decltype(&curl_easy_getinfo)>();
    if (!fn)
        return CURLE_FAILED_INIT;
    va_list args;
    va_start(args, info);
    const CURLcode result = fn(curl, info, va_arg(args, void*));
    va_end(args);
    return result;
}

void curl_easy_cleanup(CURL* curl)
{
    if (const auto fn = resolve<"curl_easy_cleanup", decltype(&curl_easy_cleanup)>())
        fn(curl);
}

const char* curl_easy_strerror(CURLcode code)
{
    const auto fn = resolve<"curl_easy_strerror", decltype(&curl_easy_strerror)>();
    return fn ? fn(code) : "libcurl is not loaded";
}

CURLM* curl_multi_init()
{
    const auto fn = resolve<"curl_multi_init", decltype(&curl_multi_init)>();
    return fn ? fn() : nullptr;
}

CURLMcode curl_multi_add_handle(CURLM* multi, CURL* curl)
{
    const auto fn = resolve<"curl_multi_add_handle", decltype(&curl_multi_add_handle)>();
    return fn ? fn(multi, curl) : CURLM_INTERNAL_ERROR;
}

CURLMcode curl_multi_remove_handle(CURLM* multi, CURL* curl)
{
    const auto fn = resolve<"curl_multi_remove_handle", decltype(&curl_multi_remove_handle)>();
    return fn ? fn(multi, curl) : CURLM_INTERNAL_ERROR;
}

CURLMcode curl_multi_cleanup(CURLM* multi)
{
    const auto fn = resolve<"curl_multi_cleanup", decltype(&curl_multi_cleanup)>();
    return fn ? fn(multi) : CURLM_INTERNAL_ERROR;
}

CURLMcode curl_multi_perform(CURLM* multi, int* running)
{
    const auto fn = resolve<"curl_multi_perform", decltype(&curl_multi_perform)>();
    return fn ? fn(multi, running) : CURLM_INTERNAL_ERROR;
}

CURLMcode curl_multi_poll(CURLM* multi, curl_waitfd extraFds[], unsigned int extraCount, int timeoutMs, int* ready)
{
    const auto fn = resolve<"curl_multi_poll", decltype(&curl_multi_poll)>();
    return fn ? fn(multi, extraFds, extraCount, timeoutMs, ready) : CURLM_INTERNAL_ERROR;
}

CURLMcode curl_multi_wakeup(CURLM* multi)
{
    const auto fn = resolve<"curl_multi_wakeup", decltype(&curl_multi_wakeup)>();
    return fn ? fn(multi) : CURLM_INTERNAL_ERROR;
}

CURLMsg* curl_multi_info_read(CURLM* multi, int* queued)
{
    const auto fn = resolve<"curl_multi_info_read", decltype(&curl_multi_info_read)>();
    return fn ? fn(multi, queued) : nullptr;
}

curl_slist* curl_slist_append(curl_slist* list, const char* text)
{
    const auto fn = resolve<"curl_slist_append", decltype(&curl_slist_append)>();
    return fn ? fn(list, text) : nullptr;
}

void curl_slist_free_all(curl_slist* list)
{
    if (const auto fn = resolve<"curl_slist_free_all", decltype(&curl_slist_free_all)>())
        fn(list);
}

} // extern "C"
