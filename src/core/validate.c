/* validate.c - typed validators for what people type and scripts pass:
 * country codes, lists of them, case and slot labels, request kinds.
 * One of each, used by both front ends and the case operations. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

/* ISO 3166-1 alpha-2, every officially assigned code (tests/unit/
 * test_validate.c compares this list with Debian's iso-codes when it is
 * installed), then XK (Kosovo: user-assigned, used by the EU and many
 * registries). */
static const char iso_codes[] =
	"AD" "AE" "AF" "AG" "AI" "AL" "AM" "AO" "AQ" "AR" "AS" "AT" "AU" "AW" "AX" "AZ"
	"BA" "BB" "BD" "BE" "BF" "BG" "BH" "BI" "BJ" "BL" "BM" "BN" "BO" "BQ" "BR" "BS"
	"BT" "BV" "BW" "BY" "BZ"
	"CA" "CC" "CD" "CF" "CG" "CH" "CI" "CK" "CL" "CM" "CN" "CO" "CR" "CU" "CV" "CW"
	"CX" "CY" "CZ"
	"DE" "DJ" "DK" "DM" "DO" "DZ"
	"EC" "EE" "EG" "EH" "ER" "ES" "ET"
	"FI" "FJ" "FK" "FM" "FO" "FR"
	"GA" "GB" "GD" "GE" "GF" "GG" "GH" "GI" "GL" "GM" "GN" "GP" "GQ" "GR" "GS" "GT"
	"GU" "GW" "GY"
	"HK" "HM" "HN" "HR" "HT" "HU"
	"ID" "IE" "IL" "IM" "IN" "IO" "IQ" "IR" "IS" "IT"
	"JE" "JM" "JO" "JP"
	"KE" "KG" "KH" "KI" "KM" "KN" "KP" "KR" "KW" "KY" "KZ"
	"LA" "LB" "LC" "LI" "LK" "LR" "LS" "LT" "LU" "LV" "LY"
	"MA" "MC" "MD" "ME" "MF" "MG" "MH" "MK" "ML" "MM" "MN" "MO" "MP" "MQ" "MR" "MS"
	"MT" "MU" "MV" "MW" "MX" "MY" "MZ"
	"NA" "NC" "NE" "NF" "NG" "NI" "NL" "NO" "NP" "NR" "NU" "NZ"
	"OM"
	"PA" "PE" "PF" "PG" "PH" "PK" "PL" "PM" "PN" "PR" "PS" "PT" "PW" "PY"
	"QA"
	"RE" "RO" "RS" "RU" "RW"
	"SA" "SB" "SC" "SD" "SE" "SG" "SH" "SI" "SJ" "SK" "SL" "SM" "SN" "SO" "SR" "SS"
	"ST" "SV" "SX" "SY" "SZ"
	"TC" "TD" "TF" "TG" "TH" "TJ" "TK" "TL" "TM" "TN" "TO" "TR" "TT" "TV" "TW" "TZ"
	"UA" "UG" "UM" "US" "UY" "UZ"
	"VA" "VC" "VE" "VG" "VI" "VN" "VU"
	"WF" "WS"
	"YE" "YT"
	"ZA" "ZM" "ZW"
	"XK";

/* Codes people and EU documents write for an assigned one. */
static const struct { char from[3], to[3]; } aliases[] = {
	{ "UK", "GB" }, /* exceptionally reserved for the United Kingdom */
	{ "EL", "GR" }, /* the EU's code for Greece */
};

bool rc_country_known(const char code[3])
{
	for (size_t i = 0; i + 1 < sizeof iso_codes; i += 2)
		if (iso_codes[i] == code[0] && iso_codes[i + 1] == code[1])
			return true;
	return false;
}

size_t rc_country_codes(const char **codes)
{
	*codes = iso_codes;
	return (sizeof iso_codes - 1) / 2;
}

