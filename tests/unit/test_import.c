/*
 * The import's parts: the phone check, time zones, countries, the CSV
 * reader, the seen filter, SHA-256, and the store's dedupe and DNC; and
 * the import's failures, each leaving a batch to resume or discard.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "callq/batch.h"
#include "callq/country.h"
#include "callq/csvin.h"
#include "callq/dnc.h"
#include "callq/import.h"
#include "callq/numset.h"
#include "callq/phone.h"
#include "callq/phonecache.h"
#include "callq/phonepool.h"
#include "callq/seen.h"
#include "callq/sha256.h"
#include "callq/text.h"
#include "callq/zone.h"
#include "fixture.h"

static void
check_phone(const char *raw, const char *region, enum phone_check want,
    const char *e164, const char *ext)
{
	struct phone_key k;
	enum phone_check got = phone_check(raw, region, &k);

	if (got != want)
		fail_msg("%s in %s: got %d, want %d", raw, region ? region : "-",
		    got, want);
	if (e164 != NULL)
		assert_string_equal(k.e164, e164);
	if (ext != NULL)
		assert_string_equal(k.ext, ext);
}

static void
test_phone_formats(void **state)
{
	(void)state;
	/* The US, written every way a list writes it. */
	check_phone("(212) 736-0100", "US", PHONE_CHECK_VALID, "+12127360100", "");
	check_phone("212-736-0100", "US", PHONE_CHECK_VALID, "+12127360100", "");
	check_phone("212.736.0100", "US", PHONE_CHECK_VALID, "+12127360100", "");
	check_phone("1 212 736 0100", "US", PHONE_CHECK_VALID, "+12127360100", "");
	check_phone("+1 (212) 736-0100", "GB", PHONE_CHECK_VALID, "+12127360100", "");
	check_phone("  +12127360100 ", NULL, PHONE_CHECK_VALID, "+12127360100", "");
	/* Canada shares +1: valid whether read as US or CA. */
	check_phone("416 736 0100", "CA", PHONE_CHECK_VALID, "+14167360100", "");
	check_phone("416 736 0100", "US", PHONE_CHECK_VALID, "+14167360100", "");
	/* The UK: national prefix, spaces, international forms. */
	check_phone("020 7123 0102", "GB", PHONE_CHECK_VALID, "+442071230102", "");
	check_phone("+44 (0)20 7123 0102", NULL, PHONE_CHECK_VALID,
	    "+442071230102", "");
	check_phone("0161 391 5000", "GB", PHONE_CHECK_VALID, "+441613915000", "");
	check_phone("07911 123456", "GB", PHONE_CHECK_VALID, "+447911123456", "");
	/* A Jersey number: +44 too, but not the UK's main region. */
	check_phone("01534 712345", "GB", PHONE_CHECK_VALID, "+441534712345", "");
	/* Australia, Germany, India. */
	check_phone("(02) 9876 5432", "AU", PHONE_CHECK_VALID, "+61298765432", "");
	check_phone("030 12345678", "DE", PHONE_CHECK_VALID, "+493012345678", "");
	check_phone("098765 43210", "IN", PHONE_CHECK_VALID, "+919876543210", "");
	/* Extensions. */
	check_phone("212-736-0100 ext. 42", "US", PHONE_CHECK_VALID,
	    "+12127360100", "42");
	check_phone("212 736 0100 x7", "US", PHONE_CHECK_VALID, "+12127360100",
	    "7");
	check_phone("+44 20 7123 0102 #12", NULL, PHONE_CHECK_VALID,
	    "+442071230102", "12");
}

static void
test_phone_invalid(void **state)
{
	(void)state;
	check_phone("+1 555 0100", "US", PHONE_CHECK_INVALID, NULL, NULL);
	check_phone("212 736 010", "US", PHONE_CHECK_INVALID, NULL, NULL);
	check_phone("123 456 7890", "US", PHONE_CHECK_INVALID, NULL, NULL);
	check_phone("020 7123", "GB", PHONE_CHECK_INVALID, NULL, NULL);
	check_phone("+999 123 456", NULL, PHONE_CHECK_INVALID, NULL, NULL);
	check_phone("call me", "US", PHONE_CHECK_NOT_NUMBER, NULL, NULL);
	check_phone("", "US", PHONE_CHECK_NOT_NUMBER, NULL, NULL);
	check_phone("212 736 0100", NULL, PHONE_CHECK_NO_COUNTRY, NULL, NULL);
	/* The fast path and Parse agree: digits with a stray '+' inside. */
	check_phone("212+736+0100", "US", PHONE_CHECK_NOT_NUMBER, NULL, NULL);
}

static void
check_zone(const char *e164, const char *country, const char *region,
    enum zone_basis basis, const char *zones)
{
	enum zone_basis got;
	const char *z = zone_find(e164, country, region, &got);

	assert_int_equal(got, basis);
	assert_string_equal(z ? z : "", zones);
}

