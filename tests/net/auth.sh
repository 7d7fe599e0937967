#!/bin/sh
# Signing in to a registry and how it is reached (doc/registry-api.md,
# sections 7 and 8), against recourse-registry-sim on loopback: the OAuth
# 2.0 device grant (approved, slow_down honoured for good, refused, run
# out, a non-https address, Ctrl-C), the bearer token on every sync and
# never in the clear anywhere, a 401 that says to sign in again, logout;
# mutual TLS with the client certificate and key kept in the case; and
# the proxy: only the settings' one, the environment's only when asked.
. "$top_srcdir/tests/lib/common.sh"
SIM="$top_builddir/recourse-registry-sim"
[ -x "$SIM" ] || bail "no recourse-registry-sim (configure found no libmicrohttpd)"
command -v openssl >/dev/null || bail "openssl is needed to make the test certificates"
command -v python3 >/dev/null || bail "python3 is needed (the CONNECT proxy)"
P="auth passphrase"
S="$WORK/sim"
mkdir -p "$S"
SIMPID=""
PROXYPID=""

# sim_start OPTIONS: sets PORT and SIMPID; the simulator's log in $S/err
sim_start() {
	rm -f "$S/port"
	"$SIM" --port-file "$S/port" --person "Patient/sim-0001:30" --tokens-file "$S/tokens" "$@" \
		>/dev/null 2>"$S/err" &
	SIMPID=$!
	for i in $(seq 1 100); do [ -s "$S/port" ] && break; sleep 0.1; done
	PORT=$(cat "$S/port")
	[ -n "$PORT" ] || bail "the simulator did not start: $(cat "$S/err")"
}
sim_stop() { [ -n "$SIMPID" ] && kill "$SIMPID" 2>/dev/null; wait "$SIMPID" 2>/dev/null; SIMPID=""; }
trap 'sim_stop; [ -n "$PROXYPID" ] && kill $PROXYPID 2>/dev/null; rm -rf "$WORK"' EXIT
# field NAME KEY: a value of registry list's JSON for registry NAME
field() {
	r "$P" -- registry list a --format json 2>/dev/null |
		python3 -c 'import json, sys; print(next(str(x[sys.argv[2]]) for x in json.load(sys.stdin) if x["name"] == sys.argv[1]))' "$1" "$2"
}
signed_in() { field "$1" signed_in; }

new_case a "$P" --regime eurodac --record "Patient/sim-0001" || bail "case new"

# ---- the device grant ----
sim_start --require-token --device-approve-after 2 --device-interval 1
URL="http://127.0.0.1:$PORT"
r "$P" -- registry add a sim --url "$URL" >/dev/null 2>&1; ok $? "registry add"
out=$(r "$P" -- registry login a sim 2>&1); st=$?
is "$st" "2" "login without a client id: exit 2"
like "$out" "registry set CASE NAME --client-id ID" "... saying how to give one"
out=$(r "$P" -- registry set a sim --client-id "two words" 2>&1); st=$?
is "$st" "2" "a client id with a space is refused"
r "$P" -- registry set a sim --client-id office-7 >/dev/null 2>&1; ok $? "registry set --client-id"

out=$(r "$P" -- registry sync a sim 2>&1); st=$?
is "$st" "18" "sync before signing in: exit 18 (the registry answered 401)"
like "$out" "not signed in" "... saying it is not signed in"
like "$out" "Sign in again: recourse registry login a sim" "... and the command that signs in"
like "$out" "Connecting: no proxy" "... and that no proxy is used"
is "$(r "$P" -- log list a --format csv 2>/dev/null | tail -n +2 | wc -l)" "0" "... nothing stored"

out=$(r "$P" -- registry login a sim 2>&1); st=$?
is "$st" "0" "login: approved after 2 polls"
like "$out" "Signing in to the registry \"sim\"" "... names the registry as the case calls it"
like "$out" "ONLY if you started this sign-in here" "... warns to enter the code only if started here"
like "$out" "open: https://127.0.0.1:$PORT/device" "... shows the address"
code=$(grep -o 'user code [A-Z]*-[A-Z]*' "$S/err" | tail -1 | cut -d' ' -f3)
like "$out" "enter the code: $code" "... shows the code the registry gave ($code)"
like "$out" "Signed in to \"sim\" until" "... says until when"
unlike "$out" "$(printf '\033')" "... no QR code (standard output is not a terminal)"
is "$(grep -c 'token poll' "$S/err")" "3" "... asked the token endpoint 3 times"
is "$(wc -l < "$S/tokens")" "1" "the simulator gave one token"
TOKEN=$(tail -1 "$S/tokens")
like "$(signed_in sim)" "^2026-" "registry list: signed in, until when"
out=$(r "$P" -- registry list a 2>&1)
like "$out" "until 2026-" "... in the table too"
out=$(r "$P" -- registry sync a sim 2>&1); st=$?
is "$st" "0" "sync with the token"
like "$out" "Received 30 accesses" "... the 30 accesses"
ALL="$out"

