/* draw.c - painting: colour roles, right-to-left lines (GNU FriBidi),
 * the title and footer, word wrap, dates in the chosen language. */
#include "config.h"

#include <fribidi.h>
#include <jansson.h>
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#include "ui-int.h"

struct ui *ui_cur;

/* ------------------------------------------------------------------ */
/* Colour roles.  Each has a monochrome attribute too, and no meaning
 * rests on colour alone: flags carry "[!]" and a word, the selection a
 * marker. */
static const struct {
	short fg, bg;
	attr_t mono;   /* without colour */
	attr_t extra;  /* with colour, added to the pair */
} roles[R_ROLE_COUNT] = {
	[R_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[R_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_REVERSE, A_BOLD },
	[R_KEY] = { COLOR_BLACK, COLOR_CYAN, A_REVERSE, A_NORMAL },
	[R_KEYLABEL] = { -1, -1, A_NORMAL, A_NORMAL },
	[R_SELECTED] = { COLOR_BLACK, COLOR_YELLOW, A_REVERSE, A_NORMAL },
	[R_FLAG] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[R_ERROR] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_BOLD },
	[R_HINT] = { -1, -1, A_DIM, A_DIM },
	[R_FIELD] = { -1, -1, A_UNDERLINE, A_UNDERLINE },
	[R_HEADER] = { -1, -1, A_BOLD, A_BOLD },
	[R_GOOD] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
};

void ui_colours_init(struct ui *u)
{
	bool want = u->set.colours == UI_COLOURS_ON ||
	            (u->set.colours == UI_COLOURS_AUTO && !(getenv("NO_COLOR") && *getenv("NO_COLOR")));
	u->colour = want && has_colors();
	if (u->colour) {
		start_color();
		use_default_colors();
		for (int r = 1; r < R_ROLE_COUNT; r++)
			init_pair((short)r, roles[r].fg, roles[r].bg);
	}
}

static attr_t role_attr(enum ui_role r)
{
	if (ui_cur && ui_cur->colour && r != R_NORMAL)
		return COLOR_PAIR(r) | roles[r].extra;
	return roles[r].mono;
}

int ui_body_top(void)
{
	return 2;
}

int ui_body_rows(void)
{
	return LINES - 2 - ui_body_top();
}

int ui_label_width(void)
{
	return COLS >= 100 ? 26 : 22;
}

/* ------------------------------------------------------------------ */
/* Text. */

static int wc_width(wchar_t c)
{
	int w = wcwidth(c);
	return w < 0 ? 1 : w;
}

/* UTF-8 into wide characters (invalid bytes become U+FFFD). */
static size_t to_wide(const char *s, wchar_t *out, size_t cap)
{
	mbstate_t ms;
	memset(&ms, 0, sizeof ms);
	size_t n = 0, len = strlen(s);
	while (len && n < cap) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s, len, &ms);
		if (k == (size_t)-1 || k == (size_t)-2) {
			wc = 0xFFFD;
			k = 1;
			memset(&ms, 0, sizeof ms);
		} else if (k == 0) {
			break;
		}
		/* Controls never reach the screen; bidi controls from the
		 * text are dropped (recourse isolates runs itself). */
		if (wc < 0x20 || (wc >= 0x7F && wc < 0xA0))
			wc = ' ';
		if (wc == 0x200E || wc == 0x200F || (wc >= 0x202A && wc <= 0x202E) || (wc >= 0x2066 && wc <= 0x2069)) {
			s += k;
			len -= k;
			continue;
		}
		out[n++] = wc;
		s += k;
		len -= k;
	}
	return n;
}

#define LRI 0x2066
#define PDI 0x2069

static bool is_open_bracket(wchar_t c)
{
	return c == '(' || c == '[' || c == '{' || c == '<';
}

static wchar_t closing_of(wchar_t c)
{
	return c == '(' ? ')' : c == '[' ? ']' : c == '{' ? '}' : c == '<' ? '>' : 0;
}

