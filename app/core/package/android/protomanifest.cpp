#include "protomanifest.h"

#include <QCoreApplication>
#include <QSet>
#include <algorithm>
#include <cstring>
#include <package/android/protowire.h>

namespace Slipway::Android {

namespace {

constexpr int kMaxEntries = 2000000;

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::ProtoManifest)
};

Error invalid(const QString& what)
{
    return Error(
        Error::Kind::InvalidPackage, Texts::tr("The bundle's protobuf resources are malformed: %1.").arg(what));
}

// Item { 1: Reference{2 id} | 2: String{1} | 3: RawString{1} | 4: StyledString{1} | 5: FileReference{1 path}
//        | 6: Id | 7: Primitive }
void decodeItem(QByteArrayView item, quint8& type, quint32& data, QString& string)
{
    ProtoReader r(item);
    while (r.next()) {
        if (r.wireType() != ProtoReader::LengthDelimited)
            continue;
        switch (r.field()) {
        case 1:
            type = TypeReference;
            data = quint32(protoVarint(r.bytes(), 2));
            return;
        case 2:
        case 3:
        case 4:
        case 5:
            type = TypeString;
            string = protoString(r.bytes(), 1);
            return;
        case 7: {
            // Primitive { 3: float, 6: int32 decimal, 7: uint32 hex, 8: bool, 9-12: colors, 13: dimension,
            //             14: fraction }
            ProtoReader p(r.bytes());
            while (p.next()) {
                switch (p.field()) {
                case 3:
                    type = TypeFloat;
                    data = p.fixed32();
                    return;
                case 6:
                    type = TypeIntDec;
                    data = quint32(p.varint());
                    return;
                case 7:
                    type = TypeIntHex;
                    data = quint32(p.varint());
                    return;
                case 8:
                    type = TypeBoolean;
                    data = p.varint() ? 0xFFFFFFFFu : 0;
                    return;
                default:
                    break;
                }
            }
            return;
        }
        default:
            break;
        }
    }
}

Status decodeElement(QByteArrayView bytes, XmlElement& out, int depth, int& elements, const BinaryXmlLimits& limits)
{
    if (depth > limits.maxDepth)
        return invalid(Texts::tr("elements are nested deeper than %1 levels").arg(limits.maxDepth));
    if (++elements > limits.maxElements)
        return invalid(Texts::tr("more than %1 elements").arg(limits.maxElements));
    // XmlElement { 1: namespace decl*, 2: namespace_uri, 3: name, 4: XmlAttribute*, 5: XmlNode child* }
    ProtoReader r(bytes);
    while (r.next()) {
        if (r.wireType() != ProtoReader::LengthDelimited)
            continue;
        if (r.field() == 2) {
            out.namespaceUri = r.string();
        } else if (r.field() == 3) {
            out.name = r.string();
        } else if (r.field() == 4 && out.attributes.size() < limits.maxAttributesPerElement) {
            // XmlAttribute { 1: namespace_uri, 2: name, 3: value, 4: source, 5: resource_id, 6: compiled_item }
            XmlAttribute a;
            a.type = TypeString;
            QByteArrayView compiled;
            ProtoReader ar(r.bytes());
            while (ar.next()) {
                if (ar.field() == 1)
                    a.namespaceUri = ar.string();
                else if (ar.field() == 2)
                    a.name = ar.string();
                else if (ar.field() == 3)
                    a.string = ar.string();
                else if (ar.field() == 5)
                    a.resourceId = quint32(ar.varint());
                else if (ar.field() == 6)
                    compiled = ar.bytes();
            }
            if (!compiled.isEmpty()) {
                QString s;
                decodeItem(compiled, a.type, a.data, s);
                if (a.type == TypeString && !s.isEmpty())
                    a.string = s;
            }
            out.attributes.append(std::move(a));
        } else if (r.field() == 5) {
            // XmlNode { 1: XmlElement element | 2: string text }
            const QByteArrayView child = protoMessage(r.bytes(), 1);
            if (child.isEmpty())
                continue;
            XmlElement e;
            const Status st = decodeElement(child, e, depth + 1, elements, limits);
            if (!st)
                return st;
            out.children.append(std::move(e));
        }
    }
    if (r.error())
        return invalid(Texts::tr("an element is truncated"));
    return Ok {};
}

ResConfig decodeConfig(QByteArrayView bytes)
{
    ResConfig c;
    ProtoReader r(bytes);
    while (r.next()) {
        switch (r.field()) {
        case 3: {
            const DeviceConfig d = DeviceConfig::forLocale(r.string().replace(QLatin1Char('_'), QLatin1Char('-')));
            c.language = d.language;
            c.script = d.script;
            c.region = d.region;
            break;
        }
        case 15:
            c.orientation = int(r.varint());
            break;
        case 18:
            c.density = int(r.varint());
            break;
        case 24:
            c.sdkVersion = int(r.varint());
            break;
        default:
            if ((r.wireType() == ProtoReader::Varint && r.varint() != 0) || !r.bytes().isEmpty())
                c.otherQualifiers = true;
            break;
        }
    }
    return c;
}

} // namespace

