#!/bin/sh
# sign.sh - the bundle's signature and time stamp (src/net/sign.c, tsa.c)
# through tests/net/sign-tool, held against OpenSSL's own commands:
# openssl cms -verify takes our .p7s (with -noverify, and with -CAfile the
# self-signed certificate or an issuing CA, without -purpose any); openssl
# ts -verify takes the .tsr we keep; our checks refuse a changed file, an
# expired certificate, and each misbehaviour of a stand-in time stamp
# authority on loopback (tests/net/tsa.py) for its own reason.  Keys and
# certificates are made here, in the scratch folder (synthetic).
. "$top_srcdir/tests/lib/tap.sh"
TOOL="$top_builddir/tests/net/sign-tool"
[ -x "$TOOL" ] || bail "no $TOOL"
command -v openssl >/dev/null 2>&1 || { echo "1..0 # SKIP no openssl command"; exit 0; }
PY=${PYTHON3:-python3}
command -v "$PY" >/dev/null 2>&1 || { echo "1..0 # SKIP no python3"; exit 0; }
W=$(mktemp -d "${TMPDIR:-/tmp}/recourse-sign-XXXXXX") || bail "mktemp"
TSAPID=""
trap '[ -n "$TSAPID" ] && kill "$TSAPID" 2>/dev/null; rm -rf "$W"' EXIT
export LANGUAGE=en LC_ALL=C.UTF-8
unset SIGN_TOOL_NOW

field() { # field NAME OUTPUT: the value of "NAME: value"
	printf '%s\n' "$2" | sed -n "s/^$1: //p" | head -1
}
ossl_fp() { # the SHA-256 fingerprint of a PEM certificate, as openssl says it
	openssl x509 -in "$1" -noout -fingerprint -sha256 | sed 's/^.*=//'
}

# ---- a self-signed signer, made by recourse ----
"$TOOL" create "Counsel Test" "Legal Aid Office (synthetic)" 30 "$W/c.pem" "$W/k.pem"
ok $? "create: a key and a self-signed certificate"
is "$(stat -c %a "$W/k.pem")" "600" "... the key file is private (mode 0600)"
like "$(head -1 "$W/k.pem")" "BEGIN PRIVATE KEY" "... the key is PKCS#8"
ext=$(openssl x509 -in "$W/c.pem" -noout -text)
like "$ext" "Basic Constraints: critical" "... basicConstraints critical"
like "$ext" "CA:FALSE" "... CA:FALSE"
like "$ext" "Key Usage: critical" "... keyUsage critical"
like "$ext" "Digital Signature, Non Repudiation" "... digitalSignature, nonRepudiation"
like "$ext" "Subject Key Identifier" "... a subjectKeyIdentifier"
like "$ext" "ecdsa-with-SHA256" "... ECDSA with SHA-256"
like "$ext" "prime256v1|P-256" "... on P-256"

out=$("$TOOL" check "$W/c.pem" "$W/k.pem"); st=$?
is "$st" "0" "check: the new signer can sign"
is "$(field fp "$out")" "$(ossl_fp "$W/c.pem")" "... its fingerprint is openssl's SHA-256 fingerprint"
is "$(field self_signed "$out")" "1" "... self-signed"
like "$(field subject "$out")" "CN=Counsel Test" "... its subject"

# ---- signing, checked by openssl and by us ----
printf 'c0ffee  bagit.txt\nbeef  bag-info.txt\n' > "$W/tagmanifest-sha256.txt"
TM="$W/tagmanifest-sha256.txt"
"$TOOL" sign "$W/c.pem" "$W/k.pem" "$TM"
ok $? "sign: tagmanifest-sha256.txt.p7s made"
SIG="$TM.p7s"
openssl cms -verify -binary -inform DER -in "$SIG" -content "$TM" -noverify -out /dev/null 2>"$W/err"
ok $? "openssl cms -verify -noverify accepts it"
openssl cms -verify -binary -inform DER -in "$SIG" -content "$TM" -CAfile "$W/c.pem" -out /dev/null 2>"$W/err"
ok $? "openssl cms -verify -CAfile (the self-signed certificate) accepts it, without -purpose any"
[ -s "$W/err" ] && sed 's/^/# /' "$W/err"
attrs=$(openssl cms -cmsout -print -inform DER -in "$SIG" 2>/dev/null)
like "$attrs" "signingTime" "... signed attribute signingTime"
like "$attrs" "signingCertificateV2" "... signed attribute ESS signing-certificate-v2"
like "$attrs" "messageDigest" "... signed attribute messageDigest"
like "$attrs" "algorithm: sha256" "... digest SHA-256"
out=$("$TOOL" verify "$TM" "$SIG"); st=$?
is "$st" "0" "our check accepts it"
is "$(field signer_fp "$out")" "$(ossl_fp "$W/c.pem")" "... naming the signer by fingerprint"
is "$(field cades "$out")" "1" "... CAdES-BES (signing-certificate-v2 checked)"
like "$(field signed_at "$out")" "^20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-9:]{8}Z$" "... with the signing time"

