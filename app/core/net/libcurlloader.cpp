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

constexpr const char* kSymbols[] = {
    "curl_global_init",
    "curl_easy_init",
    "curl_easy_setopt",
    "curl_easy_getinfo",
    "curl_easy_cleanup",
    "curl_easy_strerror",
    "curl_multi_init",
    "curl_multi_add_handle",
    "curl_multi_remove_handle",
    "curl_multi_cleanup",
    "curl_multi_perform",
    "curl_multi_poll",
    "curl_multi_wakeup",
    "curl_multi_info_read",
    "curl_slist_append",
    "curl_slist_free_all",
};

const LazyLibrary libcurl("libcurl.so.4", kSymbols);

} // namespace

bool load(QString* error)
{
    return libcurl.load(error);
}

template<SymbolName name, typename Fn> Fn resolve()
{
    return lazySymbol<libcurl, kSymbols, name, Fn>();
}

} // namespace Slipway::LibCurl

using Slipway::LibCurl::resolve;

// RequestBody checks LibCurl::load() before a CurlReply exists, and load() checks that every function is there.
extern "C" {

CURLcode curl_global_init(long flags)
{
    return resolve<"curl_global_init", decltype(&curl_global_init)>()(flags);
}

CURL* curl_easy_init()
{
    return resolve<"curl_easy_init", decltype(&curl_easy_init)>()();
}

// The option's number tells the type of its one argument (curl.h: CURLOPTTYPE_*), which is passed on as read.
// Callbacks travel as pointers, as they do through libcurl's own variadic interface.
CURLcode curl_easy_setopt(CURL* curl, CURLoption option, ...)
{
    const auto fn = resolve<"curl_easy_setopt", decltype(&curl_easy_setopt)>();
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
    va_list args;
    va_start(args, info);
    const CURLcode result = fn(curl, info, va_arg(args, void*));
    va_end(args);
    return result;
}

void curl_easy_cleanup(CURL* curl)
{
    resolve<"curl_easy_cleanup", decltype(&curl_easy_cleanup)>()(curl);
}

const char* curl_easy_strerror(CURLcode code)
{
    return resolve<"curl_easy_strerror", decltype(&curl_easy_strerror)>()(code);
}

CURLM* curl_multi_init()
{
    return resolve<"curl_multi_init", decltype(&curl_multi_init)>()();
}

CURLMcode curl_multi_add_handle(CURLM* multi, CURL* curl)
{
    return resolve<"curl_multi_add_handle", decltype(&curl_multi_add_handle)>()(multi, curl);
}

CURLMcode curl_multi_remove_handle(CURLM* multi, CURL* curl)
{
    return resolve<"curl_multi_remove_handle", decltype(&curl_multi_remove_handle)>()(multi, curl);
}

CURLMcode curl_multi_cleanup(CURLM* multi)
{
    return resolve<"curl_multi_cleanup", decltype(&curl_multi_cleanup)>()(multi);
}

CURLMcode curl_multi_perform(CURLM* multi, int* running)
{
    return resolve<"curl_multi_perform", decltype(&curl_multi_perform)>()(multi, running);
}

CURLMcode curl_multi_poll(CURLM* multi, curl_waitfd extraFds[], unsigned int extraCount, int timeoutMs, int* ready)
{
    return resolve<"curl_multi_poll", decltype(&curl_multi_poll)>()(multi, extraFds, extraCount, timeoutMs, ready);
}

CURLMcode curl_multi_wakeup(CURLM* multi)
{
    return resolve<"curl_multi_wakeup", decltype(&curl_multi_wakeup)>()(multi);
}

CURLMsg* curl_multi_info_read(CURLM* multi, int* queued)
{
    return resolve<"curl_multi_info_read", decltype(&curl_multi_info_read)>()(multi, queued);
}

curl_slist* curl_slist_append(curl_slist* list, const char* text)
{
    return resolve<"curl_slist_append", decltype(&curl_slist_append)>()(list, text);
}

void curl_slist_free_all(curl_slist* list)
{
    resolve<"curl_slist_free_all", decltype(&curl_slist_free_all)>()(list);
}

} // extern "C"
