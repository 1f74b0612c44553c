#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "callq/csvfield.h"
#include "callq/json.h"
#include "callq/table.h"
#include "callq/text.h"
#include "cmd.h"

struct table {
	FILE               *out;
	enum format         format;
	const struct column *cols;
	int                 ncols;
	int                 nrows;
	char              **cells;	/* FORMAT_TABLE: nrows * ncols copies */
	size_t              cap;
	int                 failed;
	int                 tty;	/* CSV to a terminal: masked */
};

int
format_parse(const char *text, enum format *format)
{
	static const char *const names[] = { "table", "csv", "json" };
	int i;

	for (i = 0; i < 3; i++)
		if (strcmp(text, names[i]) == 0) {
			*format = (enum format)i;
			return 0;
		}
	return -1;
}

/* NULL is an empty field. */
static void
csv_cell(struct table *t, const char *s)
{
	if (s != NULL)
		csvfield_write(t->out, s, strlen(s), t->tty);
}

static void
csv_row(struct table *t, const char *const *cells, int header)
{
	int i;

	for (i = 0; i < t->ncols; i++) {
		if (i > 0)
			fputc(',', t->out);
		csv_cell(t, header ? t->cols[i].name : cells[i]);
	}
	fputs("\r\n", t->out);
}

static void
json_row(struct table *t, const char *const *cells)
{
	int i;

	fputs(t->nrows == 0 ? "[\n  {" : ",\n  {", t->out);
	for (i = 0; i < t->ncols; i++) {
		if (i > 0)
			fputs(", ", t->out);
		json_write_string(t->out, t->cols[i].name);
		fputs(": ", t->out);
		if (t->cols[i].numeric && cells[i] != NULL && cells[i][0] != '\0')
			fputs(cells[i], t->out);
		else if (t->cols[i].numeric)
			fputs("null", t->out);
		else
			json_write_string(t->out, cells[i]);
	}
	fputc('}', t->out);
}

struct table *
table_begin(FILE *out, enum format format, const struct column *cols,
    int ncols)
{
	struct table *t = calloc(1, sizeof *t);

	if (t == NULL)
		return NULL;
	t->out = out;
	t->format = format;
	t->cols = cols;
	t->ncols = ncols;
	t->tty = isatty(fileno(out));
	if (format == FORMAT_CSV)
		csv_row(t, NULL, 1);
	return t;
}

static int
hold_row(struct table *t, const char *const *cells)
{
	size_t need = (size_t)(t->nrows + 1) * (size_t)t->ncols;
	char **grown;
	int i;

	if (need > t->cap) {
		t->cap = need * 2;
		if ((grown = realloc(t->cells, t->cap * sizeof *grown)) == NULL)
			return -1;
		t->cells = grown;
	}
	for (i = 0; i < t->ncols; i++)
		if ((t->cells[t->nrows * t->ncols + i] = strdup(cells[i] ?
		    cells[i] : "")) == NULL) {
			while (i-- > 0)
				free(t->cells[t->nrows * t->ncols + i]);
			return -1;
		}
	return 0;
}

int
table_row(struct table *t, const char *const *cells)
{
	if (t->format == FORMAT_CSV)
		csv_row(t, cells, 0);
	else if (t->format == FORMAT_JSON)
		json_row(t, cells);
	else if (hold_row(t, cells) != 0) {
		t->failed = 1;
		return -1;
	}
	t->nrows++;
	return 0;
}

static void
table_cell(struct table *t, const char *s, int width, int right, int last)
{
	char buf[8192];
	int pad = width - text_fit(s, width, 0, buf, sizeof buf);

	if (right)
		fprintf(t->out, "%*s%s", pad, "", buf);
	else
		fprintf(t->out, "%s%*s", buf, last ? 0 : pad, "");
	fputs(last ? "\n" : "  ", t->out);
}

/*
 * Columns as wide as their widest cell, capped so rows stay readable;
 * the last column is never cut, as nothing follows it.
 */
static void
table_print(struct table *t)
{
	int *w = calloc((size_t)t->ncols, sizeof *w);
	int r, c;

	if (w == NULL) {
		t->failed = 1;
		return;
	}
	for (c = 0; c < t->ncols; c++) {
		w[c] = text_width(t->cols[c].name);
		for (r = 0; r < t->nrows; r++) {
			int cw = text_width(t->cells[r * t->ncols + c]);
			if (cw > w[c])
				w[c] = cw > 60 && c < t->ncols - 1 ? 60 : cw;
		}
	}
	for (c = 0; c < t->ncols; c++)
		table_cell(t, t->cols[c].name, w[c], t->cols[c].numeric,
		    c == t->ncols - 1);
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++)
			table_cell(t, t->cells[r * t->ncols + c], w[c],
			    t->cols[c].numeric, c == t->ncols - 1);
	free(w);
}

enum format
table_format(const struct table *t)
{
	return t->format;
}

int
table_end(struct table *t)
{
	size_t i;
	int rc;

	if (t->format == FORMAT_JSON)
		fputs(t->nrows == 0 ? "[]\n" : "\n]\n", t->out);
	else if (t->format == FORMAT_TABLE && !t->failed)
		table_print(t);
	for (i = 0; i < (size_t)t->nrows * (size_t)t->ncols &&
	    t->cells != NULL; i++)
		free(t->cells[i]);
	free(t->cells);
	rc = t->failed || ferror(t->out) ? -1 : 0;
	free(t);
	return rc;
}

int
cli_list(struct cli *c, int argc, char **argv, const struct cli_list *l)
{
	struct table *t;
	int64_t id = 0;
	int rc;

	if ((rc = cli_list_options(c, argc, argv, l->id != NULL)) != 0 ||
	    (l->id != NULL && (rc = cli_id(c, argv[optind], l->id, &id)) != 0))
		return rc;
	if ((t = cli_table(c, l->cols, l->ncols)) == NULL)
		return c->err.status;
	return cli_table_end(c, t, l->walk(c, id, t));
}
