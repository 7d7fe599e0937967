/* office_link.c - a case's side of the office board (doc/office.md).
 *
 * A case that joined an office keeps, in its own encrypted meta table,
 * the office folder, the office's public key and id, its own id on the
 * board (random, not its label), and two counters: office_seq, raised in
 * the same transaction as every change the board shows, and office_sent,
 * the last one written to the office.  After the commit the case writes
 * its whole board, sealed to the office's key, into the office's inbox.
 * When that fails (the office's folder is on a stick that was pulled, the
 * disk is full) office_sent stays behind, and the next change or the next
 * opening of the case writes it: the board catches up. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store-int.h"

enum rc_status office_public_read(const char *dir, char id[RC_BOARD_ID_HEX + 1], unsigned char *pk);

void office_link_free(struct office_link **l)
{
	if (!*l)
		return;
	office_pg_close(&(*l)->pg);
	free((*l)->db);
	free((*l)->dir);
	free(*l);
	*l = NULL;
}

static char *meta_text(struct rc_case *c, const char *k, enum rc_status *st)
{
	sqlite3_stmt *q;
	char *v = NULL;
	if ((*st = db_prepare(&c->db, "SELECT value FROM meta WHERE key = ?1", &q)) != RC_OK)
		return NULL;
	sqlite3_bind_text(q, 1, k, -1, SQLITE_STATIC);
	if (db_row(&c->db, q, st))
		v = db_col_text(q, 0);
	sqlite3_finalize(q);
	return v;
}

static enum rc_status meta_set(struct rc_case *c, const char *k, const char *v)
{
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, v ? "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)"
	                                         : "DELETE FROM meta WHERE key = ?1", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_text(q, 1, k, -1, SQLITE_STATIC);
	if (v)
		sqlite3_bind_text(q, 2, v, -1, SQLITE_STATIC);
	st = db_run(&c->db, q);
	sqlite3_finalize(q);
	return st;
}

static uint64_t meta_u64(struct rc_case *c, const char *k, enum rc_status *st)
{
	char *v = meta_text(c, k, st);
	uint64_t n = v ? strtoull(v, NULL, 10) : 0;
	free(v);
	return n;
}

static enum rc_status meta_set_u64(struct rc_case *c, const char *k, uint64_t v)
{
	char b[24];
	snprintf(b, sizeof b, "%" PRIu64, v);
	return meta_set(c, k, b);
}

/* The link, read once per opening (joins and leaves reset it). */
static enum rc_status link_load(struct rc_case *c)
{
	if (c->office_loaded)
		return RC_OK;
	enum rc_status st = RC_OK;
	char *dir = meta_text(c, "office_dir", &st);
	char *id = st == RC_OK ? meta_text(c, "office_id", &st) : NULL;
	char *pk = st == RC_OK ? meta_text(c, "office_pk", &st) : NULL;
	char *cid = st == RC_OK ? meta_text(c, "office_case_id", &st) : NULL;
	char *db = st == RC_OK ? meta_text(c, "office_db", &st) : NULL;
	if (st == RC_OK && db && cid && strlen(cid) == RC_BOARD_ID_HEX) {
		struct office_link *l = rc_xcalloc(1, sizeof *l);
		l->db = db;
		db = NULL;
		if (id && strlen(id) == RC_BOARD_ID_HEX)
			memcpy(l->office_id, id, RC_BOARD_ID_HEX + 1);
		else
			memset(l->office_id, '0', RC_BOARD_ID_HEX);
		memcpy(l->case_id, cid, RC_BOARD_ID_HEX + 1);
		c->office = l;
	} else if (st == RC_OK && dir && id && pk && cid && strlen(id) == RC_BOARD_ID_HEX && strlen(cid) == RC_BOARD_ID_HEX) {
		struct office_link *l = rc_xcalloc(1, sizeof *l);
		l->dir = dir;
		dir = NULL;
		memcpy(l->office_id, id, RC_BOARD_ID_HEX + 1);
		memcpy(l->case_id, cid, RC_BOARD_ID_HEX + 1);
		if (rc_hex_decode(pk, strlen(pk), l->pk, sizeof l->pk)) {
			c->office = l;
		} else {
			office_link_free(&l);
			st = RC_CORRUPT;
		}
	}
	free(dir);
	free(id);
	free(pk);
	free(cid);
	free(db);
	if (st == RC_OK)
		c->office_loaded = true;
	return st;
}

