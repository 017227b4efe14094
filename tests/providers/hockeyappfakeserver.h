#pragma once

#include <testutils/httptestserver.h>

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

// A loopback HockeyApp API v2 as docs/apis/hockeyapp.md describes it, under /api/2: X-HockeyAppToken auth
// (401 otherwise), GET /apps, GET /apps/{id}/app_versions (?page=N with current_page/total_pages), the multipart
// upload POST /apps/{id}/app_versions/upload (201, 422 {errors:{field:[...]}} without ipa) and
// DELETE /apps/{id}/app_versions/{version id}; "App not found or wrong identifier" for unknown apps.
class HockeyAppFakeServer
{
public:
    struct App
    {
        QString publicId;
        QString title;
        QString bundleId;
        QString platform;
    };

    HockeyAppFakeServer();
    bool listen() { return server.listen(); }
    QUrl apiUrl() const { return server.url(QStringLiteral("/api/2")); }

    Slipway::Test::HttpTestServer server;
    QString token = QStringLiteral("0123456789abcdef0123456789abcdef");
    int perPage = 500; // versions per page when ?page= is given
    bool ignorePage = false; // a compatible server that ignores ?page= (always the whole list)
    QString nextVersion = QStringLiteral("1"); // what the server "reads" from the next uploaded package
    QString nextShortVersion = QStringLiteral("1.0");
    // The next uploads are refused, one per entry, with the documented 422 {"errors": {field: [message]}}
    // (docs/apis/hockeyapp.md "Errors"): a server that rejects a build the client could not know it would.
    QList<QPair<QString, QString>> rejectUploads;
    QList<App> apps;
    QHash<QString, QList<QJsonObject>> versions; // per public id, newest first

    QString addApp(const QString& title, const QString& bundleId, const QString& platform = QStringLiteral("iOS"));
    int versionCount() const;

private:
    int m_nextId = 100;
};
