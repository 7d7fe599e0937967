/* fhir_codes.c - what the codes of an AuditEvent mean, for the codes the
 * FHIR importer shows as words when the log gives neither a text nor a
 * display: purposes of use and the roles or participation of an agent.
 *
 * The meanings are the code systems' own displays (English), marked N_()
 * and translated where they are shown (import_fhir.c writes "meaning
 * (CODE)" in the language of the import).  A code is looked up only in
 * the code system its coding names: the same letters mean different
 * things in different systems, and a code without a system is shown as
 * it is.  Sources (doc/access-log-formats.md):
 *
 *   - v3 PurposeOfUse 2.0.0 (http://terminology.hl7.org/ValueSet/v3-PurposeOfUse,
 *     codes of v3-ActReason), the value set FHIR R4/R4B bind to
 *     AuditEvent.purposeOfEvent and agent.purposeOfUse and R5 to
 *     AuditEvent.authorization and agent.authorization: all 59 codes;
 *   - CH EPR purpose of use (urn:oid:2.16.756.5.30.1.127.3.10.5) and
 *     roles (urn:oid:2.16.756.5.30.1.127.3.10.6), CH Term, Annex 5 EPRO-FDHA;
 *   - v3 ParticipationType and RoleClass, the codes of FHIR R4's
 *     ParticipationRoleType value set (AuditEvent.agent.type);
 *   - extra-security-role-type (HL7 terminology);
 *   - DICOM PS3.16 CID 402 (audit active participant role ID codes);
 *   - IHE BALP 1.1.4 UserAgentTypes;
 *   - provenance-participant-type "custodian" (used by BALP for servers). */
#include "config.h"

#include <string.h>

#include "import_int.h"

struct code_row {
	const char *code;
	const char *meaning; /* N_() */
};

/* A system's URI and its length. */
struct uri {
	const char *s;
	size_t len;
};
#define U(s) { s, sizeof(s) - 1 }

struct code_system {
	const struct uri *uris;  /* the system and its aliases, until s NULL */
	const struct code_row *rows;
	size_t n;
};

/* ---- purposes of use ---- */

static const struct uri actreason_uris[] = {
	U("http://terminology.hl7.org/CodeSystem/v3-ActReason"),
	U("http://hl7.org/fhir/v3/ActReason"),
	U("urn:oid:2.16.840.1.113883.5.8"),
	{ NULL, 0 },
};

static const struct code_row purpose_of_use[] = {
	/* TRANSLATORS: the purposes of use of HL7 v3 (why a record was
	 * accessed), shown as "meaning (CODE)" next to an access, e.g.
	 * "patient requested (PATRQT)".  They are short names; "government"
	 * means "for the purposes of a government", "decedent" "about a
	 * person who has died", "directory" "to look a person up in a
	 * directory", "threat" "to avert a threat". */
	{ "BIORCH", N_("biomedical research") },
	{ "BTG", N_("break the glass") },
	{ "CAREMGT", N_("care management") },
	{ "CLINTRCH", N_("clinical trial research") },
	{ "CLINTRCHNPC", N_("clinical trial research without patient care") },
	{ "CLINTRCHPC", N_("clinical trial research with patient care") },
	{ "CLINTRL", N_("clinical trial") },
	{ "CLMATTCH", N_("claim attachment") },
	{ "COC", N_("coordination of care") },
	{ "COVAUTH", N_("coverage authorization") },
	{ "COVERAGE", N_("coverage under policy or program") },
	{ "DISASTER", N_("disaster") },
	{ "DONAT", N_("donation") },
	{ "DSRCH", N_("disease specific healthcare research") },
	{ "ELIGDTRM", N_("eligibility determination") },
	{ "ELIGVER", N_("eligibility verification") },
	{ "ENROLLM", N_("enrollment") },
	{ "ERTREAT", N_("emergency room treatment") },
	{ "ETREAT", N_("emergency treatment") },
	{ "FAMRQT", N_("family requested") },
	{ "FRAUD", N_("fraud") },
	{ "GOV", N_("government") },
	{ "HACCRED", N_("health accreditation") },
	{ "HCOMPL", N_("health compliance") },
	{ "HDECD", N_("decedent") },
	{ "HDIRECT", N_("directory") },
	{ "HDM", N_("healthcare delivery management") },
	{ "HLEGAL", N_("legal") },
	{ "HMARKT", N_("healthcare marketing") },
	{ "HOPERAT", N_("healthcare operations") },
	{ "HOUTCOMS", N_("health outcome measure") },
	{ "HPAYMT", N_("healthcare payment") },
	{ "HPRGRP", N_("health program reporting") },
	{ "HQUALIMP", N_("health quality improvement") },
	{ "HRESCH", N_("healthcare research") },
	{ "HSYSADMIN", N_("health system administration") },
	{ "HTEST", N_("test health data") },
	{ "LABELING", N_("labeling") },
	{ "MEMADMIN", N_("member administration") },
	{ "METAMGT", N_("metadata management") },
	{ "MILCDM", N_("military command") },
	{ "MILDCRG", N_("military discharge") },
	{ "PATADMIN", N_("patient administration") },
	{ "PATRQT", N_("patient requested") },
	{ "PATSFTY", N_("patient safety") },
	{ "PERFMSR", N_("performance measure") },
	{ "POARCH", N_("population origins or ancestry healthcare research") },
	{ "POPHLTH", N_("population health") },
	{ "PRECLINTRCH", N_("preclinical trial research") },
	{ "PUBHLTH", N_("public health") },
	{ "PWATRNY", N_("power of attorney") },
	{ "RECORDMGT", N_("records management") },
	{ "REMITADV", N_("remittance advice") },
	{ "SUPNWK", N_("support network") },
	{ "SYSDEV", N_("system development") },
	{ "THREAT", N_("threat") },
	{ "TRAIN", N_("training") },
	{ "TRANSRCH", N_("translational healthcare research") },
	{ "TREAT", N_("treatment") },
};

