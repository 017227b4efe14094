#pragma once

// Android resources: the binary resource table of an APK (`resources.arsc`, read lazily: only the chunk
// index is built up front, entries are decoded on lookup, and of a table read from the file on demand only the
// bytes those touch are read) behind a small interface that the AAB protobuf
// table (`resources.pb`) implements too, and the configuration matching aapt's `dump badging` applies
// (default device: mdpi, portrait, a very high SDK level; one locale at a time).

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <common/result.h>
#include <memory>
#include <optional>
#include <package/android/binaryxml.h>
#include <package/ondemandbytes.h>

namespace Slipway::Android {

struct ResConfig
{
    QString language; // "en", "ast"
    QString region; // "US", "419"
    QString script; // "Latn"
    int density = 0; // 0 = unspecified, 65534 = anydpi, 65535 = nodpi
    int sdkVersion = 0;
    int orientation = 0;
    // Qualifiers aapt's badging device never matches (mcc/mnc, night, land, sw600dp, touchscreen, ...).
    bool otherQualifiers = false;

    QString localeName() const; // "az-AZ", "sr-Latn", "" for the default locale
};

struct ResValue
{
    ResConfig config;
    quint8 type = TypeNull; // Res_value data type
    quint32 data = 0;
    QString string; // TypeString: the text (or a file path such as res/drawable-mdpi/icon.png)
};

// Something that maps a resource ID to its values in every configuration.
class ResourceSource
{
public:
    virtual ~ResourceSource() = default;
    virtual QList<ResValue> values(quint32 resId) const = 0;
    // Every locale any configuration names ("da", "az-AZ"), sorted; and every density (0 reported as 160).
    virtual QStringList locales() const = 0;
    virtual QList<int> densities() const = 0;
};

// The binary resource table. Parse once, then look up any number of IDs.
class ArscTable : public ResourceSource
{
public:
    static Result<ArscTable> parse(const QByteArray& data);
    // The table in bytes that may be read from the file on demand (ZipArchive::readOnDemand).
    static Result<ArscTable> parse(std::shared_ptr<const OnDemandBytes> bytes);

    QList<ResValue> values(quint32 resId) const override;
    QStringList locales() const override { return m_locales; }
    QList<int> densities() const override { return m_densities; }

private:
    struct TypeChunk // a ResTable_type chunk: where it is, and its header
    {
        qint64 offset = 0;
        qint64 size = 0;
        quint16 header = 0;
        quint8 flags = 0;
        quint32 entryCount = 0;
        quint32 entriesStart = 0;
        ResConfig config;
    };
    std::shared_ptr<const OnDemandBytes> m_bytes;
    StringPool m_strings;
    QHash<quint32, QList<TypeChunk>> m_types; // (packageId << 8 | typeId) -> type chunks
    QList<quint32> m_packageIds;
    QStringList m_locales;
    QList<int> m_densities;
    // values() by ID: the label is resolved once per locale, each time over every configuration of its type.
    mutable QHash<quint32, QList<ResValue>> m_valuesCache;
    QList<ResValue> lookUp(quint32 resId) const;
};

ResConfig parseResConfig(const uchar* config, qint64 available);

// The device aapt's `dump badging` pretends to be, with one locale and one density.
struct DeviceConfig
{
    QString language;
    QString script;
    QString region;
    int density = 160;

    static DeviceConfig forLocale(const QString& bcp47); // "az-AZ", "sr-Latn", "" = default locale
};

// The value the device would see, references followed (bounded depth: cycles end unresolved).
std::optional<ResValue> resolve(const ResourceSource& source, quint32 resId, const DeviceConfig& device);
// An attribute's value as a resolved string/int/bool: literals directly, references through the table.
std::optional<ResValue> resolveAttribute(
    const ResourceSource* source, const XmlAttribute& attr, const DeviceConfig& device);
// Every value of a resource, references followed, for picking icons across densities.
QList<ResValue> allValues(const ResourceSource& source, quint32 resId);

} // namespace Slipway::Android