# a changed manifest, a changed signature
cp "$TM" "$W/tm2.txt"
printf 'x' >> "$W/tm2.txt"
out=$("$TOOL" verify "$W/tm2.txt" "$SIG"); st=$?
is "$st" "1" "a changed tag manifest: refused"
is "$(field failed "$out")" "digest" "... because of the digest"
openssl cms -verify -binary -inform DER -in "$SIG" -content "$W/tm2.txt" -noverify -out /dev/null 2>/dev/null
is "$?" "4" "... and openssl refuses it too"
cp "$SIG" "$W/bad.p7s"
size=$(stat -c %s "$W/bad.p7s")
last=$(od -An -tu1 -j $((size - 1)) "$W/bad.p7s" | tr -d ' ')
printf "$(printf '\\%03o' $(((last + 1) % 256)))" | dd of="$W/bad.p7s" bs=1 seek=$((size - 1)) conv=notrunc 2>/dev/null
out=$("$TOOL" verify "$TM" "$W/bad.p7s"); st=$?
is "$st" "1" "a changed signature value: refused"
is "$(field failed "$out")" "signature" "... because of the signature"
openssl cms -verify -binary -inform DER -in "$W/bad.p7s" -content "$TM" -noverify -out /dev/null 2>/dev/null
is "$?" "4" "... and openssl refuses it too"
head -c 100 "$SIG" > "$W/cut.p7s"
out=$("$TOOL" verify "$TM" "$W/cut.p7s"); st=$?
is "$(field failed "$out")" "malformed" "a signature cut short: malformed"

# ---- the clock: expired, not yet valid ----
out=$(SIGN_TOOL_NOW=$(($(date +%s) + 40 * 86400)) "$TOOL" check "$W/c.pem" "$W/k.pem"); st=$?
is "$st" "1" "40 days on, the 30-day certificate: refused"
like "$out" "error: The signing certificate expired on" "... saying it expired, and when"
out=$(SIGN_TOOL_NOW=$(($(date +%s) + 40 * 86400)) "$TOOL" sign "$W/c.pem" "$W/k.pem" "$W/tm2.txt"); st=$?
is "$st" "1" "... and signing with it is refused"
[ ! -e "$W/tm2.txt.p7s" ]
ok $? "... no signature written"
out=$(SIGN_TOOL_NOW=$(($(date +%s) - 86400)) "$TOOL" check "$W/c.pem" "$W/k.pem"); st=$?
like "$out" "not valid yet" "a day before it starts: not valid yet"

# wrong key
"$TOOL" create "Other" "" 30 "$W/c2.pem" "$W/k2.pem" || bail "create 2"
out=$("$TOOL" check "$W/c.pem" "$W/k2.pem"); st=$?
is "$st" "1" "another key for the certificate: refused"
like "$out" "do not match" "... saying they do not match"

# ---- a CA-issued signer with its chain (the CA made by openssl) ----
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 60 -subj "/CN=Test Bar CA (synthetic)" \
	-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
	-keyout "$W/ca.key" -out "$W/ca.pem" >/dev/null 2>&1 || bail "openssl req ca"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=Counsel Issued/O=Legal Aid (synthetic)" \
	-keyout "$W/leaf.key" -out "$W/leaf.csr" >/dev/null 2>&1 || bail "openssl req leaf"
printf '%s\n' basicConstraints=critical,CA:FALSE keyUsage=critical,digitalSignature,nonRepudiation \
	subjectKeyIdentifier=hash authorityKeyIdentifier=keyid > "$W/leaf.ext"
