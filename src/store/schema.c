#include <stdio.h>
#include <string.h>

#include "dealrow.h"
#include "leadrow.h"
#include "pgfloor.h"
#include "pgschema.h"
#include "sqlite.h"

/* A lead (id: an expression) has a call whose disposition is a contact. */
#define LEAD_CONTACTED(id) \
	"EXISTS (SELECT 1 FROM calls c JOIN dispositions d" \
	" ON d.id = c.disposition_id WHERE c.lead_id = " id " AND d.contact)"
#define LEAD_CALLS_RECOUNT \
	"called = EXISTS (SELECT 1 FROM calls c WHERE c.lead_id = leads.id)," \
	" contacted = " LEAD_CONTACTED("leads.id")

/*
 * A lead (r: its alias) that counts as open for its owner on the board
 * and in the assign picker: undeleted, neither converted nor lost.
 */
#define LEAD_OPEN(r) \
	"(" r ".deleted_at IS NULL AND " r ".status NOT IN" \
	" ('Converted', 'Lost'))"

/*
 * An audit row (a: its alias) that stage_moves mirrors, and what it
 * says: the text tests first, so that only the rows that may say it are
 * parsed.
 */
#define MOVE_IS(a) \
	"(" a ".entity = 'lead' AND (instr(" a ".details, '\"stage\":') > 0" \
	" OR instr(" a ".details, '\"drop_reason\":') > 0)" \
	" AND json_valid(" a ".details))"
#define MOVE_STAGE(d) "json_extract(" d ", '$.stage')"
#define MOVE_LOST(d) \
	"CASE WHEN json_extract(" d ", '$.status') = 'Lost'" \
	" AND json_extract(" d ", '$.from_status') IS NOT 'Lost'" \
	" THEN json_extract(" d ", '$.drop_reason') END"

/*
 * Numbered migrations: migrations[i] takes a database from version i to
 * i + 1. Append only; a released step is never edited. Times are unix
 * seconds (UTC) everywhere; money is integer cents.
 */
