/*
 * The Import pane's preview: a dry run of the engine over the first rows
 * shows the delimiter, the column each field is read from (m changes
 * one) and what each row will become.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callq/plural.h"
#include "callq/text.h"
#include "columns.h"
#include "detail.h"
#include "importer.h"

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

void
importer_opts(struct importer *im, struct import_opts *o)
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

void
importer_preview(struct importer *im)
{
	struct import_result r;
	struct import_opts o;
	struct err err = { 0 };

	importer_opts(im, &o);
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

/* The mapping: a column of the file, or none, for the field at the cursor. */
static void
map_picked(struct tui *t, struct picker *p)
{
	struct importer *im = importer_of(t);
	int f = im->fields.sel, i;

	for (i = 0; i < p->n && !p->items[i].chosen; i++)
		;
	if (i == p->n)
		return;
	snprintf(im->map[f], sizeof im->map[f], "%s", p->items[i].key);
	im->mapped[f] = 1;
	importer_preview(im);
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

void
importer_map_pick(struct importer *im)
{
	struct picker *p;
	int i, f = im->fields.sel;

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

static const char *
delimiter_name(char d)
{
	return d == ';' ? "semicolon" : d == '\t' ? "tab" : "comma";
}

static void
mapping_draw(struct importer *im, WINDOW *win, int y, int w)
{
	int f, half = (IMPORT_FIELDS + 1) / 2, col = w / 2;
	/* A narrow pane shortens the field's name before the column's. */
	int field = col - 18 < 22 ? col - 18 : 22;
	char line[200];

	for (f = 0; f < IMPORT_FIELDS; f++) {
		int at = im->at[f];

		snprintf(line, sizeof line, "%-*.*s <- %s", field, field,
		    import_field_header(f), at >= 0 && at < im->ncolumns ?
		    im->columns[at] : "-");
		if (f == im->fields.sel)
			wattron(win, A_REVERSE);
		tui_put(win, y + f % half, 1 + (f / half) * col, col - 2, line);
		wattroff(win, A_REVERSE);
	}
}

/* The row columns, Verdict kept last: it says what the import will do. */
static const struct column preview_columns[7] = {
	{ "Row", 3, 5, 1, 0, 0, 0, 0 },
	{ "Name", 8, 18, 2, 0, 0, 0, 0 },
	{ "Phone as read", 10, 18, 4, 0, 0, 0, 0 },
	{ "E.164", 12, 15, 0, 0, 0, 0, 0 },
	{ "CC", 2, 2, 5, 0, 0, 0, 0 },
	{ "Time zone", 9, 16, 3, 0, 0, 0, 0 },
	{ "Verdict", 16, 20, 0, 0, 1, 0, 0 },
};

/* With w: each row whole, wrapped. Returns the lines drawn from y on. */
static int
rows_whole_draw(struct importer *im, WINDOW *win, int y, int h, int w)
{
	char line[600];
	int i, used = 0;

	for (i = 0; i < im->nrows && y + used < h; i++) {
		const struct preview_row *r = &im->rows[i];

		snprintf(line, sizeof line, "Row %lld: %s, %s -> %s %s, %s: %s",
		    (long long)r->number, r->name, r->raw[0] ? r->raw :
		    "no phone", r->e164[0] ? r->e164 : "-", r->country,
		    r->zone[0] ? r->zone : "no zone", r->verdict);
		if (!r->imported)
			wattron(win, A_BOLD);
		used += wrap_put(win, y + used, 1, w - 2, h - y - used, line);
		wattroff(win, A_BOLD);
	}
	return used;
}

static int
rows_draw(struct importer *im, WINDOW *win, int y, int h, int w)
{
	struct column cols[7];
	char num[24];
	int i;

	if (im->tui->detail)
		return rows_whole_draw(im, win, y, h, w);
	memcpy(cols, preview_columns, sizeof cols);
	columns_fit(cols, 7, w);
	columns_head(win, y, cols, 7);
	for (i = 0; i < im->nrows && y + 1 + i < h; i++) {
		const struct preview_row *r = &im->rows[i];
		const char *cells[7] = { num, r->name, r->raw, r->e164,
		    r->country, r->zone, r->verdict };

		snprintf(num, sizeof num, "%lld", (long long)r->number);
		if (!r->imported)
			wattron(win, A_BOLD);
		columns_row(win, y + 1 + i, cols, 7, cells);
		wattroff(win, A_BOLD);
	}
	return 1 + i;
}

void
importer_preview_draw(struct importer *im, WINDOW *win, int h, int w)
{
	int y = 3 + (IMPORT_FIELDS + 1) / 2;
	char line[4400];

	wattron(win, A_BOLD);
	snprintf(line, sizeof line, "Import %s into %s%s%s%s", im->path,
	    im->region, im->country[0] ? " (" : "", im->country,
	    im->country[0] ? ")" : "");
	tui_put(win, 0, 1, w - 2, line);
	wattroff(win, A_BOLD);
	if (im->ncolumns > 0) {
		snprintf(line, sizeof line, "Delimiter: %s, %d %s; m maps "
		    "the field under the cursor.",
		    delimiter_name(im->delimiter), im->ncolumns,
		    plural(im->ncolumns, "column", "columns"));
		tui_put(win, 1, 1, w - 2, line);
		mapping_draw(im, win, 2, w);
	}
	if (im->problem[0] != '\0') {
		y += wrap_put(win, y, 1, w - 2, h - y, im->problem);
		if (im->ncolumns > 0)
			wrap_put(win, y, 1, w - 2, h - y, "Move to the field "
			    "with j and k, and press m to pick its column.");
		return;
	}
	y += rows_draw(im, win, y, h, w) + 1;
	if (y < h)
		wrap_put(win, y, 1, w - 2, h - y, im->tui->detail ?
		    "Enter imports the whole file; Esc picks another; w shows "
		    "the columns." : "Enter imports the whole file; Esc picks "
		    "another; w shows each row whole.");
}
