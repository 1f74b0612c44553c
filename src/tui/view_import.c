/*
 * Import: an admin's way to load a regional lead list without the
 * manual. A file browser (the interrupted batches on top, to resume or
 * discard), the region, then a preview of the mapping and the first rows
 * as the import will take them, then the run with a progress bar that
 * Esc cancels, then the summary and the rejects. The engine is the one
 * `callq import` runs; files are listed and read as the user (priv.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "callq/csvin.h"
#include "callq/import.h"
#include "callq/priv.h"
#include "callq/text.h"
#include "callq/user.h"
#include "form.h"
#include "view.h"

#define MAX_ENTRIES 4000
#define PREVIEW_ROWS 10
#define MAX_REJECTS 1000
#define MAX_COLUMNS 64

enum step { STEP_BROWSE, STEP_PREVIEW, STEP_RUNNING, STEP_SUMMARY,
	STEP_REJECTS };

/* A line of the browser: an interrupted batch, a folder or a .csv. */
struct entry {
	char    name[256];
	int     dir;
	int64_t size;
	time_t  mtime;
	int64_t batch;		/* an interrupted batch, or 0 */
	char    label[256];	/* the batch's line */
};

struct preview_row {
	int64_t number;
	char    name[48], raw[40], e164[24], country[4], zone[48];
	char    verdict[200];
	int     imported;
};

struct reject_line {
	char row[16], reason[200], fields[300];
};

struct importer {
	enum step          step;
	char               dir[2048];
	struct entry      *entries;
	int                n, sel, top;
	/* The import being set up. */
	char               path[4096];
	char               region[104], country[4];
	char               map[IMPORT_FIELDS][128];
	int                mapped[IMPORT_FIELDS];	/* map[f] is in force */
	int64_t            resume;
	/* The preview. */
	char               columns[MAX_COLUMNS][64];
	int                ncolumns, at[IMPORT_FIELDS], field_sel;
	char               delimiter;
	struct preview_row rows[PREVIEW_ROWS];
	int                nrows;
	char               problem[600];	/* why it cannot be imported */
	/* The run. */
	struct tui        *tui;
	struct import_progress progress;
	volatile sig_atomic_t stop;
	struct import_result result;
	int                ok, cancelled;
	char               outcome[700];
	/* The rejects. */
	struct reject_line *rejects;
	int                nrejects, rsel, rtop;
	int64_t            rejects_total;
};

static const struct keybind import_keys[] = {
	{ 'j', "j, Down", TA_DOWN, "Next line (file, field, reject)", NULL },
	{ KEY_DOWN, NULL, TA_DOWN, NULL, NULL },
	{ 'k', "k, Up", TA_UP, "Previous line", NULL },
	{ KEY_UP, NULL, TA_UP, NULL, NULL },
	{ KEY_NPAGE, "PgDn", TA_PAGE_DOWN, "A page down", NULL },
	{ KEY_PPAGE, "PgUp", TA_PAGE_UP, "A page up", NULL },
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
	{ 0, NULL, TA_NONE, NULL, NULL },
};

static struct importer *
importer_of(struct tui *t)
{
	return t->panes[PANE_IMPORT].data;
}

/* "10.2 MB": a size people read. */
static void
size_text(int64_t n, char *buf, size_t size)
{
	if (n < 1000)
		snprintf(buf, size, "%lld B", (long long)n);
	else if (n < 1000 * 1000)
		snprintf(buf, size, "%.1f KB", (double)n / 1e3);
	else if (n < 1000LL * 1000 * 1000)
		snprintf(buf, size, "%.1f MB", (double)n / 1e6);
	else
		snprintf(buf, size, "%.1f GB", (double)n / 1e9);
}

static int
entry_order(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if ((x->batch != 0) != (y->batch != 0))
		return x->batch != 0 ? -1 : 1;
	if (x->dir != y->dir)
		return x->dir ? -1 : 1;
	if (strcmp(x->name, "..") == 0 || strcmp(y->name, "..") == 0)
		return strcmp(x->name, "..") == 0 ? -1 : 1;
	return strcasecmp(x->name, y->name);
}