/* In right-to-left text, every left-to-right run (a date or time with
 * Latin digits, a number, a code, a URL, a Latin name) is put between
 * LEFT-TO-RIGHT ISOLATE and POP DIRECTIONAL ISOLATE, so the bidi
 * algorithm lays it out as one unit, in its own order: "2025-07-14T11:05Z"
 * stays as written instead of "14T11:05Z-07-2025".  A run starts at a
 * strong left-to-right letter or a European digit and ends at the last
 * one before a right-to-left letter or Arabic digit; slashes and a
 * tilde leading it (a path), brackets around it, and an ellipsis that
 * cut it, go with it.  in[0..n) -> out (room
 * for 3n), returns the new length. */
static size_t isolate_ltr_runs(const FriBidiChar *in, const FriBidiCharType *types, size_t n, FriBidiChar *out)
{
	size_t o = 0, i = 0;
	while (i < n) {
		FriBidiCharType t = types[i];
		if (t != FRIBIDI_TYPE_LTR && t != FRIBIDI_TYPE_EN) {
			out[o++] = in[i++];
			continue;
		}
		/* The run: to the last L/EN before an R, AL or AN. */
		size_t a = i, b = i; /* [a, b] */
		for (size_t j = i + 1; j < n; j++) {
			FriBidiCharType tj = types[j];
			if (tj == FRIBIDI_TYPE_RTL || tj == FRIBIDI_TYPE_AL || tj == FRIBIDI_TYPE_AN)
				break;
			if (tj == FRIBIDI_TYPE_LTR || tj == FRIBIDI_TYPE_EN)
				b = j;
		}
		/* Closing brackets of brackets opened inside; a bracket pair
		 * around it; the ellipsis that cut it. */
		int depth = 0;
		for (size_t j = a; j <= b; j++)
			depth += is_open_bracket((wchar_t)in[j]) ? 1 : in[j] == ')' || in[j] == ']' || in[j] == '}' || in[j] == '>' ? -1 : 0;
		while (depth > 0 && b + 1 < n && (in[b + 1] == ')' || in[b + 1] == ']' || in[b + 1] == '}' || in[b + 1] == '>')) {
			b++;
			depth--;
		}
		/* a path or URL's leading slashes ("/home/…", "~/…") belong to it */
		while (a > 0 && o > 0 && (in[a - 1] == '/' || in[a - 1] == '\\' || in[a - 1] == '~')) {
			o--;
			a--;
		}
		if (a > 0 && b + 1 < n && o > 0 && is_open_bracket((wchar_t)in[a - 1]) &&
		    in[b + 1] == (FriBidiChar)closing_of((wchar_t)in[a - 1])) {
			o--;
			a--;
			b++;
		}
		if (b + 2 == n && in[b + 1] == 0x2026)
			b++;
		out[o++] = LRI;
		for (size_t j = a; j <= b; j++)
			out[o++] = in[j];
		out[o++] = PDI;
		i = b + 1;
	}
	return o;
}

