/* sim.h - recourse-registry-sim: a training registry that serves
 * fictional FHIR R4 AuditEvents on the loopback interface.
 *
 * Files:
 *   main.c       options, the HTTP server, the request router, the log
 *   data.c       the fictional persons and the deterministic events
 *   datadir.c    --data DIR: persons and their events from files
 *   fhir.c       the JSON endpoints: discovery, metadata, AuditEvent search
 *   misbehave.c  the misbehaviours (slow, truncated, oversized, ...)
 *   export.c     the signed export and its CMS signature (OpenSSL)
 *   util.c       growable buffer, JSON and URL escaping, dates and times
 *
 * Everything in struct sim is set before the server starts and only read
 * afterwards, except the atomic counters and the stop flag. */
#ifndef RECOURSE_SIM_H
#define RECOURSE_SIM_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <microhttpd.h>

#define SIM_PROGRAM "recourse-registry-sim"
#ifdef PACKAGE_VERSION
#define SIM_VERSION PACKAGE_VERSION
#else
#define SIM_VERSION "dev"
#endif

/* Limits. */
#define SIM_COUNT_DEFAULT 100
#define SIM_COUNT_MAX 1000
#define SIM_EVENTS_MAX 10000000ULL /* per person: 37 minutes apart, ~700 years */
#define SIM_REF_MAX 512

/* The newest event of every person (2026-11-30T12:00:00Z). */
#define SIM_T0 1796040000LL

/* Misbehaviours, as bits. */
enum {
	MB_SLOW = 1u << 0,
	MB_TRUNCATED = 1u << 1,
	MB_OVERSIZED = 1u << 2,
	MB_MALFORMED = 1u << 3,
	MB_REDIRECT = 1u << 4,
	MB_NEXT_ELSEWHERE = 1u << 5,
	MB_RATELIMIT = 1u << 6,
	MB_UNAVAILABLE = 1u << 7,
	MB_ESCAPES = 1u << 8,
	MB_FOREIGN = 1u << 9,
	MB_WRONG_TOTAL = 1u << 10,
	MB_BAD_SIGNATURE = 1u << 11,
	MB_TAMPERED = 1u << 12,
	MB_WRONG_SIGNER = 1u << 13,
	MB_CHANGED = 1u << 14,
	MB_SLOW_DOWN = 1u << 15,
	MB_HTTP_VERIFY = 1u << 16,
	MB_BAD_TASK = 1u << 17,
	MB_DRP_BAD_STATUS = 1u << 18,
};

/* A growable byte buffer. */
struct jbuf {
	char *p;
	size_t len, cap;
};

/* One event of a person read from a file (--data): its line as written. */
struct fevent {
	char *json;       /* the resource, as in the file (one line) */
	size_t len;
	char *id;         /* its id (a FHIR id: at most 64 of [A-Za-z0-9.-]) */
	int64_t t;        /* recorded, else occurred / period (end, else start) */
	uint64_t line;    /* in the file, for the sort's ties */
};

/* One fictional person. */
struct person {
	char *ref;        /* as given: "Patient/sim-0001" or "system|value" */
	char *ref_json;   /* JSON-escaped, without quotes */
	char *ref_url;    /* URL-encoded, for links */
	bool is_ident;    /* "system|value": entity.what.identifier */
	char *sys_json, *val_json;
	uint64_t count;
	bool withheld;
	uint32_t hash;
	char hash8[9];    /* hex of hash, in event ids */
	struct fevent *fev; /* from a file (--data): count events, newest first; NULL: generated */
	size_t *by_id;      /* indices of fev sorted by id */
};

