#!/bin/sh
# Large imports into a case that already holds events.  A registry often
# sends its whole log again with a few new accesses: that import must add
# only the new ones, and must not drop and rebuild the indexes of every
# event the case holds (bulk mode, for imports that add many rows).  The
# debug lines on stderr say when bulk mode begins and when an index is
# built.
. "$top_srcdir/tests/lib/common.sh"

P="reimport passphrase"
gen() { python3 "$top_srcdir/bench/gen_events.py" "$1" --seed "$2"; }
gen 30000 21 > "$WORK/a.ndjson" || bail "gen_events"
# b: other accesses under other ids
gen 25000 22 | sed 's/"id": "ae-/"id": "be-/' > "$WORK/b.ndjson" || bail "gen_events"
# a again with 3,000 accesses of its own: a registry's log a month later
{ cat "$WORK/a.ndjson"; gen 3000 23 | sed 's/"id": "ae-/"id": "ce-/'; } > "$WORK/a-later.ndjson"

new_case re "$P" || bail "case new"
count() { r "$P" -- case info re --format csv 2>/dev/null | tr -d '\r' | sed -n 's/^accesses,//p'; }
imp() { RECOURSE_DEBUG=1 r "$P" -- log import re "$1" 2>&1; }

out=$(imp "$WORK/a.ndjson")
like "$out" "30000 new, 0 updated, 0 already there" "into an empty case: every access is new"
like "$out" "index event_ts built" "a large import into an empty case rebuilds the indexes once"

out=$(imp "$WORK/a.ndjson")
like "$out" "0 new, 0 updated, 30000 already there" "the same log again: nothing new, nothing doubled"
unlike "$out" "bulk mode|index event_ts built" "and the indexes of the case are not rebuilt"
is "$(count)" "30000" "the case still holds 30000 accesses"

out=$(imp "$WORK/a-later.ndjson")
like "$out" "3000 new, 0 updated, 30000 already there" "the log a month later: only its new accesses are added"
unlike "$out" "bulk mode|index event_ts built" "and the indexes are not rebuilt for them"
is "$(count)" "33000" "the case holds 33000 accesses"

out=$(imp "$WORK/b.ndjson")
like "$out" "25000 new, 0 updated, 0 already there" "a large log of other accesses: all new"
like "$out" "bulk mode after [0-9]+ events" "it switches to rebuilding the indexes once the new ones are many"
like "$out" "index event_ts built" "and rebuilds them"
is "$(count)" "58000" "the case holds 58000 accesses"

# the whole log again, its old accesses first and 30,000 new ones after
# them, as a registry's log sorted by time: bulk mode begins once the new
# ones start to come
{ cat "$WORK/a-later.ndjson"; gen 30000 24 | sed 's/"id": "ae-/"id": "de-/'; } > "$WORK/a-much-later.ndjson"
out=$(imp "$WORK/a-much-later.ndjson")
like "$out" "30000 new, 0 updated, 33000 already there" "old accesses first, many new after: only the new are added"
like "$out" "bulk mode after (3[3-9]|4[0-7])[0-9]{3} events" "bulk mode begins within the first 15,000 new ones"
is "$(count)" "88000" "the case holds 88000 accesses"

# the indexes answer after all this: filters, flags, pages
n=$(r "$P" -- log list re --authority "BPOL-" --limit 100000 --format csv 2>/dev/null | tail -n +2 | grep -c .)
[ "$n" -gt 0 ]; ok $? "the authority filter finds accesses ($n)"
all=$(r "$P" -- log list re --limit 100000 --format csv 2>/dev/null | tail -n +2 | grep -c .)
is "$all" "88000" "every access is listed once"
r "$P" -- case verify re >/dev/null 2>&1; ok $? "case verify finds the case whole"

done_testing