static void
test_zones(void **state)
{
	(void)state;
	/* One zone by prefix; several where the prefix spans them. */
	check_zone("+12127360100", "US", NULL, ZONE_PREFIX, "America/New_York");
	check_zone("+12085551234", "US", NULL, ZONE_PREFIX,
	    "America/Boise America/Los_Angeles");
	check_zone("+442071230102", "GB", "", ZONE_PREFIX, "Europe/London");
	/* The state decides over the prefix: a mobile that moved. */
	check_zone("+12127360100", "US", "Idaho", ZONE_REGION,
	    "America/Boise America/Los_Angeles");
	check_zone("+12127360100", NULL, " id ", ZONE_REGION,
	    "America/Boise America/Los_Angeles");
	check_zone("+14167360100", "CA", "BC", ZONE_REGION,
	    "America/Vancouver America/Edmonton");
	/* A region the table does not know, or of another country. */
	check_zone("+61298765432", "AU", "NSW", ZONE_PREFIX, "Australia/Sydney");
	check_zone("+12127360100", "CA", "NY", ZONE_PREFIX, "America/New_York");
	check_zone("+80012345678", NULL, NULL, ZONE_NONE, "");
	assert_string_equal(zone_basis_name(ZONE_REGION), "region");
}

static void
test_countries(void **state)
{
	char code[3];

	(void)state;
	assert_int_equal(country_find("US", code), 1);
	assert_string_equal(code, "US");
	assert_int_equal(country_find("  united   STATES ", code), 1);
	assert_string_equal(code, "US");
	assert_int_equal(country_find("gbr", code), 1);
	assert_string_equal(code, "GB");
	assert_int_equal(country_find("UK", code), 1);
	assert_string_equal(code, "GB");
	assert_int_equal(country_find("Canada", code), 1);
	assert_string_equal(code, "CA");
	assert_int_equal(country_find("Atlantis", code), 0);
	assert_int_equal(country_find("", code), 0);
}

/*
 * The CSV reader over a file of text, records joined with "|"; a faulty
 * record ends with {S or U, its field, its opening quote's line, the
 * fault's line}, and a record not on the line after the last one's with
 * @ and its line.
 */
struct records {
	char    text[4096];
	int64_t last_number, last_line;
	int     truncated;
	size_t  longest, longest_size;	/* a long field's kept and file lengths */
};

/* Adds to rs->text, which keeps what fits. */
static void
join(struct records *rs, const char *fmt, ...)
{
	size_t used = strlen(rs->text);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rs->text + used, sizeof rs->text - used, fmt, ap);
	va_end(ap);
}

static int
record_join(const struct csvin_record *r, void *arg)
{
	struct records *rs = arg;
	size_t i, shown = 0;

	for (i = 0; i < r->n; i++) {
		if (r->size[i] > 1000) {	/* left out of text */
			rs->longest = r->len[i];
			rs->longest_size = r->size[i];
			continue;
		}
		join(rs, "%s%s", shown++ ? "," : "", r->field[i]);
	}
	if (r->fault != CSVIN_WELL)
		join(rs, "{%c%zu:%lld-%lld}", r->fault == CSVIN_UNCLOSED ?
		    'U' : 'S', r->fault_field, (long long)r->fault_open,
		    (long long)r->fault_line);
	if (r->line != rs->last_line + 1)
		join(rs, "@%lld", (long long)r->line);
	join(rs, "|");
	rs->last_number = r->number;
	rs->last_line = r->line;
	rs->truncated |= r->truncated;
	return 0;
}

static int
read_text(const void *data, size_t len, struct records *rs, struct err *err)
{
	char path[] = "/tmp/callq-csv-XXXXXX";
	int fd = mkstemp(path), rc;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	lseek(fd, 0, SEEK_SET);
	memset(rs, 0, sizeof *rs);
	rc = csvin_read(fd, "t.csv", record_join, rs, err);
	close(fd);
	unlink(path);
	return rc;
}

static void
check_csv(const char *data, const char *want)
{
	struct records rs;
	struct err err;

	assert_int_equal(read_text(data, strlen(data), &rs, &err), 0);
	assert_string_equal(rs.text, want);
}

/* The same through a pipe, which cannot be read twice. */
static void
check_piped(const char *data, const char *want)
{
	struct records rs;
	struct err err;
	int fd[2];

	assert_int_equal(pipe(fd), 0);
	assert_int_equal(write(fd[1], data, strlen(data)),
	    (ssize_t)strlen(data));
	close(fd[1]);
	memset(&rs, 0, sizeof rs);
	assert_int_equal(csvin_read(fd[0], "t.csv", record_join, &rs, &err),
	    0);
	close(fd[0]);
	assert_string_equal(rs.text, want);
}

static void
test_csv_edges(void **state)
{
	(void)state;
	check_csv("a,b\n1,2\n", "a,b|1,2|");
	check_csv("a,b\r\n1,2\r\n", "a,b|1,2|");
	check_csv("\xef\xbb\xbf" "a,b\n1,2", "a,b|1,2|");
	check_csv("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n", "a,b|x, y,say \"hi\"|");
	check_csv("a,b\n\"two\nlines\",2\n", "a,b|two\nlines,2|");
	check_csv("a;b\n1;2,5\n", "a,b|1,2,5|");
	check_csv("a\tb\n1\t 2 \n", "a,b|1,2|");
	check_csv("a,b\n\n1,2\n", "a,b|1,2@3|");
	check_csv("a,b\n  1 , 2\n", "a,b|1,2|");
	check_csv("a,b\r1,2\r\n3,4\n", "a,b|1,2|3,4|");
	check_csv("a,b\n \"x\"  , \"y\" \n", "a,b|x,y|");
	check_csv("a,b\nx,\n,\n", "a,b|x,|,|");
	check_csv("a,b\n1,\"2\"", "a,b|1,2|");
}

