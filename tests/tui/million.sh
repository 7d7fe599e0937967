#!/bin/sh
# million.sh - a case with 1,000,000 events (bench/gen_events.py, then
# "recourse log import"): the log opens, pages, filters and jumps to the
# end quickly, since only the rows on screen are read (keyset paging).
# Every check looks at what can go wrong: the exact count, the place in
# the list (1/N, N/N), the order of the dates after paging and at the
# end, every row of a filtered page, the detail's place and country.
# RECOURSE_TUI_EVENTS sets another number (for a quick local run).
. "$top_srcdir/tests/tui/lib.sh"

N=${RECOURSE_TUI_EVENTS:-1000000}
PY=${PYTHON3:-python3}
[ "$PY" != no ] && command -v "$PY" >/dev/null 2>&1 || { echo "1..0 # SKIP python3 is needed to make the events"; exit 0; }
[ -f "$top_srcdir/bench/gen_events.py" ] || { echo "1..0 # SKIP bench/gen_events.py is missing"; exit 0; }

new_case M-1 "$PASS1" --country SY || bail "case new"
# Stream the events straight into the import: no 2 GB file on disk.
t0=$(date +%s)
"$PY" "$top_srcdir/bench/gen_events.py" "$N" --seed 42 |
	{ exec 4<&0; printf '%s\n' "$PASS1" | "$RECOURSE" --passphrase-fd 3 -q log import M-1 /dev/fd/4 --format ndjson 3<&0 </dev/null; } ||
	bail "the import of $N events failed"
echo "# import of $N events: $(( $(date +%s) - t0 )) s"

# The screen with the new-since-last-visit mark (•, column 2) as a space.
rows_seen() { screen | sed 's/^\([> ]\)•/\1 /'; }
# The rows' dates (first column, "YYYY-MM-DD HH:MM"), top to bottom.
dates() { rows_seen | sed -n '5,21p' | sed -n 's/^[> ] \([0-9]\{4\}-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]\).*/\1/p'; }
# Sorted newest first (each date >= the next): 0 when so.
desc() { dates > "$WORK/d"; [ -s "$WORK/d" ] && sort -r "$WORK/d" | cmp -s - "$WORK/d"; }
asc() { dates > "$WORK/d"; [ -s "$WORK/d" ] && sort "$WORK/d" | cmp -s - "$WORK/d"; }

TUI_TIMEOUT=30
tui_start 80 24 tui M-1
unlock "$PASS1"
wait_for "accessed $N times" "home counts exactly $N accesses"
TUI_TIMEOUT=10
keys l
wait_for " 1/$N\$" "the log opens on the first of $N (1/$N)"
desc; ok $? "the first page is newest first"
first=$(dates | head -1)
keys PgDn PgDn PgDn PgDn PgDn
wait_for "^>.* [0-9]+/$N\$|/$N\$" >/dev/null
i=0
while [ "$(screen | sed -n 3p | grep -o '[0-9]*/' | tr -d /)" = 1 ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
pos=$(screen | sed -n 3p | grep -o '[0-9]*/[0-9]*$' | cut -d/ -f1)
[ "${pos:-0}" -gt 60 ]; ok $? "five pages down: the place moved past 60 (it is $pos)"
desc; ok $? "still newest first after paging"
[ "$(dates | head -1)" \< "$first" ] || [ "$(dates | head -1)" = "$first" ]; ok $? "the rows are older than the first page"
keys End
wait_for " $N/$N\$" "End: the last of $N ($N/$N)"
desc; ok $? "the end is in order too"
last=$(dates | tail -1)
keys o
wait_for 'Oldest first' "o: oldest first"
wait_for " 1/$N\$" "the place starts again at 1"
asc; ok $? "oldest first is in order"
is "$(dates | head -1)" "$last" "the oldest first row is the row End showed last"
keys o Home
wait_for " 1/$N\$" "Home: back to the first"
keys F4
wait_for 'Show only some accesses' "filter form"
keys Down
type_text "DE"
keys Enter
wait_for 'country: DE' "country filter applied"
m=$(screen | sed -n 3p | grep -o '[0-9]*/[0-9]*$' | cut -d/ -f2)
[ "${m:-0}" -gt 0 ] && [ "${m:-0}" -lt "$N" ]; ok $? "the filtered list is counted: $m of $N"
rows=$(rows_seen | sed -n '5,21p' | grep -c '^[> ] [0-9]')
de=$(rows_seen | sed -n '5,21p' | grep -c '^[> ] [0-9].* DE  ')
[ "$rows" -gt 10 ] && [ "$rows" = "$de" ]; ok $? "every row of the page is in Germany ($de of $rows)"
keys PgDn PgDn
wait_for '^>( |•)[0-9]{4}-.* DE ' "paging with the filter"
rows=$(rows_seen | sed -n '5,21p' | grep -c '^[> ] [0-9]')
de=$(rows_seen | sed -n '5,21p' | grep -c '^[> ] [0-9].* DE  ')
[ "$rows" -gt 10 ] && [ "$rows" = "$de" ]; ok $? "every row after paging too ($de of $rows)"
desc; ok $? "and in order"
keys Enter
wait_for "One access to your record \\([0-9]+/$m\\)" "the detail says its place among the $m"
like "$(screen)" 'Germany \(DE\)' "the detail names the country"
keys Right
wait_for "One access to your record \\([0-9]+/$m\\)" "Right: the next of the filtered list"
keys F12
wait_exit "quick exit"
done_testing
