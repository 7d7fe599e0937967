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
	const char *bearer_origin; /* the bearer goes only to URLs on this
	                          * origin (the registry's base URL); NULL:
	                          * never sent */
	const char *client_cert; /* mutual TLS: the client certificate (PEM) */
	const char *client_key;  /* ... and its private key (PEM), handed to
	                          * libcurl as blobs, never as files */
	const char *ca_pem;      /* the CA to trust instead of the system's (PEM), or NULL */
	const char *if_match;    /* an ETag to send as If-Match, or NULL */
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
	char etag[200];          /* the ETag header as sent ("" when none or too long) */
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

/* The same through another way of making one GET (get(get_ud, ...) with
 * rc_net_get's contract; NULL: rc_net_get): the terminal interface's,
 * whose transfers run in its poll() loop (multi.c). */
typedef enum rc_status (*rc_net_get_fn)(void *get_ud, const char *url, const char *accept,
	const struct rc_net_opts *o, rc_net_body_fn fn, void *ud, struct rc_net_result *res);
enum rc_status rc_net_get_retry_via(rc_net_get_fn get, void *get_ud, const char *url, const char *accept,
	const struct rc_net_opts *o, rc_net_body_fn fn, void *ud, struct rc_net_result *res, int tries,
	long max_wait_s, bool (*wait)(void *ud, long seconds), void *wait_ud);

/* ---- multi.c: transfers driven by the caller's poll() loop ---- */

/* The caller's loop (the terminal interface's, src/ui/loop.c): file
 * descriptors to watch and one timer, all on the loop's thread. */
struct rc_net_loop {
	int (*watch)(int fd, short events, void (*cb)(int fd, short revents, void *ud), void *ud);
	void (*rewatch)(int id, short events);
	void (*unwatch)(int id);
	int (*timer)(double ms, void (*cb)(void *ud), void *ud);
	void (*untimer)(int id);
};
struct rc_net_multi;
struct rc_net_xfer;
/* Takes n body bytes (only of a 2xx answer): returns n when taken, 0 when
 * it cannot now (the transfer pauses until rc_net_xfer_resume; the same
 * bytes come again), anything else stops it (RC_IO). */
typedef size_t (*rc_net_take_fn)(void *ud, const void *p, size_t n);
/* The end of a transfer, with what rc_net_get would have returned; msg is
 * rc_error_detail()'s text.  The transfer is gone after. */
typedef void (*rc_net_done_fn)(void *ud, enum rc_status st, const struct rc_net_result *res, const char *msg);
struct rc_net_multi *rc_net_multi_new(const struct rc_net_loop *loop);
/* Stops every transfer (none of their done functions is called). */
void rc_net_multi_free(struct rc_net_multi **m);
/* Start a GET under the rules of rc_net_get; o must live until done.
 * NULL: it could not start (rc_error_detail says why; done not called). */
struct rc_net_xfer *rc_net_multi_get(struct rc_net_multi *m, const char *url, const char *accept,
	const struct rc_net_opts *o, rc_net_take_fn take, rc_net_done_fn done, void *ud);
void rc_net_xfer_resume(struct rc_net_xfer *x);
/* done is called with RC_CANCELLED, at once. */
void rc_net_xfer_cancel(struct rc_net_xfer *x);
/* Cancel every transfer (each done is called with RC_CANCELLED). */
void rc_net_multi_cancel_all(struct rc_net_multi *m);
/* Transfers running. */
size_t rc_net_multi_running(const struct rc_net_multi *m);
/* POST form (application/x-www-form-urlencoded) to url, for OAuth
 * (doc/registry-api.md, section 7).  The body of a 2xx, 400 or 401
 * answer is handed to fn (an OAuth error comes as 400); any other answer
 * is as for rc_net_get.  RC_OK: an answer of one of those statuses came
 * whole (see res->http_status).  form may hold a secret (a device code):
 * it is never logged. */
enum rc_status rc_net_post_form(const char *url, const char *form, const char *accept,
	const struct rc_net_opts *o, rc_net_body_fn fn, void *ud, struct rc_net_result *res);

