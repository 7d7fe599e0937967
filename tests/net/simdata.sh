#!/bin/sh
# recourse-registry-sim --data DIR: persons written by hand.  recourse
# syncs a person whose AuditEvents come from an NDJSON file: every event
# once, with the file's ids, over several pages, newest first; a person
# from a file with part of the log withheld; an incremental sync (date=ge)
# gets only the newer events; the signed export holds the file's events;
# the shipped example data/sim starts and serves its personas; a bad
# persons line, a foreign event, a repeated id, a line that is no
# AuditEvent each stop the simulator at start (exit 2, the line named);
# --data and --person together; "foreign" still misbehaves for a
# generated person of the same directory.
. "$top_srcdir/tests/lib/common.sh"
SIM="$top_builddir/recourse-registry-sim"
[ -x "$SIM" ] || bail "no recourse-registry-sim (configure found no libmicrohttpd)"
command -v python3 >/dev/null 2>&1 || bail "python3 is needed"
command -v openssl >/dev/null 2>&1 || bail "openssl (the command) is needed"
P="simdata passphrase"
D="$WORK/data"
mkdir -p "$D/logs"

# ev ID RECORDED PATIENT [AUTHORITY]: one R4 AuditEvent, one line
ev() {
	printf '{"resourceType":"AuditEvent","id":"%s","contained":[{"resourceType":"Organization","id":"org","name":"%s","address":[{"country":"DE"}]}],"type":{"system":"http://dicom.nema.org/resources/ontology/DCM","code":"110110"},"subtype":[{"system":"http://hl7.org/fhir/restful-interaction","code":"read"}],"action":"R","recorded":"%s","outcome":"0","agent":[{"role":[{"text":"asylum caseworker"}],"who":{"display":"T-1"},"requestor":true},{"who":{"reference":"#org"},"requestor":false}],"entity":[{"what":{"reference":"%s"},"role":{"system":"http://terminology.hl7.org/CodeSystem/object-role","code":"1"}}]}\n' \
		"$1" "${4:-Testamt (fictional)}" "$2" "$3"
}
# 250 events of Patient/file-0001, written in no order of time; day N of
# 2025 at 10:00 UTC, ids f-001..f-250 (a Z time, offsets, fractions)
python3 - "$D/logs/one.ndjson" <<'EOF' || bail "python3"
import sys, datetime, random
random.seed(7)
days = list(range(1, 251))
random.shuffle(days)
with open(sys.argv[1], "w") as f:
    for k, d in enumerate(days):
        t = datetime.datetime(2025, 1, 1, 10) + datetime.timedelta(days=d - 1)
        rec = t.strftime("%Y-%m-%dT%H:%M:%S") + (".250Z" if k % 3 == 0 else "+00:00")
        if k % 5 == 0:  # R5: no recorded, occurredDateTime and patient
            f.write('{"resourceType":"AuditEvent","id":"f-%03d","category":[{"coding":[{"code":"110110"}]}],'
                    '"code":{"coding":[{"code":"read"}]},"action":"R","occurredDateTime":"%s",'
                    '"patient":{"reference":"Patient/file-0001"},"agent":[{"who":{"display":"R5-%d"}}],'
                    '"source":{"observer":{"display":"Registry"}}}\n' % (d, rec, k))
        else:
            f.write('{"resourceType":"AuditEvent","id":"f-%03d","type":{"code":"110110"},"action":"R",'
                    '"recorded":"%s","agent":[{"who":{"display":"R4-%d"}}],"source":{"observer":{"display":"Registry"}},'
                    '"entity":[{"what":{"reference":"Patient/file-0001"}}]}\n' % (d, rec, k))
        if k == 100:
            f.write("\n")  # a blank line is no event
EOF
ev w-1 2025-03-01T08:00:00Z Patient/file-0002 > "$D/logs/two.ndjson"
ev w-2 2025-03-02T08:00:00+01:00 Patient/file-0002 >> "$D/logs/two.ndjson"
ev w-3 2025-03-03T08:00:00+01:00 Patient/file-0002 >> "$D/logs/two.ndjson"
cat > "$D/persons" <<'EOF'
# the test's persons
Patient/file-0001   logs/one.ndjson
Patient/file-0002   logs/two.ndjson   withheld   # three, part withheld
Patient/gen-0001    40
EOF

