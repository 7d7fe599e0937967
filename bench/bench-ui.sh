#!/bin/sh
# bench-ui.sh - the terminal interface with 1,000,000 events: time from a
# key press (page down; with a filter applied) to the finished screen
# update, measured inside recourse (RECOURSE_BENCH_UI=1, builds with test
# hooks only), rendering to a pseudo-terminal (script(1)); and start-up to
# the first screen.
#
#   bench/bench-ui.sh [BUILDDIR] [N]      (defaults: . and 1000000)
# Targets: page down < 30 ms median and < 100 ms worst; start-up < 50 ms.
set -e
B=${1:-.}
N=${2:-1000000}
SRC=$(cd "$(dirname "$0")/.." && pwd)
R="$B/recourse"
[ -x "$R" ] || { echo "no recourse in $B" >&2; exit 1; }
W=$(mktemp -d "${TMPDIR:-/tmp}/recourse-bench-ui-XXXXXX")
trap 'rm -rf "$W"' EXIT
export RECOURSE_CASES_DIR="$W/cases" HOME="$W" XDG_CONFIG_HOME="$W/cfg" LANGUAGE=en LC_ALL=C.UTF-8
export RECOURSE_DATA_DIR="$SRC/data" TERM=xterm-256color
# The pty is 80x24 (stty inside script); the figures go to stderr (a file).
# A build without test hooks has no benchmark mode and would wait for keys:
# every run has a time limit, and the first one must print its figure.
run() { timeout "${2:-600}" script -qec "stty rows 24 cols 80; $1" /dev/null >/dev/null 2>&1 || true; }
: > "$W/start"
run "RECOURSE_BENCH_UI=1 exec '$R' tui --lang en 2>>'$W/start'" 20
grep -q startup "$W/start" || { echo "bench-ui.sh: $R has no benchmark mode: build it with test hooks (CPPFLAGS=-DRC_TEST_HOOKS)" >&2; exit 1; }
P="bench passphrase"
# quick key derivation only in a build with test hooks (the options exist only there)
KDF=""
"$R" case new --help 2>/dev/null | grep -q -- --kdf-memory && KDF="--kdf-memory 64 --kdf-ops 3"
printf '%s\n' "$P" | "$R" --passphrase-fd 3 -q case new big $KDF --country SY 3<&0 </dev/null >/dev/null
t0=$(date +%s)
python3 "$SRC/bench/gen_events.py" "$N" --seed 7 |
	{ exec 4<&0; printf '%s\n' "$P" | "$R" --passphrase-fd 3 -q log import big /dev/fd/4 --format ndjson 3<&0 </dev/null; }
echo "import of $N events: $(( $(date +%s) - t0 )) s"
echo "start-up to the first screen (no case), 10 runs:"
: > "$W/start"
for i in 1 2 3 4 5 6 7 8 9 10; do
	run "RECOURSE_BENCH_UI=1 RECOURSE_BENCH_T0=\$(date +%s%N) exec '$R' tui --lang en 2>>'$W/start'"
done
awk '/startup/ { print $2 }' "$W/start" | sort -n |
	awk '{ v[NR] = $1 } END { printf "  from ui_main:          median-ms=%.2f max-ms=%.2f (runs=%d)\n", v[int((NR + 1) / 2)], v[NR], NR }'
awk '/exec-to-first/ { print $2 }' "$W/start" | sort -n |
	awk '{ v[NR] = $1 } END { printf "  from exec (whole process): median-ms=%.2f max-ms=%.2f (runs=%d)\n", v[int((NR + 1) / 2)], v[NR], NR }'
echo "key press to finished screen update, $N events, 80x24:"
run "printf '%s\\n' '$P' | { exec 3<&0 </dev/tty; RECOURSE_BENCH_UI=1 '$R' tui big --lang en 2>'$W/keys'; }"
cat "$W/keys"
