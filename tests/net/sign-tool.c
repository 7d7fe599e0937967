/* sign-tool.c - the bundle's signature and time stamp (src/net/sign.c,
 * tsa.c) on files, for tests/net/sign.sh:
 *
 *   sign-tool create CN ORG DAYS CERT KEY   a key and self-signed certificate
 *   sign-tool check CERT [KEY]              can they sign now? (describe)
 *   sign-tool sign CERT KEY FILE            FILE.p7s
 *   sign-tool verify FILE SIG               rc_cms_check_bag
 *   sign-tool stamp URL SIG [TSACERT]       SIG.tsr (rc_tsa_stamp)
 *   sign-tool tsacheck TSR SIG [TSACERT]    rc_tsa_token_check
 *
 * Prints "key: value" lines, and "failed: KIND" and "error: MESSAGE" when
 * refused (exit 1; 2: usage or a file).  SIGN_TOOL_NOW=<unix seconds>
 * fixes the clock (rc_clock_set).  Test use only: it writes a private key
 * to a file (mode 0600). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net.h"

static time_t fixed_now;
static time_t fake_clock(void)
{
	return fixed_now;
}

static char *slurp(const char *path, size_t *n)
{
	char *p = NULL;
	if (rc_file_read_all(path, (size_t)64 << 20, &p, n) != RC_OK) {
		fprintf(stderr, "sign-tool: cannot read %s\n", path);
		exit(2);
	}
	return p;
}

static void spit(const char *path, const void *p, size_t n)
{
	if (rc_file_write_atomic(path, p, n, 0600) != RC_OK) {
		fprintf(stderr, "sign-tool: cannot write %s\n", path);
		exit(2);
	}
}

static char *with_ext(const char *path, const char *ext)
{
	char *s = rc_xmalloc(strlen(path) + strlen(ext) + 1);
	strcpy(s, path);
	strcat(s, ext);
	return s;
}

static const char *cms_kind(enum rc_cms_check c)
{
	static const char *const k[] = { "none", "malformed", "signer", "cert", "digest", "signature" };
	return (size_t)c < sizeof k / sizeof k[0] ? k[c] : "?";
}

static const char *tsa_kind(enum rc_tsa_check c)
{
	static const char *const k[] = { "none", "malformed", "rejected", "imprint", "nonce", "signer", "cert",
		"signature" };
	return (size_t)c < sizeof k / sizeof k[0] ? k[c] : "?";
}

static void tsa_print(enum rc_status st, const struct rc_tsa_info *ti)
{
	if (st == RC_OK) {
		printf("gen_time: %s\ntsa_name: %s\nserial: %s\npolicy: %s\ntsa_fp: %s\ntsa_subject: %s\n"
		       "system_trusted: %d\n", ti->gen_time_text, ti->tsa_name, ti->serial, ti->policy, ti->tsa_fp,
		       ti->tsa_subject, ti->system_trusted);
		return;
	}
	printf("failed: %s\nstatus: %s\nerror: %s\n", tsa_kind(ti->failed), rc_status_name(st), rc_error_detail());
	if (ti->status_text[0])
		printf("status_text: %s\n", ti->status_text);
}

int main(int argc, char **argv)
{
	if (rc_base_init() != 0)
		return 2;
	const char *now = getenv("SIGN_TOOL_NOW");
	if (now && *now) {
		fixed_now = (time_t)strtoll(now, NULL, 10);
		rc_clock_set(fake_clock);
	}
	if (argc < 2)
		goto usage;
	const char *cmd = argv[1];
	if (!strcmp(cmd, "create") && argc == 7) {
		char *cert = NULL, *key = NULL;
		enum rc_status st = rc_signer_create(argv[2], argv[3], atoi(argv[4]), &cert, &key);
		if (st != RC_OK) {
			printf("error: %s\n", rc_error_detail());
			return 1;
		}
		spit(argv[5], cert, strlen(cert));
		spit(argv[6], key, strlen(key));
		free(cert);
		rc_signer_key_free(&key);
		return 0;
	}
	if (!strcmp(cmd, "check") && (argc == 3 || argc == 4)) {
		size_t n;
		char *cert = slurp(argv[2], &n), *key = argc == 4 ? slurp(argv[3], &n) : NULL;
		struct rc_signer_desc d;
		char why[600];
		enum rc_status st = rc_signer_check(cert, key, &d, why, sizeof why);
		printf("subject: %s\nissuer: %s\nnot_before: %s\nnot_after: %s\nfp: %s\nself_signed: %d\nchain: %zu\n",
		       d.subject, d.issuer, d.not_before, d.not_after, d.fp, d.self_signed, d.chain);
		if (st != RC_OK)
			printf("error: %s\n", why);
		free(cert);
		rc_signer_key_free(&key);
		return st == RC_OK ? 0 : 1;
	}
	if (!strcmp(cmd, "sign") && argc == 5) {
		size_t n, fn;
		char *cert = slurp(argv[2], &n), *key = slurp(argv[3], &n), *data = slurp(argv[4], &fn);
		unsigned char *der;
		size_t dlen;
		enum rc_status st = rc_cms_sign(cert, key, data, fn, &der, &dlen);
		free(cert);
		rc_signer_key_free(&key);
		free(data);
		if (st != RC_OK) {
			printf("error: %s\n", rc_error_detail());
			return 1;
		}
		char *out = with_ext(argv[4], ".p7s");
		spit(out, der, dlen);
		free(out);
		free(der);
		return 0;
	}
	if (!strcmp(cmd, "verify") && argc == 4) {
		size_t fn, sn;
		char *data = slurp(argv[2], &fn), *sig = slurp(argv[3], &sn);
		struct rc_bag_sig_info bi;
		enum rc_cms_check failed;
		enum rc_status st = rc_cms_check_bag(data, fn, sig, sn, &bi, &failed);
		printf("failed: %s\nsha256: %s\n", cms_kind(failed), bi.sha256);
		if (bi.signer_fp[0])
			printf("signer_fp: %s\nsigner_subject: %s\nsigner_issuer: %s\nsigned_at: %s\nnot_after: %s\n"
			       "self_signed: %d\ncades: %d\nsystem_trusted: %d\ncerts: %zu\n", bi.signer_fp, bi.signer_subject,
			       bi.signer_issuer, bi.signed_at, bi.not_after, bi.self_signed, bi.cades, bi.system_trusted,
			       bi.certs);
		if (st != RC_OK)
			printf("error: %s\n", rc_error_detail());
		free(data);
		free(sig);
		return st == RC_OK ? 0 : 1;
	}
	if (!strcmp(cmd, "stamp") && (argc == 4 || argc == 5)) {
		rc_net_global_init();
		size_t sn, n;
		char *sig = slurp(argv[3], &sn), *tsa = argc == 5 ? slurp(argv[4], &n) : NULL;
		struct rc_tsa_info ti;
		unsigned char *reply;
		size_t rlen;
		struct rc_net_opts o = { .connect_timeout_s = 5, .total_timeout_s = 20 };
		enum rc_status st = rc_tsa_stamp(argv[2], &o, sig, sn, tsa, &ti, &reply, &rlen);
		tsa_print(st, &ti);
		if (st == RC_OK) {
			char *out = with_ext(argv[3], ".tsr");
			spit(out, reply, rlen);
			free(out);
			free(reply);
		}
		free(sig);
		free(tsa);
		return st == RC_OK ? 0 : 1;
	}
	if (!strcmp(cmd, "tsacheck") && (argc == 4 || argc == 5)) {
		size_t tn, sn, n;
		char *tok = slurp(argv[2], &tn), *sig = slurp(argv[3], &sn), *tsa = argc == 5 ? slurp(argv[4], &n) : NULL;
		struct rc_tsa_info ti;
		enum rc_status st = rc_tsa_token_check(tok, tn, sig, sn, tsa, &ti);
		tsa_print(st, &ti);
		free(tok);
		free(sig);
		free(tsa);
		return st == RC_OK ? 0 : 1;
	}
usage:
	fprintf(stderr, "usage: sign-tool create|check|sign|verify|stamp|tsacheck ... (see the source)\n");
	return 2;
}