/* Reorder and shape a logical line into visual order, in place. */
static void bidi_visual(wchar_t *w, size_t n, bool rtl_base)
{
	if (n == 0)
		return;
	size_t cap = 3 * n; /* room for the isolates */
	FriBidiChar *u = malloc(cap * sizeof *u);
	FriBidiChar *iso = malloc(cap * sizeof *iso);
	FriBidiCharType *types = malloc(cap * sizeof *types);
	FriBidiBracketType *brackets = malloc(cap * sizeof *brackets);
	FriBidiLevel *levels = malloc(cap * sizeof *levels);
	FriBidiArabicProp *ar = malloc(cap * sizeof *ar);
	if (!u || !iso || !types || !brackets || !levels || !ar)
		goto out;
	bool any_rtl = rtl_base;
	for (size_t i = 0; i < n; i++) {
		u[i] = (FriBidiChar)w[i];
		if (u[i] >= 0x0590 && u[i] <= 0x08FF)
			any_rtl = true;
	}
	if (!any_rtl)
		goto out; /* nothing to do: keep it cheap */
	size_t m = n;
	if (rtl_base) {
		fribidi_get_bidi_types(u, (FriBidiStrIndex)n, types);
		m = isolate_ltr_runs(u, types, n, iso);
		memcpy(u, iso, m * sizeof *u);
	}
	FriBidiStrIndex len = (FriBidiStrIndex)m;
	FriBidiParType base = rtl_base ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
	fribidi_get_bidi_types(u, len, types);
	fribidi_get_bracket_types(u, len, types, brackets);
	if (!fribidi_get_par_embedding_levels_ex(types, brackets, len, &base, levels))
		goto out;
	/* Presentation forms, mirrored brackets; no lam-alef ligature: it
	 * would make two letters one column and break the layout. */
	FriBidiFlags flags = FRIBIDI_FLAG_SHAPE_MIRRORING | FRIBIDI_FLAG_SHAPE_ARAB_PRES | FRIBIDI_FLAG_REORDER_NSM;
	fribidi_get_joining_types(u, len, ar);
	fribidi_join_arabic(types, len, levels, ar);
	fribidi_shape(flags, levels, len, ar, u);
	if (!fribidi_reorder_line(flags, types, len, 0, base, levels, u, NULL))
		goto out;
	/* The isolates were for the algorithm; the terminal gets the rest. */
	size_t k = 0;
	for (size_t i = 0; i < m && k < n; i++)
		if (u[i] < 0x2066 || u[i] > 0x2069)
			w[k++] = (wchar_t)u[i];
out:
	free(u);
	free(iso);
	free(types);
	free(brackets);
	free(levels);
	free(ar);
}

bool ui_text_is_ltr(const char *s)
{
	mbstate_t ms;
	memset(&ms, 0, sizeof ms);
	size_t len = s ? strlen(s) : 0;
	while (len) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s, len, &ms);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
			return false;
		FriBidiCharType t = fribidi_get_bidi_type((FriBidiChar)wc);
		if (t == FRIBIDI_TYPE_LTR)
			return true;
		if (t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL)
			return false;
		s += k;
		len -= k;
	}
	return false;
}

static int text_draw(int y, int x, int w, const char *s, enum ui_role role, enum ui_align al, bool ltr);

int ui_text(int y, int x, int w, const char *s, enum ui_role role, enum ui_align al)
{
	return text_draw(y, x, w, s, role, al, false);
}

int ui_text_ltr(int y, int x, int w, const char *s, enum ui_role role)
{
	return text_draw(y, x, w, s, role, AL_START, true);
}

static int text_draw(int y, int x, int w, const char *s, enum ui_role role, enum ui_align al, bool ltr)
{
	if (!s || w <= 0 || y < 0 || y >= LINES)
		return 0;
	if (x < 0)
		x = 0;
	if (x + w > COLS)
		w = COLS - x;
	if (w <= 0)
		return 0;
	size_t cap = strlen(s) + 2;
	wchar_t *wb = malloc(cap * sizeof *wb);
	if (!wb)
		return 0;
	size_t n = to_wide(s, wb, cap - 1);
	/* Cut in logical order, so the end of the text is what goes. */
	int width = 0;
	size_t keep = 0;
	for (; keep < n; keep++) {
		int cw = wc_width(wb[keep]);
		if (width + cw > w)
			break;
		width += cw;
	}
	if (keep < n) {
		while (keep > 0 && width + 1 > w) {
			keep--;
			width -= wc_width(wb[keep]);
		}
		wb[keep++] = 0x2026;
		width += 1;
	}
	n = keep;
	bool rtl = ui_cur && ui_cur->rtl && !ltr;
	if (!ui_cur || ui_cur->set.bidi_program)
		bidi_visual(wb, n, rtl);
	int sx = rtl ? COLS - x - w : x; /* the field on screen */
	int off;
	if (al == AL_CENTRE)
		off = (w - width) / 2;
	else if ((al == AL_START) != rtl)
		off = 0;
	else
		off = w - width;
	attr_t at = role_attr(role);
	attron(at);
	wb[n] = 0;
	mvaddnwstr(y, sx + off, wb, (int)n);
	attroff(at);
	free(wb);
	return width;
}

void ui_fill(int y, int x, int w, enum ui_role role)
{
	if (x + w > COLS)
		w = COLS - x;
	if (w <= 0)
		return;
	int sx = ui_cur && ui_cur->rtl ? COLS - x - w : x;
	attr_t at = role_attr(role);
	attron(at);
	mvhline(y, sx, ' ', w);
	attroff(at);
}

