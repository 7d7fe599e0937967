#!/usr/bin/python3
"""qrcheck.py - reads a QR code recourse drew in the terminal (Unicode
half blocks, tests/net/auth.sh) back into modules and checks that a
reader could scan it: black on bright white set explicitly (ESC[30;107m),
a square of 21 + 4k modules, a light quiet zone of 4 modules all round,
the three finder patterns, the timing patterns, and format information
that is a valid BCH codeword for error correction M (read at both of its
places, the same).  Prints "ok" or what is wrong."""
import re, sys

text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
lines = [l for l in text.splitlines() if "\x1b[0;30;107m" in l]
if not lines:
    sys.exit("no line drawn black on bright white")
rows = []
for l in lines:
    body = l.split("\x1b[0;30;107m", 1)[1].split("\x1b[0m", 1)[0]
    top = [c in "\u2588\u2580" for c in body]
    bottom = [c in "\u2588\u2584" for c in body]
    rows.append(top)
    rows.append(bottom)
n = len(rows[0])
rows = rows[:n] if len(rows) >= n else rows
if len(rows) != n or any(len(r) != n for r in rows):
    sys.exit(f"not a square: {len(rows)} rows of {n}")
w = n - 8
if w < 21 or (w - 21) % 4:
    sys.exit(f"{w} modules is not the width of a QR code")
for i in range(n):
    for j in range(n):
        inside = 4 <= i < 4 + w and 4 <= j < 4 + w
        if not inside and rows[i][j]:
            sys.exit(f"the quiet zone is dark at {i},{j}")
m = [r[4:4 + w] for r in rows[4:4 + w]]

def finder(r0, c0):
    for i in range(7):
        for j in range(7):
            ring = max(abs(i - 3), abs(j - 3))
            if m[r0 + i][c0 + j] != (ring != 2):
                return False
    return True

for r0, c0 in ((0, 0), (0, w - 7), (w - 7, 0)):
    if not finder(r0, c0):
        sys.exit(f"no finder pattern at {r0},{c0}")
for k in range(8, w - 8):
    if m[6][k] != (k % 2 == 0) or m[k][6] != (k % 2 == 0):
        sys.exit("the timing patterns are wrong")

def bits(cells):
    v = 0
    for r, c in cells:
        v = (v << 1) | m[r][c]
    return v

# format information (ISO/IEC 18004 7.9): bits 14..0
a = [(8, 0), (8, 1), (8, 2), (8, 3), (8, 4), (8, 5), (8, 7), (8, 8), (7, 8), (5, 8), (4, 8), (3, 8), (2, 8), (1, 8), (0, 8)]
b = [(w - 1, 8), (w - 2, 8), (w - 3, 8), (w - 4, 8), (w - 5, 8), (w - 6, 8), (w - 7, 8),
     (8, w - 8), (8, w - 7), (8, w - 6), (8, w - 5), (8, w - 4), (8, w - 3), (8, w - 2), (8, w - 1)]
fa, fb = bits(a) ^ 0x5412, bits(b) ^ 0x5412
if fa != fb:
    sys.exit("the two copies of the format information differ")
def bch(v):
    g = 0x537
    v <<= 10
    for i in range(14, 9, -1):
        if v & (1 << i):
            v ^= g << (i - 10)
    return v
if bch(fa >> 10) != (fa & 0x3FF):
    sys.exit("the format information is not a valid codeword")
if (fa >> 13) != 0:  # 00: error correction M
    sys.exit("the error correction level is not M")
print("ok")
