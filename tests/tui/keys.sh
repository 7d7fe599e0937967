#!/bin/sh
# keys.sh - the user's own keys ($XDG_CONFIG_HOME/recourse/keys): a
# remapped action works with its new key, the footer and the help show
# it, and a bad line does not stop the program.
. "$top_srcdir/tests/tui/lib.sh"

# One meaning per key (issue 16): the action table as the program has it
# (RECOURSE_TEST_KEYS=1, test builds) binds no key to two actions.
# keytable: "action key key..." lines; dups: "key: action action" for
# each key bound more than once.
keytable() { env RECOURSE_TEST_KEYS=1 XDG_CONFIG_HOME="$XDG_CONFIG_HOME" "$RECOURSE" tui </dev/null; }
dups() { awk '{ for (i = 2; i <= NF; i++) { n[$i]++; a[$i] = a[$i] " " $1 } }
	END { for (k in n) if (n[k] > 1) print k ":" a[k] }'; }
table=$(keytable)
like "$table" '^help F1' "the key table can be read (test hook)"
is "$(printf '%s\n' "$table" | dups)" "" "no key is bound to two actions"
for want in "search F3 /" "filter F4" "save F5" "original F6" "new F7" "remove F8 Del" \
	"settings F9 s" "quit F10" "quick-exit F12" "accesses l" "flagged f" "correct e" "import i" "sort o"; do
	printf '%s\n' "$table" | grep -qxF -- "$want"
	ok $? "the key table has: $want"
done
! printf '%s\n' "$table" | grep -E '^(original|new) ' | grep -qwE 'r|n'
ok $? "r and n are no action keys there (Original is F6 alone, New F7 alone)"
# The check can fail: the old table bound F3 to Search and Correct.
mkdir -p "$XDG_CONFIG_HOME/recourse"
printf 'correct = F3 e\n' > "$XDG_CONFIG_HOME/recourse/keys"
like "$(keytable | dups)" '^F3: search correct' "a key bound twice is found (F3 as in the old table)"
rm -f "$XDG_CONFIG_HOME/recourse/keys"

# The letter keys by where they sit: under an Arabic layout the key
# marked l writes م, f writes ب, o writes خ; under a Ukrainian one l
# writes д.  Each must act as its Latin letter (and fails on a program
# that matches the characters only).
new_case K-1 "$PASS1" --country ER || bail "case new"
r "$PASS1" -- log import K-1 "$SAMPLES/auditevents-r5.ndjson" >/dev/null 2>&1 || bail "log import"
tui_start 80 24 tui K-1 --lang ar
unlock "$PASS1"
# the home (its warnings), not the unlock screen still showing
wait_for '\[!\]' "Arabic: the case home"
type_text 'م'
wait_for '٣٠/|/٣٠' "Arabic layout: م (the key marked l) opens the accesses (30 of them)"
keys Escape
wait_gone '٣٠/|/٣٠' >/dev/null
type_text 'ب'
wait_for '\[!\] · ' "Arabic layout: ب (the key marked f) opens the accesses with a warning"
is "$(screen | grep -c '٢٠٢٤')" "$(screen | grep '٢٠٢٤' | grep -c '\[!\]')" "every access shown has a warning"
tm kill-server >/dev/null 2>&1
tui_start 80 24 tui K-1 --lang uk
unlock "$PASS1"
wait_for '\[!\]' "Ukrainian: the case home"
type_text 'д'
wait_for '1/30' "Ukrainian layout: д (the key marked l) opens the accesses"
keys q
wait_gone '1/30' "q goes back (item 8 of issue 16: q did nothing)"
like "$(screen)" '\[!\]' "to the case home"
tm kill-server >/dev/null 2>&1

mkdir -p "$XDG_CONFIG_HOME/recourse"
cat > "$XDG_CONFIG_HOME/recourse/keys" <<'KEYS'
# the help on F3 instead of F1, quick exit also on F11
help = F3
quick-exit = F11 F12
nonsense line without an equals sign
unknown-action = F5
KEYS

tui_start 80 24 tui --lang en
wait_for 'cases on this computer' "starts with a keys file that has bad lines in it"
like "$(screen | tail -1)" 'F3 Help' "the footer shows the remapped key"
unlike "$(screen | tail -1)" 'F1 Help' "and no longer the old one"
keys F3
wait_for 'What is this program' "F3 now opens the help"
like "$(screen)" 'F11' "the help lists the added quick-exit key"
keys BSpace
wait_for 'cases on this computer' "back to the picker"
keys F11
wait_for '\[exited' "F11 is a quick exit now"
done_testing
