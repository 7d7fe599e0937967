#!/bin/sh
# sync.sh - issue 19: fetching the access log from the case home.  The
# home says when each registry was last reached; g (or the "Fetch" line)
# fetches with its progress on the message line (accesses of the
# registry's count); Esc asks, then stops, and keeps what was fetched (the
# next fetch goes on from there and ends with every access once); a
# registry that does not answer is said so and marked [!]; a case with no
# registry has no "Fetch" line.  Against recourse-registry-sim on loopback.
. "$top_srcdir/tests/tui/lib.sh"
SIM="$top_builddir/recourse-registry-sim"
[ -x "$SIM" ] || { echo "1..0 # SKIP no recourse-registry-sim (configure found no libmicrohttpd)"; exit 0; }

sim_start() {
	rm -f "$WORK/port"
	"$SIM" --port-file "$WORK/port" --person "Patient/sim-0001:3000" "$@" >/dev/null 2>"$WORK/sim.err" &
	SIMPID=$!
	for i in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
	PORT=$(cat "$WORK/port")
	[ -n "$PORT" ] || bail "the simulator did not start"
}
sim_stop() { kill "$SIMPID" 2>/dev/null; wait "$SIMPID" 2>/dev/null; }
trap 'sim_stop; tui_cleanup' EXIT
count() { r "$PASS1" -- log list "$1" --format csv --limit 100000 2>/dev/null | tail -n +2 | wc -l; }
home_ready() { wait_for 'Since your last visit' >/dev/null; sleep 0.2; }

# ---- a case with no registry: no Fetch line ----
new_case S-0 "$PASS1" --regime eurodac --record "Patient/sim-0001" || bail "case new"
tui_start 80 24 tui S-0 --lang en
unlock "$PASS1"
home_ready
unlike "$(screen)" "Fetch the newest accesses" "no registry: no fetch line on the home"
keys g
wait_for "not connected to any registry" "no registry: g says the case is not connected to one"

# ---- a slow registry: progress, Esc asks then stops, the rest kept ----
sim_start --misbehave slow --delay-ms 600
new_case S-1 "$PASS1" --regime eurodac --record "Patient/sim-0001" || bail "case new"
r "$PASS1" -- registry add S-1 training --url "http://127.0.0.1:$PORT" >/dev/null 2>&1 || bail "registry add"
tui_start 80 24 tui S-1 --lang en
unlock "$PASS1"
home_ready
s=$(screen)
like "$s" "training: not fetched yet" "the home names the registry, not fetched yet"
like "$s" "  Fetch the newest accesses from the registry" "the home has the fetch line"
keys g
wait_for "Fetching the access log\\.\\.\\..*[0-9]+ of 3000 accesses" "g: the progress counts accesses of the registry's total"
keys Escape
wait_for "Stop fetching\\? The pages already fetched are kept" "Esc asks first"
keys Escape
wait_for "training: stopped\\. What was fetched is kept" "Esc again stops, and says what was kept"
wait_for "\\[!\\] training: last reached .*fetch stopped part way" "the home says the last fetch was stopped"
tm kill-server >/dev/null 2>&1
kept=$(count S-1)
[ "$kept" -gt 0 ] && [ "$kept" -lt 3000 ]; ok $? "stopped: part of the log kept ($kept)"

# ---- the next fetch goes on, every access once ----
sim_stop; sim_start
r "$PASS1" -- registry add S-1 t2 --url "http://127.0.0.1:$PORT" >/dev/null 2>&1
r "$PASS1" -- registry list S-1 >/dev/null 2>&1
# the first registry's address moved: fetch through the second (same
# registry, same events: none twice)
tui_start 80 24 tui S-1 --lang en
unlock "$PASS1"
home_ready
keys g
wait_for "t2: [0-9]+ accesses received" "the next fetch finishes"
s=$(screen)
like "$s" "t2: last reached" "the home says when t2 was last reached"
like "$s" "\\[!\\] training: .*(failed|stopped)" "the registry that moved is marked [!]"
like "$s" "training did not answer|training: .*refused" "the registry that moved: said it did not answer"
tm kill-server >/dev/null 2>&1
is "$(count S-1)" "3000" "every access once (3,000)"

