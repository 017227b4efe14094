#include "bplistcheck.h"

#include <QCoreApplication>
#include <QList>
#include <cstring>

namespace Slipway::Plist {

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::Plist)
};

quint64 readBigEndian(const uchar* p, int n)
{
    quint64 v = 0;
    for (int i = 0; i < n; ++i)
        v = (v << 8) | p[i];
    return v;
}

// The binary plist's layout (Apple's CFBinaryPList.c): "bplist00", the objects, an offset table, and a 32-byte
// trailer: 6 unused bytes, the offset size, the reference size, the object count, the top object and the offset
// table's position (three 64-bit big-endian integers).
class Walker
{
public:
    Walker(const QByteArray& data, const BinaryLimits& limits)
        : m_d(reinterpret_cast<const uchar*>(data.constData()))
        , m_size(quint64(data.size()))
        , m_limits(limits)
    { }

    Status run()
    {
        if (m_size < 8 + 32)
            return fail(Texts::tr("it is shorter than a binary property list's header and trailer"));
        const uchar* trailer = m_d + m_size - 32;
        m_offsetSize = trailer[6];
        m_refSize = trailer[7];
        m_count = readBigEndian(trailer + 8, 8);
        const quint64 top = readBigEndian(trailer + 16, 8);
        m_table = readBigEndian(trailer + 24, 8);
        m_end = m_size - 32;
        if (m_offsetSize < 1 || m_offsetSize > 8 || m_refSize < 1 || m_refSize > 8)
            return fail(Texts::tr("its trailer gives impossible integer sizes"));
        if (m_count == 0 || m_table < 8 || m_table >= m_end || m_count > (m_end - m_table) / m_offsetSize
            || m_count > m_table - 8)
            return fail(Texts::tr("its object table does not fit in the file"));
        if (top >= m_count)
            return fail(Texts::tr("its top object is not in the object table"));
        return walk(top);
    }

private:
    struct Object
    {
        int type = 0; // the marker's high nibble
        quint64 length = 0; // the count of a container or string, the byte size otherwise
        quint64 payload = 0; // where the references or bytes start
    };

    Status fail(const QString& why) const { return Error(Error::Kind::InvalidPackage, why); }

    // Reads the object at index `index`: its marker, length and where its content starts, all inside the object
    // area (between the header and the offset table).
    Result<Object> object(quint64 index) const
    {
        const quint64 at = readBigEndian(m_d + m_table + index * m_offsetSize, m_offsetSize);
        if (at < 8 || at >= m_table)
            return Error(Error::Kind::InvalidPackage, Texts::tr("the object table points outside the objects"));
        Object o;
        const uchar marker = m_d[at];
        o.type = marker >> 4;
        o.length = marker & 0x0F;
        o.payload = at + 1;
        const bool counted = o.type == 0x4 || o.type == 0x5 || o.type == 0x6 || o.type >= 0xA;
        if (counted && o.length == 0x0F) {
            if (o.payload >= m_table || (m_d[o.payload] & 0xF0) != 0x10)
                return Error(Error::Kind::InvalidPackage, Texts::tr("an object's length is not an integer"));
            const int n = 1 << (m_d[o.payload] & 0x0F);
            if (n > 8 || o.payload + 1 + quint64(n) > m_table)
                return Error(Error::Kind::InvalidPackage, Texts::tr("an object's length does not fit in the file"));
            o.length = readBigEndian(m_d + o.payload + 1, n);
            o.payload += 1 + quint64(n);
        }
        quint64 bytes = 0;
        switch (o.type) {
        case 0x0: // null, bool, fill
            if (marker != 0x00 && marker != 0x08 && marker != 0x09 && marker != 0x0F)
                return Error(Error::Kind::InvalidPackage, Texts::tr("it contains an unknown object type"));
            break;
        case 0x1: // integer, 2^n bytes
        case 0x2: // real
            if (o.length > 4)
                return Error(Error::Kind::InvalidPackage, Texts::tr("a number is wider than 128 bits"));
            bytes = quint64(1) << o.length;
            break;
        case 0x3: // date
            bytes = 8;
            break;
        case 0x4: // data
        case 0x5: // ASCII string
            bytes = o.length;
            break;
        case 0x6: // UTF-16 string
            if (o.length > m_table)
                return Error(Error::Kind::InvalidPackage, Texts::tr("a string does not fit in the file"));
            bytes = o.length * 2;
            break;
        case 0x8: // UID
            bytes = o.length + 1;
            break;
        case 0xA: // array
        case 0xB: // ordered set
        case 0xC: // set
            if (o.length > m_table / m_refSize)
                return Error(
                    Error::Kind::InvalidPackage, Texts::tr("an array has more entries than the file can hold"));
            if (o.length > m_limits.maxReferencesPerObject)
                return Error(Error::Kind::InvalidPackage,
                    Texts::tr("an array has more than %1 entries").arg(m_limits.maxReferencesPerObject));
            bytes = o.length * m_refSize;
            break;
        case 0xD: // dictionary: keys, then values
            if (o.length > m_table / (2 * m_refSize))
                return Error(
                    Error::Kind::InvalidPackage, Texts::tr("a dictionary has more entries than the file can hold"));
            if (o.length > m_limits.maxReferencesPerObject)
                return Error(Error::Kind::InvalidPackage,
                    Texts::tr("a dictionary has more than %1 entries").arg(m_limits.maxReferencesPerObject));
            bytes = o.length * 2 * m_refSize;
            break;
        default:
            return Error(Error::Kind::InvalidPackage, Texts::tr("it contains an unknown object type"));
        }
        if (o.payload > m_table || bytes > m_table - o.payload)
            return Error(Error::Kind::InvalidPackage, Texts::tr("an object runs past the end of the objects"));
        return o;
    }

