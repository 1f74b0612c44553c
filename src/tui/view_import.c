/*
 * Import: an admin's way to load a regional lead list without the
 * manual. A file browser (the interrupted batches on top, to resume or
 * discard), the region, then a preview of the mapping and the first rows
 * as the import will take them, then the run with a progress bar that
 * Esc cancels, then the summary and the rejects. The engine is the one
 * `callq import` runs; files are listed and read as the user (priv.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "callq/csvin.h"
#include "callq/plural.h"
#include "callq/priv.h"
#include "callq/text.h"
#include "columns.h"
#include "detail.h"
#include "form.h"
#include "importer.h"

static const struct keybind import_keys[] = {
	NAV_KEYS,
	{ '\r', "Enter", TA_OPEN, "Open the folder or pick the file; on the "
	  "preview, run the import", "Open/Run" },
	{ KEY_ENTER, NULL, TA_OPEN, NULL, NULL },
	{ KEY_BACKSPACE, "Backspace, h", TA_BACK, "The folder above", NULL },
	{ 127, NULL, TA_BACK, NULL, NULL },
	{ 8, NULL, TA_BACK, NULL, NULL },
	{ 'h', NULL, TA_BACK, NULL, NULL },
	{ '/', "/", TA_PATH, "Type a path to a folder or a file", "Path" },
	{ '~', "~", TA_HOME, "Your home folder", NULL },
	{ 'm', "m", TA_MAP, "Preview: read the field under the cursor from "
	  "another column", "Map" },
	{ 'r', "r", TA_RESUME, "Resume the interrupted batch under the cursor",
	  NULL },
	{ 'D', "D", TA_DISCARD, "Discard the interrupted batch under the "
	  "cursor", NULL },
	{ 'v', "v", TA_REJECTS, "Summary: view the rejected rows", "Rejects" },
	{ 27, "Esc", TA_CLOSE, "Back a step (during the run: cancel it)",
	  "Back" },
	DETAIL_KEY,
	{ 0, NULL, TA_NONE, NULL, NULL },
};

struct importer *
importer_of(struct tui *t)
{
	return t->panes[PANE_IMPORT].data;
}

/* The run: the progress is drawn, and Esc looked for, after each chunk. */
static void
run_progress(const struct import_progress *p, void *arg)
{
	struct importer *im = arg;
	wint_t wch;

	im->progress = *p;
	/* Esc cancels; other keys wait for the summary, as typed ahead. */
	while (get_wch(&wch) != ERR)
		if (wch == 27)
			im->stop = 1;
		else if (im->nahead < (int)(sizeof im->ahead / sizeof
		    im->ahead[0]))
			im->ahead[im->nahead++] = wch;
	if (tui_stopping())
		im->stop = 1;
	tui_draw(im->tui);
}

static void
run_end(struct importer *im, int rc, const struct err *err)
{
	const struct batch_counts *n = &im->result.counts;
	struct err late = { 0 };
	int64_t removed = 0;

	im->ok = rc == 0;
	if (rc != 0 && im->stop && im->result.batch != 0) {
		if (import_discard(im->tui->st, im->tui->who, im->result.batch,
		    &removed, &late) != 0)
			snprintf(im->outcome, sizeof im->outcome, "Cancelled, but"
			    " batch %lld could not be discarded: %s",
			    (long long)im->result.batch, late.msg);
		else
			snprintf(im->outcome, sizeof im->outcome, "Cancelled "
			    "after %lld %s: batch %lld was discarded and none "
			    "of its %lld %s stay.", (long long)n->read,
			    plural(n->read, "row", "rows"),
			    (long long)im->result.batch, (long long)removed,
			    plural(removed, "lead", "leads"));
	} else if (rc != 0)
		snprintf(im->outcome, sizeof im->outcome, "%s", err->msg);
	else
		snprintf(im->outcome, sizeof im->outcome, "Imported %lld %s "
		    "into %s (batch %lld).", (long long)n->imported,
		    plural(n->imported, "lead", "leads"), im->region,
		    (long long)im->result.batch);
	im->step = STEP_SUMMARY;
}

