/* actions.c - the action table, key names, the user's keys file and the
 * settings file under $XDG_CONFIG_HOME/recourse/.  Both files hold
 * settings only: never a case label, a name or anything from a case. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ui-int.h"

struct ui_action_def ui_actions[UI_A_COUNT] = {
	[UI_A_NONE] = { "", "", "", { 0 }, 0 },
#define UI_A_DEF(id, name, label, keys, help) [UI_A_##id] = { name, label, help, { 0 }, 0 },
	UI_ACTION_INFO(UI_A_DEF)
#undef UI_A_DEF
};

static const char *const default_keys[UI_A_COUNT] = {
	[UI_A_NONE] = "",
#define UI_A_KEYS(id, name, label, keys, help) [UI_A_##id] = keys,
	UI_ACTION_INFO(UI_A_KEYS)
#undef UI_A_KEYS
};

static const struct {
	const char *name;
	int key;
} named_keys[] = {
	{ "Enter", UI_KEY_ENTER },
	{ "Esc", UI_KEY_ESC },
	{ "Tab", '\t' },
	{ "Space", ' ' },
	{ "Up", UI_KEY_FN | KEY_UP },
	{ "Down", UI_KEY_FN | KEY_DOWN },
	{ "Left", UI_KEY_FN | KEY_LEFT },
	{ "Right", UI_KEY_FN | KEY_RIGHT },
	{ "PgUp", UI_KEY_FN | KEY_PPAGE },
	{ "PgDn", UI_KEY_FN | KEY_NPAGE },
	{ "Home", UI_KEY_FN | KEY_HOME },
	{ "End", UI_KEY_FN | KEY_END },
	{ "Backspace", UI_KEY_FN | KEY_BACKSPACE },
	{ "Del", UI_KEY_FN | KEY_DC },
	{ "Ins", UI_KEY_FN | KEY_IC },
};

int ui_key_parse(const char *name)
{
	for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
		if (!strcasecmp(name, named_keys[i].name))
			return named_keys[i].key;
	if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' && name[1] <= '9') {
		char *end;
		long n = strtol(name + 1, &end, 10);
		if (!*end && n >= 1 && n <= 24)
			return UI_KEY_FN | KEY_F((int)n);
	}
	if (name[0] == '^' && name[1] && !name[2]) {
		int c = name[1] & ~0x20;
		if (c >= 'A' && c <= 'Z')
			return c - 'A' + 1;
	}
	/* One printable character (UTF-8). */
	wchar_t wc;
	mbstate_t ms;
	memset(&ms, 0, sizeof ms);
	size_t n = mbrtowc(&wc, name, strlen(name), &ms);
	if (n != (size_t)-1 && n != (size_t)-2 && n > 0 && !name[n] && wc > 0x20)
		return (int)wc;
	return 0;
}

void ui_key_name(int key, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
		if (named_keys[i].key == key) {
			snprintf(buf, len, "%s", named_keys[i].name);
			return;
		}
	if (key & UI_KEY_FN) {
		int k = key & ~UI_KEY_FN;
		if (k >= KEY_F(1) && k <= KEY_F(24)) {
			snprintf(buf, len, "F%d", k - KEY_F0);
			return;
		}
		snprintf(buf, len, "?");
		return;
	}
	if (key > 0 && key < 0x20) {
		snprintf(buf, len, "^%c", key + 'A' - 1);
		return;
	}
	char mb[MB_LEN_MAX + 1];
	mbstate_t ms;
	memset(&ms, 0, sizeof ms);
	size_t n = wcrtomb(mb, (wchar_t)key, &ms);
	if (n == (size_t)-1)
		n = 0;
	mb[n] = 0;
	snprintf(buf, len, "%s", mb);
}

static void set_keys(struct ui_action_def *d, const char *list)
{
	char tmp[128];
	snprintf(tmp, sizeof tmp, "%s", list);
	d->nkeys = 0;
	char *save = NULL;
	for (char *t = strtok_r(tmp, " \t,", &save); t && d->nkeys < UI_MAX_KEYS; t = strtok_r(NULL, " \t,", &save)) {
		int k = ui_key_parse(t);
		if (k)
			d->keys[d->nkeys++] = k;
		else
			rc_log(RC_LOG_WARN, "keys file: unknown key name \"%s\"", t);
	}
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = 0;
	return s;
}

char *ui_config_path(const char *file)
{
	const char *x = getenv("XDG_CONFIG_HOME");
	char *dir;
	if (x && *x == '/') {
		dir = rc_path_join(x, "recourse");
	} else {
		const char *h = getenv("HOME");
		char *cfg = rc_path_join(h && *h ? h : "/", ".config");
		dir = rc_path_join(cfg, "recourse");
		free(cfg);
	}
	char *p = file ? rc_path_join(dir, file) : rc_xstrdup(dir);
	free(dir);
	return p;
}

