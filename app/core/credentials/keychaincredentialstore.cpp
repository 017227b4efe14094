#include "keychaincredentialstore.h"

#include <QLoggingCategory>
#include <QStringDecoder>
#include <QTimer>
#include <qt6keychain/keychain.h>

Q_LOGGING_CATEGORY(lcCredentials, "slipway.credentials")

namespace Slipway {

namespace {

QString operationVerb(KeychainCredentialStore::Operation operation)
{
    switch (operation) {
    case KeychainCredentialStore::Operation::Read:
        return KeychainCredentialStore::tr("read");
    case KeychainCredentialStore::Operation::Write:
        return KeychainCredentialStore::tr("store");
    case KeychainCredentialStore::Operation::Remove:
        return KeychainCredentialStore::tr("remove");
    }
    return {};
}

bool mentions(const QString& text, std::initializer_list<const char*> needles)
{
    for (const char* n : needles) {
        if (text.contains(QLatin1String(n), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

// The backend could not reach a session bus at all.
bool isNoDbus(const QString& m)
{
    return mentions(m,
        {"DBUS_SESSION_BUS_ADDRESS", "autolaunch", "Could not connect", "Failed to connect to socket",
            "Failed to open connection to", "dbus-launch", "No such file or directory", "Connection refused",
            "Not connected to D-Bus"});
}

// The bus is there, nobody provides org.freedesktop.secrets (no gnome-keyring, no KWallet).
bool isNoService(const QString& m)
{
    return mentions(m,
        {"org.freedesktop.secrets", "ServiceUnknown", "was not provided by any", "No such interface", "kwalletd",
            "Unknown method"});
}

bool isLocked(const QString& m)
{
    return mentions(m, {"locked", "unlock"});
}

// gnome-keyring runs but has no default (login) collection, e.g. it could not show the prompt to create one.
bool isNoCollection(const QString& m)
{
    return mentions(m, {"/collection/", "no default collection", "collection"});
}

bool isPromptRefused(const QString& m)
{
    return mentions(m, {"prompt", "dismissed", "cancelled", "canceled"});
}

} // namespace

KeychainCredentialStore::KeychainCredentialStore(const QString& serviceName, QObject* parent)
    : CredentialStore(parent)
    , m_service(serviceName)
{ }

KeychainCredentialStore::~KeychainCredentialStore() = default;

Error KeychainCredentialStore::describeFailure(int code, const QString& backendMessage, Operation operation)
{
    const QString verb = operationVerb(operation);
    QString message;
    if (code == QKeychain::EntryNotFound) {
        return Error(
            Error::Kind::NotFound, tr("No secret is stored in the keyring for this account yet."), backendMessage);
    }
    if (code == QKeychain::AccessDeniedByUser
        || (code != QKeychain::NoBackendAvailable && isPromptRefused(backendMessage))) {
        message = tr("Access to the keyring was refused at its prompt, so Slipway could not %1 the secret: allow "
                     "Slipway to use the keyring (or unlock it) and try again.")
                      .arg(verb);
    } else if (code == QKeychain::AccessDenied || isLocked(backendMessage)) {
        message = tr("The keyring is locked, so Slipway could not %1 the secret: unlock your login keyring (for "
                     "example in Passwords and Keys, or with KWallet Manager) and try again.")
                      .arg(verb);
    } else if (isNoCollection(backendMessage)) {
        message = tr("The keyring has no default collection to keep secrets in (or could not show its prompt to "
                     "create one): open Passwords and Keys (seahorse) or KWallet Manager, create or unlock the "
                     "Login keyring, and try again.");
    } else if (isNoService(backendMessage) || (code == QKeychain::NoBackendAvailable && !isNoDbus(backendMessage))) {
        message = tr("No keyring service is running: install and start gnome-keyring or KWallet (any Secret Service "
                     "provider), then try again.");
    } else if (isNoDbus(backendMessage)) {
        message = tr("No keyring service is running: there is no D-Bus session to reach one. Start Slipway from your "
                     "desktop session (or inside dbus-run-session) with gnome-keyring or KWallet running.");
    } else if (code == QKeychain::CouldNotDeleteEntry) {
        message = tr("The keyring refused to remove the secret: check that it is unlocked and try again.");
    } else {
        message = tr("The keyring could not %1 the secret: check that gnome-keyring or KWallet is running and "
                     "unlocked, then try again.")
                      .arg(verb);
    }
    Error error(Error::Kind::Keychain, message, backendMessage);
    return error;
}

bool KeychainCredentialStore::isRetryable(int code, const QString& backendMessage)
{
    if (code == QKeychain::NoBackendAvailable)
        return true;
    // A daemon that is still being activated over D-Bus answers with a generic error; a refused prompt or a
    // locked keyring would only prompt again.
    return code == QKeychain::OtherError && !isPromptRefused(backendMessage) && !isLocked(backendMessage);
}

SecretJob* KeychainCredentialStore::read(const QString& key)
{
    auto* job = new SecretJob(this);
    startRead(job, key, 0);
    return job;
}

CredentialJob* KeychainCredentialStore::write(const QString& key, const QByteArray& secret)
{
    auto* job = new CredentialJob(this);
    startWrite(job, key, secret, 0);
    return job;
}

CredentialJob* KeychainCredentialStore::remove(const QString& key)
{
    auto* job = new CredentialJob(this);
    startRemove(job, key, 0);
    return job;
}

void KeychainCredentialStore::startRead(SecretJob* job, const QString& key, int attempt)
{
    auto* k = new QKeychain::ReadPasswordJob(m_service, this);
    k->setAutoDelete(true);
    k->setInsecureFallback(false);
    k->setKey(key);
    connect(k, &QKeychain::Job::finished, job, [this, job, key, attempt](QKeychain::Job* base) {
        auto* k = static_cast<QKeychain::ReadPasswordJob*>(base);
        if (job->isFinished() || job->isCancelled())
            return;
        if (k->error() == QKeychain::NoError) {
            job->complete(k->binaryData());
            return;
        }
        if (attempt == 0 && isRetryable(k->error(), k->errorString())) {
            qCDebug(lcCredentials) << "keychain read of" << key << "failed, retrying once:" << k->errorString();
            QTimer::singleShot(m_retryDelayMs, job, [this, job, key] { startRead(job, key, 1); });
            return;
        }
        if (k->error() != QKeychain::EntryNotFound)
            qCWarning(lcCredentials) << "keychain read of" << key << "failed:" << k->error() << k->errorString();
        job->fail(describeFailure(k->error(), k->errorString(), Operation::Read));
    });
    k->start();
}

void KeychainCredentialStore::startWrite(CredentialJob* job, const QString& key, const QByteArray& secret, int attempt)
{
    auto* k = new QKeychain::WritePasswordJob(m_service, this);
    k->setAutoDelete(true);
    k->setInsecureFallback(false);
    k->setKey(key);
    // Text when it is text (tokens, passwords, PEM), so other Secret Service clients read it as it is.
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder(secret);
    if (decoder.hasError())
        k->setBinaryData(secret);
    else
        k->setTextData(text);
    connect(k, &QKeychain::Job::finished, job, [this, job, key, secret, attempt](QKeychain::Job* k) {
        if (job->isFinished() || job->isCancelled())
            return;
        if (k->error() == QKeychain::NoError) {
            job->complete(Ok {});
            return;
        }
        if (attempt == 0 && isRetryable(k->error(), k->errorString())) {
            qCDebug(lcCredentials) << "keychain write of" << key << "failed, retrying once:" << k->errorString();
            QTimer::singleShot(m_retryDelayMs, job, [this, job, key, secret] { startWrite(job, key, secret, 1); });
            return;
        }
        qCWarning(lcCredentials) << "keychain write of" << key << "failed:" << k->error() << k->errorString();
        job->fail(describeFailure(k->error(), k->errorString(), Operation::Write));
    });
    k->start();
}

void KeychainCredentialStore::startRemove(CredentialJob* job, const QString& key, int attempt)
{
    auto* k = new QKeychain::DeletePasswordJob(m_service, this);
    k->setAutoDelete(true);
    k->setInsecureFallback(false);
    k->setKey(key);
    connect(k, &QKeychain::Job::finished, job, [this, job, key, attempt](QKeychain::Job* k) {
        if (job->isFinished() || job->isCancelled())
            return;
        // Removing an entry that is not there is a success.
        if (k->error() == QKeychain::NoError || k->error() == QKeychain::EntryNotFound) {
            job->complete(Ok {});
            return;
        }
        if (attempt == 0 && isRetryable(k->error(), k->errorString())) {
            qCDebug(lcCredentials) << "keychain remove of" << key << "failed, retrying once:" << k->errorString();
            QTimer::singleShot(m_retryDelayMs, job, [this, job, key] { startRemove(job, key, 1); });
            return;
        }
        qCWarning(lcCredentials) << "keychain remove of" << key << "failed:" << k->error() << k->errorString();
        job->fail(describeFailure(k->error(), k->errorString(), Operation::Remove));
    });
    k->start();
}

} // namespace Slipway