struct sim {
	const char *name;
	uint64_t seed;
	struct person *persons;
	size_t npersons;
	unsigned misbehave;
	unsigned delay_ms;
	unsigned port;
	bool tls;
	char base[64];      /* "http://127.0.0.1:PORT" */
	char elsewhere[64]; /* "http://127.0.0.2:PORT" */
	atomic_uint n_throttle;   /* AuditEvent requests seen by ratelimit/unavailable */
	/* sign-in (oauth.c) */
	bool oauth;               /* discovery offers the device grant */
	bool require_token;       /* the FHIR endpoints want a bearer token */
	bool bind_token;          /* tokens bound to the client certificate (RFC 8705) */
	unsigned approve_after;   /* approve a grant after N polls; 0: by GET /device */
	bool deny;                /* refuse every grant (access_denied) */
	unsigned interval;        /* seconds between polls (default 5) */
	unsigned device_expires;  /* seconds a user code lives (default 600) */
	unsigned token_expires;   /* seconds a token lives (default 3600) */
	const char *tokens_file;  /* append each issued token here (tests) */
	bool client_ca;           /* a client certificate is required (mutual TLS) */
	atomic_bool stopping;
	/* requests (requests.c): seconds between the steps of a request's
	 * status (0: its outcome at once), the outcome, and where to write
	 * each DRP token issued (for tests), or NULL */
	unsigned request_delay;
	const char *request_outcome;
	const char *drp_token_file;
};

extern struct sim g_sim;

/* ---- util.c ---- */
void jb_init(struct jbuf *b);
void jb_free(struct jbuf *b);
void jb_reserve(struct jbuf *b, size_t more);
void jb_add(struct jbuf *b, const char *s, size_t n);
void jb_printf(struct jbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void jb_puts(struct jbuf *b, const char *s)
{
	jb_add(b, s, __builtin_strlen(s));
}
#define JB_LIT(b, lit) jb_add((b), (lit), sizeof(lit) - 1)
void jb_u64(struct jbuf *b, uint64_t v);
void jb_json_str(struct jbuf *b, const char *s); /* escaped, without quotes */
char *json_escape(const char *s);              /* malloc'd, without quotes */
char *url_encode(const char *s);                /* malloc'd */
void *xmalloc(size_t n);
char *xstrdup(const char *s);

int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);
enum tz { TZ_CET, TZ_EET, TZ_US_EAST };
/* The UTC offset in minutes of a zone at t (EU and US summer time rules,
 * applied to every year: the data are fictional). */
int tz_offset(enum tz z, int64_t t);
/* "YYYY-MM-DDThh:mm:ss+hh:mm" (25 bytes) of t at offset off_min; returns length. */
size_t fmt_time(char *out, int64_t t, int off_min);
/* A FHIR search date (YYYY, YYYY-MM, YYYY-MM-DD, or with Thh:mm[:ss[.f]]
 * and a zone): the first second of the range it names and the first
 * second after it.  False when it is not one. */
bool parse_search_date(const char *s, int64_t *from, int64_t *to);
void sleep_ms_interruptible(unsigned ms);

/* ---- data.c ---- */
void data_init(void); /* after the options, before the server */
bool person_add(const char *spec, char *err, size_t errlen);
/* A new person: ref (malloc'd, taken) with count generated events; NULL
 * with a message in err (ref freed). */
struct person *person_make(char *ref, uint64_t count, bool withheld, char *err, size_t errlen);
/* --data DIR: DIR/persons and the NDJSON files it names (data.c). */
bool data_load(const char *dir, char *err, size_t errlen);
void persons_default(void);
const struct person *person_find(const char *patient);
const struct person *person_by_hash(const char *hash8);
int64_t event_time(const struct person *p, uint64_t i);
/* Appends event i of p: the AuditEvent resource (no fullUrl/search).  With
 * foreign_shift, an extra event about Patient/someone-else, its id
 * "sim-<hash8>-f<i>", its time that of event i moved by foreign_shift s. */
void event_json(struct jbuf *b, const struct person *p, uint64_t i, int foreign_shift);
/* The event id: "sim-<hash8>-<i zero-padded to 7>", or the id written in
 * the file (at most 64 bytes); returns length.  out: SIM_ID_MAX bytes. */
#define SIM_ID_MAX 80
size_t event_id(char *out, const struct person *p, uint64_t i);
bool parse_event_id(const char *id, const struct person **p, uint64_t *i);

