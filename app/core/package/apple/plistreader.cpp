#include "plistreader.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimeZone>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <plist/plist.h>

namespace Slipway::Plist {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("Plist", text);
}

struct PlistFree
{
    void operator()(void* node) const { plist_free(static_cast<plist_t>(node)); }
};
using PlistPtr = std::unique_ptr<void, PlistFree>;

// Owns a malloc'd C string returned by libplist.
struct CFree
{
    void operator()(char* p) const { std::free(p); }
};
using CString = std::unique_ptr<char, CFree>;

// Seconds between 1970-01-01 and 2001-01-01, the plist date epoch.
constexpr qint64 kAppleEpochOffset = 978307200;

class Converter
{
public:
    bool failed = false;
    QString why;

    QVariant convert(plist_t node, int depth)
    {
        if (failed)
            return {};
        if (depth > kMaxDepth)
            return fail(tr("nested deeper than %1 levels").arg(kMaxDepth));
        if (++m_nodes > kMaxNodes)
            return fail(tr("more than %1 values").arg(kMaxNodes));
        switch (plist_get_node_type(node)) {
        case PLIST_BOOLEAN: {
            uint8_t b = 0;
            plist_get_bool_val(node, &b);
            return bool(b);
        }
        case PLIST_UINT: {
            uint64_t v = 0;
            plist_get_uint_val(node, &v);
            // libplist stores negative integers as their two's complement in 64 bits; a value with
            // the top bit set is far more likely a negative number than an integer above 2^63.
            return qlonglong(v);
        }
        case PLIST_REAL: {
            double d = 0;
            plist_get_real_val(node, &d);
            return d;
        }
        case PLIST_STRING: {
            // plist_get_string_val() asserts that the string has no NUL inside (abort on hostile input);
            // the pointer accessor takes the stored length as it is.
            uint64_t len = 0;
            const char* p = plist_get_string_ptr(node, &len);
            if (!p)
                return QString();
            if (len > uint64_t(kMaxBytes))
                return fail(tr("a string value is too large"));
            return QString::fromUtf8(p, qsizetype(len));
        }
        case PLIST_KEY:
            return {}; // keys only occur inside dictionaries, read through plist_dict_next_item()
        case PLIST_DATA: {
            uint64_t len = 0;
            const char* p = plist_get_data_ptr(node, &len);
            if (!p || len == 0)
                return QByteArray();
            if (len > uint64_t(kMaxBytes))
                return fail(tr("a data value is too large"));
            return QByteArray(p, qsizetype(len));
        }
        case PLIST_DATE: {
            int32_t sec = 0;
            int32_t usec = 0;
            plist_get_date_val(node, &sec, &usec);
            const qint64 ms = (qint64(sec) + kAppleEpochOffset) * 1000 + qint64(usec) / 1000;
            return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
        }
        case PLIST_UID: {
            uint64_t v = 0;
            plist_get_uid_val(node, &v);
            return qulonglong(v);
        }
        case PLIST_ARRAY: {
            QVariantList list;
            const uint32_t n = plist_array_get_size(node);
            for (uint32_t i = 0; i < n && !failed; ++i)
                list.append(convert(plist_array_get_item(node, i), depth + 1));
            return list;
        }
        case PLIST_DICT: {
            QVariantMap map;
            plist_dict_iter it = nullptr;
            plist_dict_new_iter(node, &it);
            if (!it)
                return map;
            for (;;) {
                char* rawKey = nullptr;
                plist_t value = nullptr;
                plist_dict_next_item(node, it, &rawKey, &value);
                CString key(rawKey);
                if (!value || failed)
                    break;
                map.insert(QString::fromUtf8(key ? key.get() : ""), convert(value, depth + 1));
            }
            std::free(it);
            return map;
        }
        default:
            return {};
        }
    }

private:
    QVariant fail(const QString& reason)
    {
        if (!failed) {
            failed = true;
            why = reason;
        }
        return {};
    }

    int m_nodes = 0;
};

bool isBinary(const QByteArray& data)
{
    return data.startsWith("bplist00");
}

quint64 readBigEndian(const uchar* p, int n)
{
    quint64 v = 0;
    for (int i = 0; i < n; ++i)
        v = (v << 8) | p[i];
    return v;
}

