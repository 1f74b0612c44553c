/*
 * Editing many leads at once: each lead goes through the one-lead edit
 * and move (their checks, their audit row), all inside one transaction
 * that they join, so the first lead refused rolls every lead back.
 */
#include <stdio.h>
#include <string.h>

#include "callq/bulk.h"
#include "callq/lead.h"
#include "callq/stage.h"
#include "internal.h"

struct bulk {
	const struct actor     *who;
	const int64_t          *ids;
	size_t                  n;
	const struct bulk_edit *e;
	struct stage_move       move;	/* the stage, and what it needs */
	char                    drop[128];	/* move.drop_reason's text */
};

/* What a stage move needs, from the changes that came with it. */
static void
move_needs(struct bulk *b)
{
	const struct lead_change *c;
	size_t i;

	for (i = 0; i < b->e->nchanges; i++) {
		c = &b->e->changes[i];
		if (c->field->type == FT_DROP && !c->is_null) {
			snprintf(b->drop, sizeof b->drop, "%.*s", (int)c->len,
			    c->text);
			b->move.drop_reason = b->drop;
		} else if (strcmp(c->field->name, "interest") == 0 &&
		    !c->is_null)
			b->move.interest = (int)c->num;
	}
}

static int
name_take(const struct lead *l, void *arg)
{
	snprintf(arg, 96, "%s", l->name);
	return 1;
}

/*
 * Says which lead refused the edit, and that none changed: the lead's
 * name only when who may see it (else its number alone is said).
 */
static int
bulk_refused(struct store *st, const struct bulk *b, int64_t id,
    struct err *err)
{
	struct err seen = { 0 };
	char name[96] = "", why[sizeof err->msg];
	int status = err->status;

	snprintf(why, sizeof why, "%s", err->msg);
	if (store_lead_get(st, b->who, id, name_take, name, &seen) != 0)
		name[0] = '\0';
	return err_set(err, status, "lead %lld%s%s%s refused the edit, so "
	    "none of the %zu leads was changed: %s", (long long)id,
	    name[0] ? " (" : "", name, name[0] ? ")" : "", b->n, why);
}

static int
bulk_apply(struct store *st, void *arg, struct err *err)
{
	struct bulk *b = arg;
	enum stage_needs needs;
	size_t i;

	for (i = 0; i < b->n; i++) {
		b->move.lead_id = b->ids[i];
		if ((b->e->nchanges > 0 && store_lead_edit(st, b->who,
		    b->ids[i], b->e->changes, b->e->nchanges, 0, err) != 0) ||
		    (b->e->stage != NULL && store_lead_stage_set(st, b->who,
		    &b->move, &needs, err) != 0))
			return bulk_refused(st, b, b->ids[i], err);
	}
	return 0;
}

/* The same lead twice would be edited twice, and audited twice. */
static int
ids_check(const int64_t *ids, size_t n, struct err *err)
{
	size_t i, j;

	if (n == 0)
		return err_set(err, EX_USAGE, "no lead to edit; give lead IDs");
	if (n > BULK_MAX)
		return err_set(err, EX_USAGE, "%zu leads is more than %d at "
		    "once; edit them in parts", n, BULK_MAX);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (ids[i] == ids[j])
				return err_set(err, EX_USAGE, "lead %lld is "
				    "given twice; give each lead once",
				    (long long)ids[i]);
	return 0;
}

int
store_bulk_edit(struct store *st, const struct actor *who,
    const int64_t *ids, size_t n, const struct bulk_edit *e,
    struct err *err)
{
	struct bulk b = { who, ids, n, e, { 0 }, "" };

	if (require(who, ACT_LEAD_EDIT, err) != 0 ||
	    ids_check(ids, n, err) != 0)
		return err->status;
	if (e->nchanges == 0 && e->stage == NULL)
		return err_set(err, EX_USAGE, "nothing to change; give at least"
		    " one field, e.g. --status, or --stage");
	b.move.stage = e->stage;
	move_needs(&b);
	return store_tx(st, bulk_apply, &b, err);
}
