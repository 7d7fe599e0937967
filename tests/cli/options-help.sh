#!/bin/sh
# Each command's --help is made from its option table (issue 13): its usage
# line, what it does, its own options with their help, then the options of
# every command; never another command's options.  recourse --help lists
# every command with the same usage lines.
. "$top_srcdir/tests/lib/common.sh"

# own_options NOUN [VERB]: the options the command's --help lists as its own
own_options() {
	"$RECOURSE" "$@" --help | sed -n '/^Options:$/,/^$/p' |
		sed -n 's/^ *\(-., \)\{0,1\}\(--[a-z-]*\).*/\2/p' | tr '\n' ' '
}
# usage_options NOUN [VERB]: the options its usage line names
usage_options() {
	"$RECOURSE" "$@" --help | sed -n '/^Usage:/,/^  [^ ]/p' | sed '$d' |
		grep -o -- '--[a-z-]*' | tr '\n' ' '
}

# has OPTIONS WANTED... / lacks OPTIONS UNWANTED...: one test each
has() { _l=" $1"; shift; _w=$1; shift; for o in "$@"; do
	case "$_l" in *" $o "*) pass "$_w lists $o" ;; *) fail "$_w lists $o"; echo "# listed: $_l" ;; esac; done; }
lacks() { _l=" $1"; shift; _w=$1; shift; for o in "$@"; do
	case "$_l" in *" $o "*) fail "$_w does not list $o"; echo "# listed: $_l" ;; *) pass "$_w does not list $o" ;; esac; done; }

out=$("$RECOURSE" log list --help); st=$?
is "$st" "0" "log list --help: exit 0"
like "$out" "^Usage: recourse log list CASE \[--since DATE\] \[--until DATE\]" "log list --help: usage line from the table"
like "$out" "List who accessed the record, newest first" "log list --help: what the command does"
like "$out" "--since DATE +only accesses on or after DATE" "log list --help: each option with its help"
ol=$(own_options log list)
has "$ol" "log list --help" --since --until --flag --authority --country --limit --after --oldest-first --format
lacks "$ol" "log list --help" --kind --when --raw --yes --skip-invalid --reason
like "$out" "Options for every command:" "log list --help: then the options of every command"
like "$out" "--passphrase-fd N" "log list --help: --passphrase-fd among them"

ol=$(own_options request add)
has "$ol" "request add --help" --kind --filed --confirmed --regime --addressee
lacks "$ol" "request add --help" --raw --since --format --when
like "$("$RECOURSE" request add --help)" "^Usage: recourse request add CASE --kind KIND \[--filed DATE\]" \
	"request add --help: required options without brackets"

ol=$(own_options log import)
has "$ol" "log import --help" --format --skip-invalid
lacks "$ol" "log import --help" --limit --raw --since
out=$("$RECOURSE" log import --help)
like "$out" "--format auto\|fhir\|ndjson\|csv" "log import --help: --format names the input formats"
unlike "$out" "table\|csv\|json" "log import --help: not the listing formats"

ol=$(own_options case new)
has "$ol" "case new --help" --slot --country --regime --name --record --record-created --language
lacks "$ol" "case new --help" --when --format --kind --yes
like "$("$RECOURSE" case new --help)" "\[--country CC\]\.\.\. \[--regime ID\]\.\.\." "case new --help: --country and --regime may be repeated"
like "$("$RECOURSE" case new --help)" "--slot LABEL +label of the first key slot" "case new --help: --slot with its own help"

ol=$(own_options log show)
has "$ol" "log show --help" --raw --format
lacks "$ol" "log show --help" --since --limit --kind
ol=$(own_options log add)
has "$ol" "log add --help" --when --authority --country --role --agent --system --action --categories \
	--purpose --legal-basis --outcome --dest --dest-country --source-document --note
lacks "$ol" "log add --help" --reason --format --limit
has "$(own_options log correct)" "log correct --help" --when --authority --reason
has "$(own_options case erase)" "case erase --help" --yes
lacks "$(own_options case erase)" "case erase --help" --format
is "$(own_options case rekey)" "" "case rekey --help: no options of its own"
has "$(own_options tui)" "tui --help" --lang

# every listing takes --format table|csv|json
for c in "case list" "case info" "case slots" "case journal" "log list" "log summary" "log flags" "request list"; do
	like "$("$RECOURSE" $c --help)" "--format table\|csv\|json" "$c --help: --format table|csv|json"
done

# the usage line and the option list name the same options, for every command
all=$("$RECOURSE" --help)
cmds=$(printf '%s\n' "$all" | sed -n 's/^  recourse \([a-z]*\) \([a-z-]*\).*/\1 \2/p' | sed 's/^tui .*/tui/')
n=0
for c in $(printf '%s\n' "$cmds" | tr ' ' '+'); do
	c=$(printf '%s' "$c" | tr '+' ' ')
	n=$((n + 1))
	is "$(usage_options $c)" "$(own_options $c)" "$c --help: the usage line names the options listed"
	like "$all" "recourse $c" "recourse --help lists $c"
done
is "$n" "61" "recourse --help lists 61 commands"
like "$all" "recourse log list CASE \[--since DATE\]" "recourse --help: usage lines from the tables"
like "$all" "recourse request confirm CASE ID --confirmed DATE" "recourse --help: request confirm with its option"
unlike "$all" "--format FORMAT" "recourse --help: --format is no longer an option of every command"

# the man page names each command's options as its table does (the test
# hooks' --kdf-* are described once, under OPTIONS; log correct refers to
# the options of log add)
man="$top_srcdir/doc/recourse.1"
for c in $(printf '%s\n' "$cmds" | grep -v '^tui$' | tr ' ' '+'); do
	c=$(printf '%s' "$c" | tr '+' ' ' | sed 's/ *$//')
	line=$(grep "^\.B $(printf '%s' "$c" | sed 's/-/\\\\-/g') " "$man" | head -1)
	[ -n "$line" ]; ok $? "man page: $c is described"
	inman=$(printf '%s\n' "$line" | sed 's/\\-/-/g' | grep -o -- '--[a-z-]*' | tr '\n' ' ')
	own=$(own_options $c | tr ' ' '\n' | grep -v -- '--kdf-' | tr '\n' ' ')
	if [ "$c" = "log correct" ]; then
		own=$(own_options $c | tr ' ' '\n' | grep -E -- '--(when|authority|reason)$' | tr '\n' ' ')
	fi
	is "$inman" "$own" "man page: the options of $c"
done

# the help texts kept their messages: the translations still show
like "$(LANGUAGE=fr "$RECOURSE" log list --help)" "Lister qui a consulté" "log list --help in French"
like "$(LANGUAGE=fr "$RECOURSE" --help)" "Options pour toutes les commandes" "--help in French: the options of every command"

done_testing
