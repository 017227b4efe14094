#include "packagediff.h"

#include <QJsonArray>
#include <QSet>
#include <package/ziparchive.h>

namespace Slipway::PackageDiff {

namespace {

QString kindOfAndroidEntry(const QString& name)
{
    // App bundles keep each module in its own folder with dex/, lib/, assets/, res/ and resources.pb.
    QString n = name;
    const int slash = n.indexOf(QLatin1Char('/'));
    if (slash > 0
        && (n.mid(slash + 1).startsWith(QLatin1String("dex/")) || n.mid(slash + 1).startsWith(QLatin1String("lib/"))
            || n.mid(slash + 1).startsWith(QLatin1String("assets/"))
            || n.mid(slash + 1).startsWith(QLatin1String("res/")) || n.mid(slash + 1) == QLatin1String("resources.pb")
            || n.mid(slash + 1).startsWith(QLatin1String("manifest/"))))
        n = n.mid(slash + 1);
    if (n.endsWith(QLatin1String(".dex")) || n.startsWith(QLatin1String("dex/")))
        return QStringLiteral("code");
    if (n.startsWith(QLatin1String("lib/")))
        return QStringLiteral("nativeLibs");
    if (n.startsWith(QLatin1String("assets/")))
        return QStringLiteral("assets");
    if (n.startsWith(QLatin1String("res/")) || n == QLatin1String("resources.arsc")
        || n == QLatin1String("resources.pb") || n == QLatin1String("AndroidManifest.xml")
        || n.startsWith(QLatin1String("manifest/")))
        return QStringLiteral("resources");
    return QStringLiteral("other");
}

QString kindOfAppleEntry(const QString& name, const QString& executable)
{
    // Payload/<Name>.app/... (IPA) or <Name>.app/... (macOS zip; Contents/ in between).
    const int app = name.indexOf(QLatin1String(".app/"));
    if (app < 0)
        return QStringLiteral("other");
    QString inner = name.mid(app + 5);
    if (inner.startsWith(QLatin1String("Contents/")))
        inner = inner.mid(9);
    if (inner.startsWith(QLatin1String("MacOS/")))
        inner = inner.mid(6);
    if (inner.startsWith(QLatin1String("Frameworks/")))
        return QStringLiteral("frameworks");
    if (inner.startsWith(QLatin1String("PlugIns/")) || inner.startsWith(QLatin1String("Extensions/"))
        || (!executable.isEmpty() && inner == executable))
        return QStringLiteral("code");
    if (inner.startsWith(QLatin1String("_CodeSignature/")) || inner == QLatin1String("embedded.mobileprovision")
        || inner.startsWith(QLatin1String("SC_Info/")))
        return QStringLiteral("other");
    return QStringLiteral("resources");
}

QString text(const QJsonValue& v)
{
    if (v.isDouble())
        return QString::number(qint64(v.toDouble()));
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isArray()) {
        QStringList parts;
        for (const QJsonValue& e : v.toArray())
            parts << text(e);
        return parts.join(QStringLiteral(", "));
    }
    return v.toString();
}

QStringList strings(const QJsonValue& v)
{
    QStringList out;
    for (const QJsonValue& e : v.toArray())
        out << e.toString();
    return out;
}

QJsonObject addedRemoved(const QStringList& before, const QStringList& after)
{
    const QSet<QString> b(before.begin(), before.end());
    const QSet<QString> a(after.begin(), after.end());
    QStringList added;
    QStringList removed;
    for (const QString& s : after)
        if (!b.contains(s) && !added.contains(s))
            added << s;
    for (const QString& s : before)
        if (!a.contains(s) && !removed.contains(s))
            removed << s;
    added.sort();
    removed.sort();
    return {{QStringLiteral("added"), QJsonArray::fromStringList(added)},
        {QStringLiteral("removed"), QJsonArray::fromStringList(removed)}};
}

bool hasChanges(const QJsonObject& addedRemoved)
{
    return !addedRemoved.value(QLatin1String("added")).toArray().isEmpty()
        || !addedRemoved.value(QLatin1String("removed")).toArray().isEmpty();
}

QStringList certificates(const QJsonObject& signingOrProfile, const char* key = "certificates")
{
    QStringList out;
    for (const QJsonValue& c : signingOrProfile.value(QLatin1String(key)).toArray())
        out << c.toObject().value(QLatin1String("sha256")).toString();
    return out;
}

QJsonObject signingDiff(const QJsonObject& a, const QJsonObject& b)
{
    const QStringList before = certificates(a.value(QLatin1String("signing")).toObject());
    const QStringList after = certificates(b.value(QLatin1String("signing")).toObject());
    const bool changed = QSet<QString>(before.begin(), before.end()) != QSet<QString>(after.begin(), after.end());
    QString status = QStringLiteral("same");
    if (before.isEmpty() && after.isEmpty())
        status = QStringLiteral("unsigned");
    else if (changed) {
        // A rotated key (APK Signature Scheme v3 lineage) still lists the old certificate next to the new one.
        const bool shared
            = std::any_of(before.begin(), before.end(), [&](const QString& s) { return after.contains(s); });
        status
            = shared && !before.isEmpty() && !after.isEmpty() ? QStringLiteral("rotated") : QStringLiteral("changed");
    }
    return {{QStringLiteral("changed"), changed}, {QStringLiteral("status"), status},
        {QStringLiteral("before"), QJsonArray::fromStringList(before)},
        {QStringLiteral("after"), QJsonArray::fromStringList(after)}};
}

qint64 number(const QJsonValue& v)
{
    return v.isDouble() ? qint64(v.toDouble()) : v.toString().toLongLong();
}

QJsonObject sizeDiff(const QJsonObject& a, const QJsonObject& b)
{
    const qint64 before = number(a.value(QLatin1String("size")));
    const qint64 after = number(b.value(QLatin1String("size")));
    QJsonObject size {{QStringLiteral("before"), before}, {QStringLiteral("after"), after},
        {QStringLiteral("delta"), after - before}};
    const QJsonObject ka = a.value(QLatin1String(kSizeByKindKey)).toObject();
    const QJsonObject kb = b.value(QLatin1String(kSizeByKindKey)).toObject();
    if (ka.isEmpty() && kb.isEmpty())
        return size;
    QJsonObject byKind;
    for (const QString& kind : sizeKinds()) {
        if (!ka.contains(kind) && !kb.contains(kind))
            continue;
        const qint64 x = number(ka.value(kind));
        const qint64 y = number(kb.value(kind));
        byKind.insert(kind,
            QJsonObject {
                {QStringLiteral("before"), x}, {QStringLiteral("after"), y}, {QStringLiteral("delta"), y - x}});
    }
    size.insert(QStringLiteral("byKind"), byKind);
    return size;
}

QJsonObject change(const QString& field, const QJsonValue& before, const QJsonValue& after)
{
    return {{QStringLiteral("field"), field}, {QStringLiteral("before"), before.isUndefined() ? QJsonValue() : before},
        {QStringLiteral("after"), after.isUndefined() ? QJsonValue() : after}};
}

void compareFields(
    QJsonArray& changes, const QString& prefix, const QJsonObject& a, const QJsonObject& b, const QStringList& fields)
{
    for (const QString& f : fields) {
        const QJsonValue x = a.value(f);
        const QJsonValue y = b.value(f);
        if (text(x) != text(y) || x.isUndefined() != y.isUndefined())
            changes.append(change(prefix + f, x, y));
    }
}

QJsonObject provisioningDiff(const QJsonObject& a, const QJsonObject& b, QJsonArray& changes)
{
    const QJsonObject pa = a.value(QLatin1String("provisioning")).toObject();
    const QJsonObject pb = b.value(QLatin1String("provisioning")).toObject();
    if (pa.isEmpty() && pb.isEmpty())
        return {};
    compareFields(changes, QStringLiteral("provisioning."), pa, pb,
        {QStringLiteral("type"), QStringLiteral("teamId"), QStringLiteral("teamName"), QStringLiteral("name"),
            QStringLiteral("expirationDate"), QStringLiteral("devices"), QStringLiteral("provisionsAllDevices"),
            QStringLiteral("getTaskAllow"), QStringLiteral("apsEnvironment")});
    const QJsonObject ea = pa.value(QLatin1String("entitlements")).toObject();
    const QJsonObject eb = pb.value(QLatin1String("entitlements")).toObject();
    QStringList changed;
    for (auto it = ea.begin(); it != ea.end(); ++it)
        if (eb.contains(it.key()) && eb.value(it.key()) != it.value())
            changed << it.key();
    QJsonObject out {{QStringLiteral("before"), pa}, {QStringLiteral("after"), pb},
        {QStringLiteral("entitlements"), addedRemoved(ea.keys(), eb.keys())}};
    QJsonObject ent = out.value(QLatin1String("entitlements")).toObject();
    ent.insert(QStringLiteral("changed"), QJsonArray::fromStringList(changed));
    out.insert(QStringLiteral("entitlements"), ent);
    return out;
}

} // namespace