/* The file: the stray quote rejects its own line, and no other. */
static const char acme[] =
    "Name,Phone\n"
    "\"Acme\" Bakery,1\n"
    "Bright Cafe,2\n"
    "\"Evergreen, Inc.\",5\n"
    "Foster Law,6\n";

static void
test_csv_quotes(void **state)
{
	(void)state;
	check_csv(acme, "Name,Phone|\"Acme\" Bakery,1{S0:2-2}|Bright Cafe,2|"
	    "Evergreen, Inc.,5|Foster Law,6|");
	/* A quote inside a field that did not start with one is text. */
	check_csv("a,b\nJoe \"the\" Plumber,1\nx\",2\n",
	    "a,b|Joe \"the\" Plumber,1|x\",2|");
	/* Spaces may follow a closing quote; anything else may not. */
	check_csv("a,b\n\"x\" y,1\n\"z\"\"\" ,2\n",
	    "a,b|\"x\" y,1{S0:2-2}|z\",2|");
	check_csv("a,b\n1,\"x\"\"y\"z,\"w\nv\n", "a,b|1,\"x\"\"y\"z,\"w{S1:2-2}|v|");
	/* A quote left open is closed by a later line's quote, too soon. */
	check_csv("a,b\n\"open,1\nx,2\n\"y\",3\n",
	    "a,b|\"open,1{S0:2-4}|x,2|y,3|");
	/* ... or by none: the rows before and after it stay. */
	check_csv("a,b\n1,2\n\"open,3\nx,4\r\ny,5",
	    "a,b|1,2|\"open,3{U0:3-5}|x,4|y,5|");
	check_csv("a,b\r\n1,\"open\r\nx,4\r\n",
	    "a,b|1,\"open{U1:2-3}|x,4|");
	/* A record over lines whose later field is at fault: line by line. */
	check_csv("a,b\n\"two\nlines\",\"x\" y\nc,3\n",
	    "a,b|\"two{S1:3-3}|lines\",\"x\" y{S1:3-3}|c,3|");
	/* Lines are counted through quoted line ends. */
	check_csv("a,b\n\"two\r\nlines\",2\n\"p\" q,3\n",
	    "a,b|two\r\nlines,2|\"p\" q,3{S0:4-4}@4|");
	/*
	 * Read again, the lines fault at the same quote: they are not read a
	 * third time, and the record takes them in up to its fault's line.
	 */
	check_csv("a\n\"x\ny\",\"z0\ny\",\"z1\n\"q\n",
	    "a|\"x{S2:4-5}|y\",z0\ny,\"z1\n\"q{S2:4-5}|");
	/* A pipe cannot be read again: the record ends with the fault's line. */
	check_piped("a,b\n\"open,1\nx,2\n\"y\",3\nz,4\n",
	    "a,b|\"open,1\nx,2\n\"y\",3{S0:2-4}|z,4@5|");
	check_piped("a,b\n\"open,1\nx,2\n", "a,b|\"open,1\nx,2\n{U0:2-3}|");
}

static void
test_csv_limits(void **state)
{
	struct records rs;
	struct err err;
	char *big;
	size_t n = 2 * 1024 * 1024, i;

	(void)state;
	/* A 2 MiB quoted field keeps its start, says its size, and ends. */
	big = malloc(n + 100);
	memset(big, 'x', n + 100);
	memcpy(big, "a,b\n\"", 5);
	memcpy(big + n, "\",1\nc,2\n", 8);
	assert_int_equal(read_text(big, n + 8, &rs, &err), 0);
	assert_string_equal(rs.text, "a,b|1|c,2|");
	assert_int_equal(rs.longest, CSVIN_FIELD_MAX);
	assert_int_equal(rs.longest_size, n - 5);
	/* So does an unquoted one. */
	memcpy(big, "a,b\nx", 5);
	memcpy(big + n, ",1\nc,2\n", 7);
	assert_int_equal(read_text(big, n + 7, &rs, &err), 0);
	assert_string_equal(rs.text, "a,b|1|c,2|");
	assert_int_equal(rs.longest_size, n - 4);
	/* An unclosed quote with two megabytes after it: one bad record. */
	for (i = 5; i < n; i += 100)
		big[i] = '\n';
	memcpy(big, "a,b\n\"", 5);
	assert_int_equal(read_text(big, n, &rs, &err), 0);
	assert_non_null(strstr(rs.text, "|\"{U0:2-"));
	/* The header, the quote's line, and a record for each line after. */
	assert_int_equal(rs.last_number, 3 + (int64_t)((n - 6) / 100));
	/* Too many columns are cut, and said to be. */
	for (i = 0; i < 2 * CSVIN_COLUMNS_MAX; i++)
		big[i] = i % 2 ? '\n' : ',';
	memcpy(big, "a\n", 2);
	for (i = 2; i < CSVIN_COLUMNS_MAX + 10; i++)
		big[i] = ',';
	big[i] = '\n';
	assert_int_equal(read_text(big, i + 1, &rs, &err), 0);
	assert_true(rs.truncated);
	free(big);
}