/* How a connection to a registry goes, for the one line shown while
 * talking to it: "no proxy", "proxy http://host:port" or "the proxy of
 * the environment" (translated), into out. */
void rc_net_proxy_describe(const struct rc_net_opts *o, char *out, size_t len);
/* Is s a proxy recourse takes: http://, https:// or socks5h:// with a
 * host, no user name or password, no path beyond "/"?  false:
 * rc_error_set says why. */
bool rc_net_proxy_ok(const char *s);

/* ---- tls.c: the client certificate of mutual TLS ---- */

/* Are cert_pem a certificate and key_pem its private key (PEM)?  RC_OK,
 * or RC_INVALID with a message. */
enum rc_status rc_net_client_cert_check(const char *cert_pem, const char *key_pem);
/* The certificate's subject and end of validity, for messages. */
void rc_net_cert_describe(const char *cert_pem, char *out, size_t len);

/* ---- oauth.c: OAuth 2.0 Device Authorization Grant (RFC 8628) ---- */

#define RC_OAUTH_MAX ((uint64_t)1 << 20) /* an OAuth answer: 1 MiB */

struct rc_oauth_device {
	char *device_code;       /* secret: wiped by clear */
	char *user_code;         /* cleaned */
	char *verification_uri;  /* cleaned */
	char *verification_uri_complete; /* cleaned, or NULL */
	long expires_in;         /* seconds */
	long interval;           /* seconds (5 when not given) */
};
/* RFC 8628 section 3.2: RC_OK, or RC_BADREG with a message (a missing
 * member, a verification URI that is not https). */
enum rc_status rc_oauth_device_parse(const void *p, size_t n, struct rc_oauth_device *out);
void rc_oauth_device_clear(struct rc_oauth_device *d);

enum rc_oauth_answer {
	RC_OAUTH_TOKEN,          /* signed in */
	RC_OAUTH_PENDING,        /* authorization_pending */
	RC_OAUTH_SLOW_DOWN,      /* slow_down */
	RC_OAUTH_DENIED,         /* access_denied */
	RC_OAUTH_EXPIRED,        /* expired_token */
	RC_OAUTH_ERROR,          /* another error (text in error) */
};
struct rc_oauth_token {
	enum rc_oauth_answer answer;
	char *access_token;      /* secret: wiped by clear */
	char *refresh_token;     /* secret, or NULL */
	long expires_in;         /* seconds, -1 when not given */
	char *error;             /* the error code and description, cleaned, or NULL */
};
/* A token endpoint's answer (RFC 6749 5.1 and 5.2, RFC 8628 3.5) with
 * its HTTP status: RC_OK with out->answer, or RC_BADREG with a message
 * (not JSON, no token, a token_type other than Bearer). */
enum rc_status rc_oauth_token_parse(long http_status, const void *p, size_t n, struct rc_oauth_token *out);
void rc_oauth_token_clear(struct rc_oauth_token *t);
/* Form value helpers: s percent-encoded into b (false: no memory). */
bool rc_oauth_form_add(struct rc_buf *b, const char *name, const char *value);

/* ---- qr.c ---- */

/* The QR code of text (error correction M, 8-bit): *out is width*width
 * bytes, 1 for a dark module, row by row, without the quiet zone
 * (malloc'ed).  false: it cannot be encoded (too long, no memory). */
bool rc_qr_matrix(const char *text, unsigned char **out, int *width);

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
	char *signing_cert;      /* signing_certificate when it is one X.509
	                          * certificate (PEM, as re-encoded), or NULL;
	                          * shown, never trusted (section 2) */
	bool signing_cert_bad;   /* one was given but is not a certificate */
	char *device_endpoint;   /* oauth.device_authorization_endpoint (https), or NULL */
	char *token_endpoint;    /* oauth.token_endpoint (https), or NULL */
	char *scopes;            /* oauth.scopes_supported joined with spaces, or NULL */
};
void rc_discovery_clear(struct rc_discovery *d);
/* Read a discovery document (at most 64 KiB): RC_BADREG with a message
 * when it is not one recourse can use (api_version 1.x, fhir_base on
 * the base's origin). */