void ui_cursor_at(int y, int x)
{
	if (!ui_cur)
		return;
	ui_cur->cur_y = y;
	ui_cur->cur_x = ui_cur->rtl ? COLS - 1 - x : x;
}

void ui_row(int y, bool selected, const char *s, enum ui_role role)
{
	enum ui_role r = selected ? R_SELECTED : role;
	if (selected)
		ui_fill(y, 0, COLS, R_SELECTED);
	/* The marker points at the text: ">" on the left, "<" on the right. */
	ui_text(y, 0, 2, selected ? ">" : " ", r, AL_START);
	ui_text(y, 2, COLS - 3, s, r, AL_START);
	if (selected)
		ui_cursor_at(y, 0);
}

void ui_title(const char *title)
{
	ui_fill(0, 0, COLS, R_TITLE);
	ui_text(0, 1, COLS - 2, title, R_TITLE, AL_START);
}

/* The footer's label of an action: Back reads "Cancel" while a task runs. */
static const char *footer_label(const struct ui *u, enum ui_action a)
{
	if (a == UI_A_BACK && u->busy.on)
		/* TRANSLATORS: footer key label while a long operation runs (keep it short). */
		return _("Cancel");
	if (ui_top(u) == SCR_LOG && u->search[0]) {
		/* With a search in use: its key goes to the next match, Esc ends it. */
		if (a == UI_A_SEARCH)
			return _("Next match");
		if (a == UI_A_BACK)
			/* TRANSLATORS: footer key label (Esc) in the list while a search is in use. */
			return _("End search");
	}
	return _(ui_actions[a].label);
}

void ui_footer(struct ui *u)
{
	const struct ui_screen *scr = ui_screens[ui_top(u)];
	int y = LINES - 1;
	ui_fill(y, 0, COLS, R_KEYLABEL);
	u->nhits = 0;
	/* Help, language, the screen's own actions (navigation stays in the
	 * help), back, quit and the quick exit.  When they do not fit, the
	 * screen's actions go first, from the end, then Back: Quit and the
	 * quick exit are always shown.  While a task runs: cancel (when it
	 * can be) and the quick exit, the only keys taken then. */
	enum ui_action list[UI_A_COUNT];
	int n = 0;
	int first_screen = 0, end_screen = 0;
	if (u->busy.on) {
		if (u->busy.can_cancel && !u->busy.cancelling)
			list[n++] = UI_A_BACK;
		list[n++] = UI_A_HIDE;
	} else {
		list[n++] = UI_A_HELP;
		list[n++] = UI_A_LANG;
		first_screen = n;
		for (const enum ui_action *a = scr->actions; a && *a; a++)
			if (*a < UI_A_BACK && *a != UI_A_SELECT && ui_actions[*a].nkeys && (!scr->offers || scr->offers(u, *a)))
				list[n++] = *a;
		end_screen = n;
		if (u->depth > 1)
			list[n++] = UI_A_BACK;
		list[n++] = UI_A_QUIT;
		list[n++] = UI_A_HIDE;
	}
	int widths[UI_A_COUNT], total = 0;
	for (int i = 0; i < n; i++) {
		char key[16];
		ui_action_key_name(list[i], key, sizeof key);
		widths[i] = rc_text_width(key) + 1 + rc_text_width(footer_label(u, list[i])) + 2;
		total += widths[i];
	}
	/* Too wide: Language goes first (F2 works everywhere and the help
	 * lists it), then the screen's actions from the end.  Nothing goes
	 * in silence: Help then reads "More keys", and the help screen
	 * starts with the keys of the screen it was called from. */
	bool skip[UI_A_COUNT] = { false };
	bool dropped = false;
	for (int i = 0; total > COLS && i < n; i++)
		if (list[i] == UI_A_LANG) {
			skip[i] = dropped = true;
			total -= widths[i];
		}
	int help_extra = 0;
	if (dropped) {
		/* TRANSLATORS: footer label of the help key when some keys of the screen do not fit in the footer. */
		help_extra = rc_text_width(_("More keys")) - rc_text_width(footer_label(u, UI_A_HELP));
		total += help_extra;
	}
	for (int i = end_screen - 1; total > COLS && i >= first_screen; i--) {
		skip[i] = dropped = true;
		total -= widths[i];
	}
	if (dropped && !help_extra) {
		help_extra = rc_text_width(_("More keys")) - rc_text_width(footer_label(u, UI_A_HELP));
		total += help_extra;
		for (int i = end_screen - 1; total > COLS && i >= first_screen; i--)
			if (!skip[i]) {
				skip[i] = true;
				total -= widths[i];
			}
	}
	for (int i = 0; total > COLS && i < n; i++)
		if (list[i] == UI_A_BACK) {
			skip[i] = true;
			total -= widths[i];
		}
	int x = 0;
	for (int i = 0; i < n; i++) {
		enum ui_action a = list[i];
		if (skip[i])
			continue;
		char key[16];
		ui_action_key_name(a, key, sizeof key);
		const char *label = a == UI_A_HELP && dropped ? _("More keys") : footer_label(u, a);
		int kw = rc_text_width(key), lw = rc_text_width(label);
		if (x + kw + lw + 1 > COLS)
			break;
		int x0 = x;
		x += ui_text(y, x, kw, key, R_KEY, AL_START);
		x += 1;
		x += ui_text(y, x, lw, label, R_KEYLABEL, AL_START);
		x += 2;
		u->hits[u->nhits].x0 = u->rtl ? COLS - x : x0;
		u->hits[u->nhits].x1 = u->rtl ? COLS - x0 : x;
		u->hits[u->nhits].a = a;
		u->nhits++;
	}
}

