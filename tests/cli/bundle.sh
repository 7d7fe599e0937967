#!/bin/sh
# Evidence bundles (doc/bundles.md): bundle signer, create (folder, .tar,
# .zip), verify, list.  What the bag holds is checked with tools we did
# not write: sha256sum -c and sha512sum -c inside it, openssl cms -verify
# on its signature and on the journal checkpoint's, openssl ts -verify on
# the time stamp from a stand-in authority on loopback (tests/net/tsa.py),
# tar and unzip.  The received files come out byte for byte as they went
# in, with the SHA-256 the journal recorded at import.  One altered byte,
# an added file, a removed file, a truncated archive, a forged journal
# with fresh manifests: each fails verification (exit 19) naming what.  A
# full stick and a pulled one leave nothing at the destination and
# nothing recorded.
. "$top_srcdir/tests/lib/common.sh"
command -v openssl >/dev/null 2>&1 || bail "openssl (the command) is needed"
P="bundle passphrase"
D="$WORK/stick"
mkdir -p "$D"
new_case b "$P" --record "Patient/eurodac-DE-7F3A-0042" --country ER || bail "case new"
r "$P" -- log import b "$SAMPLES/auditevents-r5.ndjson" >/dev/null 2>&1 || bail "import r5"
r "$P" -- log import b "$SAMPLES/auditevents-r4-page1.json" >/dev/null 2>&1 || bail "import r4"
printf 'fictional answer of the authority\n' > "$WORK/answer.txt"
rt "My date of birth is wrong" "1990-02-03" -- "$P" -- request add b --kind rectification --regime gdpr \
	--about - --correct-value - >/dev/null 2>&1 || bail "request add"
r "$P" -- request move b 1 --to filed --day 2025-12-01 --channel post --proof "$WORK/answer.txt" >/dev/null 2>&1 ||
	bail "request move"

# ---- no certificate yet: refused unless --unsigned
out=$(rt "Court" "Office" -- "$P" -- bundle create b --out "$D" --court - --prepared-by - 2>&1); st=$?
is "$st" "2" "without a signing certificate: refused (exit 2)"
like "$out" "bundle signer CASE --new" "... saying how to make one"
is "$(ls "$D" | wc -l)" "0" "... and nothing written"
out=$(r "$P" -- bundle signer b 2>&1); st=$?
is "$st" "10" "bundle signer with none: not found (exit 10)"

# ---- a self-signed certificate
out=$(rt "Refugee Law Clinic (fictional)" -- "$P" -- bundle signer b --new --prepared-by - 2>&1); st=$?
is "$st" "0" "bundle signer --new"
fp=$(printf '%s\n' "$out" | sed -n 's/^SHA-256 fingerprint: //p')
like "$fp" "^([0-9A-F]{2}:){31}[0-9A-F]{2}$" "... shows the SHA-256 fingerprint"
like "$out" "CN=Refugee Law Clinic" "... and the name"
case "$(ps -o args= -p $$ 2>/dev/null)" in *"Refugee Law"*) fail "the name on argv" ;; *) pass "the name never on argv" ;; esac

# ---- the preview writes nothing
out=$(rt "Administrative Court (fictional)" "Refugee Law Clinic (fictional)" -- "$P" -- bundle create b --out "$D" \
	--court - --prepared-by - --requests all --documents all --preview 2>&1); st=$?
is "$st" "0" "bundle create --preview"
like "$out" "data/log/accesses.csv" "... lists the files"
like "$out" "data/log/received/0001-auditevents-r5.ndjson" "... with the received files whole"
like "$out" "55 accesses" "... and the totals"
like "$out" "signed with the case's certificate $fp" "... and the fingerprint it will be signed with"
is "$(ls "$D" | wc -l)" "0" "... and writes nothing"

# ---- a folder
out=$(rt "Administrative Court (fictional)" "Refugee Law Clinic (fictional)" -- "$P" -- bundle create b --out "$D" \
	--court - --prepared-by - --requests all --documents all 2>"$WORK/err"); st=$?
