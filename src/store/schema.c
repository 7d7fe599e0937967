/* schema.c - the case database's schema, as an ordered list of
 * migrations keyed by PRAGMA user_version, each in one transaction. */
#include "config.h"

#include <stdio.h>

#include "store-int.h"

/* The event table's secondary indexes as they are now: a large import
 * drops and rebuilds them (import_tx.c).  When one changes, a new
 * migration makes the change and this list follows it; the migrations
 * below never change (test_store checks a new case has exactly these). */
const char *const schema_event_indexes[] = {
	"CREATE INDEX event_ts ON event(ts, id, flags)",
	"CREATE INDEX event_authority ON event(authority COLLATE NOCASE, ts, id)",
	"CREATE INDEX event_country ON event(country, ts, id)",
	"CREATE INDEX event_actor ON event(actor, ts, flags)",
	"CREATE INDEX event_organization ON event(organization COLLATE NOCASE, ts, id)",
	NULL
};
const char *const schema_event_index_names[] = {
	"event_ts", "event_authority", "event_country", "event_actor", "event_organization", NULL
};

/* Each migration's text is frozen: once released it never changes, so
 * every case that ran it has the same schema.  A change is a new one. */
static const char *const migrations[] = {
	/* 1: the case itself and its journal */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
	"CREATE TABLE journal("
	"  seq INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  slot TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  object TEXT NOT NULL DEFAULT '',"
	"  prev_hash BLOB NOT NULL,"
	"  hash BLOB NOT NULL);",

		/* 2: access events, their flags, requests known to the flags */
	"CREATE TABLE event("
	"  id INTEGER PRIMARY KEY,"
	"  source TEXT NOT NULL,"
	"  ext_id TEXT NOT NULL,"
	"  occurred TEXT,"
	"  ts INTEGER NOT NULL,"
	"  recorded TEXT,"
	"  authority TEXT,"
	"  country TEXT,"
	"  authority_type TEXT,"
	"  role TEXT,"
	"  agent TEXT,"
	"  actor TEXT NOT NULL,"
	"  system TEXT,"
	"  categories INTEGER NOT NULL DEFAULT 0,"
	"  action INTEGER NOT NULL DEFAULT 0,"
	"  outcome INTEGER NOT NULL DEFAULT 0,"
	"  purpose TEXT,"
	"  legal_basis TEXT,"
	"  dest TEXT,"
	"  dest_country TEXT,"
	"  origin TEXT,"
	"  note TEXT,"
	"  imported TEXT NOT NULL,"
	"  flags INTEGER NOT NULL DEFAULT 0);"
	/* the original bytes apart, so the event rows stay narrow */
	"CREATE TABLE event_raw(id INTEGER PRIMARY KEY, raw BLOB);"
	"CREATE UNIQUE INDEX event_identity ON event(source, ext_id);"
	"CREATE INDEX event_ts ON event(ts, id, flags);"
	"CREATE INDEX event_authority ON event(authority COLLATE NOCASE, ts, id);"
	"CREATE INDEX event_country ON event(country, ts, id);"
	"CREATE INDEX event_actor ON event(actor, ts, flags);"
	"CREATE TABLE event_flag("
	"  flag INTEGER NOT NULL,"
	"  ts INTEGER NOT NULL,"
	"  event_id INTEGER NOT NULL,"
	"  PRIMARY KEY(flag, ts, event_id)) WITHOUT ROWID;"
	"CREATE TABLE request("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL,"
	"  regime TEXT,"
	"  filed TEXT,"
	"  confirmed TEXT,"
	"  addressee TEXT,"
	"  created TEXT NOT NULL);"
	"CREATE TABLE mark(name TEXT PRIMARY KEY, event_id INTEGER NOT NULL, at TEXT NOT NULL) WITHOUT ROWID;",

	/* 3: original bytes compressed against a dictionary made of an
	 * import's first records (rawz.c); dict 0 = stored as is */
	"CREATE TABLE raw_dict(id INTEGER PRIMARY KEY, dict BLOB NOT NULL);"
	"ALTER TABLE event_raw ADD COLUMN dict INTEGER NOT NULL DEFAULT 0;",

	/* 4: what the FHIR AuditEvent and IHE BALP say beside the rest: whose
	 * record, the organisation an actor acted for, the client application,
	 * a token or consent reference (not a law), the kind of recipient, the
	 * marks shown to the reader, and which flags the law leaves uncertain */
	"ALTER TABLE event ADD COLUMN patient TEXT;"
	"ALTER TABLE event ADD COLUMN organization TEXT;"
	"ALTER TABLE event ADD COLUMN client TEXT;"
	"ALTER TABLE event ADD COLUMN authorization TEXT;"
	"ALTER TABLE event ADD COLUMN dest_kind INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE event ADD COLUMN marks INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE event ADD COLUMN uncertain INTEGER NOT NULL DEFAULT 0;",

	/* 5: requests followed to their answer: the state and its steps (each
	 * with its day, who at the terminal, and the document that proves it),
	 * what is asked, the authority's holidays, an extension claimed, the
	 * mandate it was made under; documents kept in the case; and what the
	 * office board reads (due date, its state, the next action) */
	"ALTER TABLE request ADD COLUMN state TEXT NOT NULL DEFAULT 'filed';"
	"ALTER TABLE request ADD COLUMN channel TEXT;"
	"ALTER TABLE request ADD COLUMN received TEXT;"
	"ALTER TABLE request ADD COLUMN answered TEXT;"
	"ALTER TABLE request ADD COLUMN answer TEXT;"
	"ALTER TABLE request ADD COLUMN about TEXT;"
	"ALTER TABLE request ADD COLUMN correct_value TEXT;"
	"ALTER TABLE request ADD COLUMN controller TEXT;"
	"ALTER TABLE request ADD COLUMN ext_notice TEXT;"
	"ALTER TABLE request ADD COLUMN ext_reasons INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE request ADD COLUMN mandate INTEGER;"
	"ALTER TABLE request ADD COLUMN due TEXT;"
	"ALTER TABLE request ADD COLUMN due_state TEXT;"
	"ALTER TABLE request ADD COLUMN next_action TEXT;"
	"ALTER TABLE request ADD COLUMN updated TEXT;"
	"UPDATE request SET received = filed,"
	"  state = CASE WHEN confirmed IS NOT NULL THEN 'answered' ELSE 'filed' END,"
	"  answer = CASE WHEN confirmed IS NOT NULL THEN 'granted' END,"
	"  answered = confirmed;"
	"CREATE TABLE request_step("
	"  id INTEGER PRIMARY KEY,"
	"  request INTEGER NOT NULL,"
	"  day TEXT NOT NULL,"
	"  at TEXT NOT NULL,"
	"  slot TEXT NOT NULL,"
	"  from_state TEXT,"
	"  to_state TEXT NOT NULL,"
	"  detail TEXT,"
	"  document INTEGER);"
	"CREATE INDEX request_step_request ON request_step(request, id);"
	"CREATE TABLE document("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  mime TEXT,"
	"  size INTEGER NOT NULL,"
	"  sha256 TEXT NOT NULL,"
	"  bytes BLOB NOT NULL,"
	"  added TEXT NOT NULL,"
	"  note TEXT);"
	"CREATE TABLE request_link(request INTEGER NOT NULL, event INTEGER, document INTEGER);"
	"CREATE INDEX request_link_request ON request_link(request);"
	"CREATE TABLE mandate("
	"  id INTEGER PRIMARY KEY,"
	"  holder TEXT NOT NULL,"
	"  granted TEXT NOT NULL,"
	"  revoked TEXT,"
	"  document INTEGER,"
	"  note TEXT);",
	/* 6: the organisation an officer acted for, found by name like an
	 * authority (log list --authority) */
	"CREATE INDEX event_organization ON event(organization COLLATE NOCASE, ts, id);",
	/* 7: a request that follows an earlier one (a complaint about an
	 * overdue or refused request: "escalates"; an access request that
	 * checks a granted correction or erasure: "checks"), and on the
	 * earlier one what that check found (its day, the result, the value
	 * the record now holds) */
	"ALTER TABLE request ADD COLUMN follows INTEGER;"
	"ALTER TABLE request ADD COLUMN relation TEXT;"
	"ALTER TABLE request ADD COLUMN check_day TEXT;"
	"ALTER TABLE request ADD COLUMN check_result TEXT;"
	"ALTER TABLE request ADD COLUMN held_value TEXT;",
	/* 8: the registries this case talks to (doc/registry-api.md): where,
	 * how the connection is checked, and where its sync stands: the next
	 * page of a sync cut short, the newest event time of the last whole
	 * sync, and what the last attempt found */
	"CREATE TABLE registry ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" base_url TEXT NOT NULL,"
	" regime TEXT,"
	" pins TEXT,"
	" ca BLOB,"
	" client_cert BLOB,"
	" token BLOB,"
	" added TEXT NOT NULL,"
	" fhir_base TEXT,"
	" next_url TEXT,"
	" sync_high TEXT,"
	" since TEXT,"
	" last_attempt TEXT,"
	" last_reached TEXT,"
	" last_result TEXT,"
	" last_note TEXT,"
	" last_events INTEGER);",
	/* 9: what else a case keeps of a registry: the certificate that
	 * signs its exports, the office's client certificate and key (mutual
	 * TLS), the sign-in (client id, scope, expiry, refresh token), the Data Rights
	 * Protocol agent key (Ed25519, libsodium), agent id and business id
	 * it pairs under and the token the pairing gave; on a request, where
	 * it was submitted and what the
	 * registry last said of it (its id there, the URL to ask, its status
	 * and reason, the date it expects to answer by, when last asked);
	 * and the signed exports downloaded, kept with their signatures */
	"ALTER TABLE registry ADD COLUMN signing_cert TEXT;"
	"ALTER TABLE registry ADD COLUMN client_key BLOB;"
	"ALTER TABLE registry ADD COLUMN token_expires TEXT;"
	"ALTER TABLE registry ADD COLUMN refresh_token BLOB;"
	"ALTER TABLE registry ADD COLUMN drp_key BLOB;"
	"ALTER TABLE registry ADD COLUMN drp_agent TEXT;"
	"ALTER TABLE registry ADD COLUMN drp_business TEXT;"
	"ALTER TABLE registry ADD COLUMN drp_token BLOB;"
	"ALTER TABLE registry ADD COLUMN oauth_client_id TEXT;"
	"ALTER TABLE registry ADD COLUMN oauth_scope TEXT;"
	"ALTER TABLE request ADD COLUMN registry INTEGER;"
	"ALTER TABLE request ADD COLUMN remote_id TEXT;"
	"ALTER TABLE request ADD COLUMN remote_url TEXT;"
	"ALTER TABLE request ADD COLUMN remote_status TEXT;"
	"ALTER TABLE request ADD COLUMN remote_reason TEXT;"
	"ALTER TABLE request ADD COLUMN expected_by TEXT;"
	"ALTER TABLE request ADD COLUMN remote_checked TEXT;"
	"CREATE TABLE export ("
	" id INTEGER PRIMARY KEY,"
	" registry INTEGER NOT NULL,"
	" fetched TEXT NOT NULL,"
	" name TEXT NOT NULL,"
	" mime TEXT,"
	" size INTEGER NOT NULL,"
	" sha256 TEXT NOT NULL,"
	" bytes BLOB NOT NULL,"
	" signature BLOB NOT NULL,"
	" signer TEXT NOT NULL,"
	" signed_at TEXT);",
	/* 10: evidence bundles (doc/bundles.md): every file received (an
	 * imported log, a registry's page) kept whole, zstd-compressed in
	 * chunks, with its SHA-256 and the events it added (ids from..to);
	 * the certificate and key the case signs bundles with; the journal
	 * checkpoints signed into bundles; and each bundle made */
	"CREATE TABLE received ("
	" id INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL,"
	" name TEXT NOT NULL,"
	" format TEXT,"
	" size INTEGER NOT NULL,"
	" sha256 TEXT NOT NULL,"
	" at TEXT NOT NULL,"
	" registry INTEGER,"
	" url TEXT,"
	" events_from INTEGER,"
	" events_to INTEGER);"
	"CREATE TABLE received_chunk ("
	" id INTEGER PRIMARY KEY,"
	" file INTEGER NOT NULL,"
	" bytes BLOB NOT NULL);"
	"CREATE INDEX received_chunk_file ON received_chunk(file, id);"
	"CREATE TABLE signer ("
	" id INTEGER PRIMARY KEY,"
	" cert TEXT NOT NULL,"
	" key BLOB NOT NULL,"
	" fingerprint TEXT NOT NULL,"
	" subject TEXT,"
	" added TEXT NOT NULL,"
	" retired TEXT);"
	"CREATE TABLE checkpoint ("
	" id INTEGER PRIMARY KEY,"
	" at TEXT NOT NULL,"
	" seq INTEGER NOT NULL,"
	" head TEXT NOT NULL,"
	" doc BLOB NOT NULL,"
	" signature BLOB,"
	" stamp BLOB);"
	"CREATE TABLE bundle ("
	" id INTEGER PRIMARY KEY,"
	" made TEXT NOT NULL,"
	" slot TEXT NOT NULL,"
	" name TEXT NOT NULL,"
	" format TEXT NOT NULL,"
	" content TEXT NOT NULL,"
	" files INTEGER NOT NULL,"
	" bytes INTEGER NOT NULL,"
	" tagmanifest_sha256 TEXT NOT NULL,"
	" signer TEXT,"
	" stamped TEXT,"
	" checkpoint INTEGER);",
};

