/* Reading the audit trail: one row per mutation. */
#ifndef CALLQ_AUDIT_H
#define CALLQ_AUDIT_H

#include <stdint.h>
#include <time.h>

#include "callq/store.h"

struct audit_row {
	int64_t     id;
	time_t      at;
	const char *actor;	/* acting callq login */
	const char *real_login;	/* the Unix account that ran callq */
	const char *entity;	/* "lead", "user", ... */
	int64_t     entity_id;
	const char *action;	/* "add", "edit", "delete", ... */
	const char *details;	/* JSON, or "" */
	const char *text;	/* the details as people read them, or "" */
};

struct audit_filter {
	const char *entity;	/* NULL: any */
	int64_t     entity_id;	/* 0: any */
	const char *login;	/* acting user, NULL: any */
	int         limit;	/* 0: no limit */
	const char *action;	/* NULL: any */
	time_t      since, until;	/* at >= since, at < until; 0: open */
};

/* Newest first. Strings are valid during the callback only. */
int store_audit_list(struct store *st, const struct actor *who,
    const struct audit_filter *filter,
    int (*each)(const struct audit_row *, void *), void *arg,
    struct err *err);

#endif
