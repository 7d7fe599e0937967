#!/bin/sh
# Every catalog in po/LINGUAS: msgfmt -c clean, a Plural-Forms header, and
# not one message of the current sources missing, untranslated or fuzzy.
. "$top_srcdir/tests/lib/tap.sh"

po="$top_srcdir/po"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/recourse-i18n-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# the template, made fresh from the sources as they are now
(cd "$top_srcdir" && xgettext --default-domain=recourse --language=C --from-code=UTF-8 \
	--keyword=_ --keyword=N_ --keyword=P_:1c,2 --add-comments=TRANSLATORS: \
	--files-from=po/POTFILES.in -o "$tmp/fresh.pot" 2>"$tmp/xgettext.err")
ok $? "xgettext reads every file in po/POTFILES.in"
# every source file with translatable text is listed in POTFILES.in
missing=$(cd "$top_srcdir" && grep -rl --include='*.c' --include='*.h' -E '\b(N?_|P_|ngettext)\(' src | LC_ALL=C sort | \
	while read -r f; do grep -qx "$f" po/POTFILES.in || echo "$f"; done)
is "$missing" "" "po/POTFILES.in lists every source file with translatable text (tools/update-potfiles)"
total=$(msgattrib --no-obsolete "$tmp/fresh.pot" 2>/dev/null | grep -c '^msgid ')

for lang in $(cat "$po/LINGUAS"); do
	f="$po/$lang.po"
	[ -f "$f" ]; ok $? "$lang: catalog exists"
	msgfmt -c -o /dev/null "$f" 2>"$tmp/err"; ok $? "$lang: msgfmt -c is clean"
	grep -q '^"Plural-Forms: nplurals=[0-9]*; plural=' "$f"; ok $? "$lang: has a Plural-Forms header"
	stats=$(msgfmt --statistics -o /dev/null "$f" 2>&1)
	unlike "$stats" "untranslated|fuzzy" "$lang: no untranslated or fuzzy message ($stats)"
	msgcmp "$f" "$tmp/fresh.pot" >"$tmp/cmp" 2>&1
	ok $? "$lang: every message of the current sources is translated (msgcmp)"
	[ -s "$tmp/cmp" ] && head -5 "$tmp/cmp" | sed 's/^/# /'
	# each translation in the language's own script: a message that has
	# words but not one letter of the script is in another language (a
	# catalog once held French where Pashto belonged); names kept as they
	# are (msgstr = msgid, "FHIR AuditEvent (JSON)") aside
	case $lang in
	ar|fa|ps) script='\u0600-\u06FF' ;;
	ti) script='\u1200-\u137F' ;;
	uk) script='\u0400-\u04FF' ;;
	*) script='' ;;
	esac
	if [ -n "$script" ]; then
		foreign=$(python3 - "$f" "$script" <<'EOF'
import re, sys
s = open(sys.argv[1], encoding='utf-8').read()
script = re.compile('[' + sys.argv[2].encode().decode('unicode_escape') + ']')
q = r'((?:"(?:[^"\\]|\\.)*"\s*)+)'
for m in re.finditer(r'\nmsgid ' + q + r'(?:msgid_plural ' + q + r')?msgstr(?:\[0\])? ' + q, s):
    k = ''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1)))
    v = ''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(3)))
    if k and v and v != k and re.search(r'[A-Za-z]{3,}', v) and not script.search(v):
        print(k[:60])
EOF
)
		is "$foreign" "" "$lang: every translation is in the language's own script"
	fi
done
done_testing
