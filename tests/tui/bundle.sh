#!/bin/sh
# bundle.sh - issue 20: the evidence bundle screen.  A case with an
# imported log; b on the home opens the screen; the content chosen (a
# court and who prepared it typed in fields), a folder typed (a USB stick
# offered from RECOURSE_TEST_MEDIA, test builds), the preview lists the
# files and says the case has no certificate; one is made (F7) and the
# preview says it will be signed; written; the verification shows "ok"
# lines and the bundle verifies.  Then "recourse bundle verify" exits 0
# and sha256sum -c passes inside; a bundle damaged after is found so
# by the screen's "Verify a bundle"; Esc during a slow write (test builds:
# RECOURSE_TEST_TASK_SLOW_MS) asks, then stops it with nothing left at
# the destination; an unwritable destination says so.  The court's and
# the applicant's languages other than the interface's (the plan and the
# write switch the messages' language on the worker: the screen stays in
# the interface's).  In Arabic: laid out from the right, written, verified.
. "$top_srcdir/tests/tui/lib.sh"

MEDIA="$WORK/media"
OUT="$WORK/out"
mkdir -p "$MEDIA/COURT-STICK" "$OUT" "$WORK/out2" "$WORK/out3" "$WORK/out4" || bail "mkdir"
TUI_ENV="RECOURSE_TEST_MEDIA='$MEDIA'"
BAG="$OUT/B-1-bundle-20260115"

new_case B-1 "$PASS1" --country SY || bail "case new"
r "$PASS1" -- log import B-1 "$SAMPLES/auditevents-r5.ndjson" >/dev/null 2>&1 || bail "log import"
# the oracle: what the command line counts
N=$(r "$PASS1" -- log list B-1 --format csv | tail -n +2 | grep -c .)
[ "$N" -gt 0 ] || bail "no accesses imported"

home_ready() { wait_for 'Since your last visit' >/dev/null; sleep 0.2; }
msgline() { screen | sed -n "$(($(screen | wc -l) - 1))p"; }
# to_dest: from the home, b, Enter, the content's fields to the last,
# each key given as an argument typed into the field it reaches.
open_content() {
	keys b
	wait_for 'Make a bundle for a court' "${1:-b opens the bundle screen}" || return 1
	keys Enter
	wait_for 'what goes in' "${2:-Enter: the content}"
}
# the content form: Down to a field by its label's place (0-based)
field() { keys Home; _k=0; while [ $_k -lt "$1" ]; do keys Down; _k=$((_k + 1)); done; }
# type_dir PATH: the folder field emptied (Ctrl-U) and PATH typed
type_dir() { keys Home C-u; type_text "$1"; }