# the token in the clear nowhere: the case folder, /tmp (but for the
# simulator's own list of what it gave), the output
found=$(grep -rlF -- "$TOKEN" "$RECOURSE_CASES_DIR" "$HOME" 2>/dev/null)
is "$found" "" "the token is in no file of the case folder or the settings"
found=$(grep -rlF -- "$TOKEN" /tmp 2>/dev/null | grep -v "^$S/tokens\$")
is "$found" "" "... nor anywhere in /tmp"
unlike "$ALL" "$TOKEN" "... nor in what recourse printed"

r "$P" -- registry logout a sim >/dev/null 2>&1; ok $? "logout"
is "$(signed_in sim)" "false" "... registry list: not signed in"
out=$(r "$P" -- registry sync a sim 2>&1); st=$?
is "$st" "18" "after logout the registry answers 401 again"
like "$(r "$P" -- registry logout a sim 2>&1)" "no sign-in" "logout again: there was none"

# slow_down: the interval grows by 5 s, for good
sim_stop; sim_start --require-token --device-approve-after 1 --device-interval 1 --misbehave slow-down
r "$P" -- registry add a slow --url "http://127.0.0.1:$PORT" --client-id office-7 >/dev/null 2>&1
out=$(r "$P" -- registry login a slow 2>&1); st=$?
is "$st" "0" "slow_down: signed in in the end"
like "$(grep 'token poll 1 ' "$S/err")" "slow_down" "... the first poll was answered slow_down"
gap=$(grep 'token poll 2 ' "$S/err" | sed 's/.*after \([0-9.]*\) s.*/\1/')
awk -v g="$gap" 'BEGIN { exit !(g >= 5.9 && g < 8) }'; ok $? "... the next poll came 1 + 5 s later ($gap s)"

# refused on the phone
sim_stop; sim_start --oauth --device-deny --device-interval 1
r "$P" -- registry add a deny --url "http://127.0.0.1:$PORT" --client-id office-7 >/dev/null 2>&1
out=$(r "$P" -- registry login a deny 2>&1); st=$?
is "$st" "11" "access_denied: exit 11"
like "$out" "sign-in was refused on the phone" "... said so"
is "$(signed_in deny)" "false" "... nothing kept"

# the code runs out (expired_token)
sim_stop; sim_start --oauth --device-expires 2 --device-interval 2
r "$P" -- registry add a late --url "http://127.0.0.1:$PORT" --client-id office-7 >/dev/null 2>&1
out=$(r "$P" -- registry login a late 2>&1); st=$?
is "$st" "18" "expired_token: exit 18"
like "$out" "code ran out" "... said so"
like "$(cat "$S/err")" "expired_token" "... as the registry answered"

# a sign-in address that is not https
sim_stop; sim_start --oauth --device-interval 1 --misbehave http-verification-uri
r "$P" -- registry add a plain --url "http://127.0.0.1:$PORT" --client-id office-7 >/dev/null 2>&1
out=$(r "$P" -- registry login a plain 2>&1); st=$?
is "$st" "18" "a verification address in http://: refused (exit 18)"
like "$out" "does not start with https://" "... saying why"
unlike "$out" "enter the code" "... before any code is shown"

# on a terminal: a QR code a phone can scan (read back by qrcheck.py)
if command -v script >/dev/null; then
	sim_stop; sim_start --oauth --device-approve-after 1 --device-interval 1
	r "$P" -- registry add a qr --url "http://127.0.0.1:$PORT" --client-id office-7 >/dev/null 2>&1
	printf '%s\n' "$P" > "$WORK/pw"
	script -qec "'$RECOURSE' --passphrase-fd 3 registry login a qr 3<'$WORK/pw'" /dev/null > "$WORK/qr.out" 2>&1
	like "$(cat "$WORK/qr.out")" "Or scan this QR code" "on a terminal: a QR code is drawn"
	is "$(python3 "$top_srcdir/tests/net/qrcheck.py" "$WORK/qr.out" 2>&1)" "ok" \
		"... black on white, quiet zone of 4, finder and timing patterns, valid format information"
else
	skip "script(1) is not installed (the QR code on a terminal)"
	skip "script(1) is not installed"
fi

