/*
 * The life of a view, the same for every one: its zeroed state, its
 * open, its close, and whether the user's role has a use for it.
 */
#include <stdlib.h>

#include "view.h"

int
view_open(struct view *v, const struct view_ops *ops, struct tui *t)
{
	*v = (struct view){ ops, t, NULL };
	if (ops->state_size > 0 &&
	    (v->data = calloc(1, ops->state_size)) == NULL)
		return -1;
	return ops->open != NULL ? ops->open(v) : 0;
}

void
view_close(struct view *v)
{
	if (v->ops == NULL)
		return;
	/* A state that could not be allocated has nothing to close. */
	if (v->ops->close != NULL && (v->data != NULL ||
	    v->ops->state_size == 0))
		v->ops->close(v);
	free(v->data);
	v->data = NULL;
}

int
view_visible(const struct view_ops *ops, const struct tui *t)
{
	return ops->need == NULL ||
	    perm_scope(t->who->role, *ops->need) != SCOPE_NONE ||
	    (ops->or_need != NULL &&
	    perm_scope(t->who->role, *ops->or_need) != SCOPE_NONE);
}