static const struct uri ch_purpose_uris[] = {
	U("urn:oid:2.16.756.5.30.1.127.3.10.5"),
	{ NULL, 0 },
};

static const struct code_row ch_purpose[] = {
	/* TRANSLATORS: purposes of use of the Swiss electronic patient record. */
	{ "NORM", N_("normal access") },
	{ "EMER", N_("emergency access") },
	{ "AUTO", N_("automatic upload") },
	{ "DICOM_AUTO", N_("automatic upload of radiological contents") },
};

/* ---- roles and participation ---- */

static const struct uri ch_role_uris[] = {
	U("urn:oid:2.16.756.5.30.1.127.3.10.6"),
	{ NULL, 0 },
};

static const struct code_row ch_role[] = {
	/* TRANSLATORS: roles of the Swiss electronic patient record: who
	 * acted on a record, shown as "meaning (CODE)". */
	{ "PAT", N_("patient") },
	{ "HCP", N_("healthcare professional") },
	{ "ASS", N_("assistant") },
	{ "REP", N_("representative") },
	{ "TCU", N_("technical user") },
	{ "DADM", N_("document administrator") },
	{ "PADM", N_("policy administrator") },
};

static const struct uri participation_uris[] = {
	U("http://terminology.hl7.org/CodeSystem/v3-ParticipationType"),
	U("http://hl7.org/fhir/v3/ParticipationType"),
	U("urn:oid:2.16.840.1.113883.5.90"),
	{ NULL, 0 },
};

static const struct code_row participation[] = {
	/* TRANSLATORS: how a person took part in an access to a record (HL7
	 * v3 participation types); "custodian" is the one who keeps the
	 * record, "information recipient" the one who received it. */
	{ "AUT", N_("author (originator)") },
	{ "CST", N_("custodian") },
	{ "INF", N_("informant") },
	{ "IRCP", N_("information recipient") },
	{ "LA", N_("legal authenticator") },
	{ "TRC", N_("tracker") },
	{ "WIT", N_("witness") },
};

static const struct uri roleclass_uris[] = {
	U("http://terminology.hl7.org/CodeSystem/v3-RoleClass"),
	U("http://hl7.org/fhir/v3/RoleClass"),
	U("urn:oid:2.16.840.1.113883.5.110"),
	{ NULL, 0 },
};

