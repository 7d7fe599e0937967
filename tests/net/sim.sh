#!/bin/sh
# recourse against recourse-registry-sim on loopback: a person with 5,000
# accesses over 5 pages (every one once, after a SIGKILL too), a person
# with none, part of the log withheld, and the simulator's misbehaviours,
# each a clear error that leaves the case's accesses as they were.
. "$top_srcdir/tests/lib/common.sh"
SIM="$top_builddir/recourse-registry-sim"
[ -x "$SIM" ] || bail "no recourse-registry-sim (configure found no libmicrohttpd)"
P="sim passphrase"

# start SIM with options; sets PORT and SIMPID
sim_start() {
	rm -f "$WORK/port"
	"$SIM" --port-file "$WORK/port" --person "Patient/sim-0001:5000" --person "Patient/sim-0002:0" \
		--person "Patient/sim-0003:40:withheld" "$@" >/dev/null 2>"$WORK/sim.err" &
	SIMPID=$!
	for i in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
	PORT=$(cat "$WORK/port")
	[ -n "$PORT" ] || bail "the simulator did not start"
}
sim_stop() { kill "$SIMPID" 2>/dev/null; wait "$SIMPID" 2>/dev/null; }
trap 'sim_stop; rm -rf "$WORK"' EXIT
count() { r "$P" -- log list "$1" --format csv --limit 100000 2>/dev/null | tail -n +2 | wc -l; }

sim_start
new_case a "$P" --regime eurodac --record "Patient/sim-0001" || bail "case new"
r "$P" -- registry add a sim --url "http://127.0.0.1:$PORT" >/dev/null 2>&1; ok $? "registry add"
out=$(r "$P" -- registry test a sim 2>&1)
like "$out" "Training registry" "registry test: the simulator's name"
out=$(r "$P" -- registry sync a sim 2>&1); st=$?
is "$st" "0" "sync of 5,000 accesses"
like "$out" "Received 5000 accesses in 5 pages: 5000 new" "... in 5 pages of 1,000"
is "$(count a)" "5000" "the case holds 5,000"
out=$(r "$P" -- registry sync a sim --full 2>&1)
like "$out" "5000 already in the case" "--full again: none twice"
is "$(count a)" "5000" "still 5,000"

# killed halfway (a slow registry: 1 s a page), then the next sync
new_case k "$P" --regime eurodac --record "Patient/sim-0001" || bail "case new k"
sim_stop; sim_start --misbehave slow --delay-ms 700
r "$P" -- registry add k sim --url "http://127.0.0.1:$PORT" >/dev/null 2>&1
printf '%s\n' "$P" > "$WORK/pw"
"$RECOURSE" --passphrase-fd 3 registry sync k sim --page-size 500 3<"$WORK/pw" >/dev/null 2>&1 &
SYNC=$!
sleep 4
kill -KILL $SYNC 2>/dev/null; wait $SYNC 2>/dev/null
got=$(count k)
[ "$got" -gt 0 ] && [ "$got" -lt 5000 ]; ok $? "killed halfway: part of the log kept ($got)"
oldport=$PORT
sim_stop; sim_start --port "$oldport"
r "$P" -- registry sync k sim >/dev/null 2>&1
ok $? "the next sync"
is "$(count k)" "5000" "... every access once (5,000)"

# none, and withheld
new_case n "$P" --regime eurodac --record "Patient/sim-0002" || bail "case new n"
r "$P" -- registry add n sim --url "http://127.0.0.1:$PORT" >/dev/null 2>&1
like "$(r "$P" -- registry sync n sim 2>&1)" "reports no access" "a person with no accesses: said so"
new_case w "$P" --regime eurodac --record "Patient/sim-0003" || bail "case new w"
r "$P" -- registry add w sim --url "http://127.0.0.1:$PORT" >/dev/null 2>&1
out=$(r "$P" -- registry sync w sim 2>&1)
like "$out" "part of the log is withheld" "withheld: said so"
like "$out" "law-enforcement exemption" "... with the registry's words"
is "$(count w)" "40" "... and the 40 accesses it did send"

# each misbehaviour
before=$(r "$P" -- log list a --format csv --limit 100000 2>/dev/null | sha256sum)
for m in "truncated:18:incomplete or not valid JSON" "malformed:18:incomplete or not valid JSON" \
	"oversized:18:larger than 64 MB" "redirect:18:does not follow such redirections" \
	"next-elsewhere:18:next page leads to another address" "foreign:18:another person's record" \
	"unavailable:0:asked to wait" "ratelimit:0:asked to wait"; do
	kind=${m%%:*}; rest=${m#*:}; want=${rest%%:*}; pat=${rest#*:}
	sim_stop; sim_start --misbehave "$kind"
	r "$P" -- registry add a "m-$kind" --url "http://127.0.0.1:$PORT" >/dev/null 2>&1
	out=$(r "$P" -- registry sync a "m-$kind" --full 2>&1); st=$?
	is "$st" "$want" "$kind: exit $want"
	like "$out" "$pat" "$kind: says so"
	is "$(r "$P" -- log list a --format csv --limit 100000 2>/dev/null | sha256sum)" "$before" "$kind: the accesses are as they were"
done
r "$P" -- case verify a >/dev/null 2>&1
ok $? "the case verifies"
done_testing