openssl x509 -req -in "$W/leaf.csr" -CA "$W/ca.pem" -CAkey "$W/ca.key" -set_serial 4242 -days 30 \
	-extfile "$W/leaf.ext" \
	-out "$W/leaf.pem" >/dev/null 2>&1 || bail "openssl x509 leaf"
cat "$W/leaf.pem" "$W/ca.pem" > "$W/chain.pem"
out=$("$TOOL" check "$W/chain.pem" "$W/leaf.key"); st=$?
is "$st" "0" "a CA-issued certificate with its chain: can sign"
is "$(field self_signed "$out")" "0" "... not self-signed"
is "$(field chain "$out")" "1" "... one certificate of chain"
like "$(field issuer "$out")" "CN=Test Bar CA" "... its issuer"
cp "$TM" "$W/tm3.txt"
"$TOOL" sign "$W/chain.pem" "$W/leaf.key" "$W/tm3.txt" || bail "sign chain"
openssl cms -verify -binary -inform DER -in "$W/tm3.txt.p7s" -content "$W/tm3.txt" -CAfile "$W/ca.pem" \
	-out /dev/null 2>/dev/null
ok $? "openssl cms -verify -CAfile (the CA) accepts its signature"
out=$("$TOOL" verify "$W/tm3.txt" "$W/tm3.txt.p7s"); st=$?
is "$st" "0" "our check accepts it"
is "$(field certs "$out")" "2" "... the chain carried in the signature"
cat "$W/leaf.pem" "$W/c.pem" > "$W/wrongchain.pem"
out=$("$TOOL" check "$W/wrongchain.pem" "$W/leaf.key"); st=$?
like "$out" "not its chain" "a chain that is not the leaf's: refused"

# ---- time stamps, from a stand-in authority ----
mkdir "$W/tsa" && T="$W/tsa"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 60 -subj "/CN=Test TSA CA (synthetic)" \
	-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
	-keyout "$T/tsaca.key" -out "$T/tsaca.pem" >/dev/null 2>&1 || bail "openssl req tsaca"
printf '%s\n' basicConstraints=critical,CA:FALSE keyUsage=critical,digitalSignature \
	extendedKeyUsage=critical,timeStamping subjectKeyIdentifier=hash > "$T/tsa.ext"
for n in tsa other; do
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=Test $n (synthetic)" \
		-keyout "$T/$n.key" -out "$T/$n.csr" >/dev/null 2>&1 || bail "openssl req $n"
done
openssl x509 -req -in "$T/tsa.csr" -CA "$T/tsaca.pem" -CAkey "$T/tsaca.key" -set_serial 7 -days 30 \
	-extfile "$T/tsa.ext" -out "$T/tsa.pem" >/dev/null 2>&1 || bail "openssl x509 tsa"
openssl x509 -req -in "$T/other.csr" -signkey "$T/other.key" -days 30 -extfile "$T/tsa.ext" \
	-out "$T/other.pem" >/dev/null 2>&1 || bail "openssl x509 other"
printf '01\n' > "$T/tsaserial"
cat > "$T/tsa.cnf" <<EOF
[ tsa ]
default_tsa = tsa_config1
[ tsa_config1 ]
serial = $T/tsaserial
crypto_device = builtin
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
EOF
"$PY" "$top_srcdir/tests/net/tsa.py" "$T" 2>"$T/tsa.err" &
TSAPID=$!
for i in $(seq 1 100); do [ -s "$T/port" ] && break; sleep 0.1; done
PORT=$(cat "$T/port" 2>/dev/null)
[ -n "$PORT" ] || bail "tsa.py did not start: $(cat "$T/tsa.err")"
URL="http://127.0.0.1:$PORT"

