/*
 * libpq, loaded when the first PostgreSQL connection is opened
 * (src/store/pglib.c): linked in, it and its TLS, Kerberos and LDAP
 * libraries would cost every start of callq their relocations, though a
 * floor on SQLite never uses them. pg.c includes this and calls PQ* as
 * usual: the names below are bound to the table pglib_load fills. Call
 * pglib_load first.
 */
#ifndef CALLQ_STORE_PGLIB_H
#define CALLQ_STORE_PGLIB_H

#include <libpq-fe.h>

#include "callq/err.h"

/* Each entry has the type of the libpq function it stands for. */
#define PGLIB_FN(name) __typeof__(PQ##name) *name
struct pglib {
	PGLIB_FN(connectdbParams);
	PGLIB_FN(status);
	PGLIB_FN(errorMessage);
	PGLIB_FN(finish);
	PGLIB_FN(resetStart);
	PGLIB_FN(resetPoll);
	PGLIB_FN(socket);
	PGLIB_FN(setNoticeProcessor);
	PGLIB_FN(backendPID);
	PGLIB_FN(transactionStatus);
	PGLIB_FN(exec);
	PGLIB_FN(prepare);
	PGLIB_FN(execPrepared);
	PGLIB_FN(resultStatus);
	PGLIB_FN(resultErrorField);
	PGLIB_FN(clear);
	PGLIB_FN(ntuples);
	PGLIB_FN(nfields);
	PGLIB_FN(getvalue);
	PGLIB_FN(getisnull);
	PGLIB_FN(ftype);
	PGLIB_FN(fmod);
	PGLIB_FN(cmdStatus);
	PGLIB_FN(cmdTuples);
	PGLIB_FN(consumeInput);
	PGLIB_FN(notifies);
	PGLIB_FN(freemem);
	PGLIB_FN(putCopyData);
	PGLIB_FN(putCopyEnd);
	PGLIB_FN(getResult);
	PGLIB_FN(conninfoParse);
	PGLIB_FN(conninfoFree);
};
#undef PGLIB_FN

extern struct pglib pglib;

/*
 * Loads libpq, once. Fails with EX_UNAVAILABLE, saying why, when it
 * cannot be.
 */
int pglib_load(struct err *err);

#ifndef PGLIB_TABLE
#define PQconnectdbParams	(pglib.connectdbParams)
#define PQstatus		(pglib.status)
#define PQerrorMessage		(pglib.errorMessage)
#define PQfinish		(pglib.finish)
#define PQresetStart		(pglib.resetStart)
#define PQresetPoll		(pglib.resetPoll)
#define PQsocket		(pglib.socket)
#define PQsetNoticeProcessor	(pglib.setNoticeProcessor)
#define PQbackendPID		(pglib.backendPID)
#define PQtransactionStatus	(pglib.transactionStatus)
#define PQexec			(pglib.exec)
#define PQprepare		(pglib.prepare)
#define PQexecPrepared		(pglib.execPrepared)
#define PQresultStatus		(pglib.resultStatus)
#define PQresultErrorField	(pglib.resultErrorField)
#define PQclear			(pglib.clear)
#define PQntuples		(pglib.ntuples)
#define PQnfields		(pglib.nfields)
#define PQgetvalue		(pglib.getvalue)
#define PQgetisnull		(pglib.getisnull)
#define PQftype			(pglib.ftype)
#define PQfmod			(pglib.fmod)
#define PQcmdStatus		(pglib.cmdStatus)
#define PQcmdTuples		(pglib.cmdTuples)
#define PQconsumeInput		(pglib.consumeInput)
#define PQnotifies		(pglib.notifies)
#define PQfreemem		(pglib.freemem)
#define PQputCopyData		(pglib.putCopyData)
#define PQputCopyEnd		(pglib.putCopyEnd)
#define PQgetResult		(pglib.getResult)
#define PQconninfoParse		(pglib.conninfoParse)
#define PQconninfoFree		(pglib.conninfoFree)
#endif

#endif
