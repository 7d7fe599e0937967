/* net.h - the only place that speaks HTTP (doc/registry-api.md).  On base
 * and core.  HTTPS only (plain HTTP only to a loopback address), TLS 1.2
 * or newer, certificates always verified, optional public-key pins,
 * redirects never followed, timeouts and a size cap on every response,
 * a proxy only when the settings name one, cookies in memory only. */
#ifndef RECOURSE_NET_H
#define RECOURSE_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base.h"

/* Initialise libcurl once, before any thread uses it (main). */
void rc_net_global_init(void);

struct rc_net_opts {
	const char *pins;        /* "sha256//A;sha256//B" (a backup pin), or NULL */
	const char *proxy;       /* the settings' proxy, or NULL: none */
	bool proxy_env;          /* the settings say: honour http(s)_proxy */
	const char *bearer;      /* a token, or NULL; never logged */
	const char *ca_pem;      /* the CA to trust instead of the system's (PEM), or NULL */
	long connect_timeout_s;  /* 0: 10 */
	long total_timeout_s;    /* 0: 120 */
	uint64_t max_body;       /* 0: 64 MiB */
	/* Called about every second and between chunks: false cancels
	 * (RC_CANCELLED).  done/total in bytes, total 0 when unknown. */
	bool (*progress)(void *ud, uint64_t done, uint64_t total);
	void *progress_ud;
};

struct rc_net_result {
	long http_status;        /* 0: no answer */
	long retry_after_s;      /* from a 429 or 503, -1 when not given */
	uint64_t bytes;          /* body bytes handed on */
	char content_type[80];
};

/* Takes each piece of the body as it arrives (only for a 2xx answer);
 * anything but RC_OK stops the transfer and is returned. */
typedef enum rc_status (*rc_net_body_fn)(void *ud, const void *p, size_t n);

/* Is url one recourse may ask: https, or http to a literal loopback
 * address (127.0.0.0/8, ::1)?  false: rc_error_set says why (translated). */
bool rc_net_url_allowed(const char *url);
/* The same scheme, host and port (the origin, RFC 6454). */
bool rc_net_same_origin(const char *a, const char *b);
/* The host of a URL, for messages (at most len-1 bytes); "" when none. */
void rc_net_host(const char *url, char *out, size_t len);

/* GET url.  A 2xx answer's body goes to fn; any other answer's body is
 * read up to 4 KiB and dropped.  RC_OK: a 2xx was received whole;
 * RC_NONET: no answer, a timeout, a cut connection or a 5xx/429 (see
 * res->retry_after_s); RC_BADREG: the connection or the answer is
 * refused (certificate, pin, redirect, too large, another 4xx), with a
 * message in rc_error_detail(); RC_CANCELLED. */
enum rc_status rc_net_get(const char *url, const char *accept, const struct rc_net_opts *o,
	rc_net_body_fn fn, void *ud, struct rc_net_result *res);

/* POST body (len bytes, Content-Type ctype) to url, under the same rules
 * as rc_net_get (the bearer token only as the caller gives it: only to
 * the registry's origin).  Not retried. */
enum rc_status rc_net_post(const char *url, const char *accept, const char *ctype, const void *body, size_t len,
	const struct rc_net_opts *o, rc_net_body_fn fn, void *ud, struct rc_net_result *res);
/* The same, asked again (the same body, so the same identifiers: the
 * registry can recognise a repeat) only after a 429 or 503 that says
 * Retry-After of at most max_wait_s seconds, at most tries times in all. */
enum rc_status rc_net_post_retry(const char *url, const char *accept, const char *ctype, const void *body,
	size_t len, const struct rc_net_opts *o, rc_net_body_fn fn, void *ud, struct rc_net_result *res, int tries,
	long max_wait_s);

/* The same, retrying a 429 or 503 that says Retry-After (at most tries
 * times in all, waiting at most max_wait_s each time); wait(ud, s) says
 * that it waits and may cancel (false). */
enum rc_status rc_net_get_retry(const char *url, const char *accept, const struct rc_net_opts *o,
	rc_net_body_fn fn, void *ud, struct rc_net_result *res, int tries, long max_wait_s,
	bool (*wait)(void *ud, long seconds), void *wait_ud);

/* ---- bundle.c: a FHIR searchset Bundle's envelope, read as it streams ---- */

struct rc_bundle_env;
struct rc_bundle_env *rc_bundle_env_new(void);
void rc_bundle_env_free(struct rc_bundle_env **e);
enum rc_status rc_bundle_env_feed(struct rc_bundle_env *e, const void *p, size_t n);
/* The whole body was read: RC_OK when it is a searchset Bundle, else
 * RC_BADREG with a message. */