out=$("$TOOL" stamp "$URL/good" "$SIG" "$T/tsa.pem"); st=$?
is "$st" "0" "stamp: a good answer is taken (the configured TSA certificate)"
[ $st -eq 0 ] || printf '%s\n' "$out" | sed 's/^/# /'
is "$(field tsa_fp "$out")" "$(ossl_fp "$T/tsa.pem")" "... the TSA certificate's fingerprint"
like "$(field gen_time "$out")" "^20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-9:]{8}Z$" "... its time"
like "$(field tsa_name "$out")" "Test tsa" "... the TSA's name"
is "$(field policy "$out")" "1.2.3.4.1" "... its policy"
openssl ts -verify -data "$SIG" -in "$SIG.tsr" -CAfile "$T/tsaca.pem" >/dev/null 2>"$W/err"
ok $? "openssl ts -verify -data sig.p7s -in sig.p7s.tsr -CAfile tsaca.pem accepts the .tsr kept"
[ -s "$W/err" ] && grep -v '^Using configuration' "$W/err" | sed 's/^/# /'
out=$("$TOOL" tsacheck "$SIG.tsr" "$SIG" "$T/tsa.pem"); st=$?
is "$st" "0" "tsacheck: the kept .tsr is good, read back (the TSA certificate)"
out=$("$TOOL" tsacheck "$SIG.tsr" "$SIG" "$T/tsaca.pem"); st=$?
is "$st" "0" "... with its CA as the configured certificate"
out=$("$TOOL" tsacheck "$SIG.tsr" "$SIG"); st=$?
is "$st" "0" "... with none configured (by the certificate it carries)"
out=$("$TOOL" tsacheck "$SIG.tsr" "$W/bad.p7s"); st=$?
is "$(field failed "$out")" "imprint" "... but not for another signature"
out=$("$TOOL" tsacheck "$SIG.tsr" "$SIG" "$T/other.pem"); st=$?
is "$(field failed "$out")" "signer" "... nor against another authority"
# a changed .tsr: its last byte (the signature's)
cp "$SIG.tsr" "$W/bad.tsr"
size=$(stat -c %s "$W/bad.tsr")
last=$(od -An -tu1 -j $((size - 1)) "$W/bad.tsr" | tr -d ' ')
printf "$(printf '\\%03o' $(((last + 1) % 256)))" | dd of="$W/bad.tsr" bs=1 seek=$((size - 1)) conv=notrunc 2>/dev/null
out=$("$TOOL" tsacheck "$W/bad.tsr" "$SIG"); st=$?
is "$(field failed "$out")" "signature" "a changed .tsr: its signature refused"
openssl ts -verify -data "$SIG" -in "$W/bad.tsr" -CAfile "$T/tsaca.pem" >/dev/null 2>&1
is "$?" "1" "... and openssl ts -verify refuses it too"

# each misbehaviour, refused for its reason, nothing written
misbehaves() { # PATH KIND STATUS DESCRIPTION [TSA CERT]
	cp "$SIG" "$W/m.p7s"
	rm -f "$W/m.p7s.tsr"
	out=$("$TOOL" stamp "$URL/$1" "$W/m.p7s" $5); st=$?
	is "$st:$(field failed "$out"):$(field status "$out")" "1:$2:$3" "$4"
	[ ! -e "$W/m.p7s.tsr" ]
	ok $? "... no .tsr written"
}
misbehaves other signer BADREG "signed by another authority than the configured one: refused (signer)" "$T/tsa.pem"
misbehaves nonce nonce BADREG "the answer to another nonce: refused (nonce)"
misbehaves imprint imprint BADREG "a stamp of other bytes: refused (imprint)"
misbehaves reject rejected BADREG "a rejection: refused (rejected)"
like "$(field status_text "$out")" "^rejection, badAlg: algorithm not supported" "... with the TSA's words"
unlike "$out" "$(printf '\033')" "... cleaned of control characters"
unlike "$out" "$(printf '\342\200\256')" "... and of bidi overrides"
misbehaves garbage malformed BADREG "garbage: refused (malformed)"
misbehaves truncated malformed BADREG "an answer cut in half: refused (malformed)"
misbehaves http500 malformed NONET "an HTTP 500: no answer (NONET)"

# an authority other than the configured one is fine when none is
out=$("$TOOL" stamp "$URL/other" "$SIG"); st=$?
is "$st" "0" "another authority, none configured: taken"
like "$(field tsa_subject "$out")" "CN=Test other" "... naming it"

# plain HTTP only to loopback
cp "$SIG" "$W/n.p7s"
out=$("$TOOL" stamp "http://192.0.2.1:$PORT/good" "$W/n.p7s"); st=$?
is "$st:$(field status "$out")" "1:BADREG" "plain http to another host than loopback: refused before connecting"
like "$(field error "$out")" "[Hh][Tt][Tt][Pp]" "... saying so"

done_testing
