/* The columns every lead query selects, and reading them into a struct lead. */
#ifndef CALLQ_STORE_LEADROW_H
#define CALLQ_STORE_LEADROW_H

#include "callq/lead.h"
#include "internal.h"

/* The columns after LEAD_COLUMNS start here (a query's own, like tier). */
#define LEAD_NCOLUMNS 40

#define LEAD_COLUMNS \
	"SELECT l.id, l.name, l.phone_raw, l.phone_e164, l.phone_ext," \
	" l.country, l.street_number, l.street, l.city, l.state," \
	" l.postal_code, l.email, l.url, l.timezone, r.name, s.name," \
	" l.status, o.login, d.name, l.has_website, l.lat, l.lng," \
	" l.interest, l.priority, l.attempts, l.value_cents, l.due_at," \
	" l.next_followup_at, l.last_contacted_at, l.created_at," \
	" l.updated_at, l.deleted_at, l.version, l.extra, l.tz_basis," \
	" l.phone_display, ps.name, l.stage_entered_at, o.name," \
	" CASE WHEN l.customer <> 0 THEN l.customer_at END"

/*
 * The tables a lead row's names come from, joined to l: for queries that
 * pick their own FROM (an INDEXED BY, a subquery of ids in page order).
 */
#define LEAD_JOINS \
	" LEFT JOIN pipeline_stages ps ON ps.id = l.stage_id" \
	" LEFT JOIN regions r ON r.id = l.region_id" \
	" LEFT JOIN choices s ON s.id = l.source_id" \
	" LEFT JOIN users o ON o.id = l.owner_id" \
	" LEFT JOIN choices d ON d.id = l.drop_reason_id"

#define LEAD_FROM " FROM leads l" LEAD_JOINS

#define LEAD_SELECT LEAD_COLUMNS LEAD_FROM

/*
 * Who may read a lead, as SQL over l (the lead) with ?1 the reader's id,
 * ?2 the reader's team and ?3 the reader's read scope (enum scope).
 */
#define LEAD_READABLE \
	" (?3 = 4 OR (?3 = 2 AND l.status = 'Converted' AND EXISTS (SELECT 1" \
	"   FROM deals WHERE lead_id = l.id AND collector_id = ?1))" \
	" OR (?3 = 3 AND (l.owner_id IS NULL OR l.owner_id = ?1" \
	"   OR o.team_id = ?2))" \
	" OR (?3 = 1 AND (l.owner_id = ?1 OR (l.owner_id IS NULL AND" \
	"   (NOT EXISTS (SELECT 1 FROM user_regions WHERE user_id = ?1)" \
	"    OR l.region_id IN (SELECT region_id FROM user_regions" \
	"     WHERE user_id = ?1))))))"

/*
 * A lead whose name, number or city holds the text p stands for: p is a
 * parameter search_bind bound (NULL: any lead). The CAST types p for
 * PostgreSQL, which takes a parameter's type from its first use.
 */
#define LEAD_SEARCH(p) " (CAST(" p " AS TEXT) IS NULL OR" LEAD_LIKE(p) ")"

/*
 * The same for a query that adds it only when there is text to find.
 * lower() on both sides: SQLite's LIKE ignores (ASCII) case, and
 * PostgreSQL's does not.
 */
#define LEAD_LIKE(p) \
	" (lower(l.name) LIKE lower(" p ") ESCAPE '\\'" \
	" OR l.phone_e164 LIKE " p " ESCAPE '\\'" \
	" OR l.phone_raw LIKE " p " ESCAPE '\\'" \
	" OR lower(l.city) LIKE lower(" p ") ESCAPE '\\')"

/*
 * Binds text to stmt's parameter i as LEAD_SEARCH wants it: a LIKE
 * pattern that finds the text anywhere, where '%', '_' and '\' match only
 * themselves; NULL for no text. EX_OSERR when memory runs out.
 */
int search_bind(struct stmt *stmt, int i, const char *text,
    struct err *err);

/*
 * What the search index keeps of lead l (store/search.c): its name folded
 * (callq/fold.h), for names that start with the text; the digits of its
 * number, last first, for a number's tail; and its name, city, e-mail
 * and notes folded, a line each, for text anywhere in them.
 */
#define SEARCH_KEY_NAME "callq_fold(l.name)"
#define SEARCH_KEY_DIGITS "callq_digits_rev(coalesce(l.phone_e164, l.phone_raw))"
#define SEARCH_KEY_BODY \
	"callq_fold(l.name || char(10) || coalesce(l.city, '') || char(10)" \
	" || coalesce(l.email, '') || coalesce((SELECT char(10) ||" \
	" group_concat(n.body, char(10)) FROM notes n WHERE n.lead_id = l.id" \
	" AND n.deleted_at IS NULL), ''))"

