/*
 * libcurl by dlopen, on the first request (see curlib.h). It is opened by
 * its soname, libcurl.so.4: the dynamic loader then searches only the
 * system's library directories, which a user cannot write, and ignores
 * LD_LIBRARY_PATH when callq runs setgid (AT_SECURE), so the name cannot
 * be redirected to a file of the user's.
 */
#include <dlfcn.h>
#include <stdlib.h>

#define CURLIB_TABLE
#include "curlib.h"

#define CURLIB_SONAME "libcurl.so.4"

struct curlib curlib;

/* Each entry point by name, and where its address goes. */
#define FN(field) { "curl_" #field, (void **)&curlib.field }
static const struct {
	const char *name;
	void      **addr;
} fns[] = {
	FN(global_init), FN(global_cleanup), FN(easy_init), FN(easy_setopt),
	FN(easy_getinfo), FN(easy_perform), FN(easy_strerror),
	FN(easy_cleanup), FN(slist_append), FN(slist_free_all),
	FN(multi_init), FN(multi_setopt), FN(multi_add_handle),
	FN(multi_remove_handle), FN(multi_cleanup), FN(multi_socket_action),
	FN(multi_info_read),
};
#undef FN

/* Fills the table, or says which name is missing. */
static int
curlib_bind(void *so, struct err *err, const char *what)
{
	size_t i;

	for (i = 0; i < sizeof fns / sizeof fns[0]; i++)
		if ((*fns[i].addr = dlsym(so, fns[i].name)) == NULL)
			return err_set(err, EX_UNAVAILABLE, "%s has no %s: "
			    "it is older than callq needs; %s", CURLIB_SONAME,
			    fns[i].name, what);
	return 0;
}

int
curlib_load(struct err *err, const char *what)
{
	static int loaded;
	void *so;

	if (loaded)
		return 0;
	if ((so = dlopen(CURLIB_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL)
		return err_set(err, EX_UNAVAILABLE, "libcurl cannot be loaded "
		    "(%s); install libcurl4; %s", dlerror(), what);
	if (curlib_bind(so, err, what) != 0)
		return err->status;
	if (curlib.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return err_set(err, EX_UNAVAILABLE, "libcurl could not start; "
		    "%s", what);
	atexit(curlib.global_cleanup);
	loaded = 1;
	return 0;
}
