#!/bin/sh
# CSV cells and spreadsheet formulas (issue 15, finding 5): a spreadsheet
# may split the lines on , ; tab or | (";" in German, French or Spanish
# settings), and our quotes mean nothing to it inside a cell.  Whichever
# of them it splits on, quote-aware or not, no cell may begin (past spaces
# and quotes) with = + - or @.
. "$top_srcdir/tests/lib/common.sh"

P="csv passphrase"
new_case c "$P" || bail "case new"
# The authorities come in a letter transcribed into CSV (so that this
# test is about the listing alone).
python3 - "$top_srcdir/tests/data/samples/letter-transcription.csv" > "$WORK/letter.csv" <<'PY'
import csv, sys
header = open(sys.argv[1], encoding="utf-8").readline().strip().split(",")
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(header)
names = ["Amt;=cmd|' /C calc'!A0", "Amt,=1+1", "Amt|=1+1", "Amt\t=1+1", "Amt;  @SUM(1)",
         "Amt; -2+3", "Amt|+1", 'Amt;"=1+1"', "=1+1", " -3", "Normal; office", "Office - Unit 3"]
for day, name in enumerate(names, 1):
    row = dict.fromkeys(header, "")
    row.update(occurred_at="2024-05-%02d" % day, authority=name, action="search", outcome="hit")
    w.writerow([row[h] for h in header])
PY
r "$P" -- log import c "$WORK/letter.csv" >/dev/null 2>&1 || bail "import"

r "$P" -- log list c --format csv --limit 100 > "$WORK/list.csv" 2>/dev/null || bail "log list"
is "$(grep -c . "$WORK/list.csv")" "13" "the header and 12 accesses"

# cells FILE SEPARATOR quoted|naive: the cells of every line, one a line
cells() {
	python3 - "$@" <<'PY'
import csv, io, sys
text = open(sys.argv[1], encoding="utf-8", newline="").read()
sep = {"comma": ",", "semicolon": ";", "tab": "\t", "bar": "|"}[sys.argv[2]]
if sys.argv[3] == "quoted":
    rows = csv.reader(io.StringIO(text), delimiter=sep)
else:
    rows = (line.split(sep) for line in text.split("\r\n"))
for row in rows:
    for cell in row:
        print(cell.replace("\n", " "))
PY
}
for sep in comma semicolon tab bar; do
	for how in quoted naive; do
		bad=$(cells "$WORK/list.csv" $sep $how | sed 's/^[ "]*//' | grep '^[-=+@]')
		is "$bad" "" "split on $sep ($how): no cell begins with = + - @"
	done
done

# what the cells hold, read as a spreadsheet splitting on commas reads them
auth() { cells "$WORK/list.csv" comma quoted | grep -Fx -- "$1"; }
is "$(auth "'Amt;'=cmd|' /C calc'!A0")" "'Amt;'=cmd|' /C calc'!A0" "a ; before = : the cell and the = after it start with an apostrophe"
is "$(auth "'Amt,'=1+1")" "'Amt,'=1+1" "a , before ="
is "$(auth "'Amt|'=1+1")" "'Amt|'=1+1" "a | before ="
is "$(auth "'Amt;  '@SUM(1)")" "'Amt;  '@SUM(1)" "a ; and spaces before @"
is "$(auth "'Amt; '-2+3")" "'Amt; '-2+3" "a ; and a space before -"
is "$(auth "'Amt|'+1")" "'Amt|'+1" "a | before +"
is "$(auth "'Amt;\"'=1+1\"")" "'Amt;\"'=1+1\"" "a ; and a quote before ="
is "$(auth "'=1+1")" "'=1+1" "a cell starting with = (as before)"
is "$(auth "Amt =1+1")" "Amt =1+1" "a tab in a text becomes a space when it is read in: no cell holds one"
is "$(auth "Normal; office")" "Normal; office" "a separator followed by a letter is left as it is"
is "$(auth "Office - Unit 3")" "Office - Unit 3" "a - inside a text is left as it is"
grep -q '^[0-9]*,2024-05-11,,Normal; office,' "$WORK/list.csv"; ok $? "and is not quoted"

done_testing
