#include "plistreader.h"

#include "bplistcheck.h"

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

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::Plist)
};

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
            return fail(Texts::tr("nested deeper than %1 levels").arg(kMaxDepth));
        if (++m_nodes > kMaxNodes)
            return fail(Texts::tr("more than %1 values").arg(kMaxNodes));
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
                return fail(Texts::tr("a string value is too large"));
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
                return fail(Texts::tr("a data value is too large"));
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

// libplist 2.2's XML parser recurses once per nesting level and builds the whole tree before our converter
// applies any limit: refuse absurd nesting, an absurd number of elements (16 MB of "<true/>" would be a tree of
// hundreds of MB) and entity declarations (no real property list has one; they can expand without end) first.
// Returns an empty string when the document may be handed over, otherwise what is wrong.
QString xmlShapeProblem(const QByteArray& data)
{
    if (data.contains("<!ENTITY"))
        return Texts::tr("it declares XML entities, which no real property list does");
    int depth = 0;
    qint64 elements = 0;
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
        if (++elements > kMaxXmlElements)
            return Texts::tr("it has more than %1 elements").arg(kMaxXmlElements);
        // An opening tag; self-closing tags ("<true/>") do not nest.
        const char* close = static_cast<const char*>(memchr(p, '>', size_t(end - p)));
        if (!close)
            break;
        if (close[-1] != '/' && ++depth > kMaxDepth * 2 + 8)
            return Texts::tr("nested deeper than %1 levels").arg(kMaxDepth);
        p = close;
    }
    return {};
}

} // namespace

QString formatName(Format format)
{
    return format == Format::Binary ? QStringLiteral("binary") : QStringLiteral("xml");
}

Result<Document> parse(const QByteArray& data, const QString& what)
{
    if (data.isEmpty())
        return Error(Error::Kind::InvalidPackage, Texts::tr("%1 is empty.").arg(what));
    if (data.size() > kMaxBytes)
        return Error(Error::Kind::InvalidPackage,
            Texts::tr("%1 is larger than %2 bytes, which no real property list is.").arg(what).arg(kMaxBytes));
    Document doc;
    plist_t raw = nullptr;
    if (isBinary(data)) {
        doc.format = Format::Binary;
        // libplist builds the whole tree before any limit of ours applies: check its shape first.
        if (auto st = checkBinary(data); !st)
            return Error(Error::Kind::InvalidPackage, Texts::tr("%1 is malformed: %2.").arg(what, st.error().message));
        plist_from_bin(data.constData(), uint32_t(data.size()), &raw);
    } else if (looksLikeXml(data)) {
        doc.format = Format::Xml;
        if (data.contains('\0'))
            return Error(
                Error::Kind::InvalidPackage, Texts::tr("%1 is malformed: XML cannot contain NUL bytes.").arg(what));
        if (const QString problem = xmlShapeProblem(data); !problem.isEmpty())
            return Error(Error::Kind::InvalidPackage, Texts::tr("%1 is malformed: %2.").arg(what, problem));
        plist_from_xml(data.constData(), uint32_t(data.size()), &raw);
    } else {
        return Error(Error::Kind::InvalidPackage,
            Texts::tr("%1 is neither an XML nor a binary property list.").arg(what),
            QStringLiteral("first bytes: %1").arg(QString::fromLatin1(data.left(8).toHex(' '))));
    }
    PlistPtr root(raw);
    if (!root)
        return Error(Error::Kind::InvalidPackage,
            Texts::tr("%1 is a malformed %2 property list.").arg(what, formatName(doc.format)));
    Converter conv;
    doc.root = conv.convert(root.get(), 0);
    if (conv.failed)
        return Error(Error::Kind::InvalidPackage, Texts::tr("%1 is malformed: %2.").arg(what, conv.why));
    return doc;
}

} // namespace Slipway::Plist
