// libpq, loaded when the first PostgreSQL store is opened rather than when framescope starts:
// it brings some twenty libraries of its own (TLS, Kerberos, LDAP), whose loading was the
// larger part of the start-up of every command, most of which never meet a server.
#pragma once

#include <libpq-fe.h>

#include "core/error.h"

namespace framescope {

// The libpq functions framescope calls, named as libpq names them.
struct LibpqFunctions {
    decltype(&::PQclear) PQclear;
    decltype(&::PQcmdStatus) PQcmdStatus;
    decltype(&::PQconnectdbParams) PQconnectdbParams;
    decltype(&::PQenterPipelineMode) PQenterPipelineMode;
    decltype(&::PQerrorMessage) PQerrorMessage;
    decltype(&::PQexec) PQexec;
    decltype(&::PQexecParams) PQexecParams;
    decltype(&::PQexecPrepared) PQexecPrepared;
    decltype(&::PQexitPipelineMode) PQexitPipelineMode;
    decltype(&::PQfinish) PQfinish;
    decltype(&::PQgetResult) PQgetResult;
    decltype(&::PQgetisnull) PQgetisnull;
    decltype(&::PQgetlength) PQgetlength;
    decltype(&::PQgetvalue) PQgetvalue;
    decltype(&::PQnfields) PQnfields;
    decltype(&::PQntuples) PQntuples;
    decltype(&::PQpipelineSync) PQpipelineSync;
    decltype(&::PQprepare) PQprepare;
    decltype(&::PQputCopyData) PQputCopyData;
    decltype(&::PQputCopyEnd) PQputCopyEnd;
    decltype(&::PQreset) PQreset;
    decltype(&::PQresultErrorField) PQresultErrorField;
    decltype(&::PQresultStatus) PQresultStatus;
    decltype(&::PQsendQueryPrepared) PQsendQueryPrepared;
    decltype(&::PQsetNoticeProcessor) PQsetNoticeProcessor;
    decltype(&::PQstatus) PQstatus;
};

// Loads libpq once (thread-safe); the same functions, or the same error, every call after.
Result<const LibpqFunctions*> load_libpq();

// The functions load_libpq() loaded; only for code that runs after it succeeded.
const LibpqFunctions& libpq();

} // namespace framescope
