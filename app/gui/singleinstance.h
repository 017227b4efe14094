#pragma once

#include <QObject>
#include <QStringList>

class QLocalServer;

namespace Slipway::Gui {

// One window per user and Local library: a second `slipway FILE...` hands its files to the running window over a
// local socket (QLocalServer/QLocalSocket) and exits. The protocol is one QDataStream'd QStringList of absolute
// paths answered by one byte, so the second process knows the files arrived before it exits.
class SingleInstance : public QObject
{
    Q_OBJECT

public:
    // `key` names the socket; defaultKey() derives it from the user, the settings location and the library.
    explicit SingleInstance(const QString& key, QObject* parent = nullptr);
    ~SingleInstance() override;

    static QString defaultKey(const QString& libraryPath);

    // Sends `files` (made absolute) to a running instance; true when one took them. Waits at most `timeoutMs`.
    bool sendToRunning(const QStringList& files, int timeoutMs = 3000);
    // Becomes the running instance; false (with the reason in errorString()) when the socket cannot be created.
    bool listen();
    QString serverName() const;
    QString errorString() const { return m_error; }

Q_SIGNALS:
    // Another start asked the window to come forward and open these files (possibly none).
    void filesReceived(const QStringList& files);

private:
    void onNewConnection();

    QString m_key;
    QLocalServer* m_server = nullptr;
    QString m_error;
};

} // namespace Slipway::Gui
