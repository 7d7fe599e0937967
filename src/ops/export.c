/* export.c - the registry's signed export (doc/registry-api.md, section
 * 6): the export and its detached CMS signature fetched as a pair (the
 * signature asked with If-Match: the export's ETag), verified against
 * the certificate the office configured for the registry, and only then
 * stored, unchanged, with a journal entry; saved again as export.json
 * and export.p7s for anyone to check with openssl cms -verify.  Also the
 * signing certificate of a registry: set from a file, never learnt from
 * the registry itself. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ops-int.h"

#define EXPORT_TRIES 3 /* the pair is fetched again at most twice after a 412 */

enum rc_status rc_op_cert_read(const char *pem, size_t n, struct rc_cert_info *out)
{
	enum rc_status st = rc_cert_check(pem, n, out);
	if (st == RC_INVALID)
		/* TRANSLATORS: PEM is a file format; keep "-----BEGIN CERTIFICATE-----" as it is. */
		rc_error_set("%s", _("The signing certificate file is not one certificate in PEM form "
		                     "(-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)."));
	return st;
}

enum rc_status rc_op_registry_set_signing_cert(struct rc_case *c, const char *name, const char *pem, size_t n,
	struct rc_cert_info *out)
{
	rc_error_clear();
	memset(out, 0, sizeof *out);
	struct rc_registry r;
	enum rc_status st = rc_op_registry_get(c, name, &r);
	rc_registry_clear(&r);
	if (st != RC_OK)
		return st;
	st = rc_op_cert_read(pem, n, out);
	if (st != RC_OK)
		return st;
	return rc_registry_set_signing_cert(c, name, out->pem, out->fp);
}

struct grab {
	struct rc_buf b;
	uint64_t max;
};

static enum rc_status take(void *ud, const void *p, size_t n)
{
	struct grab *g = ud;
	if (g->b.len + n > g->max)
		return RC_BADREG;
	return rc_buf_add(&g->b, p, n) ? RC_OK : RC_NOMEM;
}

static bool net_wait(void *ud, long s)
{
	const struct rc_export_opts *o = ud;
	return !o->wait || o->wait(o->ud, s);
}

/* [endpoint][suffix]?patient=REF (or patient:identifier=SYSTEM|VALUE) */
static char *export_url(const char *endpoint, const char *suffix, const char *ref)
{
	size_t el = strlen(endpoint);
	while (el && endpoint[el - 1] == '/')
		el--;
	char *p = rc_net_escape(ref);
	bool ident = strchr(ref, '|') && strncmp(ref, "Patient/", 8);
	struct rc_buf b;
	rc_buf_init(&b);
	rc_buf_printf(&b, "%.*s%s?patient%s=%s", (int)el, endpoint, suffix, ident ? ":identifier" : "", p ? p : "");
	free(p);
	return b.data;
}

static bool etag_strong(const char *e)
{
	size_t n = strlen(e);
	return n >= 2 && e[0] == '"' && e[n - 1] == '"';
}

/* The pair, fetched: the export (its ETag), then its signature for that
 * ETag; a 412 (the export changed meanwhile) starts over. */
