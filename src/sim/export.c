/* export.c - the signed export (doc/registry-api.md, section 6): a
 * Bundle of type collection with the fictional person's Patient and all
 * its AuditEvents, with a strong ETag, and its detached CMS signature
 * (DER, signed attributes) for that ETag.  The signing key and its
 * self-signed certificate are made at start (EC P-256) unless given.
 * Misbehaviours: bad-signature (the signature value damaged), tampered
 * (the export changed after signing), wrong-signer (signed with another,
 * fresh key and certificate), changed (the export changes once between
 * the first export and its signature: a 412). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "sim.h"

#define EXPORT_EVENTS_MAX 200000ULL

static X509 *g_cert, *g_other_cert;
static EVP_PKEY *g_key, *g_other_key;
static char *g_cert_pem;
static atomic_uint g_version; /* "changed": 1 once the export changed */

static void die_ssl(const char *what)
{
	fprintf(stderr, SIM_PROGRAM ": %s\n", what);
	ERR_print_errors_fp(stderr);
	exit(1);
}

static void make_cert(const char *cn, X509 **cert, EVP_PKEY **key)
{
	*key = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	if (!*key || !x)
		die_ssl("cannot make a signing key");
	unsigned char serial[16];
	if (RAND_bytes(serial, sizeof serial) != 1)
		die_ssl("no random bytes");
	serial[0] &= 0x7f;
	BIGNUM *bn = BN_bin2bn(serial, sizeof serial, NULL);
	X509_set_version(x, 2);
	BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x));
	BN_free(bn);
	X509_gmtime_adj(X509_getm_notBefore(x), -86400L);
	X509_gmtime_adj(X509_getm_notAfter(x), 10L * 366 * 86400);
	X509_NAME *n = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(n, "O", MBSTRING_UTF8, (const unsigned char *)"recourse training (fictional)", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, n);
	X509_set_pubkey(x, *key);
	if (!X509_sign(x, *key, EVP_sha256()))
		die_ssl("cannot sign the certificate");
	*cert = x;
}

static void *read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, SIM_PROGRAM ": cannot open %s: %s\n", path, strerror(errno));
		exit(1);
	}
	struct jbuf b;
	jb_init(&b);
	char tmp[4096];
	size_t k;
	while ((k = fread(tmp, 1, sizeof tmp, f)) > 0 && b.len < 1024 * 1024)
		jb_add(&b, tmp, k);
	fclose(f);
	*n = b.len;
	return b.p;
}

void export_init(const char *cert_path, const char *key_path, const char *cert_out)
{
	if (cert_path) {
		size_t n;
		char *p = read_file(cert_path, &n);
		BIO *b = BIO_new_mem_buf(p, (int)n);
		g_cert = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
		BIO_free(b);
		free(p);
		p = read_file(key_path, &n);
		b = BIO_new_mem_buf(p, (int)n);
		g_key = b ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : NULL;
		BIO_free(b);
		free(p);
		if (!g_cert || !g_key || X509_check_private_key(g_cert, g_key) != 1)
			die_ssl("--sign-cert and --sign-key are not a certificate and its key");
	} else {
		make_cert("Training registry export signing (fictional)", &g_cert, &g_key);
	}
	if (g_sim.misbehave & MB_WRONG_SIGNER)
		make_cert("Someone else (fictional)", &g_other_cert, &g_other_key);
	BIO *b = BIO_new(BIO_s_mem());
	char *p;
	if (!b || !PEM_write_bio_X509(b, g_cert))
		die_ssl("cannot write the certificate");
	long n = BIO_get_mem_data(b, &p);
	g_cert_pem = xmalloc((size_t)n + 1);
	memcpy(g_cert_pem, p, (size_t)n);
	g_cert_pem[n] = 0;
	BIO_free(b);
	if (cert_out) {
		char tmp[4096];
		snprintf(tmp, sizeof tmp, "%s.tmp.%ld", cert_out, (long)getpid());
		FILE *f = fopen(tmp, "w");
		if (!f || fputs(g_cert_pem, f) < 0 || fflush(f) != 0 || fclose(f) != 0 || rename(tmp, cert_out) != 0) {
			fprintf(stderr, SIM_PROGRAM ": cannot write %s: %s\n", cert_out, strerror(errno));
			unlink(tmp);
			exit(1);
		}
	}
}

void export_discovery(struct jbuf *b)
{
	jb_printf(b, ",\"export_endpoint\":\"%s/export\",\"signing_certificate\":\"", g_sim.base);
	jb_json_str(b, g_cert_pem);
	JB_LIT(b, "\"");
}

void export_done(void)
{
	X509_free(g_cert);
	X509_free(g_other_cert);
	EVP_PKEY_free(g_key);
	EVP_PKEY_free(g_other_key);
	free(g_cert_pem);
}

