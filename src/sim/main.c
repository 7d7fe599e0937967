/* main.c - recourse-registry-sim: options, the listening socket (on
 * 127.0.0.1 only), the libmicrohttpd daemon, the request router and the
 * request log, and a clean stop on SIGTERM or SIGINT.
 *
 * A training and test tool: every person and every access it serves is
 * made up (data.c).  It never listens beyond the loopback interface. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim.h"

struct sim g_sim;

static void usage(void)
{
	printf("Usage: " SIM_PROGRAM " [options]\n"
		"\n"
		"A training registry for recourse: serves fictional FHIR R4 AuditEvents\n"
		"(accesses to fictional biometric records) over HTTP or HTTPS, on\n"
		"127.0.0.1 only.  Nothing it serves is about a real person.\n"
		"\n"
		"Options:\n"
		"  --port N                 port to listen on (default 0: any free port)\n"
		"  --port-file FILE         also write the port to FILE (atomically)\n"
		"  --tls-cert FILE          PEM certificate: serve HTTPS (with --tls-key)\n"
		"  --tls-key FILE           PEM private key of the certificate\n"
		"  --person REF:COUNT[:withheld]\n"
		"                           a fictional person with record reference REF\n"
		"                           (Patient/ID, or SYSTEM|VALUE) and COUNT accesses\n"
		"                           (at most %llu); withheld: the first page also\n"
		"                           says that some are withheld.  Repeatable.\n"
		"                           Default: Patient/sim-0001:120 and Patient/sim-0002:0\n"
		"  --data DIR               the persons of DIR/persons, one a line:\n"
		"                           REFERENCE COUNT|FILE [withheld]; FILE, relative\n"
		"                           to DIR, holds the person's AuditEvents as NDJSON\n"
		"                           (served as written).  With --person too\n"
		"  --seed N                 seed of the made-up events (default 1)\n"
		"  --registry-name TEXT     name in the discovery document\n"
		"                           (default \"Training registry (fictional)\")\n"
		"  --sign-cert FILE         PEM certificate that signs exports (with --sign-key;\n"
		"                           default: a key and self-signed certificate made\n"
		"                           at start)\n"
		"  --sign-key FILE          PEM private key of --sign-cert\n"
		"  --sign-cert-out FILE     write the signing certificate (PEM) to FILE\n"
		"  --misbehave KIND         misbehave in one of these ways (repeatable):\n",
		SIM_EVENTS_MAX);
	misbehave_help();
	printf("  --delay-ms N             the wait of \"slow\" in milliseconds (default 3000)\n"
		"  --oauth                  offer sign-in (OAuth 2.0 device grant) in discovery\n"
		"  --require-token          the FHIR endpoints answer 401 without a token the\n"
		"                           simulator gave (implies --oauth)\n"
		"  --device-approve-after N approve each sign-in at the poll after the Nth\n"
		"                           (default 0: only when GET /device?user_code=CODE&approve=1)\n"
		"  --device-deny            refuse every sign-in (access_denied)\n"
		"  --device-interval N      seconds between polls asked of the client (default 5)\n"
		"  --device-expires N       seconds a user code lives (default 600)\n"
		"  --token-expires N        seconds a token lives (default 3600)\n"
		"  --tokens-file FILE       append every token given to FILE (for tests only:\n"
		"                           a real registry never writes tokens down)\n"
		"  --tls-client-ca FILE     PEM CA: with --tls-cert, require a client certificate\n"
		"                           it signed (mutual TLS); others are disconnected\n"
		"  --bind-token             bind tokens to the client certificate (RFC 8705): a\n"
		"                           request with the token and another certificate gets 401\n"
		"  --request-delay S        seconds between the steps of a request's status\n"
		"                           (default 0: its outcome at once)\n"
		"  --request-outcome O      how requests end: accepted (default), partial-accept,\n"
		"                           denied or waiting-for-information (DRP: fulfilled,\n"
		"                           fulfilled, denied, or need_user_verification)\n"
		"  --drp-token-file FILE    append each DRP token issued to FILE (for tests)\n"
		"  --help                   show this help and exit\n"
		"  --version                show the version and exit\n"
		"\n"
		"Endpoints:\n"
		"  GET /.well-known/recourse-registry   discovery document (JSON)\n"
		"  GET /fhir/metadata                   CapabilityStatement\n"
		"  GET /fhir/AuditEvent?patient=REF[&date=geINSTANT][&_sort=-date][&_count=N]\n"
		"                                       searchset Bundle, paged by a next link\n"
		"  GET /fhir/AuditEvent/ID              one AuditEvent\n"
		"  GET /export?patient=REF              signed export: Bundle (collection), ETag\n"
		"  GET /export/signature?patient=REF    its detached CMS signature (DER), If-Match\n"
		"  POST /oauth/device_authorization     start a sign-in (RFC 8628; with --oauth)\n"
		"  POST /oauth/token                    the client's polls\n"
		"  GET /device?user_code=CODE&approve=1 approve a sign-in (deny=1: refuse it), as\n"
		"                                       the person would on a phone\n"
		"  POST /fhir/Communication/$correction-request\n"
		"                                       a correction (HL7 Patient Request for\n"
		"                                       Corrections): the Communication, about its Task\n"
		"  GET /fhir/Task/ID[/_history]         the Task, its status moving with time\n"
		"  POST /drp/v1/agent/AGENT             DRP pairing (learns the agent's key from\n"
		"                                       verify_key in its first signed body)\n"
		"  POST /drp/v1/data-rights-request     DRP deletion or access (signed, bearer)\n"
		"  GET /drp/v1/data-rights-request/ID   DRP Exercise Status\n"
		"\n"
		"It prints \"listening on URL\" once it listens, logs one line per request to\n"
		"standard error, and stops on SIGTERM or SIGINT.\n");
}

static _Noreturn void die_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void die_usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, SIM_PROGRAM ": ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\nTry '" SIM_PROGRAM " --help'.\n");
	va_end(ap);
	exit(2);
}

static bool parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	size_t n = strlen(s);
	if (n == 0 || n > 20 || strspn(s, "0123456789") != n)
		return false;
	errno = 0;
	unsigned long long v = strtoull(s, NULL, 10);
	if (errno || v > max)
		return false;
	*out = v;
	return true;
}

static char *read_pem(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, SIM_PROGRAM ": cannot open %s: %s\n", path, strerror(errno));
		exit(1);
	}
	struct jbuf b;
	jb_init(&b);
	char tmp[4096];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
		jb_add(&b, tmp, n);
		if (b.len > 1024 * 1024) {
			fprintf(stderr, SIM_PROGRAM ": %s is larger than 1 MiB\n", path);
			exit(1);
		}
	}
	fclose(f);
	if (b.len == 0) {
		fprintf(stderr, SIM_PROGRAM ": %s is empty\n", path);
		exit(1);
	}
	return b.p;
}

static void write_port_file(const char *path, unsigned port)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp) {
		fprintf(stderr, SIM_PROGRAM ": the port file's name is too long\n");
		exit(1);
	}
	FILE *f = fopen(tmp, "w");
	if (!f || fprintf(f, "%u\n", port) < 0 || fflush(f) != 0 || fsync(fileno(f)) != 0
		|| fclose(f) != 0 || rename(tmp, path) != 0) {
		fprintf(stderr, SIM_PROGRAM ": cannot write %s: %s\n", path, strerror(errno));
		unlink(tmp);
		exit(1);
	}
}

/* ---- the request log ---- */

