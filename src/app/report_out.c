#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "callq/csvfield.h"
#include "callq/json.h"
#include "callq/report_out.h"
#include "callq/text.h"
#include "callq/when.h"

/* A table's column is at most this wide, but for the last: rows stay read. */
#define TABLE_CELL_MAX 60

static const char *const kind_names[] = {
	[RK_TEXT] = "text", [RK_INT] = "count", [RK_CENTS] = "cents",
	[RK_SECONDS] = "seconds", [RK_DAYS] = "seconds",
	[RK_PERMILLE] = "permille",
	[RK_TIME] = "time", [RK_SERIES] = "series",
};

static int
kind_numeric(enum report_kind kind)
{
	return kind == RK_INT || kind == RK_CENTS || kind == RK_SECONDS ||
	    kind == RK_DAYS || kind == RK_PERMILLE;
}

/* A cell as report_cell_text shows it, but a time in ISO 8601 for scripts. */
static void
cell_text(const struct report *rep, int r, int c, int iso, char *buf,
    size_t size)
{
	const struct report_cell *cell = REPORT_CELL(rep, r, c);

	if (iso && rep->cols[c].kind == RK_TIME && !cell->empty &&
	    cell->n != 0)
		when_iso((time_t)cell->n, buf, size);
	else
		report_cell_text(rep, r, c, buf, size);
}

static void
table_cell(FILE *out, const char *s, int width, int right, int last)
{
	char buf[1024];
	int used = text_fit(s, width, 0, buf, sizeof buf);

	if (right)
		fprintf(out, "%*s%s", width - used, "", buf);
	else
		fprintf(out, "%s%*s", buf, last ? 0 : width - used, "");
	fputs(last ? "\n" : "  ", out);
}

static void
table_widths(const struct report *rep, int *w)
{
	char buf[1024];
	int r, c, cw;

	for (c = 0; c < rep->ncols; c++) {
		w[c] = text_width(rep->cols[c].name);
		for (r = 0; r < rep->nrows; r++) {
			cell_text(rep, r, c, 0, buf, sizeof buf);
			if ((cw = text_width(buf)) > w[c])
				w[c] = cw;
		}
		if (w[c] > TABLE_CELL_MAX && c < rep->ncols - 1)
			w[c] = TABLE_CELL_MAX;
	}
}

static void
table_rule(FILE *out, const int *w, int ncols)
{
	int c, n = 2 * (ncols - 1);

	for (c = 0; c < ncols; c++)
		n += w[c];
	while (n-- > 0)
		fputc('-', out);
	fputc('\n', out);
}

/* The last column of row r with text, so that no line ends in blanks. */
static int
row_last(const struct report *rep, int r)
{
	char buf[1024];
	int c;

	for (c = rep->ncols - 1; c > 0; c--) {
		cell_text(rep, r, c, 0, buf, sizeof buf);
		if (*buf != '\0')
			break;
	}
	return c;
}

static void
table_row(FILE *out, const struct report *rep, int r, const int *w)
{
	char buf[1024];
	int c, last = row_last(rep, r);

	for (c = 0; c <= last; c++) {
		cell_text(rep, r, c, 0, buf, sizeof buf);
		table_cell(out, buf, w[c], kind_numeric(rep->cols[c].kind),
		    c == last);
	}
}

/* The title, then the columns aligned and the total row under a rule. */
static int
table_write(FILE *out, const struct report *rep)
{
	const char *title = rep->title != NULL ? rep->title : "";
	char buf[1024];
	int *w = calloc((size_t)(rep->ncols > 0 ? rep->ncols : 1), sizeof *w);
	int r, c;

	if (w == NULL)
		return -1;
	text_mask(title, strlen(title), buf, sizeof buf);
	fprintf(out, "%s\n\n", buf);
	table_widths(rep, w);
	for (c = 0; c < rep->ncols; c++)
		table_cell(out, rep->cols[c].name, w[c],
		    kind_numeric(rep->cols[c].kind), c == rep->ncols - 1);
	for (r = 0; r < rep->nrows; r++) {
		if (rep->total && r == rep->nrows - 1)
			table_rule(out, w, rep->ncols);
		table_row(out, rep, r, w);
	}
	free(w);
	return 0;
}

static void
csv_write(FILE *out, const struct report *rep)
{
	int mask = isatty(fileno(out));
	char buf[1024];
	int r, c;

	for (c = 0; c < rep->ncols; c++) {
		if (c > 0)
			fputc(',', out);
		csvfield_write(out, rep->cols[c].name,
		    strlen(rep->cols[c].name), mask);
	}
	fputs("\r\n", out);
	for (r = 0; r < rep->nrows; r++) {
		for (c = 0; c < rep->ncols; c++) {
			if (c > 0)
				fputc(',', out);
			cell_text(rep, r, c, 1, buf, sizeof buf);
			csvfield_write(out, buf, strlen(buf), mask);
		}
		fputs("\r\n", out);
	}
}

/* A cell as JSON: its exact number, its text, a list, or null. */
static void
json_cell(FILE *out, const struct report *rep, int r, int c)
{
	const struct report_cell *cell = REPORT_CELL(rep, r, c);
	char buf[64];
	int i;

	switch (rep->cols[c].kind) {
	case RK_TEXT:
		json_write_string(out, cell->s);
		return;
	case RK_SERIES:
		fputc('[', out);
		for (i = 0; i < cell->nseries; i++)
			fprintf(out, "%s%lld", i ? "," : "", cell->series[i]);
		fputc(']', out);
		return;
	case RK_TIME:
		if (cell->empty || cell->n == 0) {
			fputs("null", out);
			return;
		}
		when_iso((time_t)cell->n, buf, sizeof buf);
		json_write_string(out, buf);
		return;
	default:
		if (cell->empty)
			fputs("null", out);
		else
			fprintf(out, "%lld", cell->n);
	}
}

static void
json_write(FILE *out, const struct report *rep)
{
	int r, c;

	fputs("{\"title\":", out);
	json_write_string(out, rep->title != NULL ? rep->title : "");
	fputs(",\"columns\":[", out);
	for (c = 0; c < rep->ncols; c++) {
		fputs(c > 0 ? ",{\"name\":" : "{\"name\":", out);
		json_write_string(out, rep->cols[c].name);
		fprintf(out, ",\"type\":\"%s\"}", kind_names[rep->cols[c].kind]);
	}
	fputs("],\"rows\":[", out);
	for (r = 0; r < rep->nrows; r++) {
		fputs(r > 0 ? ",\n{" : "\n{", out);
		for (c = 0; c < rep->ncols; c++) {
			if (c > 0)
				fputc(',', out);
			json_write_string(out, rep->cols[c].name);
			fputc(':', out);
			json_cell(out, rep, r, c);
		}
		if (rep->total && r == rep->nrows - 1)
			fputs(",\"total\":true", out);
		fputc('}', out);
	}
	fputs("]}\n", out);
}

int
report_write(FILE *out, const struct report *rep, enum report_format format)
{
	if (format == REPORT_JSON)
		json_write(out, rep);
	else if (format == REPORT_TABLE) {
		if (table_write(out, rep) != 0)
			return -1;
	} else
		csv_write(out, rep);
	return fflush(out) != 0 || ferror(out) ? -1 : 0;
}
