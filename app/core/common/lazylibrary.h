#pragma once

#include <QString>
#include <algorithm>
#include <cstddef>
#include <mutex>

namespace Slipway {

// A shared library loaded with dlopen() on first use instead of at start: libpq (the team library) and libcurl
// (file uploads) each bring about twenty more libraries (Kerberos, LDAP, GnuTLS, SSH...), which every start of
// slipway-cli and the window would otherwise map and relocate, whatever the command. The files that use such a
// library define its functions themselves (see library/team/libpqloader.cpp, net/libcurlloader.cpp) and forward
// each to the loaded library through lazySymbol().
class LazyLibrary
{
public:
    explicit LazyLibrary(const char* soname)
        : m_soname(soname)
    { }

    // Loads it once (thread-safe); false with `error` (dlerror's text) when it cannot be loaded.
    bool load(QString* error = nullptr) const;
    // The address of `name` in it; null when the library or the symbol is missing.
    void* symbol(const char* name) const;

private:
    const char* m_soname;
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

// `name` in `library` as a pointer to a function of type Fn (null when missing), looked up on the first call.
template<const LazyLibrary& library, SymbolName name, typename Fn> Fn lazySymbol()
{
    static const Fn fn = reinterpret_cast<Fn>(library.symbol(name.text));
    return fn;
}

} // namespace Slipway