/*
 * Brings lead id's search index up to date, in the caller's transaction:
 * call it after every write to a lead's name, number, city or e-mail, or
 * to its notes.
 */
int search_index_lead(struct store *st, int64_t id, struct err *err);

/*
 * Indexes the leads of batch whose ids are from..to, in the caller's
 * transaction (store/batch.c, once the batch is settled). Doing it again
 * gives the same index.
 */
int search_index_batch(struct store *st, int64_t batch, int64_t from,
    int64_t to, struct err *err);

/*
 * A lead of an import batch stays out of every queue and list until the
 * batch is complete: a half-loaded file is never worked.
 */
#define LEAD_BATCH_DONE \
	" (l.batch_id IS NULL OR EXISTS (SELECT 1 FROM import_batches b" \
	"  WHERE b.id = l.batch_id AND b.state = 'complete'))"

/*
 * A lead's pool as a number (enum pool), for the index leads_pool: the
 * expression must read the same here and there, column name and all.
 */
#define LEAD_POOL \
	"CASE status WHEN 'New' THEN 0 WHEN 'Converted' THEN 2" \
	" WHEN 'Lost' THEN 3 ELSE 1 END, "

/*
 * My Queue's sort keys (store/queue.c) and the partial WHERE of the
 * indexes that walk them (schema 20): an index serves a query only when
 * its expression reads the same as the query's, so both use these; t is
 * the table's prefix ("" in an index, "l." in a query: SQLite matches
 * columns by table, not by how they are spelled).
 */
#define QUEUE_KEY_PRIORITY(t) \
	"(9 - " t "priority) * 100000000000 + coalesce(" t "due_at," \
	" 99999999999)"
#define QUEUE_KEY_UNTOUCHED(t) "coalesce(" t "last_contacted_at, 0)"
/* A rep's leads without a call-back booked: the "assigned" tier. */
#define QUEUE_PART_MINE \
	" WHERE deleted_at IS NULL AND next_followup_at IS NULL" \
	" AND status NOT IN ('Converted', 'Lost')"
/* A rep's leads with one: the follow-up tier, once it is due. */
#define QUEUE_PART_DUE \
	" WHERE deleted_at IS NULL AND next_followup_at IS NOT NULL" \
	" AND status NOT IN ('Converted', 'Lost')"

/*
 * PostgreSQL's: a lead's calling-hours question as one value of the
 * composite type schema 23 makes, whose order (NULLs after the rest,
 * equal to each other) its index leads_hours keeps; the queue skips
 * from one question to the next along it (store/queue.c).
 */
#define QUEUE_QUESTION(t) \
	"CAST(ROW(" t "timezone, " t "country, " t "region_id, " t "state)" \
	" AS callq_hours_question)"
#define QUEUE_PART_OPEN \
	" WHERE deleted_at IS NULL AND status NOT IN ('Converted', 'Lost')"

/*
 * The calling-hours questions (zone, country, state) the open leads
 * pose, read by skipping along leads_hours from one to the next (schema
 * 23): one probe per question where grouping the leads would read every
 * open lead. They are the whole floor's, a tier's among them; a
 * question no lead of a tier poses matches none there.
 */
#define QUEUE_ASKS \
	"WITH RECURSIVE q(k) AS (" \
	" (SELECT " QUEUE_QUESTION("l.") " FROM leads l" QUEUE_PART_OPEN \
	"  ORDER BY 1 LIMIT 1)" \
	" UNION ALL SELECT n.k FROM q CROSS JOIN LATERAL" \
	" (SELECT " QUEUE_QUESTION("l.") " AS k FROM leads l" \
	"  " QUEUE_PART_OPEN " AND " QUEUE_QUESTION("l.") " > q.k" \
	"  ORDER BY 1 LIMIT 1) AS n)" \
	" SELECT DISTINCT (q.k).timezone, coalesce((q.k).country, r.country)," \
	" (q.k).state FROM q LEFT JOIN regions r ON r.id = (q.k).region_id"

/* The stage a new lead enters: the first open one. */
#define STAGE_ENTRY \
	" (SELECT id FROM pipeline_stages WHERE active <> 0 AND is_won = 0" \
	"  AND is_lost = 0 ORDER BY position, id LIMIT 1)"

#include "callq/status.h"

/* What a mutation needs to know of the lead it touches. */
struct lead_now {
	struct lead_ctx ctx;
	enum status     status;
	int             deleted;
	int             interest;
	int64_t         drop_reason;
	int64_t         owner_id;
	char            country[4];	/* its own, else its region's */
	char            owner[64];
	char            e164[24];	/* its number, or "" */
	char            state[80];	/* its state or province, or "" */
	char            stage[128];	/* its pipeline stage, or "" */
};

