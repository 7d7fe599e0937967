/* widgets.c - a selectable list and a form of fields (text, passphrase,
 * choice).  Passphrases go key by key into locked memory (rc_secret),
 * never through wgetnstr, and are shown as one '*' a character. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui-int.h"

bool ui_list_nav(struct ui_list *l, enum ui_action a, int page)
{
	if (l->n <= 0)
		return a == UI_A_UP || a == UI_A_DOWN || a == UI_A_PGUP || a == UI_A_PGDN ||
		       a == UI_A_TOP || a == UI_A_BOTTOM;
	switch (a) {
	case UI_A_UP: if (l->sel > 0) l->sel--; break;
	case UI_A_DOWN: if (l->sel < l->n - 1) l->sel++; break;
	case UI_A_PGUP: l->sel -= page; break;
	case UI_A_PGDN: l->sel += page; break;
	case UI_A_TOP: l->sel = 0; break;
	case UI_A_BOTTOM: l->sel = l->n - 1; break;
	default: return false;
	}
	if (l->sel < 0)
		l->sel = 0;
	if (l->sel > l->n - 1)
		l->sel = l->n - 1;
	ui_list_scroll(l, page);
	return true;
}

void ui_list_scroll(struct ui_list *l, int page)
{
	if (page < 1)
		page = 1;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + page)
		l->top = l->sel - page + 1;
	if (l->top < 0)
		l->top = 0;
}

size_t ui_secret_chars(const struct rc_secret *s)
{
	size_t n = 0;
	for (size_t i = 0; s && i < s->len; i++)
		if ((s->data[i] & 0xC0) != 0x80)
			n++;
	return n;
}

void ui_field_init(struct ui_field *f, enum ui_field_kind kind, const char *label, const char *hint, int maxlen)
{
	memset(f, 0, sizeof *f);
	f->kind = kind;
	f->label = label;
	f->hint = hint;
	f->maxlen = maxlen > 0 && maxlen < UI_FIELD_MAX ? maxlen : UI_FIELD_MAX;
	if (kind == FK_SECRET)
		f->secret = rc_secret_new(RC_PASSPHRASE_MAX);
}

void ui_field_set(struct ui_field *f, const char *utf8)
{
	mbstate_t ms;
	memset(&ms, 0, sizeof ms);
	const char *s = utf8 ? utf8 : "";
	size_t n = mbsrtowcs(f->buf, &s, (size_t)f->maxlen, &ms);
	f->len = n == (size_t)-1 ? 0 : (int)n;
	f->buf[f->len] = 0;
	f->pos = f->len;
}

char *ui_field_utf8(const struct ui_field *f)
{
	int a = 0, b = f->len;
	while (a < b && f->buf[a] == ' ')
		a++;
	while (b > a && f->buf[b - 1] == ' ')
		b--;
	char *out = rc_xmalloc((size_t)(b - a) * MB_LEN_MAX + 1);
	size_t o = 0;
	mbstate_t ms;
	memset(&ms, 0, sizeof ms);
	for (int i = a; i < b; i++) {
		size_t k = wcrtomb(out + o, f->buf[i], &ms);
		if (k != (size_t)-1)
			o += k;
	}
	out[o] = 0;
	return out;
}

struct rc_secret *ui_field_take_secret(struct ui_field *f)
{
	struct rc_secret *s = f->secret;
	f->secret = rc_secret_new(RC_PASSPHRASE_MAX);
	return s;
}

void ui_field_wipe(struct ui_field *f)
{
	rc_secret_free(&f->secret);
	memset(f->buf, 0, sizeof f->buf);
	f->len = f->pos = 0;
}

static bool field_key(struct ui_field *f, int key)
{
	if (f->kind == FK_CHOICE) {
		if (key == ' ' || key == (UI_KEY_FN | KEY_RIGHT) || key == (UI_KEY_FN | KEY_LEFT)) {
			int d = key == (UI_KEY_FN | KEY_LEFT) ? -1 : 1;
			if (ui_cur && ui_cur->rtl && key != ' ')
				d = -d;
			f->choice = (f->choice + d + f->nchoices) % f->nchoices;
			return true;
		}
		return false;
	}
	if (f->kind == FK_SECRET) {
		if (key == (UI_KEY_FN | KEY_BACKSPACE)) {
			rc_secret_pop_utf8(f->secret);
			return true;
		}
		if (key == 21) { /* Ctrl-U */
			rc_secret_clear(f->secret);
			return true;
		}
		if (key & UI_KEY_FN || key < 0x20 || key == 0x7F)
			return false;
		/* One character into locked memory, as UTF-8 bytes. */
		unsigned char mb[MB_LEN_MAX];
		mbstate_t ms;
		memset(&ms, 0, sizeof ms);
		size_t k = wcrtomb((char *)mb, (wchar_t)key, &ms);
		if (k != (size_t)-1 && f->secret->len + k <= f->secret->cap)
			for (size_t i = 0; i < k; i++)
				rc_secret_append(f->secret, mb[i]);
		explicit_bzero(mb, sizeof mb);
		return true;
	}
	bool rtl = ui_cur && ui_cur->rtl;
	switch (key) {
	case UI_KEY_FN | KEY_BACKSPACE:
		if (f->pos > 0) {
			memmove(f->buf + f->pos - 1, f->buf + f->pos, (size_t)(f->len - f->pos + 1) * sizeof(wchar_t));
			f->pos--;
			f->len--;
		}
		return true;
	case UI_KEY_FN | KEY_DC:
		if (f->pos < f->len) {
			memmove(f->buf + f->pos, f->buf + f->pos + 1, (size_t)(f->len - f->pos) * sizeof(wchar_t));
			f->len--;
		}
		return true;
	case UI_KEY_FN | KEY_LEFT:
		if (rtl ? f->pos < f->len : f->pos > 0)
			f->pos += rtl ? 1 : -1;
		return true;
	case UI_KEY_FN | KEY_RIGHT:
		if (rtl ? f->pos > 0 : f->pos < f->len)
			f->pos += rtl ? -1 : 1;
		return true;
	case UI_KEY_FN | KEY_HOME:
		f->pos = 0;
		return true;
	case UI_KEY_FN | KEY_END:
		f->pos = f->len;
		return true;
	case 21:
		f->len = f->pos = 0;
		f->buf[0] = 0;
		return true;
	default:
		break;
	}
	if (key & UI_KEY_FN || key < 0x20 || key == 0x7F)
		return false;
	if (f->len >= f->maxlen)
		return true;
	memmove(f->buf + f->pos + 1, f->buf + f->pos, (size_t)(f->len - f->pos + 1) * sizeof(wchar_t));
	f->buf[f->pos++] = (wchar_t)key;
	f->len++;
	return true;
}

