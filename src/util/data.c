#include <stdlib.h>
#include <string.h>

#include "callq/data.h"

extern const char data_dispositions_tsv[], data_stages_tsv[],
    data_transitions_tsv[],
    data_sources_txt[], data_pause_reasons_txt[], data_followup_reasons_txt[],
    data_drop_reasons_txt[], data_products_txt[], data_won_reasons_txt[],
    data_payment_methods_txt[], data_phone_zones_tsv[],
    data_region_zones_tsv[], data_countries_tsv[], data_demo_places_tsv[],
    data_demo_first_names_txt[], data_demo_last_names_txt[],
    data_demo_trades_txt[], data_demo_streets_tsv[];

static const struct {
	const char *name;
	const char *text;
} data_files[] = {
	{ "dispositions.tsv", data_dispositions_tsv },
	{ "stages.tsv", data_stages_tsv },
	{ "transitions.tsv", data_transitions_tsv },
	{ "sources.txt", data_sources_txt },
	{ "pause_reasons.txt", data_pause_reasons_txt },
	{ "followup_reasons.txt", data_followup_reasons_txt },
	{ "drop_reasons.txt", data_drop_reasons_txt },
	{ "products.txt", data_products_txt },
	{ "won_reasons.txt", data_won_reasons_txt },
	{ "payment_methods.txt", data_payment_methods_txt },
	{ "phone_zones.tsv", data_phone_zones_tsv },
	{ "region_zones.tsv", data_region_zones_tsv },
	{ "countries.tsv", data_countries_tsv },
	{ "demo/places.tsv", data_demo_places_tsv },
	{ "demo/first_names.txt", data_demo_first_names_txt },
	{ "demo/last_names.txt", data_demo_last_names_txt },
	{ "demo/trades.txt", data_demo_trades_txt },
	{ "demo/streets.tsv", data_demo_streets_tsv },
};

/* data/NAME, NUL-terminated and owned by the binary, or NULL. */
static const char *
data_file(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof data_files / sizeof data_files[0]; i++)
		if (strcmp(data_files[i].name, name) == 0)
			return data_files[i].text;
	return NULL;
}

/* Splits line in place at tabs; returns the number of fields. */
static int
split_tabs(char *line, char **fields, int max)
{
	int n = 0;

	while (n < max) {
		fields[n++] = line;
		if ((line = strchr(line, '\t')) == NULL)
			break;
		*line++ = '\0';
	}
	return n;
}

int
data_each_row(const char *name, int max,
    int (*fn)(char **fields, int n, void *arg), void *arg)
{
	const char *text = data_file(name);
	char *copy, *line, *next, *fields[16];
	int rc = 0;

	if (text == NULL || max > 16)
		abort();	/* a programming error: the name is ours */
	if ((copy = strdup(text)) == NULL)
		return -1;
	for (line = copy; line != NULL && rc == 0; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		rc = fn(fields, split_tabs(line, fields, max), arg);
	}
	free(copy);
	return rc;
}
