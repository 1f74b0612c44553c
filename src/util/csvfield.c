#include <stdlib.h>
#include <string.h>

#include "callq/csvfield.h"
#include "callq/text.h"

/* What a spreadsheet reads as the start of a formula (or of a sign). */
static int
starts_formula(char c)
{
	return c != '\0' && strchr("=@+-\t\r", c) != NULL;
}

/* A plain decimal after its sign: spreadsheets read it as a number. */
static int
is_decimal(const char *s, size_t len)
{
	size_t i, digits = 0;
	int dot = 0;

	for (i = 1; i < len; i++)
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == '.' && !dot)
			dot = 1;
		else
			return 0;
	return digits > 0;
}

/* The "'" that start a field, when a formula character follows them. */
static size_t
guard_quotes(const char *s, size_t len)
{
	size_t q = 0;

	while (q < len && s[q] == '\'')
		q++;
	return q < len && starts_formula(s[q]) ? q : 0;
}

static int
needs_guard(const char *s, size_t len)
{
	if (guard_quotes(s, len) > 0)
		return 1;
	if (len == 0 || !starts_formula(s[0]))
		return 0;
	if (s[0] == '+' || s[0] == '-')
		return len > 1 && !is_decimal(s, len);
	return 1;
}

/* Quoted when a reader would otherwise split, join or trim it. */
static int
needs_quotes(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != '\0' && strchr(",;\t\"\r\n", s[i]) != NULL)
			return 1;
	return s[0] == ' ' || s[len - 1] == ' ';
}

static void
field_put(FILE *f, const char *s, size_t len)
{
	size_t i;

	int quoted;

	if (len == 0)
		return;
	if ((quoted = needs_quotes(s, len)))
		putc('"', f);
	if (needs_guard(s, len))
		putc('\'', f);
	for (i = 0; i < len; i++) {
		if (quoted && s[i] == '"')
			putc('"', f);
		putc(s[i], f);
	}
	if (quoted)
		putc('"', f);
}

void
csvfield_write(FILE *f, const char *s, size_t len, int mask)
{
	char *shown;

	if (!mask) {
		field_put(f, s, len);
		return;
	}
	/* Out of memory, a field is left out rather than shown raw. */
	if ((shown = malloc(len + 1)) == NULL)
		return;
	field_put(f, shown, text_mask(s, len, shown, len + 1));
	free(shown);
}

size_t
csvfield_unguard(char *s, size_t len)
{
	if (guard_quotes(s, len) == 0)
		return len;
	memmove(s, s + 1, len - 1);
	return len - 1;
}
