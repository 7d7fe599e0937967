#!/bin/sh
# million.sh - a case with 1,000,000 events (bench/gen_events.py, then
# "recourse log import"): the log opens, pages, filters and jumps to the
# end quickly, since only the rows on screen are read (keyset paging).
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

TUI_TIMEOUT=30
tui_start 80 24 tui M-1
unlock "$PASS1"
wait_for "accessed $N times|accessed [0-9,. ]+ times" "home counts the accesses"
TUI_TIMEOUT=10
keys F5
wait_for '^> [0-9]{4}-' "the log opens on the newest page"
first=$(screen | sed -n 5p)
keys PgDn PgDn PgDn PgDn PgDn
wait_for '^> [0-9]{4}-' "paging down"
i=0
while [ "$(screen | sed -n 5p)" = "$first" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
unlike "$(screen | sed -n 5p)" "^$(printf '%s' "$first" | cut -c1-20)\$" "the page changed"
keys End
wait_for 'Newest first' "End jumps to the oldest events"
keys Home
wait_for '^> [0-9]{4}-' "Home back to the newest"
keys F4
wait_for 'Show only some accesses' "filter form"
keys Down
type_text "DE"
keys Enter
wait_for 'country: DE' "country filter applied"
like "$(screen | sed -n '5,20p')" ' DE ' "rows of that country"
keys PgDn PgDn
wait_for '^> [0-9]{4}-.* DE ' "paging with the filter"
keys Enter
wait_for 'One access to your record' "detail of one of a million"
keys F12
wait_exit "quick exit"
done_testing
