#include "lazylibrary.h"

#include <QtGlobal>
#include <dlfcn.h>

namespace Slipway {

bool LazyLibrary::load(QString* error) const
{
    std::call_once(m_once, [this] {
        // RTLD_LOCAL: its symbols stay out of the global scope, so they never compete with the forwarders.
        m_handle = dlopen(m_soname, RTLD_NOW | RTLD_LOCAL);
        if (!m_handle) {
            m_error = QString::fromLocal8Bit(dlerror());
            return;
        }
        for (std::size_t i = 0; i < m_symbolCount; ++i) {
            if (!dlsym(m_handle, m_symbols[i])) {
                m_error = QStringLiteral("%1 has no %2 (a version too old?)")
                              .arg(QLatin1String(m_soname), QLatin1String(m_symbols[i]));
                dlclose(m_handle);
                m_handle = nullptr;
                return;
            }
        }
    });
    if (!m_handle && error)
        *error = m_error;
    return m_handle != nullptr;
}

void* LazyLibrary::symbol(const char* name) const
{
    void* address = load() ? dlsym(m_handle, name) : nullptr;
    if (!address)
        qFatal("%s called before %s was loaded: %s", name, m_soname, qPrintable(m_error));
    return address;
}

} // namespace Slipway
