/*
 * callq(1) against the key tables: every key a pane, the g and F-keys or
 * the shared table bind is named in the man page, in the pane's part of
 * it ("In NAME:" or ".Ss NAME"), the shared ones under "Everywhere:" or,
 * for the keys that move in every list, "In every list:".
 * A key added without its man line fails here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/tui/view.h"

#define MAN_PATH "man/callq.1"
#define MAX_LINES 8000

/* Set while the checks are checked: what they find is expected. */
static int quiet;

struct man {
	char *text;
	char *line[MAX_LINES];
	int   n;
};

static void
man_read(struct man *m)
{
	FILE *f = fopen(MAN_PATH, "r");
	long size;
	char *p;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	rewind(f);
	m->text = malloc((size_t)size + 1);
	assert_non_null(m->text);
	assert_int_equal(fread(m->text, 1, (size_t)size, f), (size_t)size);
	m->text[size] = '\0';
	fclose(f);
	m->n = 0;
	for (p = m->text; *p != '\0' && m->n < MAX_LINES; ) {
		m->line[m->n++] = p;
		if ((p = strchr(p, '\n')) == NULL)
			break;
		*p++ = '\0';
	}
}

/* A line that ends a pane's part: another part, a paragraph, a section. */
static int
part_end(const char *l)
{
	size_t len = strlen(l);

	return strncmp(l, ".Pp", 3) == 0 || strncmp(l, ".Sh", 3) == 0 ||
	    strncmp(l, ".Ss", 3) == 0 || strcmp(l, "Everywhere:") == 0 ||
	    (strncmp(l, "In ", 3) == 0 && len > 0 && l[len - 1] == ':');
}

/* A word that ends a key: mdoc's punctuation and macros, and prose. */
static int
word_ends_key(const char *w)
{
	static const char *const stops[] = { ",", ";", ":", ".", "(", ")",
	    "and", "or", "No", "Ns", "Pq", "Sx", "Ar", "Li", "Cm", "Dq", "Ql",
	    "Op", "Ic", NULL };
	int i;

	for (i = 0; stops[i] != NULL; i++)
		if (strcmp(w, stops[i]) == 0)
			return 1;
	return 0;
}

#define MAX_GROUPS 16

/* The keys an Ic line names ("g q" is two words); how many. */
static int
line_keys(const char *l, char keys[MAX_GROUPS][64])
{
	char copy[512], *w, *save = NULL;
	const char *ic = strstr(l, "Ic ");
	int n = 0;

	if (ic == NULL || (strncmp(l, ".Ic ", 4) != 0 &&
	    strncmp(l, ".It Ic ", 7) != 0))
		return 0;
	snprintf(copy, sizeof copy, "%s", ic + 3);
	keys[0][0] = '\0';
	for (w = strtok_r(copy, " ", &save); n < MAX_GROUPS;
	    w = strtok_r(NULL, " ", &save)) {
		if (w == NULL || word_ends_key(w)) {
			if (keys[n][0] != '\0' && ++n < MAX_GROUPS)
				keys[n][0] = '\0';
			if (w == NULL || strcmp(w, "No") == 0)
				break;
			continue;
		}
		if (strncmp(w, "\\&", 2) == 0)
			w += 2;
		if (keys[n][0] != '\0')
			strncat(keys[n], " ", sizeof keys[n] - strlen(keys[n]) - 1);
		strncat(keys[n], w, sizeof keys[n] - strlen(keys[n]) - 1);
	}
	return n;
}

/* Nonzero when the Ic line l names key. */
static int
line_names(const char *l, const char *key)
{
	char keys[MAX_GROUPS][64];
	int i, n = line_keys(l, keys);

	for (i = 0; i < n; i++)
		if (strcmp(keys[i], key) == 0)
			return 1;
	return 0;
}

/* Nonzero when the part of the man page headed title names key. */
static int
part_names(const struct man *m, const char *title, const char *key)
{
	int i, in = 0;

	/* An "In NAME:" part ends at the next part; a .Ss at the next .Ss. */
	for (i = 0; i < m->n; i++) {
		if ((in == 1 && part_end(m->line[i])) || (in == 2 &&
		    (strncmp(m->line[i], ".Ss", 3) == 0 ||
		    strncmp(m->line[i], ".Sh", 3) == 0)))
			in = 0;
		if (strcmp(m->line[i], title) == 0)
			in = strncmp(title, ".Ss", 3) == 0 ? 2 : 1;
		if (in && line_names(m->line[i], key))
			return 1;
	}
	return 0;
}

/* Nonzero when pane name's part of the man page names key. */
static int
man_names(const struct man *m, const char *name, const char *key)
{
	char in[96], ss[96];

	if (strcmp(name, "Everywhere") == 0)
		return part_names(m, "Everywhere:", key);
	snprintf(in, sizeof in, "In %s:", name);
	snprintf(ss, sizeof ss, ".Ss %s", name);
	/* The keys every list shares, and w, are told once for all. */
	return part_names(m, in, key) || part_names(m, ss, key) ||
	    part_names(m, "In every list:", key) ||
	    part_names(m, "Everywhere:", key);
}