# Ctrl-C while waiting
sim_stop; sim_start --oauth --device-interval 1
r "$P" -- registry add a stop --url "http://127.0.0.1:$PORT" --client-id office-7 >/dev/null 2>&1
printf '%s\n' "$P" > "$WORK/pw"
"$RECOURSE" --passphrase-fd 3 registry login a stop 3<"$WORK/pw" >"$WORK/stop.out" 2>&1 &
LP=$!
for i in $(seq 1 50); do grep -q "token poll 1 " "$S/err" && break; sleep 0.1; done
kill -INT $LP; wait $LP; st=$?
is "$st" "11" "Ctrl-C while waiting: exit 11"
like "$(cat "$WORK/stop.out")" "sign-in was stopped here" "... said so"
is "$(signed_in stop)" "false" "... nothing kept"
sim_stop

# ---- mutual TLS ----
C="$WORK/certs"
mkdir -p "$C"
(
	cd "$C" || exit 1
	printf 'subjectAltName=IP:127.0.0.1\n' > srv.ext
	printf 'extendedKeyUsage=clientAuth\n' > cli.ext
	for ca in ca cca; do
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $ca.key -out $ca.pem \
			-days 30 -subj "/CN=Synthetic test $ca" || exit 1
	done
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout srv.key -out srv.csr -subj "/CN=127.0.0.1" &&
	openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out srv.pem -days 30 -extfile srv.ext &&
	for c in cli cli2; do
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $c.key -out $c.csr \
			-subj "/CN=Synthetic legal-aid office $c" &&
		openssl x509 -req -in $c.csr -CA cca.pem -CAkey cca.key -CAcreateserial -out $c.pem -days 30 \
			-extfile cli.ext || exit 1
	done
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout other.key -out other.csr -subj "/CN=other"
) >"$WORK/openssl.log" 2>&1 || bail "openssl could not make the test certificates"

sim_start --tls-cert "$C/srv.pem" --tls-key "$C/srv.key" --tls-client-ca "$C/cca.pem" --require-token \
	--device-approve-after 1 --device-interval 1 --bind-token
TURL="https://127.0.0.1:$PORT"
r "$P" -- registry add a m0 --url "$TURL" --ca "$C/ca.pem" --client-id office-7 >/dev/null 2>&1
out=$(r "$P" -- registry test a m0 2>&1); st=$?
[ "$st" = 17 ] || [ "$st" = 18 ]; ok $? "no client certificate: the connection is refused (exit $st)"
like "$out" "client certificate" "... saying a client certificate may be what is missing"

out=$(r "$P" -- registry add a mx --url "$TURL" --ca "$C/ca.pem" --client-cert "$C/cli.pem" --client-key-fd 4 \
	4<"$C/other.key" 2>&1); st=$?
is "$st" "9" "a key that is not the certificate's: refused at add (exit 9)"
like "$out" "does not belong to the client certificate" "... saying so"
like "$(r "$P" -- registry list a --format csv 2>&1)" "^m0," "... (the list as it was:"
unlike "$(r "$P" -- registry list a --format csv 2>&1)" "^mx," "... no registry mx added)"
out=$(r "$P" -- registry add a my --url "$TURL" --client-cert "$C/cli.pem" 2>&1); st=$?
is "$st" "2" "--client-cert without --client-key-fd: exit 2"

r "$P" -- registry add a m1 --url "$TURL" --ca "$C/ca.pem" --client-id office-7 --client-cert "$C/cli.pem" \
	--client-key-fd 4 4<"$C/cli.key" >/dev/null 2>&1; ok $? "registry add with --client-cert and --client-key-fd"
is "$(field m1 client_cert)" "true" \
	"... registry list: a client certificate is kept"
keyline=$(sed -n 2p "$C/cli.key")
found=$(grep -rlF -- "$keyline" "$RECOURSE_CASES_DIR" "$HOME" 2>/dev/null)
is "$found" "" "... the key is in no file of the case folder in the clear"
out=$(r "$P" -- registry test a m1 2>&1); st=$?
is "$st" "0" "with the client certificate the registry answers"
out=$(r "$P" -- registry login a m1 2>&1); st=$?
is "$st" "0" "login over mutual TLS"
out=$(r "$P" -- registry sync a m1 --full 2>&1); st=$?
is "$st" "0" "sync over mutual TLS with the bound token"
like "$out" "Received 30 accesses" "... the 30 accesses"
MTOKEN=$(tail -1 "$S/tokens")
if command -v curl >/dev/null; then
	code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$C/ca.pem" --cert "$C/cli2.pem" --key "$C/cli2.key" \
		-H "Authorization: Bearer $MTOKEN" "$TURL/fhir/AuditEvent?patient=Patient/sim-0001")
	is "$code" "401" "the bound token with another client certificate: 401 (RFC 8705)"
	code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$C/ca.pem" --cert "$C/cli.pem" --key "$C/cli.key" \
		-H "Authorization: Bearer $MTOKEN" "$TURL/fhir/AuditEvent?patient=Patient/sim-0001")
	is "$code" "200" "... and with its own: 200"