static void
run_start(struct importer *im)
{
	struct import_opts o;
	struct err err = { 0 };
	int rc;

	importer_opts(im, &o);
	o.progress = run_progress;
	o.stop = &im->stop;
	/* Reps log calls meanwhile: none waits long behind a chunk. */
	o.tx_target = IMPORT_TX_TARGET;
	im->stop = 0;
	memset(&im->progress, 0, sizeof im->progress);
	im->step = STEP_RUNNING;
	tui_draw(im->tui);
	im->nahead = 0;
	rc = import_run(im->tui->st, im->tui->who, &o, &im->result, &err);
	run_end(im, rc, &err);
	tui_reload(im->tui);
	/* Given back last first: ncurses hands back the last one pushed. */
	while (im->nahead > 0)
		unget_wch(im->ahead[--im->nahead]);
}

static void
batch_resume(struct importer *im, const struct entry *e)
{
	struct err err = { 0 };
	struct batch b;

	if (store_batch_get(im->tui->st, e->batch, &b, &err) != 0) {
		tui_message(im->tui, "%s", err.msg);
		return;
	}
	snprintf(im->path, sizeof im->path, "%s", b.file_name);
	snprintf(im->region, sizeof im->region, "%s", b.region);
	snprintf(im->country, sizeof im->country, "%s", b.country);
	memset(im->mapped, 0, sizeof im->mapped);
	im->resume = b.id;
	run_start(im);
}

static int
discard_submit(struct tui *t, struct form *f)
{
	struct importer *im = importer_of(t);
	struct err err = { 0 };
	int64_t removed;

	if (import_discard(t->st, t->who, f->id, &removed, &err) != 0)
		tui_message(t, "%s", err.msg);
	else
		tui_message(t, "Batch %lld discarded: %lld %s removed.",
		    (long long)f->id, (long long)removed,
		    plural(removed, "lead", "leads"));
	importer_browse_read(im);
	return 0;
}

static void
discard_ask(struct importer *im, const struct entry *e)
{
	char label[160];
	struct form *f;

	snprintf(label, sizeof label, "Discard batch %lld and every lead it "
	    "added? Enter discards, Esc keeps it:", (long long)e->batch);
	if ((f = form_ask(im->tui, label, NULL, discard_submit)) != NULL)
		f->id = e->batch;
}

/* The rejects file, as the user: its reason, row and fields. */
static int
reject_take(const struct csvin_record *rec, void *arg)
{
	struct importer *im = arg;
	struct reject_line *l;
	size_t i, used = 0;

	if (rec->number == 1 || rec->n < 2)
		return 0;
	im->rejects_total++;
	if (im->nrejects == MAX_REJECTS)
		return 0;
	l = &im->rejects[im->nrejects++];
	snprintf(l->row, sizeof l->row, "%s", rec->field[rec->n - 1]);
	snprintf(l->reason, sizeof l->reason, "%s", rec->field[rec->n - 2]);
	l->fields[0] = '\0';
	for (i = 0; i + 2 < rec->n && used + 1 < sizeof l->fields; i++)
		used += (size_t)snprintf(l->fields + used, sizeof l->fields -
		    used, "%s%s", i ? " | " : "", rec->field[i]);
	if (!text_is_clean(l->reason) || !text_is_clean(l->fields))
		snprintf(l->fields, sizeof l->fields, "(not text)");
	return 0;
}

static void
rejects_show(struct importer *im)
{
	struct err err = { 0 };
	int fd;

	if (im->result.rejects_path[0] == '\0') {
		tui_message(im->tui, "No row was rejected.");
		return;
	}
	if (im->rejects == NULL &&
	    (im->rejects = calloc(MAX_REJECTS, sizeof *im->rejects)) == NULL)
		return;
	im->nrejects = 0;
	im->rejects_total = 0;
	im->rejected.sel = im->rejected.top = 0;
	if ((fd = priv_open(im->result.rejects_path, O_RDONLY | O_CLOEXEC,
	    0)) < 0) {
		tui_message(im->tui, "Cannot open %s: %s.",
		    im->result.rejects_path, priv_strerror(errno));
		return;
	}
	if (csvin_read(fd, im->result.rejects_path, reject_take, im, &err) !=
	    0)
		tui_message(im->tui, "%s", err.msg);
	close(fd);
	im->step = STEP_REJECTS;
}

