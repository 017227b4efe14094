#include "libpqloader.h"

#include <common/lazylibrary.h>
#include <libpq-fe.h>

// The PQ* and lo_* functions below stand in for libpq's own, which Slipway does not link (see libpqloader.h): each
// forwards to the same function of libpq.so.5, loaded on first use. Only the functions the team library calls are
// here; a new call fails to link until it is added, so nothing reaches libpq unforwarded.

namespace Slipway::LibPq {

namespace {

const LazyLibrary libpq("libpq.so.5");

} // namespace

bool load(QString* error)
{
    return libpq.load(error);
}

template<SymbolName name, typename Fn> Fn resolve()
{
    return lazySymbol<libpq, name, Fn>();
}

} // namespace Slipway::LibPq

using Slipway::LibPq::resolve;

// When libpq is missing, PgConnection::open() reports it before any of these runs; the fallbacks only keep a
// misuse from crashing.
extern "C" {

PGconn* PQconnectdbParams(const char* const* keywords, const char* const* values, int expandDbname)
{
    const auto fn = resolve<"PQconnectdbParams", decltype(&PQconnectdbParams)>();
    return fn ? fn(keywords, values, expandDbname) : nullptr;
}

void PQfinish(PGconn* conn)
{
    if (const auto fn = resolve<"PQfinish", decltype(&PQfinish)>())
        fn(conn);
}

ConnStatusType PQstatus(const PGconn* conn)
{
    const auto fn = resolve<"PQstatus", decltype(&PQstatus)>();
    return fn ? fn(conn) : CONNECTION_BAD;
}

PGTransactionStatusType PQtransactionStatus(const PGconn* conn)
{
    const auto fn = resolve<"PQtransactionStatus", decltype(&PQtransactionStatus)>();
    return fn ? fn(conn) : PQTRANS_UNKNOWN;
}

char* PQerrorMessage(const PGconn* conn)
{
    const auto fn = resolve<"PQerrorMessage", decltype(&PQerrorMessage)>();
    return fn ? fn(conn) : const_cast<char*>("libpq is not loaded");
}

int PQsocket(const PGconn* conn)
{
    const auto fn = resolve<"PQsocket", decltype(&PQsocket)>();
    return fn ? fn(conn) : -1;
}

int PQsetClientEncoding(PGconn* conn, const char* encoding)
{
    const auto fn = resolve<"PQsetClientEncoding", decltype(&PQsetClientEncoding)>();
    return fn ? fn(conn, encoding) : -1;
}

PQnoticeProcessor PQsetNoticeProcessor(PGconn* conn, PQnoticeProcessor proc, void* arg)
{
    const auto fn = resolve<"PQsetNoticeProcessor", decltype(&PQsetNoticeProcessor)>();
    return fn ? fn(conn, proc, arg) : nullptr;
}

PGresult* PQexec(PGconn* conn, const char* query)
{
    const auto fn = resolve<"PQexec", decltype(&PQexec)>();
    return fn ? fn(conn, query) : nullptr;
}

PGresult* PQexecParams(PGconn* conn, const char* command, int nParams, const Oid* paramTypes,
    const char* const* paramValues, const int* paramLengths, const int* paramFormats, int resultFormat)
{
    const auto fn = resolve<"PQexecParams", decltype(&PQexecParams)>();
    return fn ? fn(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat) : nullptr;
}

int PQconsumeInput(PGconn* conn)
{
    const auto fn = resolve<"PQconsumeInput", decltype(&PQconsumeInput)>();
    return fn ? fn(conn) : 0;
}

PGnotify* PQnotifies(PGconn* conn)
{
    const auto fn = resolve<"PQnotifies", decltype(&PQnotifies)>();
    return fn ? fn(conn) : nullptr;
}

ExecStatusType PQresultStatus(const PGresult* res)
{
    const auto fn = resolve<"PQresultStatus", decltype(&PQresultStatus)>();
    return fn ? fn(res) : PGRES_FATAL_ERROR;
}

char* PQresultErrorMessage(const PGresult* res)
{
    const auto fn = resolve<"PQresultErrorMessage", decltype(&PQresultErrorMessage)>();
    return fn ? fn(res) : const_cast<char*>("");
}

char* PQresultErrorField(const PGresult* res, int fieldcode)
{
    const auto fn = resolve<"PQresultErrorField", decltype(&PQresultErrorField)>();
    return fn ? fn(res, fieldcode) : nullptr;
}

int PQntuples(const PGresult* res)
{
    const auto fn = resolve<"PQntuples", decltype(&PQntuples)>();
    return fn ? fn(res) : 0;
}

char* PQgetvalue(const PGresult* res, int row, int column)
{
    const auto fn = resolve<"PQgetvalue", decltype(&PQgetvalue)>();
    return fn ? fn(res, row, column) : nullptr;
}

int PQgetlength(const PGresult* res, int row, int column)
{
    const auto fn = resolve<"PQgetlength", decltype(&PQgetlength)>();
    return fn ? fn(res, row, column) : 0;
}

int PQgetisnull(const PGresult* res, int row, int column)
{
    const auto fn = resolve<"PQgetisnull", decltype(&PQgetisnull)>();
    return fn ? fn(res, row, column) : 1;
}

void PQclear(PGresult* res)
{
    if (const auto fn = resolve<"PQclear", decltype(&PQclear)>())
        fn(res);
}

void PQfreemem(void* ptr)
{
    if (const auto fn = resolve<"PQfreemem", decltype(&PQfreemem)>())
        fn(ptr);
}

int lo_open(PGconn* conn, Oid lobjId, int mode)
{
    const auto fn = resolve<"lo_open", decltype(&lo_open)>();
    return fn ? fn(conn, lobjId, mode) : -1;
}

int lo_close(PGconn* conn, int fd)
{
    const auto fn = resolve<"lo_close", decltype(&lo_close)>();
    return fn ? fn(conn, fd) : -1;
}

int lo_read(PGconn* conn, int fd, char* buf, size_t len)
{
    const auto fn = resolve<"lo_read", decltype(&lo_read)>();
    return fn ? fn(conn, fd, buf, len) : -1;
}

int lo_write(PGconn* conn, int fd, const char* buf, size_t len)
{
    const auto fn = resolve<"lo_write", decltype(&lo_write)>();
    return fn ? fn(conn, fd, buf, len) : -1;
}

Oid lo_creat(PGconn* conn, int mode)
{
    const auto fn = resolve<"lo_creat", decltype(&lo_creat)>();
    return fn ? fn(conn, mode) : InvalidOid;
}

int lo_unlink(PGconn* conn, Oid lobjId)
{
    const auto fn = resolve<"lo_unlink", decltype(&lo_unlink)>();
    return fn ? fn(conn, lobjId) : -1;
}

} // extern "C"
