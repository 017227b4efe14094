#pragma once

#include <QString>
#include <algorithm>
#include <cstddef>
#include <mutex>
#include <string_view>

namespace Slipway {

// A shared library loaded with dlopen() on first use instead of at start: libpq (the team library) and libcurl
// (file uploads) each bring about twenty more libraries (Kerberos, LDAP, GnuTLS, SSH...), which every start of
// slipway-cli and the window would otherwise map and relocate, whatever the command. The files that use such a
// library define its functions themselves (see library/team/libpqloader.cpp, net/libcurlloader.cpp) and forward
// each to the loaded library through lazySymbol().
//
// load() succeeds only when every function the forwarders call is there, so a library too old (or not the one
// expected) is a clear error before the first call, never a forwarder without a function behind it.
class LazyLibrary
{
public:
    // `symbols`: every function the forwarders call (lazySymbol() refuses to compile for one not listed).
    template<std::size_t N>
    LazyLibrary(const char* soname, const char* const (&symbols)[N])
        : m_soname(soname)
        , m_symbols(symbols)
        , m_symbolCount(N)
    { }

    // Loads it once (thread-safe); false with `error` when it cannot be loaded or lacks one of its symbols.
    bool load(QString* error = nullptr) const;
    // The address of a listed function. Only after load() succeeded: anything else is a programming error, and fatal.
    void* symbol(const char* name) const;

private:
    const char* m_soname;
    const char* const* m_symbols;
    std::size_t m_symbolCount;
    mutable std::once_flag m_once;
    mutable void* m_handle = nullptr;
    mutable QString m_error;
};

// A string usable as a template argument, so that each function's address is looked up once.
template<std::size_t N> struct SymbolName
{
    constexpr SymbolName(const char (&s)[N]) { std::copy_n(s, N, text); }
    char text[N];
};

template<std::size_t N, std::size_t M>
constexpr bool isListed(const char* const (&symbols)[N], const SymbolName<M>& name)
{
    return std::find(std::begin(symbols), std::end(symbols), std::string_view(name.text)) != std::end(symbols);
}

// `name` in `library` as a pointer to a function of type Fn, looked up on the first call.
template<const LazyLibrary& library, const auto& symbols, SymbolName name, typename Fn> Fn lazySymbol()
{
    static_assert(isListed(symbols, name), "a forwarded function must be in its library's symbol list");
    static const Fn fn = reinterpret_cast<Fn>(library.symbol(name.text));
    return fn;
}

} // namespace Slipway
