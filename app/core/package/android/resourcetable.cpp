#include "resourcetable.h"

#include <QCoreApplication>
#include <QMap>
#include <algorithm>

namespace Slipway::Android {

namespace {

constexpr quint16 kResStringPoolType = 0x0001;
constexpr quint16 kResTableType = 0x0002;
constexpr quint16 kResTablePackageType = 0x0200;
constexpr quint16 kResTableTypeType = 0x0201;

constexpr quint8 kTypeFlagSparse = 0x01;
constexpr quint8 kTypeFlagOffset16 = 0x02;
constexpr quint16 kEntryFlagComplex = 0x0001;
constexpr quint16 kEntryFlagCompact = 0x0008;

constexpr int kDensityMedium = 160;
constexpr int kDensityAny = 0xFFFE;
constexpr int kMaxReferenceDepth = 16;
constexpr int kMaxTypeChunks = 200000;

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::ResourceTable)
};

Error invalid(const QString& what)
{
    return Error(Error::Kind::InvalidPackage, Texts::tr("resources.arsc is not a valid resource table: %1.").arg(what));
}

// Two-letter codes are ASCII; three-letter codes are packed into 15 bits (bit 7 of byte 0 set).
QString unpackLocalePart(const uchar* in, char base)
{
    if (in[0] == 0)
        return QString();
    if (in[0] & 0x80) {
        const uchar first = in[1] & 0x1f;
        const uchar second = uchar(((in[1] & 0xe0) >> 5) | ((in[0] & 0x03) << 3));
        const uchar third = uchar((in[0] & 0x7c) >> 2);
        const char out[3] = {char(base + first), char(base + second), char(base + third)};
        return QString::fromLatin1(out, 3);
    }
    QString s;
    for (int i = 0; i < 2 && in[i]; ++i) {
        if (in[i] < 0x20 || in[i] > 0x7e)
            return QString();
        s.append(QLatin1Char(char(in[i])));
    }
    return s;
}

bool anyNonZero(const uchar* p, qint64 from, qint64 to, qint64 available)
{
    for (qint64 i = from; i < to && i < available; ++i) {
        if (p[i])
            return true;
    }
    return false;
}

bool isBetterDensity(int thisDensity, int otherDensity, int requested)
{
    // ResTable_config::isBetterThan: prefer anydpi, then the bucket that scales best (down-scaling a
    // higher density is preferred over up-scaling a lower one).
    thisDensity = thisDensity ? thisDensity : kDensityMedium;
    otherDensity = otherDensity ? otherDensity : kDensityMedium;
    if (thisDensity == kDensityAny)
        return true;
    if (otherDensity == kDensityAny)
        return false;
    if (requested == 0 || requested == kDensityAny)
        requested = kDensityMedium;
    int h = thisDensity;
    int l = otherDensity;
    bool imBigger = true;
    if (l > h) {
        std::swap(l, h);
        imBigger = false;
    }
    if (requested >= h)
        return imBigger;
    if (l >= requested)
        return !imBigger;
    if (qint64((2 * l) - requested) * h > qint64(requested) * requested)
        return !imBigger;
    return imBigger;
}

bool matches(const ResConfig& c, const DeviceConfig& d)
{
    if (c.otherQualifiers)
        return false;
    if (c.orientation != 0 && c.orientation != 1) // aapt's device is portrait
        return false;
    if (!c.language.isEmpty()) {
        if (c.language != d.language)
            return false;
        if (!c.region.isEmpty() && c.region != d.region)
            return false;
        if (!c.script.isEmpty() && c.script != d.script)
            return false;
    }
    return true;
}

int localeSpecificity(const ResConfig& c)
{
    if (c.language.isEmpty())
        return 0;
    return 1 + (c.script.isEmpty() ? 0 : 1) + (c.region.isEmpty() ? 0 : 2);
}

bool isBetter(const ResConfig& a, const ResConfig& b, const DeviceConfig& d)
{
    const int la = localeSpecificity(a);
    const int lb = localeSpecificity(b);
    if (la != lb)
        return la > lb;
    if (a.orientation != b.orientation)
        return a.orientation > b.orientation;
    if (a.density != b.density)
        return isBetterDensity(a.density, b.density, d.density);
    return a.sdkVersion > b.sdkVersion;
}

} // namespace

QString ResConfig::localeName() const
{
    if (language.isEmpty())
        return QString();
    QString s = language;
    if (!script.isEmpty())
        s += QLatin1Char('-') + script;
    if (!region.isEmpty())
        s += QLatin1Char('-') + region;
    return s;
}

