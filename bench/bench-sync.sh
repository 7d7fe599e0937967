#!/bin/bash
# bench/bench-sync.sh [BUILD_DIR] [EVENTS] - registry sync over loopback
# HTTPS (recourse-registry-sim with a certificate made here, pages of
# 1,000) against the baseline: importing the same events from a local
# NDJSON file (log import).  Prints events per second and peak RSS of
# both, and their ratio (target: the sync within 2x of the local import,
# peak RSS under 64 MB).  EVENTS defaults to 1,000,000.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
events=${2:-1000000}
R="$build/recourse"
SIM="$build/recourse-registry-sim"
[ -x "$SIM" ] || { echo "bench-sync: no $SIM (libmicrohttpd)" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/recourse-bench-sync-XXXXXX")
trap 'kill $simpid 2>/dev/null; rm -rf "$WORK"' EXIT
export RECOURSE_DATA_DIR=$here/data RECOURSE_CASES_DIR=$WORK/cases LC_ALL=C.UTF-8
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
"$SIM" --port-file "$WORK/port" --tls-cert "$WORK/cert.pem" --tls-key "$WORK/key.pem" \
	--person "Patient/sim-0001:$events" >/dev/null 2>&1 &
simpid=$!
for i in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
port=$(cat "$WORK/port")
kdf=""
"$R" case new --help | grep -q -- --kdf-memory && kdf="--kdf-memory 64 --kdf-ops 3"
printf 'bench passphrase\n' > "$WORK/pw"
mk() { printf 'Patient/sim-0001\n' | "$R" --passphrase-fd 3 case new "$1" $kdf --record - --regime eurodac --quiet 3<"$WORK/pw" >/dev/null; }
# the events as NDJSON, for the baseline (one resource a line)
curl -s --cacert "$WORK/cert.pem" "https://127.0.0.1:$port/fhir/AuditEvent?patient=Patient/sim-0001&_count=1000" -o /dev/null
python3 - "$port" "$WORK/cert.pem" "$WORK/events.ndjson" <<'PY'
import json, ssl, sys, urllib.request
port, ca, out = sys.argv[1], sys.argv[2], sys.argv[3]
ctx = ssl.create_default_context(cafile=ca)
url = f"https://127.0.0.1:{port}/fhir/AuditEvent?patient=Patient/sim-0001&_count=1000"
with open(out, "w") as f:
    while url:
        d = json.load(urllib.request.urlopen(url, context=ctx))
        for e in d.get("entry", []):
            if e.get("search", {}).get("mode", "match") == "match":
                f.write(json.dumps(e["resource"], separators=(",", ":")) + "\n")
        url = next((l["url"] for l in d.get("link", []) if l["relation"] == "next"), None)
PY
lines=$(wc -l < "$WORK/events.ndjson")
run() { # NAME ARGS...: wall seconds and peak RSS (kB)
	local name=$1; shift
	/usr/bin/time -f "%e %M" -o "$WORK/time.$name" "$@" >/dev/null 2>"$WORK/err.$name" || { cat "$WORK/err.$name" >&2; exit 1; }
	cat "$WORK/time.$name"
}
mk local
read -r t_imp rss_imp < <(run import bash -c "'$R' --passphrase-fd 3 log import local '$WORK/events.ndjson' 3<'$WORK/pw' </dev/null")
mk remote
"$R" --passphrase-fd 3 registry add remote sim --url "https://127.0.0.1:$port" --ca "$WORK/cert.pem" --quiet 3<"$WORK/pw" </dev/null
read -r t_sync rss_sync < <(run sync bash -c "'$R' --passphrase-fd 3 registry sync remote sim 3<'$WORK/pw' </dev/null")
# what opening the case alone takes (the passphrase's key derivation,
# Argon2id, is most of the peak): the sync's own part is the rest
read -r t_open rss_open < <(run open bash -c "'$R' --passphrase-fd 3 registry list remote 3<'$WORK/pw' </dev/null")
echo "registry sync over loopback HTTPS (TLS 1.3, pages of 1,000), $events events ($lines in the NDJSON baseline)"
awk -v e="$events" -v ti="$t_imp" -v ts="$t_sync" -v ri="$rss_imp" -v rs="$rss_sync" -v ro="$rss_open" 'BEGIN {
	printf "  baseline: log import of the same events from a local NDJSON file  %8.1f s  %9.0f events/s  peak RSS %6.1f MB\n", ti, e / ti, ri / 1024
	printf "  registry sync from recourse-registry-sim                           %8.1f s  %9.0f events/s  peak RSS %6.1f MB\n", ts, e / ts, rs / 1024
	printf "  opening the case alone (unlock: Argon2id key derivation)           peak RSS %6.1f MB\n", ro / 1024
	printf "  sync / local import: %.2fx the time (target: within 2x); peak RSS target: under 64 MB\n", ts / ti
}'
