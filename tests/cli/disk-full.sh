#!/bin/sh
# A disk that fills at any moment of a large import loses nothing.  A
# large import writes the rows, then builds the indexes (the sort spills
# to temporary files in the case folder), writes the flag rows, finds
# bursts and commits; the disk may fill during any of them.  Imports of
# the same file onto ever larger small disks: each one either imports
# everything, or fails with exit 4 and says the disk is full, and then the
# case is as it was (the same accesses, no temporary file left, the
# journal whole).
. "$top_srcdir/tests/lib/common.sh"

if [ "$(id -u)" != 0 ] || ! mkdir -p "$WORK/probe" || ! mount -t tmpfs -o size=1m tmpfs "$WORK/probe" 2>/dev/null; then
	skip "a full disk: needs root to mount small tmpfs disks (CI runs as root)"
	done_testing
	exit 0
fi
umount "$WORK/probe"
trap 'umount "$WORK/small" 2>/dev/null; rm -rf "$WORK"' EXIT

# 60,000 events: above the size at which an import drops and rebuilds
# the indexes (20,000), and more than the page cache holds (16 MiB), so
# pages are written to the disk while the rows go in, not only at the end.
N=60000
python3 "$top_srcdir/bench/gen_events.py" $N --seed 11 > "$WORK/big.ndjson" || bail "gen_events"

accesses() { # accesses DIR CASE: the number of accesses a case holds
	RECOURSE_CASES_DIR=$1 r "disk passphrase" -- case info "$2" --format csv 2>/dev/null | tr -d '\r' | sed -n 's/^accesses,//p'
}

# First on a disk with room, to learn how much the case needs.
export RECOURSE_CASES_DIR="$WORK/roomy"
new_case big "disk passphrase" || bail "case new"
r "disk passphrase" -- log import big "$WORK/big.ndjson" >/dev/null 2>&1 || bail "import with room"
is "$(accesses "$WORK/roomy" big)" "$N" "with room: every event imported"
need=$(du -sk "$WORK/roomy/big.case" | cut -f1)
rm -rf "$WORK/roomy"

# Then on disks from a fifth of that to a little more than it.
failed=0 succeeded=0 late=0 early=0
mkdir -p "$WORK/small"
for pct in 10 40 70 85 92 96 99 110 140; do
	size=$((need * pct / 100))
	mount -t tmpfs -o size=${size}k,mode=0700 tmpfs "$WORK/small" || bail "mount"
	export RECOURSE_CASES_DIR="$WORK/small"
	if new_case c "disk passphrase"; then
		before=$(accesses "$WORK/small" c)
		out=$(RECOURSE_DEBUG=1 r "disk passphrase" -- log import c "$WORK/big.ndjson" 2>&1); st=$?
		after=$(accesses "$WORK/small" c)
		left=$(find "$WORK/small/c.case" -name '.tmp-*' | wc -l)
		if [ "$st" = 0 ]; then
			succeeded=$((succeeded + 1))
			is "$after" "$N" "disk of ${size} KiB: imported, every event there"
		else
			failed=$((failed + 1))
			is "$st" "4" "disk of ${size} KiB: exit 4"
			like "$out" "disk is full" "disk of ${size} KiB: says the disk is full"
			is "$after" "$before" "disk of ${size} KiB: the case holds what it held"
			# the disk filled after all the rows were written: the
			# indexes were being built (the debug lines say so)
			case $out in *"index event_ts built"*) late=$((late + 1)) ;; *) early=$((early + 1)) ;; esac
		fi
		is "$left" "0" "disk of ${size} KiB: no temporary file left"
		if [ "$st" != 0 ]; then
			case $out in
			*"index event_ts built"*) echo "# disk of ${size} KiB: full after the rows were in" ;;
			*) echo "# disk of ${size} KiB: full while the rows went in" ;;
			esac
		fi
		RECOURSE_CASES_DIR="$WORK/small" r "disk passphrase" -- case verify c >/dev/null 2>&1
		is "$?" "0" "disk of ${size} KiB: case verify finds the case whole"
	else
		# too small even for an empty case: nothing to check but the message
		out=$(r "disk passphrase" -- case new c2 $KDF 2>&1); st=$?
		is "$st" "4" "disk of ${size} KiB: case new fails with exit 4"
	fi
	umount "$WORK/small"
done
ok "$([ "$failed" -gt 0 ] && echo 0 || echo 1)" "some disks were too small ($failed)"
ok "$([ "$succeeded" -gt 0 ] && echo 0 || echo 1)" "some disks were big enough ($succeeded)"
ok "$([ "$early" -gt 0 ] && echo 0 || echo 1)" "some disks filled while the rows went in ($early)"
ok "$([ "$late" -gt 0 ] && echo 0 || echo 1)" "some disks filled after the rows, while indexes, flags or commit were written ($late)"

done_testing