ResConfig parseResConfig(const uchar* p, qint64 available)
{
    ResConfig c;
    if (available < 4)
        return c;
    const qint64 size = qMin<qint64>(rd32(p), available);
    if (size < 8)
        return c;
    if (anyNonZero(p, 4, 8, size))
        c.otherQualifiers = true; // mcc/mnc
    if (size >= 12) {
        c.language = unpackLocalePart(p + 8, 'a');
        c.region = unpackLocalePart(p + 10, '0');
    }
    if (size >= 16) {
        c.orientation = p[12];
        if (p[13])
            c.otherQualifiers = true; // touchscreen
        c.density = rd16(p + 14);
    }
    if (anyNonZero(p, 16, 24, size)) // keyboard/navigation/input, screen size in pixels
        c.otherQualifiers = true;
    if (size >= 26)
        c.sdkVersion = rd16(p + 24);
    if (anyNonZero(p, 28, 36, size)) // screen layout, ui mode, smallest/width/height dp
        c.otherQualifiers = true;
    if (size >= 40 && p[36]) {
        QString script;
        for (int i = 36; i < 40 && p[i]; ++i) {
            if (p[i] < 0x20 || p[i] > 0x7e)
                break;
            script.append(QLatin1Char(char(p[i])));
        }
        c.script = script;
    }
    if (anyNonZero(p, 48, 52, size)) // screenLayout2, colorMode
        c.otherQualifiers = true;
    return c;
}

DeviceConfig DeviceConfig::forLocale(const QString& bcp47)
{
    DeviceConfig d;
    const QStringList parts = bcp47.split(QLatin1Char('-'), Qt::SkipEmptyParts);
    for (int i = 0; i < parts.size(); ++i) {
        const QString& part = parts.at(i);
        if (i == 0)
            d.language = part;
        else if (part.size() == 4)
            d.script = part;
        else if (part.size() == 2 || part.size() == 3)
            d.region = part;
    }
    return d;
}

Result<ArscTable> ArscTable::parse(const QByteArray& bytes)
{
    return parse(std::make_shared<OnDemandBytes>(bytes));
}

