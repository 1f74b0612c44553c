#include <string.h>

#include "callq/country.h"
#include "callq/data.h"
#include "callq/dict.h"
#include "callq/text.h"

static struct dict names;	/* "united states", "usa", "us" -> "US" */
static int loaded;

static int
name_row(char **f, int n, void *arg)
{
	(void)arg;
	return n == 2 ? dict_add(&names, f[0], f[1]) : 0;
}

int
country_find(const char *text, char code[3])
{
	char folded[128];
	const char *hit;

	if (!loaded) {
		if (data_each_row("countries.tsv", 2, name_row, NULL) != 0)
			return -1;
		loaded = 1;
	}
	text_fold(text, folded, sizeof folded);
	if ((hit = dict_get(&names, folded)) == NULL || strlen(hit) != 2)
		return 0;
	memcpy(code, hit, 3);
	return 1;
}
