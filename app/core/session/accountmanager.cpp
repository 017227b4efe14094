#include "accountmanager.h"

#include <QLoggingCategory>
#include <QPointer>
#include <credentials/accountstore.h>
#include <credentials/credentialstore.h>
#include <credentials/keyvalidation.h>
#include <credentials/memorycredentialstore.h>
#include <credentials/sessioncredentialstore.h>
#include <functional>
#include <memory>
#include <providers/providerregistry.h>
#include <session/workspace.h>

Q_DECLARE_LOGGING_CATEGORY(lcCredentials)

namespace Slipway {

namespace {

using KeyedSecrets = QList<QPair<QString, QByteArray>>; // keychain key -> secret

// Calls `next` once `job` finished (on `context`'s thread, never after `context` is gone), then frees the job.
void whenDone(Job* job, QObject* context, std::function<void(Job*)> next)
{
    QObject::connect(job, &Job::finished, context, [job, next = std::move(next)] {
        next(job);
        job->deleteLater();
    });
}

// Writes the secrets one after another; `done` gets the first error (or none) and the keys written so far.
void writeAll(CredentialStore* store, QObject* context, const KeyedSecrets& secrets,
    std::function<void(const Error&, const QStringList&)> done)
{
    auto written = std::make_shared<QStringList>();
    auto step = std::make_shared<std::function<void(int)>>();
    *step = [store, context, secrets, done, written, weak = std::weak_ptr(step)](int i) {
        if (i >= secrets.size()) {
            done(Error(), *written);
            return;
        }
        whenDone(store->write(secrets.at(i).first, secrets.at(i).second), context,
            [done, written, step = weak.lock(), i, key = secrets.at(i).first](Job* job) {
                if (job->error().isError()) {
                    done(job->error(), *written);
                    return;
                }
                written->append(key);
                (*step)(i + 1);
            });
    };
    (*step)(0);
}

// Removes every key (missing ones are fine); `done` gets the first error, after all were attempted.
void removeAll(
    CredentialStore* store, QObject* context, const QStringList& keys, std::function<void(const Error&)> done)
{
    auto firstError = std::make_shared<Error>();
    auto step = std::make_shared<std::function<void(int)>>();
    *step = [store, context, keys, done, firstError, weak = std::weak_ptr(step)](int i) {
        if (i >= keys.size()) {
            done(*firstError);
            return;
        }
        whenDone(store->remove(keys.at(i)), context, [firstError, step = weak.lock(), i](Job* job) {
            if (job->error().isError() && !firstError->isError())
                *firstError = job->error();
            (*step)(i + 1);
        });
    };
    (*step)(0);
}

// Reads every key; missing entries are left out of the result, any other failure is reported.
void readAll(CredentialStore* store, QObject* context, const QStringList& keys,
    std::function<void(const Error&, const QHash<QString, QByteArray>&)> done)
{
    auto values = std::make_shared<QHash<QString, QByteArray>>();
    auto step = std::make_shared<std::function<void(int)>>();
    *step = [store, context, keys, done, values, weak = std::weak_ptr(step)](int i) {
        if (i >= keys.size()) {
            done(Error(), *values);
            return;
        }
        whenDone(store->read(keys.at(i)), context, [done, values, step = weak.lock(), i, key = keys.at(i)](Job* base) {
            auto* job = static_cast<SecretJob*>(base);
            if (job->succeeded()) {
                values->insert(key, job->result());
            } else if (job->error().kind != Error::Kind::NotFound) {
                done(job->error(), *values);
                return;
            }
            (*step)(i + 1);
        });
    };
    (*step)(0);
}

// Keeps secrets in memory for this run: in the Workspace's session layer, or directly in a memory store.
Status keepForThisRun(CredentialStore* store, const KeyedSecrets& secrets)
{
    if (auto* session = qobject_cast<SessionCredentialStore*>(store)) {
        for (const auto& [key, secret] : secrets)
            session->keepForThisRun(key, secret);
        return Ok {};
    }
    if (auto* memory = qobject_cast<MemoryCredentialStore*>(store)) {
        for (const auto& [key, secret] : secrets)
            memory->insert(key, secret);
        return Ok {};
    }
    return Error(Error::Kind::Internal, AccountManager::tr("This secret store cannot keep secrets for this run only."));
}

bool isKeptForThisRun(CredentialStore* store, const QString& key)
{
    if (auto* session = qobject_cast<SessionCredentialStore*>(store))
        return session->isKeptForThisRun(key);
    return false;
}

QStringList fieldKeys(const QList<FieldSpec>& fields)
{
    QStringList out;
    for (const FieldSpec& f : fields)
        out.append(f.key);
    return out;
}

// A validation error blamed on one field of the account.
Error accountFieldError(const QString& key, const QString& message)
{
    Error e(Error::Kind::Validation, message);
    e.field = QStringLiteral("account:") + key;
    return e;
}

Status checkUrlField(const FieldSpec& spec, const QString& value)
{
    const QUrl url(value, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))) {
        return accountFieldError(
            spec.key, AccountManager::tr("%1 must be an http:// or https:// URL, not \"%2\".").arg(spec.label, value));
    }
    return Ok {};
}

} // namespace