/* The list the step shows (files, fields, rejects), NULL: none. */
static struct list *
list_of(struct importer *im, int *n)
{
	switch (im->step) {
	case STEP_BROWSE: *n = im->n; return &im->browse;
	case STEP_PREVIEW: *n = IMPORT_FIELDS; return &im->fields;
	case STEP_REJECTS: *n = im->nrejects; return &im->rejected;
	default: *n = 0; return NULL;
	}
}

static void
step_back(struct importer *im)
{
	switch (im->step) {
	case STEP_REJECTS: im->step = STEP_SUMMARY; break;
	case STEP_PREVIEW:
	case STEP_SUMMARY:
		im->step = STEP_BROWSE;
		importer_browse_read(im);
		break;
	default: break;
	}
}

static int
import_handle(struct view *v, enum tui_action a)
{
	struct importer *im = v->data;
	struct entry *e = im->step == STEP_BROWSE && im->n > 0 ?
	    &im->entries[im->browse.sel] : NULL;
	int n;
	struct list *l = list_of(im, &n);

	if (l != NULL && list_handle(l, n, a))
		return 1;
	switch (a) {
	case TA_CLOSE: step_back(im); break;
	case TA_OPEN:
		if (im->step == STEP_BROWSE)
			importer_browse_open(im);
		else if (im->step == STEP_PREVIEW && im->problem[0] == '\0')
			run_start(im);
		else if (im->step == STEP_PREVIEW)
			tui_message(v->tui, "Fix the mapping first (m), or Esc "
			    "for another file.");
		else
			step_back(im);
		break;
	case TA_BACK:
		if (im->step == STEP_BROWSE)
			importer_browse_enter(im, "..");
		else
			step_back(im);
		break;
	case TA_PATH: if (im->step == STEP_BROWSE) importer_path_ask(im); break;
	case TA_HOME:
		if (im->step == STEP_BROWSE) {
			char home[sizeof im->dir];

			importer_home(home, sizeof home);
			importer_browse_enter(im, home);
		}
		break;
	case TA_MAP:
		if (im->step == STEP_PREVIEW)
			importer_map_pick(im);
		break;
	case TA_RESUME:
		if (e != NULL && e->batch != 0)
			batch_resume(im, e);
		break;
	case TA_DISCARD:
		if (e != NULL && e->batch != 0)
			discard_ask(im, e);
		break;
	case TA_REJECTS:
		if (im->step == STEP_SUMMARY)
			rejects_show(im);
		break;
	default:
		return 0;
	}
	return 1;
}

static void
running_draw(struct importer *im, WINDOW *win, int w)
{
	const struct import_progress *p = &im->progress;
	double done = p->total > 0 ? (double)p->bytes / (double)p->total : 0;
	double rate = p->seconds > 0 ? (double)p->rows / p->seconds : 0;
	double eta = done > 0 ? p->seconds * (1 - done) / done : 0;
	int bar = w - 12, fill = (int)(done * bar), i;
	char line[4400];

	wattron(win, A_BOLD);
	snprintf(line, sizeof line, "Importing %s into %s", im->path,
	    im->region);
	tui_put(win, 0, 1, w - 2, line);
	wattroff(win, A_BOLD);
	if (bar < 10)
		bar = 10;
	mvwaddch(win, 2, 1, '[');
	for (i = 0; i < bar; i++)
		waddch(win, i < fill ? '#' : ' ');
	wprintw(win, "] %3d%%", (int)(done * 100));
	snprintf(line, sizeof line, "%lld %s, %.0f rows/s, %s %.0f s",
	    (long long)p->rows, plural(p->rows, "row", "rows"), rate, p->rows > 0 ? "about" : "",
	    p->rows > 0 ? eta : 0.0);
	if (p->rows == 0)
		snprintf(line, sizeof line, "Reading the file...");
	tui_put(win, 3, 1, w - 2, line);
	tui_put(win, 5, 1, w - 2, im->stop ? "Cancelling after this chunk..."
	    : "Esc cancels: nothing of a cancelled import stays.");
}

