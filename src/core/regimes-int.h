/* regimes-int.h - shared by the regime files of src/core (fold.c,
 * regime_read.c, regimes.c): what a regime file holds once read.
 * The format is data/regimes/README.md. */
#ifndef RECOURSE_REGIMES_INT_H
#define RECOURSE_REGIMES_INT_H

#include "core.h"

#define ID_MAX 31

enum kw_class {
	KW_MANDATE,            /* asylum, immigration, border: these win */
	KW_MANDATE_IF_PURPOSE, /* police: a mandate when a purpose is recorded */
	KW_NONE,               /* services: health, schools, welfare, ... */
	KW_NONE_IF_NO_PURPOSE  /* local police without a purpose */
};

struct area {
	char *name;
	char *title;
	char (*cc)[3];
	size_t n;
};

struct kwset {
	enum kw_class cls;
	char *sector;  /* "health", ... or NULL */
	char **kw;     /* folded (see fold()) */
	size_t n;
};

struct dataset {
	const char *id, *title, *start, *uncertain; /* pool strings */
};

struct system {
	const char *id, *name;
	char **match;  /* folded patterns (owned) */
	size_t n_match;
	struct dataset *ds; /* at least one ("record" when the file names none) */
	size_t n_ds;
};

/* Where a rule comes from, and whether the law is settled on it. */
struct cite {
	const char *article, *instrument, *uncertain; /* pool strings or NULL */
};

struct retention {
	size_t sys, ds;              /* indexes into the regime's systems */
	struct rc_period period;
	const char *start;
	struct cite cite;
};

/* enum rc_transfer_rule values, -1 when the file does not say */
struct transfers {
	bool known;
	int outside, international, private_;
	struct cite cite;
	const char *exception, *exception_article;
};

struct log_rule {
	bool known, required;
	struct cite cite;
};

struct version {
	const char *id;
	struct rc_ymd from, until;   /* until.y == 0: still in force */
	const char *instrument;
	const char *uncertain;
	/* the area: a name in the common document, or a list */
	const char *area_ref;
	char (*area)[3];
	size_t n_area;
	bool has_area;
	struct log_rule log_purpose, log_legal_basis;
	struct retention *ret;
	size_t n_ret;
	struct transfers tr;
	struct rc_request_rule req[RC_REQ_KIND_COUNT];
};

struct regime {
	char *id, *title, *cite;
	struct system *sys;
	size_t n_sys;
	struct version *ver;
	size_t n_ver;
	struct rc_escalation *esc; /* every version's escalation steps */
	size_t n_esc;
	char **pool;               /* the strings the rest points into */
	size_t n_pool;
};

/* A set of regimes: a catalogue that owns what it read, or a subset of
 * one (borrowed: its regime entries are shallow copies and its areas and
 * keyword lists the catalogue's own). */
struct rc_regimes {
	bool borrowed;
	struct regime *reg;
	size_t n_reg;
	struct area *areas;
	size_t n_areas;
	struct kwset *kw;
	size_t n_kw;
};

/* fold.c: lower case, accents off (Latin, Greek), anything else a space;
 * with pad, a space at each end.  Malloc'ed. */
char *fold(const char *s, bool pad);
/* A keyword or pattern as written in a file (a space at an end means a
 * word boundary); NULL when it has no letter or digit. */
char *fold_keyword(const char *s);
bool fold_matches_any(char *const *kw, size_t n, const char *folded);

/* regime_read.c */
void regimes_contents_clear(struct rc_regimes *r);

/* regimes.c: the version of g in force on day d, or NULL. */
const struct version *regime_version_at(const struct regime *g, struct rc_ymd d);

#endif