enum rc_status rc_discovery_parse(const char *base, const void *p, size_t n, struct rc_discovery *out);
enum rc_status rc_discovery_fetch(const char *base, const struct rc_net_opts *o, struct rc_discovery *out,
	struct rc_net_result *res);
/* The same through another GET (rc_net_get_fn; NULL: rc_net_get). */
enum rc_status rc_discovery_fetch_via(rc_net_get_fn get, void *get_ud, const char *base,
	const struct rc_net_opts *o, struct rc_discovery *out, struct rc_net_result *res);

/* ---- cms.c: the signed export's signature (section 6) ---- */

#define RC_EXPORT_MAX ((uint64_t)256 << 20)   /* the export's cap */
#define RC_EXPORT_SIG_MAX ((size_t)1 << 20)   /* its signature's */
#define RC_CERT_FP_LEN 96                     /* "AB:CD:...", 32 bytes */

struct rc_cert_info {
	char *pem;                  /* the certificate re-encoded (malloc'ed) */
	char fp[RC_CERT_FP_LEN];    /* SHA-256 of its DER, hex pairs with ':' */
	char subject[300];          /* RFC 2253, cleaned */
};
/* Is pem (n bytes) exactly one X.509 certificate?  RC_INVALID when not. */
enum rc_status rc_cert_check(const char *pem, size_t n, struct rc_cert_info *out);
void rc_cert_info_clear(struct rc_cert_info *c);

enum rc_cms_check {
	RC_CMS_NONE,            /* verified */
	RC_CMS_MALFORMED,       /* not a detached CMS SignedData with one signer */
	RC_CMS_SIGNER,          /* signed by another than the configured certificate */
	RC_CMS_CERT,            /* the configured certificate is unusable (expired...) */
	RC_CMS_DIGEST,          /* the bytes are not those signed */
	RC_CMS_SIGNATURE,       /* the signature value is wrong */
};
struct rc_cms_info {
	char sha256[65];                  /* of the content, lowercase hex */
	char signer_fp[RC_CERT_FP_LEN];   /* the configured certificate's */
	char signer_subject[300];
	char signed_at[32];               /* signing-time, ISO 8601 UTC, or "" */
};
/* Verify a DER CMS SignedData over the detached content (the exact bytes)
 * with cert_pem, the configured certificate, as the only trust anchor
 * and the only possible signer.  RC_OK, or RC_BADREG with a translated
 * message and *failed saying which check failed (RC_INVALID: cert_pem
 * is not a certificate). */
enum rc_status rc_cms_verify(const void *content, size_t n, const void *sig, size_t sn, const char *cert_pem,
	struct rc_cms_info *info, enum rc_cms_check *failed);

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

/* ---- sign.c: the bundle's signature (doc/bundles.md) ---- */

/* A detached CMS signature (signature/tagmanifest-sha256.txt.p7s, DER)
 * over the bag's tagmanifest-sha256.txt, made with the X.509 key of the
 * office or of counsel: SHA-256, signed attributes content-type,
 * message-digest, signing-time (rc_now()) and ESS signing-certificate-v2
 * (CAdES-BES), the signer's certificate and its chain included.
 * openssl cms -verify -binary -inform DER -in X.p7s -content FILE accepts
 * it with -noverify, and with -CAfile (the self-signed certificate, or the
 * CA of an issued one) without -purpose. */

#define RC_SIGN_PEM_MAX ((size_t)256 << 10)   /* a certificate chain's or key's PEM */

/* A new ECDSA P-256 key and a self-signed certificate for it: CN
 * common_name (1-64 bytes, UTF-8), O organization (NULL or "": none),
 * valid from rc_now() for days (1-3650), serial 16 random bytes, SHA-256,
 * basicConstraints CA:FALSE and keyUsage digitalSignature,nonRepudiation
 * (both critical), subjectKeyIdentifier.  *cert_pem and *key_pem (PKCS#8,
 * unencrypted: the caller keeps it in the case, encrypted) are malloc'ed;
 * the key only ever in memory: free it with rc_signer_key_free, which
 * wipes it.  RC_INVALID (bad arguments) or RC_NOMEM, with a message. */
