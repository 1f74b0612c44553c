/*
 * D on a lead (admins): a line naming the lead asks first, then the
 * lead is deleted (hidden everywhere, restorable from g r) and its pane
 * closes. The store audits it, as the command line's delete.
 */
#include <stdio.h>
#include <stdlib.h>

#include "callq/lead.h"
#include "form.h"

static int
delete_submit(struct tui *t, struct form *f)
{
	struct err err = { 0 };
	int64_t id = f->id;
	char name[96];

	snprintf(name, sizeof name, "%s", (const char *)f->data);
	if (store_lead_delete(t->st, tui_actor(t, id), id, &err) != 0) {
		tui_message(t, "Not deleted: %s", err.msg);
		return 0;
	}
	form_close(t);
	if (t->lead_id == id)
		tui_lead_close(t);
	tui_message(t, "Deleted lead %lld, %s; an admin brings it back from "
	    "Deleted (g r).", (long long)id, name);
	tui_reload(t);
	return 0;
}

void
lead_delete_ask(struct tui *t, int64_t id, const char *name,
    const char *owner)
{
	char label[160];
	struct form *f;

	if (perm_scope(t->who->role, ACT_LEAD_DELETE) == SCOPE_NONE) {
		tui_message(t, "Deleting a lead is for admins; ask one.");
		return;
	}
	snprintf(label, sizeof label, "Delete lead %lld, %.60s%s%.40s%s? "
	    "Enter deletes, Esc keeps it:", (long long)id, name,
	    owner[0] ? " (" : "", owner, owner[0] ? ")" : "");
	if ((f = form_new(label, NULL)) == NULL ||
	    (f->data = malloc(96)) == NULL) {
		free(f);
		form_open(t, NULL);
		return;
	}
	snprintf(f->data, 96, "%s", name);
	f->id = id;
	f->submit = delete_submit;
	form_open(t, f);
}