is "$st" "0" "bundle create (a folder)"
bag=$(printf '%s\n' "$out" | sed -n 's/^Bundle written: //p')
[ -d "$bag" ]; ok $? "... the bag is at the place it names ($bag)"
like "$bag" "/b-bundle-20260115$" "... named after the case and the day"
tmh=$(printf '%s\n' "$out" | sed -n 's/^Tag manifest SHA-256: //p')
is "$(sha256sum "$bag/tagmanifest-sha256.txt" | cut -c1-64)" "$tmh" "... the tag manifest's SHA-256 it prints"
(cd "$bag" && sha256sum -c --quiet manifest-sha256.txt >/dev/null 2>&1); ok $? "sha256sum -c manifest-sha256.txt passes inside the bag"
(cd "$bag" && sha512sum -c --quiet manifest-sha512.txt >/dev/null 2>&1); ok $? "sha512sum -c manifest-sha512.txt passes"
(cd "$bag" && sha256sum -c --quiet tagmanifest-sha256.txt >/dev/null 2>&1); ok $? "sha256sum -c tagmanifest-sha256.txt passes"
if command -v python3 >/dev/null 2>&1 && python3 -c "import bagit" 2>/dev/null; then
	python3 -m bagit --validate "$bag" >/dev/null 2>&1
	ok $? "the Library of Congress validator (python3 -m bagit --validate) accepts the bundle"
else
	skip "the Library of Congress validator is not installed (python3 -c 'import bagit' failed; not packaged in Debian 12)"
fi
grep -q "^BagIt-Version: 1.0$" "$bag/bagit.txt"; ok $? "bagit.txt: BagIt-Version 1.0"
grep -q "^External-Identifier: b$" "$bag/bag-info.txt"; ok $? "bag-info.txt: External-Identifier is the case label"
grep -q "^Source-Organization: Refugee Law Clinic (fictional)$" "$bag/bag-info.txt"; ok $? "... Source-Organization"
grep -q "^Contact-Name: Refugee Law Clinic (fictional)$" "$bag/bag-info.txt"; ok $? "... Contact-Name"
grep -q "^Bagging-Date: 2026-01-15$" "$bag/bag-info.txt"; ok $? "... Bagging-Date"
oxum=$(sed -n 's/^Payload-Oxum: //p' "$bag/bag-info.txt")
is "$oxum" "$(find "$bag/data" -type f -printf '%s\n' | awk '{s+=$1; n++} END {print s "." n}')" "... Payload-Oxum counts data/"
tr '\n' ' ' < "$bag/bag-info.txt" | sed 's/   */ /g' | grep -q "Prepared for Administrative Court (fictional)."
ok $? "... the court in the description (folded lines joined)"
openssl cms -verify -binary -inform DER -in "$bag/signature/tagmanifest-sha256.txt.p7s" \
	-content "$bag/tagmanifest-sha256.txt" -CAfile "$bag/signature/signer.pem" -out /dev/null 2>/dev/null
ok $? "openssl cms -verify accepts the signature over the tag manifest"
openssl cms -verify -binary -inform DER -in "$bag/data/journal/checkpoint.json.p7s" \
	-content "$bag/data/journal/checkpoint.json" -CAfile "$bag/signature/signer.pem" -out /dev/null 2>/dev/null
ok $? "... and the journal checkpoint's"
ofp=$(openssl x509 -in "$bag/signature/signer.pem" -noout -fingerprint -sha256 | sed 's/.*=//')
is "$ofp" "$fp" "the signer's certificate in the bag is the case's (fingerprint)"
grep -q "tagmanifest" "$bag/manifest-sha256.txt" "$bag/tagmanifest-sha256.txt"
ok $((! $?)) "the signature is listed in no manifest"
# the files received come out whole, with the hash the journal recorded
cmp -s "$bag/data/log/received/0001-auditevents-r5.ndjson" "$SAMPLES/auditevents-r5.ndjson"
ok $? "the NDJSON file received is in the bag byte for byte"
cmp -s "$bag/data/log/received/0002-auditevents-r4-page1.json" "$SAMPLES/auditevents-r4-page1.json"
ok $? "... and the FHIR Bundle"
h=$(sha256sum "$SAMPLES/auditevents-r5.ndjson" | cut -c1-64)
r "$P" -- case journal b 2>/dev/null | grep "log-import" | grep -q "sha256 $h"
ok $? "the journal entry of its import recorded its SHA-256"
grep -q ",$h," "$bag/data/log/received.csv"; ok $? "received.csv lists it with that SHA-256"
is "$(($(wc -l < "$bag/data/log/accesses.csv") - 1))" "55" "accesses.csv: every access, a line each"
is "$(wc -l < "$bag/data/log/accesses.ndjson")" "55" "accesses.ndjson: the same, a JSON line each"
flagged=$(r "$P" -- log list b --flag any --limit 1000 --format csv 2>/dev/null | tail -n +2 | wc -l)
fl=$(tail -n +2 "$bag/data/log/flagged.csv" | cut -d, -f1 | sort -u | grep -c '^[0-9]')
is "$fl" "$flagged" "flagged.csv: every flagged access ($flagged)"
grep -q "Rule:" "$bag/data/log/flagged.csv"; ok $? "... each flag explained with its rule"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d and all('explanation' in x for x in d) else 1)" \
	"$bag/data/log/flagged.json" 2>/dev/null
