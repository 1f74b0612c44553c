/*
 * The phone cache (callq/phonecache.h). A block is one region's reading
 * of one written form (national, or +1) of the thousand numbers
 * NPA-NXX-X000 to NPA-NXX-X999: its verdict is kept only when the answer for
 * its first number has the shape every number of the block would have
 * (E.164 "+1" and the ten digits; the display "+1 NPA-NXX-XXXX"), so a
 * hit is built from the number's own digits. Anything else, an
 * extension, letters, another country, goes to phone_check as before.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "callq/phonecache.h"

#define SLOTS (1u << 19)	/* 8 MiB a worker, as touched */

struct slot {
	uint64_t key;		/* 0: empty */
	uint8_t  result;	/* enum phone_check */
	uint8_t  usable;	/* 0: the block's answers are not all alike */
};

static struct slot slots[SLOTS];

void
phonecache_clear(void)
{
	memset(slots, 0, sizeof slots);
}

/*
 * The ten digits of a North American number written only with digits,
 * the separators phone_check ignores and a leading "+1"; *plus says
 * which form. 0 when raw is anything else.
 */
static int
nanp_digits(const char *raw, char nsn[11], int *plus)
{
	char d[12];
	size_t n = 0;

	while (*raw == ' ')
		raw++;
	*plus = *raw == '+';
	if (*plus)
		raw++;
	for (; *raw != '\0'; raw++) {
		if (*raw >= '0' && *raw <= '9') {
			if (n == sizeof d)
				return 0;
			d[n++] = *raw;
		} else if (strchr(" -.()/", *raw) == NULL)
			return 0;
	}
	if (*plus && n == 11 && d[0] == '1')
		memcpy(nsn, d + 1, 10);
	else if (!*plus && n == 10)
		memcpy(nsn, d, 10);
	else
		return 0;
	nsn[10] = '\0';
	/* A leading 0 or 1 is never an area code; "1" is the trunk prefix. */
	return nsn[0] >= '2' && nsn[0] <= '9';
}

/* Nonzero when region is one of the plan's (calling code 1). */
static int
nanp_region(const char *region)
{
	static char last[3];
	static int answer;

	if (strncmp(region, last, 2) != 0) {
		memcpy(last, region, 2);
		last[2] = '\0';
		answer = phone_calling_code(last) == 1;
	}
	return answer;
}

static uint64_t
block_key(const char *nsn, const char *region, int plus)
{
	uint64_t block = 0;
	int i;

	for (i = 0; i < 7; i++)
		block = block * 10 + (uint64_t)(nsn[i] - '0');
	return 1ull << 63 | (uint64_t)plus << 40 |
	    (uint64_t)(unsigned char)region[0] << 32 |
	    (uint64_t)(unsigned char)region[1] << 24 | block;
}

/* What every number nsn of the block gets for result r. */
static void
key_build(enum phone_check r, const char *nsn, struct phone_key *out)
{
	memset(out, 0, sizeof *out);
	if (r != PHONE_CHECK_VALID && r != PHONE_CHECK_INVALID)
		return;
	snprintf(out->e164, sizeof out->e164, "+1%s", nsn);
	if (r == PHONE_CHECK_VALID)
		snprintf(out->display, sizeof out->display, "+1 %.3s-%.3s-%s",
		    nsn, nsn + 3, nsn + 6);
}

/* Nonzero when out is what key_build makes of r and nsn. */
static int
key_alike(enum phone_check r, const char *nsn, const struct phone_key *out)
{
	struct phone_key want;

	key_build(r, nsn, &want);
	return strcmp(want.e164, out->e164) == 0 &&
	    strcmp(want.ext, out->ext) == 0 &&
	    strcmp(want.display, out->display) == 0;
}

enum phone_check
phonecache_check(const char *raw, const char *region, struct phone_key *out)
{
	const char *reg = region != NULL ? region : "";
	enum phone_check r;
	struct slot *s;
	uint64_t key;
	char nsn[11];
	int plus;

	if (!nanp_digits(raw, nsn, &plus) || strlen(reg) > 2 ||
	    (!plus && (reg[0] == '\0' || !nanp_region(reg))))
		return phone_check(raw, region, out);
	key = block_key(nsn, reg[0] ? reg : "  ", plus);
	s = &slots[(key * 0x9e3779b97f4a7c15ull) >> 45];
	if (s->key == key && s->usable) {
		key_build((enum phone_check)s->result, nsn, out);
		return (enum phone_check)s->result;
	}
	r = phone_check(raw, region, out);
	if (s->key != key) {
		s->key = key;
		s->result = (uint8_t)r;
		s->usable = key_alike(r, nsn, out);
	}
	return r;
}
