#include "manifestreader.h"

#include <QCoreApplication>
#include <QSet>
#include <package/android/resourcetable.h>

namespace Slipway::Android {

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::AndroidManifest)
};

// A resolved value as text: strings as they are, integers in decimal, booleans true/false.
QString valueText(const std::optional<ResValue>& v)
{
    if (!v)
        return QString();
    switch (v->type) {
    case TypeString:
        return v->string;
    case TypeIntDec:
    case TypeIntHex:
        return QString::number(qint32(v->data));
    case TypeBoolean:
        return v->data ? QStringLiteral("true") : QStringLiteral("false");
    case TypeFloat: {
        float f = 0;
        static_assert(sizeof f == sizeof v->data);
        memcpy(&f, &v->data, sizeof f);
        return QString::number(double(f));
    }
    default:
        return QString();
    }
}

QString attributeText(const XmlElement& e, quint32 resId, QStringView name, const ResourceSource* res)
{
    const XmlAttribute* a = e.attribute(resId, name);
    if (!a)
        return QString();
    return valueText(resolveAttribute(res, *a, DeviceConfig()));
}

// An SDK level: a number, or a preview codename string ("VanillaIceCream").
QString sdkText(const XmlElement& e, quint32 resId, QStringView name, const ResourceSource* res)
{
    return attributeText(e, resId, name, res).trimmed();
}

bool attributeTrue(const XmlElement& e, quint32 resId, QStringView name, const ResourceSource* res)
{
    const XmlAttribute* a = e.attribute(resId, name);
    if (!a)
        return false;
    const auto v = resolveAttribute(res, *a, DeviceConfig());
    if (!v)
        return false;
    if (v->type == TypeBoolean || v->type == TypeIntDec || v->type == TypeIntHex)
        return v->data != 0;
    return v->string.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
}

// aapt's getComponentName: ".Foo" and "Foo" are relative to the package.
QString qualifiedName(const QString& packageId, const QString& name)
{
    if (name.startsWith(QLatin1Char('.')))
        return packageId + name;
    if (!name.contains(QLatin1Char('.')) && !packageId.isEmpty())
        return packageId + QLatin1Char('.') + name;
    return name;
}

bool hasLauncherIntent(const XmlElement& activity)
{
    for (const XmlElement& filter : activity.children) {
        if (filter.name != QLatin1String("intent-filter"))
            continue;
        bool main = false;
        bool launcher = false;
        for (const XmlElement& item : filter.children) {
            const XmlAttribute* n = item.attribute(Attr::Name, u"name");
            if (!n)
                continue;
            if (item.name == QLatin1String("action") && n->string == QLatin1String("android.intent.action.MAIN"))
                main = true;
            if (item.name == QLatin1String("category")
                && n->string == QLatin1String("android.intent.category.LAUNCHER"))
                launcher = true;
        }
        if (main && launcher)
            return true;
    }
    return false;
}

void readLabels(const XmlElement& app, const ResourceSource* res, PackageInfo& info)
{
    const XmlAttribute* a = app.attribute(Attr::Label, u"label");
    if (!a)
        return;
    const QStringList locales = res ? res->locales() : QStringList();
    info.label = valueText(resolveAttribute(res, *a, DeviceConfig()));
    for (const QString& locale : locales) {
        const QString text = valueText(resolveAttribute(res, *a, DeviceConfig::forLocale(locale)));
        if (text.isEmpty())
            continue;
        info.labels.insert(locale, text);
        if (info.label.isEmpty())
            info.label = text; // aapt: without a default label the first localized one stands in
    }
}

void readIcons(const XmlElement& app, const ResourceSource* res, PackageInfo& info)
{
    const XmlAttribute* a = app.attribute(Attr::Icon, u"icon");
    if (!a)
        return;
    if (!a->isReference() || !res) {
        if (a->type == TypeString && !a->string.isEmpty())
            info.iconPath = a->string;
        return;
    }
    for (int density : res->densities()) {
        DeviceConfig device;
        device.density = density;
        const auto v = resolve(*res, a->data, device);
        if (v && v->type == TypeString && !v->string.isEmpty())
            info.iconsByDensity.insert(density, v->string);
    }
    // aapt's last application-icon line (the highest density bucket) when it is a raster image; otherwise
    // the densest raster the resource has in any configuration (adaptive icons have PNG fallbacks), and
    // only then the XML.
    if (!info.iconsByDensity.isEmpty() && isRasterPath(info.iconsByDensity.last())) {
        info.iconPath = info.iconsByDensity.last();
        return;
    }
    int bestDensity = -1;
    for (const ResValue& v : allValues(*res, a->data)) {
        if (v.type != TypeString || !isRasterPath(v.string))
            continue;
        const int d = v.config.density == 0 ? 160 : (v.config.density >= 0xFFFE ? 0 : v.config.density);
        if (d > bestDensity) {
            bestDensity = d;
            info.iconPath = v.string;
        }
    }
    if (info.iconPath.isEmpty() && !info.iconsByDensity.isEmpty())
        info.iconPath = info.iconsByDensity.last();
}

} // namespace

