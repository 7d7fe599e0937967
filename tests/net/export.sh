#!/bin/sh
# The signed export (doc/registry-api.md, section 6) against
# recourse-registry-sim on loopback: download, verified against the
# configured certificate only, then list and save; openssl cms -verify
# accepts the saved pair on its own; a damaged signature, an export
# changed after signing and a signature by someone else are each refused
# (exit 18, the check named) with nothing kept and nothing journaled; no
# certificate configured is refused; a 412 (the export changed) fetches
# the pair again; the case still verifies.
. "$top_srcdir/tests/lib/common.sh"
SIM="$top_builddir/recourse-registry-sim"
[ -x "$SIM" ] || bail "no recourse-registry-sim (configure found no libmicrohttpd)"
command -v openssl >/dev/null 2>&1 || bail "openssl (the command) is needed"
P="export passphrase"

# sim_start [OPTIONS]: sets PORT and SIMPID; the certificate in $WORK/reg.pem
sim_start() {
	rm -f "$WORK/port"
	"$SIM" --port-file "$WORK/port" --person "Patient/sim-0001:300" --person "Patient/sim-0002:0" \
		--sign-cert "$WORK/sign.pem" --sign-key "$WORK/sign.key" "$@" >/dev/null 2>"$WORK/sim.err" &
	SIMPID=$!
	for i in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
	PORT=$(cat "$WORK/port")
	[ -n "$PORT" ] || bail "the simulator did not start"
}
sim_stop() { kill "$SIMPID" 2>/dev/null; wait "$SIMPID" 2>/dev/null; }
trap 'sim_stop; rm -rf "$WORK"' EXIT

# The registry's signing key, made by the simulator and kept for all runs
# (the misbehaving ones sign with it too, or on purpose with another).
"$SIM" --port-file "$WORK/port0" --sign-cert-out "$WORK/made.pem" >/dev/null 2>&1 &
p0=$!
for i in $(seq 1 100); do [ -s "$WORK/made.pem" ] && break; sleep 0.1; done
kill $p0; wait $p0 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out "$WORK/sign.key" 2>/dev/null &&
	openssl req -new -x509 -key "$WORK/sign.key" -out "$WORK/sign.pem" -days 3650 \
		-subj "/O=recourse tests (fictional)/CN=Export signing" 2>/dev/null || bail "openssl req"
grep -q "BEGIN CERTIFICATE" "$WORK/made.pem"; ok $? "the simulator writes its own certificate (--sign-cert-out)"

journal() { r "$P" -- case journal "$1" 2>/dev/null | grep -c "export-download"; }
exports() { r "$P" -- export list "$1" --format csv 2>/dev/null | tail -n +2 | wc -l; }

sim_start --sign-cert-out "$WORK/served.pem"
cmp -s "$WORK/served.pem" "$WORK/sign.pem"; ok $? "--sign-cert: the certificate given is the one served"
new_case a "$P" --regime eurodac --record "Patient/sim-0001" || bail "case new"

# no certificate configured: refused, nothing fetched or kept
r "$P" -- registry add a sim --url "http://127.0.0.1:$PORT" >/dev/null 2>&1; ok $? "registry add without --signing-cert"
like "$(r "$P" -- registry list a --format csv 2>&1)" "^sim,http://127.0.0.1:$PORT,,false,,,,,,false,false,.?\$" "registry list: no signing certificate"
out=$(r "$P" -- registry test a sim 2>&1)
fp=$(openssl x509 -in "$WORK/sign.pem" -noout -fingerprint -sha256 | sed 's/.*=//')
like "$out" "Signing certificate \(the registry says\): $fp" "registry test: shows the fingerprint the registry publishes"
like "$out" "does not trust the one the registry publishes" "... and says it is not trusted by itself"
like "$out" "registry set CASE NAME --signing-cert FILE" "... and how to configure it"
out=$(r "$P" -- export download a sim 2>&1); st=$?
is "$st" "2" "download with no signing certificate: refused"
like "$out" "No signing certificate is configured" "... says so"
like "$out" "--signing-cert FILE" "... and how to configure one"
is "$(exports a)" "0" "... nothing kept"
grep -q "GET /export" "$WORK/sim.err"; ok $((1 - $?)) "... nothing asked of the registry"

# a file that is not a certificate
printf 'not a certificate\n' > "$WORK/junk.pem"
out=$(r "$P" -- registry set a sim --signing-cert "$WORK/junk.pem" 2>&1); st=$?
is "$st" "2" "registry set with a file that is no certificate: refused"
like "$out" "not one certificate in PEM form" "... says so"
cat "$WORK/sign.pem" "$WORK/sign.key" > "$WORK/two.pem"
r "$P" -- registry set a sim --signing-cert "$WORK/two.pem" >/dev/null 2>&1
is "$?" "2" "... a certificate with a private key after it: refused"

out=$(r "$P" -- registry set a sim --signing-cert "$WORK/sign.pem" 2>&1); ok $? "registry set --signing-cert"
like "$out" "$fp" "... shows its fingerprint"
like "$(r "$P" -- registry list a --format csv 2>&1)" "$fp" "registry list: the fingerprint"
like "$(r "$P" -- registry test a sim 2>&1)" "is the one configured" "registry test: the same as the registry's"