static void
summary_draw(struct importer *im, WINDOW *win, int w)
{
	const struct batch_counts *n = &im->result.counts;
	double secs = im->result.times.total;
	char line[4400];

	wattron(win, A_BOLD);
	tui_put(win, 0, 1, w - 2, im->outcome);
	wattroff(win, A_BOLD);
	if (!im->ok)
		return tui_put(win, 2, 1, w - 2, "Esc or Enter: back to the "
		    "files."), (void)0;
	snprintf(line, sizeof line, "%lld %s read in %.1f s (%.0f rows/s)",
	    (long long)n->read, plural(n->read, "row", "rows"), secs, secs > 0 ? (double)n->read / secs : 0);
	tui_put(win, 2, 1, w - 2, line);
	snprintf(line, sizeof line, "imported %lld, duplicates %lld, "
	    "do-not-call %lld, rejected %lld, warnings %lld",
	    (long long)n->imported, (long long)n->duplicate,
	    (long long)n->dnc, (long long)n->rejected, (long long)n->warning);
	tui_put(win, 3, 1, w - 2, line);
	if (im->result.rejects_path[0] != '\0') {
		snprintf(line, sizeof line, "Rejects: %s  (v shows them)",
		    im->result.rejects_path);
		tui_put(win, 4, 1, w - 2, line);
	}
	if (im->result.rejects_moved && im->result.rejects_path[0] != '\0')
		tui_put(win, 5, 1, w - 2, "The file's folder cannot be "
		    "written, so the rejects went to your data folder.");
	tui_put(win, 6, 1, w - 2, "Enter: another file.  g q: the queue.");
}

static void
rejects_draw(struct importer *im, WINDOW *win, int h, int w)
{
	struct column cols[3] = {
		{ "Row", 3, 6, 0, 0, 0, 0, 0 },
		{ "Reason", 20, 36, 0, 0, 0, 0, 0 },
		{ "Fields as read", 12, 20, 1, 0, 1, 0, 0 },
	};
	char line[4400];
	int i, top;

	wattron(win, A_BOLD);
	snprintf(line, sizeof line, "Rejected rows of %s: %lld%s",
	    im->result.rejects_path, (long long)im->rejects_total,
	    im->rejects_total > im->nrejects ? " (the first 1000 shown)" : "");
	tui_put(win, 0, 1, w - 2, line);
	wattroff(win, A_BOLD);
	columns_fit(cols, 3, w);
	columns_head(win, 1, cols, 3);
	*line = '\0';
	if (im->nrejects > 0)
		snprintf(line, sizeof line, "Row %s: %s. Fields as read: %s",
		    im->rejects[im->rejected.sel].row, im->rejects[im->rejected.sel].reason,
		    im->rejects[im->rejected.sel].fields);
	h = detail_draw(im->tui, win, h - 2, line);
	top = list_show(&im->rejected, h);
	for (i = 0; i < h && top + i < im->nrejects; i++) {
		const struct reject_line *l = &im->rejects[top + i];
		const char *cells[3] = { l->row, l->reason, l->fields };

		tui_row(win, 2 + i, w, "", top + i == im->rejected.sel, 0);
		if (top + i == im->rejected.sel)
			wattron(win, A_REVERSE);
		columns_row(win, 2 + i, cols, 3, cells);
		wattrset(win, A_NORMAL);
	}
}

static void
import_draw(struct view *v, WINDOW *win)
{
	struct importer *im = v->data;
	int h = getmaxy(win), w = getmaxx(win);

	switch (im->step) {
	case STEP_BROWSE: importer_browse_draw(im, win, h, w); break;
	case STEP_PREVIEW: importer_preview_draw(im, win, h, w); break;
	case STEP_RUNNING: running_draw(im, win, w); break;
	case STEP_SUMMARY: summary_draw(im, win, w); break;
	case STEP_REJECTS: rejects_draw(im, win, h, w); break;
	}
}

/* The browser is read when shown; the other steps hold what they found. */
static void
import_reload(struct view *v)
{
	struct importer *im = v->data;

	if (im->step == STEP_BROWSE)
		importer_browse_read(im);
}

static int
import_open(struct view *v)
{
	struct importer *im = v->data;

	im->tui = v->tui;
	importer_home(im->dir, sizeof im->dir);
	return 0;
}

static void
import_close(struct view *v)
{
	struct importer *im = v->data;

	free(im->entries);
	free(im->rejects);
}

const struct view_ops import_view = {
	.name = "Import",
	.keys = import_keys,
	.state_size = sizeof(struct importer),
	VIEW_FOR(ACT_IMPORT),
	.open = import_open,
	.close = import_close,
	.reload = import_reload,
	.draw = import_draw,
	.handle = import_handle,
};