QStringList sizeKinds()
{
    return {QStringLiteral("code"), QStringLiteral("resources"), QStringLiteral("nativeLibs"), QStringLiteral("assets"),
        QStringLiteral("frameworks"), QStringLiteral("other")};
}

Result<QMap<QString, qint64>> contentSizes(const QString& path, const QString& executable)
{
    auto opened = ZipArchive::open(path);
    if (!opened)
        return opened.error();
    const ZipArchive& zip = *opened.value();
    const QStringList names = zip.names();
    const bool apple = std::any_of(names.begin(), names.end(), [](const QString& n) {
        return n.startsWith(QLatin1String("Payload/")) || n.contains(QLatin1String(".app/Contents/"));
    });
    QMap<QString, qint64> sizes;
    for (const ZipArchive::Entry& e : zip.entries()) {
        if (e.name.endsWith(QLatin1Char('/')))
            continue;
        const QString kind = apple ? kindOfAppleEntry(e.name, executable) : kindOfAndroidEntry(e.name);
        sizes[kind] += e.compressedSize;
    }
    return sizes;
}

QJsonObject summary(const QJsonObject& inspection)
{
    QJsonObject s;
    for (const char* key : {"file", "kind", "packageId", "versionName", "versionCode", "label", "size", "sha256"}) {
        const QJsonValue v = inspection.value(QLatin1String(key));
        if (!v.isUndefined())
            s.insert(QLatin1String(key), v);
    }
    return s;
}

