#pragma once

#include <testutils/httptestserver.h>

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

// A loopback Applivery that behaves as docs/apis/applivery.md says: the Workspace API under
// /v1/organizations/{org}/... on the API server (paged {status, data:{items, page, totalPages, hasNextPage}}),
// build uploads (multipart, field `build`) on the API server only (the Workspace API's documented base URL, V1; the
// `upload` server stands for upload.applivery.io, which serves the Integrations API only, and answers a Workspace
// upload with 404), create application with only the documented
// fields (V5: name <= 128, configuration, metadata, defaultScripts), builds that go pending -> in_progress -> processed
// (or error, with processLogs) as they are polled, and the {status:false, error:{code, message}} errors.
class AppliveryFakeServer
{
public:
    struct App
    {
        QString id;
        QString name;
        QString slug;
    };

    AppliveryFakeServer();
    bool listen();

    Slipway::Test::HttpTestServer api;
    Slipway::Test::HttpTestServer upload; // the Integrations upload host: no Workspace route

    QString token = QStringLiteral("svc-token-0123456789");
    QString org = QStringLiteral("acme");
    int maxLimit = 100; // the server caps ?limit= (tests lower it to force paging)
    int pollsUntilProcessed = 2; // detail GETs of a build before it is processed (0: processed on upload)
    bool failProcessing = false; // processing ends in "error" with a processing log
    QList<App> apps;
    QHash<QString, QList<QJsonObject>> builds; // per app id, newest first

    QString addApp(const QString& name);
    int buildCount() const;

private:
    void install(Slipway::Test::HttpTestServer& server);
    int m_nextId = 1;
    QHash<QString, int> m_polls;
};