ok $? "flagged.json is JSON, each with its explanation"
[ -f "$bag/data/requests/request-1/request.json" ]; ok $? "the request with its timeline"
grep -q '"to": "filed"' "$bag/data/requests/request-1/request.json"; ok $? "... its steps"
ls "$bag/data/requests/request-1/" | grep -q "^doc-1-answer.txt$"; ok $? "... and its document"
# the index, read with poppler's tools
if command -v pdfinfo >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then
	pages=$(pdfinfo "$bag/data/index.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
	[ "${pages:-0}" -ge 3 ]; ok $? "data/index.pdf: a PDF of $pages pages"
	txt=$(pdftotext "$bag/data/index.pdf" - 2>/dev/null)
	like "$txt" "Evidence bundle" "... its cover"
	like "$txt" "Administrative Court \(fictional\)" "... names the court"
	# the whole fingerprint, in a sentence that may wrap anywhere (a
	# fingerprint is one long word: where it breaks depends on its glyphs)
	like "$(printf '%s' "$txt" | tr -d ' \n')" "fingerprintis$fp" "... and the signing certificate's fingerprint"
	like "$txt" "Flagged accesses in full" "... the flagged accesses"
	like "$txt" "Page 2 of $pages" "... every page numbered"
	like "$txt" "data/log/accesses.csv" "... and the bag's files"
	grep -q "  data/index.pdf$" "$bag/manifest-sha256.txt"; ok $? "... listed in the manifest"
else
	skip "pdfinfo and pdftotext (poppler-utils) are not installed"
fi
r "$P" -- case journal b 2>/dev/null | grep "bundle-create" | grep -q "tagmanifest sha256 $tmh"
ok $? "the journal records the bundle with its tag manifest's hash"
out=$(r "$P" -- bundle list b --format csv 2>/dev/null)
like "$out" "b-bundle-20260115,folder" "bundle list shows it"
like "$out" "$tmh" "... with the hash"

out=$("$RECOURSE" bundle verify "$bag" 2>&1); st=$?
is "$st" "0" "bundle verify: the bag verifies (no passphrase, no case)"
like "$out" "bag +ok" "... the bag"
like "$out" "signature +ok .*$fp" "... the signature, naming the certificate"
like "$out" "journal +ok" "... the journal chain"
like "$out" "checkpoint +ok +data/journal/checkpoint.json " "... the checkpoint against it"
like "$out" "checkpoint +ok +data/journal/checkpoint.json.p7s" "... and its signature"
out=$("$RECOURSE" bundle verify "$bag" --format json 2>/dev/null)
python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if all(x['verdict'] in ('ok','note','absent') for x in d) else 1)" \
	<<EOF 2>/dev/null
$out
EOF
ok $? "bundle verify --format json"