AccountManager::AccountManager(Workspace* workspace, QObject* parent)
    : QObject(parent)
    , m_workspace(workspace)
{ }

AccountManager::~AccountManager() = default;

QString AccountManager::primarySecretField(const QString& serviceId)
{
    const ServiceInfo* service = ProviderRegistry::service(serviceId);
    if (!service)
        return {};
    const FieldSpec* secret = service->primarySecret();
    return secret ? secret->key : QString();
}

Status AccountManager::check(const Account& account, const Secrets& secrets, bool isNew) const
{
    if (auto st = m_workspace->accountStore().validate(account); !st)
        return st;
    const ServiceInfo* service = ProviderRegistry::service(account.service);
    Q_ASSERT(service); // validate() checked it

    for (auto it = account.fields.cbegin(); it != account.fields.cend(); ++it) {
        if (it.key() == QLatin1String("production")) {
            // Every service's flag for preflight (Account::isProduction): true or false.
            const QString value = it.value().toString();
            if (value != QLatin1String("true") && value != QLatin1String("false"))
                return accountFieldError(it.key(), tr("The production flag is true or false, not \"%1\".").arg(value));
            continue;
        }
        const FieldSpec* spec = service->field(it.key());
        if (!spec) {
            return Error(Error::Kind::Validation,
                tr("%1 accounts have no field \"%2\"; their fields are: %3.")
                    .arg(service->displayName, it.key(), fieldKeys(service->accountFields).join(QLatin1String(", "))));
        }
        if (spec->type == FieldSpec::Type::Secret) {
            return accountFieldError(spec->key,
                tr("%1 is a secret: it is kept only in the OS keychain and must be given as a secret, never "
                   "as a plain field.")
                    .arg(spec->label));
        }
        if (spec->type == FieldSpec::Type::Url && !it.value().toString().isEmpty()) {
            if (auto st = checkUrlField(*spec, it.value().toString()); !st)
                return st;
        }
    }
    for (auto it = secrets.cbegin(); it != secrets.cend(); ++it) {
        const FieldSpec* spec = service->field(it.key());
        if (!spec || spec->type != FieldSpec::Type::Secret) {
            return Error(Error::Kind::Validation,
                tr("%1 accounts have no secret \"%2\"; their secrets are: %3.")
                    .arg(service->displayName, it.key(), fieldKeys(service->secretFields()).join(QLatin1String(", "))));
        }
    }
    for (const FieldSpec& spec : service->secretFields()) {
        if (isNew && spec.required && secrets.value(spec.key).isEmpty())
            return accountFieldError(spec.key, tr("%1 needs the %2.").arg(service->displayName, spec.label));
    }

    if (service->checkAccount)
        return service->checkAccount(account, secrets);
    return Ok {};
}

AccountJob* AccountManager::add(const Account& account, const Secrets& secrets, SecretStorage storage)
{
    auto* job = new AccountJob(this);
    if (auto st = check(account, secrets, true); !st) {
        job->fail(st.error());
        return job;
    }
    AccountStore& store = m_workspace->accountStore();
    if (store.contains(account.name)) {
        job->fail(Error(Error::Kind::Conflict,
            tr("An account named \"%1\" already exists; choose another name or edit it.").arg(account.name)));
        return job;
    }
    KeyedSecrets keyed;
    for (auto it = secrets.cbegin(); it != secrets.cend(); ++it) {
        if (!it.value().isEmpty())
            keyed.append({CredentialStore::keyFor(account.name, it.key()), it.value()});
    }
    CredentialStore* credentials = m_workspace->credentials();
    if (!credentials && !keyed.isEmpty()) {
        job->fail(Error(Error::Kind::Keychain, tr("No secret store is available in this build.")));
        return job;
    }

    if (storage == SecretStorage::ThisRunOnly) {
        if (auto st = keepForThisRun(credentials, keyed); !st) {
            job->fail(st.error());
            return job;
        }
        if (auto st = store.save(account); !st) {
            job->fail(st.error());
            return job;
        }
        job->complete(account);
        return job;
    }

    QPointer<AccountJob> guard(job);
    writeAll(
        credentials, job, keyed, [this, guard, account, credentials](const Error& error, const QStringList& written) {
            if (!guard)
                return;
            if (error.isError()) {
                // Nothing reaches the disk: undo the secrets that were already stored.
                removeAll(credentials, guard, written, [guard, error](const Error&) {
                    if (guard)
                        guard->fail(error);
                });
                return;
            }
            if (auto st = m_workspace->accountStore().save(account); !st) {
                removeAll(credentials, guard, written, [guard, e = st.error()](const Error&) {
                    if (guard)
                        guard->fail(e);
                });
                return;
            }
            qCInfo(lcCredentials) << "added account" << account.name << "of" << account.service;
            guard->complete(account);
        });
    return job;
}

