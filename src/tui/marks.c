/*
 * The marked leads: a short list kept in mark order. A team lead marks
 * by hand (tens) or marks a whole list at once (thousands), so finding
 * one is a scan, done only on Space and when a row is drawn marked.
 * V marks a range and a count before * the next leads: both walk the
 * list by lead id, the order the pools and the pipeline's columns keep.
 */
#include <stdlib.h>
#include <string.h>

#include "callq/plural.h"
#include "callq/pool.h"
#include "view.h"

#define MARKS_CAP 10000	/* marking more at once is a script's job */

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

int
marks_shown(const struct tui *t, int64_t id, int64_t list, int64_t cursor)
{
	const struct marks *m = &t->marks;
	int64_t lo = m->anchor < cursor ? m->anchor : cursor;
	int64_t hi = m->anchor < cursor ? cursor : m->anchor;

	if (m->ranging && list == m->list && cursor != 0 && id >= lo &&
	    id <= hi)
		return 1;
	return marks_has(t, id);
}

/* Marking leads of a list as walked: those up to last, or count of them. */
struct taking {
	struct tui *t;
	int64_t     last;	/* 0: no end but count */
	int         count, seen, added, full;
};

static int
take(const struct lead *l, void *arg)
{
	struct taking *k = arg;

	if (k->last != 0 && l->id > k->last)
		return 1;
	k->seen++;
	if (!marks_has(k->t, l->id)) {
		if (k->t->marks.n >= MARKS_CAP || marks_add(k->t, l->id) != 0)
			return k->full = 1;
		k->added++;
	}
	return k->count != 0 && k->seen >= k->count;
}

/* Marks the leads of q from first on (by id, as the lists go) as k says. */
static void
marks_walk(struct tui *t, const struct pool_query *q, int64_t first,
    struct taking *k)
{
	struct err err = { 0 };

	if (store_pool_walk(t->st, t->who, q, first - 1, 0, k->count ?
	    k->count : MARKS_CAP, take, k, &err) != 0)
		tui_message(t, "%s", err.msg);
}

/* V again, or another key than a move: the range is marked. */
static void
range_end(struct tui *t, int64_t cursor, const struct pool_query *q)
{
	struct marks *m = &t->marks;
	struct taking k = { t, 0, 0, 0, 0, 0 };
	int64_t lo = m->anchor < cursor ? m->anchor : cursor;

	m->ranging = 0;
	if (cursor == 0)
		return;
	k.last = m->anchor < cursor ? cursor : m->anchor;
	marks_walk(t, q, lo, &k);
	if (t->message[0] == '\0')
		tui_message(t, "Range marked: %d %s, %zu marked in all%s.",
		    k.seen, plural(k.seen, "lead", "leads"), m->n, k.full ?
		    " (the most at once)" : "");
}

/* 20*: the next 20 leads from the cursor's on. */
static void
count_mark(struct tui *t, int64_t cursor, const struct pool_query *q)
{
	struct taking k = { t, 0, t->marks.count, 0, 0, 0 };

	t->marks.count = 0;
	if (cursor == 0) {
		tui_message(t, "No lead here to count from.");
		return;
	}
	marks_walk(t, q, cursor, &k);
	if (t->message[0] == '\0')
		tui_message(t, "Marked the next %d: %zu marked%s. e edits "
		    "them, a assigns.", k.seen, t->marks.n, k.full ?
		    " (the most at once)" : "");
}

/* A move keeps a range going and a count typed. */
static int
is_move(enum tui_action a)
{
	return a == TA_DOWN || a == TA_UP || a == TA_PAGE_DOWN ||
	    a == TA_PAGE_UP || a == TA_TOP || a == TA_BOTTOM;
}

int
marks_handle(struct tui *t, enum tui_action a, int64_t selected,
    const struct pool_query *q)
{
	struct marks *m = &t->marks;

	if (m->ranging && !is_move(a)) {
		range_end(t, selected, q);
		/* Space would unmark the range's last lead: it only ends it. */
		if (a == TA_MARK)
			return 1;
	} else if (a == TA_RANGE) {
		m->ranging = 1;
		m->anchor = selected;
		m->list = q->stage_id;
		tui_message(t, "Range started: move to its other end, then V.");
	}
	if (a == TA_RANGE)
		return 1;
	if (a >= TA_COUNT_0 && a <= TA_COUNT_9) {
		if (m->count < 100000)
			m->count = m->count * 10 + (int)(a - TA_COUNT_0);
		tui_message(t, "%d: * marks the next %d leads from here.",
		    m->count, m->count);
		return 1;
	}
	if (a == TA_MARK_ALL && m->count > 0) {
		count_mark(t, selected, q);
		return 1;
	}
	m->count = 0;
	return 0;
}