/* The export of p at version v. */
static void export_json(struct jbuf *b, const struct person *p, unsigned v)
{
	char t[32];
	fmt_time(t, SIM_T0 + v, 0);
	t[19] = 0;
	JB_LIT(b, "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"timestamp\":\"");
	jb_puts(b, t);
	JB_LIT(b, "Z\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",");
	if (p->is_ident) {
		JB_LIT(b, "\"id\":\"sim-");
		jb_puts(b, p->hash8);
		JB_LIT(b, "\",\"identifier\":[{\"system\":\"");
		jb_puts(b, p->sys_json);
		JB_LIT(b, "\",\"value\":\"");
		jb_puts(b, p->val_json);
		JB_LIT(b, "\"}]");
	} else {
		const char *id = strchr(p->ref_json, '/');
		JB_LIT(b, "\"id\":\"");
		jb_puts(b, id ? id + 1 : p->ref_json);
		JB_LIT(b, "\"");
	}
	JB_LIT(b, ",\"name\":[{\"text\":\"Fictional person (training data)\"}]}}");
	char id[SIM_ID_MAX];
	for (uint64_t i = 0; i < p->count; i++) {
		if (i == p->count / 2 && (g_sim.misbehave & MB_FOREIGN) && !p->fev) {
			/* "foreign": an access to Patient/someone-else among them */
			JB_LIT(b, ",{\"resource\":");
			event_json(b, p, i, 1);
			JB_LIT(b, "}");
		}
		event_id(id, p, i);
		jb_printf(b, ",{\"fullUrl\":\"%s/fhir/AuditEvent/%s\",\"resource\":", g_sim.base, id);
		event_json(b, p, i, 0);
		JB_LIT(b, "}");
	}
	JB_LIT(b, "]}\n");
}

static void etag_of(const struct jbuf *b, char out[68])
{
	unsigned char d[32];
	unsigned int dl = 0;
	EVP_Digest(b->p, b->len, d, &dl, EVP_sha256(), NULL);
	out[0] = '"';
	for (int i = 0; i < 32; i++)
		snprintf(out + 1 + 2 * i, 3, "%02x", d[i]);
	out[65] = '"';
	out[66] = 0;
}

static unsigned find_person(struct MHD_Connection *c, const struct person **pp)
{
	const char *patient = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "patient");
	if (!patient)
		patient = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "patient:identifier");
	if (!patient || !*patient || strlen(patient) > SIM_REF_MAX)
		return serve_outcome(c, MHD_HTTP_BAD_REQUEST, "error", "required",
			"The export needs the parameter patient (the record's reference).");
	*pp = person_find(patient);
	if (!*pp)
		return serve_outcome(c, MHD_HTTP_NOT_FOUND, "error", "not-found", "No record has this reference.");
	if ((*pp)->count > EXPORT_EVENTS_MAX)
		return serve_outcome(c, 413, "error", "too-costly",
			"The simulator exports at most 200,000 accesses.");
	return 0;
}

static unsigned queue_bytes(struct MHD_Connection *c, unsigned status, const char *ctype, struct jbuf *body,
	const char *etag)
{
	return queue_json_with(c, status, ctype, body, etag ? MHD_HTTP_HEADER_ETAG : NULL, etag);
}

unsigned serve_export(struct MHD_Connection *c)
{
	const struct person *p;
	unsigned st = find_person(c, &p);
	if (st)
		return st;
	struct jbuf b;
	jb_init(&b);
	export_json(&b, p, atomic_load(&g_version));
	char etag[68];
	etag_of(&b, etag);
	if (g_sim.misbehave & MB_TAMPERED) {
		/* changed after signing: one letter of the person's name */
		static const char name[] = "\"Fictional person";
		char *r = memmem(b.p, b.len, name, sizeof name - 1);
		if (r)
			r[1] = 'f';
	}
	return queue_bytes(c, MHD_HTTP_OK, "application/fhir+json", &b, etag);
}

unsigned serve_export_signature(struct MHD_Connection *c)
{
	const struct person *p;
	unsigned st = find_person(c, &p);
	if (st)
		return st;
	const char *im = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MATCH);
	if (!im)
		return serve_outcome(c, 428, "error", "required",
			"Ask for the signature with If-Match: the export's ETag.");
	if (g_sim.misbehave & MB_CHANGED) {
		unsigned zero = 0;
		atomic_compare_exchange_strong(&g_version, &zero, 1);
	}
	struct jbuf b;
	jb_init(&b);
	export_json(&b, p, atomic_load(&g_version));
	char etag[68];
	etag_of(&b, etag);
	if (strcmp(im, etag) != 0 && strcmp(im, "*") != 0) {
		jb_free(&b);
		return serve_outcome(c, MHD_HTTP_PRECONDITION_FAILED, "error", "conflict",
			"The export has changed since that ETag; fetch it again.");
	}
	bool other = g_sim.misbehave & MB_WRONG_SIGNER;
	BIO *in = BIO_new_mem_buf(b.p, (int)b.len);
	CMS_ContentInfo *cms = in ? CMS_sign(other ? g_other_cert : g_cert, other ? g_other_key : g_key, NULL, in,
		CMS_DETACHED | CMS_BINARY) : NULL;
	BIO_free(in);
	jb_free(&b);
	if (cms && (g_sim.misbehave & MB_BAD_SIGNATURE)) {
		/* the signature value damaged: its last byte flipped */
		CMS_SignerInfo *si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0);
		ASN1_OCTET_STRING *sig = si ? CMS_SignerInfo_get0_signature(si) : NULL;
		if (sig && ASN1_STRING_length(sig) > 8) {
			unsigned char *d = (unsigned char *)ASN1_STRING_get0_data(sig);
			d[ASN1_STRING_length(sig) - 1] ^= 0x5a;
		}
	}
	unsigned char *der = NULL;
	int n = cms ? i2d_CMS_ContentInfo(cms, &der) : -1;
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	if (n <= 0)
		return serve_outcome(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "error", "exception", "Signing failed.");
	jb_init(&b);
	jb_add(&b, (const char *)der, (size_t)n);
	OPENSSL_free(der);
	return queue_bytes(c, MHD_HTTP_OK, "application/pkcs7-signature", &b, NULL);
}
