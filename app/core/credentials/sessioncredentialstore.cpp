#include "sessioncredentialstore.h"

#include <credentials/memorycredentialstore.h>

namespace Slipway {

SessionCredentialStore::SessionCredentialStore(CredentialStore* persistent, QObject* parent)
    : CredentialStore(parent)
    , m_persistent(persistent)
    , m_session(new MemoryCredentialStore(this))
{
    m_persistent->setParent(this);
}

SessionCredentialStore::~SessionCredentialStore() = default;

SecretJob* SessionCredentialStore::read(const QString& key)
{
    if (m_session->contains(key))
        return m_session->read(key);
    return m_persistent->read(key);
}

CredentialJob* SessionCredentialStore::write(const QString& key, const QByteArray& secret)
{
    CredentialJob* job = m_persistent->write(key, secret);
    connect(job, &Job::finished, m_session, [this, job, key] {
        if (job->succeeded())
            m_session->erase(key);
    });
    return job;
}

CredentialJob* SessionCredentialStore::remove(const QString& key)
{
    m_session->erase(key);
    return m_persistent->remove(key);
}

void SessionCredentialStore::keepForThisRun(const QString& key, const QByteArray& secret)
{
    m_session->insert(key, secret);
}

bool SessionCredentialStore::isKeptForThisRun(const QString& key) const
{
    return m_session->contains(key);
}

} // namespace Slipway