static void
test_seen(void **state)
{
	struct seen *s = seen_new();
	char n[24];
	int i, wrong = 0;

	(void)state;
	for (i = 0; i < 100000; i++) {
		snprintf(n, sizeof n, "+1212%07d", i * 3);
		seen_add(s, n);
	}
	for (i = 0; i < 100000; i++) {
		snprintf(n, sizeof n, "+1212%07d", i * 3);
		assert_true(seen_has(s, n));	/* never a wrong "no" */
		snprintf(n, sizeof n, "+1212%07d", i * 3 + 1);
		wrong += seen_has(s, n);
	}
	assert_true(wrong < 10);
	seen_free(s);
}

static void
test_sha256(void **state)
{
	struct sha256 s;
	char hex[65];
	char million[1000];

	(void)state;
	sha256_init(&s);
	sha256_update(&s, "abc", 3);
	sha256_hex(&s, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	memset(million, 'a', sizeof million);
	sha256_init(&s);
	for (int i = 0; i < 1000; i++)
		sha256_update(&s, million, sizeof million);
	sha256_hex(&s, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0");
}

static void
test_scrub(void **state)
{
	char s[32];

	(void)state;
	strcpy(s, "a\tb\nc\x7f" "d\xc2\x85" "e");
	assert_int_equal(text_scrub(s, strlen(s)), 9);
	assert_memory_equal(s, "a b c d e", 9);
	strcpy(s, "bad \xe9 latin1");
	assert_int_equal(text_scrub(s, strlen(s)), -1);
	assert_string_equal(s, "bad \xe9 latin1");
}

static void
test_dedupe_and_dnc(void **state)
{
	struct fixture *f = *state;
	struct batch b;
	struct batch_counts n = { 0 };
	struct numset *numbers = numset_new();
	struct batch_filter filter = fixture_batch_filter(numbers);
	struct err err;
	const char *blocked = "+12127360103";
	struct batch_lead rows[5];
	size_t added;
	int adds = 0;

	filter.arg = &adds;
	fixture_region(f, "East", "US");
	assert_int_not_equal(fixture_lead(f, &f->admin, &err, "name=Old",
	    "phone=+1 212 736 0100", NULL), 0);
	assert_int_equal(store_dnc_add(f->st, &f->admin, &blocked, 1, "asked",
	    &added, &err), 0);
	memset(&b, 0, sizeof b);
	strcpy(b.region, "East");
	strcpy(b.file_name, "east.csv");
	strcpy(b.sha256, "00");
	assert_int_equal(store_batch_begin(f->st, &f->admin, &b, &err), 0);
	assert_int_equal(store_batch_known(f->st, &filter, &err), 0);
	assert_int_equal(adds, 2);	/* the lead's number and the DNC one */
	rows[0] = fixture_batch_lead("In the database", "+12127360100");
	rows[1] = fixture_batch_lead("New", "+12127360101");
	rows[2] = fixture_batch_lead("Same in the file", "+12127360101");
	rows[3] = fixture_batch_lead("Do not call", blocked);
	rows[4] = fixture_batch_lead("Also new", "+12127360102");
	n.read = 5;
	assert_int_equal(store_batch_add(f->st, b.id, rows, 5, &n, &filter,
	    &err), 0);
	assert_int_equal(rows[0].outcome, BATCH_DUPLICATE);
	assert_int_equal(rows[1].outcome, BATCH_NEW);
	assert_int_equal(rows[2].outcome, BATCH_DUPLICATE);
	assert_int_equal(rows[3].outcome, BATCH_DNC);
	assert_int_equal(rows[4].outcome, BATCH_NEW);
	assert_int_equal(n.dnc, 1);
	assert_int_equal(n.imported, 2);
	assert_int_equal(n.duplicate, 2);
	/*
	 * A duplicate the set could not hold (a resumed import starts it
	 * empty) is inserted, and settling removes it, keeping the first.
	 */
	numset_free(numbers);
	filter.numbers = numbers = numset_new();
	rows[0] = fixture_batch_lead("Again, after a resume", "+12127360101");
	n.read++;
	assert_int_equal(store_batch_add(f->st, b.id, rows, 1, &n, &filter,
	    &err), 0);
	assert_int_equal(n.imported, 3);
	assert_int_equal(store_batch_settle(f->st, b.id, &n, &err), 0);
	assert_int_equal(n.imported, 2);
	assert_int_equal(n.duplicate, 3);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads WHERE"
	    " name = 'Again, after a resume'"), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads WHERE"
	    " name = 'New'"), 1);
	/* Settling again changes nothing: a crash midway is safe. */
	assert_int_equal(store_batch_settle(f->st, b.id, &n, &err), 0);
	assert_int_equal(n.imported, 2);
	assert_int_equal(n.duplicate, 3);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM phones"), 3);
	assert_int_equal(store_batch_finish(f->st, &f->admin, b.id,
	    BATCH_COMPLETE, &n, &err), 0);
	assert_int_equal(fixture_count(f, "SELECT rows_duplicate * 10 +"
	    " rows_dnc FROM import_batches"), 31);
	numset_free(numbers);
}