/* ------------------------------------------------------------------ */
/* Word wrap by display columns (logical order). */

size_t ui_wrap(const char *s, int w, char ***lines)
{
	size_t n = 0, cap = 8;
	*lines = rc_xcalloc(cap, sizeof **lines);
	if (w < 4)
		w = 4;
	const char *p = s ? s : "";
	for (;;) {
		/* One paragraph line: up to '\n'. */
		const char *nl = strchr(p, '\n');
		size_t plen = nl ? (size_t)(nl - p) : strlen(p);
		const char *q = p, *end = p + plen;
		do {
			/* Take characters until w columns; break at the last space. */
			mbstate_t ms;
			memset(&ms, 0, sizeof ms);
			const char *r = q, *last_space = NULL;
			int col = 0;
			while (r < end) {
				wchar_t wc;
				size_t k = mbrtowc(&wc, r, (size_t)(end - r), &ms);
				if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
					k = 1;
					wc = '?';
					memset(&ms, 0, sizeof ms);
				}
				int cw = wc_width(wc);
				if (col + cw > w)
					break;
				if (wc == ' ')
					last_space = r;
				col += cw;
				r += k;
			}
			const char *cut = r;
			if (r < end && last_space && last_space > q)
				cut = last_space;
			if (n + 1 >= cap) {
				cap *= 2;
				*lines = rc_xrealloc(*lines, cap * sizeof **lines);
			}
			(*lines)[n++] = rc_xstrndup(q, (size_t)(cut - q));
			q = cut;
			while (q < end && *q == ' ')
				q++;
		} while (q < end);
		if (!nl)
			break;
		p = nl + 1;
	}
	return n;
}

void ui_lines_free(char ***lines, size_t n)
{
	if (!*lines)
		return;
	for (size_t i = 0; i < n; i++)
		free((*lines)[i]);
	free(*lines);
	*lines = NULL;
}

int ui_para(int y, int x, const char *s, enum ui_role role)
{
	char **lines;
	size_t n = ui_wrap(s, COLS - x - 2, &lines);
	for (size_t i = 0; i < n && y < LINES - 2; i++, y++)
		ui_text(y, x, COLS - x - 1, lines[i], role, AL_START);
	ui_lines_free(&lines, n);
	return y;
}

/* ------------------------------------------------------------------ */
/* Dates: the language's own format when its locale is installed, else
 * ISO 8601 (always understood, never ambiguous).  Times are UTC. */