static enum rc_status fetch_pair(const char *endpoint, const char *ref, const struct rc_net_opts *net0,
	const struct rc_export_opts *o, struct rc_buf *exp, struct rc_buf *sig, struct rc_export_result *r)
{
	char *eu = export_url(endpoint, "", ref), *su = export_url(endpoint, "/signature", ref);
	enum rc_status st = RC_BADREG;
	for (int attempt = 0; attempt < EXPORT_TRIES; attempt++) {
		struct rc_net_opts net = *net0;
		struct grab ge = { .max = RC_EXPORT_MAX }, gs = { .max = RC_EXPORT_SIG_MAX };
		rc_buf_init(&ge.b);
		rc_buf_init(&gs.b);
		struct rc_net_result res;
		net.max_body = RC_EXPORT_MAX;
		st = rc_net_get_retry(eu, "application/fhir+json", &net, take, &ge, &res, 3, 60, net_wait, (void *)o);
		char etag[sizeof res.etag];
		snprintf(etag, sizeof etag, "%s", res.etag);
		if (st == RC_OK && !etag_strong(etag)) {
			/* TRANSLATORS: ETag is the name of an HTTP header; keep it. */
			rc_error_set("%s", _("The registry sent the export without a strong version tag (ETag), so its "
			                     "signature cannot be asked for these exact bytes."));
			st = RC_BADREG;
		}
		if (st == RC_OK) {
			net.if_match = etag;
			net.max_body = RC_EXPORT_SIG_MAX;
			st = rc_net_get_retry(su, "application/pkcs7-signature", &net, take, &gs, &res, 3, 60, net_wait,
			                      (void *)o);
			if (st != RC_OK && res.http_status == 412) {
				r->refetched++;
				rc_buf_free(&ge.b);
				rc_buf_free(&gs.b);
				if (attempt + 1 < EXPORT_TRIES)
					continue;
				rc_error_set("%s", _("The registry's export kept changing while recourse fetched its "
				                     "signature (three times). Try again later."));
				st = RC_BADREG;
				break;
			}
		}
		if (st == RC_OK) {
			*exp = ge.b;
			*sig = gs.b;
		} else {
			rc_buf_free(&ge.b);
			rc_buf_free(&gs.b);
		}
		break;
	}
	free(eu);
	free(su);
	return st;
}

/* ---- its AuditEvents into the log, as a sync puts them ---- */

struct feed {
	int fd;
	const char *p;
	size_t n;
	pthread_t th;
};

