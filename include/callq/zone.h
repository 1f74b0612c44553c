/*
 * The IANA time zones a lead may be in: from its state or province where
 * that decides (data/region_zones.tsv), else from its number's prefix
 * (data/phone_zones.tsv). Names, never offsets: daylight saving then
 * needs no batch job.
 */
#ifndef CALLQ_ZONE_H
#define CALLQ_ZONE_H

#include <stddef.h>

enum zone_basis {
	ZONE_NONE,
	ZONE_PREFIX,	/* the number's longest known prefix */
	ZONE_REGION,	/* the state or province the address names */
};

/*
 * The zones, space-separated, or NULL when none is known; the text lives
 * as long as the process. region is the address's state or province
 * (code or name, any case) or NULL; it decides when data/region_zones.tsv
 * knows it for country (alpha-2; NULL: any). Sets *basis.
 */
const char *zone_find(const char *e164, const char *country,
    const char *region, enum zone_basis *basis);

/* "prefix", "region", or NULL for ZONE_NONE. */
const char *zone_basis_name(enum zone_basis basis);

/*
 * Every zone of country (alpha-2), space-separated, for a lead whose own
 * are unknown; NULL when none is known. Lives as long as the process.
 */
const char *zone_country(const char *country);

/*
 * The code of the state or province region names in country ("Florida"
 * or "fl" -> "FL"), or NULL when data/region_zones.tsv does not know it.
 */
const char *zone_region_code(const char *country, const char *region);

/*
 * The zones the number may be in, space-separated into out: its prefix's
 * and, where the state decides (region as for zone_find), the state's;
 * "" when neither is known.
 */
void zone_possible(const char *e164, const char *country, const char *state,
    char *out, size_t size);

/* Nonzero when the space-separated list holds zone. */
int zone_listed(const char *list, const char *zone);

/* Where the system keeps its zone database (tzdata). */
#define ZONE_DIR "/usr/share/zoneinfo"

/* Zone names are shorter than this (the calling hours read no longer). */
#define ZONE_NAME_MAX 48

/*
 * Nonzero when name is a zone of the zone database: spelled as IANA names
 * are, and a TZif file under ZONE_DIR.
 */
int zone_known(const char *name);

/* Loads the tables now (before fork, say); -1 when memory runs out. */
int zone_load(void);

#endif
