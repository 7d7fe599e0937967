#!/bin/sh
# search.sh - issue 16: text search in the access list (/ or F3; n/N;
# Esc ends it) over names, roles, purposes, systems and the countries'
# names in the reader's language; and the new-since-last-visit mark (•)
# beside each access that came after the reader's last visit. English
# and Arabic at 80x24.
. "$top_srcdir/tests/tui/lib.sh"

new_case S-1 "$PASS1" --country ER || bail "case new"
r "$PASS1" -- log import S-1 "$SAMPLES/auditevents-r5.ndjson" >/dev/null 2>&1 || bail "log import"
# The oracles, from the command line (another path through the store).
n_europol=$(r "$PASS1" -- log list S-1 --authority Europol --format csv 2>/dev/null | tail -n +2 | grep -c .)
n_fr=$(r "$PASS1" -- log list S-1 --country FR --format csv 2>/dev/null | tail -n +2 | grep -c .)
[ "$n_europol" -ge 1 ] && [ "$n_fr" -ge 1 ] || bail "the sample has no Europol or French access"

# The rows of the list on screen (lines 5 to 21 that start with a date)
# (right to left: the marker and the mark at the end of the line).
rows() { screen | sed -n '5,21p' | grep -E '^[> ]( |•)([0-9]|٠|١|٢|٣|٤|٥|٦|٧|٨|٩)|([0-9]|٠|١|٢|٣|٤|٥|٦|٧|٨|٩)( |•)?<?$'; }

tui_start 80 24 tui S-1 --lang en
unlock "$PASS1"
wait_for 'Since your last visit: 30 new accesses' "en: the first visit: every access is new"
keys l
wait_for ' 1/30$' "en: the list"
is "$(rows | grep -c .)" "17" "en: the list fills the screen (17 rows)"
is "$(rows | grep -c '^[> ]•')" "17" "en: the first visit marks every row new (•)"
keys /
wait_for '^> Search for' "en: / asks for a word"
type_text "EUROPOL"
keys Enter
wait_for 'search: “EUROPOL”' "en: the search is named above the list"
is "$(rows | grep -c .)" "$n_europol" "en: exactly the Europol accesses are listed (any case)"
is "$(rows | grep -vc Europol)" "0" "en: and nothing else"
keys n
wait_for 'That was the last match' "en: n past the last match says so"
keys Escape
wait_for 'Search ended' "en: Esc ends the search"
wait_for ' 1/30$' "en: every access again"
# a country by its name in the reader's language
keys F3
wait_for '^> Search for' "en: F3 asks for a word too"
type_text "france"
keys Enter
wait_for 'search: “france”' >/dev/null
is "$(rows | grep -c .)" "$n_fr" "en: a country's name finds its accesses"
is "$(rows | grep -vc ' FR ')" "0" "en: only French ones"
keys Escape
wait_for 'Search ended' >/dev/null
keys /
wait_for '^> Search for' >/dev/null
type_text "no-such-word-here"
keys Enter
wait_for 'No access contains “no-such-word-here”' "en: a word found nowhere says so"
keys Escape
wait_for ' 1/30$' "en: and Esc brings every access back"
keys F12
wait_exit "en: quick exit"

# A new access after this visit: only it is marked the next time.
r "$PASS1" -- log add S-1 --when 2024-06-01T10:00:00Z --authority "Eritrean embassy" \
	--country ER --categories fingerprints >/dev/null 2>&1 || bail "log add"

tui_start 80 24 tui S-1 --lang ar
unlock "$PASS1"
wait_for '[!]' >/dev/null
keys l
wait_for '١/٣١' "ar: the list, one access more"
is "$(rows | grep -c '•')" "1" "ar: one row is marked new"
like "$(rows | grep '•')" '٠١-٠٦-٢٠٢٤|٢٠٢٤-٠٦-٠١' "ar: the access added since the last visit"
keys /
wait_for 'search' >/dev/null
type_text "فرنسا"
keys Enter
wait_for 'فرنسا' >/dev/null
sleep 0.3
is "$(rows | grep -c .)" "$n_fr" "ar: France by its Arabic name finds the French accesses"
keys Escape
keys F12
wait_exit "ar: quick exit"
done_testing