static void *feed_run(void *arg)
{
	struct feed *f = arg;
	size_t off = 0;
	while (off < f->n) {
		ssize_t w = send(f->fd, f->p + off, f->n - off > 65536 ? 65536 : f->n - off, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break; /* the importer stopped reading */
		off += (size_t)w;
	}
	close(f->fd);
	return NULL;
}

struct imp {
	const char *refs;
	bool foreign;
};

static enum rc_accept same_person(void *ud, const struct rc_event *ev)
{
	struct imp *im = ud;
	if (ev->patient && !ops_record_is(im->refs, ev->patient)) {
		im->foreign = true;
		return RC_STOP;
	}
	return RC_ACCEPT;
}

/* The export's AuditEvents, each about the case's record (else none of
 * them), into the log in one transaction, deduplicated by (source, id)
 * with those a sync of the same registry brought. */
static enum rc_status import_events(struct rc_case *c, const char *regname, const char *refs, const struct rc_buf *exp,
	struct rc_export_result *r)
{
	struct rc_flag_ctx ctx;
	enum rc_status st = rc_op_flag_ctx(c, &ctx);
	if (st != RC_OK)
		return st;
	int fds[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
		rc_flag_ctx_clear(&ctx);
		return rc_status_from_errno(errno);
	}
	struct feed f = { .fd = fds[1], .p = exp->data ? exp->data : "", .n = exp->len };
	if (pthread_create(&f.th, NULL, feed_run, &f) != 0) {
		close(fds[0]);
		close(fds[1]);
		rc_flag_ctx_clear(&ctx);
		return RC_NOMEM;
	}
	char origin[120];
	snprintf(origin, sizeof origin, "registry %s", regname);
	struct imp im = { .refs = refs };
	struct rc_import_file_opts io = { .format = RC_IMPORT_FHIR, .origin = origin, .ctx = &ctx, .skip_invalid = true,
		.accept = same_person, .accept_ud = &im };
	struct rc_import_file_result ir;
	memset(&ir, 0, sizeof ir);
	st = rc_case_import_fd(c, fds[0], &io, &ir);
	close(fds[0]); /* a writer still writing gets EPIPE and stops */
	pthread_join(f.th, NULL);
	rc_flag_ctx_clear(&ctx);
	if (im.foreign) {
		r->foreign = true;
		return RC_OK; /* the export stays kept as evidence; its events are not put in the log */
	}
	if (st == RC_OK) {
		r->imported = true;
		r->added = ir.counts.added;
		r->unchanged = ir.counts.unchanged + ir.counts.updated;
		r->not_accesses = ir.invalid;
		r->flagged = ir.flagged;
	}
	return st;
}

enum rc_status rc_op_export_download(struct rc_case *c, const char *name, const struct rc_export_opts *o,
	struct rc_export_result *r)
{
	static const struct rc_export_opts none;
	if (!o)
		o = &none;
	memset(r, 0, sizeof *r);
	rc_error_clear();
	struct rc_registry reg;
	enum rc_status st = rc_op_registry_get(c, name, &reg);
	if (st != RC_OK)
		return st;
	if (!reg.signing_cert) {
		/* TRANSLATORS: %s is the registry's name; keep the commands as they are. */
		rc_error_set(_("No signing certificate is configured for \"%s\", so its export could not be checked "
		               "and was not fetched. Get the registry's certificate, check its fingerprint with the "
		               "registry by another channel (a letter, a call; recourse registry test CASE NAME shows "
		               "the one it publishes), then: recourse registry set CASE NAME --signing-cert FILE"), name);
		rc_registry_clear(&reg);
		return RC_USAGE;
	}
	struct rc_case_meta m;
	st = rc_case_meta_get(c, &m);
	if (st != RC_OK) {
		rc_registry_clear(&reg);
		return st;
	}
	if (!m.record_ref || !*m.record_ref) {
		rc_case_meta_clear(&m);
		rc_registry_clear(&reg);
		/* TRANSLATORS: keep the command as it is. */
		rc_error_set("%s", _("The case does not say which record is this person's, so the registry cannot be "
		                     "asked for its export. Give the record's reference first: recourse case set CASE "
		                     "record REF"));
		return RC_USAGE;
	}
	char *refs = rc_xstrdup(m.record_ref);
	char *ask = rc_xstrdup(m.record_ref);
	ask[strcspn(ask, ",;")] = 0;
	rc_case_meta_clear(&m);

	struct rc_net_opts net;
	rc_op_net_opts(&reg, &net);
	struct rc_discovery d;
	struct rc_net_result res;
	struct rc_buf exp, sig;
	rc_buf_init(&exp);
	rc_buf_init(&sig);
	st = rc_discovery_fetch(reg.base_url, &net, &d, &res);
	if (st == RC_OK && !d.export_endpoint) {
		rc_error_set("%s", _("The registry does not offer a signed export (its discovery document names no "
		                     "export_endpoint)."));
		st = RC_NOTFOUND;
	} else if (st == RC_OK && (!rc_net_url_allowed(d.export_endpoint)
	                           || !rc_net_same_origin(reg.base_url, d.export_endpoint))) {
		rc_error_set("%s", _("The registry's export is at another address than the registry itself; recourse "
		                     "does not fetch it from there."));
		st = RC_BADREG;
	}
	if (st == RC_OK)
		st = fetch_pair(d.export_endpoint, ask, &net, o, &exp, &sig, r);
	rc_discovery_clear(&d);
	free(ask);
	struct rc_cms_info info;
	enum rc_cms_check failed = RC_CMS_NONE;
	if (st == RC_OK) {
		st = rc_cms_verify(exp.data ? exp.data : "", exp.len, sig.data ? sig.data : "", sig.len, reg.signing_cert,
		                   &info, &failed);
		r->failed = failed;
		if (st == RC_INVALID) /* the configured certificate itself */
			st = RC_USAGE;
	}
	if (st == RC_OK) {
		char signer[RC_CERT_FP_LEN + 310];
		snprintf(signer, sizeof signer, "%s %s", info.signer_fp, info.signer_subject);
		struct rc_export_in in = { .registry = reg.id, .registry_name = reg.name, .name = "export.json",
			.mime = "application/fhir+json", .bytes = exp.data ? exp.data : "", .size = exp.len,
			.sig = sig.data ? sig.data : "", .sig_size = sig.len, .sha256 = info.sha256, .signer = signer,
			.signed_at = info.signed_at };
		st = rc_export_add(c, &in, &r->id);
		if (st == RC_OK) {
			r->size = exp.len;
			snprintf(r->sha256, sizeof r->sha256, "%s", info.sha256);
			snprintf(r->signer_fp, sizeof r->signer_fp, "%s", info.signer_fp);
			snprintf(r->signer_subject, sizeof r->signer_subject, "%s", info.signer_subject);
			snprintf(r->signed_at, sizeof r->signed_at, "%s", info.signed_at);
			/* the pair is kept whatever happens next; a failed import
			 * is told apart (import_status) */
			char msg[600];
			r->import_status = import_events(c, reg.name, refs, &exp, r);
			snprintf(msg, sizeof msg, "%s", r->import_status != RC_OK ? rc_error_detail() : "");
			snprintf(r->import_error, sizeof r->import_error, "%s", msg);
			rc_error_clear();
		}
	}
	free(refs);
	rc_buf_free(&exp);
	rc_buf_free(&sig);
	rc_registry_clear(&reg);
	return st;
}

/* A new file dir/name holding p: written under a temporary name, then
 * linked to its name (never over an existing file). */
static enum rc_status write_tmp(const char *dir, const void *p, size_t n, char **tmp)
{
	*tmp = rc_path_join(dir, ".recourse-export-XXXXXX");
	int fd = mkstemp(*tmp);
	if (fd < 0) {
		enum rc_status st = rc_status_from_errno(errno);
		free(*tmp);
		*tmp = NULL;
		return st;
	}
	enum rc_status st = RC_OK;
	if (fchmod(fd, 0600) != 0)
		st = rc_status_from_errno(errno);
	if (st == RC_OK)
		st = rc_fd_write_all(fd, p, n);
	if (st == RC_OK && fsync(fd) != 0)
		st = rc_status_from_errno(errno);
	if (close(fd) != 0 && st == RC_OK)
		st = rc_status_from_errno(errno);
	if (st != RC_OK) {
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
	}
	return st;
}

enum rc_status rc_op_export_save(struct rc_case *c, int64_t id, const char *dir)
{
	rc_error_clear();
	struct rc_export_row row;
	void *bytes, *sig;
	size_t n, sn;
	enum rc_status st = rc_export_get(c, id, &row, &bytes, &n, &sig, &sn);
	if (st == RC_NOTFOUND) {
		/* TRANSLATORS: %lld is a number; keep the command as it is. */
		rc_error_set(_("The case has no export %lld (recourse export list CASE shows them)."), (long long)id);
		return st;
	}
	if (st != RC_OK)
		return st;
	rc_export_row_clear(&row);
	char *names[2] = { rc_path_join(dir, "export.json"), rc_path_join(dir, "export.p7s") };
	char *tmps[2] = { NULL, NULL };
	struct stat sb;
	for (int i = 0; i < 2 && st == RC_OK; i++)
		if (lstat(names[i], &sb) == 0) {
			/* TRANSLATORS: %s is a file name. */
			rc_error_set(_("%s already exists; recourse writes only new files. Choose another folder."), names[i]);
			st = RC_EXISTS;
		}
	if (st == RC_OK && (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
		/* TRANSLATORS: %s is a folder's name. */
		rc_error_set(_("There is no folder %s."), dir);
		st = RC_NOTFOUND;
	}
	if (st == RC_OK)
		st = write_tmp(dir, bytes, n, &tmps[0]);
	if (st == RC_OK)
		st = write_tmp(dir, sig, sn, &tmps[1]);
	int linked = 0;
	for (int i = 0; i < 2 && st == RC_OK; i++) {
		if (link(tmps[i], names[i]) != 0) {
			st = errno == EEXIST ? RC_EXISTS : rc_status_from_errno(errno);
			if (st == RC_EXISTS)
				rc_error_set(_("%s already exists; recourse writes only new files. Choose another folder."),
				             names[i]);
		} else {
			linked++;
		}
	}
	if (st != RC_OK)
		for (int i = 0; i < linked; i++)
			unlink(names[i]);
	for (int i = 0; i < 2; i++) {
		if (tmps[i])
			unlink(tmps[i]);
		free(tmps[i]);
		free(names[i]);
	}
	if (st == RC_OK)
		st = rc_fsync_dir(dir);
	free(bytes);
	free(sig);
	return st;
}
