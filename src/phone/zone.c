#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "callq/data.h"
#include "callq/dict.h"
#include "callq/phone.h"
#include "callq/text.h"
#include "callq/zone.h"

/* Loaded once and kept for the life of the process. */
static struct dict prefixes;	/* "1208" -> "America/Boise ..." */
static struct dict regions;	/* "US|idaho", "US|id" -> zones */
static struct dict codes;	/* "US|idaho", "US|id" -> "ID" */
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
region_add(const char *country, const char *name, const char *code,
    const char *zones)
{
	char key[96], folded[80];

	text_fold(name, folded, sizeof folded);
	snprintf(key, sizeof key, "%s|%s", country, folded);
	return dict_add(&regions, key, zones) | dict_add(&codes, key, code);
}

static int
region_row(char **f, int n, void *arg)
{
	(void)arg;
	if (n != 4)
		return 0;
	if (region_add(f[0], f[1], f[1], f[3]) != 0 ||
	    region_add(f[0], f[2], f[1], f[3]) != 0)
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

/* What d holds for the region the address names, or NULL. */
static const char *
region_lookup(struct dict *d, const char *country, const char *region)
{
	static const char *const nanp[] = { "US", "CA" };
	char key[96], folded[80];
	const char *z;
	size_t i;

	text_fold(region, folded, sizeof folded);
	if (folded[0] == '\0')
		return NULL;
	for (i = 0; i < sizeof nanp / sizeof nanp[0]; i++) {
		if (country != NULL && *country != '\0' &&
		    strcmp(country, nanp[i]) != 0)
			continue;
		snprintf(key, sizeof key, "%s|%s", nanp[i], folded);
		if ((z = dict_get(d, key)) != NULL)
			return z;
	}
	return NULL;
}

int
zone_listed(const char *list, const char *zone)
{
	size_t len = strlen(zone);
	const char *p = list;

	while ((p = strstr(p, zone)) != NULL) {
		if ((p == list || p[-1] == ' ') &&
		    (p[len] == ' ' || p[len] == '\0'))
			return 1;
		p += len;
	}
	return 0;
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
	if (region != NULL &&
	    (z = region_lookup(&regions, country, region)) != NULL)
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

const char *
zone_region_code(const char *country, const char *region)
{
	if (region == NULL || zone_load() != 0)
		return NULL;
	return region_lookup(&codes, country, region);
}

/* Appends each zone of zones that out does not hold yet. */
static void
zones_union(char *out, size_t size, const char *zones)
{
	char zone[64];
	const char *p = zones, *end;
	size_t len;

	while (*p != '\0') {
		end = strchr(p, ' ');
		len = end ? (size_t)(end - p) : strlen(p);
		if (len < sizeof zone) {
			memcpy(zone, p, len);
			zone[len] = '\0';
			if (!zone_listed(out, zone) &&
			    strlen(out) + len + 2 < size) {
				if (*out != '\0')
					strcat(out, " ");
				strcat(out, zone);
			}
		}
		p += len + (end != NULL);
	}
}

/* The union of the zones of country's states or provinces, or "". */
static void
country_regions(const char *country, char *out, size_t size)
{
	size_t i, cl = strlen(country);

	*out = '\0';
	dict_get(&regions, "");		/* sorts it */
	for (i = 0; i < regions.n; i++)
		if (strncmp(regions.e[i].key, country, cl) == 0 &&
		    regions.e[i].key[cl] == '|')
			zones_union(out, size, regions.e[i].value);
}

const char *
zone_country(const char *country)
{
	/* Every country once at most; pages never touched cost nothing. */
	static struct { char cc[3]; char zones[2048]; } cache[256];
	static int ncache;
	char digits[8];
	const char *z;
	int i;

	if (country == NULL || strlen(country) != 2 || zone_load() != 0)
		return NULL;
	for (i = 0; i < ncache; i++)
		if (strcmp(cache[i].cc, country) == 0)
			return cache[i].zones[0] ? cache[i].zones : NULL;
	if (ncache == (int)(sizeof cache / sizeof cache[0]))
		return NULL;
	i = ncache++;
	memcpy(cache[i].cc, country, 3);
	country_regions(country, cache[i].zones, sizeof cache[i].zones);
	if (cache[i].zones[0] == '\0') {
		snprintf(digits, sizeof digits, "%d", phone_calling_code(country));
		if (digits[0] != '0' && (z = dict_get(&prefixes, digits)) != NULL)
			snprintf(cache[i].zones, sizeof cache[i].zones, "%s", z);
	}
	return cache[i].zones[0] ? cache[i].zones : NULL;
}

void
zone_possible(const char *e164, const char *country, const char *state,
    char *out, size_t size)
{
	const char *z;

	*out = '\0';
	if (zone_load() != 0)
		return;
	if (e164 != NULL && (z = prefix_zones(e164)) != NULL)
		zones_union(out, size, z);
	if (state != NULL && (z = region_lookup(&regions, country, state)) !=
	    NULL)
		zones_union(out, size, z);
}

/*
 * Nonzero when name is spelled as IANA spells zones: parts that start
 * with a letter, of letters, digits, '_', '+' and '-'. Nothing else can
 * lead out of the zone directory ("..", "/etc/passwd").
 */
static int
zone_name_ok(const char *name)
{
	int start = 1;

	if (strlen(name) >= ZONE_NAME_MAX)
		return 0;
	for (; *name != '\0'; name++) {
		if (*name == '/' && !start)
			start = 1;
		else if (start ? isalpha((unsigned char)*name) :
		    isalnum((unsigned char)*name) || strchr("_+-", *name))
			start = 0;
		else
			return 0;
	}
	return !start;
}

/*
 * Files of the zone directory that are zones in form only: the machine's
 * own zone, the POSIX rules, "unknown", and the trees of other clocks.
 */
static int
zone_alias(const char *name)
{
	static const char *const names[] = { "localtime", "posixrules",
	    "Factory" };
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return strncmp(name, "posix/", 6) == 0 ||
	    strncmp(name, "right/", 6) == 0;
}

int
zone_known(const char *name)
{
	char path[sizeof ZONE_DIR + ZONE_NAME_MAX + 1], magic[4];
	struct stat sb;
	int fd, ok;

	if (!zone_name_ok(name) || zone_alias(name))
		return 0;
	snprintf(path, sizeof path, "%s/%s", ZONE_DIR, name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)) ==
	    -1)
		return 0;
	ok = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    read(fd, magic, sizeof magic) == (ssize_t)sizeof magic &&
	    memcmp(magic, "TZif", sizeof magic) == 0;
	close(fd);
	return ok;
}