# ---- tampering, each on a copy
tamper() { rm -rf "$WORK/t" && cp -a "$bag" "$WORK/t"; }
tamper; printf 'x' | dd of="$WORK/t/data/log/accesses.csv" bs=1 seek=10 conv=notrunc 2>/dev/null
out=$("$RECOURSE" bundle verify "$WORK/t" 2>&1); st=$?
is "$st" "19" "one altered byte: does not verify (exit 19)"
like "$out" "data/log/accesses.csv.*changed" "... naming the file"
tamper; echo "extra" > "$WORK/t/data/added.txt"
out=$("$RECOURSE" bundle verify "$WORK/t" 2>&1); st=$?
is "$st" "19" "an added file: does not verify"
like "$out" "data/added.txt" "... naming it"
tamper; rm "$WORK/t/data/log/flagged.json"
out=$("$RECOURSE" bundle verify "$WORK/t" 2>&1); st=$?
is "$st" "19" "a removed file: does not verify"
like "$out" "data/log/flagged.json" "... naming it"
tamper; printf 'x' | dd of="$WORK/t/signature/tagmanifest-sha256.txt.p7s" bs=1 seek=200 conv=notrunc 2>/dev/null
out=$("$RECOURSE" bundle verify "$WORK/t" 2>&1); st=$?
is "$st" "19" "an altered signature: does not verify"
like "$out" "signature +FAILED" "... the signature fails"
# a forged journal whose manifests were made again: the bag is whole, the signature is not
tamper; sed -i 's/"action": "case-create"/"action": "case-creat"/' "$WORK/t/data/journal/journal.json"
(cd "$WORK/t" && find data -type f | LC_ALL=C sort | xargs sha256sum > manifest-sha256.txt &&
	find data -type f | LC_ALL=C sort | xargs sha512sum > manifest-sha512.txt &&
	o=$(find data -type f -printf '%s\n' | awk '{s+=$1; n++} END {print s "." n}') &&
	sed -i "s/^Payload-Oxum: .*/Payload-Oxum: $o/" bag-info.txt &&
	sha256sum bagit.txt bag-info.txt manifest-sha256.txt manifest-sha512.txt > tagmanifest-sha256.txt)
out=$("$RECOURSE" bundle verify "$WORK/t" 2>&1); st=$?
is "$st" "19" "a forged journal with fresh manifests: does not verify"
like "$out" "bag +ok" "... the bag itself is consistent"
like "$out" "signature +FAILED" "... but its signature fails"
like "$out" "journal +FAILED.*entry 1" "... and the chain is broken at the entry changed"

# ---- a .tar and a .zip
out=$(r "$P" -- bundle create b --out "$D" --as tar --no-exports 2>/dev/null); st=$?
is "$st" "0" "bundle create --as tar"
tarf=$(printf '%s\n' "$out" | sed -n 's/^Bundle written: //p')
like "$tarf" "/b-bundle-20260115.tar$" "... named after the case and the day"
is "$(tar tf "$tarf" | cut -d/ -f1 | sort -u)" "b-bundle-20260115" "... one folder inside, named after the file"
"$RECOURSE" bundle verify "$tarf" >/dev/null 2>&1; ok $? "... verifies"
mkdir "$WORK/untar" && tar xf "$tarf" -C "$WORK/untar" &&
	(cd "$WORK/untar/b-bundle-20260115" && sha256sum -c --quiet manifest-sha256.txt >/dev/null 2>&1)
ok $? "... unpacked by tar, sha256sum -c passes"
head -c $(($(stat -c %s "$tarf") / 2)) "$tarf" > "$WORK/cut.tar"
out=$("$RECOURSE" bundle verify "$WORK/cut.tar" 2>&1); st=$?
is "$st" "19" "a truncated .tar: does not verify"
out=$(r "$P" -- bundle create b --out "$D" --as zip 2>/dev/null); st=$?
is "$st" "0" "bundle create --as zip"
zipf=$(printf '%s\n' "$out" | sed -n 's/^Bundle written: //p')
"$RECOURSE" bundle verify "$zipf" >/dev/null 2>&1; ok $? "... verifies"
if command -v python3 >/dev/null 2>&1; then
	python3 -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); sys.exit(1 if z.testzip() else 0)" "$zipf"
	ok $? "... Python's zipfile reads it whole"
else
	skip "python3 is not installed"
fi

