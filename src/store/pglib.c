/*
 * libpq by dlopen, on the first PostgreSQL connection (see pglib.h). It
 * is opened by its soname, libpq.so.5: the dynamic loader then searches
 * only the system's library directories, which a user cannot write, and
 * ignores LD_LIBRARY_PATH when callq runs setgid (AT_SECURE), so the
 * name cannot be redirected to a file of the user's.
 */
#include <dlfcn.h>

#define PGLIB_TABLE
#include "pglib.h"

#define PGLIB_SONAME "libpq.so.5"

struct pglib pglib;

/* Each entry point by name, and where its address goes. */
#define FN(field) { "PQ" #field, (void **)&pglib.field }
static const struct {
	const char *name;
	void      **addr;
} fns[] = {
	FN(connectdbParams), FN(status), FN(errorMessage), FN(finish),
	FN(resetStart), FN(resetPoll), FN(socket),
	FN(setNoticeProcessor), FN(backendPID),
	FN(transactionStatus), FN(exec), FN(prepare), FN(execPrepared),
	FN(resultStatus), FN(resultErrorField), FN(clear), FN(ntuples),
	FN(nfields), FN(getvalue), FN(getisnull), FN(ftype), FN(fmod),
	FN(cmdStatus), FN(cmdTuples), FN(consumeInput), FN(notifies),
	FN(freemem), FN(putCopyData), FN(putCopyEnd), FN(getResult),
	FN(conninfoParse), FN(conninfoFree),
};
#undef FN

/* Fills the table, or says which name is missing. */
static int
pglib_bind(void *so, struct err *err)
{
	size_t i;

	for (i = 0; i < sizeof fns / sizeof fns[0]; i++)
		if ((*fns[i].addr = dlsym(so, fns[i].name)) == NULL)
			return err_set(err, EX_UNAVAILABLE, "%s has no %s: "
			    "it is older than callq needs; install libpq5 "
			    "from Debian 12 or later", PGLIB_SONAME,
			    fns[i].name);
	return 0;
}

int
pglib_load(struct err *err)
{
	static int loaded;
	void *so;

	if (loaded)
		return 0;
	if ((so = dlopen(PGLIB_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL)
		return err_set(err, EX_UNAVAILABLE, "libpq cannot be loaded "
		    "(%s); install libpq5 to use a PostgreSQL database",
		    dlerror());
	if (pglib_bind(so, err) != 0)
		return err->status;
	loaded = 1;
	return 0;
}