/* Call fn for each "name = value" line of a config file. */
static void config_each(const char *file, void (*fn)(void *ud, const char *k, const char *v), void *ud)
{
	char *path = ui_config_path(file);
	char *data = NULL;
	size_t len;
	if (rc_file_read_all(path, 65536, &data, &len) == RC_OK) {
		char *save = NULL;
		for (char *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char *l = trim(line);
			if (!*l || *l == '#')
				continue;
			char *eq = strchr(l, '=');
			if (!eq)
				continue;
			*eq = 0;
			fn(ud, trim(l), trim(eq + 1));
		}
	}
	free(data);
	free(path);
}

static void keys_line(void *ud, const char *k, const char *v)
{
	(void)ud;
	for (int a = 1; a < UI_A_COUNT; a++)
		if (!strcmp(ui_actions[a].name, k)) {
			set_keys(&ui_actions[a], v);
			return;
		}
	rc_log(RC_LOG_WARN, "keys file: unknown action \"%s\"", k);
}

void ui_actions_init(void)
{
	for (int a = 1; a < UI_A_COUNT; a++)
		set_keys(&ui_actions[a], default_keys[a]);
	config_each("keys", keys_line, NULL);
}

static const enum ui_action global_actions[] = { UI_A_HELP, UI_A_LANG, UI_A_QUIT, UI_A_HIDE, UI_A_NONE };

static bool action_has_key(enum ui_action a, int key)
{
	for (int i = 0; i < ui_actions[a].nkeys; i++)
		if (ui_actions[a].keys[i] == key)
			return true;
	return false;
}

int ui_key_as_read(int key)
{
	if (!ui_cur || !ui_cur->lang || !ui_cur->lang->rtl)
		return key;
	if (key == (UI_KEY_FN | KEY_LEFT))
		return UI_KEY_FN | KEY_RIGHT;
	if (key == (UI_KEY_FN | KEY_RIGHT))
		return UI_KEY_FN | KEY_LEFT;
	return key;
}

/* The letter keys by where they sit on the keyboard: a person whose
 * keyboard writes Arabic, Persian, Pashto or Ukrainian presses the key
 * marked "e" and gets ث or у.  The table gives, for the letters of those
 * layouts (Arabic 101, Persian ISIRI 9147, Pashto, Ukrainian and Russian
 * ЙЦУКЕН), the Latin letter of the same key, so the letter keys of the
 * action table work whatever the layout (Tigrinya is typed through an
 * input method that leaves Latin keys Latin).  Only letters: a sign such
 * as ؟ stays a sign. */
static const struct {
	wchar_t wc;
	char latin;
} layout_keys[] = {
	/* Arabic */
	{ 0x0636, 'q' }, { 0x0635, 'w' }, { 0x062B, 'e' }, { 0x0642, 'r' }, { 0x0641, 't' },
	{ 0x063A, 'y' }, { 0x0639, 'u' }, { 0x0647, 'i' }, { 0x062E, 'o' }, { 0x062D, 'p' },
	{ 0x0634, 'a' }, { 0x0633, 's' }, { 0x064A, 'd' }, { 0x0628, 'f' }, { 0x0644, 'g' },
	{ 0x0627, 'h' }, { 0x062A, 'j' }, { 0x0646, 'k' }, { 0x0645, 'l' }, { 0x0626, 'z' },
	{ 0x0621, 'x' }, { 0x0624, 'c' }, { 0x0631, 'v' }, { 0x0649, 'n' }, { 0x0629, 'm' },
	{ 0x0622, 'N' },
	/* Persian and Pashto, where they differ from Arabic */
	{ 0x06CC, 'd' }, { 0x0638, 'z' }, { 0x0637, 'x' }, { 0x0632, 'c' }, { 0x0630, 'b' },
	{ 0x062F, 'n' }, { 0x067E, 'm' }, { 0x06CD, 'z' }, { 0x06D0, 'x' }, { 0x0693, 'm' },
	/* Ukrainian (and Russian: ы, э) */
	{ 0x0439, 'q' }, { 0x0446, 'w' }, { 0x0443, 'e' }, { 0x043A, 'r' }, { 0x0435, 't' },
	{ 0x043D, 'y' }, { 0x0433, 'u' }, { 0x0448, 'i' }, { 0x0449, 'o' }, { 0x0437, 'p' },
	{ 0x0444, 'a' }, { 0x0456, 's' }, { 0x044B, 's' }, { 0x0432, 'd' }, { 0x0430, 'f' },
	{ 0x043F, 'g' }, { 0x0440, 'h' }, { 0x043E, 'j' }, { 0x043B, 'k' }, { 0x0434, 'l' },
	{ 0x044F, 'z' }, { 0x0447, 'x' }, { 0x0441, 'c' }, { 0x043C, 'v' }, { 0x0438, 'b' },
	{ 0x0442, 'n' }, { 0x044C, 'm' },
	{ 0x0422, 'N' },
};

int ui_key_latin(int key)
{
	if (key < 0x80 || (key & UI_KEY_FN))
		return 0;
	for (size_t i = 0; i < sizeof layout_keys / sizeof layout_keys[0]; i++)
		if ((int)layout_keys[i].wc == key)
			return layout_keys[i].latin;
	return 0;
}