# ---- a part of the log
out=$(r "$P" -- bundle create b --out "$D" --since 2024-01-01 --no-exports 2>/dev/null); st=$?
is "$st" "0" "bundle create --since"
part=$(printf '%s\n' "$out" | sed -n 's/^Bundle written: //p')
want=$(r "$P" -- log list b --since 2024-01-01 --limit 1000 --format csv 2>/dev/null | tail -n +2 | wc -l)
is "$(($(wc -l < "$part/data/log/accesses.csv") - 1))" "$want" "... only the accesses of the period ($want)"
[ ! -d "$part/data/log/received" ]; ok $? "... the received files not whole (they hold other accesses)"
is "$(wc -l < "$part/data/log/original-records.ndjson")" "$want" "... each access's own original bytes instead"
grep -q "auditevents-r5.ndjson" "$part/data/log/received.csv"; ok $? "... and the files listed with their hashes"
out=$(r "$P" -- bundle create b --out "$D" --flagged-only --no-exports 2>/dev/null); st=$?
is "$st" "0" "bundle create --flagged-only"
fo=$(printf '%s\n' "$out" | sed -n 's/^Bundle written: //p')
is "$(($(wc -l < "$fo/data/log/accesses.csv") - 1))" "$flagged" "... only the flagged accesses"

# ---- bad choices: refused with the reason, nothing written, nothing recorded
before=$(ls -A "$D" | wc -l)
nb=$(r "$P" -- bundle list b --format csv 2>/dev/null | wc -l)
out=$(r "$P" -- bundle create b --out "$D" --as rar 2>&1); st=$?
is "$st" "2" "--as rar: refused (exit 2)"
like "$out" "folder, tar or zip" "... naming the forms"
out=$(r "$P" -- bundle create b --out "$D" --requests 1,x 2>&1); st=$?
is "$st" "2" "--requests 1,x: refused (exit 2)"
like "$out" "numbers with commas" "... saying what it takes"
out=$(r "$P" -- bundle create b --out "$D" --requests 99 2>&1); st=$?
is "$st" "10" "a request that is not there: not found (exit 10)"
like "$out" "no request with the number 99" "... naming it"
out=$(r "$P" -- bundle create b --out "$D" --documents 42 2>&1); st=$?
is "$st" "10" "a document that is not there: not found (exit 10)"
out=$(r "$P" -- bundle create b --out "$D" --since 2025-01-01 --until 2024-01-01 2>&1); st=$?
is "$st" "9" "a period that ends before it begins: refused (exit 9)"
like "$out" "ends before it begins" "... saying so"
is "$(ls -A "$D" | wc -l)" "$before" "... none of them wrote anything"
is "$(r "$P" -- bundle list b --format csv 2>/dev/null | wc -l)" "$nb" "... or recorded a bundle"
out=$("$RECOURSE" bundle verify "$WORK/no-such-bag" 2>&1); st=$?
is "$st" "19" "bundle verify of nothing: does not verify (exit 19)"
printf 'not a bag\n' > "$WORK/plain.txt"
out=$("$RECOURSE" bundle verify "$WORK/plain.txt" 2>&1); st=$?
is "$st" "19" "bundle verify of a plain file: does not verify"
like "$out" "FAILED" "... a check says FAILED"
# a certificate with someone else's key: refused, the case's own kept
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj "/CN=Other (synthetic)" \
	-keyout "$WORK/o1.key" -out "$WORK/o1.pem" >/dev/null 2>&1 &&
	openssl ecparam -name prime256v1 -genkey -noout -out "$WORK/o2.key" 2>/dev/null || bail "openssl"
out=$(printf '%s\n' "$P" | "$RECOURSE" --passphrase-fd 3 bundle signer b --cert "$WORK/o1.pem" --key-fd 4 \
	3<&0 4<"$WORK/o2.key" 2>&1); st=$?
is "$st" "9" "bundle signer --cert with another key: refused (exit 9)"
out=$(r "$P" -- bundle signer b 2>/dev/null)
like "$out" "$fp" "... the case still signs with its own certificate"
out=$(r "$P" -- bundle signer b --cert "$WORK/o1.pem" 2>&1); st=$?
is "$st" "2" "--cert without --key-fd: refused (exit 2)"
like "$out" "go together" "... saying they go together"

