/*
 * What callq-phone.so (src/phone/phone.cc) hands to src/phone/phone.c:
 * one table of function pointers under one exported name, so the loader
 * looks up a single symbol and nothing C++ crosses the edge. The shim and
 * the binary are built from the same tree, so the table's layout is the
 * one both sides were compiled with.
 */
#ifndef CALLQ_PHONE_SHIM_H
#define CALLQ_PHONE_SHIM_H

#include "callq/phone.h"

struct phone_shim {
	enum phone_result (*parse)(const char *raw, const char *default_region,
	    struct phone *out);
	enum phone_check (*check)(const char *raw, const char *region,
	    struct phone_key *out);
	int (*calling_code)(const char *cc);
};

#define PHONE_SHIM_SYMBOL "callq_phone_shim"
#define PHONE_SHIM_FILE   "callq-phone.so"

#endif
