#include "protowire.h"

namespace Slipway::Android {

bool ProtoReader::readVarint(quint64& out)
{
    out = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (m_pos >= m_data.size())
            return false;
        const quint8 b = quint8(m_data[m_pos++]);
        out |= quint64(b & 0x7F) << shift;
        if (!(b & 0x80))
            return true;
    }
    return false; // more than 10 bytes
}

bool ProtoReader::next()
{
    if (m_error || m_pos >= m_data.size())
        return false;
    quint64 key = 0;
    if (!readVarint(key) || (key >> 3) == 0 || (key >> 3) > 0x1FFFFFFF) {
        m_error = true;
        return false;
    }
    m_field = quint32(key >> 3);
    m_wireType = int(key & 7);
    m_varint = 0;
    m_bytes = {};
    switch (m_wireType) {
    case Varint:
        if (!readVarint(m_varint)) {
            m_error = true;
            return false;
        }
        return true;
    case Fixed64:
    case Fixed32: {
        const int n = m_wireType == Fixed64 ? 8 : 4;
        if (m_data.size() - m_pos < n) {
            m_error = true;
            return false;
        }
        for (int i = 0; i < n; ++i)
            m_varint |= quint64(quint8(m_data[m_pos + i])) << (8 * i);
        m_pos += n;
        return true;
    }
    case LengthDelimited: {
        quint64 len = 0;
        if (!readVarint(len) || len > quint64(m_data.size() - m_pos)) {
            m_error = true;
            return false;
        }
        m_bytesOffset = m_pos;
        m_bytes = m_data.sliced(m_pos, qsizetype(len));
        m_pos += qsizetype(len);
        return true;
    }
    default: // groups (3, 4) are obsolete and never used by aapt2 or bundletool
        m_error = true;
        return false;
    }
}

quint64 protoVarint(QByteArrayView message, quint32 field, quint64 fallback)
{
    ProtoReader r(message);
    while (r.next()) {
        if (r.field() == field && r.wireType() == ProtoReader::Varint)
            return r.varint();
    }
    return fallback;
}

QString protoString(QByteArrayView message, quint32 field)
{
    ProtoReader r(message);
    while (r.next()) {
        if (r.field() == field && r.wireType() == ProtoReader::LengthDelimited)
            return r.string();
    }
    return QString();
}

QByteArrayView protoMessage(QByteArrayView message, quint32 field)
{
    ProtoReader r(message);
    while (r.next()) {
        if (r.field() == field && r.wireType() == ProtoReader::LengthDelimited)
            return r.bytes();
    }
    return {};
}

} // namespace Slipway::Android
