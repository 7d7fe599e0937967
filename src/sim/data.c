/* data.c - the fictional persons and their access events.
 *
 * No event is ever stored: event i of a person is made from a hash of
 * (seed, person, i) whenever it is asked for, so a person may have
 * millions of them.  Its time is
 *
 *     T0 - (i * 37 min + jitter(i)),  jitter 0..20 min,
 *
 * so times fall strictly with i (index 0 is the newest).  Events are
 * grouped in blocks of 100; block 0 and about one block in three hold a
 * burst: 10 to 14 reads by one officer, 25 to 54 seconds apart, starting
 * at the slot of the burst's first event (the gap it leaves is never
 * filled, so the order holds).
 *
 * The content comes from fixed tables: authorities of eight EU countries,
 * a third-country liaison office and a welfare office; purposes coded
 * with v3 ActReason and a text; a few patterns worth a flag (a
 * third-country access, an onward transfer, a body with no mandate, no
 * purpose, law enforcement, failed searches, caseworkers at night,
 * bursts), placed both at fixed indices (so that a small person shows
 * each) and at random. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

/* ---- persons ---- */

static uint32_t fnv1a(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* A new person: s (malloc'd, taken) with count events; false with a
 * message (no prefix) in err, s freed. */
struct person *person_make(char *s, uint64_t count, bool withheld, char *err, size_t errlen)
{
	if (count > SIM_EVENTS_MAX) {
		snprintf(err, errlen, "at most %llu events per person", SIM_EVENTS_MAX);
		goto fail;
	}
	if (!*s) {
		snprintf(err, errlen, "the reference is empty");
		goto fail;
	}
	if (strlen(s) > SIM_REF_MAX) {
		snprintf(err, errlen, "the reference is longer than %d bytes", SIM_REF_MAX);
		goto fail;
	}
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		if (*c < 0x20 || *c == 0x7f) {
			snprintf(err, errlen, "the reference holds a control character");
			goto fail;
		}
	if (person_find(s) && strcmp(person_find(s)->ref, s) == 0) {
		snprintf(err, errlen, "%.60s is given twice", s);
		goto fail;
	}
	struct person p = { 0 };
	p.ref = s;
	char *bar = strchr(s, '|');
	if (bar && strncmp(s, "Patient/", 8) != 0) {
		if (!bar[1]) {
			snprintf(err, errlen, "an identifier wants system|value");
			goto fail;
		}
		p.is_ident = true;
		*bar = '\0';
		p.sys_json = json_escape(s);
		p.val_json = json_escape(bar + 1);
		*bar = '|';
	}
	p.ref_json = json_escape(s);
	p.ref_url = url_encode(s);
	p.count = count;
	p.withheld = withheld;
	p.hash = fnv1a(s);
	snprintf(p.hash8, sizeof p.hash8, "%08x", (unsigned)p.hash);
	struct person *a = realloc(g_sim.persons, (g_sim.npersons + 1) * sizeof *a);
	if (!a)
		abort();
	g_sim.persons = a;
	a[g_sim.npersons] = p;
	return &a[g_sim.npersons++];
fail:
	free(s);
	return NULL;
}

bool person_add(const char *spec, char *err, size_t errlen)
{
	char *s = xstrdup(spec);
	bool withheld = false;
	size_t n = strlen(s);
	if (n > 9 && strcmp(s + n - 9, ":withheld") == 0) {
		withheld = true;
		s[n - 9] = '\0';
	}
	char *colon = strrchr(s, ':');
	if (!colon || colon == s || !colon[1]) {
		snprintf(err, errlen, "--person wants REF:COUNT[:withheld], not \"%.60s\"", spec);
		free(s);
		return false;
	}
	*colon = '\0';
	for (const char *c = colon + 1; *c; c++)
		if (*c < '0' || *c > '9') {
			snprintf(err, errlen, "--person: the count must be a number: \"%.60s\"", spec);
			free(s);
			return false;
		}
	if (strlen(colon + 1) > 9) {
		snprintf(err, errlen, "--person: at most %llu events per person", SIM_EVENTS_MAX);
		free(s);
		return false;
	}
	unsigned long long count = strtoull(colon + 1, NULL, 10);
	char why[120];
	if (!person_make(s, count, withheld, why, sizeof why)) {
		snprintf(err, errlen, "--person: %s", why);
		return false;
	}
	return true;
}

void persons_default(void)
{
	char err[128];
	person_add("Patient/sim-0001:120", err, sizeof err);
	person_add("Patient/sim-0002:0", err, sizeof err);
}

static const struct person *find_exact(const char *ref)
{
	for (size_t i = 0; i < g_sim.npersons; i++)
		if (strcmp(g_sim.persons[i].ref, ref) == 0)
			return &g_sim.persons[i];
	return NULL;
}

/* The reference as given; a bare id ("sim-0001") as Patient/sim-0001; an
 * absolute URL by its "Patient/..." end. */
const struct person *person_find(const char *patient)
{
	const struct person *p = find_exact(patient);
	if (p || strlen(patient) > SIM_REF_MAX)
		return p;
	if (!strchr(patient, '/') && !strchr(patient, '|')) {
		char buf[SIM_REF_MAX + 16];
		snprintf(buf, sizeof buf, "Patient/%s", patient);
		return find_exact(buf);
	}
	const char *u = strstr(patient, "/Patient/");
	if (u && strstr(patient, "://"))
		return find_exact(u + 1);
	return NULL;
}

const struct person *person_by_hash(const char *hash8)
{
	for (size_t i = 0; i < g_sim.npersons; i++)
		if (strcmp(g_sim.persons[i].hash8, hash8) == 0)
			return &g_sim.persons[i];
	return NULL;
}

/* ---- hashes and times ---- */

static inline uint64_t mix64(uint64_t z)
{
	z += 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline uint64_t ev_hash(const struct person *p, uint64_t i)
{
	return mix64(g_sim.seed * 0x2545f4914f6cdd1dULL ^ ((uint64_t)p->hash << 32) ^ i);
}

static inline uint64_t block_hash(const struct person *p, uint64_t b)
{
	return mix64(mix64(g_sim.seed ^ 0xb10c) ^ ((uint64_t)p->hash << 24) ^ b);
}

#define SLOT 2220 /* 37 minutes */
#define JITTER 1201
#define BLOCK 100

static bool burst_of(const struct person *p, uint64_t b, uint64_t *start, unsigned *len)
{
	uint64_t h = block_hash(p, b);
	if (b != 0 && h % 3 != 0)
		return false;
	*len = 10 + (unsigned)((h >> 8) % 5);
	*start = b * BLOCK + (h >> 16) % (BLOCK - *len + 1);
	return true;
}

static int64_t base_off(const struct person *p, uint64_t i)
{
	return (int64_t)i * SLOT + (int64_t)((ev_hash(p, i) >> 40) % JITTER);
}

/* Seconds before T0; *in_burst set when i is in a burst. */
static int64_t offset_of(const struct person *p, uint64_t i, bool *in_burst)
{
	uint64_t s;
	unsigned len;
	if (burst_of(p, i / BLOCK, &s, &len) && i >= s && i < s + len) {
		int64_t o = base_off(p, s);
		for (uint64_t k = s + 1; k <= i; k++)
			o += 25 + (int64_t)((ev_hash(p, k) >> 20) % 30);
		if (in_burst)
			*in_burst = true;
		return o;
	}
	return base_off(p, i);
}

int64_t event_time(const struct person *p, uint64_t i)
{
	if (p->fev)
		return p->fev[i].t;
	return SIM_T0 - offset_of(p, i, NULL);
}

/* ---- tables ---- */

enum kind { K_BORDER, K_ASYLUM, K_RECEPTION, K_POLICE, K_THIRD, K_WELFARE };

struct authority {
	const char *cc, *name, *type, *code, *prefix;
	const char *roles[3];
	unsigned nroles, weight;
	enum kind kind;
	enum tz tz;
};

static const struct authority auth[] = {
	{ "DE", "Bundespolizei", "border police", "bpol", "BPOL",
	  { "border officer", "document examiner", "liaison officer" }, 2, 16, K_BORDER, TZ_CET },
	{ "DE", "Bundesamt für Migration und Flüchtlinge", "asylum authority", "bamf", "BAMF",
	  { "asylum caseworker", "Dublin unit officer" }, 2, 18, K_ASYLUM, TZ_CET },
	{ "FR", "Office français de l'immigration et de l'intégration", "reception authority", "ofii", "OFII",
	  { "reception officer" }, 1, 8, K_RECEPTION, TZ_CET },
	{ "FR", "Police aux frontières", "border police", "paf", "PAF",
	  { "border officer" }, 1, 8, K_BORDER, TZ_CET },
	{ "IT", "Polizia di Stato", "police", "ps", "PS",
	  { "fingerprint technician", "police officer" }, 2, 10, K_POLICE, TZ_CET },
	{ "NL", "Immigratie- en Naturalisatiedienst", "immigration authority", "ind", "IND",
	  { "immigration officer", "asylum caseworker" }, 2, 8, K_ASYLUM, TZ_CET },
	{ "ES", "Policía Nacional", "police", "pn", "PN",
	  { "border officer", "police officer" }, 2, 8, K_BORDER, TZ_CET },
	{ "GR", "Υπηρεσία Ασύλου", "asylum authority", "gas", "GAS",
	  { "asylum caseworker" }, 1, 8, K_ASYLUM, TZ_EET },
	{ "PL", "Straż Graniczna", "border guard", "sg", "SG",
	  { "border guard officer" }, 1, 8, K_BORDER, TZ_CET },
	{ "AT", "Bundesamt für Fremdenwesen und Asyl", "asylum authority", "bfa", "BFA",
	  { "asylum caseworker" }, 1, 8, K_ASYLUM, TZ_CET },
	/* not drawn by weight: the flagged patterns */
	{ "US", "Third-country liaison office (fictional)", "third-country liaison", "usl", "USL",
	  { "liaison officer" }, 1, 0, K_THIRD, TZ_US_EAST },
	{ "DE", "Sozialamt Musterstadt (fictional)", "social welfare office", "soz", "SOZ",
	  { "benefits clerk" }, 1, 0, K_WELFARE, TZ_CET },
};
#define NAUTH (sizeof auth / sizeof auth[0])
enum { A_BPOL = 0, A_PAF = 3, A_PS = 4, A_PN = 6, A_SG = 8, A_US = 10, A_SOZ = 11 };

static const char *const dest_org =
	"{\"resourceType\":\"Organization\",\"id\":\"dest\","
	"\"name\":\"U.S. Department of Homeland Security (fictional)\","
	"\"type\":[{\"text\":\"immigration enforcement\"}],\"address\":[{\"country\":\"US\"}]}";

struct purpose {
	const char *code, *display, *text;
};

static const struct purpose purposes[] = {
	{ "GOV", "government", "Asylum procedure" },
	{ "GOV", "government", "Border check" },
	{ "GOV", "government", "Dublin determination" },
	{ "THREAT", "threat", "Law enforcement consultation (serious crime)" },
	{ "ELIGDTRM", "eligibility determination", "Reception conditions check" },
	{ "RECORDMGT", "records management", "Record maintenance" },
	{ "ELIGDTRM", "eligibility determination", "Social benefits eligibility" },
	{ "THREAT", "threat", "Information request by a third country" },
};
enum { PU_ASYLUM, PU_BORDER, PU_DUBLIN, PU_LAW, PU_RECEPTION, PU_MAINT, PU_BENEFITS, PU_THIRD, PU_NONE };

#define POLICY_EURODAC "https://eur-lex.europa.eu/eli/reg/2024/1358/oj"
#define POLICY_AMMR "https://eur-lex.europa.eu/eli/reg/2024/1351/oj"

struct sub {
	const char *code, *action;
};
static const struct sub subs[] = {
	{ "read", "R" }, { "vread", "R" }, { "search-type", "E" }, { "update", "U" },
};
enum { S_READ, S_VREAD, S_SEARCH, S_UPDATE };

static char *name_json[NAUTH], *evil_json[NAUTH];

void data_init(void)
{
	for (size_t i = 0; i < NAUTH; i++) {
		name_json[i] = json_escape(auth[i].name);
		struct jbuf b;
		jb_init(&b);
		jb_puts(&b, name_json[i]);
		/* an ANSI colour, a carriage return, a right-to-left override */
		jb_puts(&b, "\\u001b[31m URGENT\\r\\u202eSYSTEM NOTICE\\u202c");
		evil_json[i] = b.p;
	}
}

/* ---- one event ---- */

enum pattern { P_NORMAL, P_THIRD, P_ONWARD, P_WELFARE, P_NOPURPOSE, P_LAW, P_FAIL };

struct ev {
	unsigned a, officer, role, sub, purpose, modal;
	bool fail, dest;
	int64_t t;
	unsigned dur;
};

static unsigned pick_weighted(uint64_t r, bool night)
{
	static const unsigned night_auth[] = { A_BPOL, A_PAF, A_PN, A_SG };
	if (night && r % 6 != 0) /* at night mostly border posts; else a flagged oddity */
		return night_auth[(r >> 3) % 4];
	unsigned x = (unsigned)((r >> 8) % 100);
	for (unsigned i = 0; i < NAUTH; i++) {
		if (x < auth[i].weight)
			return i;
		x -= auth[i].weight;
	}
	return 0;
}

static unsigned usual_purpose(const struct authority *a, uint64_t r)
{
	switch (a->kind) {
	case K_BORDER: return r % 5 ? PU_BORDER : PU_ASYLUM;
	case K_ASYLUM: return r % 5 < 3 ? PU_ASYLUM : PU_DUBLIN;
	case K_RECEPTION: return PU_RECEPTION;
	case K_POLICE: return r % 4 ? PU_ASYLUM : PU_BORDER;
	case K_THIRD: return PU_THIRD;
	case K_WELFARE: return PU_BENEFITS;
	}
	return PU_ASYLUM;
}

static void make_event(const struct person *p, uint64_t i, struct ev *e)
{
	bool burst = false;
	int64_t off = offset_of(p, i, &burst);
	uint64_t r = mix64(ev_hash(p, i) ^ 0xc0ffee);
	uint64_t r2 = mix64(r);
	memset(e, 0, sizeof *e);
	e->t = SIM_T0 - off;
	e->dur = 1 + (unsigned)(r2 % 4);
	e->modal = 1 | ((r2 >> 4) & 1 ? 2 : 0);
	if (burst) {
		uint64_t hb = block_hash(p, i / BLOCK);
		static const unsigned ba[] = { A_BPOL, A_PS, A_PN, A_PAF, A_SG, 1, 5, 9 };
		e->a = ba[(hb >> 28) % 8];
		e->officer = (unsigned)((hb >> 36) % 40);
		e->role = (unsigned)((hb >> 44) % auth[e->a].nroles);
		e->sub = S_READ;
		e->purpose = auth[e->a].kind == K_POLICE || (hb >> 50) % 3 == 0
			? PU_LAW : usual_purpose(&auth[e->a], hb >> 52);
		e->fail = r % 5 == 0;
		e->dur = 1;
		return;
	}
	enum pattern pat = P_NORMAL;
	switch (i % 100) {
	case 5: pat = P_FAIL; break;
	case 17: pat = P_THIRD; break;
	case 29: case 71: pat = P_LAW; break;
	case 42: pat = P_ONWARD; break;
	case 63: pat = P_WELFARE; break;
	case 88: pat = P_NOPURPOSE; break;
	default: {
		unsigned roll = (unsigned)(r % 1000);
		pat = roll < 8 ? P_THIRD : roll < 16 ? P_ONWARD : roll < 24 ? P_WELFARE
			: roll < 36 ? P_NOPURPOSE : roll < 90 ? P_LAW : roll < 110 ? P_FAIL : P_NORMAL;
	}
	}
	int64_t cet = e->t + 3600;
	int64_t hour = ((cet % 86400) + 86400) % 86400 / 3600;
	e->a = pick_weighted(r >> 10, hour < 5);
	e->officer = (unsigned)((r >> 30) % 40);
	uint64_t sr = (r >> 40) % 100;
	e->sub = sr < 40 ? S_READ : sr < 70 ? S_SEARCH : sr < 80 ? S_VREAD : S_UPDATE;
	switch (pat) {
	case P_THIRD:
		e->a = A_US;
		e->sub = S_SEARCH;
		break;
	case P_ONWARD:
		e->a = A_BPOL;
		e->role = 2; /* liaison officer */
		e->sub = S_READ;
		e->dest = true;
		e->modal = 7;
		break;
	case P_WELFARE:
		e->a = A_SOZ;
		e->sub = S_READ;
		break;
	case P_LAW: {
		static const unsigned la[] = { A_PS, A_PN, A_BPOL };
		e->a = la[(r >> 50) % 3];
		e->sub = (r >> 53) & 1 ? S_SEARCH : S_READ;
		break;
	}
	case P_FAIL:
		e->sub = S_SEARCH;
		e->fail = true;
		break;
	default:
		break;
	}
	const struct authority *a = &auth[e->a];
	if (pat != P_ONWARD)
		e->role = (unsigned)((r >> 56) % a->nroles);
	if (e->sub == S_UPDATE && (a->kind == K_RECEPTION || a->kind == K_WELFARE))
		e->sub = S_READ;
	e->purpose = pat == P_NOPURPOSE ? PU_NONE
		: pat == P_LAW || pat == P_ONWARD ? PU_LAW
		: e->sub == S_UPDATE && (r >> 58) % 3 == 0 ? PU_MAINT
		: usual_purpose(a, r >> 20);
}

size_t event_id(char *out, const struct person *p, uint64_t i)
{
	if (p->fev) {
		size_t n = strlen(p->fev[i].id);
		memcpy(out, p->fev[i].id, n + 1);
		return n;
	}
	return (size_t)sprintf(out, "sim-%s-%07llu", p->hash8, (unsigned long long)i);
}

/* An event from a file, by its id. */
static bool file_event_id(const char *id, const struct person **pp, uint64_t *ip)
{
	for (size_t k = 0; k < g_sim.npersons; k++) {
		const struct person *p = &g_sim.persons[k];
		if (!p->fev)
			continue;
		size_t a = 0, b = p->count;
		while (a < b) {
			size_t m = a + (b - a) / 2;
			int c = strcmp(id, p->fev[p->by_id[m]].id);
			if (c == 0) {
				*pp = p;
				*ip = p->by_id[m];
				return true;
			}
			if (c < 0)
				b = m;
			else
				a = m + 1;
		}
	}
	return false;
}

bool parse_event_id(const char *id, const struct person **pp, uint64_t *ip)
{
	char hash8[9];
	if (file_event_id(id, pp, ip))
		return true;
	if (strncmp(id, "sim-", 4) != 0 || strlen(id) < 4 + 8 + 1 + 7 || strlen(id) > 4 + 8 + 1 + 9
		|| id[12] != '-')
		return false;
	memcpy(hash8, id + 4, 8);
	hash8[8] = '\0';
	uint64_t i = 0;
	for (const char *c = id + 13; *c; c++) {
		if (*c < '0' || *c > '9')
			return false;
		i = i * 10 + (uint64_t)(*c - '0');
	}
	const struct person *p = person_by_hash(hash8);
	if (!p || p->fev || i >= p->count)
		return false;
	*pp = p;
	*ip = i;
	return true;
}

#define PUT(lit) (memcpy(o, lit, sizeof(lit) - 1), o += sizeof(lit) - 1)
#define PUTS(s) do { size_t n_ = strlen(s); memcpy(o, s, n_); o += n_; } while (0)

void event_json(struct jbuf *b, const struct person *p, uint64_t i, int foreign_shift)
{
	if (p->fev) {
		/* as written in the file ("foreign" adds nothing to these) */
		if (!foreign_shift)
			jb_add(b, p->fev[i].json, p->fev[i].len);
		return;
	}
	struct ev e;
	make_event(p, i, &e);
	if (foreign_shift)
		e.t += foreign_shift;
	const struct authority *a = &auth[e.a];
	const char *name = (g_sim.misbehave & MB_ESCAPES) ? evil_json[e.a] : name_json[e.a];
	jb_reserve(b, 6000 + 2 * strlen(p->ref_json));
	char *o = b->p + b->len;

	PUT("{\"resourceType\":\"AuditEvent\",\"id\":\"");
	if (foreign_shift)
		o += sprintf(o, "sim-%s-f%07llu", p->hash8, (unsigned long long)i);
	else
		o += event_id(o, p, i);
	PUT("\",\"contained\":[{\"resourceType\":\"Organization\",\"id\":\"org\",\"name\":\"");
	PUTS(name);
	PUT("\",\"type\":[{\"text\":\"");
	PUTS(a->type);
	PUT("\"}],\"address\":[{\"country\":\"");
	PUTS(a->cc);
	PUT("\"}]}");
	if (e.dest) {
		*o++ = ',';
		PUTS(dest_org);
	}
	PUT("],\"type\":{\"system\":\"http://dicom.nema.org/resources/ontology/DCM\",\"code\":\"110110\","
	    "\"display\":\"Patient Record\"},\"subtype\":[{\"system\":\"http://hl7.org/fhir/restful-interaction\","
	    "\"code\":\"");
	PUTS(subs[e.sub].code);
	PUT("\"}],\"action\":\"");
	PUTS(subs[e.sub].action);
	int tz = tz_offset(a->tz, e.t);
	PUT("\",\"recorded\":\"");
	o += fmt_time(o, e.t, tz);
	PUT("\",\"period\":{\"start\":\"");
	o += fmt_time(o, e.t - e.dur, tz);
	PUT("\",\"end\":\"");
	o += fmt_time(o, e.t, tz);
	if (e.fail)
		PUT("\"},\"outcome\":\"4\",\"outcomeDesc\":\"No matching record\"");
	else
		PUT("\"},\"outcome\":\"0\"");
	if (e.purpose != PU_NONE) {
		const struct purpose *pu = &purposes[e.purpose];
		PUT(",\"purposeOfEvent\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActReason\","
		    "\"code\":\"");
		PUTS(pu->code);
		PUT("\",\"display\":\"");
		PUTS(pu->display);
		PUT("\"}],\"text\":\"");
		PUTS(pu->text);
		PUT("\"}]");
	}
	PUT(",\"agent\":[{\"type\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/extra-security-role-type\","
	    "\"code\":\"humanuser\",\"display\":\"human user\"}]},\"role\":[{\"text\":\"");
	PUTS(a->roles[e.role]);
	unsigned staff = 1000 + (e.officer * 7919u + (unsigned)e.a * 104729u) % 9000;
	PUT("\"}],\"who\":{\"identifier\":{\"system\":\"urn:recourse-sim:");
	PUTS(a->code);
	PUT(":staff\",\"value\":\"");
	o += sprintf(o, "%s-%u\"},\"display\":\"%s-%u\"},\"requestor\":true,"
		"\"network\":{\"address\":\"10.%u.%u.%u\",\"type\":\"2\"}",
		a->prefix, staff, a->prefix, staff, 20 + e.a * 8 + e.officer / 8 % 8,
		(e.officer * 37 + 11) % 250 + 1, e.officer % 200 + 20);
	if (e.purpose != PU_NONE && a->kind != K_THIRD && a->kind != K_WELFARE) {
		PUT(",\"policy\":[\"");
		if (e.purpose == PU_DUBLIN)
			PUT(POLICY_AMMR);
		else
			PUT(POLICY_EURODAC);
		PUT("\"]");
	}
	PUT("},{\"type\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/provenance-participant-type\","
	    "\"code\":\"custodian\"}]},\"who\":{\"reference\":\"#org\",\"display\":\"");
	PUTS(name);
	PUT("\"},\"requestor\":false}");
	if (e.dest)
		PUT(",{\"type\":{\"coding\":[{\"system\":\"http://dicom.nema.org/resources/ontology/DCM\","
		    "\"code\":\"110152\",\"display\":\"Destination Role ID\"}]},\"who\":{\"reference\":\"#dest\","
		    "\"display\":\"U.S. Department of Homeland Security (fictional)\"},\"requestor\":false}");
	PUT("],\"source\":{\"site\":\"eu-LISA\",\"observer\":{\"display\":\"Eurodac Central System\"},"
	    "\"type\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/security-source-type\",\"code\":\"4\","
	    "\"display\":\"Application Server\"}]},\"entity\":[{\"what\":{");
	if (foreign_shift) {
		PUT("\"reference\":\"Patient/someone-else\"");
	} else if (p->is_ident) {
		PUT("\"identifier\":{\"system\":\"");
		PUTS(p->sys_json);
		PUT("\",\"value\":\"");
		PUTS(p->val_json);
		PUT("\"}");
	} else {
		PUT("\"reference\":\"");
		PUTS(p->ref_json);
		*o++ = '"';
	}
	PUT("},\"type\":{\"system\":\"http://terminology.hl7.org/CodeSystem/audit-entity-type\",\"code\":\"1\","
	    "\"display\":\"Person\"},\"role\":{\"system\":\"http://terminology.hl7.org/CodeSystem/object-role\","
	    "\"code\":\"1\",\"display\":\"Patient\"},\"detail\":[");
	static const char *const modal[] = { "fingerprints", "face-image", "iris" };
	bool first = true;
	for (unsigned k = 0; k < 3; k++) {
		if (!(e.modal & (1u << k)))
			continue;
		if (!first)
			*o++ = ',';
		first = false;
		PUT("{\"type\":\"biometric-modality\",\"valueString\":\"");
		PUTS(modal[k]);
		PUT("\"}");
	}
	PUT("]}]}");
	b->len = (size_t)(o - b->p);
	b->p[b->len] = '\0';
}
