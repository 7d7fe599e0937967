#!/bin/sh
# forms.sh - the new case wizard, the manual entry form, a key slot added
# from the settings, and the help page.
. "$top_srcdir/tests/tui/lib.sh"

tui_start 80 24 tui --lang en
wait_for 'Create a new case' "the picker offers a new case"
keys Enter
wait_for 'step 1 of 5' "wizard step 1: label"
like "$(screen)" "Do not use the person's name" "the label is explained"
type_text "bad label!"
keys Enter
wait_for 'Use only letters' "a bad label is refused"
keys C-u
type_text "W-7"
keys Enter
wait_for 'step 2 of 5' "step 2: countries"
type_text "er, sd"
keys Enter
wait_for 'step 3 of 5' "step 3: regimes"
keys Space Enter
wait_for 'step 4 of 5' "step 4: about the person (optional)"
like "$(screen)" '> Name' "the name first"
type_text "Amina Y."
keys Enter
type_text "EU-REF-77"
keys Enter
type_text "2023-13-40"
keys Enter
wait_for 'is not a date' "a wrong record date is refused"
keys C-u
type_text "eurodac:applicant=2023-09-04"
keys Enter
wait_for 'step 5 of 5' "step 5: passphrase"
like "$(screen)" 'Nobody can open the case' "what the passphrase protects"
type_text "short"
keys Enter
type_text "short"
keys Enter
wait_for 'at least 8 characters' "a short passphrase is refused"
keys C-u
type_text "$PASS1"
keys Tab
type_text "$PASS1"
keys Enter
wait_for 'Case W-7' "the case is made and open"
like "$(screen)" 'Hello, Amina Y\.' "the name typed in the wizard greets on the case home"
[ -f "$RECOURSE_CASES_DIR/W-7.case/keyslots" ]
ok $? "the case folder exists"
keys F7
wait_for 'Write down an access' "F7 opens the manual entry"
type_text "2024-06-01"
keys Enter
type_text "Sudanese embassy"
keys Enter
type_text "SD"
keys F5
wait_for 'Saved. The access has number' "the access is saved"
keys l
wait_for 'Sudanese embassy +SD' "it is in the log"
like "$(screen)" '\[!\] Country you fle' "flagged: a country fled (SD)"
keys BSpace
wait_for 'Case W-7'
keys F9
wait_for '\+ Add a key slot' "settings"
keys End Up Enter
wait_for 'Add a key slot' "the slot form"
type_text "counsel"
keys Enter
type_text "another passphrase"
keys Enter
type_text "another passphrase"
keys Enter
wait_for 'Key slot counsel' "the new key slot is listed"
keys F12
wait_exit "quick exit"
out=$(r "another passphrase" -- case info W-7 2>&1)
like "$out" 'counsel' "the new passphrase opens the case"
out=$(r "$PASS1" -- log list W-7 2>&1)
like "$out" 'Sudanese embassy' "the manual entry is in the case"
out=$(r "$PASS1" -- case info W-7 2>&1)
like "$out" 'EU-REF-77' "the record reference from the wizard is kept"
like "$out" 'eurodac.*2023-09-04' "and the record's date for Eurodac"
done_testing