AccountJob* AccountManager::edit(
    const QString& name, const Account& updated, const Secrets& secrets, SecretStorage storage)
{
    auto* job = new AccountJob(this);
    AccountStore& store = m_workspace->accountStore();
    const std::optional<Account> existing = store.account(name);
    if (!existing) {
        job->fail(Error(Error::Kind::NotFound, tr("There is no account named \"%1\".").arg(name)));
        return job;
    }
    if (updated.service != existing->service) {
        job->fail(Error(Error::Kind::Validation,
            tr("An account cannot change its service; add a new %1 account instead.").arg(updated.service)));
        return job;
    }
    const bool renamed = updated.name != name;
    if (renamed && store.contains(updated.name)) {
        job->fail(Error(Error::Kind::Conflict, tr("An account named \"%1\" already exists.").arg(updated.name)));
        return job;
    }
    if (auto st = check(updated, secrets, false); !st) {
        job->fail(st.error());
        return job;
    }
    CredentialStore* credentials = m_workspace->credentials();
    const ServiceInfo* service = ProviderRegistry::service(updated.service);

    // The secrets to write under the (new) name: the ones given, and on a rename the stored ones that move.
    KeyedSecrets given;
    QStringList toMove; // old keys whose secret moves to the new name
    QStringList oldKeys;
    for (const FieldSpec& spec : service->secretFields()) {
        const QByteArray value = secrets.value(spec.key);
        const QString oldKey = CredentialStore::keyFor(name, spec.key);
        oldKeys.append(oldKey);
        if (!value.isEmpty())
            given.append({CredentialStore::keyFor(updated.name, spec.key), value});
        else if (renamed)
            toMove.append(oldKey);
    }
    if (!credentials && (!given.isEmpty() || !toMove.isEmpty())) {
        job->fail(Error(Error::Kind::Keychain, tr("No secret store is available in this build.")));
        return job;
    }

    QPointer<AccountJob> guard(job);
    auto finishSettings = [this, guard, name, updated, renamed, credentials, oldKeys]() {
        AccountStore& store = m_workspace->accountStore();
        if (auto st = store.save(updated); !st) {
            guard->fail(st.error());
            return;
        }
        if (renamed)
            store.remove(name);
        m_workspace->registry().forget(name);
        m_workspace->registry().forget(updated.name);
        if (!renamed) {
            guard->complete(updated);
            return;
        }
        // The secrets now live under the new name; drop the old entries.
        removeAll(credentials, guard, oldKeys, [guard, updated, name](const Error& error) {
            if (!guard)
                return;
            if (error.isError())
                qCWarning(lcCredentials) << "renamed" << name
                                         << "but could not remove its old keychain entries:" << error.message;
            guard->complete(updated);
        });
    };

    readAll(credentials, job, toMove,
        [this, guard, given, storage, credentials, updated, name, finishSettings](
            const Error& readError, const QHash<QString, QByteArray>& moved) {
            if (!guard)
                return;
            if (readError.isError()) {
                guard->fail(readError);
                return;
            }
            KeyedSecrets persistent = given;
            KeyedSecrets session;
            for (auto it = moved.cbegin(); it != moved.cend(); ++it) {
                const QString field = it.key().section(QLatin1Char('/'), 2);
                const QString newKey = CredentialStore::keyFor(updated.name, field);
                // A secret kept for this run only stays in memory under its new name.
                if (isKeptForThisRun(credentials, it.key()))
                    session.append({newKey, it.value()});
                else
                    persistent.append({newKey, it.value()});
            }
            if (storage == SecretStorage::ThisRunOnly) {
                session += persistent;
                persistent.clear();
            }
            if (!session.isEmpty()) {
                if (auto st = keepForThisRun(credentials, session); !st) {
                    guard->fail(st.error());
                    return;
                }
            }
            if (persistent.isEmpty()) {
                finishSettings();
                return;
            }
            const bool renamed = updated.name != name;
            writeAll(credentials, guard, persistent,
                [guard, credentials, renamed, finishSettings](const Error& error, const QStringList& written) {
                    if (!guard)
                        return;
                    if (error.isError()) {
                        if (!renamed) {
                            guard->fail(error);
                            return;
                        }
                        // Entries under the new name would be orphans: undo them.
                        removeAll(credentials, guard, written, [guard, error](const Error&) {
                            if (guard)
                                guard->fail(error);
                        });
                        return;
                    }
                    finishSettings();
                });
        });
    return job;
}

