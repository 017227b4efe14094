// Natural, version-aware ordering of version names and labels (issue 13), and the versions table sorting by it.
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QtTest>
#include <common/naturalcompare.h>
#include <models/versiontablemodel.h>

using namespace Slipway;

class TestNaturalSort : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pairs_data()
    {
        QTest::addColumn<QString>("older");
        QTest::addColumn<QString>("newer");
        QTest::newRow("minor as number") << "1.2"
                                         << "1.9";
        QTest::newRow("1.9 < 1.10") << "1.9"
                                    << "1.10";
        QTest::newRow("1.10 < 2.0-rc1") << "1.10"
                                        << "2.0-rc1";
        QTest::newRow("rc before release") << "2.0-rc1"
                                           << "2.0";
        QTest::newRow("rc1 < rc2") << "2.0-rc1"
                                   << "2.0-rc2";
        QTest::newRow("rc2 < rc10") << "2.0-rc2"
                                    << "2.0-rc10";
        QTest::newRow("alpha < beta") << "1.0-alpha"
                                      << "1.0-beta";
        QTest::newRow("beta < rc") << "1.0-beta.2"
                                   << "1.0-rc.1";
        QTest::newRow("release < patch") << "2.0"
                                         << "2.0.1";
        QTest::newRow("rc < patch") << "2.0-rc1"
                                    << "2.0.1";
        QTest::newRow("letter suffix is pre-release") << "1.0b2"
                                                      << "1.0";
        QTest::newRow("tilde pre-release") << "1.0~beta"
                                           << "1.0";
        QTest::newRow("build metadata after") << "1.0"
                                              << "1.0+5";
        QTest::newRow("build-2 < build-10") << "build-2"
                                            << "build-10";
        QTest::newRow("prefix v") << "v1.9"
                                  << "v1.10";
        QTest::newRow("case-insensitive letters") << "Alpha"
                                                  << "beta";
        QTest::newRow("long numbers") << "1.99999999999999999998"
                                      << "1.99999999999999999999";
        QTest::newRow("empty first") << ""
                                     << "0";
        QTest::newRow("1.2.1 < 1.10") << "1.2.1"
                                      << "1.10";
        QTest::newRow("date labels") << "nightly-2026-01-09"
                                     << "nightly-2026-01-10";
    }
    void pairs()
    {
        QFETCH(QString, older);
        QFETCH(QString, newer);
        QVERIFY2(naturalCompare(older, newer) < 0, qPrintable(older + QStringLiteral(" should sort before ") + newer));
        QVERIFY2(naturalCompare(newer, older) > 0, qPrintable(newer + QStringLiteral(" should sort after ") + older));
    }

    void equalAndTotal()
    {
        QCOMPARE(naturalCompare(u"1.2.3", u"1.2.3"), 0);
        // Equal as versions but different text still get a fixed order, so sorting is deterministic.
        QVERIFY(naturalCompare(u"1.02", u"1.2") != 0);
        QCOMPARE(naturalCompare(u"1.02", u"1.2"), -naturalCompare(u"1.2", u"1.02"));
    }

    void sortsAList()
    {
        QStringList names {QStringLiteral("2.0"), QStringLiteral("1.10"), QStringLiteral("2.0-rc1"),
            QStringLiteral("1.2"), QStringLiteral("1.9"), QStringLiteral("1.2.1")};
        std::sort(names.begin(), names.end(), naturalLess);
        QCOMPARE(names, QStringList({"1.2", "1.2.1", "1.9", "1.10", "2.0-rc1", "2.0"}));
    }

    // The versions table's proxy orders the name and label columns naturally (not as text: 1.10 < 1.2.1 < 1.9).
    void tableSortsNaturally()
    {
        QStandardItemModel source(0, VersionTableModel::ColumnCount);
        const QStringList names {"1.9", "1.10", "1.2.1", "2.0", "2.0-rc1"};
        const QStringList labels {"build-10", "build-2", "build-1", "rc", "build-3"};
        for (int i = 0; i < names.size(); ++i) {
            QList<QStandardItem*> row;
            for (int c = 0; c < VersionTableModel::ColumnCount; ++c)
                row << new QStandardItem;
            row[VersionTableModel::VersionName]->setData(names[i], VersionTableModel::SortRole);
            row[VersionTableModel::Label]->setData(labels[i], VersionTableModel::SortRole);
            source.appendRow(row);
        }
        VersionFilterModel proxy;
        proxy.setSourceModel(&source);
        auto column = [&](int c) {
            QStringList out;
            for (int r = 0; r < proxy.rowCount(); ++r)
                out << proxy.index(r, c).data(VersionTableModel::SortRole).toString();
            return out;
        };
        proxy.sort(VersionTableModel::VersionName, Qt::AscendingOrder);
        QCOMPARE(column(VersionTableModel::VersionName), QStringList({"1.2.1", "1.9", "1.10", "2.0-rc1", "2.0"}));
        proxy.sort(VersionTableModel::Label, Qt::DescendingOrder);
        QCOMPARE(column(VersionTableModel::Label), QStringList({"rc", "build-10", "build-3", "build-2", "build-1"}));
    }
};

QTEST_GUILESS_MAIN(TestNaturalSort)
#include "tst_naturalsort.moc"
