#include <stdio.h>
#include <string.h>

#include "callq/data.h"
#include "callq/dict.h"
#include "callq/text.h"
#include "callq/zone.h"

/* Loaded once and kept for the life of the process. */
static struct dict prefixes;	/* "1208" -> "America/Boise ..." */
static struct dict regions;	/* "US|idaho", "US|id" -> zones */
static int loaded;
static size_t longest;		/* digits in the longest prefix */

static int
prefix_row(char **f, int n, void *arg)
{
	(void)arg;
	if (n != 2)
		return 0;
	if (strlen(f[0]) > longest)
		longest = strlen(f[0]);
	return dict_add(&prefixes, f[0], f[1]);
}

static int
region_add(const char *country, const char *name, const char *zones)
{
	char key[96], folded[80];

	text_fold(name, folded, sizeof folded);
	snprintf(key, sizeof key, "%s|%s", country, folded);
	return dict_add(&regions, key, zones);
}

static int
region_row(char **f, int n, void *arg)
{
	(void)arg;
	if (n != 4)
		return 0;
	if (region_add(f[0], f[1], f[3]) != 0 ||
	    region_add(f[0], f[2], f[3]) != 0)
		return -1;
	return 0;
}

int
zone_load(void)
{
	if (loaded)
		return 0;
	if (data_each_row("phone_zones.tsv", 2, prefix_row, NULL) != 0 ||
	    data_each_row("region_zones.tsv", 4, region_row, NULL) != 0)
		return -1;
	loaded = 1;
	return 0;
}

/* Zones of the region the address names, or NULL. */
static const char *
region_zones(const char *country, const char *region)
{
	static const char *const nanp[] = { "US", "CA" };
	char key[96], folded[80];
	const char *z;
	size_t i;

	text_fold(region, folded, sizeof folded);
	if (folded[0] == '\0')
		return NULL;
	for (i = 0; i < sizeof nanp / sizeof nanp[0]; i++) {
		if (country != NULL && strcmp(country, nanp[i]) != 0)
			continue;
		snprintf(key, sizeof key, "%s|%s", nanp[i], folded);
		if ((z = dict_get(&regions, key)) != NULL)
			return z;
	}
	return NULL;
}

/* Zones of the longest known prefix of e164's digits, or NULL. */
static const char *
prefix_zones(const char *e164)
{
	char digits[24];
	const char *z;
	size_t len;

	if (*e164 == '+')
		e164++;
	len = strlen(e164) < longest ? strlen(e164) : longest;
	if (len >= sizeof digits)
		return NULL;
	memcpy(digits, e164, len);
	for (; len > 0; len--) {
		digits[len] = '\0';
		if ((z = dict_get(&prefixes, digits)) != NULL)
			return z;
	}
	return NULL;
}

const char *
zone_find(const char *e164, const char *country, const char *region,
    enum zone_basis *basis)
{
	const char *z = NULL;

	*basis = ZONE_NONE;
	if (zone_load() != 0)
		return NULL;
	if (region != NULL && (z = region_zones(country, region)) != NULL)
		*basis = ZONE_REGION;
	else if (e164 != NULL && (z = prefix_zones(e164)) != NULL)
		*basis = ZONE_PREFIX;
	return z;
}

const char *
zone_basis_name(enum zone_basis basis)
{
	switch (basis) {
	case ZONE_PREFIX:
		return "prefix";
	case ZONE_REGION:
		return "region";
	default:
		return NULL;
	}
}
