#!/bin/bash
# Personal text is never taken on the command line (issue 15, finding 3):
# every option (and case set field) that carries it is refused as an
# argument, with exit 2, the safe form, and nothing done; given as "-" its
# text is read from standard input (one line each, in the order given,
# before any passphrase) or, on a terminal, after a prompt; and while a
# command waits for its passphrase, its /proc/PID/cmdline holds no trace of
# the text.
. "$top_srcdir/tests/lib/common.sh"

P="personal passphrase"
CANARY="Canary Qx7 Applicantname"
new_case c "$P" || bail "case new"
dir="$RECOURSE_CASES_DIR/c.case"
rt "Border office" -- "$P" -- log add c --when 2024-03-01 --authority - >/dev/null 2>&1 || bail "log add"
before=$(snapshot "$dir")

# refused DESCRIPTION OPTION COMMAND...: the text typed as an argument is
# refused: exit 2, says why, shows the form with "-", never repeats the text
refused() {
	_d=$1 _o=$2
	shift 2
	out=$(printf '%s\n' "$P" | "$RECOURSE" --passphrase-fd 3 "$@" 3<&0 </dev/null 2>&1); st=$?
	is "$st" "2" "$_d: refused (exit 2)"
	like "$out" "$_o is personal text" "$_d: says it is personal text"
	like "$out" "printf '%s\\\\n' \"\\\$TEXT\" \| recourse .* $_o -$" "$_d: shows the safe form"
	unlike "$out" "$CANARY" "$_d: does not repeat the text"
}

refused "case new --name" --name case new n1 $KDF --name "$CANARY"
refused "case new --name=TEXT" --name case new n1 $KDF "--name=$CANARY"
refused "case new --record" --record case new n1 $KDF --record "REF $CANARY"
[ ! -e "$RECOURSE_CASES_DIR/n1.case" ]; ok $? "no case was made"
refused "case set name" name case set c name "$CANARY"
refused "case set record" record case set c record "$CANARY"
for o in --authority --role --agent --system --purpose --legal-basis --dest --source-document --note; do
	if [ $o = --authority ]; then
		refused "log add $o" $o log add c --when 2024-03-02 --authority "$CANARY"
	else
		refused "log add $o" $o log add c --when 2024-03-02 --authority - $o "$CANARY"
	fi
done
refused "log correct --reason" --reason log correct c 1 --when 2024-03-02 --authority - --reason "$CANARY"
refused "log withdraw --reason" --reason log withdraw c 1 --reason "$CANARY"
refused "request add --addressee" --addressee request add c --kind erasure --filed 2025-06-02 --addressee "$CANARY"
refused "log import --also-record" --also-record log import c "$SAMPLES/letter-transcription.csv" --also-record "$CANARY"
is "$(snapshot "$dir")" "$before" "nothing refused changed the case (not even its journal of openings)"

# an empty value carries nothing: taken
out=$(r "$P" -- log withdraw c 999 --reason "" 2>&1); st=$?
unlike "$out" "personal text" "an empty --reason is not refused"
# a filter is not stored: log list --authority takes its text
r "$P" -- log list c --authority "Border" --format csv >/dev/null 2>&1; ok $? "log list --authority TEXT (a filter) is taken"
like "$("$RECOURSE" log add --help)" "Options shown with - take personal text" "log add --help says how to give personal text"

# "-": one line of standard input for each, in the order given
rt "$CANARY" "R-$CANARY" -- "$P" "$P" -- case new n2 $KDF --name - --record - >/dev/null 2>&1
ok $? "case new --name - --record -: reads both from standard input"
out=$(r "$P" -- case info n2 --format json 2>/dev/null)
like "$out" "\"name\": \"$CANARY\"" "the first line is the name"
like "$out" "\"record\": \"R-$CANARY\"" "the second is the record's reference"
rt "New $CANARY" -- "$P" -- case set n2 name - >/dev/null 2>&1; ok $? "case set CASE name -"
like "$(r "$P" -- case info n2 --format json 2>/dev/null)" "\"name\": \"New $CANARY\"" "reads the new name"
id=$(rt "Authority one" "my note" "the purpose" -- "$P" -- log add c --when 2024-04-01 --authority - --note - \
	--country DE --purpose - 2>/dev/null)