AccountJob* AccountManager::rename(const QString& from, const QString& to)
{
    const std::optional<Account> existing = m_workspace->accountStore().account(from);
    if (!existing) {
        auto* job = new AccountJob(this);
        job->fail(Error(Error::Kind::NotFound, tr("There is no account named \"%1\".").arg(from)));
        return job;
    }
    Account renamed = *existing;
    renamed.name = to;
    return edit(from, renamed, {});
}

ValueJob<Ok>* AccountManager::remove(const QString& name)
{
    auto* job = new ValueJob<Ok>(this);
    if (name == QLatin1String("local")) {
        job->fail(Error(Error::Kind::Validation, tr("The Local library is always there and cannot be removed.")));
        return job;
    }
    const std::optional<Account> existing = m_workspace->accountStore().account(name);
    if (!existing) {
        job->fail(Error(Error::Kind::NotFound, tr("There is no account named \"%1\".").arg(name)));
        return job;
    }
    QStringList keys;
    if (const ServiceInfo* service = ProviderRegistry::service(existing->service)) {
        for (const FieldSpec& spec : service->secretFields())
            keys.append(CredentialStore::keyFor(name, spec.key));
    }
    CredentialStore* credentials = m_workspace->credentials();
    auto finish = [this, name](ValueJob<Ok>* job) {
        if (auto st = m_workspace->accountStore().remove(name); !st) {
            job->fail(st.error());
            return;
        }
        m_workspace->registry().forget(name);
        qCInfo(lcCredentials) << "removed account" << name;
        job->complete(Ok {});
    };
    if (keys.isEmpty() || !credentials) {
        finish(job);
        return job;
    }
    QPointer<ValueJob<Ok>> guard(job);
    removeAll(credentials, job, keys, [guard, finish](const Error& error) {
        if (!guard)
            return;
        if (error.isError()) {
            Error e = error;
            e.message += QLatin1Char(' ')
                + tr("The account was kept so that its secrets are not left behind in the keyring.");
            guard->fail(e);
            return;
        }
        finish(guard);
    });
    return job;
}

SecretPresenceJob* AccountManager::secretPresence(const QString& name)
{
    auto* job = new SecretPresenceJob(this);
    const std::optional<Account> existing = m_workspace->accountStore().account(name);
    if (!existing) {
        job->fail(Error(Error::Kind::NotFound, tr("There is no account named \"%1\".").arg(name)));
        return job;
    }
    const ServiceInfo* service = ProviderRegistry::service(existing->service);
    const QList<FieldSpec> fields = service ? service->secretFields() : QList<FieldSpec>();
    CredentialStore* credentials = m_workspace->credentials();
    if (fields.isEmpty() || !credentials) {
        QList<SecretPresence> out;
        for (const FieldSpec& f : fields)
            out.append({f.key, f.label, false, false, Error(Error::Kind::Keychain, tr("No secret store."))});
        job->complete(out);
        return job;
    }
    auto out = std::make_shared<QList<SecretPresence>>();
    auto step = std::make_shared<std::function<void(int)>>();
    QPointer<SecretPresenceJob> guard(job);
    *step = [guard, credentials, fields, name, out, weak = std::weak_ptr(step)](int i) {
        if (!guard)
            return;
        if (i >= fields.size()) {
            guard->complete(*out);
            return;
        }
        const FieldSpec spec = fields.at(i);
        const QString key = CredentialStore::keyFor(name, spec.key);
        whenDone(credentials->read(key), guard, [credentials, out, step = weak.lock(), i, spec, key](Job* base) {
            auto* read = static_cast<SecretJob*>(base);
            SecretPresence p;
            p.field = spec.key;
            p.label = spec.label;
            p.present = read->succeeded() && !read->result().isEmpty();
            p.thisRunOnly = isKeptForThisRun(credentials, key);
            if (!read->succeeded() && read->error().kind != Error::Kind::NotFound)
                p.error = read->error();
            out->append(p);
            (*step)(i + 1);
        });
    };
    (*step)(0);
    return job;
}

} // namespace Slipway