// Every range is asked of the bytes (ensure) before it is read: when they come from the file on demand, only the
// chunk headers, the string pool's header and what lookups touch are ever read.
Result<ArscTable> ArscTable::parse(std::shared_ptr<const OnDemandBytes> source)
{
    ArscTable table;
    table.m_bytes = std::move(source);
    const OnDemandBytes& bytes = *table.m_bytes;
    const qint64 total = bytes.size();
    auto unreadable = [&bytes] {
        return Error(Error::Kind::InvalidPackage, Texts::tr("resources.arsc cannot be read: %1.").arg(bytes.error()));
    };
    // Every header is copied out (readAhead): only the headers, and later what lookups touch, are ever read.
    uchar head[256];
    if (total < 12)
        return invalid(Texts::tr("it does not start with a table chunk"));
    if (!bytes.readAhead(0, 12, head))
        return unreadable();
    if (rd16(head) != kResTableType)
        return invalid(Texts::tr("it does not start with a table chunk"));
    const quint16 tableHeader = rd16(head + 2);
    qint64 end = rd32(head + 4);
    if (end > total || end < 12)
        end = total;
    if (tableHeader < 12 || tableHeader > end)
        return invalid(Texts::tr("the table header size is out of range"));

    QSet<QString> locales;
    QSet<int> densities;
    QSet<QByteArray> seenConfigs;
    int typeChunks = 0;
    bool havePool = false;
    qint64 pos = tableHeader;
    while (pos + 8 <= end) {
        if (!bytes.readAhead(pos, qMin<qint64>(12, end - pos), head))
            return unreadable();
        const quint16 type = rd16(head);
        const quint16 headerSize = rd16(head + 2);
        qint64 size = rd32(head + 4);
        if (size < 8 || headerSize < 8 || headerSize > size)
            return invalid(Texts::tr("a chunk at offset %1 has an impossible size").arg(pos));
        if (size > end - pos)
            size = end - pos;
        if (headerSize > size)
            break; // truncated inside a chunk header
        if (type == kResStringPoolType && !havePool) {
            const Status st = table.m_strings.parse(bytes, pos, size);
            if (!st)
                return st.error();
            havePool = true;
        } else if (type == kResTablePackageType) {
            if (size < 12 || headerSize < 12)
                return invalid(Texts::tr("a package chunk is truncated"));
            const quint32 packageId = rd32(head + 8);
            table.m_packageIds.append(packageId);
            qint64 inner = headerSize;
            QByteArray longHead;
            while (inner + 8 <= size) {
                // Thousands of these (2,940 in framework-res.apk), a few KB apart: only their first bytes count.
                const qint64 headBytes = qMin<qint64>(sizeof head, size - inner);
                if (!bytes.readAhead(pos + inner, headBytes, head))
                    return unreadable();
                const uchar* c = head;
                const quint16 ctype = rd16(c);
                const quint16 cheader = rd16(c + 2);
                qint64 csize = rd32(c + 4);
                if (csize < 8 || cheader < 8 || cheader > csize)
                    return invalid(
                        Texts::tr("a chunk inside package 0x%1 has an impossible size").arg(packageId, 0, 16));
                if (csize > size - inner)
                    csize = size - inner;
                if (cheader > csize)
                    break;
                if (ctype == kResTableTypeType && cheader >= 20 && csize >= cheader) {
                    if (++typeChunks > kMaxTypeChunks)
                        return invalid(Texts::tr("it has more than %1 type chunks").arg(kMaxTypeChunks));
                    if (cheader > headBytes) { // a configuration larger than any Android writes today
                        longHead.resize(cheader);
                        if (!bytes.read(pos + inner, cheader, reinterpret_cast<uchar*>(longHead.data())))
                            return unreadable();
                        c = reinterpret_cast<const uchar*>(longHead.constData());
                    }
                    TypeChunk tc;
                    tc.offset = pos + inner;
                    tc.size = csize;
                    tc.header = cheader;
                    tc.flags = c[9];
                    tc.entryCount = rd32(c + 12);
                    tc.entriesStart = rd32(c + 16);
                    tc.config = parseResConfig(c + 20, cheader - 20);
                    const quint8 typeId = c[8];
                    // Collect the locales and densities aapt reports, once per distinct configuration.
                    const qint64 configSize = qMin<qint64>(rd32(c + 20), cheader - 20);
                    const QByteArray configBytes(
                        reinterpret_cast<const char*>(c + 20), int(qMax<qint64>(configSize, 0)));
                    if (!seenConfigs.contains(configBytes)) {
                        seenConfigs.insert(configBytes);
                        const QString locale = tc.config.localeName();
                        if (!locale.isEmpty())
                            locales.insert(locale);
                        densities.insert(tc.config.density ? tc.config.density : kDensityMedium);
                    }
                    table.m_types[(packageId << 8) | typeId].append(std::move(tc));
                }
                inner += csize;
            }
        }
        pos += size;
    }
    if (!havePool)
        return invalid(Texts::tr("it has no value string pool"));
    table.m_locales = QStringList(locales.begin(), locales.end());
    table.m_locales.sort();
    table.m_densities = QList<int>(densities.begin(), densities.end());
    std::sort(table.m_densities.begin(), table.m_densities.end());
    return table;
}

QList<ResValue> ArscTable::values(quint32 resId) const
{
    constexpr qsizetype kMaxCached = 4096; // IDs; a manifest references a few dozen
    if (const auto cached = m_valuesCache.constFind(resId); cached != m_valuesCache.cend())
        return *cached;
    QList<ResValue> out = lookUp(resId);
    if (m_valuesCache.size() < kMaxCached)
        m_valuesCache.insert(resId, out);
    return out;
}

