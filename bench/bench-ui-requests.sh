#!/bin/sh
# bench-ui-requests.sh - the request screens with 1,000 requests: time
# from the key that opens the requests screen (r on the case home) to the
# finished screen (every deadline computed, sorted, drawn, after
# doupdate), median and p95 over 200 presses, measured inside recourse
# (RECOURSE_BENCH_UI=requests, builds with test hooks only) rendering to
# a pseudo-terminal at 80x24; then paging the list and opening one
# request.  Baselines: the same query without drawing
# (rc_op_request_views, in bench_requests) and through the command line
# ("recourse request list CASE --format csv", the whole process: its
# unlock at the test floor of the key derivation included).
#
#   bench/bench-ui-requests.sh [BUILDDIR] [N]      (defaults: . and 1000)
# Target: opening the screen < 30 ms (median and p95).  Two series: the
# key as it is pressed (the case home has read the requests already, and
# the screen reuses them while the case has not changed), and cold (after
# a change: every deadline computed on the key press).
set -e
B=${1:-.}
N=${2:-1000}
SRC=$(cd "$(dirname "$0")/.." && pwd)
R="$B/recourse"
[ -x "$R" ] && [ -x "$B/bench/bench_requests" ] || { echo "bench-ui-requests.sh: build with --enable-test-hooks first (no $R or $B/bench/bench_requests)" >&2; exit 1; }
W=$(mktemp -d "${TMPDIR:-/tmp}/recourse-bench-req-XXXXXX")
trap 'rm -rf "$W"' EXIT
export RECOURSE_CASES_DIR="$W" HOME="$W" XDG_CONFIG_HOME="$W/cfg" LANGUAGE=en LC_ALL=C.UTF-8
export RECOURSE_DATA_DIR="$SRC/data" TERM=xterm-256color
# a fixed today (1 May 2026), as in the tests
export RECOURSE_FAKE_NOW=$(date -u -d 2026-05-01T12:00:00Z +%s)
P="bench passphrase"
"$B/bench/bench_requests" "$W" "$N"
echo "command line: recourse request list CASE --format csv (whole process, unlock included), 5 runs:"
for i in 1 2 3 4 5; do
	a=$(date +%s%N)
	printf '%s\n' "$P" | "$R" --passphrase-fd 3 -q request list reqs --format csv 3<&0 </dev/null >"$W/list.csv"
	echo $(( ($(date +%s%N) - a) / 1000 ))
done | sort -n | awk '{ v[NR] = $1 / 1000 } END { printf "  median-ms=%.1f max-ms=%.1f\n", v[3], v[5] }'
echo "  rows printed: $(($(wc -l < "$W/list.csv") - 1))"
echo "terminal, $N requests, 80x24:"
timeout 600 script -qec "stty rows 24 cols 80; printf '%s\\n' '$P' | { exec 3<&0 </dev/tty; RECOURSE_BENCH_UI=requests '$R' tui reqs --lang en 2>'$W/keys'; }" /dev/null >/dev/null 2>&1 || true
grep -v startup "$W/keys" | sed 's/^/  /'
