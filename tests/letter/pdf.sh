#!/bin/sh
# tests/letter/pdf.sh - the letters as PDF, read back with pdftotext: the
# English letter (Eurodac access, to a German authority that gets it in
# German, then the applicant's English copy), the Arabic and the
# Tigrinya copies (their words come back from the shaped glyphs), the
# fonts embedded, and A4 pages.  tests/letter/letter-sample renders them.
. "$top_srcdir/tests/lib/tap.sh"
sample=$top_builddir/tests/letter/letter-sample
data=$top_srcdir/data
[ -x "$sample" ] || bail "no $sample (make check builds it)"
command -v pdftotext >/dev/null 2>&1 || bail "pdftotext is needed (apt-get install poppler-utils, tools/install-deps)"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/letter-pdf-XXXXXX") || bail "mktemp"
trap 'rm -rf "$tmp"' EXIT

# text of a PDF without spaces and bidi marks (pdftotext splits Arabic
# words where glyphs join)
flat() {
	pdftotext -enc UTF-8 "$1" - | sed 's/\xe2\x80[\xaa-\xae]//g; s/\xe2\x81[\xa6-\xa9]//g' | tr -d ' \n'
}

"$sample" "$data" access eurodac de en pdf >"$tmp/en.pdf" 2>"$tmp/err"
ok $? "an access letter renders as PDF (German letter, English copy)"
head -c 5 "$tmp/en.pdf" | grep -q '%PDF-'
ok $? "it is a PDF"
info=$(pdfinfo "$tmp/en.pdf" 2>/dev/null)
like "$info" 'Page size: +595\.2[0-9]* x 841\.8[0-9]* pts \(A4\)' "its pages are A4"
fonts=$(pdffonts "$tmp/en.pdf" 2>/dev/null | tail -n +3)
like "$fonts" 'NotoSans' "Noto Sans is used"
unlike "$fonts" ' no +(yes|no) +(yes|no) +[0-9]+ +[0-9]+$' "every font is embedded"
en=$(pdftotext -enc UTF-8 "$tmp/en.pdf" -)
like "$en" 'Betreff: Antrag auf Auskunft über meine personenbezogenen' "the German letter's subject"
like "$en" 'Request for access to my personal data in Eurodac' "the English copy's subject"
like "$en" 'TRANSLATION FOR YOU - THIS PAGE IS NOT SENT' "the copy says it is not sent"
like "$en" '2024/1358 Art\. 43\(1\)-\(2\)' "the article of the rule"
like "$en" 'Art\. 12\(3\), 2016/679' "the answer period's article and act"
like "$en" '2027-01-04' "the due date"
like "$en" 'Bundesagentur für Arbeit, Jobcenter Köln' "the first access"
like "$en" 'Ministry of Interior' "the second access"
unlike "$en" '\{\{' "no placeholder left"

"$sample" "$data" access eurodac de ar pdf >"$tmp/ar.pdf" 2>"$tmp/err"
ok $? "the same with the applicant's copy in Arabic"
fonts=$(pdffonts "$tmp/ar.pdf" 2>/dev/null)
like "$fonts" 'NotoNaskhArabic' "Noto Naskh Arabic is used"
ar=$(flat "$tmp/ar.pdf")
like "$ar" 'يجبعليكمالرد' "Arabic: 'you must answer' comes back from the glyphs"
like "$ar" 'شهرواحد' "Arabic: the period, 'one month'"
like "$ar" 'الجنسية' "Arabic: 'nationality'"
like "$ar" 'الغرض' "Arabic: 'purpose' of an access"
like "$ar" '2027-01-04' "Arabic: the due date"
like "$ar" 'Art\.12\(3\),2016/679' "Arabic: the article, in its own order"
like "$ar" 'DE1-2023-000123' "Arabic: the record reference"

"$sample" "$data" rectification gdpr de ti pdf >"$tmp/ti.pdf" 2>"$tmp/err"
ok $? "a rectification letter with the copy in Tigrinya"
like "$(pdffonts "$tmp/ti.pdf" 2>/dev/null)" 'NotoSansEthiopic' "Noto Sans Ethiopic is used"
ti=$(flat "$tmp/ti.pdf")
like "$ti" 'ሕጋዊመሰረት' "Tigrinya: 'legal basis'"
like "$ti" 'ክኸውንዘለዎ:2023-09-04' "Tigrinya: the correct value"
like "$ti" 'ሕጋዊመሰረት:Art\.16\(2016/679\)' "Tigrinya: the article, as a letter cites it"

# a general law has no system: the letter names the records, not the law
"$sample" "$data" complaint gdpr de en pdf >"$tmp/gdpr.pdf" 2>"$tmp/err"
ok $? "a GDPR complaint renders as PDF (German letter, English copy)"
gdpr=$(pdftotext -enc UTF-8 "$tmp/gdpr.pdf" - | tr '\n' ' ' | tr -s ' ')
like "$gdpr" 'Betreff: Beschwerde über die Verarbeitung meiner personenbezogenen Daten in den Unterlagen der betroffenen Stelle' "German: the records of the authority concerned"
like "$gdpr" 'Complaint about the processing of my personal data in the records of the authority concerned' "English copy: the same"
unlike "$gdpr" 'Daten in General|data in General' "not the regime's title"
like "$en" 'in Eurodac Central System' "a regime with a system names it"

"$sample" "$data" access eurodac de en pdf >/dev/full 2>"$tmp/err"
[ $? -ne 0 ]
ok $? "a full disk is an error, not a half letter called done"
done_testing