bool ui_form_key(struct ui_form *fm, int key)
{
	if (fm->n == 0)
		return false;
	if (key == '\t' || key == (UI_KEY_FN | KEY_DOWN)) {
		if (fm->cur < fm->n - 1)
			fm->cur++;
		return true;
	}
	if (key == (UI_KEY_FN | KEY_BTAB) || key == (UI_KEY_FN | KEY_UP)) {
		if (fm->cur > 0)
			fm->cur--;
		return true;
	}
	return field_key(&fm->f[fm->cur], key);
}

bool ui_form_action(struct ui_form *fm, enum ui_action a)
{
	if (a == UI_A_TOP) {
		fm->cur = 0;
		return true;
	}
	if (a == UI_A_BOTTOM) {
		fm->cur = fm->n - 1;
		return true;
	}
	return false;
}

int ui_form_draw(struct ui_form *fm, int y, int rows)
{
	int lw = ui_label_width();
	int fx = lw + 3, fw = COLS - fx - 2;
	if (fm->cur < fm->top)
		fm->top = fm->cur;
	if (fm->cur >= fm->top + rows)
		fm->top = fm->cur - rows + 1;
	for (int i = fm->top; i < fm->n && i < fm->top + rows; i++, y++) {
		struct ui_field *f = &fm->f[i];
		bool on = i == fm->cur;
		ui_text(y, 0, 2, on ? ">" : " ", on ? R_HEADER : R_NORMAL, AL_START);
		ui_text(y, 2, lw, _(f->label), on ? R_HEADER : R_NORMAL, AL_START);
		ui_fill(y, fx, fw, R_FIELD);
		int cx = fx;
		if (f->kind == FK_SECRET) {
			size_t n = ui_secret_chars(f->secret);
			char stars[80];
			size_t k = n < sizeof stars - 1 ? n : sizeof stars - 1;
			memset(stars, '*', k);
			stars[k] = 0;
			cx += ui_text(y, fx, fw, stars, R_FIELD, AL_START);
		} else if (f->kind == FK_CHOICE) {
			const char *c = f->literal_choices ? f->choices[f->choice] : _(f->choices[f->choice]);
			char buf[256];
			snprintf(buf, sizeof buf, "< %s >", c);
			ui_text(y, fx, fw, buf, R_FIELD, AL_START);
			cx = fx;
		} else {
			char *s = ui_field_utf8(f);
			ui_text(y, fx, fw, s, R_FIELD, AL_START);
			free(s);
			/* The cursor at the editing position (columns before it). */
			int col = 0;
			for (int j = 0; j < f->pos; j++) {
				int w = wcwidth(f->buf[j]);
				col += w < 0 ? 1 : w;
			}
			if (col > fw - 1)
				col = fw - 1;
			cx = fx + col;
		}
		if (on)
			ui_cursor_at(y, cx < fx + fw ? cx : fx + fw - 1);
	}
	return y;
}

