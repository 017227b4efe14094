#include "binaryxml.h"

#include <QCoreApplication>
#include <cstring>
#include <vector>

namespace Slipway::Android {

namespace {

constexpr quint16 kResStringPoolType = 0x0001;
constexpr quint16 kResXmlType = 0x0003;
constexpr quint16 kResXmlStartNamespace = 0x0100;
constexpr quint16 kResXmlLastNode = 0x017f;
constexpr quint16 kResXmlStartElement = 0x0102;
constexpr quint16 kResXmlEndElement = 0x0103;
constexpr quint16 kResXmlResourceMap = 0x0180;
constexpr quint32 kNoIndex = 0xFFFFFFFFu;

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::BinaryXml)
};

Error invalid(const QString& what)
{
    return Error(Error::Kind::InvalidPackage, Texts::tr("AndroidManifest.xml is not valid binary XML: %1.").arg(what));
}

} // namespace

QString XmlAttribute::literal() const
{
    switch (type) {
    case TypeString:
        return string;
    case TypeIntDec:
    case TypeIntHex:
        return QString::number(qint32(data));
    case TypeBoolean:
        return data ? QStringLiteral("true") : QStringLiteral("false");
    case TypeNull:
        return string;
    default:
        return QString();
    }
}

const XmlAttribute* XmlElement::attribute(quint32 resId, QStringView fallbackName) const
{
    if (resId != 0) {
        for (const XmlAttribute& a : attributes) {
            if (a.resourceId == resId)
                return &a;
        }
    }
    if (!fallbackName.isEmpty()) {
        for (const XmlAttribute& a : attributes) {
            if (a.resourceId == 0 && a.name == fallbackName)
                return &a;
        }
    }
    return nullptr;
}

const XmlAttribute* XmlElement::plainAttribute(QStringView name) const
{
    for (const XmlAttribute& a : attributes) {
        if (a.resourceId == 0 && a.namespaceUri.isEmpty() && a.name == name)
            return &a;
    }
    return nullptr;
}

// The context is spelled out here: lupdate cannot place StringPool (binaryxml.h) and would lose Texts.
Status StringPool::parseHeader(const uchar* chunk, qint64 size)
{
    // ResStringPool_header: chunk header (8), stringCount, styleCount, flags, stringsStart, stylesStart.
    if (size < 28)
        return invalid(QCoreApplication::translate("Slipway::BinaryXml", "string pool header is truncated"));
    const quint16 headerSize = rd16(chunk + 2);
    if (headerSize < 28 || headerSize > size)
        return invalid(QCoreApplication::translate("Slipway::BinaryXml", "string pool header size is out of range"));
    const quint32 count = rd32(chunk + 8);
    const quint32 flags = rd32(chunk + 16);
    const quint32 stringsStart = rd32(chunk + 20);
    if (!inBounds(size, headerSize, qint64(count) * 4))
        return invalid(
            QCoreApplication::translate("Slipway::BinaryXml", "string pool declares more strings than it holds"));
    if (count > 0 && (stringsStart > size || stringsStart < headerSize))
        return invalid(QCoreApplication::translate("Slipway::BinaryXml", "string pool data starts outside the chunk"));
    m_size = size;
    m_count = count;
    m_offsetsAt = headerSize;
    m_stringsAt = stringsStart;
    m_utf8 = (flags & 0x100) != 0;
    return Ok {};
}

Status StringPool::parse(const uchar* chunk, qint64 size)
{
    const Status st = parseHeader(chunk, size);
    if (st)
        m_chunk = chunk;
    return st;
}

Status StringPool::parse(const OnDemandBytes& bytes, qint64 chunkOffset, qint64 size)
{
    uchar header[28];
    if (size >= qint64(sizeof header) && !bytes.read(chunkOffset, sizeof header, header))
        return invalid(bytes.error());
    const Status st = parseHeader(header, size);
    if (st) {
        m_source = &bytes;
        m_sourceOffset = chunkOffset;
    }
    return st;
}

bool StringPool::fetch(qint64 at, qint64 length, void* out) const
{
    if (!inBounds(m_size, at, length))
        return false;
    if (m_source)
        return m_source->read(m_sourceOffset + at, length, static_cast<uchar*>(out));
    if (!m_chunk)
        return false;
    memcpy(out, m_chunk + at, size_t(length));
    return true;
}