static locale_t time_loc;
static char time_loc_lang[16];

static locale_t lang_locale(const char *code)
{
	if (!strcmp(time_loc_lang, code))
		return time_loc;
	if (time_loc)
		freelocale(time_loc);
	time_loc = (locale_t)0;
	snprintf(time_loc_lang, sizeof time_loc_lang, "%s", code);
	static const struct { const char *lang; const char *loc[3]; } map[] = {
		{ "ar", { "ar_EG.UTF-8", "ar_SA.UTF-8", "ar_SY.UTF-8" } },
		{ "fa", { "fa_IR.UTF-8", NULL, NULL } },
		{ "ps", { "ps_AF.UTF-8", NULL, NULL } },
		{ "ti", { "ti_ER.UTF-8", "ti_ET.UTF-8", NULL } },
		{ "uk", { "uk_UA.UTF-8", NULL, NULL } },
		{ "es", { "es_ES.UTF-8", NULL, NULL } },
		{ "fr", { "fr_FR.UTF-8", NULL, NULL } },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(map[i].lang, code))
			for (int j = 0; j < 3 && map[i].loc[j] && !time_loc; j++)
				time_loc = newlocale(LC_TIME_MASK, map[i].loc[j], (locale_t)0);
	return time_loc;
}

/* The digits of the chosen language in text recourse formats itself
 * (counts, dates; never data from a record): Arabic-Indic for Arabic,
 * Extended Arabic-Indic for Dari/Persian and Pashto, ASCII otherwise. */
void ui_local_digits(char *buf, size_t len)
{
	const char *code = ui_cur && ui_cur->lang ? ui_cur->lang->code : "";
	unsigned base;
	if (!strcmp(code, "ar"))
		base = 0x0660;
	else if (!strcmp(code, "fa") || !strcmp(code, "ps"))
		base = 0x06F0;
	else
		return;
	size_t n = strlen(buf), digits = 0;
	for (size_t i = 0; i < n; i++)
		digits += buf[i] >= '0' && buf[i] <= '9';
	if (!digits || n + digits + 1 > len)
		return; /* no room: keep ASCII digits rather than cut the text */
	for (size_t i = n + 1, o = n + digits + 1; i-- > 0;) {
		char ch = buf[i];
		if (ch >= '0' && ch <= '9') {
			unsigned cp = base + (unsigned)(ch - '0');
			buf[--o] = (char)(0x80 | (cp & 0x3F));
			buf[--o] = (char)(0xC0 | (cp >> 6));
		} else {
			buf[--o] = ch;
		}
	}
}

void ui_fmt_time(int64_t ts, bool with_time, char *buf, size_t len)
{
	if (ts == RC_TS_UNKNOWN) {
		/* TRANSLATORS: a date that the record does not give. */
		snprintf(buf, len, "%s", _("unknown"));
		return;
	}
	time_t t = (time_t)ts;
	struct tm tm;
	gmtime_r(&t, &tm);
	locale_t loc = ui_cur && ui_cur->lang ? lang_locale(ui_cur->lang->code) : (locale_t)0;
	size_t n = 0;
	if (loc)
		n = strftime_l(buf, len, with_time ? "%x %H:%M" : "%x", &tm, loc);
	if (n == 0)
		strftime(buf, len, with_time ? "%Y-%m-%d %H:%M" : "%Y-%m-%d", &tm);
	ui_local_digits(buf, len);
}

void ui_fmt_size(uint64_t bytes, char *buf, size_t len)
{
	if (bytes < 1000) {
		unsigned n = (unsigned)bytes;
		/* TRANSLATORS: a file's size; %u is a number of bytes. */
		snprintf(buf, len, ngettext("%u byte", "%u bytes", n), n);
	} else {
		double v = (double)bytes / 1000;
		int i = 0;
		while (v >= 1000 && i < 2) {
			v /= 1000;
			i++;
		}
		char num[32];
		snprintf(num, sizeof num, v < 10 ? "%.1f" : "%.0f", v);
		if (i == 0)
			/* TRANSLATORS: a file's size in kilobytes; %s is a number such as 1.5. */
			snprintf(buf, len, _("%s kB"), num);
		else if (i == 1)
			/* TRANSLATORS: a file's size in megabytes; %s is a number such as 1.5. */
			snprintf(buf, len, _("%s MB"), num);
		else
			/* TRANSLATORS: a file's size in gigabytes; %s is a number such as 1.5. */
			snprintf(buf, len, _("%s GB"), num);
	}
	ui_local_digits(buf, len);
}

