#!/bin/sh
# tls.sh - recourse against recourse-registry-sim over HTTPS on loopback:
# the registry's own CA kept in the case makes the connection; a
# certificate no CA vouches for, a certificate for another name, a pin
# that does not match (the certificate is good, the key is not the one
# expected) are each refused with exit 18, a clear message, and the
# accesses as they were; the right pin, or a backup pin beside a wrong
# one, is accepted; a CA file that is not PEM is refused when added.
# Test certificates are made here, in the scratch folder (synthetic).
. "$top_srcdir/tests/lib/common.sh"
SIM="$top_builddir/recourse-registry-sim"
[ -x "$SIM" ] || { echo "1..0 # SKIP no recourse-registry-sim (configure found no libmicrohttpd)"; exit 0; }
command -v openssl >/dev/null 2>&1 || { echo "1..0 # SKIP no openssl command"; exit 0; }
P="tls passphrase"

# cert NAME SAN: a self-signed certificate and key for SAN in $WORK
cert() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj "/CN=$1" -addext "subjectAltName=$2" \
		-keyout "$WORK/$1.key" -out "$WORK/$1.pem" >/dev/null 2>&1 || bail "openssl req $1"
}
# pin FILE: the sha256// pin of a certificate's public key
pin() {
	printf 'sha256//%s' "$(openssl x509 -in "$1" -pubkey -noout | openssl pkey -pubin -outform der 2>/dev/null |
		openssl dgst -sha256 -binary | openssl base64 -A)"
}
cert good "IP:127.0.0.1"
cert other "IP:127.0.0.1"
cert wrongname "DNS:registry.example"

sim_start() { # CERT
	rm -f "$WORK/port"
	"$SIM" --port-file "$WORK/port" --tls-cert "$WORK/$1.pem" --tls-key "$WORK/$1.key" \
		--person "Patient/sim-0001:300" >/dev/null 2>"$WORK/sim.err" &
	SIMPID=$!
	for i in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
	PORT=$(cat "$WORK/port")
	[ -n "$PORT" ] || bail "the simulator did not start"
}
sim_stop() { kill "$SIMPID" 2>/dev/null; wait "$SIMPID" 2>/dev/null; }
trap 'sim_stop; rm -rf "$WORK"' EXIT
count() { r "$P" -- log list "$1" --format csv --limit 100000 2>/dev/null | tail -n +2 | wc -l; }

sim_start good
URL="https://127.0.0.1:$PORT"
new_case t "$P" --regime eurodac --record "Patient/sim-0001" || bail "case new"

# the CA file must be a certificate
printf 'not a certificate\n' > "$WORK/notpem.txt"
out=$(r "$P" -- registry add t bad --url "$URL" --ca "$WORK/notpem.txt" 2>&1); st=$?
is "$st" "2" "a CA file that is not PEM: refused"
like "$out" "not a certificate in PEM form" "... saying what a CA file must be"

# no CA: the system's CAs do not vouch for the simulator's certificate
r "$P" -- registry add t noca --url "$URL" >/dev/null 2>&1 || bail "registry add noca"
out=$(r "$P" -- registry sync t noca 2>&1); st=$?
is "$st" "18" "a certificate no trusted CA signed: exit 18"
like "$out" "[Cc]ertificate" "... the message speaks of the certificate"
is "$(count t)" "0" "... nothing stored"

# its own CA kept in the case: accepted
r "$P" -- registry add t ca --url "$URL" --ca "$WORK/good.pem" >/dev/null 2>&1; ok $? "registry add with its CA"
out=$(r "$P" -- registry test t ca 2>&1); st=$?
is "$st" "0" "registry test over HTTPS"
out=$(r "$P" -- registry sync t ca 2>&1); st=$?
is "$st" "0" "sync over HTTPS with the registry's CA"
is "$(count t)" "300" "... 300 accesses"
before=$(r "$P" -- log list t --format csv --limit 1000 2>/dev/null | sha256sum)

# the right pin; a backup pin beside a wrong one
GOOD=$(pin "$WORK/good.pem")
OTHER=$(pin "$WORK/other.pem")
[ "$GOOD" != "$OTHER" ] || bail "two keys with one pin"
r "$P" -- registry add t pinned --url "$URL" --ca "$WORK/good.pem" --pin "$GOOD" >/dev/null 2>&1 || bail "add pinned"
out=$(r "$P" -- registry sync t pinned --full 2>&1); st=$?
is "$st" "0" "the right pin: accepted"
r "$P" -- registry add t backup --url "$URL" --ca "$WORK/good.pem" --pin "$OTHER;$GOOD" >/dev/null 2>&1 || bail "add backup"
out=$(r "$P" -- registry sync t backup --full 2>&1); st=$?
is "$st" "0" "a backup pin beside a wrong one: accepted"

# a pin that does not match: the certificate is valid, the key is not the expected one
r "$P" -- registry add t wrongpin --url "$URL" --ca "$WORK/good.pem" --pin "$OTHER" >/dev/null 2>&1 || bail "add wrongpin"
out=$(r "$P" -- registry sync t wrongpin --full 2>&1); st=$?
is "$st" "18" "a pin that does not match: exit 18"
like "$out" "[Pp]in|expected key" "... the message says the key is not the expected one"
is "$(r "$P" -- log list t --format csv --limit 1000 2>/dev/null | sha256sum)" "$before" "... the accesses are as they were"
list=$(r "$P" -- registry list t --format csv 2>&1)
like "$(printf '%s\n' "$list" | grep '^wrongpin,')" ",refused," "registry list: the pinned registry's answer was refused"

# the server now presents another certificate (another key, same name):
# the CA kept in the case does not vouch for it
sim_stop; sim_start other
URL2="https://127.0.0.1:$PORT"
r "$P" -- registry add t swapped --url "$URL2" --ca "$WORK/good.pem" >/dev/null 2>&1 || bail "add swapped"
out=$(r "$P" -- registry sync t swapped --full 2>&1); st=$?
is "$st" "18" "another certificate than the one the case trusts: exit 18"
is "$(r "$P" -- log list t --format csv --limit 1000 2>/dev/null | sha256sum)" "$before" "... the accesses are as they were"

# a certificate for another name
sim_stop; sim_start wrongname
r "$P" -- registry add t name --url "https://127.0.0.1:$PORT" --ca "$WORK/wrongname.pem" >/dev/null 2>&1 || bail "add name"
out=$(r "$P" -- registry sync t name --full 2>&1); st=$?
is "$st" "18" "a certificate for another name: exit 18"
like "$out" "127\\.0\\.0\\.1" "... the message names the address"
is "$(r "$P" -- log list t --format csv --limit 1000 2>/dev/null | sha256sum)" "$before" "... the accesses are as they were"

r "$P" -- case verify t >/dev/null 2>&1; ok $? "the case verifies"
done_testing
