/*
 * The marked leads: a short list kept in mark order. A team lead marks
 * by hand (tens) or marks a whole list at once (thousands), so finding
 * one is a scan, done only on Space and when a row is drawn marked.
 */
#include <stdlib.h>
#include <string.h>

#include "view.h"

int
marks_has(const struct tui *t, int64_t id)
{
	size_t i;

	for (i = 0; i < t->marks.n; i++)
		if (t->marks.ids[i] == id)
			return 1;
	return 0;
}

/* Adds id; 0, or -1 when memory ran out. */
int
marks_add(struct tui *t, int64_t id)
{
	struct marks *m = &t->marks;
	int64_t *v;

	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		if ((v = realloc(m->ids, m->cap * sizeof *v)) == NULL)
			return -1;
		m->ids = v;
	}
	m->ids[m->n++] = id;
	return 0;
}

void
marks_toggle(struct tui *t, int64_t id)
{
	struct marks *m = &t->marks;
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->ids[i] == id) {
			memmove(m->ids + i, m->ids + i + 1,
			    (m->n - i - 1) * sizeof m->ids[0]);
			m->n--;
			return;
		}
	if (marks_add(t, id) != 0)
		tui_message(t, "out of memory: the lead was not marked");
}

void
marks_clear(struct tui *t)
{
	free(t->marks.ids);
	memset(&t->marks, 0, sizeof t->marks);
}