# ---- English: the whole way ----
tui_start 80 24 tui B-1 --lang en
unlock "$PASS1"
home_ready
like "$(screen)" '  Evidence bundle for a court' "en: the home has the bundle line"
keys F1
wait_for 'an evidence bundle for a court' "en: the help lists the bundle"
like "$(screen | grep 'an evidence bundle for a court')" '(^| )b ' "en: with its key, b"
keys Escape
home_ready
open_content
s=$(screen)
like "$s" 'Accesses +< Every access >' "en: every access by default"
like "$s" "Court's language +< English \\(en\\) >" "en: the court's language is the interface's"
like "$s" "Applicant's language +< None" "en: no applicant's language by default"
# the court and who prepared it: typed here, never on argv
field 6
type_text "Tribunal administratif de Test"
keys Down
type_text "Test Legal Aid Office"
keys Down Down Enter
wait_for 'where it goes' "en: Enter on the last field: the destination"
s=$(screen)
like "$s" "USB stick +< $MEDIA/COURT-STICK >" "en: the USB stick found is offered"
like "$s" "Folder +$MEDIA/COURT-STICK" "en: and its folder put in the field"
type_dir "$OUT"
keys Enter Enter Enter
wait_for 'what it will hold' "en: the preview"
s=$(screen)
like "$s" 'data/log/accesses\.csv' "en: the preview lists the files"
like "$s" 'data/log/flagged\.csv' "en: the flagged ones too"
like "$s" "$BAG" "en: and where it goes"
keys End
wait_for "In all: $N accesses" "en: the totals (as many accesses as the command line counts)"
like "$(screen)" 'no certificate to sign' "en: the case has no certificate: said"
like "$(screen | tail -1)" 'F7 New' "en: and F7 offered"
[ ! -e "$BAG" ]
ok $? "en: nothing written by the preview"
keys F7
wait_for 'a certificate to sign with' "en: F7 asks for the certificate's name"
like "$(screen)" 'In the name of +Test Legal Aid Office' "en: the name prefilled with who prepared it"
keys Enter
wait_for 'what it will hold' "en: the preview again"
keys End
wait_for "signed with the case's certificate" "en: now it will be signed"
like "$(screen)" 'Press Enter to write it' "en: Enter writes"
keys Enter
TUI_TIMEOUT=60
wait_for 'written and checked' "en: written, then checked"
TUI_TIMEOUT=15
s=$(screen)
like "$s" "Bundle written: $BAG" "en: where it was written"
like "$s" '^  ok +bag' "en: the bag check is ok"
like "$s" '^  ok +signature' "en: the signature check is ok"
# (a hash or a fingerprint is wrapped: read the screen without line ends)
flat=$(printf '%s' "$s" | tr -d '\n ')
tm_sha=$(sha256sum "$BAG/tagmanifest-sha256.txt" | cut -d' ' -f1)
like "$flat" "TagmanifestSHA-256:$tm_sha" "en: the tag manifest's SHA-256, the one of the file written"
fp_screen=$(printf '%s' "$flat" | sed -n 's/.*Signedwiththecertificate:\([0-9A-F:]*\).*/\1/p')
like "$fp_screen" '^([0-9A-F]{2}:){31}[0-9A-F]{2}$' "en: the signer's fingerprint"
keys End
wait_for 'The bundle verifies' "en: the bundle verifies"
unlike "$(screen)" 'FAILED' "en: no check failed"

# what the command line and sha256sum say of it
"$RECOURSE" bundle verify "$BAG" >"$WORK/verify.txt" 2>&1
ok $? "recourse bundle verify exits 0"
(cd "$BAG" && sha256sum -c --quiet manifest-sha256.txt >/dev/null 2>&1)
ok $? "sha256sum -c manifest-sha256.txt passes inside"
tr '\n' ' ' < "$BAG/bag-info.txt" | tr -s ' ' | grep -q 'Prepared for Tribunal administratif de Test\.' 
ok $? "the court typed is on the bag's description"
grep -q '^Source-Organization: Test Legal Aid Office' "$BAG/bag-info.txt"
ok $? "who prepared it is Source-Organization"