sim_start() {
	rm -f "$WORK/port"
	"$SIM" --port-file "$WORK/port" "$@" >/dev/null 2>"$WORK/sim.err" &
	SIMPID=$!
	for i in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
	PORT=$(cat "$WORK/port")
	[ -n "$PORT" ] || bail "the simulator did not start: $(cat "$WORK/sim.err")"
}
sim_stop() { kill "$SIMPID" 2>/dev/null; wait "$SIMPID" 2>/dev/null; }
trap 'sim_stop; rm -rf "$WORK"' EXIT
count() { r "$P" -- log list "$1" --format csv --limit 100000 2>/dev/null | tail -n +2 | wc -l; }
# the registry's ids of a case's accesses, sorted, one a line
ids() {
	r "$P" -- log list "$1" --format json --limit 100000 2>/dev/null |
		python3 -c 'import json,sys; print("\n".join(sorted(e["ext_id"] or "" for e in json.load(sys.stdin))))'
}
file_ids() { grep -o '"id":"[^"]*","\(contained\|type\|category\)' "$1" | sed 's/"id":"//; s/",".*//' | LC_ALL=C sort; }

# the signing key: the simulator's own, written out
sim_start --data "$D" --person "Patient/sim-0009:7" --sign-cert-out "$WORK/sign.pem"
grep -q "BEGIN CERTIFICATE" "$WORK/sign.pem"; ok $? "--sign-cert-out with --data"

# every event of the file once, with its ids, in pages of 100
new_case a "$P" --regime eurodac --record "Patient/file-0001" || bail "case new a"
r "$P" -- registry add a sim --url "http://127.0.0.1:$PORT" --signing-cert "$WORK/sign.pem" >/dev/null 2>&1
ok $? "registry add"
out=$(r "$P" -- registry sync a sim --page-size 100 2>&1); st=$?
is "$st" "0" "sync of a person from a file"
like "$out" "Received 250 accesses in 3 pages: 250 new" "... 250 in 3 pages"
is "$(count a)" "250" "the case holds 250"
is "$(ids a | uniq | wc -l)" "250" "... 250 distinct ids"
is "$(ids a | LC_ALL=C sort | tr '\n' ' ')" "$(file_ids "$D/logs/one.ndjson" | tr '\n' ' ')" "... the file's own ids"
out=$(r "$P" -- registry sync a sim --full 2>&1)
like "$out" "250 already in the case" "--full again: none twice"
is "$(count a)" "250" "still 250"