QJsonObject compare(const QJsonObject& a, const QJsonObject& b)
{
    QJsonArray changes;
    compareFields(changes, {}, a, b,
        {QStringLiteral("kind"), QStringLiteral("packageId"), QStringLiteral("versionName"),
            QStringLiteral("versionCode"), QStringLiteral("label"), QStringLiteral("minSdk"),
            QStringLiteral("targetSdk"), QStringLiteral("maxSdk"), QStringLiteral("compileSdk"),
            QStringLiteral("debuggable"), QStringLiteral("launchableActivity"), QStringLiteral("minimumOsVersion"),
            QStringLiteral("platform"), QStringLiteral("deviceFamily"), QStringLiteral("executableArchs"),
            QStringLiteral("sdk"), QStringLiteral("xcode"), QStringLiteral("modules")});
    const QJsonObject sa = a.value(QLatin1String("signing")).toObject();
    const QJsonObject sb = b.value(QLatin1String("signing")).toObject();
    compareFields(changes, QStringLiteral("signing."), sa, sb, {QStringLiteral("schemes")});

    QJsonObject out {{QStringLiteral("a"), summary(a)}, {QStringLiteral("b"), summary(b)}};
    const QJsonObject permissions
        = addedRemoved(strings(a.value(QLatin1String("permissions"))), strings(b.value(QLatin1String("permissions"))));
    const QJsonObject abis
        = addedRemoved(strings(a.value(QLatin1String("abis"))), strings(b.value(QLatin1String("abis"))));
    const QJsonObject signing = signingDiff(a, b);
    const QJsonObject size = sizeDiff(a, b);
    const QJsonObject provisioning = provisioningDiff(a, b, changes);
    out.insert(QStringLiteral("changes"), changes);
    out.insert(QStringLiteral("permissions"), permissions);
    out.insert(QStringLiteral("abis"), abis);
    out.insert(QStringLiteral("signing"), signing);
    out.insert(QStringLiteral("size"), size);
    bool entitlementsChanged = false;
    if (!provisioning.isEmpty()) {
        out.insert(QStringLiteral("provisioning"), provisioning);
        const QJsonObject ent = provisioning.value(QLatin1String("entitlements")).toObject();
        entitlementsChanged = hasChanges(ent) || !ent.value(QLatin1String("changed")).toArray().isEmpty();
    }
    const bool sameBytes = !a.value(QLatin1String("sha256")).toString().isEmpty()
        && a.value(QLatin1String("sha256")) == b.value(QLatin1String("sha256"));
    const bool identical = changes.isEmpty() && !hasChanges(permissions) && !hasChanges(abis)
        && !signing.value(QLatin1String("changed")).toBool() && size.value(QLatin1String("delta")).toInteger() == 0
        && !entitlementsChanged && (sameBytes || a.value(QLatin1String("sha256")).toString().isEmpty());
    out.insert(QStringLiteral("identical"), identical);
    return out;
}

} // namespace Slipway::PackageDiff