/* Counts (and says) the keys of keyname ("F2, g q") missing from name's. */
static int
keys_missing(const struct man *m, const char *name, const char *keyname,
    const char *help)
{
	char names[128], *key, *save = NULL;
	int missing = 0;

	snprintf(names, sizeof names, "%s", keyname);
	for (key = strtok_r(names, ",", &save); key != NULL;
	    key = strtok_r(NULL, ",", &save)) {
		key += strspn(key, " ");
		if (man_names(m, name, key))
			continue;
		if (!quiet)
			printf("# %s lists no key '%s' (%s) under "
			    "\"%s%s:\"\n", MAN_PATH, key, help,
			    strcmp(name, "Everywhere") ? "In " : "", name);
		missing++;
	}
	return missing;
}

static int
table_missing(const struct man *m, const char *name,
    const struct keybind *keys)
{
	const struct keybind *k;
	int missing = 0;

	for (k = keys; k->key != 0; k++)
		if (k->keyname != NULL)
			missing += keys_missing(m, name, k->keyname, k->help);
	return missing;
}

/* Nonzero when one of table's key names is key. */
static int
table_binds(const struct keybind *keys, const char *key)
{
	const struct keybind *k;
	char names[128], *one, *save = NULL;

	for (k = keys; k->key != 0; k++) {
		if (k->keyname == NULL)
			continue;
		snprintf(names, sizeof names, "%s", k->keyname);
		for (one = strtok_r(names, ",", &save); one != NULL;
		    one = strtok_r(NULL, ",", &save))
			if (strcmp(one + strspn(one, " "), key) == 0)
				return 1;
	}
	return 0;
}

/* Counts (and says) the .It keys of the "In name:" list keys lacks. */
static int
list_stale(const struct man *m, const char *name, const struct keybind *keys)
{
	char title[96], found[MAX_GROUPS][64];
	int i, j, n, in = 0, stale = 0;

	snprintf(title, sizeof title, "In %s:", name);
	for (i = 0; i < m->n; i++) {
		if (in && part_end(m->line[i]))
			in = 0;
		if (strcmp(m->line[i], title) == 0)
			in = 1;
		if (!in || strncmp(m->line[i], ".It Ic ", 7) != 0)
			continue;
		n = line_keys(m->line[i], found);
		for (j = 0; j < n; j++) {
			if (table_binds(keys, found[j]))
				continue;
			if (!quiet)
				printf("# %s:%d lists '%s' under \"%s\", a key "
				    "%s does not have\n", MAN_PATH, i + 1,
				    found[j], title, name);
			stale++;
		}
	}
	return stale;
}

static void
every_pane_key_is_in_the_man_page(void **state)
{
	struct man m;
	int p, missing = 0;

	(void)state;
	man_read(&m);
	for (p = 0; p < PANE_COUNT; p++)
		missing += table_missing(&m, tui_pane_ops((enum pane)p)->name,
		    tui_pane_ops((enum pane)p)->keys);
	free(m.text);
	assert_int_equal(missing, 0);
}

/* The lists name no key a pane has lost (H and L moved cards once). */
static void
no_pane_lists_a_key_it_lost(void **state)
{
	struct man m;
	int p, stale = 0;

	(void)state;
	man_read(&m);
	for (p = 0; p < PANE_COUNT; p++)
		stale += list_stale(&m, tui_pane_ops((enum pane)p)->name,
		    tui_pane_ops((enum pane)p)->keys);
	free(m.text);
	assert_int_equal(stale, 0);
}

static void
every_shared_key_is_in_the_man_page(void **state)
{
	const struct goto_key *g;
	struct man m;
	char name[16];
	int missing;

	(void)state;
	man_read(&m);
	missing = table_missing(&m, "Everywhere", tui_global_keys);
	for (g = tui_goto_keys; g->action != TA_NONE; g++) {
		tui_goto_name(g, name, sizeof name);
		missing += keys_missing(&m, "Everywhere", name, g->help);
	}
	free(m.text);
	assert_int_equal(missing, 0);
}

/* The checks themselves: a key with no man line, and the reverse. */
static void
a_key_without_its_line_is_caught(void **state)
{
	static const struct keybind added[] = {
		{ 'l', "l", TA_LOG, "Log a call on the lead", "Log" },
		{ 'Z', "Z", TA_NONE, "A key nobody documented", NULL },
		{ 0, NULL, TA_NONE, NULL, NULL },
	};
	struct man m;
	int missing, gone, stale;

	(void)state;
	man_read(&m);
	quiet = 1;
	missing = table_missing(&m, "Pipeline", added);
	gone = !man_names(&m, "Pipeline", "H");
	/* and the other way: the pipeline's list names keys added lacks */
	stale = list_stale(&m, "Pipeline", added);
	quiet = 0;
	free(m.text);
	assert_int_equal(missing, 1);
	assert_true(gone);
	assert_true(stale > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_pane_key_is_in_the_man_page),
		cmocka_unit_test(no_pane_lists_a_key_it_lost),
		cmocka_unit_test(every_shared_key_is_in_the_man_page),
		cmocka_unit_test(a_key_without_its_line_is_caught),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