enum rc_status rc_bundle_env_finish(struct rc_bundle_env *e);
struct rc_bundle_info {
	const char *type;        /* Bundle.type, or NULL */
	int64_t total;           /* Bundle.total, -1 when absent */
	const char *next;        /* link[relation=next].url, or NULL */
	uint64_t matches;        /* entries with search.mode "match" (or no mode) */
	uint64_t outcomes;       /* entries with search.mode "outcome" */
	uint64_t suppressed;     /* issues with code "suppressed" in those */
	const char *withheld;    /* the first such issue's details.text or
	                          * diagnostics, cleaned (no control or bidi
	                          * characters, at most 500 bytes), or NULL */
};
void rc_bundle_env_info(const struct rc_bundle_env *e, struct rc_bundle_info *out);

/* ---- discovery.c: GET /.well-known/recourse-registry ---- */

struct rc_discovery {
	char *api_version, *registry, *fhir_base, *drp_base, *export_endpoint;
	char *request_kinds;     /* "correction, deletion, access" */
	bool oauth;              /* the registry offers sign-in */
};
void rc_discovery_clear(struct rc_discovery *d);
/* Read a discovery document (at most 64 KiB): RC_BADREG with a message
 * when it is not one recourse can use (api_version 1.x, fhir_base on
 * the base's origin). */
enum rc_status rc_discovery_parse(const char *base, const void *p, size_t n, struct rc_discovery *out);
enum rc_status rc_discovery_fetch(const char *base, const struct rc_net_opts *o, struct rc_discovery *out,
	struct rc_net_result *res);

/* s percent-encoded for a query value (malloc'ed; NULL: no memory). */
char *rc_net_escape(const char *s);

/* Text from a server, fit to show: UTF-8 checked, control and bidi
 * override characters removed, at most max bytes (cut at a character).
 * Malloc'ed. */
char *rc_net_clean(const char *s, size_t len, size_t max);

/* ---- remote.c: requests followed at a registry (sections 4 and 5) ---- */

#define RC_REMOTE_MAX ((size_t)1 << 20) /* a Task, Communication, DRP answer */
#define RC_CORRECTION_OP_URL "http://hl7.org/fhir/uv/patient-corrections/OperationDefinition/correction-request"
#define RC_CORRECTION_BS_SYSTEM \
	"http://hl7.org/fhir/uv/patient-corrections/CodeSystem/PatientCorrectionBusinessStatus"
#define RC_DRP_VERSION "1.0"
#define RC_DRP_PK_BYTES 32
#define RC_DRP_SK_BYTES 64

/* What a registry says of a request, every text cleaned. */
struct rc_remote_status {
	char *status;       /* Task.status, or DRP status */
	char *code;         /* Task.businessStatus code, or DRP reason */
	char *reason;       /* Task.statusReason.text, or DRP processing_details */
	char *modified;     /* Task.lastModified */
	char *received_at, *expected_by; /* DRP */
	char *id;           /* the Task's id, or DRP request_id */
	char *results_url;  /* DRP, a fulfilled access request */
};
void rc_remote_status_clear(struct rc_remote_status *s);
/* The name under which the CapabilityStatement lists the correction
 * operation for Communication (without "$"); RC_BADREG when none. */
enum rc_status rc_remote_correction_op(const void *p, size_t n, char **name);
/* The Communication the operation returned: the id of the Task it refers
 * to (about, basedOn or partOf), NULL when it spawned none. */
enum rc_status rc_remote_communication(const void *p, size_t n, char **task_id);
/* A Patient Correction Task; an unknown businessStatus is refused. */
enum rc_status rc_remote_task(const void *p, size_t n, struct rc_remote_status *out);
/* A Task's _history: the earliest lastModified of a version whose
 * businessStatus is one of codes (*first NULL: none). */
enum rc_status rc_remote_task_history(const void *p, size_t n, const char *const *codes, size_t ncodes,
	char **first);
/* DRP's pairing answer: the bearer token (malloc'ed; the caller wipes it). */
enum rc_status rc_remote_drp_pairing(const void *p, size_t n, char **token);
/* DRP's Exercise Status. */
enum rc_status rc_remote_drp_status(const void *p, size_t n, struct rc_remote_status *out);
/* DRP's signed body: base64 of crypto_sign(json) (malloc'ed). */
char *rc_drp_sign(const char *json, const unsigned char sk[RC_DRP_SK_BYTES]);
void rc_drp_keypair(unsigned char pk[RC_DRP_PK_BYTES], unsigned char sk[RC_DRP_SK_BYTES]);
void rc_drp_public_of(const unsigned char sk[RC_DRP_SK_BYTES], unsigned char pk[RC_DRP_PK_BYTES]);

#endif