enum rc_status rc_signer_create(const char *common_name, const char *organization, int days, char **cert_pem,
	char **key_pem);
/* Wipe and free a key PEM; NULLs the pointer. */
void rc_signer_key_free(char **key_pem);

/* A signing certificate described, for the screen and the report. */
struct rc_signer_desc {
	char subject[300];          /* RFC 2253, cleaned */
	char issuer[300];
	char not_before[32];        /* ISO 8601 UTC */
	char not_after[32];
	char fp[RC_CERT_FP_LEN];    /* SHA-256 of the leaf's DER, as rc_cert_check */
	bool self_signed;
	bool system_trusted;        /* chains to the system's CAs now (informational) */
	size_t chain;               /* certificates given after the leaf */
};
/* Can cert_pem (the leaf, then optionally its chain, PEM) and key_pem
 * (PEM, no passphrase; NULL: not checked) sign now?  The key is the
 * certificate's, the certificate is valid at rc_now(), its keyUsage (when
 * it has one) allows digitalSignature or nonRepudiation, its
 * extendedKeyUsage (when it has one) allows document signing or e-mail
 * protection, and the certificates after it are its chain.  RC_OK, or
 * RC_INVALID with why (and rc_error_detail) saying what is wrong,
 * translated.  desc (may be NULL) is filled whenever the certificate
 * could be read. */
enum rc_status rc_signer_check(const char *cert_pem, const char *key_pem, struct rc_signer_desc *desc, char *why,
	size_t whylen);
/* Sign content (n bytes): *der is the DER signature (malloc'ed, *dlen
 * bytes).  The signer is checked first (rc_signer_check): RC_INVALID with
 * a message when it cannot sign now; RC_NOMEM. */
enum rc_status rc_cms_sign(const char *cert_pem, const char *key_pem, const void *content, size_t n,
	unsigned char **der, size_t *dlen);

struct rc_bag_sig_info {
	char sha256[65];                  /* of the content, lowercase hex */
	char signer_fp[RC_CERT_FP_LEN];   /* the carried signer certificate's */
	char signer_subject[300];
	char signer_issuer[300];
	char not_after[32];               /* the signer certificate's end, ISO 8601 UTC */
	char signed_at[32];               /* signing-time, ISO 8601 UTC, or "" */
	bool self_signed;
	bool cades;                       /* has ESS signing-certificate-v2 (checked by OpenSSL) */
	bool system_trusted;              /* chains to the system's CAs at signed_at (or now):
	                                   * informational, self-signed is normal */
	size_t certs;                     /* certificates carried */
};
/* Verify a bag's signature (sig, DER) over content by the certificate it
 * carries (a bag made elsewhere: no certificate is configured for it), for
 * the reader to recognise by fingerprint.  Refused: not a detached
 * SignedData with one signer (RC_CMS_MALFORMED), no signer certificate
 * carried (RC_CMS_SIGNER), a weak digest or a bad signature value
 * (RC_CMS_SIGNATURE), other bytes than those signed (RC_CMS_DIGEST): then
 * RC_INVALID with a translated message and *failed.  The validity of the
 * signer certificate is not held against it (a bag is read years later);
 * info says when it ends. */
enum rc_status rc_cms_check_bag(const void *content, size_t n, const void *sig, size_t sn,
	struct rc_bag_sig_info *info, enum rc_cms_check *failed);

/* ---- tsa.c: RFC 3161 time stamps of the bundle's signature ---- */

/* A time stamp authority's answer is outside input: at most this. */
#define RC_TSA_REPLY_MAX ((uint64_t)256 << 10)

