#include <string.h>

#include "callq/csvfield.h"
#include "callq/json.h"
#include "callq/report_out.h"

static void
csv_write(FILE *out, const struct report *rep)
{
	char buf[1024];
	int r, c;

	for (c = 0; c < rep->ncols; c++) {
		if (c > 0)
			fputc(',', out);
		csvfield_write(out, rep->cols[c].name,
		    strlen(rep->cols[c].name), 0);
	}
	fputc('\n', out);
	for (r = 0; r < rep->nrows; r++) {
		for (c = 0; c < rep->ncols; c++) {
			if (c > 0)
				fputc(',', out);
			report_cell_text(rep, r, c, buf, sizeof buf);
			csvfield_write(out, buf, strlen(buf), 0);
		}
		fputc('\n', out);
	}
}

/* A cell as JSON: its exact number, its text, a list, or null. */
static void
json_cell(FILE *out, const struct report *rep, int r, int c)
{
	const struct report_cell *cell = REPORT_CELL(rep, r, c);
	char buf[1024];
	int i;

	switch (rep->cols[c].kind) {
	case RK_TEXT:
		if (cell->s == NULL)
			fputs("null", out);
		else
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
		report_cell_text(rep, r, c, buf, sizeof buf);
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
	fputs(",\"rows\":[", out);
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
	else
		csv_write(out, rep);
	return fflush(out) != 0 || ferror(out) ? -1 : 0;
}