bool isRasterPath(const QString& path)
{
    return path.endsWith(QLatin1String(".png"), Qt::CaseInsensitive)
        || path.endsWith(QLatin1String(".webp"), Qt::CaseInsensitive)
        || path.endsWith(QLatin1String(".jpg"), Qt::CaseInsensitive)
        || path.endsWith(QLatin1String(".jpeg"), Qt::CaseInsensitive);
}

QStringList abisFromEntries(const QStringList& names, const QString& prefix)
{
    QSet<QString> abis;
    for (const QString& n : names) {
        if (!n.startsWith(prefix) || n.endsWith(QLatin1Char('/')))
            continue;
        const int slash = n.indexOf(QLatin1Char('/'), prefix.size());
        if (slash <= prefix.size() || slash == n.size() - 1)
            continue; // a file directly in lib/, or an empty directory entry
        abis.insert(n.mid(prefix.size(), slash - prefix.size()));
    }
    QStringList out(abis.begin(), abis.end());
    out.sort();
    return out;
}

Status readManifest(const XmlElement& manifest, const ResourceSource* res, PackageInfo& info)
{
    if (manifest.name != QLatin1String("manifest"))
        return Error(Error::Kind::InvalidPackage,
            Texts::tr("The Android manifest's root element is <%1>, not <manifest>.").arg(manifest.name));
    info.platform = QStringLiteral("android");
    if (const XmlAttribute* p = manifest.plainAttribute(u"package"))
        info.packageId = p->literal();
    info.versionCode = attributeText(manifest, Attr::VersionCode, u"versionCode", res);
    if (!info.versionCode.isEmpty()) {
        // versionCode is an unsigned 32-bit value on the platform side; show it as aapt does.
        bool ok = false;
        const qint64 n = info.versionCode.toLongLong(&ok);
        if (ok && n < 0)
            info.versionCode = QString::number(quint32(qint32(n)));
    }
    info.versionName = attributeText(manifest, Attr::VersionName, u"versionName", res);
    info.compileSdk = attributeText(manifest, Attr::CompileSdkVersion, u"compileSdkVersion", res);
    if (info.compileSdk.isEmpty()) {
        if (const XmlAttribute* p = manifest.plainAttribute(u"platformBuildVersionCode"))
            info.compileSdk = p->literal();
    }
    if (const XmlAttribute* s = manifest.plainAttribute(u"split"))
        info.splitName = s->literal();
    info.isFeatureSplit = attributeTrue(manifest, Attr::IsFeatureSplit, u"isFeatureSplit", res);

    QStringList permissions;
    bool sawApplication = false;
    for (const XmlElement& child : manifest.children) {
        if (child.name == QLatin1String("uses-sdk")) {
            if (info.minSdk.isEmpty())
                info.minSdk = sdkText(child, Attr::MinSdkVersion, u"minSdkVersion", res);
            if (info.targetSdk.isEmpty())
                info.targetSdk = sdkText(child, Attr::TargetSdkVersion, u"targetSdkVersion", res);
            if (info.maxSdk.isEmpty())
                info.maxSdk = sdkText(child, Attr::MaxSdkVersion, u"maxSdkVersion", res);
        } else if (child.name == QLatin1String("uses-permission")
            || child.name == QLatin1String("uses-permission-sdk-23")
            || child.name == QLatin1String("uses-permission-sdk-m")) {
            const QString name = attributeText(child, Attr::Name, u"name", res);
            if (!name.isEmpty())
                permissions.append(name);
        } else if (child.name == QLatin1String("application") && !sawApplication) {
            sawApplication = true;
            readLabels(child, res, info);
            readIcons(child, res, info);
            info.debuggable = attributeTrue(child, Attr::Debuggable, u"debuggable", res);
            for (const XmlElement& component : child.children) {
                if (component.name != QLatin1String("activity") && component.name != QLatin1String("activity-alias"))
                    continue;
                if (!hasLauncherIntent(component))
                    continue;
                const QString name = attributeText(component, Attr::Name, u"name", res);
                if (!name.isEmpty()) {
                    info.launchableActivity = qualifiedName(info.packageId, name);
                    break;
                }
            }
        }
    }
    if (!info.debuggable.has_value())
        info.debuggable = false;
    permissions.removeDuplicates();
    permissions.sort();
    info.permissions = permissions;
    if (info.packageId.isEmpty())
        return Error(Error::Kind::InvalidPackage, Texts::tr("The Android manifest names no package."));
    return Ok {};
}

} // namespace Slipway::Android
