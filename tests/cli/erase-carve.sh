#!/bin/sh
# Erase leaves no key material on the disk (issue 15, finding 1).  On a
# small ext4 file system (a loop-mounted image): a case is made, a little
# imported, a slot added, a passphrase changed, the case rekeyed, then
# erased.  Every keyslots file the case had along the way is recorded
# (its salts, public keys and wrapped secret keys); after the file system
# is unmounted the whole image is searched, byte by byte, for any of them
# (raw, and as the hex of the old text format) and for the keyslots magic.
# A keyslots file replaced by rename leaves its old blocks free, and
# carvable: recourse changes it in place only.
# Needs root (losetup, mount); elsewhere every check is a SKIP.
. "$top_srcdir/tests/lib/common.sh"

CHECKS="the image holds no keyslots magic (no copy, no marker)
the image holds no salt of any keyslots the case ever had
the image holds no public key of any slot the case ever had
the image holds no wrapped secret key of any slot the case ever had
the records of key material were made (the test saw the keys)"

skip_all() {
	printf '%s\n' "$CHECKS" | while IFS= read -r c; do skip "$c: $1"; done
	done_testing
	exit 0
}
[ "$(id -u)" = 0 ] || skip_all "needs root to mount a loop file system (CI runs as root)"
command -v mkfs.ext4 >/dev/null 2>&1 || skip_all "mkfs.ext4 is not installed"
img="$WORK/disk.img"
mnt="$WORK/mnt"
mkdir -p "$mnt"
truncate -s 48M "$img" && mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 "$img" >/dev/null 2>&1 ||
	skip_all "mkfs.ext4 failed"
mount -o loop "$img" "$mnt" 2>/dev/null || skip_all "cannot mount a loop device here"
trap 'umount "$mnt" 2>/dev/null; rm -rf "$WORK"' EXIT
chmod 700 "$mnt"
export RECOURSE_CASES_DIR="$mnt/cases"

# record: the key material of the keyslots file now (both formats, both
# copies), one hex string a line, prefixed by its kind
record() {
	python3 - "$RECOURSE_CASES_DIR/c.case/keyslots" >>"$WORK/material" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
def v2(copy):
    if copy[:18] != b"recourse-keyslots\0" or copy[20] != 1:
        return
    n = int.from_bytes(copy[36:40], "big")
    p = copy[40:40 + n]
    flags = int.from_bytes(copy[32:36], "big")
    slots, o = p[5], 8
    for _ in range(slots):
        ll = p[o]; o += 1 + ll + 1 + 16
        cl = p[o]; o += 1 + cl
        salt, pk, nonce, wrapped = p[o:o+16], p[o+16:o+48], p[o+48:o+72], p[o+72:o+120]
        o += 16 + 32 + 24 + 48 + 80 + (80 if flags & 1 else 0)
        print("salt", salt.hex()); print("pk", pk.hex()); print("wrapped", wrapped.hex())
if data.startswith(b"recourse-keyslots\t1\n"):
    for line in data.split(b"\n"):
        f = line.split(b"\t")
        if f[0] == b"slot" and len(f) == 11:
            print("salt", f[6].decode()); print("pk", f[7].decode()); print("wrapped", f[9].decode())
for i in range(0, len(data) - 32767, 32768):
    v2(data[i:i + 32768])
EOF
}

new_case c "carve passphrase one" --country ER || bail "case new"
record
r "carve passphrase one" -- log import c "$SAMPLES/letter-transcription.csv" >/dev/null 2>&1 || bail "import"
record
r "carve passphrase one" "carve passphrase two" -- case add-slot c counsel:Test $KDF >/dev/null 2>&1 || bail "add-slot"
record
r "carve passphrase one" "carve passphrase three" -- case passwd c $KDF >/dev/null 2>&1 || bail "passwd"
record
r "carve passphrase three" -- case rekey c >/dev/null 2>&1 || bail "rekey"
record
r "carve passphrase two" "carve passphrase four" -- case passwd c --slot counsel:Test $KDF >/dev/null 2>&1 || bail "passwd 2"
record
r "carve passphrase four" -- case remove-slot c applicant >/dev/null 2>&1 || bail "remove-slot"
record
out=$(r "carve passphrase four" -- case erase c --yes 2>&1) || bail "erase: $out"
[ ! -e "$RECOURSE_CASES_DIR/c.case" ] || bail "the case folder is still there after erase"
umount "$mnt" || bail "umount"

sort -u "$WORK/material" -o "$WORK/material"
python3 - "$img" "$WORK/material" >"$WORK/found" <<'EOF'
import sys
img = open(sys.argv[1], "rb").read()
counts = {"magic": 0, "salt": 0, "pk": 0, "wrapped": 0, "recorded": 0}
if img.find(b"recourse-keyslots") >= 0:
    at, n = 0, 0
    while True:
        at = img.find(b"recourse-keyslots", at)
        if at < 0:
            break
        n += 1
        at += 1
    counts["magic"] = n
for line in open(sys.argv[2]):
    kind, hx = line.split()
    counts["recorded"] += 1
    raw = bytes.fromhex(hx)
    if img.find(raw) >= 0 or img.find(hx.encode()) >= 0:
        counts[kind] += 1
for k, v in counts.items():
    print(k, v)
EOF
get() { sed -n "s/^$1 //p" "$WORK/found"; }
is "$(get magic)" "0" "the image holds no keyslots magic (no copy, no marker)"
is "$(get salt)" "0" "the image holds no salt of any keyslots the case ever had"
is "$(get pk)" "0" "the image holds no public key of any slot the case ever had"
is "$(get wrapped)" "0" "the image holds no wrapped secret key of any slot the case ever had"
[ "$(get recorded)" -ge 9 ]; ok $? "the records of key material were made (the test saw the keys: $(get recorded))"
done_testing
