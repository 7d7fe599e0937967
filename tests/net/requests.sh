#!/bin/sh
# Requests submitted to recourse-registry-sim on loopback and followed
# there (doc/registry-api.md, sections 4 and 5): a correction by the HL7
# correction-request operation, its Task moving queued -> in-review ->
# its outcome (granted, refused, more information asked); an erasure and
# an access request by the Data Rights Protocol (pairing, signed bodies,
# the bearer token), fulfilled or denied with a hostile reason; both the
# registry's date and the legal deadline shown; no second submission; a
# Task or DRP status the client cannot read refused (exit 18) with the
# request unchanged; the DRP key and token nowhere in the clear.
. "$top_srcdir/tests/lib/common.sh"
SIM="$top_builddir/recourse-registry-sim"
[ -x "$SIM" ] || bail "no recourse-registry-sim (configure found no libmicrohttpd)"
P="requests passphrase"
# The simulator's clock is the real one, and DRP bodies expire within
# minutes: the client's clock is today's too (fixed for the whole test).
export RECOURSE_FAKE_NOW=$(date +%s)
TODAY=$(date -u +%Y-%m-%d)

sim_start() {
	rm -f "$WORK/port"
	"$SIM" --port-file "$WORK/port" --drp-token-file "$WORK/tokens" "$@" >/dev/null 2>>"$WORK/sim.err" &
	SIMPID=$!
	for i in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
	PORT=$(cat "$WORK/port")
	[ -n "$PORT" ] || bail "the simulator did not start"
}
sim_stop() { kill "$SIMPID" 2>/dev/null; wait "$SIMPID" 2>/dev/null; }
trap 'sim_stop; rm -rf "$WORK"' EXIT

# a field of request show --format csv
field() { r "$P" -- request show "$1" "$2" --format csv 2>/dev/null | tr -d '\r' | awk -F, -v k="$3" '$1 == k { sub(/^[^,]*,/, ""); print; exit }'; }
# wait_until T: sleep until T seconds after $T0
wait_until() { while [ $(( $(date +%s) - T0 )) -lt "$1" ]; do sleep 0.2; done; }
# mkreq CASE KIND: a draft, its id on stdout
mkreq() {
	printf '%s\n%s\n' "date of birth 1990-01-01" "date of birth 1991-01-01" > "$WORK/texts"
	printf '%s\n' "$P" > "$WORK/pw"
	"$RECOURSE" --passphrase-fd 3 request add "$1" --kind "$2" --regime gdpr --controller DE \
		--about - --correct-value - 3<"$WORK/pw" <"$WORK/texts" 2>/dev/null | tail -n 1
}

# ---- a correction: queued, in review, granted (a step every 5 s; only
# the status calls in the timed window, the rest after it)
sim_start --request-delay 5 --request-outcome accepted
new_case a "$P" --regime gdpr --record "Patient/sim-0001" --name "A. Person" || bail "case new"
r "$P" -- registry add a sim --url "http://127.0.0.1:$PORT" >/dev/null 2>&1; ok $? "registry add"
id=$(mkreq a rectification)
[ -n "$id" ]; ok $? "a draft correction ($id)"
out=$(r "$P" -- request submit a "$id" --registry sim 2>&1); st=$?
T0=$(date +%s) # the Task was made before this
st1=$(r "$P" -- request status a "$id" --format csv 2>&1); st1s=$?
wait_until 5
st2=$(r "$P" -- request status a "$id" --format csv 2>&1)
state2=$(field a "$id" state)
wait_until 10
st3=$(r "$P" -- request status a --format csv 2>&1); st3s=$?
is "$st" "0" "request submit: a correction"
like "$out" "received it on $TODAY" "... received today"
like "$out" "printable letter went with it" "... with the printable letter, a PDF the registry checked"
is "$st1s" "0" "request status"
like "$st1" ",queued," "... queued at first"
like "$st1" ",filed,acknowledged," "... received by the authority"
like "$st2" ",in-review," "5 s later: in review"
is "$state2" "acknowledged" "... still acknowledged"
is "$st3s" "0" "request status of every open request"
like "$st3" ",accepted," "10 s later: accepted"
is "$(field a "$id" state)" "answered" "... answered"
is "$(field a "$id" answer)" "granted" "... granted"
is "$(field a "$id" answered)" "$TODAY" "... on the day of the first version that said so (_history)"
is "$(field a "$id" channel)" "api" "sent through the registry's online service"
is "$(field a "$id" filed)" "$TODAY" "... on the day the registry received it"
like "$(field a "$id" registry_id)" "^task-" "... with the registry's Task id"
out=$(r "$P" -- request submit a "$id" --registry sim 2>&1); st=$?
is "$st" "2" "a second submission is refused"
like "$out" "not sent twice" "... and says so"
show=$(r "$P" -- request show a "$id" 2>&1)
like "$show" "At the registry" "request show: the registry's status"
like "$show" "granted" "... in words"
steps=$(r "$P" -- request show a "$id" --format csv 2>/dev/null | grep -c '^step ')
is "$steps" "4" "four steps: draft, filed, acknowledged, answered"
sim_stop