QString StringPool::string(quint32 index) const
{
    uchar offset[4];
    if (index >= m_count || !fetch(m_offsetsAt + qint64(index) * 4, 4, offset))
        return QString();
    const quint32 rel = rd32(offset);
    const qint64 at = m_stringsAt + qint64(rel);
    const auto cached = m_cache.constFind(at);
    if (cached != m_cache.cend())
        return *cached;
    if (m_budget <= 0)
        return QString();
    QString s = decode(at);
    m_budget -= s.size() + 1;
    if (m_budget < 0)
        return QString();
    m_cache.insert(at, s);
    return s;
}

QString StringPool::decode(qint64 at) const
{
    if (!inBounds(m_size, at, 2))
        return QString();
    // The lengths come first: 2 to 4 bytes.
    uchar lengths[4] = {};
    const qint64 lengthsAt = at;
    const qint64 lengthBytes = qMin<qint64>(4, m_size - at);
    if (!fetch(at, lengthBytes, lengths))
        return QString();
    if (m_utf8) {
        // UTF-16 length (1 or 2 bytes), then UTF-8 byte length (1 or 2 bytes), then the bytes.
        auto readLen8 = [&](qint64& pos, qint64& out) {
            if (pos - lengthsAt >= lengthBytes)
                return false;
            quint32 len = lengths[pos++ - lengthsAt];
            if (len & 0x80) {
                if (pos - lengthsAt >= lengthBytes)
                    return false;
                len = ((len & 0x7F) << 8) | lengths[pos++ - lengthsAt];
            }
            out = len;
            return true;
        };
        qint64 utf16Len = 0;
        qint64 byteLen = 0;
        if (!readLen8(at, utf16Len) || !readLen8(at, byteLen))
            return QString();
        if (!inBounds(m_size, at, byteLen))
            byteLen = m_size - at; // unterminated/overlong: take what is there
        byteLen = qMin<qint64>(byteLen, m_budget);
        if (!m_source)
            return QString::fromUtf8(reinterpret_cast<const char*>(m_chunk + at), byteLen);
        QByteArray utf8(byteLen, Qt::Uninitialized);
        return fetch(at, byteLen, utf8.data()) ? QString::fromUtf8(utf8) : QString();
    }
    quint32 len = rd16(lengths);
    at += 2;
    if (len & 0x8000) {
        if (lengthBytes < 4)
            return QString();
        len = ((len & 0x7FFF) << 16) | rd16(lengths + 2);
        at += 2;
    }
    qint64 units = len;
    if (!inBounds(m_size, at, units * 2))
        units = (m_size - at) / 2;
    units = qMin<qint64>(units, m_budget);
    QString out(units, Qt::Uninitialized);
#if Q_BYTE_ORDER == Q_LITTLE_ENDIAN
    if (!fetch(at, units * 2, out.data()))
        return QString();
#else
    QByteArray utf16(units * 2, Qt::Uninitialized);
    if (!fetch(at, units * 2, utf16.data()))
        return QString();
    for (qint64 i = 0; i < units; ++i)
        out[i] = QChar(rd16(reinterpret_cast<const uchar*>(utf16.constData()) + i * 2));
#endif
    return out;
}

