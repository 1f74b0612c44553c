/*
 * The Import pane's first steps: the file browser (folders and .csv
 * files, listed as the user; the interrupted batches on top) or a typed
 * path, then the region the file goes to.
 */
#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "callq/country.h"
#include "callq/plural.h"
#include "callq/priv.h"
#include "callq/text.h"
#include "callq/user.h"
#include "columns.h"
#include "detail.h"
#include "form.h"
#include "importer.h"

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
	    "into %.60s, %lld %s in  (r resumes, D discards)",
	    (long long)b->id,
	    base ? base + 1 : b->file_name, b->region,
	    (long long)b->counts.read, plural(b->counts.read, "row", "rows"));
	return 0;
}

void
importer_browse_read(struct importer *im)
{
	struct err err = { 0 };
	int64_t batch = im->n > 0 ? im->entries[im->browse.sel].batch : 0;
	char name[256] = "";
	int i;

	if (im->n > 0)
		snprintf(name, sizeof name, "%s",
		    im->entries[im->browse.sel].name);
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
	im->browse.sel = -1;
	for (i = 0; i < im->n; i++)
		if (im->entries[i].batch == batch &&
		    strcmp(im->entries[i].name, name) == 0)
			im->browse.sel = i;
	for (i = 0; i < im->n && im->browse.sel < 0; i++)
		if (!im->entries[i].dir && im->entries[i].batch == 0)
			im->browse.sel = i;
	for (i = 0; i < im->n && im->browse.sel < 0; i++)
		if (im->entries[i].dir && strcmp(im->entries[i].name, ".."))
			im->browse.sel = i;
	if (im->browse.sel < 0)
		im->browse.sel = 0;
}

void
importer_browse_enter(struct importer *im, const char *dir)
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
	im->browse.sel = 0;
	importer_browse_read(im);
	im->browse.top = 0;
}

void
importer_home(char *out, size_t size)
{
	const char *home = secure_getenv("HOME");
	struct passwd *pw;

	if ((home == NULL || home[0] != '/') &&
	    (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	snprintf(out, size, "%s", home != NULL ? home : "/");
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
	snprintf(it->label, sizeof it->label, "%-24s %-3s %8lld %s", name,
	    country, (long long)leads, plural(leads, "lead", "leads"));
	snprintf(rs->country[p->n], sizeof rs->country[0], "%s", country);
	p->n++;
	return 0;
}

static int
region_submit(struct tui *t, struct form *f)
{
	struct importer *im = importer_of(t);
	char text[104], code[3];

	text_trim(f->text, text, sizeof text);
	if (f->step == 0 && text[0] == '\0') {
		tui_message(t, "Type the new region's name, or Esc.");
		return 1;
	}
	if (f->step == 0) {
		snprintf(im->region, sizeof im->region, "%s", text);
		form_step(f, 1, "Its country, for numbers written without one "
		    "(US, GB; Enter: none):", NULL);
		return 1;
	}
	im->country[0] = '\0';
	if (text[0] != '\0' && country_find(text, code) != 1) {
		tui_message(t, "'%s' is not a country callq knows; try its "
		    "two-letter code, like US or GB.", text);
		return 1;
	}
	if (text[0] != '\0')
		snprintf(im->country, sizeof im->country, "%s", code);
	importer_preview(im);
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
	importer_preview(im);
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
	im->fields.sel = 0;
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

		importer_home(home, sizeof home);
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
		importer_browse_enter(im, path);
	else if (S_ISREG(p.sb.st_mode))
		file_pick(im, path);
	else
		tui_message(t, "%s is neither a folder nor a file.", path);
	return 0;
}

void
importer_path_ask(struct importer *im)
{
	char start[2100];

	snprintf(start, sizeof start, "%s%s", im->dir,
	    strcmp(im->dir, "/") == 0 ? "" : "/");
	form_ask(im->tui, "Path (Enter opens, Esc cancels):", start,
	    path_submit);
}

void
importer_browse_open(struct importer *im)
{
	const struct entry *e;
	char path[sizeof im->path];

	if (im->n == 0)
		return;
	e = &im->entries[im->browse.sel];
	if (e->batch != 0) {
		tui_message(im->tui, "r resumes batch %lld, D discards it.",
		    (long long)e->batch);
		return;
	}
	if (e->dir) {
		importer_browse_enter(im, e->name);
		return;
	}
	if (snprintf(path, sizeof path, "%s%s%s", im->dir,
	    strcmp(im->dir, "/") == 0 ? "" : "/", e->name) >= (int)sizeof path) {
		tui_message(im->tui, "That path is too long to import.");
		return;
	}
	file_pick(im, path);
}

/* The line under the cursor whole, for the detail line. */
static void
browse_detail(const struct importer *im, char *buf, size_t size)
{
	const struct entry *e = &im->entries[im->browse.sel];
	char bytes[24], when[32];
	struct tm tm;

	*buf = '\0';
	if (im->n == 0)
		return;
	localtime_r(&e->mtime, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	size_text(e->size, bytes, sizeof bytes);
	if (e->batch != 0)
		snprintf(buf, size, "%s", e->label);
	else
		snprintf(buf, size, "%s/%s: %s, changed %s", im->dir, e->name,
		    e->dir ? "a folder" : bytes, when);
}

void
importer_browse_draw(struct importer *im, WINDOW *win, int h, int w)
{
	struct column cols[3] = {
		{ "Name", 12, 40, 0, 0, 1, 0, 0 },
		{ "Size", 6, 10, 1, 1, 0, 0, 0 },
		{ "Changed", 16, 16, 2, 0, 0, 0, 0 },
	};
	char line[4400], size[24], when[32];
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
	columns_fit(cols, 3, w);
	browse_detail(im, line, sizeof line);
	h = detail_draw(im->tui, win, h - 2, line);
	top = list_show(&im->browse, h);
	for (i = 0; i < h && top + i < im->n; i++) {
		const struct entry *e = &im->entries[top + i];
		const char *cells[3] = { e->name, e->dir ? "folder" : size,
		    e->dir && strcmp(e->name, "..") == 0 ? "" : when };

		localtime_r(&e->mtime, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		size_text(e->size, size, sizeof size);
		tui_row(win, 2 + i, w, e->batch != 0 ? e->label : "",
		    top + i == im->browse.sel, 0);
		if (top + i == im->browse.sel)
			wattron(win, A_REVERSE);
		if (e->batch == 0)
			columns_row(win, 2 + i, cols, 3, cells);
		wattrset(win, A_NORMAL);
	}
}