static enum ui_action key_action_exact(int key, const enum ui_action *scope)
{
	for (const enum ui_action *a = scope; a && *a; a++)
		if (action_has_key(*a, key))
			return *a;
	for (const enum ui_action *a = global_actions; *a; a++)
		if (action_has_key(*a, key))
			return *a;
	return UI_A_NONE;
}

enum ui_action ui_key_action(int key, const enum ui_action *scope)
{
	key = ui_key_as_read(key);
	enum ui_action a = key_action_exact(key, scope);
	int latin;
	if (a == UI_A_NONE && (latin = ui_key_latin(key)))
		a = key_action_exact(latin, scope);
	return a;
}

void ui_action_key_name(enum ui_action a, char *buf, size_t len)
{
	if (ui_actions[a].nkeys == 0) {
		snprintf(buf, len, "-");
		return;
	}
	/* The footer is short of room: arrows as arrows. */
	int k = ui_key_as_read(ui_actions[a].keys[0]);
	if (k == (UI_KEY_FN | KEY_LEFT) || k == (UI_KEY_FN | KEY_RIGHT) ||
	    k == (UI_KEY_FN | KEY_UP) || k == (UI_KEY_FN | KEY_DOWN)) {
		snprintf(buf, len, "%s", k == (UI_KEY_FN | KEY_LEFT) ? "←" : k == (UI_KEY_FN | KEY_RIGHT) ? "→" :
		         k == (UI_KEY_FN | KEY_UP) ? "↑" : "↓");
		return;
	}
	ui_key_name(k, buf, len);
}

/* ------------------------------------------------------------------ */
/* Settings. */

static void settings_line(void *ud, const char *k, const char *v)
{
	struct ui_settings *s = ud;
	if (!strcmp(k, "idle-lock")) {
		long n = strtol(v, NULL, 10);
		if (n >= 1 && n <= 24 * 3600)
			s->idle_s = (int)n;
	} else if (!strcmp(k, "bidi")) {
		s->bidi_program = strcmp(v, "terminal") != 0;
	} else if (!strcmp(k, "colours")) {
		s->colours = !strcmp(v, "on") ? UI_COLOURS_ON : !strcmp(v, "off") ? UI_COLOURS_OFF : UI_COLOURS_AUTO;
	} else if (!strcmp(k, "terminal")) {
		s->personal = !strcmp(v, "personal");
	} else if (!strcmp(k, "language")) {
		if (ui_lang_find(v))
			snprintf(s->lang, sizeof s->lang, "%s", v);
	} else if (!strcmp(k, "office-db")) {
		snprintf(s->office_db, sizeof s->office_db, "%s", v);
	} else if (!strcmp(k, "proxy")) {
		snprintf(s->proxy, sizeof s->proxy, "%s", v);
	} else if (!strcmp(k, "proxy-env")) {
		s->proxy_env = !strcmp(v, "yes");
	}
}

const char *ui_office_db(const struct ui *u)
{
	const char *e = getenv("RECOURSE_OFFICE_DB");
	if (e && *e)
		return e;
	return u->set.office_db[0] ? u->set.office_db : NULL;
}

void ui_settings_load(struct ui_settings *s)
{
	s->idle_s = 180;
	s->bidi_program = true;
	s->colours = UI_COLOURS_AUTO;
	s->lang[0] = 0;
	s->personal = false; /* a shared terminal starts neutral (issue 15) */
	s->office_db[0] = 0;
	s->proxy[0] = 0;
	s->proxy_env = false;
	config_each("settings", settings_line, s);
}

enum rc_status ui_settings_save(const struct ui_settings *s)
{
	char *dir = ui_config_path(NULL);
	/* Make the folders one by one (0700). */
	for (char *p = strchr(dir + 1, '/'); ; p = strchr(p + 1, '/')) {
		if (p)
			*p = 0;
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			int e = errno;
			free(dir);
			return rc_status_from_errno(e);
		}
		if (!p)
			break;
		*p = '/';
	}
	free(dir);
	static const char *const col[] = { "auto", "on", "off" };
	struct rc_buf b;
	rc_buf_init(&b);
	rc_buf_printf(&b, "# recourse settings (no case data is ever kept here)\n"
	              "idle-lock = %d\nbidi = %s\ncolours = %s\nterminal = %s\nlanguage = %s\n",
	              s->idle_s, s->bidi_program ? "program" : "terminal", col[s->colours],
	              s->personal ? "personal" : "shared", s->personal ? s->lang : "");
	if (s->office_db[0])
		rc_buf_printf(&b, "office-db = %s\n", s->office_db);
	if (s->proxy[0])
		rc_buf_printf(&b, "proxy = %s\n", s->proxy);
	if (s->proxy_env)
		rc_buf_printf(&b, "proxy-env = yes\n");
	char *path = ui_config_path("settings");
	enum rc_status st = rc_file_write_atomic(path, b.data, b.len, 0600);
	free(path);
	rc_buf_free(&b);
	return st;
}