/* ---- fhir.c ---- */
/* Each returns a queued response's status, or 0 after queueing failed. */
unsigned serve_wellknown(struct MHD_Connection *c);
unsigned serve_metadata(struct MHD_Connection *c);
unsigned serve_search(struct MHD_Connection *c);
unsigned serve_read(struct MHD_Connection *c, const char *id);
unsigned serve_outcome(struct MHD_Connection *c, unsigned status, const char *severity,
	const char *code, const char *text);
unsigned queue_json(struct MHD_Connection *c, unsigned status, const char *ctype,
	struct jbuf *body);
/* The same with one more header (hname NULL: none). */
unsigned queue_json_with(struct MHD_Connection *c, unsigned status, const char *ctype, struct jbuf *body,
	const char *hname, const char *hval);
void outcome_json(struct jbuf *b, const char *severity, const char *code, const char *text);

/* ---- export.c ---- */
/* The signing key and certificate: loaded (both paths) or made; the
 * certificate's PEM written to cert_out when not NULL.  Exits on error. */
void export_init(const char *cert_path, const char *key_path, const char *cert_out);
void export_done(void);
/* Appends ,"export_endpoint":...,"signing_certificate":... */
void export_discovery(struct jbuf *b);
unsigned serve_export(struct MHD_Connection *c);
unsigned serve_export_signature(struct MHD_Connection *c);
/* ---- oauth.c ---- */
/* The body of a POST, gathered by main.c's handler. */
struct post {
	struct jbuf body;
	bool too_big;
};
void oauth_init(void);
unsigned serve_device_authorization(struct MHD_Connection *c, const struct post *p);
unsigned serve_token(struct MHD_Connection *c, const struct post *p);
unsigned serve_device_page(struct MHD_Connection *c);
/* Before a FHIR endpoint with --require-token: 0 when the request may go
 * on, else the status of the 401 queued. */
unsigned oauth_check(struct MHD_Connection *c);
/* With --tls-client-ca: does the connection present a client
 * certificate the CA signed?  (false: it is closed.) */
bool oauth_client_cert_ok(struct MHD_Connection *c);
/* The oauth member of the discovery document, or "null". */
void oauth_discovery(struct jbuf *b);
/* ---- requests.c: corrections (HL7 Patient Request for Corrections)
 * and DRP (deletion, access); doc/registry-api.md sections 4 and 5 ---- */
#define SIM_NOT_MINE 0xFFFFFFFFu
bool requests_outcome_ok(const char *o);
/* The request's endpoints: the queued status, 0 after queueing failed,
 * SIM_NOT_MINE when url is none of them. */
unsigned serve_requests(struct MHD_Connection *c, const char *url, const char *method, const char *body,
	size_t len);
/* The CapabilityStatement's Communication entry (with its operation). */
void metadata_communication(struct jbuf *b);

/* ---- misbehave.c ---- */
bool misbehave_parse(const char *kind);
void misbehave_help(void);
/* Before a search is read: a throttling or redirecting answer, if one is
 * due (its status), else 0. */
unsigned misbehave_before(struct MHD_Connection *c);
/* Instead of a search's real body (the page already parsed): queued
 * status, or 0 when the page is to be served normally. */
struct page;
unsigned misbehave_body(struct MHD_Connection *c, struct page *pg);

/* ---- fhir.c: a search page, shared with misbehave.c ---- */
struct page {
	const struct person *p; /* NULL: no such person */
	uint64_t lo, hi;        /* matching indices: [lo, hi) */
	uint64_t off;           /* position of the page among the matches */
	uint64_t n;             /* events on the page */
	unsigned count;         /* _count */
	bool asc;               /* _sort=date */
	bool withheld_here, foreign_here;
	uint64_t foreign_at;    /* before which event of the page */
	char *self_url, *next_url;
	/* streaming state */
	int stage;
	uint64_t k;
	bool any_entry, delay;
	struct jbuf buf;
	size_t sent;
};
void page_free(struct page *pg);
/* Appends the next piece of the body; false when it was all written. */
bool page_step(struct page *pg);

#endif
