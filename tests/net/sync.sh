#!/bin/sh
# registry add|list|test|sync against a stand-in registry on loopback
# (tests/net/fakereg.py serving the synthetic sample pages): paging, every
# event once, a sync killed halfway goes on, and each misbehaviour is a
# clear error that leaves the case's accesses as they were.
. "$top_srcdir/tests/lib/common.sh"
command -v python3 >/dev/null || bail "python3 is needed"
P="sync passphrase"
REF="Patient/eurodac-DE-7F3A-0042"
new_case s "$P" --regime gdpr --regime eurodac --record "$REF" || bail "case new"

mkdir -p "$WORK/reg"
python3 "$top_srcdir/tests/net/fakereg.py" "$SAMPLES" "$WORK/reg" > "$WORK/reg/port" 2>"$WORK/reg/err" &
REGPID=$!
trap 'kill $REGPID 2>/dev/null; rm -rf "$WORK"' EXIT
for i in $(seq 1 100); do [ -s "$WORK/reg/port" ] && break; sleep 0.2; done
PORT=$(head -1 "$WORK/reg/port")
[ -n "$PORT" ] || bail "the stand-in registry did not start"
URL="http://127.0.0.1:$PORT"
mode() { echo "$1" > "$WORK/reg/MODE"; rm -f "$WORK/reg/busy" "$WORK/reg/requests"; }
events() { r "$P" -- log list s --format csv --limit 1000 2>/dev/null | tail -n +2 | wc -l; }
mode normal

# registry add: its checks
out=$(r "$P" -- registry add s reg --url "http://192.0.2.1/" 2>&1); st=$?
is "$st" "2" "plain http to another computer is refused (exit 2)"
like "$out" "only over HTTPS" "... saying HTTPS only"
out=$(r "$P" -- registry add s reg --url "http://localhost:$PORT/" 2>&1); st=$?
is "$st" "2" "plain http to a name, even localhost, is refused"
out=$(r "$P" -- registry add s reg --url "https://registry.example/" --pin "sha256//short" 2>&1); st=$?
is "$st" "2" "a malformed pin is refused"
like "$out" "44 characters" "... saying how a pin is written"
out=$(r "$P" -- registry add s reg --url "https://registry.example/" --regime nosuch 2>&1); st=$?
is "$st" "2" "an unknown regime is refused"
r "$P" -- registry add s reg --url "$URL" --regime eurodac >/dev/null 2>&1
ok $? "registry add on loopback"
out=$(r "$P" -- registry add s reg --url "$URL" 2>&1); st=$?
is "$st" "9" "a second registry of the same name is refused"
list=$(r "$P" -- registry list s --format csv 2>&1)
like "$list" "^reg,http://127.0.0.1:$PORT,eurodac,false,,,,," "registry list: added, never synced"

# registry test: the discovery document, cleaned
out=$(r "$P" -- registry test s reg 2>&1); st=$?
is "$st" "0" "registry test reaches it"
like "$out" "API version: 1.0" "... and reads its API version"
like "$out" "Requests it takes: correction$" "... only the request kinds the API defines"
unlike "$out" "$(printf '\033')" "... no escape character from the server reaches the terminal"
unlike "$out" "$(printf '\342\200\256')" "... nor a bidi override"

# the first sync: both pages, 50 events
out=$(r "$P" -- registry sync s reg 2>&1); st=$?
is "$st" "0" "registry sync"
like "$out" "Received 50 accesses in 2 pages: 50 new" "... 50 accesses in 2 pages"
like "$out" "whole log" "... the whole log"
is "$(events)" "50" "the case holds 50 accesses"
list=$(r "$P" -- registry list s --format json 2>&1)
like "$list" '"result": *"complete"' "registry list: complete"
like "$list" '"last_reached": *"2026-01-15T12:00:00Z"' "registry list: when it was last reached"

# again: nothing new, nothing twice (asked only from the newest time on)
out=$(r "$P" -- registry sync s reg 2>&1); st=$?
is "$st" "0" "a second sync"
is "$(events)" "50" "still 50 accesses: none twice"
out=$(r "$P" -- registry sync s reg --full 2>&1); st=$?
like "$out" "50 already in the case" "--full: every event again, none added"
is "$(events)" "50" "still 50 after --full"

