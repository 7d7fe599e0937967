#!/bin/sh
# Each command takes only its own options (issue 13): an option of another
# command, an unknown option, a missing value, or a value given twice where
# the command reads one is refused with exit 2 and a message naming the
# option and the command; and nothing is done.
. "$top_srcdir/tests/lib/common.sh"

P="foreign passphrase"
new_case f "$P" || bail "case new"
dir="$RECOURSE_CASES_DIR/f.case"
before=$(snapshot "$dir")

# refused DESCRIPTION PATTERN COMMAND...: exit 2 and a message matching PATTERN
refused() {
	_d=$1 _p=$2
	shift 2
	out=$(r "$P" -- "$@" 2>&1); st=$?
	is "$st" "2" "$_d: exit 2"
	like "$out" "$_p" "$_d: says so"
}

# the options of another command
refused "log list --kind" '"log list" does not take the option --kind\.' log list f --kind erasure
like "$out" "Try: recourse log list --help" "log list --kind: points to log list --help"
refused "log list --when" '"log list" does not take the option --when\.' log list f --when yesterday
refused "log list --kind --when: the first is named" 'does not take the option --kind\.' \
	log list f --kind erasure --when yesterday
refused "case new --when" '"case new" does not take the option --when\.' case new X --when 2024-01-01
like "$out" "Try: recourse case new --help" "case new --when: points to case new --help"
[ ! -e "$RECOURSE_CASES_DIR/X.case" ]; ok $? "case new --when: no case was made"
refused "request add --raw" '"request add" does not take the option --raw\.' \
	request add f --kind erasure --filed 2025-06-02 --raw
refused "log add --limit" '"log add" does not take the option --limit\.' \
	log add f --when 2024-03-01 --authority - --limit 3
refused "case erase --raw" '"case erase" does not take the option --raw\.' case erase f --yes --raw
[ -d "$dir" ]; ok $? "case erase --raw: the case is still there"
refused "case info --since" '"case info" does not take the option --since\.' case info f --since 2024-01-01
refused "log show --limit" '"log show" does not take the option --limit\.' log show f 1 --limit 3
refused "log import --oldest-first" '"log import" does not take the option --oldest-first\.' \
	log import f "$SAMPLES/letter-transcription.csv" --oldest-first
refused "case verify --format" '"case verify" does not take the option --format\.' case verify f --format csv
refused "request confirm --filed" '"request confirm" does not take the option --filed\.' \
	request confirm f 1 --filed 2025-01-01
refused "case list --yes" '"case list" does not take the option --yes\.' case list --yes
refused "before the command" '"log list" does not take the option --kind\.' --kind erasure log list f
refused "with =VALUE" '"log list" does not take the option --kind\.' log list f --kind=erasure
refused "a value to a switch of another command" '"log list" does not take the option --raw\.' \
	log list f --raw=yes
refused "tui --format" '"tui" does not take the option --format\.' tui --format csv

# unknown options, missing and unwanted values
refused "an unknown long option" 'the option --frobnicate is not known\.' log list f --frobnicate
like "$out" "Try: recourse log list --help" "an unknown option: points to the command's --help"
refused "an unknown long option with a value" 'the option --frobnicate is not known\.' log list f --frobnicate=3
refused "an unknown short option" 'the option -x is not known\.' log list f -x
refused "an abbreviation of several options" '--re is the start of more than one option' log list f --re 3
refused "a missing value" 'the option --since needs a value \(DATE\)\.' log list f --since
refused "a value to a switch" 'the option --raw takes no value\.' log show f 1 --raw=yes

# a value given twice where the command reads one
refused "--limit twice" 'the option --limit can be given only once\.' log list f --limit 5 --limit 6
refused "--when twice" 'the option --when can be given only once\.' \
	log add f --when 2024-03-01 --when 2024-03-02 --authority -
refused "--country twice in log list" 'the option --country can be given only once\.' \
	log list f --country DE --country FR
refused "--passphrase-fd twice" 'the option --passphrase-fd can be given only once\.' \
	case info f --passphrase-fd 3
is "$(snapshot "$dir")" "$before" "nothing refused changed the case (not even its journal of openings)"
is "$(r "$P" -- request list f --format csv 2>/dev/null | tail -n +2)" "" "request add --raw: no request was recorded"

out=$(r "$P" -- log list f --oldest-first --oldest-first 2>&1); st=$?
is "$st" "0" "a switch given twice is harmless"
# --country and --regime add up in case new, as they always did
out=$(r "twice passphrase" -- case new twice $KDF --country ER --country SY --regime gdpr --regime eurodac 2>&1)
ok $? "case new takes --country and --regime more than once"
out=$(r "twice passphrase" -- case info twice --format json 2>&1)
like "$out" '"countries": "ER,SY"' "case new: both countries kept"
like "$out" '"regimes": "gdpr,eurodac"' "case new: both regimes kept"

# options of every command, on commands that do not open a case
"$RECOURSE" case list --quiet --slot x --cases-dir "$RECOURSE_CASES_DIR" --lang en >/dev/null 2>&1
is "$?" "0" "case list takes the options of every command"
"$RECOURSE" -q log flags --format csv --passphrase-fd 0 </dev/null >/dev/null 2>&1
is "$?" "0" "log flags takes the options of every command"

# quick key derivation: only in a build with test hooks, only where a
# passphrase is made
if "$RECOURSE" case new --help | grep -q -- '--kdf-memory'; then
	refused "case list --kdf-memory" '"case list" does not take the option --kdf-memory\.' case list --kdf-memory 64
	refused "log list --kdf-ops" '"log list" does not take the option --kdf-ops\.' log list f --kdf-ops 3
	refused "a bad --kdf-memory" 'kdf-memory needs a size in MiB' case new k --kdf-memory 1
	skip "--kdf-memory unknown without test hooks: this build has them"
else
	skip "--kdf-memory on the wrong command: this build has no test hooks"
	skip "--kdf-ops on the wrong command: this build has no test hooks"
	skip "a bad --kdf-memory: this build has no test hooks"
	refused "--kdf-memory without test hooks" 'the option --kdf-memory is not known\.' case new k --kdf-memory 64
fi

done_testing