# the order and the paging, as the registry serves them
get() { python3 -c 'import sys, urllib.request as u
try: sys.stdout.write(u.urlopen(sys.argv[1]).read().decode())
except Exception as e: sys.stdout.write(e.read().decode() if hasattr(e, "read") else str(e))' "http://127.0.0.1:$PORT$1"; }
pg=$(get "/fhir/AuditEvent?patient=Patient/file-0001&_count=2")
like "$pg" '"total":250' "a page says total 250"
like "$pg" '"id":"f-250".*"id":"f-249"' "... newest first (by recorded, else occurredDateTime)"
like "$pg" '"relation":"next"' "... and links on"
like "$(get /fhir/AuditEvent/f-123)" '"id":"f-123"' "an event read by its id"
like "$(get /fhir/AuditEvent/f-999)" 'not-found' "... an id not in the file: not found"

# date=ge: a later sync asks only for the newer events
sim_stop
cp "$D/logs/one.ndjson" "$WORK/all.ndjson"
python3 - "$D/logs/one.ndjson" <<'EOF' || bail "python3"
import sys, re
p = sys.argv[1]
lines = [l for l in open(p) if l.strip()]
# the 200 oldest only: days 1..200
keep = [l for l in lines if int(re.search(r'"id":"f-(\d+)"', l).group(1)) <= 200]
open(p, "w").writelines(keep)
EOF
new_case i "$P" --regime eurodac --record "Patient/file-0001" || bail "case new i"
sim_start --data "$D"
r "$P" -- registry add i sim --url "http://127.0.0.1:$PORT" >/dev/null 2>&1
like "$(r "$P" -- registry sync i sim 2>&1)" "Received 200 accesses.*200 new" "the first sync: 200"
sim_stop
cp "$WORK/all.ndjson" "$D/logs/one.ndjson"
sim_start --data "$D" --port "$PORT"
out=$(r "$P" -- registry sync i sim 2>&1); st=$?
is "$st" "0" "the next sync"
got=$(printf '%s\n' "$out" | sed -n 's/.*Received \([0-9]*\) access.*/\1/p')
[ -n "$got" ] && [ "$got" -lt 250 ] && [ "$got" -ge 50 ]; ok $? "... asked with date=ge: $got received, not all 250"
like "$out" " 50 new" "... the 50 newer ones new"
is "$(count i)" "250" "... 250 in the case, each once"

# withheld, from a file
new_case w "$P" --regime eurodac --record "Patient/file-0002" || bail "case new w"
r "$P" -- registry add w sim --url "http://127.0.0.1:$PORT" >/dev/null 2>&1
out=$(r "$P" -- registry sync w sim 2>&1)
like "$out" "part of the log is withheld" "withheld from a file: said so"
is "$(count w)" "3" "... and the 3 accesses it did send"
is "$(ids w | tr '\n' ' ')" "w-1 w-2 w-3 " "... with their ids"

# the signed export holds the file's events
# (the simulator made a new key at each start: configure this one's)
sim_stop; sim_start --data "$D" --sign-cert-out "$WORK/sign2.pem"
r "$P" -- registry add a exp --url "http://127.0.0.1:$PORT" --signing-cert "$WORK/sign2.pem" >/dev/null 2>&1
out=$(r "$P" -- export download a exp 2>&1); st=$?
is "$st" "0" "export download of a person from a file"
like "$out" "its signature verified" "... verified"
like "$out" "0 new, 250 already there" "... its 250 accesses the ones synced"
mkdir "$WORK/out"
r "$P" -- export save a 1 --out "$WORK/out" >/dev/null 2>&1; ok $? "export save"
is "$(grep -o '"resourceType":"AuditEvent"' "$WORK/out/export.json" | wc -l)" "250" "the export holds 250 AuditEvents"
python3 - "$WORK/out/export.json" "$D/logs/one.ndjson" <<'EOF'
import json, sys
b = json.load(open(sys.argv[1]))
got = {json.dumps(e["resource"], sort_keys=True) for e in b["entry"] if e["resource"]["resourceType"] == "AuditEvent"}
want = {json.dumps(json.loads(l), sort_keys=True) for l in open(sys.argv[2]) if l.strip()}
sys.exit(0 if got == want else 1)
EOF
ok $? "... each as written in the file"

# the shipped example
sim_stop
sim_start --data "$top_srcdir/data/sim"
new_case s "$P" --regime eurodac --record "Patient/sample-b-2024" || bail "case new s"
r "$P" -- registry add s sim --url "http://127.0.0.1:$PORT" >/dev/null 2>&1
like "$(r "$P" -- registry sync s sim 2>&1)" "Received 16 accesses.*16 new" "data/sim: Sample B, 16 accesses"
new_case d "$P" --regime eurodac --record "Patient/eurodac-DE-7F3A-0042" || bail "case new d"
r "$P" -- registry add d sim --url "http://127.0.0.1:$PORT" >/dev/null 2>&1
like "$(r "$P" -- registry sync d sim 2>&1)" "Received 30 accesses.*30 new" "data/sim: Sample A (data/demo's R5 sample), 30"
new_case c "$P" --regime eurodac --record "Patient/sample-c-2025" || bail "case new c"
r "$P" -- registry add c sim --url "http://127.0.0.1:$PORT" >/dev/null 2>&1
like "$(r "$P" -- registry sync c sim 2>&1)" "withheld" "data/sim: Sample C, withheld"

# "foreign" still misbehaves for a generated person; not for a file's
sim_stop; sim_start --data "$D" --misbehave foreign
new_case g "$P" --regime eurodac --record "Patient/gen-0001" || bail "case new g"
r "$P" -- registry add g sim --url "http://127.0.0.1:$PORT" >/dev/null 2>&1
out=$(r "$P" -- registry sync g sim 2>&1); st=$?
is "$st" "18" "foreign, a generated person of --data: exit 18"
like "$out" "another person's record" "... says so"
sim_stop

# refused at start: exit 2, the line named
refuse() { # NAME PATTERN: the simulator with --data $WORK/bad
	"$SIM" --port-file "$WORK/badport" --data "$WORK/bad" >/dev/null 2>"$WORK/bad.err" &
	bp=$!
	for i in $(seq 1 50); do kill -0 $bp 2>/dev/null || break; sleep 0.1; done
	if kill -0 $bp 2>/dev/null; then kill $bp; wait $bp 2>/dev/null; st=started; else wait $bp; st=$?; fi
	is "$st" "2" "$1: refused at start (exit 2)"
	like "$(cat "$WORK/bad.err")" "$2" "$1: says where"
}
mkdir -p "$WORK/bad"
cp "$D/logs/two.ndjson" "$WORK/bad/two.ndjson"
printf '# ok\nPatient/x-1  12\nPatient/x-2  12 withheld extra\n' > "$WORK/bad/persons"
refuse "a persons line with a word too many" "bad/persons:3: a person is REFERENCE COUNT\|FILE \[withheld\]"
printf 'Patient/x-1  12  hidden\n' > "$WORK/bad/persons"
refuse "a persons line with a flag not known" "bad/persons:1:"
printf 'Patient/x-1\n' > "$WORK/bad/persons"
refuse "a persons line without a count or file" "bad/persons:1:"
printf 'Patient/x-1  12\nPatient/x-1  3\n' > "$WORK/bad/persons"
refuse "a person twice" "bad/persons:2: Patient/x-1 is given twice"
printf 'Patient/file-0002  two.ndjson\n' > "$WORK/bad/persons"
ev w-4 2025-03-04T08:00:00Z Patient/someone-else >> "$WORK/bad/two.ndjson"
refuse "an event about another patient" "bad/two.ndjson:4: the event names another patient"
cp "$D/logs/two.ndjson" "$WORK/bad/two.ndjson"
printf '{"resourceType":"AuditEvent","id":"w-9","recorded":"2025-03-05T08:00:00Z","patient":{"reference":"Patient/someone-else"}}\n' >> "$WORK/bad/two.ndjson"
refuse "an R5 event about another patient" "bad/two.ndjson:4: the event names another patient"
cp "$D/logs/two.ndjson" "$WORK/bad/two.ndjson"
printf '{"resourceType":"Patient","id":"p-1"}\n' >> "$WORK/bad/two.ndjson"
refuse "a line that is no AuditEvent" "bad/two.ndjson:4: not an AuditEvent"
cp "$D/logs/two.ndjson" "$WORK/bad/two.ndjson"
printf '{"resourceType":"AuditEvent","recorded":"2025-03-05T08:00:00Z"}\n' >> "$WORK/bad/two.ndjson"
refuse "an event without an id" "bad/two.ndjson:4: an AuditEvent without an id"
cp "$D/logs/two.ndjson" "$WORK/bad/two.ndjson"
ev w-2 2025-03-06T08:00:00Z Patient/file-0002 >> "$WORK/bad/two.ndjson"
refuse "an id twice" "bad/two.ndjson:4: the id w-2 is also on line 2"
cp "$D/logs/two.ndjson" "$WORK/bad/two.ndjson"
printf '{"resourceType":"AuditEvent", "id":\n' >> "$WORK/bad/two.ndjson"
refuse "a line that is not JSON" "bad/two.ndjson:4: not JSON"
printf 'Patient/file-0002  missing.ndjson\n' > "$WORK/bad/persons"
refuse "a file that is not there" "bad/missing.ndjson: cannot read it"
rm -f "$WORK/bad/persons"
refuse "no persons file" "bad/persons: cannot read it"

done_testing