/* Starts a batch into region East; sets *b. */
static void
batch_begin(struct fixture *f, struct batch *b)
{
	struct err err;

	memset(b, 0, sizeof *b);
	strcpy(b->region, "East");
	strcpy(b->file_name, "east.csv");
	strcpy(b->sha256, "00");
	if (store_batch_begin(f->st, &f->admin, b, &err) != 0)
		fail_msg("batch: %s", err.msg);
}

/*
 * Every field of a row reaches its own lead, and each contact the lead
 * of its row, whichever way the driver sends them (on PostgreSQL a COPY
 * whose text format escapes tabs, newlines and backslashes): 70 rows, a
 * contact on every third.
 */
static void
test_batch_fields_kept(void **state)
{
	enum { ROWS = 70 };
	struct fixture *f = *state;
	struct numset *numbers = numset_new();
	struct batch_filter filter = fixture_batch_filter(numbers);
	struct batch_counts n = { 0 };
	struct batch_lead rows[ROWS];
	char names[ROWS][32], phones[ROWS][24], contacts[ROWS][48];
	struct batch b;
	struct err err;
	int i;

	fixture_region(f, "East", "US");
	batch_begin(f, &b);
	for (i = 0; i < ROWS; i++) {
		snprintf(names[i], sizeof names[i], "Lead %d", i);
		snprintf(phones[i], sizeof phones[i], "+1212736%04d", i);
		snprintf(contacts[i], sizeof contacts[i], "Contact of Lead %d",
		    i);
		rows[i] = fixture_batch_lead(names[i], phones[i]);
		if (i % 3 == 0) {
			rows[i].contact_name = contacts[i];
			rows[i].contact_role = "Owner";
		}
	}
	rows[7].name = "Tab\there, line\nbreak, back\\slash \\N";
	rows[7].street = "1 Rue de l'\u00c9glise";
	rows[7].has_website = 1;
	rows[7].has_coords = 1;
	rows[7].lat = 40.5;
	rows[7].lng = -73.25;
	rows[8].has_website = 0;
	n.read = ROWS;
	assert_int_equal(store_batch_add(f->st, b.id, rows, ROWS, &n, &filter,
	    &err), 0);
	assert_int_equal(n.imported, ROWS);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM contacts c"
	    " JOIN leads l ON l.id = c.lead_id WHERE c.name = 'Contact of '"
	    " || l.name AND c.role = 'Owner' AND c.position = 1"),
	    (ROWS + 2) / 3);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM contacts"),
	    (ROWS + 2) / 3);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads WHERE"
	    " name = 'Tab\there, line\nbreak, back\\slash \\N'"
	    " AND street = '1 Rue de l''\u00c9glise' AND has_website = 1"
	    " AND lat = 40.5 AND lng = -73.25 AND phone_e164 = '+12127360007'"),
	    1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads WHERE"
	    " has_website = 0 AND lat IS NULL AND phone_e164 = phone_raw"
	    " AND name = 'Lead 8' AND phone_e164 = '+12127360008'"), 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads WHERE"
	    " has_website IS NULL AND city IS NULL AND batch_id IS NOT NULL"
	    " AND region_id IS NOT NULL"), ROWS - 2);
	/* The leads took their ids in row order. */
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads a"
	    " JOIN leads z ON z.id > a.id WHERE a.phone_e164 > z.phone_e164"),
	    0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM region_counts"
	    " c JOIN regions r ON r.id = c.region_id WHERE r.name = 'East'"
	    " AND c.leads = 70"), 1);
	numset_free(numbers);
}

static void
test_numset(void **state)
{
	struct numset *s = numset_new();
	char n[24];
	int i;

	(void)state;
	assert_int_equal(numset_first(s, "+12127360100"), 1);
	assert_int_equal(numset_first(s, "+12127360100"), 0);
	assert_int_equal(numset_first(s, "12127360100"), -1);
	/* Many, past the first table's size, and some forgotten. */
	for (i = 0; i < 200000; i++) {
		snprintf(n, sizeof n, "+4420%08d", i);
		assert_int_equal(numset_first(s, n), 1);
	}
	for (i = 0; i < 200000; i += 2) {
		snprintf(n, sizeof n, "+4420%08d", i);
		numset_forget(s, n);
	}
	for (i = 0; i < 200000; i++) {
		snprintf(n, sizeof n, "+4420%08d", i);
		assert_int_equal(numset_first(s, n), i % 2 == 0);
	}
	numset_free(s);
}

static void
test_import_refused_to_reps(void **state)
{
	struct fixture *f = *state;
	struct actor rep = fixture_user(f, "rep1", ROLE_REP, NULL, NULL);
	struct import_opts o = { .path = "/dev/null", .region = "East" };
	struct import_result r;
	struct err err;

	assert_int_equal(import_run(f->st, &rep, &o, &r, &err), EX_NOPERM);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM"
	    " import_batches"), 0);
}

