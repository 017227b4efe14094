#include "authenticator.h"

#include <QCoreApplication>
#include <credentials/credentialstore.h>

namespace Slipway {

Authenticator::~Authenticator() = default;

void Authenticator::received(const HttpResponse&) { }

Error missingSecretError(const QString& accountName, const QString& label, const QString& field)
{
    Error e(Error::Kind::Auth,
        QCoreApplication::translate(
            "Slipway::Authenticator", "The account %1 has no %2 in the keychain: edit the account and enter it again.")
            .arg(accountName, label));
    if (!field.isEmpty())
        e.field = QStringLiteral("account:") + field;
    return e;
}

SecretAuthenticator::SecretAuthenticator(
    CredentialStore* store, QString accountName, QString secretField, QString secretLabel, MakeAuth makeAuth)
    : m_store(store)
    , m_accountName(std::move(accountName))
    , m_field(std::move(secretField))
    , m_label(std::move(secretLabel))
    , m_makeAuth(std::move(makeAuth))
{ }

SecretAuthenticator::MakeAuth SecretAuthenticator::basic(const QString& user)
{
    return [user](const QByteArray& secret) { return HttpAuth::basic(user, secret); };
}

SecretAuthenticator::MakeAuth SecretAuthenticator::bearer()
{
    return [](const QByteArray& secret) { return HttpAuth::bearer(secret); };
}

SecretAuthenticator::MakeAuth SecretAuthenticator::header(const QByteArray& name)
{
    return [name](const QByteArray& secret) { return HttpAuth::header(name, secret); };
}

void SecretAuthenticator::prepare(QObject* owner, const Ready& ready)
{
    if (m_loaded) {
        ready(Ok {});
        return;
    }
    if (!m_store) {
        ready(Error(Error::Kind::Keychain,
            QCoreApplication::translate("Slipway::Authenticator", "No secret store is available.")));
        return;
    }
    m_waiting.append(ready);
    if (m_reading)
        return;
    m_reading = true;
    SecretJob* job = m_store->read(CredentialStore::keyFor(m_accountName, m_field));
    QObject::connect(job, &Job::finished, owner, [this, job] {
        job->deleteLater();
        m_reading = false;
        Status status = Ok {};
        if (job->succeeded()) {
            m_auth = m_makeAuth(job->result());
            m_loaded = true;
        } else if (job->error().kind == Error::Kind::NotFound) {
            status = missingSecretError(m_accountName, m_label, m_field);
        } else {
            status = job->error();
        }
        const auto waiting = std::exchange(m_waiting, {});
        for (const Ready& r : waiting)
            r(status);
    });
}

} // namespace Slipway