bool rc_country_parse(const char *in, char out[3])
{
	if (!in)
		return false;
	while (*in == ' ' || *in == '\t')
		in++;
	char c[3];
	for (int i = 0; i < 2; i++) {
		unsigned char ch = (unsigned char)in[i];
		if (ch >= 'a' && ch <= 'z')
			ch = (unsigned char)(ch - 'a' + 'A');
		if (ch < 'A' || ch > 'Z')
			return false;
		c[i] = (char)ch;
	}
	c[2] = 0;
	const char *rest = in + 2;
	while (*rest == ' ' || *rest == '\t')
		rest++;
	if (*rest)
		return false;
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (!strcmp(c, aliases[i].from))
			memcpy(c, aliases[i].to, 3);
	if (!rc_country_known(c))
		return false;
	memcpy(out, c, 3);
	return true;
}

enum rc_status rc_country_list_parse(const char *in, char **norm)
{
	*norm = NULL;
	struct rc_buf b;
	rc_buf_init(&b);
	char *copy = rc_xstrdup(in ? in : "");
	enum rc_status st = RC_OK;
	/* Any comma a keyboard gives: ASCII, Arabic (U+060C), ideographic,
	 * full-width; spaces and semicolons too. */
	static const char *const seps[] = { "\xd8\x8c", "\xe3\x80\x81", "\xef\xbc\x8c", NULL };
	for (int i = 0; seps[i]; i++)
		for (char *p; (p = strstr(copy, seps[i])) != NULL;)
			memset(p, ',', strlen(seps[i]));
	for (char *save = NULL, *t = strtok_r(copy, ", ;\t", &save); t; t = strtok_r(NULL, ", ;\t", &save)) {
		char c[3];
		if (!rc_country_parse(t, c)) {
			char *shown = rc_text_sanitize(t, strlen(t), false);
			/* TRANSLATORS: %s is what was typed instead of a country code. */
			rc_error_set(_("\"%s\" is not a country code. Use two letters (ISO 3166), for example ER, AF or SY."), shown);
			free(shown);
			st = RC_INVALID;
			break;
		}
		/* "ER, er" is one country: the list holds "XX" entries 3 apart */
		bool dup = false;
		for (size_t k = 0; k + 1 < b.len; k += 3)
			dup |= b.data[k] == c[0] && b.data[k + 1] == c[1];
		if (!dup)
			rc_buf_printf(&b, "%s%s", b.len ? "," : "", c);
	}
	free(copy);
	if (st == RC_OK && b.len)
		*norm = rc_xstrdup(rc_buf_cstr(&b));
	rc_buf_free(&b);
	return st;
}

bool rc_case_label_valid(const char *label)
{
	size_t n = label ? strlen(label) : 0;
	if (n == 0 || n > 64 || label[0] == '.' || label[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = label[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

/* Printable UTF-8, no spaces at either end, 1..64 bytes: labels like
 * "counsel:Lopez" or "office-recovery". */
bool rc_slot_label_valid(const char *label)
{
	size_t n = label ? strlen(label) : 0;
	if (n == 0 || n > 64 || label[0] == ' ' || label[n - 1] == ' ')
		return false;
	if (!rc_text_is_clean(label, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)label[i] < 0x20 || label[i] == 0x7f)
			return false;
	return true;
}

/* ---- request kinds ---- */

static const struct {
	const char *id;
	const char *label;
} kinds[RC_REQ_KIND_COUNT] = {
#define RC_RK_ROW(name, id, label) { id, label },
	RC_REQUEST_KIND_INFO(RC_RK_ROW)
#undef RC_RK_ROW
};

const char *rc_request_kind_id(enum rc_request_kind k)
{
	return k >= 0 && k < RC_REQ_KIND_COUNT ? kinds[k].id : NULL;
}

const char *rc_request_kind_label(enum rc_request_kind k)
{
	return k >= 0 && k < RC_REQ_KIND_COUNT ? _(kinds[k].label) : NULL;
}

bool rc_request_kind_parse(const char *id, enum rc_request_kind *out)
{
	for (int i = 0; id && i < RC_REQ_KIND_COUNT; i++)
		if (!strcmp(id, kinds[i].id)) {
			*out = (enum rc_request_kind)i;
			return true;
		}
	return false;
}

char *rc_request_kind_list(void)
{
	struct rc_buf b;
	rc_buf_init(&b);
	for (int i = 0; i < RC_REQ_KIND_COUNT; i++)
		rc_buf_printf(&b, "%s%s", i ? ", " : "", kinds[i].id);
	rc_buf_cstr(&b);
	return b.data;
}