# download, verify, keep
out=$(r "$P" -- export download a sim 2>&1); st=$?
is "$st" "0" "export download"
like "$out" "Export 1 kept: [0-9]+ bytes, its signature verified" "... kept, verified"
like "$out" "Signed by: .*Export signing" "... the signer"
like "$out" "Signed at: 20[0-9][0-9]-" "... the signing time"
is "$(exports a)" "1" "export list: one"
list=$(r "$P" -- export list a --format json 2>&1)
like "$list" "\"registry\": *\"sim\"" "export list --format json: the registry"
is "$(journal a)" "1" "the journal has the download"
like "$out" "Its accesses are in the case's log: 300 new, 0 already there" "its 300 accesses put in the log"
count() { r "$P" -- log list "$1" --format csv --limit 100000 2>/dev/null | tail -n +2 | wc -l; }
is "$(count a)" "300" "... the log holds 300"
out=$(r "$P" -- registry sync a sim --full 2>&1)
like "$out" "Received 300 accesses in 1 pages: 0 new, 300 already in the case" "a sync of the same registry adds none twice"

# save, and check with openssl alone
mkdir "$WORK/out"
r "$P" -- export save a 1 --out "$WORK/out" >/dev/null 2>&1; ok $? "export save"
[ -s "$WORK/out/export.json" ] && [ -s "$WORK/out/export.p7s" ]; ok $? "... export.json and export.p7s"
openssl cms -verify -binary -inform DER -in "$WORK/out/export.p7s" -content "$WORK/out/export.json" \
	-CAfile "$WORK/sign.pem" -purpose any -out /dev/null 2>/dev/null
ok $? "openssl cms -verify accepts the saved pair"
sha=$(sha256sum "$WORK/out/export.json" | cut -d' ' -f1)
like "$list" "$sha" "export list: the SHA-256 of the saved bytes"
grep -q '"resourceType":"Patient"' "$WORK/out/export.json"; ok $? "the export holds the record"
is "$(grep -o '"resourceType":"AuditEvent"' "$WORK/out/export.json" | wc -l)" "300" "... and its 300 accesses"
openssl cms -verify -binary -inform DER -in "$WORK/out/export.p7s" -content "$WORK/out/export.json" \
	-CAfile "$WORK/made.pem" -purpose any -out /dev/null 2>/dev/null
is "$?" "4" "openssl refuses it against another certificate (the test can fail)"
out=$(r "$P" -- export save a 1 --out "$WORK/out" 2>&1); st=$?
[ "$st" -ne 0 ]; ok $? "save again into the same folder: refused"
like "$out" "already exists" "... never over a file"
r "$P" -- export save a 7 --out "$WORK/out" >/dev/null 2>&1
is "$?" "10" "save of an export that is not there: not found"

# each misbehaviour refused: exit 18, which check, nothing kept or journaled
for m in "bad-signature:signature itself is not valid" "tampered:bytes are not the ones that were signed" \
	"wrong-signer:not signed with the certificate configured"; do
	kind=${m%%:*}; pat=${m#*:}
	sim_stop; sim_start --misbehave "$kind"
	r "$P" -- registry add a "m-$kind" --url "http://127.0.0.1:$PORT" --signing-cert "$WORK/sign.pem" >/dev/null 2>&1
	out=$(r "$P" -- export download a "m-$kind" 2>&1); st=$?
	is "$st" "18" "$kind: exit 18"
	like "$out" "$pat" "$kind: says which check failed"
	like "$out" "were not kept" "$kind: says nothing was kept"
	is "$(exports a)" "1" "$kind: export list unchanged"
	is "$(journal a)" "1" "$kind: nothing in the journal"
done

# the export changed once between the export and its signature: a 412,
# then the pair again
sim_stop; sim_start --misbehave changed
r "$P" -- registry add a m-changed --url "http://127.0.0.1:$PORT" --signing-cert "$WORK/sign.pem" >/dev/null 2>&1
out=$(r "$P" -- export download a m-changed 2>&1); st=$?
is "$st" "0" "changed: fetched again after 412"
is "$(grep -c '/export/signature.* 412' "$WORK/sim.err")" "1" "... the registry answered 412 once"
is "$(grep -c 'GET /export [0-9]' "$WORK/sim.err")" "2" "... and the export was fetched twice"
is "$(exports a)" "2" "... two exports kept"

# the simulator's own certificate configured, the export signed with another
sim_stop; sim_start
r "$P" -- registry add a other --url "http://127.0.0.1:$PORT" --signing-cert "$WORK/made.pem" >/dev/null 2>&1
out=$(r "$P" -- export download a other 2>&1); st=$?
is "$st" "18" "another certificate configured than the one that signs: exit 18"
like "$out" "not signed with the certificate configured" "... signer refused"
is "$(exports a)" "2" "... nothing kept"

# an export with an access to someone else: kept as evidence, none of its
# accesses put in the log
sim_stop; sim_start --misbehave foreign
new_case f "$P" --regime eurodac --record "Patient/sim-0001" || bail "case new f"
r "$P" -- registry add f sim --url "http://127.0.0.1:$PORT" --signing-cert "$WORK/sign.pem" >/dev/null 2>&1
out=$(r "$P" -- export download f sim 2>&1); st=$?
is "$st" "0" "foreign: the verified export is kept"
like "$out" "another person's record, so none of its accesses" "foreign: says none were put in the log"
is "$(count f)" "0" "foreign: the log is empty"
is "$(exports f)" "1" "foreign: the export is kept as evidence"

r "$P" -- case verify f >/dev/null 2>&1
ok $? "the second case verifies"
r "$P" -- case verify a >/dev/null 2>&1
ok $? "the case verifies"
done_testing