Result<XmlElement> parseProtoXml(const QByteArray& data, const BinaryXmlLimits& limits)
{
    const QByteArrayView root = protoMessage(data, 1);
    if (root.isEmpty())
        return invalid(Texts::tr("the manifest has no root element"));
    XmlElement element;
    int elements = 0;
    const Status st = decodeElement(root, element, 0, elements, limits);
    if (!st)
        return st.error();
    return element;
}

Result<ProtoResourceTable> ProtoResourceTable::parse(const QByteArray& data)
{
    ProtoResourceTable table;
    table.m_data = data;
    const QByteArrayView all(table.m_data);
    QSet<QString> locales;
    QSet<int> densities;
    QSet<QByteArray> seenConfigs;
    // ResourceTable { 1: StringPool, 2: Package* }
    ProtoReader r(all);
    while (r.next()) {
        if (r.field() != 2 || r.wireType() != ProtoReader::LengthDelimited)
            continue;
        const QByteArrayView package = r.bytes();
        const qsizetype packageOffset = r.bytesOffset();
        // Package { 1: PackageId{1 id}, 2: name, 3: Type* }
        const quint32 packageId = quint32(protoVarint(protoMessage(package, 1), 1, 0x7f)) & 0xFF;
        ProtoReader pr(package);
        while (pr.next()) {
            if (pr.field() != 3 || pr.wireType() != ProtoReader::LengthDelimited)
                continue;
            const QByteArrayView type = pr.bytes();
            const qsizetype typeOffset = packageOffset + pr.bytesOffset();
            // Type { 1: TypeId{1 id}, 2: name, 3: Entry* }
            const quint32 typeId = quint32(protoVarint(protoMessage(type, 1), 1)) & 0xFF;
            ProtoReader tr2(type);
            while (tr2.next()) {
                if (tr2.field() != 3 || tr2.wireType() != ProtoReader::LengthDelimited)
                    continue;
                const QByteArrayView entry = tr2.bytes();
                // Entry { 1: EntryId{1 id}, 2: name, ..., 6: ConfigValue* }
                const quint32 entryId = quint32(protoVarint(protoMessage(entry, 1), 1)) & 0xFFFF;
                const quint32 id = (packageId << 24) | (typeId << 16) | entryId;
                if (table.m_entries.size() >= kMaxEntries)
                    return invalid(Texts::tr("more than %1 resources").arg(kMaxEntries));
                table.m_entries.insert(id, {typeOffset + tr2.bytesOffset(), entry.size()});
                ProtoReader er(entry);
                while (er.next()) {
                    if (er.field() != 6 || er.wireType() != ProtoReader::LengthDelimited)
                        continue;
                    const QByteArrayView config = protoMessage(er.bytes(), 1);
                    const QByteArray key = config.toByteArray();
                    if (seenConfigs.contains(key))
                        continue;
                    seenConfigs.insert(key);
                    const ResConfig rc = decodeConfig(config);
                    if (!rc.localeName().isEmpty())
                        locales.insert(rc.localeName());
                    densities.insert(rc.density ? rc.density : 160);
                }
                if (er.error())
                    return invalid(Texts::tr("a resource entry is truncated"));
            }
            if (tr2.error())
                return invalid(Texts::tr("a resource type is truncated"));
        }
        if (pr.error())
            return invalid(Texts::tr("a resource package is truncated"));
    }
    if (r.error())
        return invalid(Texts::tr("the resource table is truncated"));
    table.m_locales = QStringList(locales.begin(), locales.end());
    table.m_locales.sort();
    table.m_densities = QList<int>(densities.begin(), densities.end());
    std::sort(table.m_densities.begin(), table.m_densities.end());
    return table;
}

QList<ResValue> ProtoResourceTable::values(quint32 resId) const
{
    QList<ResValue> out;
    auto it = m_entries.constFind(resId);
    if (it == m_entries.cend() && (resId >> 24) == 0)
        it = m_entries.constFind(resId | 0x7f000000u);
    if (it == m_entries.cend())
        return out;
    const QByteArrayView entry = QByteArrayView(m_data).sliced(it->offset, it->size);
    ProtoReader r(entry);
    while (r.next()) {
        if (r.field() != 6 || r.wireType() != ProtoReader::LengthDelimited)
            continue;
        // ConfigValue { 1: Configuration, 2: Value { ..., 4: Item, 5: CompoundValue } }
        const QByteArrayView item = protoMessage(protoMessage(r.bytes(), 2), 4);
        if (item.isEmpty())
            continue;
        ResValue v;
        v.config = decodeConfig(protoMessage(r.bytes(), 1));
        decodeItem(item, v.type, v.data, v.string);
        if (v.type != TypeNull)
            out.append(v);
    }
    return out;
}

QString bundletoolVersion(const QByteArray& bundleConfig)
{
    // BundleConfig { 1: Bundletool { 2: version } }
    return protoString(protoMessage(bundleConfig, 1), 2);
}

} // namespace Slipway::Android
