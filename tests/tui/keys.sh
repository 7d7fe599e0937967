#!/bin/sh
# keys.sh - the user's own keys ($XDG_CONFIG_HOME/recourse/keys): a
# remapped action works with its new key, the footer and the help show
# it, and a bad line does not stop the program.
. "$top_srcdir/tests/tui/lib.sh"

mkdir -p "$XDG_CONFIG_HOME/recourse"
cat > "$XDG_CONFIG_HOME/recourse/keys" <<'KEYS'
# the help on F3 instead of F1, quick exit also on F11
help = F3
quick-exit = F11 F12
nonsense line without an equals sign
unknown-action = F5
KEYS

tui_start 80 24 tui --lang en
wait_for 'cases on this computer' "starts with a keys file that has bad lines in it"
like "$(screen | tail -1)" 'F3 Help' "the footer shows the remapped key"
unlike "$(screen | tail -1)" 'F1 Help' "and no longer the old one"
keys F3
wait_for 'What is this program' "F3 now opens the help"
like "$(screen)" 'F11' "the help lists the added quick-exit key"
keys BSpace
wait_for 'cases on this computer' "back to the picker"
keys F11
wait_for '\[exited' "F11 is a quick exit now"
done_testing