# each misbehaviour: a clear message, the accesses as they were
before=$(r "$P" -- log list s --format csv --limit 1000 2>/dev/null | sha256sum)
check_refused() { # MODE EXIT PATTERN WHAT
	mode "$1"
	out=$(r "$P" -- registry sync s reg --full 2>&1); st=$?
	is "$st" "$2" "$4: exit $2"
	like "$out" "$3" "$4: says so"
	is "$(r "$P" -- log list s --format csv --limit 1000 2>/dev/null | sha256sum)" "$before" "$4: the accesses are as they were"
}
check_refused foreign 18 "another person's record" "an access to someone else's record on page 2"
check_refused next-elsewhere 18 "next page leads to another address" "a next link to another host"
check_refused redirect 18 "does not follow such redirections" "a redirect"
check_refused truncated 18 "incomplete or not valid JSON" "a cut body"
check_refused malformed 18 "incomplete or not valid JSON" "malformed JSON"
check_refused oversized 18 "larger than 64 MB" "an oversized body"
check_refused down 17 "HTTP 503" "a registry that is down"
check_refused unauthorized 18 "not signed in to it" "401 Unauthorized"
check_refused forbidden 18 "not signed in to it, or not allowed" "403 Forbidden"
check_refused fhir-elsewhere 18 "another address than the registry" "a discovery document pointing elsewhere"
list=$(r "$P" -- registry list s --format csv 2>&1)
like "$list" ",refused," "registry list: the last sync's answer was refused"
mode down
r "$P" -- registry sync s reg >/dev/null 2>&1
list=$(r "$P" -- registry list s --format csv 2>&1)
like "$list" ",unreachable," "registry list: did not answer"
like "$list" ",2026-01-15T12:00:00Z,2026-01-15T12:00:00Z," "... and the time it was last reached is kept"
kill $REGPID 2>/dev/null; wait $REGPID 2>/dev/null
out=$(r "$P" -- registry sync s reg 2>&1); st=$?
is "$st" "17" "a registry that is not there: exit 17"
like "$out" "No connection could be made to 127.0.0.1" "... says no connection could be made"

python3 "$top_srcdir/tests/net/fakereg.py" "$SAMPLES" "$WORK/reg" > "$WORK/reg/port" 2>"$WORK/reg/err" &
REGPID=$!
for i in $(seq 1 100); do [ -s "$WORK/reg/port" ] && [ "$(head -1 "$WORK/reg/port")" != "$PORT" ] && break; sleep 0.2; done
PORT=$(head -1 "$WORK/reg/port")
URL="http://127.0.0.1:$PORT"

# busy (503 with Retry-After twice): waits and goes on
new_case b "$P" --regime eurodac --record "$REF" || bail "case new b"
r "$P" -- registry add b reg --url "$URL" >/dev/null 2>&1
mode busy
out=$(r "$P" -- registry sync b reg 2>&1); st=$?
is "$st" "0" "a busy registry (503, Retry-After: 1): waited, then synced"
like "$out" "asked to wait 1 seconds" "... saying it waits"
is "$(r "$P" -- log list b --format csv --limit 1000 2>/dev/null | tail -n +2 | wc -l)" "50" "... all 50 accesses"

# killed while it waits for page 2: the next sync goes on from page 2
new_case k "$P" --regime eurodac --record "$REF" || bail "case new k"
r "$P" -- registry add k reg --url "$URL" >/dev/null 2>&1
mode stop-after-1
printf '%s\n' "$P" > "$WORK/pw"
"$RECOURSE" --passphrase-fd 3 registry sync k reg 3<"$WORK/pw" >/dev/null 2>&1 &
SYNC=$!
# the registry holds back page 2: kill recourse once it has asked for it
for i in $(seq 1 100); do
	[ "$(cat "$WORK/reg/requests" 2>/dev/null)" = "2" ] && break
	sleep 0.2
done
sleep 0.5
kill -KILL $SYNC 2>/dev/null; wait $SYNC 2>/dev/null
is "$(r "$P" -- log list k --format csv --limit 1000 2>/dev/null | tail -n +2 | wc -l)" "25" "killed on page 2: page 1 kept (25)"
mode normal
out=$(r "$P" -- registry sync k reg 2>&1); st=$?
is "$st" "0" "the next sync"
like "$out" "went on from where it stopped" "... went on from the page it stopped at"
like "$out" "Received 25 accesses in 1 pages" "... fetched only page 2"
is "$(r "$P" -- log list k --format csv --limit 1000 2>/dev/null | tail -n +2 | wc -l)" "50" "... 50 accesses, each once"

# part of the log withheld, and no accesses: told apart
new_case w "$P" --regime eurodac --record "$REF" || bail "case new w"
r "$P" -- registry add w reg --url "$URL" >/dev/null 2>&1
mode withheld
out=$(r "$P" -- registry sync w reg 2>&1); st=$?
is "$st" "0" "a sync where part of the log is withheld"
like "$out" "part of the log is withheld" "... says part is withheld"
like "$out" "law-enforcement exemption" "... with the registry's words"
unlike "$out" "$(printf '\342\200\256')" "... cleaned of a bidi override"
like "$(r "$P" -- registry list w --format csv 2>&1)" ",withheld," "registry list: withheld"
new_case n "$P" --regime eurodac --record "Patient/nobody-here" || bail "case new n"
r "$P" -- registry add n reg --url "$URL" >/dev/null 2>&1
out=$(r "$P" -- registry sync n reg 2>&1); st=$?
is "$st" "0" "a sync of a record nobody accessed"
like "$out" "reports no access to this record" "... says no access"
like "$(r "$P" -- registry list n --format csv 2>&1)" ",none," "registry list: none"

# the case knows no record: nothing asked
new_case x "$P" --regime eurodac || bail "case new x"
r "$P" -- registry add x reg --url "$URL" >/dev/null 2>&1
out=$(r "$P" -- registry sync x reg 2>&1); st=$?
is "$st" "2" "no record reference: refused (exit 2)"
like "$out" "case set CASE record REF" "... saying how to give it"

# the journal says what was done
like "$(r "$P" -- case journal s --format csv 2>&1)" "registry-sync" "the journal has the syncs"
r "$P" -- case verify s >/dev/null 2>&1
ok $? "the case verifies"
done_testing