ok $? "log add with three texts given as -"
out=$(r "$P" -- log show c "$id" --format json 2>/dev/null)
like "$out" '"authority": "Authority one"' "the first line is --authority (given first)"
like "$out" '"note": "my note"' "the second is --note"
like "$out" '"purpose": "the purpose"' "the third is --purpose"
# the texts and then the passphrase on the same descriptor
printf '%s\n' "Same fd $CANARY" "$P" "$P" | "$RECOURSE" --passphrase-fd 0 case new n3 $KDF --name - >/dev/null 2>&1
ok $? "the texts first, then the passphrases, on one descriptor"
like "$(r "$P" -- case info n3 --format json 2>/dev/null)" "\"name\": \"Same fd $CANARY\"" "and each is read as what it is"
out=$(r "$P" -- log add c --when 2024-04-02 --authority - --note - 2>&1 </dev/null); st=$?
is "$st" "2" "no line for a text given as -: exit 2"
like "$out" "no text for --authority could be read" "and says which"
head -c 9000 /dev/zero | tr '\0' x > "$WORK/long"
out=$("$RECOURSE" --passphrase-fd 3 log add c --when 2024-04-02 --authority - <"$WORK/long" 3</dev/null 2>&1); st=$?
is "$st" "2" "a text longer than 8192 bytes: exit 2"
like "$out" "longer than 8192 bytes" "and says so"
rm -f "$WORK/long"

# While recourse waits for its passphrase on a pipe (after the name was
# read), /proc/PID/cmdline and environ hold nothing of the name.
fifo="$WORK/pass.fifo"
mkfifo "$fifo" || bail "mkfifo"
exec 5<>"$fifo"
printf '%s\n' "$CANARY" > "$WORK/name"
"$RECOURSE" --passphrase-fd 3 case new n4 $KDF --name - <"$WORK/name" 3<&5 >/dev/null 2>&1 &
pid=$!
read_all=no
for i in $(seq 1 200); do
	# the name is read when standard input's offset is past it
	pos=$(sed -n 's/^pos:[[:space:]]*//p' "/proc/$pid/fdinfo/0" 2>/dev/null)
	[ "$pos" = "$(stat -c %s "$WORK/name")" ] && { read_all=yes; break; }
	sleep 0.02
done
is "$read_all" "yes" "recourse read the name and waits for its passphrase"
cmdline=$(tr '\0' ' ' < "/proc/$pid/cmdline")
like "$cmdline" "case new n4 .*--name -" "(its command line is there to read)"
unlike "$cmdline" "Canary" "its command line holds nothing of the name"
unlike "$(tr '\0' ' ' < "/proc/$pid/environ")" "Canary" "nor does its environment"
printf '%s\n%s\n' "$P" "$P" >&5
wait $pid; ok $? "then it makes the case"
exec 5>&-
rm -f "$fifo" "$WORK/name"
like "$(r "$P" -- case info n4 --format json 2>/dev/null)" "\"name\": \"$CANARY\"" "with the name"

# On a terminal: a prompt, and the line typed (standard input is a pty)
python3 - "$RECOURSE" "$P" > "$WORK/tty.out" 2>&1 <<'PY'
import fcntl, os, pty, select, subprocess, sys, termios, time
recourse, pw = sys.argv[1], sys.argv[2]
m, s = pty.openpty()
r, w = os.pipe()
os.write(w, (pw + "\n").encode()); os.close(w)
def child(): # the pty is the terminal of the new session
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
p = subprocess.Popen([recourse, "--passphrase-fd", str(r), "case", "set", "n2", "record", "-"],
                     stdin=s, stdout=s, stderr=s, start_new_session=True, preexec_fn=child, pass_fds=(r,))
os.close(s); os.close(r)
seen = b""
deadline = time.time() + 15
while b"(record): " not in seen and time.time() < deadline:
    if select.select([m], [], [], 0.2)[0]:
        try:
            seen += os.read(m, 1024)
        except OSError:
            break
print("prompt:", b"(record): " in seen)
os.write(m, b"Typed on the terminal\r")
try:
    p.wait(15)
except subprocess.TimeoutExpired:
    p.kill()
print("exit:", p.returncode)
PY
like "$(cat "$WORK/tty.out")" "prompt: True" "on a terminal it asks for the text"
like "$(cat "$WORK/tty.out")" "exit: 0" "and takes the line typed"
like "$(r "$P" -- case info n2 --format json 2>/dev/null)" '"record": "Typed on the terminal"' "which is stored"

grep -rqa "Canary" "$WORK"; st=$?
[ $st -ne 0 ]; ok $? "the name is in no file (the cases are encrypted, the helpers remove their texts)"

done_testing
