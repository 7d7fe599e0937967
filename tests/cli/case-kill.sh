#!/bin/bash
# SIGKILL at many points during a large write (an import is one
# transaction): afterwards the case opens, passes the integrity check, and
# holds all or none of each import.
. "$top_srcdir/tests/lib/common.sh"

N=6000
python3 "$top_srcdir/bench/gen_events.py" $N --seed 7 > "$WORK/big.ndjson" || bail "gen_events"
new_case k "kill passphrase" --country ER || bail "case new"

count() {
	r "kill passphrase" -- case info k --format csv 2>/dev/null | sed -n 's/^accesses,//p' | tr -d '\r'
}

# How long does one import take here?  Kill at points spread over it.
t0=$(date +%s%N)
r "kill passphrase" -- log import k "$WORK/big.ndjson" >/dev/null 2>&1 || bail "first import"
t1=$(date +%s%N)
full_ms=$(( (t1 - t0) / 1000000 ))
is "$(count)" "$N" "a whole import holds all $N events"
# start again from an empty case for the kill runs
r "kill passphrase" -- case erase k --yes >/dev/null 2>&1
new_case k "kill passphrase" --country ER || bail "case new"

seen_none=0 seen_all=0
for i in $(seq 1 14); do
	delay_ms=$(( full_ms * i / 12 + 20 ))
	printf 'kill passphrase\n' | "$RECOURSE" --passphrase-fd 3 log import k "$WORK/big.ndjson" 3<&0 </dev/null >/dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v ms=$delay_ms 'BEGIN { printf "%.3f", ms / 1000 }')"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	n=$(count)
	case "$n" in
	0) seen_none=$((seen_none + 1)); ok 0 "kill $i after ${delay_ms} ms: the case opens and holds none of the import" ;;
	$N) seen_all=$((seen_all + 1)); ok 0 "kill $i after ${delay_ms} ms: the case opens and holds all of the import" ;;
	*) ok 1 "kill $i after ${delay_ms} ms: the case holds $n events (not 0 or $N)" ;;
	esac
	out=$(r "kill passphrase" -- case verify k 2>&1); st=$?
	is "$st" "0" "kill $i: integrity check and journal pass"
	if [ "$n" = "$N" ]; then
		# start empty again so later kills land inside a real write
		r "kill passphrase" -- case erase k --yes >/dev/null 2>&1
		new_case k "kill passphrase" --country ER || bail "case new"
	fi
done
[ $seen_none -gt 0 ]; ok $? "some kills landed inside the write ($seen_none rolled back, $seen_all completed)"

# a temporary file left by a process killed between creating and
# unlinking it: the next open removes it, and nothing else
dir="$RECOURSE_CASES_DIR/k.case"
head -c 4096 /dev/urandom > "$dir/.tmp-0123456789abcdef"
printf 'not ours\n' > "$dir/.tmp-notours"
r "kill passphrase" -- case info k >/dev/null 2>&1; ok $? "the case opens with a stale temporary file beside it"
[ ! -e "$dir/.tmp-0123456789abcdef" ]; ok $? "the stale temporary file is removed on open"
[ -e "$dir/.tmp-notours" ]; ok $? "a file of another name is left alone"
rm -f "$dir/.tmp-notours"

done_testing