enum rc_status office_touch(struct rc_case *c)
{
	enum rc_status st = link_load(c);
	if (st != RC_OK || !c->office || c->office_dirty)
		return st;
	st = db_exec(&c->db, "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'office_seq'");
	if (st == RC_OK)
		c->office_dirty = true;
	return st;
}

static char *case_label(const struct rc_case *c)
{
	const char *base = strrchr(c->path, '/') ? strrchr(c->path, '/') + 1 : c->path;
	char *label = rc_xstrdup(base);
	size_t n = strlen(label);
	if (n > 5 && !strcmp(label + n - 5, ".case"))
		label[n - 5] = 0;
	return label;
}

static int cmp_id(const void *a, const void *b)
{
	const struct rc_request_row *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The case's board now, from one state of the case. */
static enum rc_status snapshot(struct rc_case *c, bool left, struct rc_board_snapshot *s, uint64_t seq)
{
	memset(s, 0, sizeof *s);
	memcpy(s->office, c->office->office_id, sizeof s->office);
	memcpy(s->case_id, c->office->case_id, sizeof s->case_id);
	s->seq = seq;
	s->label = case_label(c);
	s->left = left;
	if (left)
		return RC_OK;
	struct rc_request_row *rows;
	size_t n;
	enum rc_status st = rc_case_requests(c, &rows, &n);
	if (st != RC_OK)
		return st;
	if (n > 1)
		qsort(rows, n, sizeof *rows, cmp_id); /* the board's text has them in order */
	s->reqs = rc_xcalloc(n ? n : 1, sizeof *s->reqs);
	size_t cap = 0;
	for (size_t i = 0; i < n && st == RC_OK; i++) {
		struct rc_request_row *r = &rows[i];
		struct rc_board_req *b = &s->reqs[s->nreqs++];
		/* only what the board needs: never about, correct_value,
		 * addressee, held_value, the steps' details or slots */
		b->id = r->id;
		b->kind = r->kind ? rc_xstrdup(r->kind) : NULL;
		b->regime = r->regime && *r->regime ? rc_xstrdup(r->regime) : NULL;
		b->state = r->state ? rc_xstrdup(r->state) : rc_xstrdup("draft");
		b->filed = r->filed ? rc_xstrndup(r->filed, 10) : NULL;
		b->received = r->received ? rc_xstrndup(r->received, 10) : NULL;
		b->controller = r->controller && *r->controller ? rc_xstrdup(r->controller) : NULL;
		b->ext_notice = r->ext_notice ? rc_xstrndup(r->ext_notice, 10) : NULL;
		b->ext_reasons = r->ext_reasons;
		b->answered = r->answered ? rc_xstrndup(r->answered, 10) : NULL;
		b->answer = r->answer ? rc_xstrdup(r->answer) : NULL;
		b->relation = r->relation ? rc_xstrdup(r->relation) : NULL;
		b->follows = r->follows;
		b->check_result = r->check_result ? rc_xstrdup(r->check_result) : NULL;
		b->due = r->due ? rc_xstrndup(r->due, 10) : NULL;
		b->due_state = r->due_state ? rc_xstrdup(r->due_state) : NULL;
		b->next_action = r->next_action ? rc_xstrdup(r->next_action) : NULL;
		b->updated = r->updated ? rc_xstrdup(r->updated) : NULL;
		struct rc_request_step *steps;
		size_t ns;
		st = rc_case_request_steps(c, r->id, &steps, &ns);
		for (size_t k = 0; st == RC_OK && k < ns; k++) {
			if (!steps[k].day || !steps[k].to_state)
				continue;
			if (s->nsteps == cap) {
				cap = cap ? cap * 2 : 16;
				s->steps = rc_xrealloc(s->steps, cap * sizeof *s->steps);
			}
			struct rc_board_step *t = &s->steps[s->nsteps++];
			t->req = r->id;
			snprintf(t->day, sizeof t->day, "%.10s", steps[k].day);
			snprintf(t->from, sizeof t->from, "%s", steps[k].from_state && *steps[k].from_state ? steps[k].from_state : "none");
			snprintf(t->to, sizeof t->to, "%s", steps[k].to_state);
		}
		if (st == RC_OK)
			rc_request_steps_free(&steps, ns);
	}
	rc_request_rows_free(&rows, n);
	return st;
}

/* Write the sealed update into the office's inbox: a temporary name, its
 * bytes synced, then renamed (a reader never sees half of one). */
static enum rc_status drop(const struct office_link *l, uint64_t seq, const unsigned char *sealed, size_t n)
{
	size_t plen = strlen(l->dir) + 80;
	char *tmp = rc_xmalloc(plen), *fin = rc_xmalloc(plen), *inbox = rc_xmalloc(plen);
	snprintf(inbox, plen, "%s/inbox", l->dir);
	snprintf(fin, plen, "%s/%s-%020" PRIu64 ".board", inbox, l->case_id, seq);
	snprintf(tmp, plen, "%s/%s-%020" PRIu64 ".tmp", inbox, l->case_id, seq);
	enum rc_status st = RC_OK;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		st = rc_status_from_errno(errno);
	for (size_t done = 0; st == RC_OK && done < n;) {
		ssize_t w = write(fd, sealed + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			st = rc_status_from_errno(w < 0 ? errno : EIO);
		else
			done += (size_t)w;
	}
	if (st == RC_OK && fsync(fd) != 0)
		st = rc_status_from_errno(errno);
	if (fd >= 0 && close(fd) != 0 && st == RC_OK)
		st = rc_status_from_errno(errno);
	if (st == RC_OK && rename(tmp, fin) != 0)
		st = rc_status_from_errno(errno);
	if (st == RC_OK) {
		int dfd = open(inbox, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	} else {
		unlink(tmp);
		rc_error_set(_("The office board at %s could not be told of this change (%s). It will be, the next time this case is opened or changed there."),
			l->dir, strerror(errno ? errno : EIO));
	}
	free(tmp);
	free(fin);
	free(inbox);
	return st;
}

/* The link changed place (a board that moved): written in the case, its
 * id and counters kept, since the moved board holds its rows under them. */
static enum rc_status relink(struct rc_case *c, const char *to)
{
	enum rc_status st;
	char id[RC_BOARD_ID_HEX + 1], pkhex[2 * crypto_box_PUBLICKEYBYTES + 1];
	unsigned char pk[crypto_box_PUBLICKEYBYTES];
	bool dir = to[0] == '/';
	if (dir) {
		if ((st = office_public_read(to, id, pk)) != RC_OK)
			return st;
		rc_hex_encode(pk, sizeof pk, pkhex);
	}
	if ((st = db_begin(&c->db)) != RC_OK)
		return st;
	if (dir) {
		st = meta_set(c, "office_db", NULL);
		if (st == RC_OK)
			st = meta_set(c, "office_dir", to);
		if (st == RC_OK)
			st = meta_set(c, "office_id", id);
		if (st == RC_OK)
			st = meta_set(c, "office_pk", pkhex);
	} else {
		st = meta_set(c, "office_db", to);
		static const char *const gone[] = { "office_dir", "office_id", "office_pk" };
		for (size_t i = 0; st == RC_OK && i < 3; i++)
			st = meta_set(c, gone[i], NULL);
	}
	if (st == RC_OK)
		st = journal_append_tx(c, "office-moved", dir ? id : "postgresql");
	if (st == RC_OK)
		st = db_commit(&c->db);
	else
		db_rollback(&c->db);
	if (st == RC_OK) {
		rc_log(RC_LOG_INFO, "office: the board moved; this case now writes to %s", dir ? to : "PostgreSQL");
		office_link_free(&c->office);
		c->office_loaded = false;
		st = link_load(c);
	}
	return st;
}

/* Follow a board that moved (the note it left), at most twice. */
static enum rc_status follow_moves(struct rc_case *c)
{
	for (int hop = 0; hop < 2 && c->office; hop++) {
		char *to = NULL;
		enum rc_status st;
		if (c->office->db) {
			if (!c->office->pg && (st = office_pg_connect(c->office->db, false, &c->office->pg)) != RC_OK)
				return st;
			st = office_pg_moved_to(c->office->pg, NULL, &to);
		} else {
			st = rc_office_moved(c->office->dir, &to);
		}
		if (st != RC_OK || !to)
			return st;
		st = relink(c, to);
		free(to);
		if (st != RC_OK)
			return st;
	}
	return RC_OK;
}

static enum rc_status send_db(struct rc_case *c, const struct rc_board_snapshot *s)
{
	struct office_link *l = c->office;
	enum rc_status st = RC_OK;
	if (!l->pg)
		st = office_pg_connect(l->db, false, &l->pg);
	bool applied = false;
	if (st == RC_OK)
		st = office_pg_push(l->pg, s, &applied);
	if (st == RC_NOSERVER)
		office_pg_close(&l->pg); /* made again at the next change */
	if (st == RC_NOSERVER) {
		char saved[600];
		snprintf(saved, sizeof saved, "%s", rc_error_detail());
		rc_error_set(_("The office database could not be told of this change (%s). It will be, the next time this case is opened or changed."), saved);
	}
	return st;
}

/* Seal and drop the board at the case's present office_seq; office_sent
 * follows on success. */
static enum rc_status send_now(struct rc_case *c, bool left)
{
	enum rc_status st = follow_moves(c);
	if (st != RC_OK && st != RC_NOSERVER)
		rc_log(RC_LOG_WARN, "office: could not follow a moved board: %s", rc_error_detail());
	if (st == RC_NOSERVER) {
		char saved[600];
		snprintf(saved, sizeof saved, "%s", rc_error_detail());
		rc_error_set(_("The office database could not be told of this change (%s). It will be, the next time this case is opened or changed."), saved);
		c->office_behind = true;
		return st;
	}
	st = db_begin(&c->db);
	if (st != RC_OK)
		return st;
	uint64_t seq = meta_u64(c, "office_seq", &st);
	struct rc_board_snapshot s;
	memset(&s, 0, sizeof s);
	if (st == RC_OK)
		st = snapshot(c, left, &s, seq);
	db_rollback(&c->db);
	if (st != RC_OK) {
		rc_board_snapshot_clear(&s);
		return st;
	}
	if (c->office->db) {
		st = send_db(c, &s);
		rc_board_snapshot_clear(&s);
	} else {
		struct rc_buf text;
		rc_buf_init(&text);
		rc_board_encode(&s, &text);
		rc_board_snapshot_clear(&s);
		size_t n = text.len + crypto_box_SEALBYTES;
		unsigned char *sealed = rc_xmalloc(n);
		crypto_box_seal(sealed, (const unsigned char *)text.data, text.len, c->office->pk);
		sodium_memzero(text.data, text.len);
		rc_buf_free(&text);
		st = drop(c->office, seq, sealed, n);
		free(sealed);
	}
	if (st == RC_OK) {
		char saved[512];
		snprintf(saved, sizeof saved, "%s", rc_error_detail());
		st = db_begin(&c->db);
		if (st == RC_OK) {
			uint64_t sent = meta_u64(c, "office_sent", &st);
			if (st == RC_OK && seq > sent)
				st = meta_set_u64(c, "office_sent", seq);
			if (st == RC_OK)
				st = db_commit(&c->db);
			else
				db_rollback(&c->db);
		}
		rc_error_set("%s", saved);
	}
	c->office_behind = st != RC_OK;
	return st;
}

static char trouble[1024];

const char *rc_case_office_trouble(void)
{
	return trouble;
}

static void note_trouble(void)
{
	snprintf(trouble, sizeof trouble, "%s", rc_error_detail());
}

void office_after_commit(struct rc_case *c)
{
	if (!c->office_dirty)
		return;
	c->office_dirty = false;
	if (!c->office)
		return;
	char saved[1024];
	snprintf(saved, sizeof saved, "%s", rc_error_detail());
	if (send_now(c, false) != RC_OK) {
		note_trouble();
		rc_log(RC_LOG_WARN, "office: the update could not be written; it will be at the next change or opening");
	}
	rc_error_set("%s", saved); /* the change's own message stands */
}

/* At opening: an update that could not be written before is written now. */
void office_catch_up(struct rc_case *c)
{
	if (link_load(c) != RC_OK || !c->office)
		return;
	enum rc_status st = RC_OK;
	uint64_t seq = meta_u64(c, "office_seq", &st), sent = meta_u64(c, "office_sent", &st);
	if (st == RC_OK && sent < seq && send_now(c, false) != RC_OK) {
		note_trouble();
		rc_log(RC_LOG_WARN, "office: still behind (%" PRIu64 " of %" PRIu64 ")", sent, seq);
		rc_error_clear();
	}
	if (st == RC_OK && sent >= seq)
		c->office_behind = false;
}

enum rc_status rc_case_office(struct rc_case *c, char **dir, bool *behind)
{
	*dir = NULL;
	*behind = false;
	enum rc_status st = link_load(c);
	if (st != RC_OK || !c->office)
		return st;
	uint64_t seq = meta_u64(c, "office_seq", &st), sent = meta_u64(c, "office_sent", &st);
	*dir = rc_xstrdup(c->office->dir ? c->office->dir : c->office->db);
	*behind = sent < seq;
	return st;
}

enum rc_status rc_case_office_join(struct rc_case *c, const char *office_dir)
{
	rc_error_clear();
	char id[RC_BOARD_ID_HEX + 1];
	unsigned char pk[crypto_box_PUBLICKEYBYTES];
	enum rc_status st = office_public_read(office_dir, id, pk);
	if (st != RC_OK)
		return st;
	char *label = case_label(c);
	bool ok = rc_board_label_valid(label);
	free(label);
	if (!ok) {
		rc_error_set("%s", _("This case's label cannot be shown on the office board."));
		return RC_INVALID;
	}
	char *abs = realpath(office_dir, NULL);
	st = link_load(c);
	if (st == RC_OK && c->office && c->office->dir && !strcmp(c->office->office_id, id) && !strcmp(c->office->dir, abs ? abs : office_dir)) {
		free(abs);
		return rc_case_office_send(c); /* already there: sent again */
	}
	/* a new id on every board it joins (two boards never share one); the
	 * same board found at another path keeps it */
	unsigned char raw[RC_BOARD_ID_HEX / 2];
	char cid[RC_BOARD_ID_HEX + 1], pkhex[2 * sizeof pk + 1];
	randombytes_buf(raw, sizeof raw);
	rc_hex_encode(raw, sizeof raw, cid);
	if (st == RC_OK && c->office && !strcmp(c->office->office_id, id))
		memcpy(cid, c->office->case_id, sizeof cid);
	rc_hex_encode(pk, sizeof pk, pkhex);
	if (st == RC_OK)
		st = db_begin(&c->db);
	if (st == RC_OK) {
		uint64_t seq = meta_u64(c, "office_seq", &st);
		if (st == RC_OK)
			st = meta_set(c, "office_dir", abs ? abs : office_dir);
		if (st == RC_OK)
			st = meta_set(c, "office_id", id);
		if (st == RC_OK)
			st = meta_set(c, "office_pk", pkhex);
		if (st == RC_OK)
			st = meta_set(c, "office_case_id", cid);
		if (st == RC_OK)
			st = meta_set_u64(c, "office_seq", seq + 1);
		if (st == RC_OK)
			st = meta_set_u64(c, "office_sent", 0);
		if (st == RC_OK)
			st = journal_append_tx(c, "office-join", id);
		if (st == RC_OK)
			st = db_commit(&c->db);
		else
			db_rollback(&c->db);
	}
	free(abs);
	office_link_free(&c->office);
	c->office_loaded = false;
	if (st == RC_OK)
		st = link_load(c);
	if (st == RC_OK)
		st = send_now(c, false);
	return st;
}

enum rc_status rc_case_office_join_db(struct rc_case *c, const char *conninfo)
{
	rc_error_clear();
	struct office_pg *pg;
	enum rc_status st = office_pg_connect(conninfo, false, &pg);
	char bid[RC_BOARD_ID_HEX + 1];
	if (st == RC_OK)
		st = office_pg_id(pg, bid);
	office_pg_close(&pg);
	if (st != RC_OK)
		return st;
	char *label = case_label(c);
	bool ok = rc_board_label_valid(label);
	free(label);
	if (!ok) {
		rc_error_set("%s", _("This case's label cannot be shown on the office board."));
		return RC_INVALID;
	}
	st = link_load(c);
	if (st == RC_OK && c->office && c->office->db && !strcmp(c->office->db, conninfo))
		return rc_case_office_send(c);
	/* the same board (another role, another address): the same id on it */
	unsigned char raw[RC_BOARD_ID_HEX / 2];
	char cid[RC_BOARD_ID_HEX + 1];
	randombytes_buf(raw, sizeof raw);
	rc_hex_encode(raw, sizeof raw, cid);
	if (st == RC_OK && c->office && !strcmp(c->office->office_id, bid))
		memcpy(cid, c->office->case_id, sizeof cid);
	if (st == RC_OK)
		st = db_begin(&c->db);
	if (st == RC_OK) {
		uint64_t seq = meta_u64(c, "office_seq", &st);
		static const char *const gone[] = { "office_dir", "office_pk" };
		for (size_t i = 0; st == RC_OK && i < 2; i++)
			st = meta_set(c, gone[i], NULL);
		if (st == RC_OK)
			st = meta_set(c, "office_db", conninfo);
		if (st == RC_OK)
			st = meta_set(c, "office_id", bid);
		if (st == RC_OK)
			st = meta_set(c, "office_case_id", cid);
		if (st == RC_OK)
			st = meta_set_u64(c, "office_seq", seq + 1);
		if (st == RC_OK)
			st = meta_set_u64(c, "office_sent", 0);
		if (st == RC_OK)
			st = journal_append_tx(c, "office-join", "postgresql");
		if (st == RC_OK)
			st = db_commit(&c->db);
		else
			db_rollback(&c->db);
	}
	office_link_free(&c->office);
	c->office_loaded = false;
	if (st == RC_OK)
		st = link_load(c);
	if (st == RC_OK)
		st = send_now(c, false);
	return st;
}

enum rc_status rc_case_office_send(struct rc_case *c)
{
	rc_error_clear();
	enum rc_status st = link_load(c);
	if (st != RC_OK)
		return st;
	if (!c->office) {
		rc_error_set("%s", _("This case has not joined an office board."));
		return RC_NOTFOUND;
	}
	return send_now(c, false);
}

enum rc_status rc_case_office_leave(struct rc_case *c)
{
	rc_error_clear();
	enum rc_status st = link_load(c);
	if (st != RC_OK)
		return st;
	if (!c->office) {
		rc_error_set("%s", _("This case has not joined an office board."));
		return RC_NOTFOUND;
	}
	/* the office is told first: a case that cannot reach it stays joined,
	 * so that it can be told later */
	st = db_begin(&c->db);
	if (st == RC_OK) {
		uint64_t seq = meta_u64(c, "office_seq", &st);
		if (st == RC_OK)
			st = meta_set_u64(c, "office_seq", seq + 1);
		if (st == RC_OK)
			st = db_commit(&c->db);
		else
			db_rollback(&c->db);
	}
	if (st == RC_OK)
		st = send_now(c, true);
	if (st != RC_OK)
		return st;
	st = db_begin(&c->db);
	static const char *const keys[] = { "office_dir", "office_id", "office_pk", "office_case_id", "office_seq",
		"office_sent", "office_db" };
	for (size_t i = 0; st == RC_OK && i < sizeof keys / sizeof keys[0]; i++)
		st = meta_set(c, keys[i], NULL);
	if (st == RC_OK)
		st = journal_append_tx(c, "office-leave", c->office->db ? "postgresql" : c->office->office_id);
	if (st == RC_OK)
		st = db_commit(&c->db);
	else
		db_rollback(&c->db);
	office_link_free(&c->office);
	c->office_loaded = false;
	return st;
}