# ---- a full stick, a pulled stick: nothing left, nothing recorded
before=$(ls "$D" | wc -l)
nb=$(r "$P" -- bundle list b --format csv 2>/dev/null | wc -l)
out=$(RECOURSE_TEST_BAG_FAIL=20000:ENOSPC r "$P" -- bundle create b --out "$D" 2>&1); st=$?
is "$st" "4" "a full stick: exit 4"
like "$out" "[Ff]ull|space" "... saying it is full"
is "$(ls -A "$D" | wc -l)" "$before" "... nothing left at the destination"
out=$(RECOURSE_TEST_BAG_FAIL=20000:EIO r "$P" -- bundle create b --out "$D" 2>&1); st=$?
is "$st" "4" "a pulled stick: exit 4"
is "$(ls -A "$D" | wc -l)" "$before" "... nothing left at the destination"
is "$(r "$P" -- bundle list b --format csv 2>/dev/null | wc -l)" "$nb" "... and no bundle recorded"
out=$(r "$P" -- bundle create b --out "$WORK/nowhere" 2>&1); st=$?
is "$st" "4" "a destination that is not there: exit 4"
like "$out" "USB stick" "... saying so"

# ---- a time stamp from a stand-in authority on loopback
PY=$(command -v python3)
if [ -n "$PY" ]; then
	T="$WORK/tsa" && mkdir "$T"
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
	printf '[ tsa ]\ndefault_tsa = c\n[ c ]\nserial = %s\ncrypto_device = builtin\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256\naccuracy = secs:1\nordering = yes\ntsa_name = yes\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n' \
		"$T/tsaserial" > "$T/tsa.cnf"
	"$PY" "$top_srcdir/tests/net/tsa.py" "$T" 2>"$T/tsa.err" &
	TSAPID=$!
	trap 'kill "$TSAPID" 2>/dev/null; rm -rf "$WORK"' EXIT
	for i in $(seq 1 100); do [ -s "$T/port" ] && break; sleep 0.1; done
	PORT=$(cat "$T/port" 2>/dev/null)
	[ -n "$PORT" ] || bail "tsa.py did not start: $(cat "$T/tsa.err")"
	"$RECOURSE" settings set tsa "http://127.0.0.1:$PORT/good" >/dev/null 2>&1; ok $? "settings set tsa URL"
	"$RECOURSE" settings set tsa-cert "$T/tsaca.pem" >/dev/null 2>&1; ok $? "settings set tsa-cert FILE"
	out=$(r "$P" -- bundle create b --out "$D" --as zip --no-exports 2>/dev/null); st=$?
	is "$st" "0" "bundle create with a time stamp authority"
	like "$out" "Time stamp: 2026-" "... says when it was stamped"
	zs=$(printf '%s\n' "$out" | sed -n 's/^Bundle written: //p')
	mkdir "$WORK/unz" && (cd "$WORK/unz" && "$PY" -c "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall()" "$zs")
	zb="$WORK/unz/$(basename "$zs" .zip)"
	openssl ts -verify -in "$zb/signature/tagmanifest-sha256.txt.p7s.tsr" \
		-data "$zb/signature/tagmanifest-sha256.txt.p7s" -CAfile "$T/tsaca.pem" >/dev/null 2>&1
	ok $? "openssl ts -verify accepts the time stamp over the signature"
	openssl ts -verify -in "$zb/data/journal/checkpoint.json.p7s.tsr" \
		-data "$zb/data/journal/checkpoint.json.p7s" -CAfile "$T/tsaca.pem" >/dev/null 2>&1
	ok $? "... and the checkpoint's"
	out=$("$RECOURSE" bundle verify "$zs" 2>&1); st=$?
	is "$st" "0" "bundle verify: a stamped bag verifies"
	like "$out" "time-stamp +ok .*Test tsa" "... the time stamp, naming the authority"
	"$RECOURSE" settings set tsa "http://127.0.0.1:$PORT/nonce" >/dev/null 2>&1
	before=$(ls -A "$D" | wc -l)
	out=$(r "$P" -- bundle create b --out "$D" --no-exports 2>&1); st=$?
	is "$st" "18" "a time stamp authority that answers another request: refused (exit 18)"
	like "$out" "no-stamp" "... saying how to go on without a stamp"
	is "$(ls -A "$D" | wc -l)" "$before" "... and nothing left at the destination"
	out=$(r "$P" -- bundle create b --out "$D" --no-exports --no-stamp 2>/dev/null); st=$?
	is "$st" "0" "--no-stamp: written without one"
	"$RECOURSE" settings set tsa none >/dev/null 2>&1
