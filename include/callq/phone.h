/*
 * Phone numbers through libphonenumber (src/phone/, the only C++), which
 * lives in callq-phone.so and is loaded on the first call below. When it
 * is missing or unsafe to load, the call says so and ends callq with
 * EX_UNAVAILABLE: no number can be read without it.
 */
#ifndef CALLQ_PHONE_H
#define CALLQ_PHONE_H

struct phone {
	int  valid;		/* libphonenumber's IsValidNumber */
	char e164[24];		/* +12085550142 */
	char ext[16];		/* extension digits, or "" */
	char region[4];		/* ISO 3166-1 alpha-2 of the number, or "" */
	char national[48];	/* (208) 555-0142 */
	char international[56];	/* +1 208-555-0142 */
};

enum phone_result {
	PHONE_OK,		/* parsed; see valid */
	PHONE_UNPARSEABLE,	/* not a phone number at all */
	PHONE_NO_REGION,	/* national form and no usable default region */
};

/*
 * Parses raw, reading a national-format number as belonging to
 * default_region (ISO alpha-2, or NULL).
 */
enum phone_result phone_parse(const char *raw, const char *default_region,
    struct phone *out);

/* What an import keeps of a number: no display forms, so it is cheap. */
struct phone_key {
	char e164[24];
	char ext[16];
	char display[56];	/* international form of a valid one, or "" */
};

enum phone_check {
	PHONE_CHECK_VALID,
	PHONE_CHECK_INVALID,	/* parsed, but libphonenumber says invalid */
	PHONE_CHECK_NOT_NUMBER,	/* no phone number in the text */
	PHONE_CHECK_NO_COUNTRY,	/* national form and region is NULL */
};

/*
 * The import's path: raw read in region (ISO alpha-2, or NULL), checked
 * for validity, E.164, extension and (when valid) the form people read
 * into out. Two to three times as fast
 * as phone_parse, which the rest of callq uses (make bench).
 */
enum phone_check phone_check(const char *raw, const char *region,
    struct phone_key *out);

/* Nonzero when cc is an ISO alpha-2 code libphonenumber has metadata for. */
int phone_region_known(const char *cc);

/* The calling code of cc (ISO alpha-2): 44 for GB; 0 when unknown. */
int phone_calling_code(const char *cc);

/*
 * Loads the library now: what forks workers calls it first, so each
 * worker does not load its own copy.
 */
void phone_load(void);

/* leave runs before a failed load ends callq (the screen's endwin). */
void phone_before_exit(void (*leave)(void));

#endif