else
	skip "curl is not installed (the bound token with another certificate)"
	skip "curl is not installed"
fi
r "$P" -- registry set a m0 --client-cert "$C/cli.pem" --client-key-fd 4 4<"$C/cli.key" >/dev/null 2>&1
ok $? "registry set --client-cert on an existing registry"
out=$(r "$P" -- registry test a m0 2>&1); st=$?
is "$st" "0" "... now it answers"
r "$P" -- registry set a m1 --client-cert "$C/cli2.pem" --client-key-fd 4 4<"$C/cli2.key" >/dev/null 2>&1
is "$(signed_in m1)" "false" "a new client certificate ends the sign-in bound to the old one"
r "$P" -- registry set a m0 --no-client-cert >/dev/null 2>&1
is "$(field m0 client_cert)" "false" \
	"registry set --no-client-cert forgets it"

# ---- the proxy ----
sim_stop
sim_start --tls-cert "$C/srv.pem" --tls-key "$C/srv.key"
TURL="https://127.0.0.1:$PORT"
r "$P" -- registry add a px --url "$TURL" --ca "$C/ca.pem" >/dev/null 2>&1
r "$P" -- registry add a pu --url "$TURL" >/dev/null 2>&1
python3 "$top_srcdir/tests/net/connectproxy.py" "$WORK/tunnels" > "$WORK/pport" 2>/dev/null &
PROXYPID=$!
for i in $(seq 1 100); do [ -s "$WORK/pport" ] && break; sleep 0.1; done
PPORT=$(head -1 "$WORK/pport")
[ -n "$PPORT" ] || bail "the proxy did not start"
tunnels() { cat "$WORK/tunnels" 2>/dev/null || echo 0; }

out=$("$RECOURSE" settings set proxy "ftp://127.0.0.1:$PPORT" 2>&1); st=$?
is "$st" "2" "a proxy that is not http, https or socks5h: refused"
out=$("$RECOURSE" settings set proxy "http://user:secret@127.0.0.1:$PPORT" 2>&1); st=$?
is "$st" "2" "a proxy with a password: refused"
like "$out" "must not hold a user name or password" "... saying why"
"$RECOURSE" settings set proxy "http://127.0.0.1:$PPORT" >/dev/null 2>&1; ok $? "settings set proxy"
like "$("$RECOURSE" settings show 2>&1)" "proxy: http://127.0.0.1:$PPORT" "settings show names it"
out=$(r "$P" -- registry sync a px --full 2>&1); st=$?
is "$st" "0" "sync through the proxy"
like "$out" "Connecting: through the proxy http://127.0.0.1:$PPORT" "... saying so"
n=$(tunnels)
[ "$n" -ge 1 ]; ok $? "... the proxy opened $n tunnel(s)"
out=$(r "$P" -- registry sync a pu --full 2>&1); st=$?
is "$st" "18" "through the proxy TLS is still verified: an unknown CA is refused"
like "$out" "could not be verified" "... saying so"

"$RECOURSE" settings set proxy none >/dev/null 2>&1
before=$(tunnels)
out=$(https_proxy="http://127.0.0.1:$PPORT" HTTPS_PROXY="http://127.0.0.1:$PPORT" all_proxy="http://127.0.0.1:$PPORT" \
	r "$P" -- registry sync a px --full 2>&1); st=$?
is "$st" "0" "https_proxy in the environment, no proxy setting: sync"
is "$(tunnels)" "$before" "... without the proxy"
like "$out" "Connecting: no proxy" "... saying no proxy"
"$RECOURSE" settings set proxy-env yes >/dev/null 2>&1; ok $? "settings set proxy-env yes"
out=$(https_proxy="http://127.0.0.1:$PPORT" r "$P" -- registry sync a px --full 2>&1); st=$?
is "$st" "0" "with proxy-env yes: sync"
[ "$(tunnels)" -gt "$before" ]; ok $? "... through the environment's proxy"
like "$out" "the environment names \\(https_proxy\\)" "... saying so"
"$RECOURSE" settings set proxy-env no >/dev/null 2>&1
out=$("$RECOURSE" settings set proxy-env maybe 2>&1); st=$?
is "$st" "2" "proxy-env maybe: refused"

r "$P" -- case verify a >/dev/null 2>&1
ok $? "the case verifies"
done_testing