else
	skip "python3 is not installed: no stand-in time stamp authority"
fi

# ---- more accesses than the plan's sample (512): their files' sizes are
# estimated beforehand, then written exactly, in one pass in the order
# received; the index names the earliest and latest access, whatever the
# order they came in (bench/gen_events.py: times at random)
if command -v python3 >/dev/null 2>&1 && [ -f "$top_srcdir/bench/gen_events.py" ]; then
	new_case big "$P" --record "Patient/eurodac-DE-7F3A-0042" --country SY || bail "case new big"
	python3 "$top_srcdir/bench/gen_events.py" 1500 --seed 5 > "$WORK/many.ndjson"
	r "$P" -- log import big "$WORK/many.ndjson" --format ndjson >/dev/null 2>&1 || bail "import many"
	rt "Big office (fictional)" -- "$P" -- bundle signer big --new --prepared-by - >/dev/null 2>&1 || bail "signer big"
	out=$(r "$P" -- bundle create big --out "$D" --preview 2>&1); st=$?
	is "$st" "0" "a log of 1,500 accesses: --preview"
	like "$out" "data/log/accesses.csv +about [0-9.]+ kB" "... the table's size estimated (about)"
	like "$out" "data/log/received/0001-many.ndjson +[0-9.]+ (kB|MB)  An access log" "... the received file's exact"
	like "$out" "1500 accesses" "... the count exact"
	out=$(r "$P" -- bundle create big --out "$D" --no-exports 2>/dev/null); st=$?
	is "$st" "0" "... written"
	bb=$(printf '%s\n' "$out" | sed -n 's/^Bundle written: //p')
	"$RECOURSE" bundle verify "$bb" >/dev/null 2>&1; ok $? "... verifies"
	is "$(($(wc -l < "$bb/data/log/accesses.csv") - 1))" "1500" "... every access in the CSV"
	is "$(wc -l < "$bb/data/log/accesses.ndjson")" "1500" "... and in the JSON lines"
	ids=$(tail -n +2 "$bb/data/log/accesses.csv" | cut -d, -f1)
	is "$(printf '%s\n' "$ids" | sort -n | tr '\n' ' ')" "$(printf '%s\n' "$ids" | tr '\n' ' ')" \
		"... in the order received (by number)"
	(cd "$bb" && sha256sum -c --quiet manifest-sha256.txt >/dev/null 2>&1); ok $? "... sha256sum -c passes"
	size=$(stat -c %s "$bb/data/log/accesses.csv")
	grep -q "^[0-9a-f]\{128\}  data/log/accesses.csv$" "$bb/manifest-sha512.txt"; ok $? "... in both manifests"
	oxum=$(sed -n 's/^Payload-Oxum: //p' "$bb/bag-info.txt")
	is "$oxum" "$(find "$bb/data" -type f -printf '%s\n' | awk '{s+=$1} END {print s}').$(find "$bb/data" -type f | wc -l)" \
		"... Payload-Oxum counts what was written ($oxum)"
	if command -v pdftotext >/dev/null 2>&1; then
		txt=$(pdftotext -layout "$bb/data/index.pdf" - 2>/dev/null)
		first=$(r "$P" -- log list big --format csv --limit 1 --oldest-first 2>/dev/null | tail -n 1 | cut -d, -f2 | cut -c1-10)
		like "$txt" "First access +$first" "... the index names the earliest access ($first)"
		like "$txt" "data/log/accesses.csv and accesses.ndjson" "... and the log's files by their names"
		# its row: the name, what it is, the size (digits grouped), the SHA-256's first characters
		line=$(printf '%s\n' "$txt" | grep "data/log/accesses.csv E" | LC_ALL=C sed 's/\xe2\x80\xaf//g; s/[[:space:]]//g')
		sha=$(sha256sum "$bb/data/log/accesses.csv" | cut -c1-20)
		like "$line" "$size$sha" "... and each file's exact size and SHA-256 ($size bytes)"
	else
		skip "pdftotext is not installed"
	fi
	# an archive keeps the log's files aside until their end: the same bytes
	out=$(r "$P" -- bundle create big --out "$D" --no-exports --as tar 2>/dev/null); st=$?
	is "$st" "0" "... as a .tar"
	bt=$(printf '%s\n' "$out" | sed -n 's/^Bundle written: //p')
	"$RECOURSE" bundle verify "$bt" >/dev/null 2>&1; ok $? "... verifies"
	name=$(basename "$bt" .tar)
	tar xOf "$bt" "$name/data/log/accesses.csv" | cmp -s - "$bb/data/log/accesses.csv"
	ok $? "... its accesses.csv the same bytes as the folder's"
	is "$(find "$D" -maxdepth 1 -name '.*' | wc -l)" "0" "... and nothing aside left in the destination"