QList<ResValue> ArscTable::lookUp(quint32 resId) const
{
    QList<ResValue> out;
    quint32 packageId = resId >> 24;
    const quint32 typeId = (resId >> 16) & 0xFF;
    const quint32 entryIndex = resId & 0xFFFF;
    if (!m_packageIds.contains(packageId) && (packageId == 0x7f || packageId == 0) && !m_packageIds.isEmpty())
        packageId = m_packageIds.first(); // shared libraries use package 0 / dynamic references
    const auto it = m_types.constFind((packageId << 8) | typeId);
    if (it == m_types.cend())
        return out;
    const OnDemandBytes& bytes = *m_bytes;
    for (const TypeChunk& tc : *it) {
        // parse() kept the header's fields; the index and the entry are read from the bytes (a failed read, or
        // one outside the chunk, skips the chunk).
        auto fetch = [&](qint64 at, qint64 length, uchar* out) {
            return inBounds(tc.size, at, length) && bytes.read(tc.offset + at, length, out);
        };
        const quint16 header = tc.header;
        const quint32 entryCount = tc.entryCount;
        uchar word[8];
        qint64 entryOffset = -1;
        if (tc.flags & kTypeFlagSparse) {
            // {u16 entryIndex; u16 offset / 4}, sorted by index.
            if (!inBounds(tc.size, header, qint64(entryCount) * 4))
                continue;
            qint64 lo = 0;
            qint64 hi = qint64(entryCount) - 1;
            while (lo <= hi) {
                const qint64 mid = (lo + hi) / 2;
                if (!fetch(header + mid * 4, 4, word))
                    break;
                const quint16 idx = rd16(word);
                if (idx == entryIndex) {
                    entryOffset = qint64(rd16(word + 2)) * 4;
                    break;
                }
                if (idx < entryIndex)
                    lo = mid + 1;
                else
                    hi = mid - 1;
            }
        } else if (tc.flags & kTypeFlagOffset16) {
            if (entryIndex >= entryCount || !fetch(header + qint64(entryIndex) * 2, 2, word))
                continue;
            const quint16 v = rd16(word);
            if (v != 0xFFFF)
                entryOffset = qint64(v) * 4;
        } else {
            if (entryIndex >= entryCount || !fetch(header + qint64(entryIndex) * 4, 4, word))
                continue;
            const quint32 v = rd32(word);
            if (v != 0xFFFFFFFFu)
                entryOffset = v;
        }
        if (entryOffset < 0)
            continue;
        const qint64 at = qint64(tc.entriesStart) + entryOffset;
        uchar e[8];
        if (!fetch(at, 8, e))
            continue;
        const quint16 eflags = rd16(e + 2);
        ResValue v;
        if (eflags & kEntryFlagCompact) {
            // Compact entry: {u16 key; u16 flags (high byte = data type); u32 data}.
            v.type = quint8(eflags >> 8);
            v.data = rd32(e + 4);
        } else if (eflags & kEntryFlagComplex) {
            continue; // a bag (style, plural...), not a plain value
        } else {
            const quint16 esize = rd16(e);
            uchar rv[8];
            if (esize < 8 || !fetch(at + esize, 8, rv))
                continue;
            v.type = rv[3];
            v.data = rd32(rv + 4);
        }
        v.config = tc.config;
        if (v.type == TypeString)
            v.string = m_strings.string(v.data);
        out.append(v);
    }
    return out;
}

std::optional<ResValue> resolve(const ResourceSource& source, quint32 resId, const DeviceConfig& device)
{
    quint32 id = resId;
    for (int depth = 0; depth < kMaxReferenceDepth; ++depth) {
        const QList<ResValue> values = source.values(id);
        const ResValue* best = nullptr;
        for (const ResValue& v : values) {
            if (!matches(v.config, device))
                continue;
            if (!best || isBetter(v.config, best->config, device))
                best = &v;
        }
        if (!best)
            return std::nullopt;
        if (best->type == TypeReference || best->type == TypeDynamicReference) {
            if (best->data == 0 || best->data == id)
                return std::nullopt;
            id = best->data;
            continue;
        }
        return *best;
    }
    return std::nullopt; // a reference cycle or an absurdly long chain
}

std::optional<ResValue> resolveAttribute(
    const ResourceSource* source, const XmlAttribute& attr, const DeviceConfig& device)
{
    if (attr.isReference()) {
        if (!source || attr.data == 0)
            return std::nullopt;
        return resolve(*source, attr.data, device);
    }
    if (attr.type == TypeAttribute || attr.type == TypeDynamicAttribute)
        return std::nullopt;
    ResValue v;
    v.type = attr.type;
    v.data = attr.data;
    v.string = attr.string;
    return v;
}

QList<ResValue> allValues(const ResourceSource& source, quint32 resId)
{
    QList<ResValue> out;
    QList<ResValue> pending = source.values(resId);
    int budget = 256;
    while (!pending.isEmpty() && budget-- > 0) {
        ResValue v = pending.takeFirst();
        if (v.type == TypeReference || v.type == TypeDynamicReference) {
            if (v.data != 0 && v.data != resId) {
                for (ResValue inner : source.values(v.data)) {
                    if (inner.config.density == 0)
                        inner.config.density = v.config.density;
                    pending.append(inner);
                }
            }
            continue;
        }
        out.append(v);
    }
    return out;
}

} // namespace Slipway::Android