# ---- a correction refused; one waiting for information
sim_start --request-outcome denied
r "$P" -- registry add a sim2 --url "http://127.0.0.1:$PORT" >/dev/null 2>&1
id2=$(mkreq a rectification)
r "$P" -- request submit a "$id2" --registry sim2 >/dev/null 2>&1; ok $? "submit: a correction to be denied"
r "$P" -- request status a "$id2" >/dev/null 2>&1; ok $? "... status"
is "$(field a "$id2" state)" "answered" "denied: answered"
is "$(field a "$id2" answer)" "refused" "... refused"
like "$(field a "$id2" registry_reason)" "matches the source document" "... with the registry's reason"
sim_stop
sim_start --request-outcome waiting-for-information
r "$P" -- registry add a sim3 --url "http://127.0.0.1:$PORT" >/dev/null 2>&1
id3=$(mkreq a rectification)
r "$P" -- request submit a "$id3" --registry sim3 >/dev/null 2>&1; ok $? "submit: a correction needing information"
r "$P" -- request status a "$id3" >/dev/null 2>&1
is "$(field a "$id3" state)" "clarification" "waiting-for-information: clarification"
sim_stop

# ---- DRP: an erasure fulfilled, an access request denied
sim_start --request-delay 5 --request-outcome accepted
r "$P" -- registry add a drp --url "http://127.0.0.1:$PORT" --drp-agent office-41 --drp-business sim-registry >/dev/null 2>&1
ok $? "registry add --drp-agent --drp-business"
id4=$(mkreq a erasure)
out=$(r "$P" -- request submit a "$id4" --registry drp 2>&1); st=$?
T0=$(date +%s) # the request was made before this
s1=$(r "$P" -- request status a "$id4" --format csv 2>&1)
wait_until 5
s2=$(r "$P" -- request status a "$id4" --format csv 2>&1)
wait_until 10
s3=$(r "$P" -- request status a "$id4" --format csv 2>&1)
is "$st" "0" "submit: an erasure by DRP"
like "$out" "paired with the registry" "... paired first"
like "$out" "public key" "... the new key's public half shown"
PK=$(printf '%s\n' "$out" | sed -n 's/.*if it asks: \([A-Za-z0-9+/=]*\).*/\1/p' | head -n 1)
[ -n "$PK" ]; ok $? "... its public key, base64"
like "$out" "expects to answer by" "... the registry's expected date"
like "$s1" ",filed,filed,open," "open: still sent"
like "$s2" ",filed,acknowledged,in_progress," "in_progress: acknowledged"
like "$s3" ",acknowledged,answered,fulfilled," "fulfilled: answered"
[ -s "$WORK/tokens" ]; ok $? "the simulator issued a token"
is "$(field a "$id4" answer)" "granted" "... granted"
is "$(field a "$id4" confirmed)" "$TODAY" "... an erasure granted: confirmed that day"
eb=$(field a "$id4" registry_expects)
like "$eb" "^20[0-9][0-9]-" "request show: the registry's expected date ($eb)"
is "$(field a "$id4" due)" "" "... and no legal deadline once answered"
sim_stop

