#!/bin/sh
# tests/letter/index-pdf.sh - the evidence bundle's index (rc_index_pdf),
# read back with poppler-utils and python3: for English with Arabic, German
# alone, French with Persian, and 2,000 flagged accesses: the page count
# (more than one, growing with the rows), the fonts embedded, the case
# label, every section title of the language's index.txt, "Page N of
# TOTAL" on every page, the Arabic and Persian words in logical order from
# the shaped glyphs, the fingerprint, the bookmarks (the /Outlines titles,
# read from the PDF with python3), the contents' links, and the contents'
# page numbers against the pages where the sections are.
# tests/letter/index-sample renders them.
. "$top_srcdir/tests/lib/tap.sh"
sample=$top_builddir/tests/letter/index-sample
data=$top_srcdir/data
[ -x "$sample" ] || bail "no $sample (make check builds it)"
for t in pdftotext pdfinfo pdffonts python3; do
	command -v $t >/dev/null 2>&1 || bail "$t is needed (poppler-utils, python3: tools/install-deps)"
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/index-pdf-XXXXXX") || bail "mktemp"
export IDX_TMP="$tmp"
trap 'rm -rf "$tmp"' EXIT

# text of a PDF without spaces and bidi marks (pdftotext splits Arabic
# words where glyphs join), as pdf.sh reads it
flat() {
	pdftotext -enc UTF-8 "$@" - | sed 's/\xe2\x80[\xaa-\xaf]//g; s/\xe2\x81[\xa6-\xa9]//g' | tr -d ' \n'
}
# a word of LANG's index.txt, and the same without spaces
word() { sed -n "s/^$2 = //p" "$data/templates/$1/index.txt"; }
pages() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p'; }

# The bookmarks' titles, one a line: the /Title strings of the outline
# items (literal or UTF-16BE hex, as Cairo writes them) of a PDF whose
# catalog has /Outlines.
outline() {
	python3 - "$1" <<'EOF'
import re, sys
d = open(sys.argv[1], 'rb').read()
if not re.search(rb'/Outlines\s+\d+\s+0\s+R', d):
    sys.exit(1)
def lit(s):
    out, i = bytearray(), 0
    while i < len(s):
        c = s[i]
        if c == 0x5c:
            i += 1
            e = s[i:i + 1]
            m = {b'n': 10, b'r': 13, b't': 9, b'b': 8, b'f': 12}
            if e in m: out.append(m[e])
            elif e.isdigit():
                j = i
                while j < len(s) and j < i + 3 and chr(s[j]) in '01234567': j += 1
                out.append(int(s[i:j], 8) & 255); i = j - 1
            else: out += e
        else:
            out.append(c)
        i += 1
    return bytes(out)
for obj in re.finditer(rb'<<((?:(?!>>\s*endobj).)*?/Parent(?:(?!>>\s*endobj).)*?)>>\s*endobj', d, re.S):
    m = re.search(rb'/Title\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)', obj.group(1), re.S)
    if not m:
        continue
    t = m.group(1)
    b = bytes.fromhex(re.sub(rb'\s', b'', t[1:-1]).decode()) if t[:1] == b'<' else lit(t[1:-1])
    s = b[2:].decode('utf-16-be') if b[:2] == b'\xfe\xff' else b.decode('latin-1')
    print(s)
EOF
}

