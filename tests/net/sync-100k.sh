#!/bin/sh
# sync-100k.sh - issue 19: a registry sync of 100,000 accesses over pages
# of 1,000 from recourse-registry-sim, killed (SIGKILL) halfway while it
# stores pages, then started again: it goes on from the last page stored
# and ends with every access exactly once; the case verifies.
. "$top_srcdir/tests/lib/common.sh"
SIM="$top_builddir/recourse-registry-sim"
[ -x "$SIM" ] || { echo "1..0 # SKIP no recourse-registry-sim (configure found no libmicrohttpd)"; exit 0; }
P="hundred thousand"
N=100000

rm -f "$WORK/port"
"$SIM" --port-file "$WORK/port" --person "Patient/sim-0001:$N" --misbehave slow --delay-ms 80 >/dev/null 2>"$WORK/sim.err" &
SIMPID=$!
trap 'kill $SIMPID $SYNC 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
for i in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
PORT=$(cat "$WORK/port")
[ -n "$PORT" ] || bail "the simulator did not start"
# the accesses a case holds
count() { r "$P" -- log list "$1" --format csv --limit 100000 2>/dev/null | tail -n +2 | wc -l; }
ids() { r "$P" -- log list "$1" --format csv --limit 100000 2>/dev/null |
	python3 -c 'import csv, sys; print(len({(r["source"], r["ext_id"]) for r in csv.DictReader(sys.stdin)}))'; }

new_case big "$P" --regime eurodac --record "Patient/sim-0001" || bail "case new"
r "$P" -- registry add big sim --url "http://127.0.0.1:$PORT" >/dev/null 2>&1 || bail "registry add"
printf '%s\n' "$P" > "$WORK/pw"
"$RECOURSE" --passphrase-fd 3 registry sync big sim 3<"$WORK/pw" >/dev/null 2>&1 &
SYNC=$!
# kill it once part of the log is stored (the registry answers each page
# after 80 ms, so the 100 pages take 8 s at the least; the first page is
# stored at once, then a batch every 3 s)
sleep 4.5
kill -KILL $SYNC 2>/dev/null
wait $SYNC 2>/dev/null
SYNC=
got=$(count big)
[ "$got" -gt 0 ] && [ "$got" -lt $N ]; ok $? "killed halfway: part of the log stored ($got of $N)"
out=$(r "$P" -- registry sync big sim 2>&1); st=$?
is "$st" "0" "the sync started again"
like "$out" "went on from where it stopped" "... went on from where the killed one stopped"
is "$(count big)" "$N" "every access is there ($N)"
is "$(ids big)" "$N" "... each once (distinct ids)"
r "$P" -- case verify big >/dev/null 2>&1; ok $? "the case verifies"
done_testing
