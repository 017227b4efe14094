#include "teamlistener.h"

#include "teamlibrary.h"

#include <QCoreApplication>
#include <QPointer>
#include <QSocketNotifier>
#include <QThreadPool>
#include <libpq-fe.h>

namespace Slipway {

TeamListener::TeamListener(const PgParams& params, QObject* parent)
    : QObject(parent)
    , m_params(params)
{
    m_params.applicationName = QStringLiteral("slipway-listener");
    m_retry.setSingleShot(true);
    m_retry.setInterval(3000);
    connect(&m_retry, &QTimer::timeout, this, &TeamListener::connectInBackground);
}

TeamListener::~TeamListener()
{
    delete m_notifier;
}

void TeamListener::start()
{
    if (m_started)
        return;
    m_started = true;
    connectInBackground();
}

void TeamListener::connectInBackground()
{
    if (m_connecting || m_connection)
        return;
    m_connecting = true;
    QPointer<TeamListener> self(this);
    QThreadPool::globalInstance()->start([self, params = m_params] {
        std::shared_ptr<PgConnection> connection;
        Error error;
        auto opened = PgConnection::open(params);
        if (opened) {
            connection = std::move(opened).value();
            if (auto st = connection->run(QStringLiteral("LISTEN %1").arg(QLatin1String(TeamLibrary::kChannel))); !st) {
                error = st.error();
                connection.reset();
            }
        } else {
            error = opened.error();
        }
        QMetaObject::invokeMethod(
            qApp,
            [self, connection, error] {
                if (self)
                    self->connected(connection, error);
            },
            Qt::QueuedConnection);
    });
}

void TeamListener::connected(std::shared_ptr<PgConnection> connection, const Error& error)
{
    m_connecting = false;
    if (!connection) {
        Q_EMIT failed(error);
        m_retry.start();
        return;
    }
    // The connection moves here from the worker: its only user from now on is this thread.
    m_connection = std::move(connection);
    m_notifier = new QSocketNotifier(qintptr(m_connection->socket()), QSocketNotifier::Read);
    connect(m_notifier, &QSocketNotifier::activated, this, &TeamListener::readable);
    const bool again = m_listenedBefore;
    m_listenedBefore = true;
    Q_EMIT listening();
    if (again)
        Q_EMIT changed(QString());
}

void TeamListener::readable()
{
    pg_conn* conn = m_connection->raw();
    if (!PQconsumeInput(conn) || PQstatus(conn) == CONNECTION_BAD) {
        lost();
        return;
    }
    while (PGnotify* notify = PQnotifies(conn)) {
        const QString appId = QString::fromUtf8(notify->extra);
        PQfreemem(notify);
        Q_EMIT changed(appId);
    }
}

void TeamListener::lost()
{
    delete m_notifier;
    m_notifier = nullptr;
    m_connection.reset();
    Q_EMIT failed(Error(Error::Kind::Network,
        tr("The live connection to the team library at %1 was lost; reconnecting.").arg(m_params.where())));
    m_retry.start();
}

} // namespace Slipway
