#pragma once

// Android binary XML ("AXML", the compiled AndroidManifest.xml inside an APK) and the in-memory element
// tree shared with the AAB protobuf manifest. Every offset and index is validated against the buffer;
// hostile input yields an error or a partial tree, never a crash.

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringView>
#include <common/result.h>
#include <package/ondemandbytes.h>

namespace Slipway::Android {

// Res_value data types (frameworks/base/libs/androidfw/include/androidfw/ResourceTypes.h).
enum ValueType : quint8
{
    TypeNull = 0x00,
    TypeReference = 0x01,
    TypeAttribute = 0x02,
    TypeString = 0x03,
    TypeFloat = 0x04,
    TypeDimension = 0x05,
    TypeFraction = 0x06,
    TypeDynamicReference = 0x07,
    TypeDynamicAttribute = 0x08,
    TypeIntDec = 0x10,
    TypeIntHex = 0x11,
    TypeBoolean = 0x12,
};

// Framework attribute resource IDs the readers need (android.R.attr).
namespace Attr {
constexpr quint32 Label = 0x01010001;
constexpr quint32 Icon = 0x01010002;
constexpr quint32 Name = 0x01010003;
constexpr quint32 Debuggable = 0x0101000f;
constexpr quint32 Enabled = 0x0101000e;
constexpr quint32 Required = 0x0101028e;
constexpr quint32 MinSdkVersion = 0x0101020c;
constexpr quint32 VersionCode = 0x0101021b;
constexpr quint32 VersionName = 0x0101021c;
constexpr quint32 TargetSdkVersion = 0x01010270;
constexpr quint32 MaxSdkVersion = 0x01010271;
constexpr quint32 RoundIcon = 0x0101052c;
constexpr quint32 IsFeatureSplit = 0x0101055b;
constexpr quint32 CompileSdkVersion = 0x01010572;
constexpr quint32 CompileSdkVersionCodename = 0x01010573;
} // namespace Attr

struct XmlAttribute
{
    QString namespaceUri;
    QString name;
    quint32 resourceId = 0; // from the resource map; 0 when the attribute has none
    quint8 type = TypeNull; // Res_value dataType
    quint32 data = 0;
    QString string; // the string for TypeString, else the raw string value when there is one

    bool isReference() const { return type == TypeReference || type == TypeDynamicReference; }
    bool isInteger() const { return type == TypeIntDec || type == TypeIntHex; }
    // The value as aapt's xmltree would print a literal: strings as-is, integers in decimal,
    // booleans as true/false; references and other types give an empty string.
    QString literal() const;
};

struct XmlElement
{
    QString namespaceUri;
    QString name;
    QList<XmlAttribute> attributes;
    QList<XmlElement> children;

    // The attribute with that framework resource ID, else (resId 0 or no match) the first whose name equals
    // `fallbackName` and which has no resource ID. nullptr when absent.
    const XmlAttribute* attribute(quint32 resId, QStringView fallbackName = {}) const;
    // An attribute without namespace matched by name only ("package", "split", "platformBuildVersionCode").
    const XmlAttribute* plainAttribute(QStringView name) const;
};

struct BinaryXmlLimits
{
    int maxDepth = 128;
    int maxElements = 200000;
    int maxAttributesPerElement = 4096;
};

// A string pool chunk (RES_STRING_POOL_TYPE), UTF-8 or UTF-16. Strings are decoded on demand; an
// out-of-range index or a malformed string gives an empty string.
class StringPool
{
public:
    // `chunk` points at the chunk header; `size` is the chunk size already clamped to the buffer.
    Status parse(const uchar* chunk, qint64 size);
    // The pool of a chunk at `chunkOffset` in bytes read on demand (resources.arsc): string() reads the offset and
    // the characters it needs from them, and nothing else. `bytes` must outlive the pool.
    Status parse(const OnDemandBytes& bytes, qint64 chunkOffset, qint64 size);
    quint32 count() const { return m_count; }
    bool isUtf8() const { return m_utf8; }
    QString string(quint32 index) const;

    // Decoded characters one pool may produce in total: overlapping huge strings referenced many times
    // would otherwise cost time and memory quadratic in the input size.
    static constexpr qint64 kDecodeBudget = 16 * 1024 * 1024;

private:
    QString decode(qint64 at) const;
    Status parseHeader(const uchar* chunk, qint64 size);
    // Copies `length` bytes at chunk offset `at` (bounded by the chunk) from the chunk or the on-demand source.
    bool fetch(qint64 at, qint64 length, void* out) const;

    const uchar* m_chunk = nullptr;
    const OnDemandBytes* m_source = nullptr;
    qint64 m_sourceOffset = 0;
    qint64 m_size = 0;
    quint32 m_count = 0;
    qint64 m_offsetsAt = 0;
    qint64 m_stringsAt = 0;
    bool m_utf8 = false;
    mutable QHash<qint64, QString> m_cache; // by string offset: each string is decoded once
    mutable qint64 m_budget = kDecodeBudget;
};

// Parses a whole AXML document into its root element (the first top-level element). The buffer must
// outlive nothing: the tree owns its strings.
Result<XmlElement> parseBinaryXml(const QByteArray& data, const BinaryXmlLimits& limits = {});

// Little-endian readers with bounds checks, shared by the Android readers.
inline bool inBounds(qint64 size, qint64 offset, qint64 length)
{
    return offset >= 0 && length >= 0 && offset <= size && length <= size - offset;
}
inline quint16 rd16(const uchar* p)
{
    return quint16(p[0] | (p[1] << 8));
}
inline quint32 rd32(const uchar* p)
{
    return quint32(p[0]) | (quint32(p[1]) << 8) | (quint32(p[2]) << 16) | (quint32(p[3]) << 24);
}
inline quint64 rd64(const uchar* p)
{
    return quint64(rd32(p)) | (quint64(rd32(p + 4)) << 32);
}

} // namespace Slipway::Android
