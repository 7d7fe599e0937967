#!/bin/bash
# bench/bench-bundle.sh [BUILD_DIR] [EVENTS] [DOC_MB] - an evidence bundle
# (bundle create, a folder, signed) of a case with EVENTS accesses
# (default 1,000,000, imported from bench/gen_events.py) and DOC_MB of
# documents (default 200: four documents of random bytes, like scans),
# against the baseline: `tar cf - DIR | sha256sum` of the same payload
# (the bag's data/ just written), in the same run.  Prints the wall time
# and peak RSS of both and their ratio (target: within 2x; peak RSS under
# 128 MB), and how the bundle's time divides (from its own debug log).
# KEEP=1 leaves the work folder (the case, the bag) for a closer look.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
events=${2:-1000000}
docmb=${3:-200}
R="$build/recourse"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/recourse-bench-bundle-XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
export RECOURSE_DATA_DIR=$here/data RECOURSE_CASES_DIR=$WORK/cases LC_ALL=C.UTF-8 LANGUAGE=en
kdf=""
"$R" case new --help | grep -q -- --kdf-memory && kdf="--kdf-memory 64 --kdf-ops 3"
printf 'bench passphrase\n' > "$WORK/pw"
rr() { "$R" --passphrase-fd 3 "$@" 3<"$WORK/pw"; }
printf 'Patient/eurodac-DE-7F3A-0042\n' | rr case new big $kdf --record - --country SY --regime eurodac --quiet >/dev/null
python3 "$here/bench/gen_events.py" "$events" --seed 7 > "$WORK/events.ndjson"
t0=$(date +%s)
rr log import big "$WORK/events.ndjson" --format ndjson --quiet </dev/null >/dev/null
t_imp=$(( $(date +%s) - t0 ))
rm -f "$WORK/events.ndjson"
per=$(( docmb / 4 ))
for i in 1 2 3 4; do
	head -c $(( per * 1000000 )) /dev/urandom > "$WORK/scan-$i.pdf"
	# a document comes into a case as a proof (here of a power of attorney)
	printf 'Counsel %s (fictional)\n' "$i" |
		rr mandate add big --holder - --granted 2026-01-0$i --proof "$WORK/scan-$i.pdf" >/dev/null
	rm -f "$WORK/scan-$i.pdf"
done
printf 'Bench office (fictional)\n' | rr bundle signer big --new --prepared-by - --quiet >/dev/null
mkdir "$WORK/out"
# the page cache holds the case either way: read it once before timing
cat "$WORK/cases/big.case/case.db" > /dev/null
/usr/bin/time -f "%e %M" -o "$WORK/time.bundle" env RECOURSE_DEBUG=1 "$R" --passphrase-fd 3 bundle create big \
	--out "$WORK/out" --documents all --quiet 3<"$WORK/pw" </dev/null >"$WORK/bundle.out" 2>"$WORK/bundle.err" ||
	{ tail -20 "$WORK/bundle.err" >&2; exit 1; }
read -r t_bundle rss_bundle < "$WORK/time.bundle"
bag=$(sed -n 's/^Bundle written: //p' "$WORK/bundle.out")
payload=$(du -sb "$bag/data" | cut -f1)
files=$(find "$bag/data" -type f | wc -l)
# the unlock alone (Argon2id's memory is most of any command's peak)
/usr/bin/time -f "%e %M" -o "$WORK/time.open" "$R" --passphrase-fd 3 bundle list big 3<"$WORK/pw" </dev/null >/dev/null
read -r t_open rss_open < "$WORK/time.open"
# the baseline: one pass of tar and one hash over the same payload
/usr/bin/time -f "%e %M" -o "$WORK/time.tar" bash -c "tar cf - -C '$bag' data | sha256sum > /dev/null"
read -r t_tar rss_tar < "$WORK/time.tar"
"$R" bundle verify "$bag" >/dev/null 2>&1 && verified=yes || verified=NO
/usr/bin/time -f "%e %M" -o "$WORK/time.verify" "$R" bundle verify "$bag" >/dev/null 2>&1 || true
read -r t_verify rss_verify < "$WORK/time.verify"
echo "evidence bundle of $events accesses and $docmb MB of documents (import took $t_imp s)"
awk -v tb="$t_bundle" -v rb="$rss_bundle" -v tt="$t_tar" -v rt="$rss_tar" -v ro="$rss_open" -v p="$payload" \
	-v f="$files" -v tv="$t_verify" -v rv="$rss_verify" -v ok="$verified" 'BEGIN {
	printf "  payload: %d files, %.1f MB (data/), SHA-256 and SHA-512 of every byte, signed\n", f, p / 1e6
	printf "  baseline: tar cf - data | sha256sum                 %7.1f s  %7.1f MB/s  peak RSS %6.1f MB\n", tt, p / 1e6 / tt, rt / 1024
	printf "  bundle create (plan, write, sign, record)           %7.1f s  %7.1f MB/s  peak RSS %6.1f MB\n", tb, p / 1e6 / tb, rb / 1024
	printf "  opening the case alone (Argon2id)                                         peak RSS %6.1f MB\n", ro / 1024
	printf "  bundle verify (every checksum, the signature)       %7.1f s  %7.1f MB/s  peak RSS %6.1f MB  (verifies: %s)\n", tv, p / 1e6 / tv, rv / 1024, ok
	printf "  bundle / baseline: %.2fx the time (target: within 2x); peak RSS target: under 128 MB\n", tb / tt
}'
grep -E "bundle: (plan|write)" "$WORK/bundle.err" | sed 's/^/  /' || true
