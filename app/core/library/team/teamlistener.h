#pragma once

#include <QObject>
#include <QTimer>
#include <common/error.h>
#include <library/team/pgconnection.h>
#include <memory>

class QSocketNotifier;

namespace Slipway {

// Listens on the team library's notification channel without polling: a connection of its own (opened on a worker
// thread, so the window never waits for the server), LISTEN slipway_team, and a QSocketNotifier on its socket. Each
// notification a colleague's commit sends becomes changed(appId) within moments. A lost connection is opened again
// after a pause, followed by changed("") since notifications may have been missed meanwhile.
class TeamListener : public QObject
{
    Q_OBJECT

public:
    explicit TeamListener(const PgParams& params, QObject* parent = nullptr);
    ~TeamListener() override;

    // Starts listening (idempotent).
    void start();
    bool isListening() const { return m_connection != nullptr; }
    // Pause before the next attempt after a failure (tests shorten it).
    void setRetryInterval(int ms) { m_retry.setInterval(ms); }

Q_SIGNALS:
    void changed(const QString& appId); // empty: anything may have changed
    void listening();
    void failed(const Slipway::Error& error);

private:
    void connectInBackground();
    void connected(std::shared_ptr<PgConnection> connection, const Error& error);
    void readable();
    void lost();

    PgParams m_params;
    std::shared_ptr<PgConnection> m_connection;
    QSocketNotifier* m_notifier = nullptr;
    QTimer m_retry;
    bool m_started = false;
    bool m_connecting = false;
    bool m_listenedBefore = false;
};

} // namespace Slipway