# check LANG PDF EXPECTED-SECTIONS: what every index must have
check() {
	lang=$1 pdf=$2 what=$3
	n=$(pages "$pdf")
	[ "${n:-0}" -gt 1 ]
	ok $? "$what: more than one page ($n)"
	like "$(pdfinfo "$pdf" 2>/dev/null)" 'Page size: +595\.2[0-9]* x 841\.8[0-9]* pts \(A4\)' "$what: A4"
	fonts=$(pdffonts "$pdf" 2>/dev/null | tail -n +3)
	like "$fonts" 'NotoSans' "$what: Noto Sans is used"
	unlike "$fonts" ' no +(yes|no) +(yes|no) +[0-9]+ +[0-9]+$' "$what: every font is embedded"
	txt=$(pdftotext -enc UTF-8 "$pdf" - | tr '\n' ' ' | tr -s ' ')
	like "$txt" 'CASE-2026-0042 Musterfrau' "$what: the case label"
	unlike "$txt" '\{\{|\?\?' "$what: no placeholder left"
	printf '%s' "$txt" | grep -q 'EvilCorp Registry'
	ok $? "$what: a name with a bidi override and a control character, without them"
	if printf '%s' "$(pdftotext -enc UTF-8 "$pdf" - )" | grep -q "$(printf '\342\200\256')"; then
		fail "$what: no bidi override reaches the page"
	else
		pass "$what: no bidi override reaches the page"
	fi
	flt=$(flat "$pdf")
	missing=
	for k in title toc s1 s2 s3 s4 s5 s6 s1.counts s1.by_authority s1.by_purpose; do
		w=$(word "$lang" "$k" | tr -d ' ')
		case "$flt" in *"$w"*) ;; *) missing="$missing $k" ;; esac
	done
	is "$missing" "" "$what: every section title of $lang/index.txt is printed"
	# "Page N of TOTAL" on every page, in the language's words (pdftotext
	# ends each page with a form feed)
	pdftotext -enc UTF-8 "$pdf" - | sed 's/\xe2\x80[\xaa-\xaf]//g; s/\xe2\x81[\xa6-\xa9]//g' | tr -d ' ' >"$tmp/pages.txt"
	f=$(word "$lang" page | tr -d ' ')
	bad=$(F="$f" N="$n" python3 -c '
import os
pages = open(os.environ["IDX_TMP"] + "/pages.txt", encoding="utf-8").read().split("\f")
n, f = int(os.environ["N"]), os.environ["F"]
print(" ".join(str(p) for p in range(1, n + 1)
	if p > len(pages) or f.replace("{{n}}", str(p)).replace("{{total}}", str(n)) not in pages[p - 1].replace("\n", "")))')
	is "$bad" "" "$what: every page says which of $n it is"
	# the bookmarks: the six sections and the sub-sections
	bm=$(outline "$pdf")
	ok $? "$what: the PDF has an outline (bookmarks)"
	for s in 1 2 3 4 5 6; do
		t=$(word "$lang" s$s)
		printf '%s\n' "$bm" | grep -qxF "$s  $t"
		ok $? "$what: bookmark \"$s  $t\""
	done
	printf '%s\n' "$bm" | grep -qxF "1.2  $(word "$lang" s1.by_authority)"
	ok $? "$what: bookmark of a sub-section (1.2)"
	links=$(grep -ac '/Subtype /Link' "$pdf")
	[ "$links" -ge 9 ]
	ok $? "$what: the contents' entries are links ($links)"
}

# The contents' page numbers: each entry's title is on the page it names
# (and on no page between the contents and it, for a section).
toc_pages() {
	lang=$1 pdf=$2 what=$3
	n=$(pages "$pdf")
	# the contents: the first page after the cover with its title
	tp=2
	while [ "$tp" -le "$n" ] && ! flat -f $tp -l $tp "$pdf" | grep -qF "$(word "$lang" toc | tr -d ' ')"; do
		tp=$((tp + 1))
	done
	pdftotext -enc UTF-8 -layout -f $tp -l $tp "$pdf" - | tr -s ' ' >"$tmp/toc.txt"
	bad= count=0
	for s in 1 2 3 4 5 6; do
		t=$(word "$lang" s$s)
		line=$(grep -F "$s $t" "$tmp/toc.txt" | head -1)
		pg=$(printf '%s' "$line" | sed -n 's/.*[^0-9]\([0-9][0-9]*\) *$/\1/p')
		[ -n "$pg" ] || { bad="$bad s$s:no-entry"; continue; }
		count=$((count + 1))
		flat -f "$pg" -l "$pg" "$pdf" | grep -qF "$s$(printf '%s' "$t" | tr -d ' ')" || bad="$bad s$s:p$pg"
		if [ "$pg" -gt $((tp + 1)) ]; then
			flat -f $((tp + 1)) -l $((pg - 1)) "$pdf" | grep -qF "$s$(printf '%s' "$t" | tr -d ' ')" &&
				bad="$bad s$s:early"
		fi
	done
	is "$bad" "" "$what: the contents' $count page numbers are the sections' pages"
}