else
	skip "python3 or bench/gen_events.py missing: no log of 1,500 accesses"
fi

# ---- the office's certificate: kept in the office board's folder under
# the office passphrase, taken by each case (the case's passphrase, then
# the office's)
OP="office passphrase"
export RECOURSE_OFFICE_DIR="$WORK/office"
r "$OP" "$OP" -- office new $KDF >/dev/null 2>&1 || bail "office new"
out=$(r "$OP" -- office signer 2>&1); st=$?
is "$st" "10" "office signer with none: not found (exit 10)"
like "$out" "office signer --new" "... saying how to make one"
out=$(rt "Legal Aid Office (fictional)" -- "$OP" -- office signer --new --prepared-by - 2>&1); st=$?
is "$st" "0" "office signer --new"
ofp=$(printf '%s\n' "$out" | sed -n 's/^SHA-256 fingerprint: //p')
like "$ofp" "^([0-9A-F]{2}:){31}[0-9A-F]{2}$" "... shows its fingerprint"
like "$out" "bundle signer CASE --from-office" "... and how a case takes it"
out=$(r "$OP" -- office signer 2>&1); st=$?
like "$out" "SHA-256 fingerprint: $ofp" "office signer: shows it again"
out=$(r "$OP" -- office signer --from-office 2>&1); st=$?
is "$st" "2" "office signer --from-office: refused (exit 2)"
like "$out" "does not take the option --from-office" "... saying so"
out=$(r "wrong office passphrase" -- office signer 2>&1); st=$?
is "$st" "3" "... not with a wrong office passphrase (exit 3)"
if grep -rqa "PRIVATE KEY" "$WORK/office"; then fail "the office's key in plain text"; else pass "the office's key never in plain text in its folder"; fi
new_case oc "$P" --record "Patient/eurodac-DE-7F3A-0042" --country ER || bail "case new oc"
out=$(r "$P" "wrong office passphrase" -- bundle signer oc --from-office 2>&1); st=$?
is "$st" "3" "bundle signer --from-office, a wrong office passphrase: refused (exit 3)"
r "$P" -- bundle signer oc >/dev/null 2>&1; is "$?" "10" "... and the case still has none"
out=$(r "$P" "$OP" -- bundle signer oc --from-office 2>&1); st=$?
is "$st" "0" "bundle signer --from-office"
like "$out" "SHA-256 fingerprint: $ofp" "... takes the office's certificate"
out=$(r "$P" -- bundle signer oc --from-office --new 2>&1); st=$?
is "$st" "2" "--from-office with --new: refused (exit 2)"
out=$(r "$P" -- bundle create oc --out "$D" --no-exports 2>/dev/null); st=$?
is "$st" "0" "a bundle of that case"
like "$out" "Signed with the certificate: $ofp" "... signed with the office's certificate"
ob=$(printf '%s\n' "$out" | sed -n 's/^Bundle written: //p')
"$RECOURSE" bundle verify "$ob" >/dev/null 2>&1; ok $? "... verifies"
out=$(r "$P" -- case journal oc 2>/dev/null)
like "$out" "signer-set" "... the case's journal records the certificate taken"
unset RECOURSE_OFFICE_DIR

# ---- no personal data outside the case and the destination
left=$(find "${TMPDIR:-/tmp}" -maxdepth 1 -newer "$WORK/answer.txt" -name ".*tmp*" 2>/dev/null | wc -l)
is "$left" "0" "no temporary file left outside the destination"
r "$P" -- case verify b >/dev/null 2>&1; ok $? "the case still verifies (its journal)"
done_testing
