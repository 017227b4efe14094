#include "libpqloader.h"

#include <common/lazylibrary.h>
#include <libpq-fe.h>

// The PQ* and lo_* functions below stand in for libpq's own, which Slipway does not link (see libpqloader.h): each
// forwards to the same function of libpq.so.5, loaded on first use. Only the functions the team library calls are
// here; a new call fails to link until it is added, so nothing reaches libpq unforwarded.

namespace Slipway::LibPq {

namespace {

constexpr const char* kSymbols[] = {
    "PQconnectdbParams",
    "PQfinish",
    "PQstatus",
    "PQtransactionStatus",
    "PQerrorMessage",
    "PQsocket",
    "PQsetClientEncoding",
    "PQsetNoticeProcessor",
    "PQexec",
    "PQexecParams",
    "PQconsumeInput",
    "PQnotifies",
    "PQresultStatus",
    "PQresultErrorMessage",
    "PQresultErrorField",
    "PQntuples",
    "PQgetvalue",
    "PQgetlength",
    "PQgetisnull",
    "PQclear",
    "PQfreemem",
    "lo_open",
    "lo_close",
    "lo_read",
    "lo_write",
    "lo_creat",
    "lo_unlink",
};

const LazyLibrary libpq("libpq.so.5", kSymbols);

} // namespace

bool load(QString* error)
{
    return libpq.load(error);
}

template<SymbolName name, typename Fn> Fn resolve()
{
    return lazySymbol<libpq, kSymbols, name, Fn>();
}

} // namespace Slipway::LibPq

using Slipway::LibPq::resolve;

// PgConnection::open() checks LibPq::load() before any of these runs, and load() checks that every function is
// there.
extern "C" {

PGconn* PQconnectdbParams(const char* const* keywords, const char* const* values, int expandDbname)
{
    return resolve<"PQconnectdbParams", decltype(&PQconnectdbParams)>()(keywords, values, expandDbname);
}

void PQfinish(PGconn* conn)
{
    resolve<"PQfinish", decltype(&PQfinish)>()(conn);
}

ConnStatusType PQstatus(const PGconn* conn)
{
    return resolve<"PQstatus", decltype(&PQstatus)>()(conn);
}

PGTransactionStatusType PQtransactionStatus(const PGconn* conn)
{
    return resolve<"PQtransactionStatus", decltype(&PQtransactionStatus)>()(conn);
}

char* PQerrorMessage(const PGconn* conn)
{
    return resolve<"PQerrorMessage", decltype(&PQerrorMessage)>()(conn);
}

int PQsocket(const PGconn* conn)
{
    return resolve<"PQsocket", decltype(&PQsocket)>()(conn);
}

int PQsetClientEncoding(PGconn* conn, const char* encoding)
{
    return resolve<"PQsetClientEncoding", decltype(&PQsetClientEncoding)>()(conn, encoding);
}

PQnoticeProcessor PQsetNoticeProcessor(PGconn* conn, PQnoticeProcessor proc, void* arg)
{
    return resolve<"PQsetNoticeProcessor", decltype(&PQsetNoticeProcessor)>()(conn, proc, arg);
}

PGresult* PQexec(PGconn* conn, const char* query)
{
    return resolve<"PQexec", decltype(&PQexec)>()(conn, query);
}

PGresult* PQexecParams(PGconn* conn, const char* command, int nParams, const Oid* paramTypes,
    const char* const* paramValues, const int* paramLengths, const int* paramFormats, int resultFormat)
{
    return resolve<"PQexecParams", decltype(&PQexecParams)>()(
        conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat);
}

int PQconsumeInput(PGconn* conn)
{
    return resolve<"PQconsumeInput", decltype(&PQconsumeInput)>()(conn);
}

PGnotify* PQnotifies(PGconn* conn)
{
    return resolve<"PQnotifies", decltype(&PQnotifies)>()(conn);
}

ExecStatusType PQresultStatus(const PGresult* res)
{
    return resolve<"PQresultStatus", decltype(&PQresultStatus)>()(res);
}

char* PQresultErrorMessage(const PGresult* res)
{
    return resolve<"PQresultErrorMessage", decltype(&PQresultErrorMessage)>()(res);
}

char* PQresultErrorField(const PGresult* res, int fieldcode)
{
    return resolve<"PQresultErrorField", decltype(&PQresultErrorField)>()(res, fieldcode);
}

int PQntuples(const PGresult* res)
{
    return resolve<"PQntuples", decltype(&PQntuples)>()(res);
}

char* PQgetvalue(const PGresult* res, int row, int column)
{
    return resolve<"PQgetvalue", decltype(&PQgetvalue)>()(res, row, column);
}

int PQgetlength(const PGresult* res, int row, int column)
{
    return resolve<"PQgetlength", decltype(&PQgetlength)>()(res, row, column);
}

int PQgetisnull(const PGresult* res, int row, int column)
{
    return resolve<"PQgetisnull", decltype(&PQgetisnull)>()(res, row, column);
}

void PQclear(PGresult* res)
{
    resolve<"PQclear", decltype(&PQclear)>()(res);
}

void PQfreemem(void* ptr)
{
    resolve<"PQfreemem", decltype(&PQfreemem)>()(ptr);
}

int lo_open(PGconn* conn, Oid lobjId, int mode)
{
    return resolve<"lo_open", decltype(&lo_open)>()(conn, lobjId, mode);
}

int lo_close(PGconn* conn, int fd)
{
    return resolve<"lo_close", decltype(&lo_close)>()(conn, fd);
}

int lo_read(PGconn* conn, int fd, char* buf, size_t len)
{
    return resolve<"lo_read", decltype(&lo_read)>()(conn, fd, buf, len);
}

int lo_write(PGconn* conn, int fd, const char* buf, size_t len)
{
    return resolve<"lo_write", decltype(&lo_write)>()(conn, fd, buf, len);
}

Oid lo_creat(PGconn* conn, int mode)
{
    return resolve<"lo_creat", decltype(&lo_creat)>()(conn, mode);
}

int lo_unlink(PGconn* conn, Oid lobjId)
{
    return resolve<"lo_unlink", decltype(&lo_unlink)>()(conn, lobjId);
}

} // extern "C"
