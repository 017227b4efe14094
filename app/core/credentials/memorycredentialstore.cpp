#include "memorycredentialstore.h"

namespace Slipway {

MemoryCredentialStore::~MemoryCredentialStore()
{
    // Overwrite the secrets before the memory is released.
    for (auto it = m_secrets.begin(); it != m_secrets.end(); ++it)
        it->fill('\0');
}

SecretJob* MemoryCredentialStore::read(const QString& key)
{
    auto* job = new SecretJob(this);
    const auto it = m_secrets.constFind(key);
    if (it == m_secrets.cend())
        job->fail(Error(Error::Kind::NotFound, tr("No secret is stored under %1.").arg(key)));
    else
        job->complete(*it);
    return job;
}

CredentialJob* MemoryCredentialStore::write(const QString& key, const QByteArray& secret)
{
    auto* job = new CredentialJob(this);
    if (m_failure.isError()) {
        job->fail(m_failure);
        return job;
    }
    m_secrets.insert(key, secret);
    job->complete(Ok {});
    return job;
}

CredentialJob* MemoryCredentialStore::remove(const QString& key)
{
    auto* job = new CredentialJob(this);
    if (m_failure.isError()) {
        job->fail(m_failure);
        return job;
    }
    m_secrets.remove(key);
    job->complete(Ok {});
    return job;
}

} // namespace Slipway