/*
 * Reads lead id as who sees it; EX_NOINPUT, with the same sentence, when
 * there is no such lead and when there is none that who may see.
 */
int lead_load(struct store *st, const struct actor *who, int64_t id,
    struct lead_now *ln, struct err *err);

/*
 * Loads lead id and refuses unless who may do action on it; a deleted
 * lead is refused too, unless the action only reads.
 */
int lead_may(struct store *st, const struct actor *who, int64_t id,
    enum action action, struct lead_now *ln, struct err *err);

/*
 * A rep who works an unassigned lead (logs a call, books a call-back)
 * takes it: the lead becomes theirs, with a claim in its assignments.
 * Does nothing for a lead with an owner, or for one who may assign.
 */
int lead_claim(struct store *st, const struct actor *who, int64_t lead,
    const struct lead_now *ln, struct err *err);

struct lease;

/*
 * Holds lead for who for lease_minutes, in the caller's transaction;
 * refused as lease_check_for_write refuses (to do doing), with *held
 * naming the holder.
 */
int lease_hold(struct store *st, const struct actor *who, int64_t lead,
    const char *doing, struct lease *held, struct err *err);

/*
 * Every write to a lead asks this first, inside its own transaction (so
 * no lease can be taken between the check and the write), after its
 * permission check (so a lead who may not see stays unseen). Another
 * user's unexpired lease refuses the write, naming them: EX_TEMPFAIL.
 * A team lead or admin who said ACTOR_FORCE goes on (a rep is refused,
 * EX_NOPERM): the holder is told, and the audit keeps an "override" row
 * saying what who did, in doing ("edit it"). Fills *held (may be NULL)
 * with the holder, if any.
 */
int lease_check_for_write(struct store *st, const struct actor *who,
    int64_t lead, const char *doing, struct lease *held, struct err *err);

/*
 * Denies an action on a lead who may see (lead_load has answered for the
 * others), naming its owner, which who can read anyway.
 */
int deny_lead(const struct actor *who, enum action action, int64_t id,
    const struct lead_now *ln, struct err *err);

/* Why a lead's open follow-ups are closed. */
enum followup_close {
	FOLLOWUP_CLOSE_CONVERTED,
	FOLLOWUP_CLOSE_LOST,
	FOLLOWUP_CLOSE_DNC,
	FOLLOWUP_CLOSE_DELETED,
};

/*
 * The lead was converted, lost, put on do-not-call or deleted: its open
 * follow-ups (but keep, 0 for none, one booked with that very change)
 * are closed as cancelled, with an outcome that says why (a loss with
 * its drop reason, so call it once the lead's row is written), and
 * audited. Call it from every change that ends a lead so.
 */
int followup_close_for_lead(struct store *st, const struct actor *who,
    int64_t lead, enum followup_close why, int64_t keep, struct err *err);

/* followup_close_for_lead(FOLLOWUP_CLOSE_DNC) for every lead of e164. */
int followup_close_for_number(struct store *st, const struct actor *who,
    const char *e164, struct err *err);

/*
 * Refuses a follow-up on lead (loaded in ln) at due unless it may be
 * booked (see store_followup_book); sets *reason_id (0: reason NULL).
 */
int followup_check(struct store *st, int64_t lead, const struct lead_now *ln,
    time_t due, const char *reason, int64_t *reason_id, struct err *err);

/* Sets the lead's next_followup_at from its open follow-ups. */
int lead_followup_refresh(struct store *st, int64_t lead, struct err *err);

void lead_from_row(struct stmt *stmt, struct lead *l);

/* Steps stmt (a LEAD_SELECT), handing each lead to each until it says stop. */
int lead_rows(struct store *st, struct stmt *stmt,
    int (*each)(const struct lead *, void *), void *arg, struct err *err);

/*
 * The lead's status moved to status: it goes to the stage that status
 * maps to, or when entering (a new lead, or one in no stage) to the
 * first open stage. Notes the stage in d.
 */
int lead_stage_follow(struct store *st, int64_t lead, enum status status,
    int entering, struct details *d, struct err *err);

/*
 * Tells user of something about lead (0: none), in the transaction of
 * the event itself; followup (0: none) makes it once per follow-up.
 */
int notify_add(struct store *st, int64_t user, const char *kind,
    int64_t lead, int64_t followup, const char *text, struct err *err);

/*
 * A lead was converted or dropped: its owner's team leads hear of it
 * (the admins, when the owner has no team). Notes who in d.
 */
int notify_status(struct store *st, const struct actor *who, int64_t lead,
    enum status to, struct details *d, struct err *err);

/* A lead was deleted: the other admins hear of it. Notes who in d. */
int notify_deleted(struct store *st, const struct actor *who, int64_t lead,
    struct details *d, struct err *err);

#endif