static const char *const migrations[] = {
	/* 1: the whole first schema. */
	"CREATE TABLE teams ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  created_at INTEGER NOT NULL);"
	"CREATE TABLE users ("
	"  id INTEGER PRIMARY KEY,"
	"  login TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  role TEXT NOT NULL"
	"    CHECK (role IN ('admin','lead','rep','analyst','recovery')),"
	"  team_id INTEGER REFERENCES teams(id),"
	"  phone TEXT, extension TEXT,"
	"  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),"
	"  created_at INTEGER NOT NULL);"
	"CREATE TABLE regions ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  country TEXT,"
	"  created_at INTEGER NOT NULL);"
	"CREATE TABLE user_regions ("
	"  user_id INTEGER NOT NULL REFERENCES users(id),"
	"  region_id INTEGER NOT NULL REFERENCES regions(id),"
	"  PRIMARY KEY (user_id, region_id)) WITHOUT ROWID;"
	/* A batch's leads stay out of every queue until it is complete. */
	"CREATE TABLE import_batches ("
	"  id INTEGER PRIMARY KEY,"
	"  region_id INTEGER NOT NULL REFERENCES regions(id),"
	"  file_name TEXT NOT NULL,"
	"  file_size INTEGER,"
	"  sha256 TEXT,"			/* to resume with the same file only */
	"  default_country TEXT,"
	"  rejects_path TEXT,"
	"  state TEXT NOT NULL CHECK (state IN"
	"    ('running','interrupted','complete','discarded')),"
	"  rows_read INTEGER NOT NULL DEFAULT 0,"	/* where a resume starts */
	"  rows_imported INTEGER NOT NULL DEFAULT 0,"
	"  rows_rejected INTEGER NOT NULL DEFAULT 0,"
	"  rows_duplicate INTEGER NOT NULL DEFAULT 0,"
	"  rows_dnc INTEGER NOT NULL DEFAULT 0,"
	"  rows_warning INTEGER NOT NULL DEFAULT 0,"
	"  started_by INTEGER NOT NULL REFERENCES users(id),"
	"  started_at INTEGER NOT NULL,"
	"  finished_at INTEGER);"
	/* Sources, pause, follow-up and drop reasons: one shape, one table. */
	"CREATE TABLE choices ("
	"  id INTEGER PRIMARY KEY,"
	"  list TEXT NOT NULL CHECK (list IN ('source','pause','followup','drop')),"
	"  name TEXT NOT NULL COLLATE NOCASE,"
	"  position INTEGER NOT NULL,"
	"  active INTEGER NOT NULL DEFAULT 1,"
	"  UNIQUE (list, name));"
	"CREATE TABLE dispositions ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  key INTEGER UNIQUE CHECK (key BETWEEN 0 AND 9),"
	"  status TEXT NOT NULL,"
	"  needs TEXT NOT NULL DEFAULT '-'"
	"    CHECK (needs IN ('-','followup','interest','dnc')),"
	"  drop_reason_id INTEGER REFERENCES choices(id),"
	"  position INTEGER NOT NULL,"
	"  active INTEGER NOT NULL DEFAULT 1);"
	"CREATE TABLE pipeline_stages ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  position INTEGER NOT NULL,"
	"  probability INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),"
	"  is_won INTEGER NOT NULL DEFAULT 0,"
	"  is_lost INTEGER NOT NULL DEFAULT 0,"
	"  stale_days INTEGER NOT NULL DEFAULT 0,"
	"  active INTEGER NOT NULL DEFAULT 1);"
	"CREATE TABLE settings ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE leads ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  phone_raw TEXT NOT NULL,"
	"  phone_e164 TEXT,"
	"  phone_ext TEXT,"
	"  country TEXT,"
	"  street_number TEXT, street TEXT, city TEXT, state TEXT,"
	"  postal_code TEXT, email TEXT, url TEXT,"
	"  has_website INTEGER CHECK (has_website IN (0,1)),"
	"  lat REAL CHECK (lat BETWEEN -90 AND 90),"
	"  lng REAL CHECK (lng BETWEEN -180 AND 180),"
	"  timezone TEXT,"		/* IANA zones it may be in, space-separated */
	"  tz_basis TEXT,"		/* how they were found: prefix, region, ... */
	"  region_id INTEGER REFERENCES regions(id),"
	"  source_id INTEGER REFERENCES choices(id),"
	"  batch_id INTEGER REFERENCES import_batches(id),"
	"  stage_id INTEGER REFERENCES pipeline_stages(id),"
	"  stage_entered_at INTEGER,"
	"  status TEXT NOT NULL DEFAULT 'New' CHECK (status IN ('New',"
	"    'In Progress','CNP','Interested','Qualified','Converted','Lost')),"
	"  interest INTEGER CHECK (interest BETWEEN 1 AND 5),"
	"  drop_reason_id INTEGER REFERENCES choices(id),"
	"  owner_id INTEGER REFERENCES users(id),"
	"  priority INTEGER NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 9),"
	"  due_at INTEGER,"
	"  next_followup_at INTEGER,"	/* earliest open follow-up, derived */
	"  last_contacted_at INTEGER,"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  value_cents INTEGER,"
	"  extra TEXT,"			/* JSON: CSV columns callq has no field for */
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  deleted_at INTEGER,"
	"  deleted_by INTEGER REFERENCES users(id),"
	"  version INTEGER NOT NULL DEFAULT 1);"
	"CREATE INDEX leads_owner ON leads(owner_id, status)"
	"  WHERE deleted_at IS NULL;"
	"CREATE INDEX leads_fresh ON leads(region_id, id)"
	"  WHERE deleted_at IS NULL AND owner_id IS NULL AND status = 'New';"
	"CREATE INDEX leads_e164 ON leads(phone_e164);"
	"CREATE INDEX leads_followup ON leads(owner_id, next_followup_at)"
	"  WHERE next_followup_at IS NOT NULL AND deleted_at IS NULL;"
	"CREATE TABLE assignments ("
	"  id INTEGER PRIMARY KEY,"
	"  lead_id INTEGER NOT NULL REFERENCES leads(id),"
	"  user_id INTEGER REFERENCES users(id),"	/* NULL: unassigned */
	"  assigned_by INTEGER NOT NULL REFERENCES users(id),"
	"  method TEXT NOT NULL CHECK (method IN"
	"    ('manual','round-robin','split','claim','import')),"
	"  at INTEGER NOT NULL);"
	"CREATE INDEX assignments_lead ON assignments(lead_id, at);"
	"CREATE TABLE calls ("
	"  id INTEGER PRIMARY KEY,"
	"  lead_id INTEGER NOT NULL REFERENCES leads(id),"
	"  user_id INTEGER NOT NULL REFERENCES users(id),"
	"  disposition_id INTEGER REFERENCES dispositions(id),"
	"  started_at INTEGER NOT NULL,"
	"  ended_at INTEGER,"
	"  duration_s INTEGER,"
	"  note TEXT,"
	"  provider TEXT, provider_ref TEXT,"
	"  state TEXT NOT NULL DEFAULT 'logged' CHECK (state IN"
	"    ('dialing','ringing','connected','ended','failed','logged')));"
	"CREATE INDEX calls_lead ON calls(lead_id, started_at);"
	"CREATE INDEX calls_user ON calls(user_id, started_at);"
	"CREATE TABLE notes ("
	"  id INTEGER PRIMARY KEY,"
	"  lead_id INTEGER NOT NULL REFERENCES leads(id),"
	"  user_id INTEGER NOT NULL REFERENCES users(id),"
	"  body TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  deleted_at INTEGER);"
	"CREATE INDEX notes_lead ON notes(lead_id, created_at);"
	"CREATE TABLE followups ("
	"  id INTEGER PRIMARY KEY,"
	"  lead_id INTEGER NOT NULL REFERENCES leads(id),"
	"  user_id INTEGER NOT NULL REFERENCES users(id),"
	"  due_at INTEGER NOT NULL,"
	"  reason_id INTEGER REFERENCES choices(id),"
	"  note TEXT,"
	"  state TEXT NOT NULL DEFAULT 'open'"
	"    CHECK (state IN ('open','done','cancelled')),"
	"  done_at INTEGER,"
	"  call_id INTEGER REFERENCES calls(id),"
	"  created_at INTEGER NOT NULL);"
	"CREATE INDEX followups_user ON followups(user_id, state, due_at);"
	"CREATE INDEX followups_lead ON followups(lead_id, state, due_at);"
	"CREATE TABLE attendance ("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id),"
	"  state TEXT NOT NULL CHECK (state IN ('in','paused','out')),"
	"  reason_id INTEGER REFERENCES choices(id),"
	"  at INTEGER NOT NULL);"
	"CREATE INDEX attendance_user ON attendance(user_id, at);"
	"CREATE TABLE payments ("
	"  id INTEGER PRIMARY KEY,"
	"  lead_id INTEGER NOT NULL REFERENCES leads(id),"
	"  amount_cents INTEGER NOT NULL,"
	"  currency TEXT NOT NULL DEFAULT 'USD',"
	"  installment INTEGER,"
	"  due_at INTEGER, paid_at INTEGER, note TEXT,"
	"  recorded_by INTEGER NOT NULL REFERENCES users(id),"
	"  created_at INTEGER NOT NULL,"
	"  deleted_at INTEGER,"
	"  deleted_by INTEGER REFERENCES users(id));"
	"CREATE INDEX payments_lead ON payments(lead_id);"
	"CREATE TABLE dnc ("
	"  phone_e164 TEXT PRIMARY KEY,"
	"  reason TEXT,"
	"  added_by INTEGER REFERENCES users(id),"
	"  added_at INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  actor_id INTEGER NOT NULL REFERENCES users(id),"
	"  real_id INTEGER REFERENCES users(id),"
	"  real_login TEXT NOT NULL,"	/* the Unix account that ran callq */
	"  entity TEXT NOT NULL,"
	"  entity_id INTEGER,"
	"  action TEXT NOT NULL,"
	"  details TEXT);"
	"CREATE INDEX audit_entity ON audit(entity, entity_id);"
	"CREATE INDEX audit_at ON audit(at);",
	/* 2: what imports need. */
	"ALTER TABLE import_batches ADD COLUMN rejects_bytes INTEGER NOT NULL"
	"  DEFAULT 0;"		/* the rejects file is cut back to this */
	"ALTER TABLE import_batches ADD COLUMN runner TEXT;"	/* host:pid:start */
	"CREATE INDEX leads_batch ON leads(batch_id) WHERE batch_id IS NOT NULL;"
	/*
	 * The number index as a table of its own: an import fills it in
	 * number order when its batch completes, where an index on leads
	 * would take a random page write per row in every chunk's commit
	 * (17.9 s against 3.2 s for a million rows in 4,096-row commits).
	 * Triggers keep it for leads added (a bare row, then its fields)
	 * and edited one at a time, and for leads removed.
	 */
	"CREATE TABLE phones ("
	"  e164 TEXT NOT NULL,"
	"  lead_id INTEGER NOT NULL,"
	"  PRIMARY KEY (e164, lead_id)) WITHOUT ROWID;"
	"INSERT INTO phones SELECT phone_e164, id FROM leads"
	"  WHERE phone_e164 IS NOT NULL;"
	"DROP INDEX leads_e164;"
	"CREATE TRIGGER phones_change AFTER UPDATE OF phone_e164 ON leads"
	"  WHEN OLD.phone_e164 IS NOT NEW.phone_e164 BEGIN"
	"  DELETE FROM phones WHERE e164 = OLD.phone_e164 AND lead_id = OLD.id;"
	"  INSERT OR IGNORE INTO phones SELECT NEW.phone_e164, NEW.id"
	"   WHERE NEW.phone_e164 IS NOT NULL; END;"
	"CREATE TRIGGER phones_remove AFTER DELETE ON leads BEGIN"
	"  DELETE FROM phones WHERE e164 = OLD.phone_e164 AND lead_id = OLD.id;"
	"  END;",
	/* 3: the rep's workspace. */
	/* A lead being worked is held so no other rep dials it too. */
	"CREATE TABLE leases ("
	"  lead_id INTEGER PRIMARY KEY REFERENCES leads(id),"
	"  user_id INTEGER NOT NULL REFERENCES users(id),"
	"  taken_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL);"
	/*
	 * A quick-log being typed, so a dropped session loses nothing: kept
	 * from the moment the form opens until it is saved or cancelled.
	 */
	"CREATE TABLE drafts ("
	"  user_id INTEGER PRIMARY KEY REFERENCES users(id),"
	"  lead_id INTEGER NOT NULL REFERENCES leads(id),"
	"  disposition TEXT,"
	"  note TEXT,"
	"  followup TEXT,"		/* the WHEN text as typed */
	"  interest INTEGER,"
	"  started_at INTEGER NOT NULL,"
	"  saved_at INTEGER NOT NULL);"
	"ALTER TABLE followups ADD COLUMN outcome TEXT;"
	/*
	 * The number as people read it, kept with the lead: the screen shows
	 * it without loading libphonenumber's metadata into every session.
	 */
	"ALTER TABLE leads ADD COLUMN phone_display TEXT;"
	"UPDATE leads SET phone_display = callq_phone_display(phone_e164)"
	"  WHERE phone_e164 IS NOT NULL;"
	"INSERT OR IGNORE INTO settings (key, value) VALUES"
	"  ('hours', '08:00-21:00'),"
	"  ('hours.US-FL', '08:00-20:00'),"
	"  ('lease_minutes', '15'),"
	"  ('retry_minutes', '60'),"
	"  ('target_calls', '80');",
	/* 4: team leads: the pipeline, assignment and notifications. */
	/* The status a lead takes on entering a stage (NULL: it keeps its). */
	"ALTER TABLE pipeline_stages ADD COLUMN status TEXT;"
	"UPDATE pipeline_stages SET status = CASE WHEN is_won THEN 'Converted'"
	"  WHEN is_lost THEN 'Lost' WHEN name = 'Contacted' THEN 'In Progress'"
	"  WHEN name IN ('Interested', 'Qualified') THEN name END;"
	/*
	 * Every lead is in a stage: the one its status maps to (CNP is still
	 * being worked), else the first open one. Each column of the board
	 * is then one range of an index, paged like the queue.
	 */
	"UPDATE leads SET stage_entered_at = coalesce(stage_entered_at,"
	"  updated_at), stage_id = coalesce((SELECT s.id FROM pipeline_stages s"
	"  WHERE s.active AND s.status = CASE leads.status WHEN 'CNP' THEN"
	"  'In Progress' ELSE leads.status END ORDER BY s.position LIMIT 1),"
	"  (SELECT s.id FROM pipeline_stages s WHERE s.active AND NOT s.is_won"
	"  AND NOT s.is_lost ORDER BY s.position LIMIT 1)) WHERE stage_id IS NULL;"
	"CREATE INDEX leads_stage ON leads(stage_id, id) WHERE deleted_at IS NULL;"
	/*
	 * A lead's pool (0 fresh, 1 working, 2 converted, 3 lost: see
	 * LEAD_POOL in store/leadrow.h), so each pool is one range in id
	 * order: IN over four statuses would sort them all for every page.
	 */
	"CREATE INDEX leads_pool ON leads(" LEAD_POOL "id)"
	"  WHERE deleted_at IS NULL;"
	"CREATE TABLE notifications ("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('assigned','followup-due',"
	"    'followup-missed','converted','dropped','deleted')),"
	"  lead_id INTEGER REFERENCES leads(id),"
	"  followup_id INTEGER REFERENCES followups(id),"
	"  text TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  read_at INTEGER);"
	"CREATE INDEX notifications_user ON notifications(user_id, id);"
	/* A follow-up is announced due once, and missed once. */
	"CREATE UNIQUE INDEX notifications_followup ON notifications"
	"  (followup_id, kind) WHERE followup_id IS NOT NULL;"
	/*
	 * Where round-robin stopped, per team (0: the whole floor), so the
	 * next deal starts with the rep after the last one given a lead.
	 */
	"CREATE TABLE rotations ("
	"  team_id INTEGER PRIMARY KEY,"
	"  last_user_id INTEGER NOT NULL REFERENCES users(id));",
	/*
	 * Version 5: a dial's call record. A row opens when the rep presses
	 * c (state dialing, requested_at), takes the provider's call id or
	 * its error, and the quick-log completes the same row.
	 */
	"ALTER TABLE calls ADD COLUMN requested_at INTEGER;"
	"ALTER TABLE calls ADD COLUMN answered_at INTEGER;"
	"ALTER TABLE calls ADD COLUMN error TEXT;"
	"CREATE INDEX calls_open ON calls(user_id, lead_id)"
	"  WHERE state IN ('dialing','ringing','connected','ended');",
	/*
	 * Outcomes and attempts: what each disposition does to a lead in
	 * each status (data/transitions.tsv), how long a lead waits after a
	 * disposition, and attempts counted as calls in a row that did not
	 * reach the lead (those of a disposition that leads to CNP).
	 */
	"CREATE TABLE transitions ("
	"  disposition_id INTEGER NOT NULL REFERENCES dispositions(id),"
	"  from_status TEXT NOT NULL,"
	"  to_status TEXT NOT NULL,"
	"  PRIMARY KEY (disposition_id, from_status)) WITHOUT ROWID;"
	/*
	 * An existing floor's dispositions get the rows of
	 * status_after_call() (core/status.c) as it reads at this version:
	 * the flow, and never back along the progress ranks.
	 */
	"WITH s(name, rank, moves) AS (VALUES"
	"  ('New', 0, '|New|In Progress|CNP|Interested|Qualified|Converted"
	"|Lost|'),"
	"  ('In Progress', 1, '|In Progress|CNP|Interested|Qualified"
	"|Converted|Lost|'),"
	"  ('CNP', 1, '|In Progress|CNP|Interested|Qualified|Converted|Lost|'),"
	"  ('Interested', 2, '|In Progress|CNP|Interested|Qualified|Converted"
	"|Lost|'),"
	"  ('Qualified', 3, '|CNP|Interested|Qualified|Converted|Lost|'),"
	"  ('Converted', 4, '|Converted|'),"
	"  ('Lost', 0, '|In Progress|Lost|'))"
	" INSERT INTO transitions (disposition_id, from_status, to_status)"
	" SELECT d.id, f.name, CASE WHEN instr(f.moves, '|' || d.status || '|')"
	"  AND (d.status = 'Lost' OR t.rank >= f.rank) THEN d.status"
	"  ELSE f.name END"
	" FROM dispositions d JOIN s t ON t.name = d.status CROSS JOIN s f;"
	/* A disposition's wait (NULL: retry_minutes), the lead's last one. */
	"ALTER TABLE dispositions ADD COLUMN retry_minutes INTEGER;"
	"UPDATE dispositions SET retry_minutes = CASE name"
	"  WHEN 'No answer' THEN 120 WHEN 'Busy' THEN 30 END;"
	"ALTER TABLE leads ADD COLUMN retry_minutes INTEGER;"
	"INSERT OR IGNORE INTO choices (list, name, position)"
	"  SELECT 'drop', 'No contact after 6 attempts', (SELECT max(position)"
	"  + 1 FROM choices WHERE list = 'drop') WHERE EXISTS (SELECT 1"
	"  FROM choices WHERE list = 'drop');"
	/*
	 * A Lost lead reopened, however (a stage move, an edit, a call),
	 * starts its attempts again: else its first miss would drop it anew.
	 */
	"CREATE TRIGGER leads_reopen AFTER UPDATE OF status ON leads"
	"  WHEN OLD.status = 'Lost' AND NEW.status <> 'Lost' BEGIN"
	"  UPDATE leads SET attempts = 0 WHERE id = NEW.id; END;"
	/* Calls in the order they were logged, as the count will go on. */
	"UPDATE leads SET attempts = (SELECT count(*) FROM calls c"
	"  JOIN dispositions d ON d.id = c.disposition_id WHERE c.lead_id ="
	"  leads.id AND d.status = 'CNP' AND c.id > coalesce((SELECT"
	"  max(c2.id) FROM calls c2 JOIN dispositions d2 ON d2.id ="
	"  c2.disposition_id WHERE c2.lead_id = leads.id"
	"  AND d2.status <> 'CNP'), 0)) WHERE attempts > 0;",
	/*
	 * Version 7: follow-ups follow the lead. The open follow-ups of
	 * leads already converted, lost, deleted or on do-not-call close as
	 * followup_close_for_lead closes them now (store/followup.c).
	 */
	"UPDATE followups SET state = 'cancelled', done_at = CAST(strftime('%s',"
	"  'now') AS INTEGER), outcome = (SELECT CASE"
	"  WHEN l.deleted_at IS NOT NULL THEN 'closed: the lead was deleted'"
	"  WHEN l.status = 'Converted' THEN 'closed: the lead was converted'"
	"  WHEN l.status = 'Lost' THEN 'closed: the lead was lost'"
	"   || coalesce((SELECT ': ' || c.name FROM choices c"
	"   WHERE c.id = l.drop_reason_id), '')"
	"  ELSE 'closed: the number is on do-not-call' END"
	"  FROM leads l WHERE l.id = followups.lead_id)"
	"  WHERE state = 'open' AND lead_id IN (SELECT l.id FROM leads l"
	"  WHERE l.deleted_at IS NOT NULL OR l.status IN ('Converted', 'Lost')"
	"  OR l.phone_e164 IN (SELECT phone_e164 FROM dnc));"
	"UPDATE leads SET next_followup_at = (SELECT min(due_at) FROM followups"
	"  WHERE lead_id = leads.id AND state = 'open')"
	"  WHERE next_followup_at IS NOT NULL;",
	/*
	 * Version 8: a user whose hold on a lead a team lead or admin
	 * overrode hears of it. SQLite cannot widen a CHECK in place, so
	 * the table is copied.
	 */
	"CREATE TABLE notifications8 ("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('assigned','followup-due',"
	"    'followup-missed','converted','dropped','deleted','override')),"
	"  lead_id INTEGER REFERENCES leads(id),"
	"  followup_id INTEGER REFERENCES followups(id),"
	"  text TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  read_at INTEGER);"
	"INSERT INTO notifications8 SELECT id, user_id, kind, lead_id,"
	"  followup_id, text, created_at, read_at FROM notifications;"
	"DROP TABLE notifications;"
	"ALTER TABLE notifications8 RENAME TO notifications;"
	"CREATE INDEX notifications_user ON notifications(user_id, id);"
	"CREATE UNIQUE INDEX notifications_followup ON notifications"
	"  (followup_id, kind) WHERE followup_id IS NOT NULL;",
	/*
	 * Version 9: the search index (store/search.c), built here for the
	 * leads already there. A lead's row follows it through deletion and
	 * restoring (searches skip the deleted) and goes when it does.
	 */
	"CREATE TABLE lead_keys ("
	"  lead_id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  digits TEXT NOT NULL);"
	"CREATE INDEX lead_keys_name ON lead_keys(name);"
	"CREATE INDEX lead_keys_digits ON lead_keys(digits);"
	"CREATE VIRTUAL TABLE lead_text USING fts5(body,"
	"  tokenize = 'trigram case_sensitive 1', detail = 'none');"
	"INSERT INTO lead_keys (lead_id, name, digits) SELECT l.id, "
	SEARCH_KEY_NAME ", " SEARCH_KEY_DIGITS " FROM leads l ORDER BY l.id;"
	"INSERT INTO lead_text (rowid, body) SELECT l.id, " SEARCH_KEY_BODY
	"  FROM leads l ORDER BY l.id;"
	"CREATE TRIGGER lead_search_remove AFTER DELETE ON leads BEGIN"
	"  DELETE FROM lead_keys WHERE lead_id = OLD.id;"
	"  DELETE FROM lead_text WHERE rowid = OLD.id; END;",
	/*
	 * Version 10: what reports count and alerts watch. A disposition is
	 * a contact when the call reached someone (settings can change it);
	 * a pause reason may have a limit; a user may have an e-mail for
	 * the daily digest. REPORT_CONTACT_DEFAULT is the rule both this
	 * step and a new floor's seed apply.
	 */
	"ALTER TABLE dispositions ADD COLUMN contact INTEGER NOT NULL DEFAULT 0"
	"  CHECK (contact IN (0,1));"
	"UPDATE dispositions SET contact = " REPORT_CONTACT_DEFAULT ";"
	"ALTER TABLE choices ADD COLUMN limit_minutes INTEGER"
	"  CHECK (limit_minutes > 0);"
	"UPDATE choices SET limit_minutes = " PAUSE_LIMIT_DEFAULT
	"  WHERE list = 'pause';"
	"ALTER TABLE users ADD COLUMN email TEXT;",
	/*
	 * Version 11: alerts (store/alert.c). Four more kinds, and the key
	 * that makes each alert once per user however many sessions sweep
	 * at the same time ("pause:ATTENDANCE_ID", "followup:ID",
	 * "assign:ASSIGNMENT_ID", "stale:LEAD_ID:STAGE_ENTERED_AT"). The
	 * indexes keep a sweep to the few rows whose deadline is near.
	 */
	"CREATE TABLE notifications11 ("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('assigned','followup-due',"
	"    'followup-missed','converted','dropped','deleted','override',"
	"    'pause-over','escalated','first-call','stale')),"
	"  lead_id INTEGER REFERENCES leads(id),"
	"  followup_id INTEGER REFERENCES followups(id),"
	"  text TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  read_at INTEGER,"
	"  alert_key TEXT);"
	"INSERT INTO notifications11 (id, user_id, kind, lead_id, followup_id,"
	"  text, created_at, read_at) SELECT id, user_id, kind, lead_id,"
	"  followup_id, text, created_at, read_at FROM notifications;"
	"DROP TABLE notifications;"
	"ALTER TABLE notifications11 RENAME TO notifications;"
	"CREATE INDEX notifications_user ON notifications(user_id, id);"
	"CREATE UNIQUE INDEX notifications_followup ON notifications"
	"  (followup_id, kind) WHERE followup_id IS NOT NULL;"
	"CREATE UNIQUE INDEX notifications_alert ON notifications"
	"  (alert_key, user_id) WHERE alert_key IS NOT NULL;"
	"CREATE INDEX attendance_paused ON attendance(at)"
	"  WHERE state = 'paused';"
	"CREATE INDEX followups_open ON followups(due_at) WHERE state = 'open';"
	"CREATE INDEX assignments_at ON assignments(at)"
	"  WHERE user_id IS NOT NULL;"
	"CREATE INDEX leads_stage_entered ON leads(stage_id, stage_entered_at)"
	"  WHERE deleted_at IS NULL;",
	/*
	 * Version 12: the reports read calls alone. Each call keeps where
	 * its lead was when it started: local_slot, the hour of the week in
	 * the lead's first zone then (NULL without one), and the lead's
	 * region and source then, set by the statement that writes the
	 * call, so no report reads a lead to place a call; a lead moved
	 * later leaves its past calls where they were made. calls_report
	 * holds every column the call reports read, so a month of calls is
	 * an index range; it starts with calls_user's columns and replaces
	 * it.
	 */
	"ALTER TABLE calls ADD COLUMN local_slot INTEGER"
	"  CHECK (local_slot BETWEEN 0 AND 167);"
	"ALTER TABLE calls ADD COLUMN region_id INTEGER;"
	"ALTER TABLE calls ADD COLUMN source_id INTEGER;"
	"UPDATE calls SET (local_slot, region_id, source_id) ="
	"  (SELECT callq_local_slot(l.timezone, calls.started_at), l.region_id,"
	"  l.source_id FROM leads l WHERE l.id = calls.lead_id);"
	"DROP INDEX calls_user;"
	"CREATE INDEX calls_report ON calls(user_id, started_at, disposition_id,"
	"  duration_s, lead_id, local_slot, region_id, source_id);",
	/*
	 * Version 13: what the lists, imports and funnel reports read, kept
	 * by triggers so that every write of a call, a disposition's contact
	 * flag or a lead's audit row keeps them in its own transaction. A
	 * lead is called once it has a call row, contacted once one of its
	 * calls has a contact disposition. stage_moves mirrors the audit
	 * rows of leads that name a stage or a loss with its reason (as the
	 * audit wrote them: a stage renamed since keeps its old name), each
	 * with the lead's previous stage entry. The two indexes cover what
	 * the lists and imports reports read of a lead. A migration that
	 * rebuilds calls, dispositions or audit must recreate these triggers.
	 */
	"ALTER TABLE leads ADD COLUMN called INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE leads ADD COLUMN contacted INTEGER NOT NULL DEFAULT 0;"
	"UPDATE leads SET called = 1, contacted = " LEAD_CONTACTED("leads.id")
	"  WHERE id IN (SELECT lead_id FROM calls);"
	"CREATE INDEX leads_lists ON leads(created_at, deleted_at, region_id,"
	"  source_id, batch_id, owner_id, status, called, contacted,"
	"  drop_reason_id, timezone, country, state);"
	"DROP INDEX leads_batch;"
	"CREATE INDEX leads_batch ON leads(batch_id, deleted_at, region_id,"
	"  source_id, owner_id, status, called, contacted)"
	"  WHERE batch_id IS NOT NULL;"
	"CREATE TRIGGER calls_lead_add AFTER INSERT ON calls BEGIN"
	"  UPDATE leads SET called = 1, contacted = contacted OR coalesce("
	"  (SELECT contact FROM dispositions WHERE id = NEW.disposition_id), 0)"
	"  WHERE id = NEW.lead_id AND (called = 0 OR contacted = 0); END;"
	"CREATE TRIGGER calls_lead_change AFTER UPDATE OF lead_id,"
	"  disposition_id ON calls WHEN OLD.lead_id IS NOT NEW.lead_id"
	"  OR OLD.disposition_id IS NOT NEW.disposition_id BEGIN"
	"  UPDATE leads SET " LEAD_CALLS_RECOUNT
	"  WHERE id IN (OLD.lead_id, NEW.lead_id); END;"
	"CREATE TRIGGER calls_lead_remove AFTER DELETE ON calls BEGIN"
	"  UPDATE leads SET " LEAD_CALLS_RECOUNT " WHERE id = OLD.lead_id; END;"
	"CREATE TRIGGER dispositions_contact AFTER UPDATE OF contact"
	"  ON dispositions WHEN OLD.contact IS NOT NEW.contact BEGIN"
	"  UPDATE leads SET contacted = " LEAD_CONTACTED("leads.id")
	"  WHERE id IN (SELECT lead_id FROM calls"
	"  WHERE disposition_id = NEW.id); END;"
	"CREATE TABLE stage_moves ("
	"  at INTEGER NOT NULL,"
	"  audit_id INTEGER NOT NULL,"
	"  lead_id INTEGER,"
	"  added INTEGER NOT NULL,"	/* the audit row added the lead */
	"  stage,"		/* entered, as named then; NULL: a loss only */
	"  lost,"		/* the drop reason when the lead was lost */
	"  prev_at INTEGER,"	/* its entry before, or its creation */
	"  prev_stage,"
	"  PRIMARY KEY (at, audit_id)) WITHOUT ROWID;"
	"CREATE INDEX stage_moves_lead ON stage_moves(lead_id, audit_id)"
	"  WHERE stage IS NOT NULL;"
	"INSERT INTO stage_moves SELECT at, id, entity_id, action = 'add',"
	"  stage, lost, CASE WHEN stage IS NOT NULL"
	"  THEN coalesce(lag(at) OVER w,"
	"  (SELECT created_at FROM leads WHERE id = entity_id)) END,"
	"  CASE WHEN stage IS NOT NULL THEN lag(stage) OVER w END"
	"  FROM (SELECT a.at, a.id, a.entity_id, a.action, "
	MOVE_STAGE("a.details") " AS stage, " MOVE_LOST("a.details")
	"  AS lost FROM audit a"
	"  WHERE " MOVE_IS("a") ")"
	"  WHERE stage IS NOT NULL OR lost IS NOT NULL"
	"  WINDOW w AS (PARTITION BY entity_id, stage IS NOT NULL ORDER BY id);"
	"CREATE TRIGGER audit_stage_move AFTER INSERT ON audit"
	"  WHEN " MOVE_IS("NEW") " BEGIN"
	"  INSERT INTO stage_moves SELECT NEW.at, NEW.id, NEW.entity_id,"
	"  NEW.action = 'add', m.stage, m.lost, CASE WHEN m.stage IS NOT NULL"
	"  THEN coalesce(p.at, (SELECT created_at FROM leads"
	"  WHERE id = NEW.entity_id)) END, p.stage FROM (SELECT "
	MOVE_STAGE("NEW.details") " AS stage, " MOVE_LOST("NEW.details")
	"  AS lost) m LEFT JOIN stage_moves p ON m.stage IS NOT NULL"
	"  AND p.lead_id = NEW.entity_id AND p.stage IS NOT NULL"
	"  AND p.audit_id = (SELECT max(q.audit_id) FROM stage_moves q"
	"  WHERE q.lead_id = NEW.entity_id AND q.stage IS NOT NULL"
	"  AND q.audit_id < NEW.id)"
	"  WHERE m.stage IS NOT NULL OR m.lost IS NOT NULL; END;"
	"CREATE TRIGGER lead_moves_remove AFTER DELETE ON leads BEGIN"
	"  UPDATE stage_moves SET prev_at = NULL WHERE lead_id = OLD.id"
	"  AND stage IS NOT NULL AND prev_stage IS NULL; END;",
	/*
	 * Version 14: after the sale. The settings lists lose their fixed
	 * set of names (the store says which exist), so adding one needs no
	 * rebuild again; this one runs with foreign keys off (migrate_step)
	 * and is checked before it commits. Calendar days (a due date, a
	 * close date, the day a payment was made) are ISO 8601 dates,
	 * YYYY-MM-DD in the floor's local time: a day has no instant, and
	 * comparing or aging them is then plain text and julianday().
	 */
	"CREATE TABLE choices_new ("
	"  id INTEGER PRIMARY KEY,"
	"  list TEXT NOT NULL,"
	"  name TEXT NOT NULL COLLATE NOCASE,"
	"  position INTEGER NOT NULL,"
	"  active INTEGER NOT NULL DEFAULT 1,"
	"  limit_minutes INTEGER CHECK (limit_minutes > 0),"
	"  UNIQUE (list, name));"
	"INSERT INTO choices_new (id, list, name, position, active,"
	"  limit_minutes) SELECT id, list, name, position, active,"
	"  limit_minutes FROM choices;"
	"DROP TABLE choices;"
	"ALTER TABLE choices_new RENAME TO choices;"
	/* An existing floor gets the new lists; a new one has them seeded. */
	"WITH v(list, name, position) AS (VALUES ('product', 'Standard plan', 1),"
	"  ('product', 'Premium plan', 2), ('product', 'One-off service', 3),"
	"  ('won', 'Price', 1), ('won', 'Features', 2),"
	"  ('won', 'Relationship', 3), ('won', 'Timing', 4),"
	"  ('method', 'Bank transfer', 1), ('method', 'Card', 2),"
	"  ('method', 'Cash', 3), ('method', 'Cheque', 4),"
	"  ('method', 'Other', 5)) INSERT INTO choices (list, name, position)"
	"  SELECT list, name, position FROM v WHERE EXISTS (SELECT 1 FROM choices WHERE list = 'source');"
	"INSERT OR IGNORE INTO settings (key, value) VALUES ('currency', 'USD');"
	/* The people of a lead (a business, usually), each with numbers. */
	"CREATE TABLE contacts ("
	"  id INTEGER PRIMARY KEY,"
	"  lead_id INTEGER NOT NULL REFERENCES leads(id),"
	"  name TEXT NOT NULL,"
	"  role TEXT,"			/* owner, manager, reception: free text */
	"  email TEXT,"
	"  dnc INTEGER NOT NULL DEFAULT 0 CHECK (dnc IN (0,1)),"
	"  opt_in INTEGER NOT NULL DEFAULT 0 CHECK (opt_in IN (0,1)),"
	"  position INTEGER NOT NULL,"	/* its place in the drawer */
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  deleted_at INTEGER,"
	"  deleted_by INTEGER REFERENCES users(id),"
	"  version INTEGER NOT NULL DEFAULT 1);"
	"CREATE INDEX contacts_lead ON contacts(lead_id, position)"
	"  WHERE deleted_at IS NULL;"
	"CREATE TABLE contact_phones ("
	"  id INTEGER PRIMARY KEY,"
	"  contact_id INTEGER NOT NULL REFERENCES contacts(id),"
	"  position INTEGER NOT NULL,"
	"  label TEXT,"			/* mobile, office: free text */
	"  phone_raw TEXT NOT NULL,"
	"  phone_e164 TEXT,"
	"  phone_ext TEXT,"
	"  phone_display TEXT,"
	"  timezone TEXT,"		/* as leads.timezone: the zones it may be in */
	"  tz_basis TEXT,"
	"  UNIQUE (contact_id, position));"
	"CREATE INDEX contact_phones_e164 ON contact_phones(phone_e164)"
	"  WHERE phone_e164 IS NOT NULL;"
	/* Which contact a call reached; a collection call's deal and outcome. */
	"ALTER TABLE calls ADD COLUMN contact_id INTEGER REFERENCES contacts(id);"
	"ALTER TABLE calls ADD COLUMN deal_id INTEGER;"
	"ALTER TABLE calls ADD COLUMN outcome TEXT CHECK (outcome IN ('promise',"
	"  'paid','partial','dispute','no-answer','wrong-number'));"
	"CREATE INDEX calls_deal ON calls(deal_id, started_at)"
	"  WHERE deal_id IS NOT NULL;"
	/*
	 * A customer: a lead that was converted, and since when. It stays one
	 * whatever its status does later.
	 */
	"ALTER TABLE leads ADD COLUMN customer INTEGER NOT NULL DEFAULT 0"
	"  CHECK (customer IN (0,1));"
	"ALTER TABLE leads ADD COLUMN customer_at INTEGER;"
	"UPDATE leads SET customer = 1, customer_at = coalesce((SELECT max(m.at)"
	"  FROM stage_moves m JOIN pipeline_stages s ON s.name = m.stage"
	"  WHERE m.lead_id = leads.id AND s.is_won), updated_at)"
	"  WHERE status = 'Converted';"
	/*
	 * What a conversion sold. paid_cents and status are kept from the
	 * payments by deal_settle (store/payment.c) in the transaction that
	 * changes them; collector_id is the recovery agent chasing it.
	 */
	"CREATE TABLE deals ("
	"  id INTEGER PRIMARY KEY,"
	"  lead_id INTEGER NOT NULL UNIQUE REFERENCES leads(id),"
	"  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),"
	"  currency TEXT NOT NULL,"
	"  product_id INTEGER REFERENCES choices(id),"
	"  won_reason_id INTEGER REFERENCES choices(id),"
	"  close_on TEXT NOT NULL,"
	"  owner_id INTEGER REFERENCES users(id),"	/* the rep who won it */
	"  collector_id INTEGER REFERENCES users(id),"
	"  call_id INTEGER REFERENCES calls(id),"	/* the converting call */
	"  paid_cents INTEGER NOT NULL DEFAULT 0,"
	"  status TEXT NOT NULL DEFAULT 'Pending'"
	"    CHECK (status IN ('Pending','Partial','Completed')),"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  version INTEGER NOT NULL DEFAULT 1);"
	"CREATE INDEX deals_collector ON deals(collector_id, status);"
	"CREATE INDEX deals_owner ON deals(owner_id, status);"
	/*
	 * A deal's plan: its installments always add up to the deal's
	 * amount. paid_cents is the payments allocated to it, oldest
	 * installment first (deal_settle).
	 */
	"CREATE TABLE installments ("
	"  id INTEGER PRIMARY KEY,"
	"  deal_id INTEGER NOT NULL REFERENCES deals(id),"
	"  seq INTEGER NOT NULL,"
	"  due_on TEXT NOT NULL,"
	"  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),"
	"  paid_cents INTEGER NOT NULL DEFAULT 0"
	"    CHECK (paid_cents BETWEEN 0 AND amount_cents),"
	"  UNIQUE (deal_id, seq));"
	"CREATE INDEX installments_due ON installments(due_on, deal_id)"
	"  WHERE paid_cents < amount_cents;"
	"ALTER TABLE payments ADD COLUMN deal_id INTEGER REFERENCES deals(id);"
	"ALTER TABLE payments ADD COLUMN paid_on TEXT;"
	"ALTER TABLE payments ADD COLUMN method_id INTEGER"
	"  REFERENCES choices(id);"
	"ALTER TABLE payments ADD COLUMN reference TEXT;"
	"ALTER TABLE payments ADD COLUMN call_id INTEGER REFERENCES calls(id);"
	"UPDATE payments SET paid_on = date(coalesce(paid_at, created_at),"
	"  'unixepoch', 'localtime');"
	"CREATE INDEX payments_deal ON payments(deal_id, paid_on)"
	"  WHERE deleted_at IS NULL;"
	"CREATE INDEX payments_paid ON payments(paid_on, recorded_by)"
	"  WHERE deleted_at IS NULL;"
	/*
	 * A customer's word to pay amount by due_on. It is kept once the
	 * payments recorded since it was given, made by its day, reach its
	 * amount (deal_settle); an open promise past its day is broken, and
	 * stays flagged at the top of the collections queue until the next
	 * collection call on its deal settles it as 'broken'.
	 */
	"CREATE TABLE promises ("
	"  id INTEGER PRIMARY KEY,"
	"  deal_id INTEGER NOT NULL REFERENCES deals(id),"
	"  user_id INTEGER NOT NULL REFERENCES users(id),"
	"  call_id INTEGER REFERENCES calls(id),"
	"  due_on TEXT NOT NULL,"
	"  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),"
	"  state TEXT NOT NULL DEFAULT 'open'"
	"    CHECK (state IN ('open','kept','broken','cancelled')),"
	"  created_at INTEGER NOT NULL,"
	"  settled_at INTEGER);"
	"CREATE INDEX promises_deal ON promises(deal_id, state, due_on);"
	"CREATE INDEX promises_open ON promises(due_on) WHERE state = 'open';",
	/*
	 * Versions 15 to 18: empty. A build that reserved them empty was
	 * released, and a floor it opened says 18 without their objects;
	 * what they were reserved for is in 19 to 22, so such a floor
	 * gets it too.
	 */
	"", "", "", "",
	/*
	 * Version 19: counters kept in the same transactions as the
	 * changes they count, so that the board, the assign picker and
	 * region list read a row per rep or region instead of counting
	 * leads (region list: 0.3 s on a floor of a million, 1.1 s at
	 * three; the board: a count of each rep's book). Each user
	 * and region has its row from the start (triggers on their insert),
	 * so that the triggers on leads only add and subtract. They count
	 * exactly what the counts they replace counted: an undeleted lead
	 * in its region, an undeleted open lead for its owner, whatever its
	 * batch (a hidden batch's leads counted then too).
	 */
	"CREATE TABLE region_counts ("
	"  region_id INTEGER PRIMARY KEY REFERENCES regions(id),"
	"  leads INTEGER NOT NULL DEFAULT 0);"	/* undeleted, in the region */
	"CREATE TABLE owner_counts ("
	"  user_id INTEGER PRIMARY KEY REFERENCES users(id),"
	"  open INTEGER NOT NULL DEFAULT 0);"	/* LEAD_OPEN, owned */
	"INSERT INTO region_counts (region_id, leads) SELECT r.id,"
	"  coalesce(c.n, 0) FROM regions r LEFT JOIN (SELECT region_id,"
	"  count(*) AS n FROM leads WHERE deleted_at IS NULL"
	"  GROUP BY region_id) c ON c.region_id = r.id;"
	"INSERT INTO owner_counts (user_id, open) SELECT u.id,"
	"  coalesce(c.n, 0) FROM users u LEFT JOIN (SELECT owner_id,"
	"  count(*) AS n FROM leads l WHERE " LEAD_OPEN("l")
	"  GROUP BY owner_id) c ON c.owner_id = u.id;"
	"CREATE TRIGGER region_counts_add AFTER INSERT ON regions BEGIN"
	"  INSERT OR IGNORE INTO region_counts (region_id) VALUES (NEW.id);"
	"  END;"
	"CREATE TRIGGER owner_counts_add AFTER INSERT ON users BEGIN"
	"  INSERT OR IGNORE INTO owner_counts (user_id) VALUES (NEW.id); END;"
	"CREATE TRIGGER lead_counts_add AFTER INSERT ON leads"
	"  WHEN NEW.deleted_at IS NULL BEGIN"
	"  UPDATE region_counts SET leads = leads + 1"
	"   WHERE region_id = NEW.region_id;"
	"  UPDATE owner_counts SET open = open + 1"
	"   WHERE user_id = NEW.owner_id AND " LEAD_OPEN("NEW") "; END;"
	"CREATE TRIGGER lead_counts_remove AFTER DELETE ON leads"
	"  WHEN OLD.deleted_at IS NULL BEGIN"
	"  UPDATE region_counts SET leads = leads - 1"
	"   WHERE region_id = OLD.region_id;"
	"  UPDATE owner_counts SET open = open - 1"
	"   WHERE user_id = OLD.owner_id AND " LEAD_OPEN("OLD") "; END;"
	"CREATE TRIGGER lead_counts_region AFTER UPDATE OF region_id,"
	"  deleted_at ON leads WHEN OLD.region_id IS NOT NEW.region_id"
	"  OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL) BEGIN"
	"  UPDATE region_counts SET leads = leads - 1"
	"   WHERE region_id = OLD.region_id AND OLD.deleted_at IS NULL;"
	"  UPDATE region_counts SET leads = leads + 1"
	"   WHERE region_id = NEW.region_id AND NEW.deleted_at IS NULL; END;"
	"CREATE TRIGGER lead_counts_owner AFTER UPDATE OF owner_id, status,"
	"  deleted_at ON leads WHEN OLD.owner_id IS NOT NEW.owner_id"
	"  OR " LEAD_OPEN("OLD") " <> " LEAD_OPEN("NEW") " BEGIN"
	"  UPDATE owner_counts SET open = open - 1"
	"   WHERE user_id = OLD.owner_id AND " LEAD_OPEN("OLD") ";"
	"  UPDATE owner_counts SET open = open + 1"
	"   WHERE user_id = NEW.owner_id AND " LEAD_OPEN("NEW") "; END;"
	/*
	 * The board's hold on a lead: a rep's latest lease by index, not
	 * by reading every lease once per rep.
	 */
	"CREATE INDEX leases_user ON leases(user_id, taken_at);",
	/*
	 * Version 20: the queue read in O(page). Each tier and order of My
	 * Queue (store/queue.c) walks one of these in its own order, so a
	 * page reads the rows it shows instead of sorting the rep's whole
	 * book. Each holds only its tier's leads: the partial WHERE is made
	 * of the tier's own terms, which the planner must find in the
	 * query; the expressions are leadrow.h's QUEUE_KEY_*, as queue.c's
	 * orders are, for the same reason. The follow-up tier in queue
	 * order keeps leads_followup, the fresh tier leads_owner (whose
	 * unowned 'New' range is in id order). These carry the columns of
	 * their tier's own filter (retry wait, follow-up due), so a lead
	 * that filter skips is skipped in the index.
	 */
	"CREATE INDEX leads_queue_mine ON leads(owner_id,"
	"  " QUEUE_KEY_PRIORITY("") ", id, last_contacted_at,"
	"  retry_minutes)" QUEUE_PART_MINE ";"
	"CREATE INDEX leads_queue_mine_untouched ON leads(owner_id,"
	"  " QUEUE_KEY_UNTOUCHED("") ", id, last_contacted_at,"
	"  retry_minutes)" QUEUE_PART_MINE ";"
	"CREATE INDEX leads_queue_mine_newest ON leads(owner_id, id,"
	"  last_contacted_at, retry_minutes)" QUEUE_PART_MINE ";"
	"CREATE INDEX leads_queue_due_untouched ON leads(owner_id,"
	"  " QUEUE_KEY_UNTOUCHED("") ", id, next_followup_at)"
	"  " QUEUE_PART_DUE ";"
	"CREATE INDEX leads_queue_due_newest ON leads(owner_id, id,"
	"  next_followup_at)" QUEUE_PART_DUE ";",
	/*
	 * Version 21: pools and pipeline columns read in O(page). A rep
	 * reads its own leads and the unassigned ones, and the Fresh pool
	 * only unassigned ones: in leads_pool or leads_stage these lie among
	 * everyone else's, which a page had to pass one by one (a rep with
	 * 600 leads among a million: 100 ms a page). With the owner first,
	 * each owner's pool or stage is one range in id order.
	 */
	"CREATE INDEX leads_owner_pool ON leads(owner_id, " LEAD_POOL "id)"
	"  WHERE deleted_at IS NULL;"
	"CREATE INDEX leads_owner_stage ON leads(owner_id, stage_id, id)"
	"  WHERE deleted_at IS NULL;"
	/*
	 * The collections queue in O(page): which deals are due was worked
	 * out for every deal owing anything, then sorted (2 s for 30,000
	 * deals). A deal keeps the day of its first unpaid installment and
	 * of its first open promise, by triggers on the rows they come
	 * from; each of the queue's four groups (broken promises, overdue,
	 * due today, promised today) is then one range of an index in the
	 * queue's order, for everyone's deals or one collector's (0: none).
	 */
	"ALTER TABLE deals ADD COLUMN next_due_on TEXT;"
	"ALTER TABLE deals ADD COLUMN promise_on TEXT;"
	"UPDATE deals SET next_due_on = " DEAL_NEXT_DUE("deals.id") ","
	"  promise_on = " DEAL_PROMISE_ON("deals.id") ";"
	DEAL_DAYS_TRIGGERS("installments", DEAL_NEXT_DUE, "next_due_on",
	    "due_on, amount_cents, paid_cents, deal_id")
	DEAL_DAYS_TRIGGERS("promises", DEAL_PROMISE_ON, "promise_on",
	    "due_on, state, deal_id")
	"CREATE INDEX deals_promise ON deals(promise_on, id)"
	"  WHERE status <> 'Completed';"
	"CREATE INDEX deals_next_due ON deals(next_due_on, id)"
	"  WHERE status <> 'Completed' AND promise_on IS NULL;"
	"CREATE INDEX deals_collector_promise ON deals(" DEAL_COLLECTOR ","
	"  promise_on, id) WHERE status <> 'Completed';"
	"CREATE INDEX deals_collector_next_due ON deals(" DEAL_COLLECTOR ","
	"  next_due_on, id)"
	"  WHERE status <> 'Completed' AND promise_on IS NULL;",
	/*
	 * Version 22: indexes the list commands' filters need, now that
	 * each combination of filters is its own statement (store/variant.h)
	 * and can search one. Each keeps its rows in id order (the rowid
	 * closes every index), the order audit list and lead list read
	 * in, so a page stops after a page's rows with no sort: audit by
	 * kind of entity alone (audit_entity would sort them all) and by
	 * acting user; live leads by owner alone (leads_owner puts status
	 * first) and by status. An import adds unowned New leads only, and
	 * neither lead index holds those: they cost an import nothing (a
	 * list of New leads finds a page of them in id order anyway; the
	 * region filter does too, so it has no index of its own). And a
	 * day's calls for the floor's daily digest (calls_report is by
	 * user first).
	 */
	"CREATE INDEX audit_kind ON audit(entity);"
	"CREATE INDEX audit_actor ON audit(actor_id);"
	"CREATE INDEX leads_owner_id ON leads(owner_id)"
	"  WHERE deleted_at IS NULL AND owner_id IS NOT NULL;"
	"CREATE INDEX leads_status ON leads(status)"
	"  WHERE deleted_at IS NULL AND status <> 'New';"
	"CREATE INDEX calls_started ON calls(started_at);",
	/*
	 * Version 23: nothing on SQLite, where callq_callable answers the
	 * calling-hours question of each lead as the queue reads it; on
	 * PostgreSQL, the index its queue finds its questions by
	 * (pgschema.c's pg_steps, which hold each step's PostgreSQL text).
	 */
	"",
};

#define MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

_Static_assert(MIGRATIONS == STORE_SCHEMA_VERSION,
    "STORE_SCHEMA_VERSION must match the migrations");


int
schema_version(struct store *st, int *version, struct err *err)
{
	if (store_is_pg(st))
		return pg_schema_version(st, version, err);
	return sqlite_schema_version(st, version, err);
}

struct step {
	int to;
};

/*
 * Whether step to rebuilds a table: SQLite rebuilds by creating a copy
 * and renaming it over the old one. Only such steps can break a foreign
 * key, and checking them all takes minutes on a floor of a million
 * leads, so the other steps skip the check.
 */
static int
step_rebuilds(int to)
{
	return strstr(migrations[to - 1], " RENAME TO ") != NULL;
}

static int
migrate_step(struct store *st, void *arg, struct err *err)
{
	const struct step *s = arg;
	int version;

	/*
	 * Another process may have migrated while this one waited. On
	 * PostgreSQL nothing makes two wait for each other before the step
	 * itself: the lock does, before the version is read.
	 */
	if (store_is_pg(st) && conn_exec(st->conn,
	    "LOCK TABLE schema_meta IN EXCLUSIVE MODE") != 0)
		return db_fail(st, err, "upgrading the schema");
	if (schema_version(st, &version, err) != 0)
		return err->status;
	if (version >= s->to)
		return 0;
	if (conn_exec(st->conn, store_is_pg(st) ? pg_steps[s->to - 1] :
	    migrations[s->to - 1]) != 0)
		return db_fail(st, err, "upgrading the schema");
	if (store_is_pg(st))
		return 0;
	/*
	 * A step that rebuilds a table others refer to runs with foreign
	 * keys off (SQLite's documented way: the pragma cannot change inside
	 * a transaction), so each step checks them itself before it commits.
	 */
	if (step_rebuilds(s->to) && sqlite_foreign_keys_check(st, err) != 0)
		return err->status;
	return sqlite_schema_version_set(st, s->to, err);
}

int
schema_migrate(struct store *st, int version, struct err *err)
{
	struct step s;
	int rc = 0;

	if (version >= MIGRATIONS)
		return 0;
	/* A PostgreSQL floor starts at the version pgschema.c writes. */
	if (store_is_pg(st) && version < PG_SCHEMA_VERSION)
		return err_set(err, EX_UNAVAILABLE, "the PostgreSQL database %s "
		    "has schema version %d, older than any this callq "
		    "creates, and it cannot upgrade it; nothing was changed",
		    st->path, version);
	if (store_is_pg(st)) {
		for (s.to = version + 1; s.to <= MIGRATIONS && rc == 0; s.to++)
			rc = store_tx(st, migrate_step, &s, err);
		return rc != 0 ? err->status : 0;
	}
	sqlite_foreign_keys(st, 0);
	for (s.to = version + 1; s.to <= MIGRATIONS && rc == 0; s.to++)
		rc = store_tx(st, migrate_step, &s, err);
	if (sqlite_foreign_keys(st, 1) != 0 && rc == 0)
		rc = db_fail(st, err, "turning foreign keys back on");
	return rc != 0 ? err->status : 0;
}
