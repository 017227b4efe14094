#include "lazylibrary.h"

#include <dlfcn.h>

namespace Slipway {

bool LazyLibrary::load(QString* error) const
{
    std::call_once(m_once, [this] {
        // RTLD_LOCAL: its symbols stay out of the global scope, so they never compete with the forwarders.
        m_handle = dlopen(m_soname, RTLD_NOW | RTLD_LOCAL);
        if (!m_handle)
            m_error = QString::fromLocal8Bit(dlerror());
    });
    if (!m_handle && error)
        *error = m_error;
    return m_handle != nullptr;
}

void* LazyLibrary::symbol(const char* name) const
{
    return load() ? dlsym(m_handle, name) : nullptr;
}

} // namespace Slipway
