#!/bin/sh
# Every option a command's table lists (as its --help shows it) is taken by
# that command: given alone, it is never refused as an option the command
# does not take, nor as unknown.  A value may be wrong for the command and
# give another error; the passphrase given is wrong on purpose, so that no
# command changes the case (case erase --yes included).
. "$top_srcdir/tests/lib/common.sh"

new_case e "right passphrase" || bail "case new"
dir="$RECOURSE_CASES_DIR/e.case"
before=$(snapshot "$dir")
WRONG="a wrong passphrase"
REFUSAL='does not take the option|is not known|start of more than one option|needs a value|takes no value|can be given only once'

# arguments for the words of a usage line
arg_for() {
	case "$1" in
	CASE) echo e ;;
	FILE) echo "$SAMPLES/letter-transcription.csv" ;;
	ID) echo 1 ;;
	LABEL) echo office ;;
	NAME) echo sim ;;
	REGISTRY) echo sim ;;
	FIELD) echo name ;;
	VALUE) echo - ;; # the name, read from standard input (personal text)
	esac
}
# a value for an option, from its placeholder ("-": personal text, read
# from standard input, where rt puts a line for it)
value_for() {
	case "$1" in
	-) echo - ;;
	*"|"*) echo "${1%%|*}" ;;
	DATE) echo 2024-01-01 ;;
	N) echo 3 ;;
	MiB) echo 64 ;;
	CC) echo DE ;;
	LL) echo fr ;;
	ID) echo gdpr ;;
	LABEL) echo applicant ;;
	KIND) echo erasure ;;
	CURSOR) echo 1700000000:42 ;;
	LIST) echo fingerprints ;;
	*) echo "some text" ;;
	esac
}

# values such as "some text" can name a folder (office new --office-dir):
# run in the scratch folder, so that nothing lands in the build tree
here=$(pwd)
ls -A > "$WORK/here-before"
cd "$WORK" || bail "cd $WORK"
all=$("$RECOURSE" --help) || bail "recourse --help"
cmds=$(printf '%s\n' "$all" | sed -n 's/^  recourse \([a-z]*\) \([a-z-]*\).*/\1 \2/p' | sed 's/^tui .*/tui/' | tr ' ' '+')
ncmd=0 nopt=0
for c in $cmds; do
	c=$(printf '%s' "$c" | tr '+' ' ')
	ncmd=$((ncmd + 1))
	help=$("$RECOURSE" $c --help)
	# the arguments: the words in capitals after NOUN VERB on the usage line
	args=""
	for w in $(printf '%s\n' "$help" | sed -n '1s/^Usage: recourse [a-z]* *[a-z-]*//p' | sed 's/\[--.*//'); do
		a=$(arg_for "$w")
		[ -n "$a" ] && args="$args
$a"
	done
	# "      --since DATE   only accesses ..." -> "--since DATE"
	printf '%s\n' "$help" | sed -n '/^Options:$/,/^$/p' |
		sed -n 's/^ *\(-., \)\{0,1\}\(--[a-z-]*\)\( [A-Za-z|]*\| -\)\{0,1\}\( .*\)\{0,1\}$/\2\3/p' > "$WORK/opts"
	while read -r opt ph; do
		nopt=$((nopt + 1))
		if [ -n "$ph" ]; then
			v=$(value_for "$ph")
			[ "$c" = "office watch" ] && [ "$opt" = "--times" ] && v=1
		else
			v=""
		fi
		# the arguments one per line, then the option (and its value)
		set --
		while IFS= read -r a; do [ -n "$a" ] && set -- "$@" "$a"; done <<EOF
$args
EOF
		set -- "$@" "$opt"
		[ -n "$ph" ] && set -- "$@" "$v"
		# the board's watch shows it until Ctrl-C, or --times N times: once
		# here (office new, above, made a board under the passphrase given,
		# so watch opens it and would wait for changes that never come)
		[ "$c" = "office watch" ] && [ "$opt" != "--times" ] && set -- "$@" --times 1
		out=$(rt "some text" -- "$WRONG" -- $c "$@" 2>&1)
		unlike "$out" "$REFUSAL" "$c takes $opt${ph:+ $ph}"
	done < "$WORK/opts"
done
is "$ncmd" "61" "every command was tried"
# the count keeps this test honest: an empty option list proves nothing
[ "$nopt" -ge 70 ]; ok $? "every command's options were tried ($nopt)"
is "$(snapshot "$dir")" "$before" "no command changed the case"
[ -d "$dir" ]; ok $? "case erase --yes with a wrong passphrase left the case"
is "$(cd "$here" && ls -A)" "$(cat "$WORK/here-before")" "nothing was written where the test started"

done_testing
