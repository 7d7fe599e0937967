#!/bin/sh
# rtl.sh - Arabic: the program reorders and shapes each line itself
# (presentation forms U+FE70-FEFF, no lam-alef ligature), right-aligns
# it and mirrors the layout.  Catalog strings are checked when po/ar.po
# has them; until then the checks run on data we control.
. "$top_srcdir/tests/tui/lib.sh"

new_case A-ar "$PASS1" --country SY || bail "case new"
# "Syrian police" in Arabic: الشرطة السورية (with a lam-alef-free word order).
r "$PASS1" -- log add A-ar --when 2024-03-01T10:00:00Z --authority "الشرطة السورية" \
	--country SY --categories fingerprints >/dev/null 2>&1 || bail "log add"

tui_start 80 24 tui A-ar --lang ar
unlock "$PASS1"
wait_for '\[!\]' "the case home opens in Arabic"
s=$(screen)
# The title sits at the right edge: it starts after a run of blanks and
# its last character is in the last columns.
title=$(screen | sed -n 1p)
like "$title" '^ {20,}[^ ]' "the title is right-aligned (blanks on the left)"
like "$title" 'A-ar' "the title names the case"
[ "$(printf '%s' "$title" | sed 's/ *$//' | wc -m)" -ge 78 ]; ok $? "the title ends at the right edge"
keys l
wait_for 'SY' "the access log opens"
row=$(screen | grep 'SY' | head -1)
# Shaped: the authority in presentation forms, in visual (reversed) order.
like "$row" 'ﺔﻳﺭﻮﺴﻟﺍ ﺔﻃﺮﺸﻟﺍ' "Arabic text is shaped and laid out right to left"
unlike "$row" 'الشرطة' "no unshaped logical-order Arabic on the screen"
unlike "$row" 'ﻻ|ﻼ' "no lam-alef ligature"
# Mirrored: the date column and the selection marker (shown mirrored,
# pointing at the text) are on the right.
# the date in Arabic-Indic digits; its three numbers read right to left
like "$row" '٠١-٠٣-٢٠٢٤( |•)<$' "the row is mirrored (date, in Arabic-Indic digits, and marker on the right)"
unlike "$row" '2024' "no ASCII digits in the date shown in Arabic"
cy=$(cursor)
is "${cy%,*}" "79" "the cursor sits at the start of the row: the right edge"
# The footer is mirrored too: Help (F1) at the right end.
like "$(screen | tail -1)" 'F1 *$' "the footer starts at the right"
keys Enter
wait_for 'SY' "detail opens"
like "$(screen)" 'ﺔﻳﺭﻮﺴﻟﺍ ﺔﻃﺮﺸﻟﺍ' "detail shows the shaped name"
# The Arabic catalog is complete (tests/i18n/catalogs.sh): its strings
# must show translated and shaped.
has_catalog ar; ok $? "the Arabic catalog is installed for the tests"
s=$(screen)
unlike "$s" 'Help|Quit' "catalog: the footer is translated"
screen | tail -1 | python3 -c 'import sys; s = sys.stdin.read(); sys.exit(0 if sum(0xFE70 <= ord(c) <= 0xFEFF for c in s) >= 10 else 1)'
ok $? "catalog: the translated footer labels are shaped (presentation forms)"
screen | tail -1 | python3 -c 'import sys; s = sys.stdin.read(); sys.exit(1 if any(0x0622 <= ord(c) <= 0x064A for c in s) else 0)'
ok $? "catalog: no unshaped joining Arabic letters in the footer (hamza has no joined forms)"
# Switch the language at once (F2) from any screen.
keys F2
wait_for 'English' "F2 opens the language list from the detail"
keys Home Enter
wait_for 'Authority +ﺔﻳﺭﻮﺴﻟﺍ ﺔﻃﺮﺸﻟﺍ|Authority' "back in English at once, left to right"
like "$(screen | sed -n 1p)" '^ One access' "the title is left-aligned again"
keys F12
wait_exit "quick exit"
done_testing