static const struct code_row roleclass[] = {
	/* TRANSLATORS: kinds of party that took part in an access (HL7 v3
	 * role classes). */
	{ "AFFL", N_("affiliate") },
	{ "AGNT", N_("agent") },
	{ "ASSIGNED", N_("assigned entity") },
	{ "CLAIM", N_("claimant") },
	{ "COVPTY", N_("covered party") },
	{ "DEPEN", N_("dependent") },
	{ "ECON", N_("emergency contact") },
	{ "EMP", N_("employee") },
	{ "GUARD", N_("guardian") },
	{ "INVSBJ", N_("investigation subject") },
	{ "NAMED", N_("named insured") },
	{ "NOK", N_("next of kin") },
	{ "NOT", N_("notary public") },
	{ "PAT", N_("patient") },
	{ "PROV", N_("healthcare provider") },
};

static const struct uri security_role_uris[] = {
	U("http://terminology.hl7.org/CodeSystem/extra-security-role-type"),
	U("http://hl7.org/fhir/extra-security-role-type"),
	{ NULL, 0 },
};

static const struct code_row security_role[] = {
	/* TRANSLATORS: kinds of party in a security log (HL7). */
	{ "authserver", N_("authorization server") },
	{ "datacollector", N_("data collector") },
	{ "dataprocessor", N_("data processor") },
	{ "datasubject", N_("data subject") },
	{ "humanuser", N_("human user") },
};

static const struct uri dicom_uris[] = {
	U("http://dicom.nema.org/resources/ontology/DCM"),
	U("urn:oid:1.2.840.10008.2.16.4"),
	{ NULL, 0 },
};

static const struct code_row dicom_roles[] = {
	/* TRANSLATORS: DICOM roles of the machines in an access: the program
	 * used, the machine that sent data ("source") or received it
	 * ("destination"), a disc or other medium data was written to or
	 * read from. */
	{ "110150", N_("application") },
	{ "110151", N_("application launcher") },
	{ "110152", N_("destination") },
	{ "110153", N_("source") },
	{ "110154", N_("destination medium") },
	{ "110155", N_("source medium") },
};

static const struct uri balp_user_uris[] = {
	U("https://profiles.ihe.net/ITI/BALP/CodeSystem/UserAgentTypes"),
	{ NULL, 0 },
};

static const struct code_row balp_user[] = {
	/* TRANSLATORS: a user identified by a login token (IHE BALP): OAuth
	 * and SAML are kinds of login token. */
	{ "UserOauthAgent", N_("user (OAuth token)") },
	{ "UserSamlAgent", N_("user (SAML token)") },
};

static const struct uri provenance_uris[] = {
	U("http://terminology.hl7.org/CodeSystem/provenance-participant-type"),
	U("http://hl7.org/fhir/provenance-participant-type"),
	{ NULL, 0 },
};

static const struct code_row provenance[] = {
	{ "custodian", N_("custodian") },
};

#define SYS(u, r) { u, r, sizeof r / sizeof r[0] }
static const struct code_system systems[] = {
	SYS(actreason_uris, purpose_of_use),
	SYS(ch_purpose_uris, ch_purpose),
	SYS(ch_role_uris, ch_role),
	SYS(participation_uris, participation),
	SYS(roleclass_uris, roleclass),
	SYS(security_role_uris, security_role),
	SYS(dicom_uris, dicom_roles),
	SYS(balp_user_uris, balp_user),
	SYS(provenance_uris, provenance),
};
#undef SYS

static bool same(const char *lit, const char *p, size_t len)
{
	return strlen(lit) == len && memcmp(lit, p, len) == 0;
}

const char *rc_fhir_code_meaning(const char *system, size_t slen, const char *code, size_t clen)
{
	if (!system || !slen || !code || !clen)
		return NULL;
	for (size_t s = 0; s < sizeof systems / sizeof systems[0]; s++) {
		const struct code_system *cs = &systems[s];
		bool match = false;
		for (const struct uri *u = cs->uris; u->s && !match; u++)
			match = u->len == slen && memcmp(u->s, system, slen) == 0;
		if (!match)
			continue;
		for (size_t i = 0; i < cs->n; i++)
			if (same(cs->rows[i].code, code, clen))
				return cs->rows[i].meaning;
		/* A system is listed once; an unknown code of it stays a code. */
		return NULL;
	}
	return NULL;
}
