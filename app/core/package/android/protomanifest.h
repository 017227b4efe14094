#pragma once

// The AAB's protobuf forms of Android resources (aapt2's Resources.proto, read with ProtoReader): the
// module manifest (XmlNode) as the same XmlElement tree the binary XML reader builds, and the module's
// resource table (resources.pb) behind the ResourceSource interface.

#include <QByteArray>
#include <QHash>
#include <common/result.h>
#include <package/android/binaryxml.h>
#include <package/android/resourcetable.h>

namespace Slipway::Android {

// Parses an XmlNode message whose element is the root (<manifest>).
Result<XmlElement> parseProtoXml(const QByteArray& data, const BinaryXmlLimits& limits = {});

class ProtoResourceTable : public ResourceSource
{
public:
    static Result<ProtoResourceTable> parse(const QByteArray& data);

    QList<ResValue> values(quint32 resId) const override;
    QStringList locales() const override { return m_locales; }
    QList<int> densities() const override { return m_densities; }

private:
    struct Span
    {
        qsizetype offset = 0;
        qsizetype size = 0;
    };
    QByteArray m_data;
    QHash<quint32, Span> m_entries; // resource ID -> the Entry message
    QStringList m_locales;
    QList<int> m_densities;
};

// BundleConfig.pb: the bundletool version that built the bundle ("1.15.6"), empty when absent.
QString bundletoolVersion(const QByteArray& bundleConfig);

} // namespace Slipway::Android
