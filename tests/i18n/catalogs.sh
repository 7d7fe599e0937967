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
done
done_testing
