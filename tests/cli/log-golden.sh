#!/bin/sh
# Golden output: the CLI's listings on the R4 sample pages, with a fixed
# clock, compared byte for byte.  RECOURSE_REGOLD=1 rewrites the golden
# files (read the diff before committing it).
. "$top_srcdir/tests/lib/common.sh"

G="$top_srcdir/tests/cli/golden"
P="golden passphrase"
rt "A. Sample (fictional)" -- "$P" -- case new g $KDF --country ER --regime gdpr --regime eurodac --regime sis \
	--record-created 2023-09-04 --record-dates eurodac:applicant=2013-09-04 --name - >/dev/null 2>&1 || bail "case new"
r "$P" -- request add g --kind erasure --regime gdpr --filed 2025-06-02 >/dev/null 2>&1 || bail "request"
r "$P" -- log import g "$SAMPLES/auditevents-r4-page1.json" >/dev/null 2>&1 || bail "import 1"
r "$P" -- log import g "$SAMPLES/auditevents-r4-page2.json" >/dev/null 2>&1 || bail "import 2"
r "$P" -- log import g "$SAMPLES/letter-transcription.csv" >/dev/null 2>&1 || bail "import csv"

golden() { # golden NAME COMMAND...
	_name=$1
	shift
	"$@" > "$WORK/$_name.out" 2>/dev/null
	if [ -n "${RECOURSE_REGOLD:-}" ]; then
		cp "$WORK/$_name.out" "$G/$_name.txt"
	fi
	if [ -f "$G/$_name.txt" ] && cmp -s "$WORK/$_name.out" "$G/$_name.txt"; then
		pass "golden: $_name"
	else
		fail "golden: $_name"
		diff -u "$G/$_name.txt" "$WORK/$_name.out" 2>&1 | head -30 | sed 's/^/# /'
	fi
}

golden list-table r "$P" -- log list g --limit 12
golden list-burst-csv r "$P" -- log list g --flag burst --format csv --limit 5
golden list-oldest-json r "$P" -- log list g --oldest-first --limit 3 --format json
id=$(r "$P" -- log list g --flag fled-country --format csv | tail -n +2 | cut -d, -f1)
golden show-fled r "$P" -- log show g "$id"
golden summary-csv r "$P" -- log summary g --format csv
golden flags-table "$RECOURSE" log flags
golden requests r "$P" -- request list g --format csv
r_fr() { LANGUAGE=fr r "$@"; }
golden list-fr r_fr "$P" -- log list g --limit 5
golden show-fled-fr r_fr "$P" -- log show g "$id"

done_testing