static void log_request(const char *method, const char *url, unsigned status)
{
	char line[320];
	size_t n = 0;
	for (const char *s = method; *s && n < 16; s++)
		line[n++] = (*s > 0x20 && *s < 0x7f) ? *s : '?';
	line[n++] = ' ';
	size_t start = n;
	for (const unsigned char *s = (const unsigned char *)url; *s && n < start + 200; s++)
		line[n++] = (*s > 0x20 && *s < 0x7f) ? (char)*s : '?';
	if (*url && n == start + 200)
		n += (size_t)snprintf(line + n, 8, "...");
	if (status)
		n += (size_t)snprintf(line + n, sizeof line - n, " %u\n", status);
	else
		n += (size_t)snprintf(line + n, sizeof line - n, " -\n");
	/* one write, so that lines of concurrent requests do not mix */
	ssize_t w = write(STDERR_FILENO, line, n);
	(void)w;
}

/* libmicrohttpd's own messages, one line each, named as ours. */
static void mhd_log(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	if (atomic_load(&g_sim.stopping))
		return; /* the connections cut by the stop */
	char msg[512];
	int n = snprintf(msg, sizeof msg, SIM_PROGRAM ": libmicrohttpd: ");
	vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
	size_t len = strlen(msg);
	while (len && (msg[len - 1] == '\n' || msg[len - 1] == '\r'))
		len--;
	msg[len++] = '\n';
	ssize_t w = write(STDERR_FILENO, msg, len);
	(void)w;
}