enum rc_tsa_check {
	RC_TSA_NONE,            /* verified */
	RC_TSA_MALFORMED,       /* not a TimeStampResp (or token) recourse can read */
	RC_TSA_REJECTED,        /* the status is neither granted nor grantedWithMods */
	RC_TSA_IMPRINT,         /* it stamps other bytes (or a weak digest) */
	RC_TSA_NONCE,           /* not the answer to our request */
	RC_TSA_SIGNER,          /* no signer certificate carried, or not the configured one */
	RC_TSA_CERT,            /* the signer certificate is unusable (no timeStamping use, not valid at genTime) */
	RC_TSA_SIGNATURE,       /* the signature value is wrong */
};
struct rc_tsa_info {
	enum rc_tsa_check failed;
	time_t gen_time;                  /* genTime (its fraction dropped) */
	char gen_time_text[32];           /* ISO 8601 UTC */
	char tsa_name[300];               /* TSTInfo.tsa, or the signer's subject; cleaned */
	char serial[84];                  /* TSTInfo.serialNumber, uppercase hex */
	char policy[84];                  /* the TSA's policy OID */
	char tsa_fp[RC_CERT_FP_LEN];      /* the signer certificate's fingerprint */
	char tsa_subject[300];
	char status_text[300];            /* a refusal's statusString and failInfo, cleaned */
	bool system_trusted;              /* the TSA chains to the system's CAs at genTime
	                                   * (informational) */
};
/* A TimeStampReq (DER, malloc'ed) for SHA-256 of data: version 1, a
 * random 64-bit nonce (*nonce), certReq TRUE (the token then carries the
 * TSA's certificate, which the checks need). */
enum rc_status rc_tsa_request_make(const void *data, size_t n, unsigned char **req, size_t *rlen, uint64_t *nonce);
/* Check a TSA's answer (reply, rn bytes: a TimeStampResp) to the request
 * for data with nonce: granted or grantedWithMods (else RC_TSA_REJECTED,
 * with the TSA's words in status_text), the imprint is SHA-256 (or
 * SHA-384/512) of data, the nonce is ours, the token's signature verifies
 * with the signer certificate it carries, which has the critical
 * extendedKeyUsage timeStamping and was valid at genTime; when
 * tsa_cert_pem is given (the TSA the office configured), the signer must
 * be that certificate or be issued by it (it is then the only trust
 * anchor).  RC_OK, or RC_BADREG with a translated message and
 * info->failed.  *token (may be NULL) gets the TimeStampToken's DER
 * (malloc'ed): what a CAdES-T unsigned attribute would hold.  The bag
 * keeps the whole TimeStampResp as signature/...p7s.tsr, so that
 * openssl ts -verify -in X.tsr -data X.p7s -CAfile tsaca.pem accepts it. */
enum rc_status rc_tsa_reply_check(const void *reply, size_t rn, const void *data, size_t n, uint64_t nonce,
	const char *tsa_cert_pem, struct rc_tsa_info *info, unsigned char **token, size_t *tlen);
/* The same checks of a stamp read back from a bag, without the nonce:
 * tok is a TimeStampResp (.tsr) or a bare TimeStampToken (DER). */
enum rc_status rc_tsa_token_check(const void *tok, size_t tn, const void *data, size_t n,
	const char *tsa_cert_pem, struct rc_tsa_info *info);
/* Ask the TSA at url to stamp data: POST the request
 * (application/timestamp-query) with rc_net_post under its rules (HTTPS,
 * plain HTTP only to loopback; o's timeouts; the answer capped at
 * RC_TSA_REPLY_MAX), then rc_tsa_reply_check.  *reply: the TimeStampResp
 * as received (malloc'ed), for the bag.  RC_NONET, RC_BADREG (refused,
 * with a message), RC_CANCELLED, as rc_net_post; info->failed names the
 * check only when an answer came and was refused (else it stays
 * RC_TSA_MALFORMED). */
enum rc_status rc_tsa_stamp(const char *url, const struct rc_net_opts *o, const void *data, size_t n,
	const char *tsa_cert_pem, struct rc_tsa_info *info, unsigned char **reply, size_t *rlen);

#endif
