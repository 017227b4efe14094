// The README's table of account fields ("| Service (`id`) | Default base URL | Fields |") is checked against the
// services as they register themselves, so the documentation cannot drift from the code: every registered service
// has a row, every row is a registered service, the default base URL matches, and the row names exactly the
// service's field keys with **[secret]** after each secret and no other key.
#include <QFile>
#include <QRegularExpression>
#include <QTest>
#include <providers/providerregistry.h>

using namespace Slipway;

namespace {

struct Row
{
    QString id;
    QString baseUrl;
    QString fields;
};

QList<Row> readmeRows()
{
    const QString path = qEnvironmentVariable("SLIPWAY_SOURCE_DIR") + QStringLiteral("/README.md");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    QList<Row> rows;
    bool inTable = false;
    static const QRegularExpression idRe(QStringLiteral("\\(`([a-z0-9-]+)`\\)"));
    for (const QString& line : QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("| Service (`id`) | Default base URL | Fields |"))) {
            inTable = true;
            continue;
        }
        if (!inTable)
            continue;
        if (!line.startsWith(QLatin1Char('|')))
            break;
        if (line.startsWith(QLatin1String("|---")))
            continue;
        const QStringList cells = line.split(QLatin1Char('|'));
        if (cells.size() < 5)
            continue;
        const auto m = idRe.match(cells.at(1));
        rows.append({m.hasMatch() ? m.captured(1) : cells.at(1).trimmed(), cells.at(2).trimmed(), cells.at(3)});
    }
    return rows;
}

} // namespace

class TestServiceDocs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readmeTable_hasOneRowPerRegisteredService()
    {
        const QList<Row> rows = readmeRows();
        QVERIFY2(!rows.isEmpty(), "README.md has no table of account fields");
        QStringList documented;
        for (const Row& r : rows)
            documented << r.id;
        QStringList registered;
        for (const ServiceInfo& s : ProviderRegistry::services())
            registered << s.id;
        QCOMPARE(documented, registered); // same services, same order as the registry shows them
    }

    void readmeTable_matchesEachServicesFields()
    {
        static const QRegularExpression keyRe(QStringLiteral("`([a-z][a-z0-9-]*)`(\\s*\\*\\*\\[secret\\]\\*\\*)?"));
        for (const Row& row : readmeRows()) {
            const ServiceInfo* service = ProviderRegistry::service(row.id);
            QVERIFY2(service, qPrintable(QStringLiteral("README documents an unknown service %1").arg(row.id)));
            if (service->defaultBaseUrl.isEmpty()) {
                QVERIFY2(
                    !row.baseUrl.contains(QLatin1String("https://")) || row.baseUrl.contains(QLatin1String("required")),
                    qPrintable(row.id));
            } else {
                QVERIFY2(row.baseUrl.contains(QStringLiteral("`%1`").arg(service->defaultBaseUrl.toString())),
                    qPrintable(QStringLiteral("%1: README says %2, the service %3")
                                   .arg(row.id, row.baseUrl, service->defaultBaseUrl.toString())));
            }
            QMap<QString, bool> documented; // key -> marked secret
            auto it = keyRe.globalMatch(row.fields);
            while (it.hasNext()) {
                const auto m = it.next();
                documented.insert(m.captured(1), !m.captured(2).isEmpty());
            }
            QMap<QString, bool> actual;
            for (const FieldSpec& f : service->accountFields)
                actual.insert(f.key, f.type == FieldSpec::Type::Secret);
            QCOMPARE(documented, actual);
        }
    }
};

QTEST_GUILESS_MAIN(TestServiceDocs)
#include "tst_servicedocs.moc"