#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

int schema_version_latest(void)
{
	return N_MIGRATIONS;
}

static int user_version(struct rc_case *c)
{
	enum rc_status st = RC_OK;
	int64_t v = db_one_int(&c->db, "PRAGMA user_version", -1, &st);
	return st == RC_OK && v >= 0 && v < 1000000 ? (int)v : -1;
}

enum rc_status schema_migrate(struct rc_case *c)
{
	int v = user_version(c);
	if (v < 0)
		return RC_CORRUPT;
	if (v > N_MIGRATIONS)
		return RC_TOONEW;
	int start = v;
	for (; v < N_MIGRATIONS; v++) {
		enum rc_status st = db_begin(&c->db);
		if (st != RC_OK)
			return st;
		st = db_exec(&c->db, migrations[v]);
		if (st == RC_OK) {
			char sql[48];
			snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
			st = db_exec(&c->db, sql);
		}
		if (st == RC_OK && start > 0 && !c->plain) {
			char obj[16];
			snprintf(obj, sizeof obj, "%d", v + 1);
			st = journal_append_tx(c, "schema-migrate", obj);
		}
		if (st != RC_OK) {
			db_rollback(&c->db);
			return st;
		}
		st = db_commit(&c->db);
		if (st != RC_OK)
			return st;
	}
	return RC_OK;
}
