#!/bin/sh
# bidi.sh - right-to-left screens with left-to-right text in them
# (issue 16, point 2), in Arabic at 80x24, with an English control:
# - a timestamp in Latin digits keeps its order ("2024-05-22T08:15:00Z",
#   not "22T08:15:00Z-05-2024");
# - a Latin name cut to its column keeps its start, and the ellipsis
#   is at its logical end ("Bundesamt für Mig…", not "…Bundesamt");
# - the original record is shown left to right from the left edge,
#   braces not mirrored, exactly as received;
# - a date typed in the filter is accepted in the form the screen shows
#   (day first as read from the left, or Arabic-Indic digits).
. "$top_srcdir/tests/tui/lib.sh"

new_case B-1 "$PASS1" --country SY || bail "case new"
r "$PASS1" -- log add B-1 --when 2024-05-22T08:15:00Z --authority "Bundesamt für Migration und Flüchtlinge" \
	--country DE --categories fingerprints --note "2024-05-22T08:15:00Z" >/dev/null 2>&1 || bail "log add"
r "$PASS1" -- log add B-1 --when 2023-01-10T10:00:00Z --authority "الشرطة السورية" \
	--country SY --categories fingerprints >/dev/null 2>&1 || bail "log add"

tui_start 80 24 tui B-1 --lang ar
unlock "$PASS1"
wait_for '\[!\]' >/dev/null
keys l
wait_for 'Bundesamt' "ar: the log opens"
row=$(screen | grep 'Bundesamt')
like "$row" 'Bundesamt f.r [^…]*…' "ar: a cut Latin name keeps its start, the ellipsis at its end"
unlike "$row" '…Bundesamt' "ar: no ellipsis before the name"
keys Enter
wait_for 'Bundesamt' "ar: the detail opens"
keys End
wait_for '2024-05-22T08:15:00Z' "ar: a Latin timestamp keeps its order (note field)"
unlike "$(screen)" '22T08:15:00Z-05-2024' "ar: not scrambled"
keys Escape
wait_for 'Bundesamt' >/dev/null
keys F4
wait_for 'UTC|F5' "ar: the filter opens"
keys Down Down Down
# The date as an Arabic screen shows it, read from the left: day first.
type_text "22-05-2024"
keys Enter
wait_for 'Bundesamt' "ar: a date typed day first, as the screen shows it, is accepted"
unlike "$(screen)" 'ﺔﻳﺭﻮﺴﻟﺍ ﺔﻃﺮﺸﻟﺍ' "ar: the filter applies (the 2023 access is not listed)"
keys F4
wait_for 'UTC|F5' >/dev/null
keys Down Down Down
keys C-u
type_text "٢٠٢٤-٠٥-٢٢"
keys Enter
wait_for 'Bundesamt' "ar: a date in Arabic-Indic digits is accepted"
unlike "$(screen)" 'ﺔﻳﺭﻮﺴﻟﺍ ﺔﻃﺮﺸﻟﺍ' "ar: that filter applies too"
keys F12
wait_exit "ar: quick exit"

# The original record of an imported access, in Arabic.
new_case R-1 "$PASS1" --country ER || bail "case new"
r "$PASS1" -- log import R-1 "$SAMPLES/auditevents-r5.ndjson" >/dev/null 2>&1 || bail "log import"
tui_start 80 24 tui R-1 --lang ar
unlock "$PASS1"
wait_for '\[!\]' >/dev/null
keys l
wait_for '١/٣٠' "ar: the log of imported accesses"
keys Enter
wait_for '\(١/٣٠\)' "ar: the detail"
keys F6
wait_for '"resourceType"|^    \{' "ar: the original record is shown"
raw=$(screen | grep 'resourceType' | head -1)
# As received, from the left edge (column 4), in its own order, braces
# as they are: not right-aligned, not mirrored, not reordered.
like "$raw" '^    \{"resourceType": "AuditEvent", "id": "ae5-' "ar: the record starts at the left, exactly as received"
unlike "$raw" '\}"resourceType"|"AuditEvent" :"resourceType"' "ar: not mirrored nor reordered"
keys F12
wait_exit "ar: quick exit"

# English: the same record, the same dates.
tui_start 80 24 tui B-1 --lang en
unlock "$PASS1"
wait_for '\[!\]' >/dev/null
keys l
wait_for 'Bundesamt' "en: the log opens"
keys F4
wait_for 'Show only some accesses' "en: filter"
like "$(screen)" 'A date like|Part of the name' "en: the hint"
keys Down Down Down
type_text "22/05/2024"
keys Enter
wait_for 'from 2024-05-22' "en: a date day first is accepted too"
keys F4
wait_for 'Show only some accesses' >/dev/null
keys Down Down Down
keys C-u
type_text "2024-13-40"
keys Enter
wait_for 'is not a date' "en: a wrong date is refused"
like "$(screen)" 'Write it like 2024-05-22' "en: with an example as the list shows dates"
keys F12
wait_exit "en: quick exit"
done_testing