/* ---- the router ---- */

static unsigned route(struct MHD_Connection *c, const char *url, const char *method, const struct post *post)
{
	/* the FHIR endpoints ask for a sign-in with --require-token (DRP has its own) */
	if (!strncmp(url, "/fhir/", 6)) {
		unsigned st = oauth_check(c);
		if (st)
			return st;
	}
	unsigned rs = serve_requests(c, url, method, post->body.p ? post->body.p : "", post->body.len);
	if (rs != SIM_NOT_MINE)
		return rs;
	bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	if (g_sim.oauth && !strcmp(method, "POST") && !strcmp(url, "/oauth/device_authorization"))
		return serve_device_authorization(c, post);
	if (g_sim.oauth && !strcmp(method, "POST") && !strcmp(url, "/oauth/token"))
		return serve_token(c, post);
	if (g_sim.oauth && get && !strcmp(url, "/device"))
		return serve_device_page(c);
	enum { NONE, WELLKNOWN, METADATA, SEARCH, READ, EXPORT, EXPORT_SIG } ep = NONE;
	const char *id = NULL;
	if (strcmp(url, "/.well-known/recourse-registry") == 0)
		ep = WELLKNOWN;
	else if (strcmp(url, "/fhir/metadata") == 0)
		ep = METADATA;
	else if (strcmp(url, "/fhir/AuditEvent") == 0)
		ep = SEARCH;
	else if (strcmp(url, "/export") == 0)
		ep = EXPORT;
	else if (strcmp(url, "/export/signature") == 0)
		ep = EXPORT_SIG;
	else if (strncmp(url, "/fhir/AuditEvent/", 17) == 0 && url[17] && !strchr(url + 17, '/')) {
		ep = READ;
		id = url + 17;
	}
	if (ep == NONE)
		return serve_outcome(c, MHD_HTTP_NOT_FOUND, "error", "not-found",
			"Nothing is served at this path.");
	if (!get) {
		struct jbuf b;
		jb_init(&b);
		outcome_json(&b, "error", "not-supported", "Only GET and HEAD are allowed here.");
		jb_reserve(&b, 0);
		struct MHD_Response *r = MHD_create_response_from_buffer(b.len, b.p, MHD_RESPMEM_MUST_FREE);
		if (!r) {
			jb_free(&b);
			return 0;
		}
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/fhir+json");
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
		enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_METHOD_NOT_ALLOWED, r);
		MHD_destroy_response(r);
		return ok == MHD_YES ? MHD_HTTP_METHOD_NOT_ALLOWED : 0;
	}
	if (ep != WELLKNOWN) {
		unsigned st = oauth_check(c);
		if (st)
			return st;
	}
	switch (ep) {
	case WELLKNOWN: return serve_wellknown(c);
	case METADATA: return serve_metadata(c);
	case SEARCH: return serve_search(c);
	case READ: return serve_read(c, id);
	case EXPORT: return serve_export(c);
	case EXPORT_SIG: return serve_export_signature(c);
	default: return 0;
	}
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
	const char *method, const char *version, const char *upload_data,
	size_t *upload_data_size, void **con_cls)
{
	(void)cls;
	(void)version;
	if (!*con_cls) {
		/* mutual TLS: a connection without a client certificate the CA
		 * signed is closed before anything is answered */
		if (g_sim.client_ca && !oauth_client_cert_ok(c)) {
			log_request(method, url, 0);
			return MHD_NO;
		}
		struct post *p = xmalloc(sizeof *p);
		memset(p, 0, sizeof *p);
		jb_init(&p->body);
		*con_cls = p;
		return MHD_YES;
	}
	struct post *p = *con_cls;
	if (*upload_data_size) {
		/* a body is kept up to 1 MiB (more: 413) */
		if (p->body.len + *upload_data_size > (1u << 20))
			p->too_big = true;
		else
			jb_add(&p->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	unsigned status;
	if (p->too_big)
		status = serve_outcome(c, MHD_HTTP_CONTENT_TOO_LARGE, "error", "too-costly", "The body is over 1 MiB.");
	else
		status = route(c, url, method, p);
	log_request(method, url, status);
	return status ? MHD_YES : MHD_NO;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	struct post *p = *con_cls;
	if (p) {
		if (p->body.p)
			memset(p->body.p, 0, p->body.len); /* a device code */
		jb_free(&p->body);
		free(p);
		*con_cls = NULL;
	}
}

/* ---- main ---- */

enum { O_PORT = 256, O_PORT_FILE, O_CERT, O_KEY, O_PERSON, O_SEED, O_NAME, O_MISBEHAVE,
	O_DELAY, O_HELP, O_VERSION, O_SIGN_CERT, O_SIGN_KEY, O_SIGN_CERT_OUT,

	O_OAUTH, O_REQUIRE_TOKEN, O_APPROVE_AFTER, O_DENY, O_INTERVAL,
	O_DEVICE_EXPIRES, O_TOKEN_EXPIRES, O_TOKENS_FILE, O_CLIENT_CA, O_BIND_TOKEN,
	O_REQ_DELAY, O_REQ_OUTCOME, O_TOKEN_FILE, O_DATA };

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "port", required_argument, NULL, O_PORT },
		{ "port-file", required_argument, NULL, O_PORT_FILE },
		{ "tls-cert", required_argument, NULL, O_CERT },
		{ "tls-key", required_argument, NULL, O_KEY },
		{ "person", required_argument, NULL, O_PERSON },
		{ "data", required_argument, NULL, O_DATA },
		{ "seed", required_argument, NULL, O_SEED },
		{ "registry-name", required_argument, NULL, O_NAME },
		{ "misbehave", required_argument, NULL, O_MISBEHAVE },
		{ "delay-ms", required_argument, NULL, O_DELAY },
		{ "sign-cert", required_argument, NULL, O_SIGN_CERT },
		{ "sign-key", required_argument, NULL, O_SIGN_KEY },
		{ "sign-cert-out", required_argument, NULL, O_SIGN_CERT_OUT },
		{ "oauth", no_argument, NULL, O_OAUTH },
		{ "require-token", no_argument, NULL, O_REQUIRE_TOKEN },
		{ "device-approve-after", required_argument, NULL, O_APPROVE_AFTER },
		{ "device-deny", no_argument, NULL, O_DENY },
		{ "device-interval", required_argument, NULL, O_INTERVAL },
		{ "device-expires", required_argument, NULL, O_DEVICE_EXPIRES },
		{ "token-expires", required_argument, NULL, O_TOKEN_EXPIRES },
		{ "tokens-file", required_argument, NULL, O_TOKENS_FILE },
		{ "tls-client-ca", required_argument, NULL, O_CLIENT_CA },
		{ "bind-token", no_argument, NULL, O_BIND_TOKEN },
		{ "request-delay", required_argument, NULL, O_REQ_DELAY },
		{ "request-outcome", required_argument, NULL, O_REQ_OUTCOME },
		{ "drp-token-file", required_argument, NULL, O_TOKEN_FILE },
		{ "help", no_argument, NULL, O_HELP },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	const char *port_file = NULL, *cert_path = NULL, *key_path = NULL, *client_ca_path = NULL;
	const char *sign_cert = NULL, *sign_key = NULL, *sign_cert_out = NULL;
	uint64_t port = 0, v;
	char err[160];
	g_sim.seed = 1;
	g_sim.delay_ms = 3000;
	g_sim.name = "Training registry (fictional)";
	g_sim.interval = 5;
	g_sim.device_expires = 600;
	g_sim.token_expires = 3600;
	int o;
	opterr = 0;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case O_PORT:
			if (!parse_u64(optarg, 65535, &port))
				die_usage("--port wants a number from 0 to 65535, not \"%.40s\"", optarg);
			break;
		case O_PORT_FILE: port_file = optarg; break;
		case O_CERT: cert_path = optarg; break;
		case O_KEY: key_path = optarg; break;
		case O_SIGN_CERT: sign_cert = optarg; break;
		case O_SIGN_KEY: sign_key = optarg; break;
		case O_SIGN_CERT_OUT: sign_cert_out = optarg; break;
		case O_PERSON:
			if (!person_add(optarg, err, sizeof err))
				die_usage("%s", err);
			break;
		case O_DATA: {
			char derr[1200];
			if (!data_load(optarg, derr, sizeof derr)) {
				fprintf(stderr, SIM_PROGRAM ": %s\n", derr);
				exit(2);
			}
			break;
		}
		case O_SEED:
			if (!parse_u64(optarg, UINT64_MAX, &g_sim.seed))
				die_usage("--seed wants a whole number, not \"%.40s\"", optarg);
			break;
		case O_NAME:
			if (strlen(optarg) > 200 || !*optarg)
				die_usage("%s", "--registry-name wants 1 to 200 bytes");
			g_sim.name = optarg;
			break;
		case O_MISBEHAVE:
			if (!misbehave_parse(optarg))
				die_usage("unknown misbehaviour \"%.40s\" (see --help)", optarg);
			break;
		case O_DELAY:
			if (!parse_u64(optarg, 600000, &v))
				die_usage("--delay-ms wants a number from 0 to 600000, not \"%.40s\"", optarg);
			g_sim.delay_ms = (unsigned)v;
			break;
		case O_OAUTH: g_sim.oauth = true; break;
		case O_REQUIRE_TOKEN: g_sim.oauth = g_sim.require_token = true; break;
		case O_APPROVE_AFTER:
			if (!parse_u64(optarg, 1000, &v))
				die_usage("--device-approve-after wants a number from 0 to 1000, not \"%.40s\"", optarg);
			g_sim.approve_after = (unsigned)v;
			break;
		case O_DENY: g_sim.deny = true; break;
		case O_INTERVAL:
			if (!parse_u64(optarg, 3600, &v) || v == 0)
				die_usage("--device-interval wants a number from 1 to 3600, not \"%.40s\"", optarg);
			g_sim.interval = (unsigned)v;
			break;
		case O_DEVICE_EXPIRES:
			if (!parse_u64(optarg, 86400, &v) || v == 0)
				die_usage("--device-expires wants a number from 1 to 86400, not \"%.40s\"", optarg);
			g_sim.device_expires = (unsigned)v;
			break;
		case O_TOKEN_EXPIRES:
			if (!parse_u64(optarg, 31622400, &v) || v == 0)
				die_usage("--token-expires wants a number from 1 to 31622400, not \"%.40s\"", optarg);
			g_sim.token_expires = (unsigned)v;
			break;
		case O_TOKENS_FILE: g_sim.tokens_file = optarg; break;
		case O_CLIENT_CA: client_ca_path = optarg; break;
		case O_BIND_TOKEN: g_sim.bind_token = true; break;
		case O_REQ_DELAY:
			if (!parse_u64(optarg, 86400, &v))
				die_usage("--request-delay wants a number of seconds from 0 to 86400, not \"%.40s\"", optarg);
			g_sim.request_delay = (unsigned)v;
			break;
		case O_REQ_OUTCOME:
			if (!requests_outcome_ok(optarg))
				die_usage("--request-outcome wants accepted, partial-accept, denied or waiting-for-information, "
					"not \"%.40s\"", optarg);
			g_sim.request_outcome = optarg;
			break;
		case O_TOKEN_FILE: g_sim.drp_token_file = optarg; break;
		case O_HELP:
			usage();
			return 0;
		case O_VERSION:
			printf(SIM_PROGRAM " " SIM_VERSION "\n");
			return 0;
		default:
			die_usage("unknown or incomplete option \"%s\"", argv[optind - 1]);
		}
	}
	if (optind < argc)
		die_usage("unexpected argument \"%.60s\"", argv[optind]);
	if (!cert_path != !key_path)
		die_usage("%s", "--tls-cert and --tls-key go together");
	if (!sign_cert != !sign_key)
		die_usage("%s", "--sign-cert and --sign-key go together");
	if (client_ca_path && !cert_path)
		die_usage("%s", "--tls-client-ca needs --tls-cert and --tls-key (mutual TLS is TLS)");
	if (g_sim.bind_token && !client_ca_path)
		die_usage("%s", "--bind-token needs --tls-client-ca");
	if (g_sim.npersons == 0)
		persons_default();
	data_init();
	export_init(sign_cert, sign_key, sign_cert_out);
	oauth_init();

	char *cert = NULL, *key = NULL, *client_ca = NULL;
	if (cert_path) {
		cert = read_pem(cert_path);
		key = read_pem(key_path);
		g_sim.tls = true;
	}
	if (client_ca_path) {
		client_ca = read_pem(client_ca_path);
		g_sim.client_ca = true;
	}

	/* Our own socket on 127.0.0.1: the port is known before any request. */
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		perror(SIM_PROGRAM ": socket");
		return 1;
	}
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t sl = sizeof sa;
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 64) != 0
		|| getsockname(fd, (struct sockaddr *)&sa, &sl) != 0) {
		fprintf(stderr, SIM_PROGRAM ": cannot listen on 127.0.0.1:%u: %s\n", (unsigned)port,
			strerror(errno));
		return 1;
	}
	g_sim.port = ntohs(sa.sin_port);
	const char *scheme = g_sim.tls ? "https" : "http";
	snprintf(g_sim.base, sizeof g_sim.base, "%s://127.0.0.1:%u", scheme, g_sim.port);
	snprintf(g_sim.elsewhere, sizeof g_sim.elsewhere, "%s://127.0.0.2:%u", scheme, g_sim.port);

	/* SIGINT and SIGTERM are taken by sigwait below, in this thread only
	 * (the daemon's threads inherit the mask). */
	signal(SIGPIPE, SIG_IGN);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	unsigned flags = MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ERROR_LOG
		| MHD_USE_ITC | (g_sim.tls ? MHD_USE_TLS : 0);
	struct MHD_Daemon *d;
	if (g_sim.tls && client_ca)
		d = MHD_start_daemon(flags, 0, NULL, NULL, handler, NULL,
			MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
			MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
			MHD_OPTION_LISTEN_SOCKET, fd,
			MHD_OPTION_CONNECTION_LIMIT, (unsigned)128,
			MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120,
			MHD_OPTION_HTTPS_MEM_CERT, cert,
			MHD_OPTION_HTTPS_MEM_KEY, key,
			MHD_OPTION_HTTPS_MEM_TRUST, client_ca,
			MHD_OPTION_END);
	else if (g_sim.tls)
		d = MHD_start_daemon(flags, 0, NULL, NULL, handler, NULL,
			MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
			MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
			MHD_OPTION_LISTEN_SOCKET, fd,
			MHD_OPTION_CONNECTION_LIMIT, (unsigned)128,
			MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120,
			MHD_OPTION_HTTPS_MEM_CERT, cert,
			MHD_OPTION_HTTPS_MEM_KEY, key,
			MHD_OPTION_END);
	else
		d = MHD_start_daemon(flags, 0, NULL, NULL, handler, NULL,
			MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
			MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
			MHD_OPTION_LISTEN_SOCKET, fd,
			MHD_OPTION_CONNECTION_LIMIT, (unsigned)128,
			MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120,
			MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, SIM_PROGRAM ": cannot start the HTTP%s server%s\n", g_sim.tls ? "S" : "",
			g_sim.tls ? " (is the certificate or key bad?)" : "");
		return 1;
	}
	if (port_file)
		write_port_file(port_file, g_sim.port);
	printf("listening on %s\n", g_sim.base);
	fflush(stdout);

	int sig = 0;
	while (sigwait(&set, &sig) != 0)
		;
	fprintf(stderr, SIM_PROGRAM ": %s, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	atomic_store(&g_sim.stopping, true);
	MHD_stop_daemon(d); /* closes the listening socket too */
	free(cert);
	free(key);
	export_done();
	free(client_ca);
	return 0;
}