/*
 * Writes the fixture's leads.csv: first invalid rows, then rows data rows
 * of distinct valid numbers, then after more invalid ones; returns its
 * path.
 */
static const char *
leads_file(struct fixture *f, int first, int rows, int after)
{
	static char path[160];
	FILE *out;
	int i;

	snprintf(path, sizeof path, "%s/leads.csv", f->dir);
	assert_non_null(out = fopen(path, "w"));
	fprintf(out, "Name,Formatted phone number,Country\n");
	for (i = 0; i < first; i++)
		fprintf(out, "First %d,12,US\n", i);
	for (i = 0; i < rows; i++)
		fprintf(out, "Lead %d,+1 212 %03d %04d,US\n", i,
		    200 + i / 10000, i % 10000);
	for (i = 0; i < after; i++)
		fprintf(out, "Bad %d,12,US\n", i);
	assert_int_equal(fclose(out), 0);
	return path;
}

static int64_t
batch_rows_read(struct fixture *f)
{
	return fixture_count(f, "SELECT coalesce(max(rows_read), -1)"
	    " FROM import_batches");
}

/* The sentence of a failed import names how to go on and to give up. */
static void
assert_ways_on(const struct err *err, int64_t rows, int64_t batch)
{
	char want[200];

	snprintf(want, sizeof want, "; import stopped after %lld rows; go on"
	    " with: callq import ", (long long)rows);
	if (strstr(err->msg, want) == NULL)
		fail_msg("no \"%s\" in: %s", want, err->msg);
	snprintf(want, sizeof want, " --resume %lld, or remove its leads"
	    " with: callq import --discard %lld", (long long)batch,
	    (long long)batch);
	if (strstr(err->msg, want) == NULL)
		fail_msg("no \"%s\" in: %s", want, err->msg);
}

/*
 * A rejects file that cannot take the third chunk's reject: the two
 * chunks before stay committed in an interrupted batch (once, this freed
 * a chunk twice), and --discard removes them.
 */
static void
test_import_fails_after_first_chunk(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .region = "East", .country = "US",
	    .rejects = "/dev/full", .workers = 1 };
	struct import_result r;
	struct batch b;
	struct err err;
	int64_t removed;

	o.path = leads_file(f, 0, 9000, 1);
	assert_int_equal(import_run(f->st, &f->admin, &o, &r, &err),
	    EX_CANTCREAT);
	assert_non_null(strstr(err.msg, "cannot write the rejects file"
	    " /dev/full: No space left on device; "));
	assert_ways_on(&err, 8192, r.batch);
	assert_int_equal(batch_rows_read(f), 8192);
	assert_int_equal(store_batch_get(f->st, r.batch, &b, &err), 0);
	assert_int_equal(import_state(&b), BATCH_INTERRUPTED);
	assert_int_equal(import_discard(f->st, &f->admin, r.batch, &removed,
	    &err), 0);
	assert_int_equal(removed, 8192);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads"), 0);
}

/* The same in the first chunk: nothing committed, nothing leaked. */
static void
test_import_fails_in_first_chunk(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .region = "East", .country = "US",
	    .rejects = "/dev/full", .workers = 1 };
	struct import_result r;
	struct err err;
	int64_t removed;

	o.path = leads_file(f, 0, 2, 1);
	assert_int_equal(import_run(f->st, &f->admin, &o, &r, &err),
	    EX_CANTCREAT);
	assert_ways_on(&err, 0, r.batch);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads"), 0);
	assert_int_equal(import_discard(f->st, &f->admin, r.batch, &removed,
	    &err), 0);
	assert_int_equal(removed, 0);
}

/* A rejects file that cannot be made is refused before any batch. */
static void
test_import_rejects_unwritable(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .region = "East", .country = "US",
	    .workers = 1 };
	struct import_result r;
	char rejects[160], want[300];
	struct err err;

	o.path = leads_file(f, 0, 5000, 1);
	snprintf(rejects, sizeof rejects, "%s/no/such/dir/r.csv", f->dir);
	o.rejects = rejects;
	assert_int_equal(import_run(f->st, &f->admin, &o, &r, &err),
	    EX_CANTCREAT);
	snprintf(want, sizeof want, "cannot write the rejects file %s: No such"
	    " file or directory; nothing was imported: name one that can be"
	    " written with --rejects PATH", rejects);
	assert_string_equal(err.msg, want);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM"
	    " import_batches"), 0);
	/* A directory is no file to write either. */
	o.rejects = f->dir;
	assert_int_equal(import_run(f->st, &f->admin, &o, &r, &err),
	    EX_CANTCREAT);
	assert_non_null(strstr(err.msg, "Is a directory; nothing was"
	    " imported"));
}

/* Kills a phone worker (a child of this process) once a chunk is in. */
static void
worker_kill(const struct import_progress *p, void *arg)
{
	pid_t *killed = arg;
	char path[64];
	long pid;
	FILE *in;

	(void)p;
	if (*killed != 0)
		return;
	snprintf(path, sizeof path, "/proc/self/task/%ld/children",
	    (long)getpid());
	assert_non_null(in = fopen(path, "r"));
	assert_int_equal(fscanf(in, "%ld", &pid), 1);
	fclose(in);
	assert_int_equal(kill((pid_t)pid, SIGKILL), 0);
	*killed = (pid_t)pid;
}