# ---- the transfers run in the interface's own loop (libcurl multi, on
# the main thread), not on a thread that waits: strace sees the connect
# to the registry made by the process's first thread ----
if command -v strace >/dev/null 2>&1; then
	sim_stop; sim_start --misbehave slow --delay-ms 300
	new_case S-2 "$PASS1" --regime eurodac --record "Patient/sim-0001" || bail "case new"
	r "$PASS1" -- registry add S-2 training --url "http://127.0.0.1:$PORT" >/dev/null 2>&1 || bail "registry add"
	TUI_WRAP="strace -f -qq -o '$WORK/trace' -e trace=execve,connect"
	tui_start 80 24 tui S-2 --lang en
	TUI_WRAP=
	unlock "$PASS1"
	home_ready
	keys g
	wait_for "Fetching the access log" >/dev/null
	# the interface answers while a page is on its way: Esc asks at once
	keys Escape
	wait_for "Stop fetching\?" "while a page comes: the interface answers a key"
	keys Escape
	wait_for "training: stopped" >/dev/null
	tm kill-server >/dev/null 2>&1
	main=$(awk '/execve\(/ {print $1; exit}' "$WORK/trace")
	conn=$(grep "connect(.*sin_port=htons($PORT)" "$WORK/trace" | awk '{print $1}' | sort -u | tr '\n' ' ')
	[ -n "$main" ] && [ "$conn" = "$main " ]
	ok $? "every connection to the registry was made by the main thread, the loop's ($main; connects by: $conn)"
else
	echo "ok # SKIP strace is not installed (tools/install-deps installs it)"
fi

# ---- a correction sent online from its screen (u), then asked about (u) ----
sim_stop; sim_start
new_case S-3 "$PASS1" --regime gdpr --record "Patient/sim-0001" || bail "case new"
r "$PASS1" -- registry add S-3 training --url "http://127.0.0.1:$PORT" --regime gdpr >/dev/null 2>&1 || bail "registry add"
printf '%s\n%s\n' "date of birth 1990-01-01" "date of birth 1991-01-01" > "$WORK/texts"
printf '%s\n' "$PASS1" > "$WORK/pw"
"$RECOURSE" --passphrase-fd 3 request add S-3 --kind rectification --regime gdpr --controller DE \
	--about - --correct-value - 3<"$WORK/pw" <"$WORK/texts" >/dev/null 2>&1 || bail "request add"
tui_start 80 24 tui S-3 --lang en
unlock "$PASS1"
home_ready
keys r
wait_for 'correction' >/dev/null
keys Enter
wait_for 'Request 1: correction' >/dev/null
like "$(screen | tail -1)" 'u Online|F1 More keys' "the request's footer names u, or says there are more keys"
keys u
wait_for "Sent to training online\. The registry received it on" "u: sent online, with the registry's day"
like "$(screen)" "reference there is task-" "... and its reference there"
keys End
wait_for "Its reference at the registry +task-" "the request shows its reference at the registry"
like "$(screen)" "How it was sent +the registry's online service" "... and how it was sent"
keys u
wait_for "The registry says: granted\. The request went from" "u again: the registry's answer moves the request"
like "$(screen)" "\"sent\" to \"answered\"" "... from sent to answered"
keys End
wait_for "At the registry +granted" "the request shows what the registry says"
tm kill-server >/dev/null 2>&1
is "$(r "$PASS1" -- request show S-3 1 --format csv 2>/dev/null | tr -d '\r' | awk -F, '$1 == "state" {print $2}')" "answered" "the case holds the answer (request show)"

# ---- Arabic: the same line, in the user's language ----
tui_start 80 24 tui S-1 --lang ar
unlock "$PASS1"
wait_for 't2' >/dev/null
unlike "$(screen)" "last reached" "ar: the registry's line is translated"
tm kill-server >/dev/null 2>&1

done_testing
