#include "singleinstance.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QDir>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QStandardPaths>

namespace Slipway::Gui {

namespace {

constexpr quint32 kMagic = 0x534c5731; // "SLW1": refuse whatever else connects to the socket
constexpr char kAccepted = '1';

} // namespace

SingleInstance::SingleInstance(const QString& key, QObject* parent)
    : QObject(parent)
    , m_key(key)
{ }

SingleInstance::~SingleInstance() = default;

QString SingleInstance::defaultKey(const QString& libraryPath)
{
    // Per user (the socket lives in the user's runtime directory) and per settings location and library, so tests
    // and a second library each get a window of their own.
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation).toUtf8());
    hash.addData(QByteArrayView("\n"));
    hash.addData(QDir::cleanPath(QFileInfo(libraryPath).absoluteFilePath()).toUtf8());
    return QStringLiteral("slipway-") + QString::fromLatin1(hash.result().toHex().left(16));
}

QString SingleInstance::serverName() const
{
    return m_server ? m_server->fullServerName() : m_key;
}

bool SingleInstance::sendToRunning(const QStringList& files, int timeoutMs)
{
    QLocalSocket socket;
    socket.connectToServer(m_key);
    if (!socket.waitForConnected(timeoutMs))
        return false;
    QStringList absolute;
    for (const QString& f : files)
        absolute.append(QFileInfo(f).absoluteFilePath());
    QByteArray payload;
    QDataStream out(&payload, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    out << kMagic << absolute;
    socket.write(payload);
    if (!socket.waitForBytesWritten(timeoutMs))
        return false;
    // The answer says the window has the files; without it this process opens them itself.
    while (socket.bytesAvailable() < 1) {
        if (!socket.waitForReadyRead(timeoutMs))
            return false;
    }
    char answer = 0;
    return socket.getChar(&answer) && answer == kAccepted;
}

bool SingleInstance::listen()
{
    // A live instance answers: leave its socket alone (QLocalServer would silently replace the socket file).
    // Nobody answering means none runs, or a crashed one left its socket file behind: remove it.
    QLocalSocket probe;
    probe.connectToServer(m_key);
    if (probe.waitForConnected(500)) {
        probe.abort();
        m_error = tr("Another Slipway window is running.");
        return false;
    }
    QLocalServer::removeServer(m_key);
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(m_key)) {
        m_error = m_server->errorString();
        delete m_server;
        m_server = nullptr;
        return false;
    }
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::onNewConnection);
    return true;
}

void SingleInstance::onNewConnection()
{
    while (QLocalSocket* socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            QDataStream in(socket);
            in.setVersion(QDataStream::Qt_6_4);
            in.startTransaction();
            quint32 magic = 0;
            QStringList files;
            in >> magic >> files;
            if (!in.commitTransaction())
                return; // not all there yet
            if (magic != kMagic) {
                socket->abort();
                return;
            }
            socket->putChar(kAccepted);
            socket->flush();
            Q_EMIT filesReceived(files);
        });
    }
}

} // namespace Slipway::Gui