/* A worker killed: the batch stops, and a resume ends it whole. */
static void
test_import_worker_killed(void **state)
{
	struct fixture *f = *state;
	pid_t killed = 0;
	struct import_opts o = { .region = "East", .country = "US",
	    .workers = 2, .progress = worker_kill, .arg = &killed };
	struct import_result r;
	char want[100];
	struct err err;
	int64_t batch;

	o.path = leads_file(f, 0, 20000, 0);
	assert_int_equal(import_run(f->st, &f->admin, &o, &r, &err),
	    EX_TEMPFAIL);
	snprintf(want, sizeof want, "phone worker process %ld was killed by"
	    " signal 9 (Killed); ", (long)killed);
	if (strncmp(err.msg, want, strlen(want)) != 0)
		fail_msg("want \"%s...\", got: %s", want, err.msg);
	assert_ways_on(&err, batch_rows_read(f), r.batch);
	assert_true(batch_rows_read(f) >= 4096);
	assert_true(batch_rows_read(f) < 20000);
	batch = r.batch;
	o.progress = NULL;
	o.resume = batch;
	assert_int_equal(import_run(f->st, &f->admin, &o, &r, &err), 0);
	assert_int_equal(r.counts.imported, 20000);
	assert_int_equal(fixture_count(f, "SELECT count(DISTINCT phone_e164)"
	    " FROM leads"), 20000);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM import_batches"
	    " WHERE state = 'complete'"), 1);
}

/*
 * A resume cuts the rejects file back to the batch's last commit, so it
 * refuses one that no longer holds that much (removed, say, to make room
 * on a full disk), and goes on once it is back. A device keeps nothing to
 * cut back: /dev/null takes rejects on a resume too.
 */
static void
test_import_resume_needs_its_rejects(void **state)
{
	struct fixture *f = *state;
	pid_t killed = 0;
	struct import_opts o = { .region = "East", .country = "US",
	    .workers = 2, .progress = worker_kill, .arg = &killed };
	struct import_result r;
	char rejects[160], saved[170], line[200];
	struct err err;
	int64_t batch;
	FILE *in;
	int n = 0;

	o.path = leads_file(f, 1, 12000, 0);
	snprintf(rejects, sizeof rejects, "%s/r.csv", f->dir);
	o.rejects = rejects;
	assert_int_equal(import_run(f->st, &f->admin, &o, &r, &err),
	    EX_TEMPFAIL);
	batch = r.batch;
	snprintf(saved, sizeof saved, "%s.saved", rejects);
	assert_int_equal(rename(rejects, saved), 0);
	o.progress = NULL;
	o.resume = batch;
	assert_int_equal(import_run(f->st, &f->admin, &o, &r, &err),
	    EX_CANTCREAT);
	assert_non_null(strstr(err.msg, "'s rejects file"));
	assert_non_null(strstr(err.msg, "no longer holds the"));
	assert_int_equal(rename(saved, rejects), 0);
	assert_int_equal(import_run(f->st, &f->admin, &o, &r, &err), 0);
	assert_int_equal(r.counts.rejected, 1);
	assert_int_equal(r.counts.imported, 12000);
	/* The header and the one reject, once. */
	assert_non_null(in = fopen(rejects, "r"));
	while (fgets(line, sizeof line, in) != NULL)
		n++;
	fclose(in);
	assert_int_equal(n, 2);

	/* The same file again: its rows are duplicates now, its reject not. */
	killed = 0;
	o.progress = worker_kill;
	o.resume = 0;
	o.rejects = "/dev/null";
	assert_int_equal(import_run(f->st, &f->admin, &o, &r, &err),
	    EX_TEMPFAIL);
	o.progress = NULL;
	o.resume = r.batch;
	assert_int_equal(import_run(f->st, &f->admin, &o, &r, &err), 0);
	assert_int_equal(r.counts.rejected, 1);
	assert_int_equal(r.counts.duplicate, 12000);
}

/*
 * The phone cache answers every number as phone_check does: numbers of
 * many blocks of the plan (everyday, toll-free, premium, unassigned and
 * Caribbean area codes), a few of each block, written both ways, read in
 * the plan's regions, another's, and none.
 */