    quint64 reference(const Object& container, quint64 i) const
    {
        return readBigEndian(m_d + container.payload + i * m_refSize, m_refSize);
    }

    // A dictionary key must be a string without NUL characters: libplist 2.2 aborts on such a key.
    Status checkKey(quint64 index)
    {
        if (index >= m_count)
            return fail(Texts::tr("a reference points outside the object table"));
        auto key = object(index);
        if (!key)
            return key.error();
        if (key->type != 0x5 && key->type != 0x6)
            return fail(Texts::tr("a dictionary key is not a string"));
        const uchar* p = m_d + key->payload;
        if (key->type == 0x5) {
            if (memchr(p, 0, size_t(key->length)))
                return fail(Texts::tr("a dictionary key contains a NUL character"));
        } else {
            for (quint64 i = 0; i < key->length; ++i) {
                if (p[2 * i] == 0 && p[2 * i + 1] == 0)
                    return fail(Texts::tr("a dictionary key contains a NUL character"));
            }
        }
        return Ok {};
    }

    // Depth-first over the tree libplist would build, with an explicit stack: every visit of a shared object
    // counts, so the walk stops as soon as the expanded tree passes the node budget (cost bounded by the budget).
    Status walk(quint64 top)
    {
        struct Frame
        {
            Object container;
            quint64 next = 0; // the next entry to visit
        };
        QList<Frame> stack;
        quint64 nodes = 0;
        auto visit = [&](quint64 index) -> Status {
            if (index >= m_count)
                return fail(Texts::tr("a reference points outside the object table"));
            if (++nodes > m_limits.maxExpandedNodes)
                return fail(Texts::tr("it expands to more than %1 values").arg(m_limits.maxExpandedNodes));
            auto o = object(index);
            if (!o)
                return o.error();
            if (o->type >= 0xA && o->length > 0) {
                if (stack.size() >= m_limits.maxDepth)
                    return fail(Texts::tr("it is nested deeper than %1 levels").arg(m_limits.maxDepth));
                stack.append({o.value(), 0});
            }
            return Ok {};
        };
        if (auto st = visit(top); !st)
            return st;
        while (!stack.isEmpty()) {
            Frame& f = stack.last();
            if (f.next >= f.container.length) {
                stack.removeLast();
                continue;
            }
            const quint64 i = f.next++;
            if (f.container.type == 0xD) {
                if (auto st = checkKey(reference(f.container, i)); !st)
                    return st;
                if (++nodes > m_limits.maxExpandedNodes)
                    return fail(Texts::tr("it expands to more than %1 values").arg(m_limits.maxExpandedNodes));
                const Object dict = f.container; // visit() may grow the stack and move f
                if (auto st = visit(reference(dict, dict.length + i)); !st)
                    return st;
            } else {
                const Object array = f.container;
                if (auto st = visit(reference(array, i)); !st)
                    return st;
            }
        }
        return Ok {};
    }

    const uchar* m_d;
    quint64 m_size;
    BinaryLimits m_limits;
    quint64 m_offsetSize = 0;
    quint64 m_refSize = 0;
    quint64 m_count = 0;
    quint64 m_table = 0;
    quint64 m_end = 0;
};

} // namespace

Status checkBinary(const QByteArray& data, const BinaryLimits& limits)
{
    if (!data.startsWith("bplist00"))
        return Error(Error::Kind::InvalidPackage, Texts::tr("it is not a binary property list"));
    return Walker(data, limits).run();
}

} // namespace Slipway::Plist