// libplist 2.2 asserts (aborts the process) when a dictionary key holds a NUL character, because
// plist_dict_next_item() calls plist_get_key_val(). No real property list has one, so binary plists are
// scanned for such keys before libplist sees them. Returns false when one is found or the scan would be
// unreasonably long; a structurally broken file is left for libplist to refuse.
bool binaryDictKeysAreClean(const QByteArray& data)
{
    const qsizetype size = data.size();
    if (size < 8 + 32)
        return true;
    const auto* d = reinterpret_cast<const uchar*>(data.constData());
    const uchar* trailer = d + size - 32;
    const int offsetSize = trailer[6];
    const int refSize = trailer[7];
    const quint64 count = readBigEndian(trailer + 8, 8);
    const quint64 tableOffset = readBigEndian(trailer + 24, 8);
    const quint64 end = quint64(size - 32);
    if (offsetSize < 1 || offsetSize > 8 || refSize < 1 || refSize > 8 || tableOffset >= end
        || count > (end - tableOffset) / quint64(offsetSize))
        return true;
    auto objectOffset = [&](quint64 index) -> quint64 {
        return index < count ? readBigEndian(d + tableOffset + index * quint64(offsetSize), offsetSize) : end;
    };
    // Length of the object at `pos` (low nibble, or an int object after the marker); false when malformed.
    auto length = [&](quint64 pos, quint64& len, quint64& payload) {
        const uchar marker = d[pos];
        len = marker & 0x0F;
        payload = pos + 1;
        if (len != 0x0F)
            return true;
        if (payload >= end || (d[payload] & 0xF0) != 0x10)
            return false;
        const int n = 1 << (d[payload] & 0x0F);
        if (n > 8 || payload + 1 + quint64(n) > end)
            return false;
        len = readBigEndian(d + payload + 1, n);
        payload += 1 + quint64(n);
        return true;
    };
    quint64 budget = quint64(64) * 1024 * 1024; // bytes inspected, against shared-object blow-ups
    for (quint64 i = 0; i < count; ++i) {
        const quint64 off = objectOffset(i);
        if (off >= end || (d[off] >> 4) != 0xD)
            continue;
        quint64 keys = 0;
        quint64 pos = 0;
        if (!length(off, keys, pos) || keys > (end - pos) / quint64(refSize))
            continue;
        for (quint64 k = 0; k < keys; ++k) {
            const quint64 keyOff = objectOffset(readBigEndian(d + pos + k * quint64(refSize), refSize));
            if (keyOff >= end)
                continue;
            const int type = d[keyOff] >> 4;
            if (type != 0x5 && type != 0x6)
                continue;
            quint64 len = 0;
            quint64 at = 0;
            if (!length(keyOff, len, at))
                continue;
            const quint64 bytes = qMin<quint64>(type == 0x6 ? len * 2 : len, end - qMin(at, end));
            if (bytes + 1 > budget)
                return false;
            budget -= bytes + 1;
            for (quint64 b = 0; b < bytes; b += (type == 0x6 ? 2 : 1)) {
                if (d[at + b] == 0 && (type == 0x5 || (b + 1 < bytes && d[at + b + 1] == 0)))
                    return false;
            }
        }
    }
    return true;
}

// XML plists start (after an optional BOM and whitespace) with "<?xml", "<!DOCTYPE" or "<plist".
bool looksLikeXml(const QByteArray& data)
{
    qsizetype i = 0;
    if (data.startsWith("\xEF\xBB\xBF"))
        i = 3;
    while (i < data.size() && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
        ++i;
    return i < data.size() && data[i] == '<';
}

// libplist 2.2's XML parser recurses once per nesting level; refuse absurd nesting before handing it over.
bool xmlNestingWithinLimit(const QByteArray& data)
{
    int depth = 0;
    const char* p = data.constData();
    const char* end = p + data.size();
    for (; p < end; ++p) {
        if (*p != '<' || p + 1 >= end)
            continue;
        const char c = p[1];
        if (c == '/') {
            if (depth > 0)
                --depth;
            continue;
        }
        if (c == '?' || c == '!')
            continue;
        // An opening tag; self-closing tags ("<true/>") do not nest.
        const char* close = static_cast<const char*>(memchr(p, '>', size_t(end - p)));
        if (!close)
            break;
        if (close[-1] != '/' && ++depth > kMaxDepth * 2 + 8)
            return false;
        p = close;
    }
    return true;
}

} // namespace

QString formatName(Format format)
{
    return format == Format::Binary ? QStringLiteral("binary") : QStringLiteral("xml");
}

Result<Document> parse(const QByteArray& data, const QString& what)
{
    if (data.isEmpty())
        return Error(Error::Kind::InvalidPackage, tr("%1 is empty.").arg(what));
    if (data.size() > kMaxBytes)
        return Error(Error::Kind::InvalidPackage,
            tr("%1 is larger than %2 bytes, which no real property list is.").arg(what).arg(kMaxBytes));
    Document doc;
    plist_t raw = nullptr;
    if (isBinary(data)) {
        doc.format = Format::Binary;
        if (!binaryDictKeysAreClean(data))
            return Error(Error::Kind::InvalidPackage,
                tr("%1 is malformed: a dictionary key contains a NUL character.").arg(what));
        plist_from_bin(data.constData(), uint32_t(data.size()), &raw);
    } else if (looksLikeXml(data)) {
        doc.format = Format::Xml;
        if (data.contains('\0'))
            return Error(Error::Kind::InvalidPackage, tr("%1 is malformed: XML cannot contain NUL bytes.").arg(what));
        if (!xmlNestingWithinLimit(data))
            return Error(Error::Kind::InvalidPackage,
                tr("%1 is malformed: nested deeper than %2 levels.").arg(what).arg(kMaxDepth));
        plist_from_xml(data.constData(), uint32_t(data.size()), &raw);
    } else {
        return Error(Error::Kind::InvalidPackage, tr("%1 is neither an XML nor a binary property list.").arg(what),
            QStringLiteral("first bytes: %1").arg(QString::fromLatin1(data.left(8).toHex(' '))));
    }
    PlistPtr root(raw);
    if (!root)
        return Error(
            Error::Kind::InvalidPackage, tr("%1 is a malformed %2 property list.").arg(what, formatName(doc.format)));
    Converter conv;
    doc.root = conv.convert(root.get(), 0);
    if (conv.failed)
        return Error(Error::Kind::InvalidPackage, tr("%1 is malformed: %2.").arg(what, conv.why));
    return doc;
}

} // namespace Slipway::Plist