sim_start --request-outcome denied
r "$P" -- registry add a drp2 --url "http://127.0.0.1:$PORT" --drp-agent office-41 --drp-business sim-registry >/dev/null 2>&1
id5=$(mkreq a access)
r "$P" -- request submit a "$id5" --registry drp2 >/dev/null 2>&1; ok $? "submit: an access request by DRP"
show=$(r "$P" -- request show a "$id5" --format csv 2>/dev/null | tr -d '\r')
eb=$(printf '%s\n' "$show" | awk -F, '$1 == "registry_expects" { print $2 }')
due=$(printf '%s\n' "$show" | awk -F, '$1 == "due" { print $2 }')
like "$eb" "^20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]" "request show: the registry's expected date ($eb)"
like "$due" "^20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]$" "... beside the legal deadline ($due)"
[ "${eb%%T*}" != "$due" ]; ok $? "... two dates, the registry's not replacing the law's"
words=$(r "$P" -- request show a "$id5" 2>/dev/null)
like "$words" "The registry expects to answer by" "... both named in words"
like "$words" "Due " "... the legal one too"
out=$(r "$P" -- request status a "$id5" 2>&1); st=$?
is "$st" "0" "... status"
is "$(field a "$id5" answer)" "refused" "denied: refused"
like "$out" "outside_jurisdiction: Refused: .*no record" "... the reason shown, DRP's code and its words"
printf '%s' "$out" | grep -q "$(printf '\033')"; is "$?" "1" "... without its escape sequence"
printf '%s' "$out" | grep -q "$(printf '\342\200\256')"; is "$?" "1" "... without its bidi override"
sim_stop