void ui_form_click(struct ui_form *fm, int row)
{
	int i = fm->top + row;
	if (i >= 0 && i < fm->n)
		fm->cur = i;
}

bool ui_scroll_nav(int *top, int nlines, enum ui_action a)
{
	int rows = ui_body_rows();
	switch (a) {
	case UI_A_UP: (*top)--; return true;
	case UI_A_DOWN: (*top)++; return true;
	case UI_A_PGUP: *top -= rows - 1; return true;
	case UI_A_PGDN: *top += rows - 1; return true;
	case UI_A_TOP: *top = 0; return true;
	case UI_A_BOTTOM: *top = nlines; return true;
	default: return false;
	}
}

bool ui_confirm_discard(struct ui *u, bool has_text)
{
	if (!has_text || u->discard_asked) {
		u->discard_asked = false;
		return true;
	}
	u->discard_asked = true;
	char k[16];
	ui_action_key_name(UI_A_BACK, k, sizeof k);
	/* TRANSLATORS: message line when Esc is pressed on a form with typed text; %s is a key such as Esc. */
	ui_message(u, true, _("What you typed is not saved. Press %s again to throw it away, or any other key to go on."), k);
	return false;
}

/* A day as a person types it after reading it on the screen: the
 * digits of any script recourse shows (ASCII, Arabic-Indic, Extended
 * Arabic-Indic), "-", "/", "." or a space between the parts, the year
 * first (2024-05-22, as written) or last (22-05-2024: what a date of
 * a right-to-left screen looks like, read from the left, and the
 * locale's day/month/year).  Anything else goes to rc_date_parse (ISO
 * 8601 with a time). */
bool ui_date_parse(const char *typed, int64_t *ts)
{
	char a[64];
	size_t o = 0;
	mbstate_t ms;
	memset(&ms, 0, sizeof ms);
	const char *p = typed;
	size_t len = strlen(p);
	while (len && o + 1 < sizeof a) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, p, len, &ms);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
			return false;
		if (wc >= 0x0660 && wc <= 0x0669)
			wc = '0' + (wc - 0x0660);
		else if (wc >= 0x06F0 && wc <= 0x06F9)
			wc = '0' + (wc - 0x06F0);
		else if (wc == 0x060C || wc == 0x066B || wc == 0x066C || wc == 0x2212 || wc == 0x2010 || wc == 0x2011)
			wc = '-'; /* Arabic comma and separators, minus, hyphens */
		if (wc >= 0x80)
			return false;
		a[o++] = (char)wc;
		p += k;
		len -= k;
	}
	a[o] = 0;
	char norm[40];
	if (rc_date_parse(a, ts, norm, sizeof norm))
		return true;
	/* Three numbers. */
	unsigned v[3];
	int nd[3];
	const char *q = a;
	while (*q == ' ')
		q++;
	for (int i = 0; i < 3; i++) {
		if (i) {
			if (!strchr("-/. ", *q))
				return false;
			while (*q && strchr("-/. ", *q))
				q++;
		}
		v[i] = 0;
		nd[i] = 0;
		while (*q >= '0' && *q <= '9' && nd[i] < 5) {
			v[i] = v[i] * 10 + (unsigned)(*q++ - '0');
			nd[i]++;
		}
		if (!nd[i])
			return false;
	}
	while (*q == ' ')
		q++;
	if (*q)
		return false;
	unsigned y, m, d;
	if (nd[0] == 4 && nd[1] <= 2 && nd[2] <= 2) {
		y = v[0], m = v[1], d = v[2];
	} else if (nd[2] == 4 && nd[0] <= 2 && nd[1] <= 2) {
		y = v[2], m = v[1], d = v[0];
	} else {
		return false;
	}
	char iso[16];
	snprintf(iso, sizeof iso, "%04u-%02u-%02u", y % 10000, m % 100, d % 100);
	return rc_date_parse(iso, ts, norm, sizeof norm);
}