# ---- verify by path, then a damaged copy ----
keys Escape
wait_for 'Make a bundle for a court' "Esc from the result: the first step"
if command -v python3 >/dev/null 2>&1; then
	# the mouse: a click selects the line, a second one opens it (as mouse.sh)
	click() { type_text "$(python3 -c 'import sys; x, y = int(sys.argv[1]), int(sys.argv[2]); p = lambda b: "\x1b[M" + chr(32 + b) + chr(33 + x) + chr(33 + y); sys.stdout.write(p(0) + p(3))' "$1" "$2")"; }
	row=$(line_of 'Verify a bundle \(a folder')
	click 4 "$row"
	wait_for '^> Verify a bundle' "a click selects the verify line"
	click 4 "$row"
else
	keys Down Enter
fi
wait_for 'Type the path' "the verify step"
type_text "$BAG"
keys Enter
wait_for 'What was checked' "a bundle verified by its path"
keys End
wait_for 'The bundle verifies' "it verifies"
cp -r "$BAG" "$WORK/damaged" || bail "cp"
printf 'x' >> "$WORK/damaged/data/log/accesses.csv"
keys Escape
wait_for 'Make a bundle for a court' >/dev/null
keys Down Enter
wait_for 'Verify a bundle' >/dev/null
type_text "$WORK/damaged"
keys Enter
wait_for 'What was checked' "the damaged copy is checked"
like "$(screen)" '^  FAILED +bag' "the bag check FAILED"
keys End
wait_for 'does NOT verify' "it does not verify"
"$RECOURSE" bundle verify "$WORK/damaged" >/dev/null 2>&1
isnt_zero=$?
[ "$isnt_zero" -ne 0 ]
ok $? "and the command line agrees"
keys Escape Escape
home_ready

# ---- a full destination, a stick pulled out, a read-only folder ----
# /proc has no free space (statvfs): the preview is made, the write says
# the destination is full.
open_content "full: the screen again" "full: the content again"
keys End Enter
wait_for 'where it goes' >/dev/null
type_dir /proc
keys Enter Enter Enter
wait_for 'what it will hold' "full: the preview is made (the folder exists)"
keys Enter
TUI_TIMEOUT=30
wait_for 'destination is full' "full: said in plain words"
TUI_TIMEOUT=15
s=$(screen)
like "$s" 'where it goes' "full: back on the destination, the choices kept"
like "$s" "Folder +/proc" "full: the folder typed is still there"
like "$(printf '%s' "$s" | tr -d '\n' | tr -s ' ')" 'Nothing was left there and the case is as it was' "full: nothing lost, said whole on the step"
[ -z "$(ls /proc | grep 'B-1-bundle')" ]
ok $? "full: nothing left there"
# the stick taken out between the preview and the write
mkdir -p "$WORK/pulled" || bail "mkdir"
type_dir "$WORK/pulled"
keys Enter Enter Enter
wait_for 'what it will hold' "pulled: the preview"
rm -rf "$WORK/pulled"
keys Enter
TUI_TIMEOUT=30
wait_for 'could not be written|There is no folder' "pulled: said in plain words"
TUI_TIMEOUT=15
like "$(screen)" 'where it goes' "pulled: back on the destination"
[ ! -e "$WORK/pulled" ]
ok $? "pulled: nothing made there"
if [ "$(id -u)" != 0 ]; then
	mkdir -p "$WORK/ro" && chmod 555 "$WORK/ro"
	type_dir "$WORK/ro"
	keys Enter Enter Enter
	wait_for 'Nothing can be written into|read-only' "read-only: said in plain words"
	is "$(ls -A "$WORK/ro" | wc -l | tr -d ' ')" "0" "read-only: nothing there"
	chmod 755 "$WORK/ro"
else
	skip "root writes into a read-only folder (the full and pulled destinations are tested)"
	skip "root: no read-only folder"
fi
keys F12
wait_exit "quick exit"
fp=$(r "$PASS1" -- bundle signer B-1 | sed -n 's/^SHA-256 fingerprint: //p')
is "$fp" "$fp_screen" "the fingerprint shown is the case's certificate's (bundle signer)"

# ---- Esc during a slow write: nothing left; the court's language fr
# and the applicant's ar while the interface is English ----
TUI_ENV="RECOURSE_TEST_MEDIA='$MEDIA' RECOURSE_TEST_TASK_SLOW_MS=4000"
tui_start 80 24 tui B-1 --lang en
unlock "$PASS1"
home_ready
open_content "slow: the screen" "slow: the content"
field 8
keys Right
like "$(screen)" "Court's language +< العربية \\(ar\\) >|Court's language +< .* \\(ar\\) >" "the court's language changed"
keys Down Left
like "$(screen)" "Applicant's language +< Français \\(fr\\) >" "the applicant's language chosen"
keys Enter
wait_for 'where it goes' >/dev/null
type_dir "$WORK/out2"
keys Down Right
like "$(screen)" 'Form +< One \.tar file >' "a .tar file chosen"
keys Enter Enter
wait_for 'what it will hold' "slow: the preview (made with the other languages)"
like "$(screen | tail -1)" 'Esc Back' "the interface is still English after the plan"
keys Enter
wait_for 'Evidence bundle: writing' "slow: writing"
like "$(screen)" 'Esc stops it' "slow: the writing screen says Esc stops it"
wait_for 'Esc Cancel +F12 Hide now' "slow: the footer while it runs"
keys Escape
wait_for 'Stop writing the bundle\?' "slow: Esc asks first"
keys Escape
TUI_TIMEOUT=30
wait_for 'Stopped\. Nothing was left at the destination' "slow: Esc again stops it"
TUI_TIMEOUT=15
like "$(screen)" 'where it goes' "slow: back on the destination"
is "$(ls -A "$WORK/out2" | wc -l | tr -d ' ')" "0" "slow: nothing at the destination"
like "$(screen | tail -1)" 'Esc Back' "slow: the interface is English still"
keys F12
wait_exit "quick exit"

# the same choice written to the end (no slowing): ar and fr in the bag
TUI_ENV="RECOURSE_TEST_MEDIA='$MEDIA'"
tui_start 80 24 tui B-1 --lang en
unlock "$PASS1"
home_ready
open_content "lang: the screen" "lang: the content"
field 8
keys Right Down Left Enter
wait_for 'where it goes' >/dev/null
type_dir "$WORK/out3"
keys Down Right Enter Enter
wait_for 'what it will hold' >/dev/null
keys Enter
TUI_TIMEOUT=60
wait_for 'written and checked' "lang: written with the court's and applicant's languages"
TUI_TIMEOUT=15
keys End
wait_for 'The bundle verifies' "lang: it verifies"
like "$(screen | tail -1)" 'Esc Back' "lang: the interface is English after the write"
"$RECOURSE" bundle verify "$WORK/out3/B-1-bundle-20260115.tar" >/dev/null 2>&1
ok $? "lang: recourse bundle verify exits 0 on the .tar"
if has_catalog ar; then
	tar -xOf "$WORK/out3/B-1-bundle-20260115.tar" B-1-bundle-20260115/data/log/flagged.csv 2>/dev/null |
		grep -q 'ا'
	ok $? "lang: the flags are explained in Arabic (the court's language)"
	! grep -q 'ا' "$BAG/data/log/flagged.csv"
	ok $? "lang: and not in the English bundle made before"
else
	skip "the Arabic catalog is not built for the tests"
fi
keys F12
wait_exit "quick exit"

# ---- Arabic interface ----
tui_start 80 24 tui B-1 --lang ar
unlock "$PASS1"
wait_for '[0-9٠-٩]' >/dev/null
sleep 0.3
keys b
sleep 0.5
keys Enter
wait_for 'ar|\(ar\)' "ar: the content step"
like "$(screen)" '< \(ar\) ' "ar: the court's language is the interface's (Arabic)"
keys End Enter
sleep 0.5
type_dir "$WORK/out4"
keys Enter Enter Enter
wait_for 'data/log/accesses\.csv' "ar: the preview lists the files"
screen > "$WORK/ar-preview.txt"
# laid out from the right: the title ends at the right edge
title=$(head -1 "$WORK/ar-preview.txt")
[ "$(printf '%s' "$title" | sed 's/ *$//' | wc -m)" -ge 76 ]
ok $? "ar: the title is laid out from the right"
keys Enter
TUI_TIMEOUT=60
wait_for 'B-1-bundle-20260115' >/dev/null
wait_for 'signature' "ar: written and checked"
TUI_TIMEOUT=15
"$RECOURSE" bundle verify "$WORK/out4/B-1-bundle-20260115" >/dev/null 2>&1
ok $? "ar: recourse bundle verify exits 0"
(cd "$WORK/out4/B-1-bundle-20260115" && sha256sum -c --quiet manifest-sha256.txt >/dev/null 2>&1)
ok $? "ar: sha256sum -c passes inside"
keys F12
wait_exit "quick exit"

r "$PASS1" -- bundle list B-1 --format csv > "$WORK/list.csv" 2>/dev/null
is "$(tail -n +2 "$WORK/list.csv" | grep -c .)" "3" "three bundles recorded in the case (the stopped and the failed ones not)"
out=$(r "$PASS1" -- case verify B-1 2>&1)
ok $? "the case verifies"
done_testing