# ---- what the client cannot read is refused, the request unchanged
for m in "bad-task:rectification" "drp-bad-status:erasure"; do
	kind=${m%%:*}; rk=${m#*:}
	sim_start --misbehave "$kind"
	opts=""
	[ "$rk" = erasure ] && opts="--drp-agent office-41 --drp-business sim-registry"
	r "$P" -- registry add a "m-$kind" --url "http://127.0.0.1:$PORT" $opts >/dev/null 2>&1
	idm=$(mkreq a "$rk")
	r "$P" -- request submit a "$idm" --registry "m-$kind" >/dev/null 2>&1; ok $? "$kind: submitted"
	before=$(r "$P" -- request show a "$idm" --format json 2>/dev/null | grep -v registry_checked)
	out=$(r "$P" -- request status a "$idm" 2>&1); st=$?
	is "$st" "18" "$kind: exit 18"
	like "$out" "refused" "$kind: says the answer was refused"
	printf '%s' "$out" | grep -q "$(printf '\033')"; is "$?" "1" "$kind: no escape sequence shown"
	is "$(r "$P" -- request show a "$idm" --format json 2>/dev/null | grep -v registry_checked)" "$before" \
		"$kind: the request is unchanged"
	out=$(r "$P" -- request status a --format csv 2>&1); st=$?
	is "$st" "18" "$kind: every open request asked: exit 18 still"
	like "$out" "Request $idm: " "$kind: ... naming the request the answer was about"
	sim_stop
done

# ---- submitting what cannot be submitted
idc=$(printf '%s\n' "$P" | "$RECOURSE" --passphrase-fd 3 request add a --kind complaint --regime gdpr 3<&0 2>/dev/null | tail -n 1)
sim_start
r "$P" -- registry add a sim4 --url "http://127.0.0.1:$PORT" >/dev/null 2>&1
out=$(r "$P" -- request submit a "$idc" --registry sim4 2>&1); st=$?
is "$st" "2" "a complaint cannot be submitted online"
r "$P" -- registry add a nodrp --url "http://127.0.0.1:$PORT" >/dev/null 2>&1
id6=$(mkreq a erasure)
out=$(r "$P" -- request submit a "$id6" --registry nodrp 2>&1); st=$?
[ "$st" -ne 0 ]; ok $? "DRP without agent and business ids: refused"
like "$out" "drp-agent" "... saying what to give"
is "$(field a "$id6" state)" "draft" "... still a draft"
# a correction the registry refuses (no record to name): its words shown,
# nothing recorded
new_case b "$P" --regime gdpr || bail "case new b"
r "$P" -- registry add b sim --url "http://127.0.0.1:$PORT" >/dev/null 2>&1
idb=$(mkreq b rectification)
out=$(r "$P" -- request submit b "$idb" --registry sim 2>&1); st=$?
is "$st" "18" "a correction the registry refuses: exit 18"
like "$out" "The registry says: the Communication names no subject" "... with the registry's words"
is "$(field b "$idb" state)" "draft" "... still a draft"
is "$(field b "$idb" registry_id)" "" "... with no registry id"
sim_stop

# ---- secrets: never in the clear
[ -s "$WORK/tokens" ] || bail "no token file"
found=0
while read -r tok; do
	if grep -rqa -- "$tok" "$RECOURSE_CASES_DIR" 2>/dev/null; then found=1; fi
	for f in /tmp/*; do
		[ -f "$f" ] && [ "$f" != "$WORK/tokens" ] && grep -qa -- "$tok" "$f" 2>/dev/null && found=1
	done
done < "$WORK/tokens"
is "$found" "0" "no DRP token in the clear in the case folder or /tmp"
strings -a "$RECOURSE_CASES_DIR"/a.case/* 2>/dev/null | grep -q -f "$WORK/tokens"; is "$?" "1" "... nor among the strings of the case file"
# An Ed25519 secret key in libsodium's form ends with its public key: the
# public key's bytes anywhere in the case folder or /tmp would show the
# secret key in the clear.
hex() { od -An -tx1 -v | tr -d ' \n'; }
pkhex=$(printf '%s' "$PK" | base64 -d | hex)
[ ${#pkhex} -eq 64 ]; ok $? "the public key is 32 bytes"
printf '%s' "$PK" | base64 -d > "$WORK/pk.bin"
case $(hex < "$WORK/pk.bin") in *"$pkhex"*) ok 0 "the search finds the key's bytes where they are" ;;
	*) ok 1 "the search finds the key's bytes where they are" ;; esac
found=0
for f in "$RECOURSE_CASES_DIR"/a.case/* /tmp/*; do
	[ -f "$f" ] && [ -r "$f" ] && [ "$(wc -c < "$f")" -lt 20000000 ] || continue
	case $(hex < "$f") in *"$pkhex"*) found=1; echo "# key bytes in $f" ;; esac
done 2>/dev/null
is "$found" "0" "the DRP key's bytes are not in the clear in the case folder or /tmp"
# ... and they are kept, inside the encrypted case: its data key (a test
# tool) opens it, and the registry's row holds the token and the key
if [ -x "${SQLCIPHER_SHELL:-}" ] && [ -x "$top_builddir/tests/unit/keydump" ]; then
	set -- $(printf '%s\n' "$P" | "$top_builddir/tests/unit/keydump" "$RECOURSE_CASES_DIR/a.case")
	q=$(printf "PRAGMA key = \"x'%s'\";\nPRAGMA cipher_page_size = %s;\nSELECT CAST(drp_token AS TEXT), lower(hex(substr(drp_key, 33, 32))), length(drp_key) FROM registry WHERE name = 'drp';\n" "$1" "$2" \
		| "$SQLCIPHER_SHELL" "$RECOURSE_CASES_DIR/a.case/case.db" 2>&1 | tail -n 1)
	tok=${q%%|*}
	grep -qx -- "$tok" "$WORK/tokens"; ok $? "the case holds the token the registry issued"
	is "${q#*|}" "$pkhex|64" "... and the DRP secret key (64 bytes, ending with its public key)"
fi
r "$P" -- case verify a >/dev/null 2>&1
ok $? "the case verifies"
done_testing