static struct entry *
entry_add(struct importer *im)
{
	struct entry *e;

	if (im->n == MAX_ENTRIES)
		return NULL;
	if ((e = realloc(im->entries, (size_t)(im->n + 1) * sizeof *e)) ==
	    NULL)
		return NULL;
	im->entries = e;
	e = &im->entries[im->n++];
	memset(e, 0, sizeof *e);
	return e;
}

static int
is_csv(const char *name)
{
	size_t len = strlen(name);

	return len > 4 && strcasecmp(name + len - 4, ".csv") == 0;
}

/* Folders and .csv files of im->dir; run as the user. */
static int
dir_read(void *arg)
{
	struct importer *im = arg;
	struct dirent *de;
	struct stat sb;
	struct entry *e;
	DIR *d;

	if ((d = opendir(im->dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' && strcmp(de->d_name, "..") != 0)
			continue;	/* hidden, and "." */
		if (fstatat(dirfd(d), de->d_name, &sb, 0) != 0)
			continue;
		if (!S_ISDIR(sb.st_mode) &&
		    !(S_ISREG(sb.st_mode) && is_csv(de->d_name)))
			continue;
		if (strcmp(de->d_name, "..") == 0 && strcmp(im->dir, "/") == 0)
			continue;
		if ((e = entry_add(im)) == NULL)
			break;
		snprintf(e->name, sizeof e->name, "%s", de->d_name);
		e->dir = S_ISDIR(sb.st_mode);
		e->size = sb.st_size;
		e->mtime = sb.st_mtime;
	}
	closedir(d);
	return 0;
}

static int
batch_take(const struct batch *b, void *arg)
{
	struct importer *im = arg;
	const char *base = strrchr(b->file_name, '/');
	struct entry *e;

	if (import_state(b) != BATCH_INTERRUPTED || (e = entry_add(im)) == NULL)
		return 0;
	e->batch = b->id;
	snprintf(e->label, sizeof e->label, "Interrupted: batch %lld, %.80s "
	    "into %.60s, %lld rows in  (r resumes, D discards)",
	    (long long)b->id,
	    base ? base + 1 : b->file_name, b->region,
	    (long long)b->counts.read);
	return 0;
}

static void
browse_read(struct importer *im)
{
	struct err err = { 0 };
	int64_t batch = im->n > 0 ? im->entries[im->sel].batch : 0;
	char name[256] = "";
	int i;

	if (im->n > 0)
		snprintf(name, sizeof name, "%s", im->entries[im->sel].name);
	im->n = 0;
	if (store_batch_list(im->tui->st, im->tui->who, batch_take, im,
	    &err) != 0)
		tui_message(im->tui, "%s", err.msg);
	if (priv_as_user(dir_read, im) != 0)
		tui_message(im->tui, "Cannot list %s: %s.", im->dir,
		    strerror(errno));
	qsort(im->entries, (size_t)im->n, sizeof *im->entries, entry_order);
	/*
	 * Where it was, else on the first list to import (one Enter away),
	 * else on the first folder down.
	 */
	im->sel = -1;
	for (i = 0; i < im->n; i++)
		if (im->entries[i].batch == batch &&
		    strcmp(im->entries[i].name, name) == 0)
			im->sel = i;
	for (i = 0; i < im->n && im->sel < 0; i++)
		if (!im->entries[i].dir && im->entries[i].batch == 0)
			im->sel = i;
	for (i = 0; i < im->n && im->sel < 0; i++)
		if (im->entries[i].dir && strcmp(im->entries[i].name, ".."))
			im->sel = i;
	if (im->sel < 0)
		im->sel = 0;
}

static void
browse_enter(struct importer *im, const char *dir)
{
	char *end;

	if (strcmp(dir, "..") == 0) {
		if ((end = strrchr(im->dir, '/')) != NULL)
			*(end == im->dir ? end + 1 : end) = '\0';
	} else if (dir[0] == '/')
		snprintf(im->dir, sizeof im->dir, "%s", dir);
	else {
		size_t len = strlen(im->dir);

		snprintf(im->dir + len, sizeof im->dir - len, "%s%s",
		    len > 0 && im->dir[len - 1] == '/' ? "" : "/", dir);
	}
	im->n = 0;
	im->sel = 0;
	browse_read(im);
	im->top = 0;
}

static void
home_dir(char *out, size_t size)
{
	const char *home = secure_getenv("HOME");
	struct passwd *pw;

	if ((home == NULL || home[0] != '/') &&
	    (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	snprintf(out, size, "%s", home != NULL ? home : "/");
}

/* The preview: the engine's dry run over the first rows. */
static void
preview_header(const struct import_header *h, void *arg)
{
	struct importer *im = arg;
	size_t i;

	im->ncolumns = 0;
	for (i = 0; i < h->n && i < MAX_COLUMNS; i++)
		snprintf(im->columns[im->ncolumns++], sizeof im->columns[0],
		    "%s", h->name[i]);
	memcpy(im->at, h->at, sizeof im->at);
	im->delimiter = h->delimiter;
}

/* Field f of row r as read, cut to what a preview column holds. */
static void
row_text(const struct import_row *r, int at, char *out, size_t size)
{
	char copy[256];

	out[0] = '\0';
	if (at < 0 || (size_t)at >= r->n)
		return;
	snprintf(copy, sizeof copy, "%.*s", (int)r->len[at], r->field[at]);
	if (!text_is_clean(copy))
		snprintf(copy, sizeof copy, "?");
	text_fit(copy, (int)size / 2, 0, out, size);
}

static void
preview_row(const struct import_row *r, void *arg)
{
	struct importer *im = arg;
	struct preview_row *p;

	if (im->nrows == PREVIEW_ROWS)
		return;
	p = &im->rows[im->nrows++];
	p->number = r->number;
	row_text(r, im->at[IMPORT_NAME], p->name, sizeof p->name);
	row_text(r, im->at[IMPORT_PHONE], p->raw, sizeof p->raw);
	snprintf(p->e164, sizeof p->e164, "%s", r->e164);
	snprintf(p->country, sizeof p->country, "%s", r->country);
	snprintf(p->zone, sizeof p->zone, "%s", r->timezone);
	snprintf(p->verdict, sizeof p->verdict, "%s", r->verdict);
	p->imported = r->imported;
}

static void
opts_fill(struct importer *im, struct import_opts *o)
{
	int f;

	memset(o, 0, sizeof *o);
	o->path = im->path;
	o->region = im->region;
	o->country = im->country[0] ? im->country : NULL;
	o->resume = im->resume;
	o->workers = -1;
	o->arg = im;
	for (f = 0; f < IMPORT_FIELDS; f++)
		if (im->mapped[f])
			o->map[f] = im->map[f];
}

static void
preview_run(struct importer *im)
{
	struct import_result r;
	struct import_opts o;
	struct err err = { 0 };

	opts_fill(im, &o);
	o.dry_run = 1;
	o.limit = PREVIEW_ROWS;
	o.workers = 1;
	o.header = preview_header;
	o.row = preview_row;
	im->nrows = 0;
	im->ncolumns = 0;
	im->problem[0] = '\0';
	if (import_run(im->tui->st, im->tui->who, &o, &r, &err) != 0)
		snprintf(im->problem, sizeof im->problem, "%s", err.msg);
	im->step = STEP_PREVIEW;
}

/*
 * The region the file's name begins with a word of: "east-nov.csv" is
 * North America East's, "uk.csv" no one's.
 */
static int
region_guess(const char *path, const char *region)
{
	const char *base = strrchr(path, '/'), *w;
	size_t len = 0;

	base = base ? base + 1 : path;
	while (base[len] != '\0' && strchr(" -_.", base[len]) == NULL)
		len++;
	if (len < 2)
		return 0;
	for (w = region; *w != '\0'; w += strcspn(w, " "), w += *w == ' ')
		if (strncasecmp(w, base, len) == 0 &&
		    (w[len] == '\0' || w[len] == ' '))
			return 1;
	return 0;
}

struct regions {
	char country[64][4];	/* each item's, by index */
};

static int
region_item(const char *name, const char *country, int64_t leads, void *arg)
{
	struct picker *p = arg;
	struct regions *rs = p->data;
	struct picker_item *items, *it;

	if (p->n == 64)
		return 1;
	if ((items = realloc(p->items, (size_t)(p->n + 1) * sizeof *items)) ==
	    NULL)
		return 1;
	p->items = items;
	it = &p->items[p->n];
	memset(it, 0, sizeof *it);
	snprintf(it->key, sizeof it->key, "%s", name);
	snprintf(it->label, sizeof it->label, "%-24s %-3s %8lld leads", name,
	    country, (long long)leads);
	snprintf(rs->country[p->n], sizeof rs->country[0], "%s", country);
	p->n++;
	return 0;
}

static int
region_submit(struct tui *t, struct form *f)
{
	struct importer *im = importer_of(t);
	char name[104];

	text_trim(f->text, name, sizeof name);
	if (name[0] == '\0') {
		tui_message(t, "Type the new region's name, or Esc.");
		return 1;
	}
	snprintf(im->region, sizeof im->region, "%s", name);
	im->country[0] = '\0';
	preview_run(im);
	return 0;
}

static void
region_picked(struct tui *t, struct picker *p)
{
	struct importer *im = importer_of(t);
	struct regions *rs = p->data;
	struct form *f;
	int i;

	for (i = 0; i < p->n && !p->items[i].chosen; i++)
		;
	if (i == p->n)
		return;
	if (p->items[i].key[0] == '\0') {
		if ((f = form_new("New region's name (Enter previews, Esc "
		    "cancels):", NULL)) == NULL)
			return;
		f->submit = region_submit;
		form_open(t, f);
		return;
	}
	snprintf(im->region, sizeof im->region, "%s", p->items[i].key);
	snprintf(im->country, sizeof im->country, "%s", rs->country[i]);
	preview_run(im);
}

static void
region_pick(struct importer *im)
{
	struct picker *p = calloc(1, sizeof *p);
	struct err err = { 0 };
	struct picker_item *it;
	int i;

	if (p == NULL || (p->data = calloc(1, sizeof(struct regions))) ==
	    NULL) {
		free(p);
		tui_message(im->tui, "out of memory");
		return;
	}
	snprintf(p->title, sizeof p->title, " Import into which region? ");
	p->done = region_picked;
	if (store_region_list(im->tui->st, region_item, p, &err) != 0)
		tui_message(im->tui, "%s", err.msg);
	if ((it = realloc(p->items, (size_t)(p->n + 1) * sizeof *it)) != NULL) {
		p->items = it;
		memset(&p->items[p->n], 0, sizeof *it);
		snprintf(p->items[p->n++].label, sizeof it->label,
		    "+ A new region...");
	}
	for (i = 0; i < p->n; i++)
		if (p->items[i].key[0] && region_guess(im->path,
		    p->items[i].key))
			p->sel = i;
	picker_open(im->tui, p);
}

static void
file_pick(struct importer *im, const char *path)
{
	int f;

	snprintf(im->path, sizeof im->path, "%s", path);
	im->resume = 0;
	for (f = 0; f < IMPORT_FIELDS; f++)
		im->mapped[f] = 0;
	im->field_sel = 0;
	region_pick(im);
}

struct probe {
	const char *path;
	struct stat sb;
};

static int
path_probe(void *arg)
{
	struct probe *p = arg;

	return stat(p->path, &p->sb);
}

static int
path_submit(struct tui *t, struct form *f)
{
	struct importer *im = importer_of(t);
	char path[2048];
	struct probe p = { path, { 0 } };

	text_trim(f->text, path, sizeof path);
	if (path[0] == '~' && (path[1] == '/' || path[1] == '\0')) {
		char home[1024], rest[sizeof path];

		home_dir(home, sizeof home);
		snprintf(rest, sizeof rest, "%s", path + 1);
		snprintf(path, sizeof path, "%.1023s%.1000s", home, rest);
	}
	if (path[0] != '/') {
		tui_message(t, "Type a full path, starting with / or ~.");
		return 1;
	}
	if (priv_as_user(path_probe, &p) != 0) {
		tui_message(t, "Cannot open %s: %s.", path, strerror(errno));
		return 1;
	}
	form_close(t);
	if (S_ISDIR(p.sb.st_mode))
		browse_enter(im, path);
	else if (S_ISREG(p.sb.st_mode))
		file_pick(im, path);
	else
		tui_message(t, "%s is neither a folder nor a file.", path);
	return 0;
}

static void
path_ask(struct importer *im)
{
	char start[2100];
	struct form *f;

	snprintf(start, sizeof start, "%s%s", im->dir,
	    strcmp(im->dir, "/") == 0 ? "" : "/");
	if ((f = form_new("Path (Enter opens, Esc cancels):", start)) == NULL)
		return;
	f->submit = path_submit;
	form_open(im->tui, f);
}

/* The run: the progress is drawn, and Esc looked for, after each chunk. */
static void
run_progress(const struct import_progress *p, void *arg)
{
	struct importer *im = arg;
	int ch;

	im->progress = *p;
	while ((ch = getch()) != ERR)
		if (ch == 27 || ch == 'c')
			im->stop = 1;
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
	im->cancelled = 0;
	if (rc != 0 && im->stop && im->result.batch != 0) {
		im->cancelled = 1;
		if (import_discard(im->tui->st, im->tui->who, im->result.batch,
		    &removed, &late) != 0)
			snprintf(im->outcome, sizeof im->outcome, "Cancelled, but"
			    " batch %lld could not be discarded: %s",
			    (long long)im->result.batch, late.msg);
		else
			snprintf(im->outcome, sizeof im->outcome, "Cancelled "
			    "after %lld rows: batch %lld was discarded and none "
			    "of its %lld leads stay.", (long long)n->read,
			    (long long)im->result.batch, (long long)removed);
	} else if (rc != 0)
		snprintf(im->outcome, sizeof im->outcome, "%s", err->msg);
	else
		snprintf(im->outcome, sizeof im->outcome, "Imported %lld leads "
		    "into %s (batch %lld).", (long long)n->imported, im->region,
		    (long long)im->result.batch);
	im->step = STEP_SUMMARY;
}

static void
run_start(struct importer *im)
{
	struct import_opts o;
	struct err err = { 0 };
	int rc;

	opts_fill(im, &o);
	o.progress = run_progress;
	o.stop = &im->stop;
	im->stop = 0;
	memset(&im->progress, 0, sizeof im->progress);
	im->step = STEP_RUNNING;
	tui_draw(im->tui);
	rc = import_run(im->tui->st, im->tui->who, &o, &im->result, &err);
	run_end(im, rc, &err);
	tui_reload(im->tui);
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
		tui_message(t, "Batch %lld discarded: %lld leads removed.",
		    (long long)f->id, (long long)removed);
	browse_read(im);
	return 0;
}

static void
discard_ask(struct importer *im, const struct entry *e)
{
	char label[160];
	struct form *f;

	snprintf(label, sizeof label, "Discard batch %lld and every lead it "
	    "added? Enter discards, Esc keeps it:", (long long)e->batch);
	if ((f = form_new(label, NULL)) == NULL)
		return;
	f->id = e->batch;
	f->submit = discard_submit;
	form_open(im->tui, f);
}

/* The mapping: a column of the file, or none, for the field at the cursor. */
static void
map_picked(struct tui *t, struct picker *p)
{
	struct importer *im = importer_of(t);
	int f = im->field_sel, i;

	for (i = 0; i < p->n && !p->items[i].chosen; i++)
		;
	if (i == p->n)
		return;
	snprintf(im->map[f], sizeof im->map[f], "%s", p->items[i].key);
	im->mapped[f] = 1;
	preview_run(im);
	tui_message(t, "%s is read from %s.", import_field_header(f),
	    p->items[i].key[0] ? p->items[i].key : "no column");
}

/*
 * The column a field unread most likely is in, to start the pick on:
 * "Tel" or "Mobile" for the phone, "Postal code" for postal_code.
 */
static int
column_guess(const struct importer *im, int f)
{
	static const char *const phone[] = { "phone", "tel", "mobile", "cell",
	    "number" };
	char have[64], want[64];
	size_t i, k;

	snprintf(want, sizeof want, "%s", import_field_name(f));
	for (i = 0; want[i] != '\0'; i++)
		if (want[i] == '_')
			want[i] = ' ';
	for (i = 0; i < (size_t)im->ncolumns; i++) {
		text_fold(im->columns[i], have, sizeof have);
		if (strstr(have, want) != NULL)
			return (int)i;
		for (k = 0; f == IMPORT_PHONE && k < 5; k++)
			if (strstr(have, phone[k]) != NULL)
				return (int)i;
	}
	return -1;
}

static void
map_pick(struct importer *im)
{
	struct picker *p;
	int i, f = im->field_sel;

	if (im->ncolumns == 0) {
		tui_message(im->tui, "The file's header could not be read.");
		return;
	}
	if ((p = calloc(1, sizeof *p)) == NULL ||
	    (p->items = calloc((size_t)im->ncolumns + 1, sizeof *p->items)) ==
	    NULL) {
		free(p);
		return;
	}
	snprintf(p->title, sizeof p->title, " Read %s from: ",
	    import_field_header(f));
	for (i = 0; i < im->ncolumns; i++) {
		snprintf(p->items[i].key, sizeof p->items[i].key, "%s",
		    im->columns[i]);
		snprintf(p->items[i].label, sizeof p->items[i].label,
		    "%2d  %s", i + 1, im->columns[i]);
		if (im->at[f] == i)
			p->sel = i;
	}
	snprintf(p->items[i].label, sizeof p->items[i].label,
	    "    (no column: leave %s out)", import_field_header(f));
	if (im->at[f] < 0)
		p->sel = column_guess(im, f) >= 0 ? column_guess(im, f) : i;
	p->n = im->ncolumns + 1;
	p->done = map_picked;
	picker_open(im->tui, p);
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
	im->rsel = im->rtop = 0;
	if ((fd = priv_open(im->result.rejects_path, O_RDONLY | O_CLOEXEC,
	    0)) < 0) {
		tui_message(im->tui, "Cannot open %s: %s.",
		    im->result.rejects_path, strerror(errno));
		return;
	}
	if (csvin_read(fd, im->result.rejects_path, reject_take, im, &err) !=
	    0)
		tui_message(im->tui, "%s", err.msg);
	close(fd);
	im->step = STEP_REJECTS;
}

static int *
cursor_of(struct importer *im, int *n)
{
	switch (im->step) {
	case STEP_BROWSE: *n = im->n; return &im->sel;
	case STEP_PREVIEW: *n = IMPORT_FIELDS; return &im->field_sel;
	case STEP_REJECTS: *n = im->nrejects; return &im->rsel;
	default: *n = 0; return NULL;
	}
}

static void
cursor_move(struct importer *im, int by)
{
	int n, *sel = cursor_of(im, &n);

	if (sel == NULL || n == 0)
		return;
	*sel += by;
	if (*sel >= n)
		*sel = n - 1;
	if (*sel < 0)
		*sel = 0;
}

static void
browse_open(struct importer *im)
{
	const struct entry *e;
	char path[sizeof im->path];

	if (im->n == 0)
		return;
	e = &im->entries[im->sel];
	if (e->batch != 0) {
		tui_message(im->tui, "r resumes batch %lld, D discards it.",
		    (long long)e->batch);
		return;
	}
	if (e->dir) {
		browse_enter(im, e->name);
		return;
	}
	if (snprintf(path, sizeof path, "%s%s%s", im->dir,
	    strcmp(im->dir, "/") == 0 ? "" : "/", e->name) >= (int)sizeof path) {
		tui_message(im->tui, "That path is too long to import.");
		return;
	}
	file_pick(im, path);
}

static void
step_back(struct importer *im)
{
	switch (im->step) {
	case STEP_REJECTS: im->step = STEP_SUMMARY; break;
	case STEP_PREVIEW:
	case STEP_SUMMARY:
		im->step = STEP_BROWSE;
		browse_read(im);
		break;
	default: break;
	}
}

static int
import_handle(struct view *v, enum tui_action a)
{
	struct importer *im = v->data;
	struct entry *e = im->step == STEP_BROWSE && im->n > 0 ?
	    &im->entries[im->sel] : NULL;

	switch (a) {
	case TA_DOWN: cursor_move(im, 1); break;
	case TA_UP: cursor_move(im, -1); break;
	case TA_PAGE_DOWN: cursor_move(im, 10); break;
	case TA_PAGE_UP: cursor_move(im, -10); break;
	case TA_CLOSE: step_back(im); break;
	case TA_OPEN:
		if (im->step == STEP_BROWSE)
			browse_open(im);
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
			browse_enter(im, "..");
		else
			step_back(im);
		break;
	case TA_PATH: if (im->step == STEP_BROWSE) path_ask(im); break;
	case TA_HOME:
		if (im->step == STEP_BROWSE) {
			char home[sizeof im->dir];

			home_dir(home, sizeof home);
			browse_enter(im, home);
		}
		break;
	case TA_MAP:
		if (im->step == STEP_PREVIEW)
			map_pick(im);
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

/* Keeps the cursor's line on screen: top is the first line shown. */
static int
scroll_top(int sel, int *top, int h)
{
	if (sel < *top)
		*top = sel;
	if (h > 0 && sel >= *top + h)
		*top = sel - h + 1;
	return *top;
}

static void
line_selected(WINDOW *win, int on, int y, int w, const char *text)
{
	if (on)
		wattron(win, A_REVERSE);
	tui_put(win, y, 0, w, "");
	tui_put(win, y, 1, w - 2, text);
	wattroff(win, A_REVERSE);
}

static void
browse_draw(struct importer *im, WINDOW *win, int h, int w)
{
	char line[2200], size[24], when[32];
	struct tm tm;
	int i, top;

	wattron(win, A_BOLD);
	snprintf(line, sizeof line, "Import a lead list: %s", im->dir);
	tui_put(win, 0, 1, w - 2, line);
	wattroff(win, A_BOLD);
	tui_put(win, 1, 1, w - 2, "Enter opens a folder or picks a .csv, "
	    "Backspace goes up, / types a path.");
	if (im->n == 0)
		tui_put(win, 3, 1, w - 2, "No folders or .csv files here.");
	top = scroll_top(im->sel, &im->top, h - 2);
	for (i = 0; i < h - 2 && top + i < im->n; i++) {
		const struct entry *e = &im->entries[top + i];

		localtime_r(&e->mtime, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		size_text(e->size, size, sizeof size);
		if (e->batch != 0)
			snprintf(line, sizeof line, "%s", e->label);
		else if (e->dir)
			snprintf(line, sizeof line, "%-40.40s %10s  %s",
			    e->name, "folder", strcmp(e->name, "..") ? when :
			    "");
		else
			snprintf(line, sizeof line, "%-40.40s %10s  %s",
			    e->name, size, when);
		line_selected(win, top + i == im->sel, 2 + i, w, line);
	}
}

static const char *
delimiter_name(char d)
{
	return d == ';' ? "semicolon" : d == '\t' ? "tab" : "comma";
}

static void
mapping_draw(struct importer *im, WINDOW *win, int y, int w)
{
	int f, half = (IMPORT_FIELDS + 1) / 2, col = w / 2;
	char line[200];

	for (f = 0; f < IMPORT_FIELDS; f++) {
		int at = im->at[f];

		snprintf(line, sizeof line, "%-22s <- %s", import_field_header(
		    f), at >= 0 && at < im->ncolumns ? im->columns[at] : "-");
		if (f == im->field_sel)
			wattron(win, A_REVERSE);
		tui_put(win, y + f % half, 1 + (f / half) * col, col - 2, line);
		wattroff(win, A_REVERSE);
	}
}

static void
preview_draw(struct importer *im, WINDOW *win, int h, int w)
{
	int i, y = 3 + (IMPORT_FIELDS + 1) / 2;
	char line[4400];

	wattron(win, A_BOLD);
	snprintf(line, sizeof line, "Import %s into %s%s%s%s", im->path,
	    im->region, im->country[0] ? " (" : "", im->country,
	    im->country[0] ? ")" : "");
	tui_put(win, 0, 1, w - 2, line);
	wattroff(win, A_BOLD);
	if (im->ncolumns > 0) {
		snprintf(line, sizeof line, "Delimiter: %s, %d columns. m reads "
		    "the field under the cursor from another column.",
		    delimiter_name(im->delimiter), im->ncolumns);
		tui_put(win, 1, 1, w - 2, line);
		mapping_draw(im, win, 2, w);
	}
	if (im->problem[0] != '\0') {
		tui_put(win, y, 1, w - 2, im->problem);
		if (im->ncolumns > 0)
			tui_put(win, y + 1, 1, w - 2, "Move to the field with j "
			    "and k, and press m to pick its column.");
		return;
	}
	snprintf(line, sizeof line, "%-5s %-18s %-18s %-15s %-2s %-16s %s",
	    "Row", "Name", "Phone as read", "E.164", "CC", "Time zone",
	    "Verdict");
	wattron(win, A_UNDERLINE);
	tui_put(win, y, 1, w - 2, line);
	wattroff(win, A_UNDERLINE);
	for (i = 0; i < im->nrows && y + 1 + i < h; i++) {
		const struct preview_row *r = &im->rows[i];

		snprintf(line, sizeof line, "%-5lld %-18.18s %-18.18s %-15s "
		    "%-2s %-16.16s %s", (long long)r->number, r->name, r->raw,
		    r->e164, r->country, r->zone, r->verdict);
		if (!r->imported)
			wattron(win, A_BOLD);
		tui_put(win, y + 1 + i, 1, w - 2, line);
		wattroff(win, A_BOLD);
	}
	if (y + 2 + im->nrows < h)
		tui_put(win, y + 2 + im->nrows, 1, w - 2, "Enter imports the "
		    "whole file; Esc picks another.");
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
	snprintf(line, sizeof line, "%lld rows, %.0f rows/s, %s %.0f s",
	    (long long)p->rows, rate, p->rows > 0 ? "about" : "",
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
	snprintf(line, sizeof line, "%lld rows read in %.1f s (%.0f rows/s)",
	    (long long)n->read, secs, secs > 0 ? (double)n->read / secs : 0);
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
	tui_put(win, 6, 1, w - 2, "Enter: another file.  g q: the queue.");
}

static void
rejects_draw(struct importer *im, WINDOW *win, int h, int w)
{
	char line[4400];
	int i, top;

	wattron(win, A_BOLD);
	snprintf(line, sizeof line, "Rejected rows of %s: %lld%s",
	    im->result.rejects_path, (long long)im->rejects_total,
	    im->rejects_total > im->nrejects ? " (the first 1000 shown)" : "");
	tui_put(win, 0, 1, w - 2, line);
	wattroff(win, A_BOLD);
	wattron(win, A_UNDERLINE);
	snprintf(line, sizeof line, "%-6s %-36s %s", "Row", "Reason",
	    "Fields as read");
	tui_put(win, 1, 1, w - 2, line);
	wattroff(win, A_UNDERLINE);
	top = scroll_top(im->rsel, &im->rtop, h - 2);
	for (i = 0; i < h - 2 && top + i < im->nrejects; i++) {
		const struct reject_line *l = &im->rejects[top + i];

		snprintf(line, sizeof line, "%-6s %-36.36s %s", l->row,
		    l->reason, l->fields);
		line_selected(win, top + i == im->rsel, 2 + i, w, line);
	}
}

static void
import_draw(struct view *v, WINDOW *win)
{
	struct importer *im = v->data;
	int h = getmaxy(win), w = getmaxx(win);

	switch (im->step) {
	case STEP_BROWSE: browse_draw(im, win, h, w); break;
	case STEP_PREVIEW: preview_draw(im, win, h, w); break;
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
		browse_read(im);
}

static int
import_open(struct view *v)
{
	struct importer *im = calloc(1, sizeof *im);

	if (im == NULL)
		return -1;
	im->tui = v->tui;
	home_dir(im->dir, sizeof im->dir);
	v->data = im;
	return 0;
}

static void
import_close(struct view *v)
{
	struct importer *im = v->data;

	if (im != NULL) {
		free(im->entries);
		free(im->rejects);
	}
	view_data_free(v);
}

static int
import_visible(const struct tui *t)
{
	return perm_scope(t->who->role, ACT_IMPORT) != SCOPE_NONE;
}

const struct view_ops import_view = {
	.name = "Import",
	.keys = import_keys,
	.open = import_open,
	.close = import_close,
	.reload = import_reload,
	.draw = import_draw,
	.handle = import_handle,
	.visible = import_visible,
};