Result<XmlElement> parseBinaryXml(const QByteArray& bytes, const BinaryXmlLimits& limits)
{
    const auto* data = reinterpret_cast<const uchar*>(bytes.constData());
    const qint64 total = bytes.size();
    if (total < 8)
        return invalid(Texts::tr("the file is shorter than a chunk header"));
    if (rd16(data) != kResXmlType)
        return invalid(Texts::tr("the file does not start with an XML chunk"));
    const quint16 fileHeaderSize = rd16(data + 2);
    qint64 end = rd32(data + 4);
    if (end > total || end < 8)
        end = total; // the declared size over- or under-states the real size: trust the buffer
    if (fileHeaderSize < 8 || fileHeaderSize > end)
        return invalid(Texts::tr("the XML header size is out of range"));

    StringPool pool;
    bool havePool = false;
    std::vector<quint32> resourceMap;
    std::vector<XmlElement> stack;
    XmlElement root;
    bool haveRoot = false;
    int elements = 0;

    qint64 pos = fileHeaderSize;
    while (pos + 8 <= end) {
        const uchar* chunk = data + pos;
        const quint16 type = rd16(chunk);
        const quint16 headerSize = rd16(chunk + 2);
        qint64 size = rd32(chunk + 4);
        if (size < 8 || headerSize < 8 || headerSize > size)
            return invalid(Texts::tr("a chunk at offset %1 has an impossible size").arg(pos));
        if (size > end - pos)
            size = end - pos; // truncated final chunk: read what is there, bounds-checked
        if (headerSize > size)
            break; // not even the chunk's header is there

        if (type == kResStringPoolType) {
            if (!havePool) {
                const Status st = pool.parse(chunk, size);
                if (!st)
                    return st.error();
                havePool = true;
            }
        } else if (type == kResXmlResourceMap) {
            const qint64 n = (size - headerSize) / 4;
            resourceMap.clear();
            resourceMap.reserve(size_t(qMin<qint64>(n, 65536)));
            for (qint64 i = 0; i < n && i < 65536; ++i)
                resourceMap.push_back(rd32(chunk + headerSize + i * 4));
        } else if (type == kResXmlStartElement) {
            // Node header is at least 16 bytes; the element extension follows at headerSize.
            if (headerSize < 16 || !inBounds(size, headerSize, 20))
                return invalid(Texts::tr("an element chunk is truncated"));
            if (++elements > limits.maxElements)
                return invalid(Texts::tr("more than %1 elements").arg(limits.maxElements));
            if (int(stack.size()) >= limits.maxDepth)
                return invalid(Texts::tr("elements are nested deeper than %1 levels").arg(limits.maxDepth));
            const uchar* ext = chunk + headerSize;
            XmlElement element;
            const quint32 nsIndex = rd32(ext);
            if (nsIndex != kNoIndex)
                element.namespaceUri = pool.string(nsIndex);
            element.name = pool.string(rd32(ext + 4));
            const quint16 attrStart = rd16(ext + 8);
            const quint16 attrSize = rd16(ext + 10);
            const quint16 attrCount = rd16(ext + 12);
            if (attrCount > 0 && attrSize < 20)
                return invalid(Texts::tr("attribute records are smaller than 20 bytes"));
            const qint64 firstAttr = headerSize + qint64(attrStart);
            for (int i = 0; i < attrCount && i < limits.maxAttributesPerElement; ++i) {
                const qint64 at = firstAttr + qint64(i) * attrSize;
                if (!inBounds(size, at, 20))
                    break; // the count overstates the chunk: keep what is really there
                const uchar* a = chunk + at;
                XmlAttribute attr;
                const quint32 ans = rd32(a);
                if (ans != kNoIndex)
                    attr.namespaceUri = pool.string(ans);
                const quint32 nameIndex = rd32(a + 4);
                attr.name = pool.string(nameIndex);
                if (nameIndex < resourceMap.size())
                    attr.resourceId = resourceMap[nameIndex];
                const quint32 raw = rd32(a + 8);
                attr.type = a[15];
                attr.data = rd32(a + 16);
                if (attr.type == TypeString)
                    attr.string = pool.string(attr.data);
                else if (raw != kNoIndex)
                    attr.string = pool.string(raw);
                element.attributes.append(std::move(attr));
            }
            stack.push_back(std::move(element));
        } else if (type == kResXmlEndElement) {
            if (!stack.empty()) {
                XmlElement done = std::move(stack.back());
                stack.pop_back();
                if (!stack.empty()) {
                    stack.back().children.append(std::move(done));
                } else if (!haveRoot) {
                    root = std::move(done);
                    haveRoot = true;
                }
            }
        } else if (type >= kResXmlStartNamespace && type <= kResXmlLastNode) {
            // Namespaces, CDATA: nothing the readers need.
        }
        pos += size;
    }
    // Unclosed elements (truncated file): close them in order so the partial tree is still usable.
    while (!stack.empty()) {
        XmlElement done = std::move(stack.back());
        stack.pop_back();
        if (!stack.empty()) {
            stack.back().children.append(std::move(done));
        } else if (!haveRoot) {
            root = std::move(done);
            haveRoot = true;
        }
    }
    if (!havePool)
        return invalid(Texts::tr("it has no string pool"));
    if (!haveRoot)
        return invalid(Texts::tr("it has no elements"));
    return root;
}

} // namespace Slipway::Android