static void
test_phone_cache_same(void **state)
{
	static const int npa[] = { 212, 208, 305, 416, 604, 800, 888, 900,
	    876, 242, 671, 340, 787, 555, 211, 311, 456, 500, 600, 700, 710,
	    950, 976, 411 };
	static const int tail[] = { 0, 1, 99, 500, 999 };
	static const char *const regions[] = { "US", "CA", "JM", "GB", NULL };
	struct phone_key cached, plain;
	enum phone_check want;
	char raw[40];
	size_t a, r, t;
	int nxx, x, form, hits = 0;

	(void)state;
	phonecache_clear();
	for (r = 0; r < sizeof regions / sizeof regions[0]; r++)
	for (a = 0; a < sizeof npa / sizeof npa[0]; a++)
	for (nxx = 200; nxx <= 999; nxx += 77)
	for (x = 0; x <= 9; x += 9)
	for (form = 0; form < 2; form++)
	for (t = 0; t < sizeof tail / sizeof tail[0]; t++) {
		snprintf(raw, sizeof raw, form ? "+1 %03d %03d %d%03d" :
		    "(%03d) %03d-%d%03d", npa[a], nxx, x, tail[t]);
		want = phone_check(raw, regions[r], &plain);
		if (phonecache_check(raw, regions[r], &cached) != want ||
		    strcmp(cached.e164, plain.e164) != 0 ||
		    strcmp(cached.ext, plain.ext) != 0 ||
		    strcmp(cached.display, plain.display) != 0)
			fail_msg("%s in %s: cached %s/%s, not %d %s/%s", raw,
			    regions[r] ? regions[r] : "none", cached.e164,
			    cached.display, want, plain.e164, plain.display);
		hits += want == PHONE_CHECK_VALID;
	}
	assert_true(hits > 1000);
	/* What it does not know it passes on: extensions, other plans. */
	assert_int_equal(phonecache_check("+1 212 555 0142 ext. 7", "US",
	    &cached), phone_check("+1 212 555 0142 ext. 7", "US", &plain));
	assert_string_equal(cached.ext, plain.ext);
	assert_int_equal(phonecache_check("020 7946 0018", "GB", &cached),
	    phone_check("020 7946 0018", "GB", &plain));
	assert_string_equal(cached.display, plain.display);
}

/* The rows each chunk added, as the import reports its progress. */
struct steps {
	int64_t last, rows[64];
	int     n;
};

static void
step_note(const struct import_progress *p, void *arg)
{
	struct steps *s = arg;

	if (s->n < 64)
		s->rows[s->n++] = p->rows - s->last;
	s->last = p->rows;
}

/* 9,000 rows over 6,000 numbers: each of the first 3,000 comes twice. */
static const char *
twice_file(struct fixture *f)
{
	static char path[160];
	FILE *out;
	int i;

	snprintf(path, sizeof path, "%s/twice.csv", f->dir);
	assert_non_null(out = fopen(path, "w"));
	fprintf(out, "Name,Formatted phone number,Country\n");
	for (i = 0; i < 9000; i++)
		fprintf(out, "Lead %d,+1 212 %03d %04d,US\n", i,
		    200 + i % 6000 / 1000, i % 6000 % 1000);
	assert_int_equal(fclose(out), 0);
	return path;
}

/*
 * Chunks sized by time (o.tx_target): once the first commit shows a chunk
 * takes longer than asked, no later transaction takes more than the
 * fewest rows a chunk has (512); what is imported is the same as with
 * chunks of 4,096, and every lead kept is in the search index, once.
 */
static void
test_import_chunk_bound(void **state)
{
	struct fixture *f = *state;
	struct import_opts o = { .region = "East", .country = "US",
	    .workers = 1, .tx_target = 1e-9, .progress = step_note };
	struct import_result r;
	struct batch_counts n;
	struct steps steps = { 0 };
	struct err err;
	int i;

	o.arg = &steps;
	o.path = twice_file(f);
	assert_int_equal(import_run(f->st, &f->admin, &o, &r, &err), 0);
	assert_int_equal(r.counts.read, 9000);
	assert_int_equal(r.counts.imported, 6000);
	assert_int_equal(r.counts.duplicate, 3000);
	assert_true(steps.n > 2);
	assert_int_equal(steps.rows[0], 4096);
	for (i = 2; i < steps.n; i++)
		if (steps.rows[i] > 512)
			fail_msg("chunk %d took %lld rows", i,
			    (long long)steps.rows[i]);
	assert_true(r.times.longest > 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM lead_keys"),
	    6000);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM lead_text"),
	    6000);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM lead_text"
	    " WHERE body LIKE '%lead 5999%'"), 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM leads l"
	    " LEFT JOIN lead_keys k ON k.lead_id = l.id WHERE k.lead_id IS"
	    " NULL"), 0);
	/* Settling again (a crash after the index) indexes nothing twice. */
	n = r.counts;
	assert_int_equal(store_batch_settle(f->st, r.batch, &n, &err), 0);
	assert_int_equal(n.imported, 6000);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM lead_text"),
	    6000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phone_formats),
		cmocka_unit_test(test_phone_invalid),
		cmocka_unit_test(test_phone_cache_same),
		cmocka_unit_test(test_zones),
		cmocka_unit_test(test_countries),
		cmocka_unit_test(test_csv_edges),
		cmocka_unit_test(test_csv_quotes),
		cmocka_unit_test(test_csv_limits),
		cmocka_unit_test(test_seen),
		cmocka_unit_test(test_numset),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_scrub),
		cmocka_unit_test_setup_teardown(test_dedupe_and_dnc,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_batch_fields_kept,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_import_refused_to_reps,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(
		    test_import_fails_after_first_chunk, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(
		    test_import_fails_in_first_chunk, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_import_rejects_unwritable,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_import_worker_killed,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(
		    test_import_resume_needs_its_rejects, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_import_chunk_bound,
		    fixture_setup, fixture_teardown),
	};

	setenv("TZ", "UTC", 1);
	return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}
