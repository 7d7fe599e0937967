#!/bin/bash
# log show --raw (issue 15, findings 4 and 6): the original record is
# cleaned of control and bidi characters on standard output whether or not
# it is a terminal (a pipe often ends at one); its exact bytes go only to
# a new file named with --output (0600, never over a file or through a
# link); with --format json it is "raw" (all of the document in ASCII),
# or base64 in "raw_base64" when it is not UTF-8, and never "{}".
. "$top_srcdir/tests/lib/common.sh"

P="raw passphrase"
new_case c "$P" || bail "case new"
# A letter transcribed into CSV whose cells carry escape sequences: a
# title (OSC 0), the clipboard (OSC 52, also in its C1 form U+009D ...
# U+009C), a bidi override (U+202E); and a line in Latin-1, not UTF-8.
{
	head -1 "$SAMPLES/letter-transcription.csv"
	printf '2024-06-01,Amt Esc\033]0;PWNED\007 title,DE,,SIS,search,fingerprints,x\033]52;c;ZXZpbA==\007y \302\23552;c;ZXZpbA==\302\234 \342\200\256desrever,,hit,doc,note\n'
	printf '2024-06-02,Beh\366rde Latin,DE,,SIS,search,fingerprints,,,hit,doc2,n\351\n'
} > "$WORK/evil.csv"
sed -n 2p "$WORK/evil.csv" | tr -d '\n' > "$WORK/line2"
sed -n 3p "$WORK/evil.csv" | tr -d '\n' > "$WORK/line3"
r "$P" -- log import c "$WORK/evil.csv" >/dev/null 2>&1 || bail "import"
esc=$(r "$P" -- log list c --format csv 2>/dev/null | grep ',2024-06-01,' | cut -d, -f1)
lat=$(r "$P" -- log list c --format csv 2>/dev/null | grep ',2024-06-02,' | cut -d, -f1)
[ -n "$esc" ] && [ -n "$lat" ] || bail "the imported accesses are not listed"
man=$(rt "Typed office" -- "$P" -- log add c --when 2024-07-01 --authority - 2>/dev/null) || bail "log add"

# controls BYTES: which of ESC, BEL, C1 (U+0080-9F), bidi controls it holds
controls() {
	python3 -c '
import re, sys
b = open(sys.argv[1], "rb").read()
found = []
if b"\x1b" in b: found.append("ESC")
if b"\x07" in b: found.append("BEL")
if re.search(rb"\xc2[\x80-\x9f]", b): found.append("C1")
if re.search("[\u202a-\u202e\u2066-\u2069]".encode(), b): found.append("bidi")
print(" ".join(found) or "none")' "$1"
}

# standard output is a pipe here: cleaned all the same
r "$P" -- log show c "$esc" --raw > "$WORK/show.txt" 2>/dev/null; ok $? "log show --raw into a pipe"
is "$(controls "$WORK/show.txt")" "none" "--raw into a pipe: no escape, BEL, C1 or bidi control reaches it"
like "$(cat "$WORK/show.txt")" "Amt Esc\]0;PWNED title" "the record's text is there, its controls removed"
like "$(cat "$WORK/show.txt")" "control characters removed" "and it says it was cleaned"
r "$P" -- log show c "$esc" --raw --format csv > "$WORK/show.csv" 2>/dev/null
is "$(controls "$WORK/show.csv")" "none" "--raw --format csv: cleaned too"

# the exact bytes: --output FILE
out=$(r "$P" -- log show c "$esc" --output "$WORK/rec.bin" 2>&1 >/dev/null); st=$?
is "$st" "0" "--output FILE: exit 0"
cmp -s "$WORK/rec.bin" "$WORK/line2"; ok $? "--output writes the original record byte for byte"
is "$(stat -c %a "$WORK/rec.bin")" "600" "the file is 0600"
like "$out" "not encrypted" "and it says the file is not encrypted"
printf 'keep me' > "$WORK/exists"
out=$(r "$P" -- log show c "$esc" --output "$WORK/exists" 2>&1); st=$?
is "$st" "4" "--output over an existing file: exit 4"
like "$out" "exists already" "and says so"
is "$(cat "$WORK/exists")" "keep me" "the file is as it was"
ln -s "$WORK/target" "$WORK/link"
out=$(r "$P" -- log show c "$esc" --output "$WORK/link" 2>&1); st=$?
is "$st" "4" "--output through a symbolic link (to no file yet): exit 4"
[ ! -e "$WORK/target" ]; ok $? "nothing is written where the link points"
out=$(r "$P" -- log show c "$man" --output "$WORK/manual.bin" 2>&1); st=$?
is "$st" "10" "--output for an access written by hand: exit 10"
like "$out" "no original record" "and says it has none"
[ ! -e "$WORK/manual.bin" ]; ok $? "and no file is made"
rm -f "$WORK/rec.bin"

# JSON: the exact text, every byte of the document in ASCII
r "$P" -- log show c "$esc" --raw --format json > "$WORK/esc.json" 2>/dev/null; ok $? "--raw --format json"
is "$(controls "$WORK/esc.json")" "none" "the JSON holds no control or bidi character itself"
LC_ALL=C grep -q '[^ -~]' "$WORK/esc.json"; [ $? -ne 0 ]; ok $? "the JSON is ASCII (\\uXXXX beyond it)"
python3 - "$WORK/esc.json" "$WORK/line2" <<'PY'
import json, sys
shown = json.load(open(sys.argv[1], encoding="ascii"))
assert shown["raw"].encode("utf-8") == open(sys.argv[2], "rb").read(), "raw is not the record"
assert "raw_base64" not in shown
PY
ok $? "\"raw\" reads back as the original record exactly"

# JSON of a record that is not UTF-8: base64, never "{}"
r "$P" -- log show c "$lat" --raw --format json > "$WORK/lat.json" 2>"$WORK/lat.err"; st=$?
is "$st" "0" "--raw --format json of a record that is not UTF-8: exit 0"
unlike "$(cat "$WORK/lat.json")" "^\{\}$" "not an empty document"
python3 - "$WORK/lat.json" "$WORK/line3" <<'PY'
import base64, json, sys
shown = json.load(open(sys.argv[1], encoding="ascii"))
assert "raw" not in shown, "a raw string for bytes that are not UTF-8"
assert shown["raw_encoding"] == "base64"
assert base64.b64decode(shown["raw_base64"]) == open(sys.argv[2], "rb").read(), "raw_base64 is not the record"
assert shown["authority"].startswith("Beh"), "the other fields are there"
PY
ok $? "the record is in raw_base64 (raw_encoding base64), byte for byte, with the other fields"
r "$P" -- log show c "$lat" --format json > "$WORK/noraw.json" 2>/dev/null
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "raw" not in d and "raw_base64" not in d' "$WORK/noraw.json"
ok $? "without --raw, no original record in the JSON"

done_testing
