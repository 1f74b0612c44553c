/* Leads: adding, editing, listing, soft delete and restore. */
#ifndef CALLQ_LEAD_H
#define CALLQ_LEAD_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "callq/leadfield.h"
#include "callq/store.h"

/* One lead as read; strings are "" when unset, valid during a callback. */
struct lead {
	int64_t     id;
	const char *name, *phone_raw, *phone_e164, *phone_ext, *country;
	const char *street_number, *street, *city, *state, *postal_code;
	const char *email, *url, *timezone;
	const char *tz_basis;		/* "prefix", "region", or "" */
	const char *phone_display;	/* "+1 305-555-0142", or "" */
	const char *extra;		/* JSON: an import's other columns */
	const char *region, *source, *status, *owner, *drop_reason;
	const char *owner_name;		/* the owner's full name, or "" */
	const char *stage;		/* its pipeline stage, or "" */
	time_t      stage_entered_at;
	int         has_website;	/* -1 unknown */
	int         has_coords;
	double      lat, lng;
	int         interest;		/* 0: none */
	int         priority;
	int         attempts;
	int         has_value;
	int64_t     value_cents;
	time_t      due_at, next_followup_at, last_contacted_at;
	time_t      created_at, updated_at, deleted_at;	/* 0: unset */
	int64_t     version;
	time_t      customer_at;	/* a customer since; 0: not one */
};

struct lead_filter {
	const char *status;	/* NULL: any */
	const char *owner;	/* login, "none" for unassigned, NULL: any */
	const char *region;
	const char *search;	/* in name, phone, city */
	int         deleted;	/* list the deleted leads instead */
	int         customers;	/* customers only */
	int         limit;	/* 0: no limit */
	int         offset;
};

/*
 * Adds a lead from changes (name and phone required). A rep's new lead is
 * the rep's own. Sets *id.
 */
int store_lead_add(struct store *st, const struct actor *who,
    const struct lead_change *changes, size_t n, int64_t *id,
    struct err *err);

/*
 * Applies changes to lead id; when expect_version is not 0 and the lead
 * has changed since, nothing is written (EX_TEMPFAIL).
 */
int store_lead_edit(struct store *st, const struct actor *who, int64_t id,
    const struct lead_change *changes, size_t n, int64_t expect_version,
    struct err *err);

/* Soft delete: hidden everywhere but the deleted list; restorable. */
int store_lead_delete(struct store *st, const struct actor *who, int64_t id,
    struct err *err);
int store_lead_restore(struct store *st, const struct actor *who, int64_t id,
    const char *reason, struct err *err);

/* The leads who may see that match filter, by id. */
int store_lead_list(struct store *st, const struct actor *who,
    const struct lead_filter *filter,
    int (*each)(const struct lead *, void *), void *arg, struct err *err);

/* One lead (deleted ones too, for those who may restore). */
int store_lead_get(struct store *st, const struct actor *who, int64_t id,
    int (*each)(const struct lead *, void *), void *arg, struct err *err);

#endif