/* ------------------------------------------------------------------ */
/* Country names from Debian's iso-codes: the English names in its JSON
 * list, in the reader's language through its gettext domain
 * "iso_3166-1" (the common name where it has one: "Syria" rather than
 * "Syrian Arab Republic").  Without the package: the code. */

#ifndef RC_ISO_CODES_JSON
#define RC_ISO_CODES_JSON "/usr/share/iso-codes/json/iso_3166-1.json"
#endif

struct iso_country {
	char a2[3];
	char *name;
};
static struct iso_country *iso_list;
static size_t iso_n;
static bool iso_loaded;

static void iso_load(void)
{
	iso_loaded = true;
	const char *path = getenv("RECOURSE_ISO_3166_JSON"); /* tests: another list, or none */
	json_t *root = json_load_file(path ? path : RC_ISO_CODES_JSON, 0, NULL);
	json_t *arr = root ? json_object_get(root, "3166-1") : NULL;
	if (!json_is_array(arr)) {
		json_decref(root);
		return;
	}
	iso_list = rc_xcalloc(json_array_size(arr) + 1, sizeof *iso_list);
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o) {
		const char *a2 = json_string_value(json_object_get(o, "alpha_2"));
		const char *nm = json_string_value(json_object_get(o, "common_name"));
		if (!nm)
			nm = json_string_value(json_object_get(o, "name"));
		if (!a2 || strlen(a2) != 2 || !nm)
			continue;
		memcpy(iso_list[iso_n].a2, a2, 3);
		iso_list[iso_n].name = rc_xstrdup(nm);
		iso_n++;
	}
	json_decref(root);
}

void ui_country_name(const char *code, char *buf, size_t len)
{
	snprintf(buf, len, "%s", code ? code : "");
	if (!code || strlen(code) != 2)
		return;
	if (!iso_loaded)
		iso_load();
	for (size_t i = 0; i < iso_n; i++)
		if ((iso_list[i].a2[0] == (code[0] & ~0x20)) && (iso_list[i].a2[1] == (code[1] & ~0x20))) {
			snprintf(buf, len, "%s", dgettext("iso_3166-1", iso_list[i].name));
			return;
		}
}

size_t ui_countries_matching(const char *folded, char *buf, size_t len)
{
	size_t n = 0, o = 0;
	buf[0] = 0;
	if (!folded || !*folded)
		return 0;
	if (!iso_loaded)
		iso_load();
	for (size_t i = 0; i < iso_n; i++) {
		const struct iso_country *c = &iso_list[i];
		char code[3] = { (char)(c->a2[0] | 0x20), (char)(c->a2[1] | 0x20), 0 };
		bool hit = !strcmp(folded, code);
		char *f = NULL;
		if (!hit) {
			f = rc_text_fold(dgettext("iso_3166-1", c->name));
			hit = strstr(f, folded) != NULL;
			free(f);
		}
		if (!hit) {
			f = rc_text_fold(c->name);
			hit = strstr(f, folded) != NULL;
			free(f);
		}
		if (hit && o + 4 < len) {
			o += (size_t)snprintf(buf + o, len - o, "%s%s", n ? "," : "", c->a2);
			n++;
		}
	}
	/* a code typed as it is, also one the list does not have ("EU") */
	if (strlen(folded) == 2 && o + 4 < len && folded[0] >= 'a' && folded[0] <= 'z' &&
	    folded[1] >= 'a' && folded[1] <= 'z') {
		char up[3] = { (char)(folded[0] & ~0x20), (char)(folded[1] & ~0x20), 0 };
		if (!strstr(buf, up)) {
			snprintf(buf + o, len - o, "%s%s", n ? "," : "", up);
			n++;
		}
	}
	return n;
}
