#!/bin/sh
# tests/unit/bagit-tools.sh - a bag written by src/bundle checked with
# tools we did not write: sha256sum -c and sha512sum -c inside the bag,
# and the Library of Congress's validator (python3 -m bagit) when it is
# installed (else a SKIP, never a pass).  Then one altered byte: the same
# tools, and ours, must say so.
. "$top_srcdir/tests/lib/tap.sh"
tool=$top_builddir/tests/unit/bagit-tool
[ -x "$tool" ] || bail "no $tool (make check builds it)"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bagit-tools-XXXXXX") || bail "mktemp"
trap 'rm -rf "$tmp"' EXIT
py=${PYTHON3:-python3}

"$tool" write "$tmp/bag" 2>"$tmp/err"
ok $? "a bag is written as a folder"
out=$(cd "$tmp/bag" && sha256sum --strict -c manifest-sha256.txt 2>&1)
ok $? "sha256sum -c manifest-sha256.txt passes inside the bag"
is "$(printf '%s\n' "$out" | grep -c ': OK$')" 3 "... for the 3 payload files"
(cd "$tmp/bag" && sha512sum --strict -c manifest-sha512.txt >/dev/null 2>&1)
ok $? "sha512sum -c manifest-sha512.txt passes inside the bag"
(cd "$tmp/bag" && sha256sum --strict -c tagmanifest-sha256.txt >/dev/null 2>&1)
ok $? "sha256sum -c tagmanifest-sha256.txt passes inside the bag"
"$tool" verify "$tmp/bag" >"$tmp/v" 2>&1
ok $? "our verifier finds it valid"

if command -v "$py" >/dev/null 2>&1 && "$py" -c "import bagit" 2>/dev/null; then
	"$py" -m bagit --validate "$tmp/bag" >"$tmp/loc" 2>&1
	ok $? "the Library of Congress validator (python3 -m bagit --validate) accepts it"
	sed 's/^/# /' "$tmp/loc" | tail -3
else
	skip "the Library of Congress validator is not installed (python3 -c 'import bagit' failed; pip install bagit)"
fi

# the archives, unpacked by tar and by Python's zipfile: one folder
# named after the file, and sha256sum -c passes inside it
"$tool" write "$tmp/case-0001.tar" tar 2>"$tmp/err"
ok $? "a bag is written as a .tar"
mkdir "$tmp/untar" && tar -xf "$tmp/case-0001.tar" -C "$tmp/untar" 2>"$tmp/err"
ok $? "tar unpacks it"
is "$(ls "$tmp/untar")" "case-0001" "... into one folder named after the file"
(cd "$tmp/untar/case-0001" && sha256sum --strict -c manifest-sha256.txt >/dev/null 2>&1 &&
	sha512sum --strict -c manifest-sha512.txt >/dev/null 2>&1)
ok $? "sha256sum -c and sha512sum -c pass in the unpacked .tar"
"$tool" verify "$tmp/case-0001.tar" >"$tmp/v" 2>&1
ok $? "our verifier finds the .tar valid"
"$tool" write "$tmp/case-0002.zip" zip 2>"$tmp/err"
ok $? "a bag is written as a .zip"
if command -v "$py" >/dev/null 2>&1; then
	mkdir "$tmp/unzip" && "$py" -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; z.extractall(sys.argv[2])' \
		"$tmp/case-0002.zip" "$tmp/unzip" 2>"$tmp/err"
	ok $? "Python's zipfile tests and unpacks it"
	(cd "$tmp/unzip/case-0002" && sha256sum --strict -c manifest-sha256.txt >/dev/null 2>&1 &&
		sha512sum --strict -c manifest-sha512.txt >/dev/null 2>&1)
	ok $? "sha256sum -c and sha512sum -c pass in the unpacked .zip"
else
	skip "python3 is not installed: the .zip is not unpacked by another tool"
	skip "python3 is not installed"
fi
"$tool" verify "$tmp/case-0002.zip" >"$tmp/v" 2>&1
ok $? "our verifier finds the .zip valid"

# one altered byte in the payload
cp -a "$tmp/bag" "$tmp/bad"
printf 'X' | dd of="$tmp/bad/data/docs/stream.bin" bs=1 seek=1000 conv=notrunc 2>/dev/null
(cd "$tmp/bad" && sha256sum --strict -c manifest-sha256.txt >/dev/null 2>&1)
[ $? -ne 0 ]
ok $? "sha256sum -c fails after one byte is altered"
"$tool" verify "$tmp/bad" >"$tmp/v" 2>&1
is "$?" 1 "our verifier finds it not valid"
like "$(cat "$tmp/v")" '^altered data/docs/stream\.bin$' "... and names the altered file"
if command -v "$py" >/dev/null 2>&1 && "$py" -c "import bagit" 2>/dev/null; then
	"$py" -m bagit --validate "$tmp/bad" >/dev/null 2>&1
	[ $? -ne 0 ]
	ok $? "the Library of Congress validator refuses it"
else
	skip "the Library of Congress validator is not installed"
fi
done_testing