# 1. English for the court, Arabic for the applicant
"$sample" -c en -a ar -r 20 -f 6 "$data" "$tmp/en-ar.pdf" >"$tmp/en-ar.out" 2>"$tmp/err"
ok $? "English with Arabic renders"
fp=$(sed -n 's/^fingerprint //p' "$tmp/en-ar.out")
check en "$tmp/en-ar.pdf" "en+ar"
toc_pages en "$tmp/en-ar.pdf" "en+ar"
is "$tp" 2 "en+ar: the cover is one page, the contents the second"
like "$(pdffonts "$tmp/en-ar.pdf" 2>/dev/null)" 'NotoNaskhArabic' "en+ar: Noto Naskh Arabic is used"
like "$(pdffonts "$tmp/en-ar.pdf" 2>/dev/null)" 'NotoSansMono' "en+ar: hashes in Noto Sans Mono"
flt=$(flat "$tmp/en-ar.pdf")
# (words without lam-alef: pdftotext reads that ligature's glyph back wrong)
like "$flt" 'الفهرس' "en+ar: the Arabic title, from the glyphs in logical order"
like "$flt" "$(word ar s3 | tr -d ' ')" "en+ar: an Arabic heading under the English one"
like "$flt" "$(word ar toc | tr -d ' ')" "en+ar: the contents' title in Arabic"
like "$flt" 'لميكنلهذهالجهةأي' "en+ar: the applicant's explanation of a flagged access"
like "$flt" "$(word ar s2.uncertain | tr -d ' ' | cut -c1-40)" "en+ar: 'the law is uncertain here' in Arabic"
like "$flt" "$(word en s2.uncertain | tr -d ' ')" "en+ar: 'the law is uncertain here' in English"
like "$flt" "$(printf '%s' "$fp" | tr -d ' ')" "en+ar: the signing certificate's fingerprint"
like "$flt" 'sha256sum-cmanifest-sha256.txt' "en+ar: how to verify the manifest"
like "$flt" 'opensslcms-verify-binary-informDER-insignature/tagmanifest-sha256.txt.p7s-contenttagmanifest-sha256.txt-noverify' \
	"en+ar: how to verify the signature"
unlike "$(pdftotext -enc UTF-8 "$tmp/en-ar.pdf" - | grep -E '^[0-9a-f]{20,}-$')" '.' "en+ar: no hyphen added inside a hash"

# 2. German alone; the page count grows with the rows
"$sample" -c de -r 20 -f 6 "$data" "$tmp/de.pdf" >/dev/null 2>"$tmp/err"
ok $? "German renders"
check de "$tmp/de.pdf" "de"
toc_pages de "$tmp/de.pdf" "de"
unlike "$(flat "$tmp/de.pdf")" "$(word ar title | tr -d ' ')" "de: one language only"
"$sample" -c de -r 300 -f 6 "$data" "$tmp/de300.pdf" >/dev/null 2>"$tmp/err"
ok $? "German with 300 authorities renders"
[ "$(pages "$tmp/de300.pdf")" -gt "$(pages "$tmp/de.pdf")" ]
ok $? "de: more rows, more pages ($(pages "$tmp/de.pdf") -> $(pages "$tmp/de300.pdf"))"
n=$(pdftotext -enc UTF-8 "$tmp/de300.pdf" - | grep -c "$(word de s1.by_authority) ($(word de continued))")
[ "$n" -ge 1 ]
ok $? "de: a table that goes on to another page says so ($n)"
"$sample" -c de -u "$data" "$tmp/de-u.pdf" >/dev/null 2>"$tmp/err"
ok $? "an unsigned index renders"
flt=$(flat "$tmp/de-u.pdf")
like "$flt" "$(word de cover.unsigned | tr -d ' ')" "de: an unsigned bundle says so"
like "$flt" "$(word de s6.signature.none | tr -d ' ')" "de: and there is no signature to check"

# 3. French with Persian
"$sample" -c fr -a fa -r 20 -f 6 "$data" "$tmp/fr-fa.pdf" >/dev/null 2>"$tmp/err"
ok $? "French with Persian renders"
check fr "$tmp/fr-fa.pdf" "fr+fa"
toc_pages fr "$tmp/fr-fa.pdf" "fr+fa"
flt=$(flat "$tmp/fr-fa.pdf")
like "$flt" "$(word fa toc | tr -d ' ')" "fr+fa: a Persian heading"
like "$flt" 'ایننهادهیچ' "fr+fa: the applicant's explanation in Persian"

# 4. 2,000 flagged accesses printed, 100 more in the CSV and JSON
"$sample" -c en -r 500 -f 2100 -s 2000 "$data" "$tmp/big.pdf" >/dev/null 2>"$tmp/err"
ok $? "500 authorities and 2,000 flagged accesses render"
check en "$tmp/big.pdf" "2,000 flagged"
toc_pages en "$tmp/big.pdf" "2,000 flagged"
[ "$(pages "$tmp/big.pdf")" -gt 300 ]
ok $? "2,000 flagged: the accesses are all there ($(pages "$tmp/big.pdf") pages)"
[ "$(outline "$tmp/big.pdf" | grep -c '^Access no\. ')" -eq 2000 ]
ok $? "2,000 flagged: a bookmark for each"
like "$(flat "$tmp/big.pdf")" '100moreflaggedaccessesarelistedindata/log/flagged.csvandflagged.json' \
	"2,000 flagged: the rest are named in the CSV and JSON"
done_testing
