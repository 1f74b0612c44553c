/*
 * The filter a lead list takes, typed in one line:
 * "owner=rep1; region=United Kingdom; source=Web; bakery". Words without
 * a key search name, phone and city.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "callq/pool.h"
#include "view.h"

static char *
trim(char *s)
{
	char *end;

	while (*s == ' ')
		s++;
	end = s + strlen(s);
	while (end > s && end[-1] == ' ')
		*--end = '\0';
	return s;
}

int
filter_parse(char *text, struct pool_query *q, char *why, size_t size)
{
	char *part, *save, *eq, *key;

	q->owner = q->region = q->source = q->search = NULL;
	for (part = strtok_r(text, ";", &save); part != NULL;
	    part = strtok_r(NULL, ";", &save)) {
		if ((eq = strchr(part, '=')) == NULL) {
			if (*(part = trim(part)) != '\0')
				q->search = part;
			continue;
		}
		*eq = '\0';
		key = trim(part);
		if (strcasecmp(key, "owner") == 0)
			q->owner = trim(eq + 1);
		else if (strcasecmp(key, "region") == 0)
			q->region = trim(eq + 1);
		else if (strcasecmp(key, "source") == 0)
			q->source = trim(eq + 1);
		else {
			snprintf(why, size, "The filter knows owner=, region= "
			    "and source=, not '%s='.", key);
			return -1;
		}
	}
	return 0;
}
