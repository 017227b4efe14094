#pragma once

#include "error.h"

#include <utility>
#include <variant>

namespace Slipway {

// A value or an Error. Small on purpose: `if (!r) return r.error();`, then `r.value()`.
template<typename T> class Result
{
public:
    Result(T value)
        : m_v(std::in_place_index<0>, std::move(value))
    { }
    Result(Error error)
        : m_v(std::in_place_index<1>, std::move(error))
    { }

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T& value() const& { return std::get<0>(m_v); }
    T& value() & { return std::get<0>(m_v); }
    T&& value() && { return std::get<0>(std::move(m_v)); }
    const T* operator->() const { return &std::get<0>(m_v); }
    const Error& error() const
    {
        static const Error none;
        return ok() ? none : std::get<1>(m_v);
    }

private:
    std::variant<T, Error> m_v;
};

struct Ok
{ };

using Status = Result<Ok>;

} // namespace Slipway
