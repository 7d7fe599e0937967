#!/usr/bin/env python3
"""tsa.py DIR - a stand-in RFC 3161 time stamp authority on 127.0.0.1 for
tests/net/sign.sh (Python's standard library and the openssl command).

DIR holds tsa.cnf, tsa.key, tsa.pem (and other.key, other.pem: another
authority), made by the test at run time.  The port (bound to 0) goes to
DIR/port.  A POSTed TimeStampReq is answered by `openssl ts -reply`,
according to the path:

  /good       the answer to the query
  /other      signed by the other authority
  /nonce      the answer to the same query with another nonce
  /imprint    the answer to the same query for other bytes
  /reject     a TimeStampResp with status rejection (badAlg) and a
              statusString holding control and bidi characters
  /garbage    bytes that are no DER
  /truncated  the good answer cut in half
  /http500    an HTTP error
"""
import os
import subprocess
import sys
import tempfile
from http.server import BaseHTTPRequestHandler, HTTPServer

DIR = sys.argv[1]


def tlv(buf, i):
    """(tag, start of the value, length) of the DER TLV at i."""
    tag = buf[i]
    n = buf[i + 1]
    j = i + 2
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(buf[j:j + k], "big")
        j += k
    return tag, j, n


def children(buf, start, length):
    out, i = [], start
    while i < start + length:
        tag, j, n = tlv(buf, i)
        out.append((tag, j, n))
        i = j + n
    return out


def patched(query, what):
    """The query with the last byte of its nonce or of its imprint flipped
    (the same length: still good DER)."""
    q = bytearray(query)
    tag, j, n = tlv(q, 0)
    kids = children(q, j, n)
    if what == "imprint":
        _, mj, mn = kids[1]                      # messageImprint
        _, oj, on = children(q, mj, mn)[1]      # its hashedMessage
        q[oj + on - 1] ^= 1
    else:
        ints = [k for k in kids[1:] if k[0] == 0x02]   # the nonce INTEGER
        _, nj, nn = ints[0]
        q[nj + nn - 1] ^= 1
    return bytes(q)


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def seq(*parts):
    body = b"".join(parts)
    return b"\x30" + der_len(len(body)) + body


def rejection():
    text = "algorithm not supported\x1b[31m \u202eevil".encode()
    utf8 = b"\x0c" + der_len(len(text)) + text
    status = b"\x02\x01\x02"                              # rejection
    fail = b"\x03\x02\x07\x80"                            # badAlg (bit 0)
    return seq(seq(status, seq(utf8), fail))


def reply(query, key, cert):
    with tempfile.TemporaryDirectory(dir=DIR) as t:
        qf, rf = os.path.join(t, "q.tsq"), os.path.join(t, "r.tsr")
        with open(qf, "wb") as f:
            f.write(query)
        subprocess.run(["openssl", "ts", "-reply", "-config", os.path.join(DIR, "tsa.cnf"), "-queryfile", qf,
                        "-inkey", os.path.join(DIR, key), "-signer", os.path.join(DIR, cert), "-out", rf],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(rf, "rb") as f:
            return f.read()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        query = self.rfile.read(n)
        mode = self.path.strip("/")
        if self.headers.get("Content-Type") != "application/timestamp-query":
            self.send_error(415)
            return
        if mode == "http500":
            self.send_error(500)
            return
        if mode == "good":
            body = reply(query, "tsa.key", "tsa.pem")
        elif mode == "other":
            body = reply(query, "other.key", "other.pem")
        elif mode in ("nonce", "imprint"):
            body = reply(patched(query, mode), "tsa.key", "tsa.pem")
        elif mode == "reject":
            body = rejection()
        elif mode == "garbage":
            body = b"<html>not a time stamp</html>" * 3
        elif mode == "truncated":
            body = reply(query, "tsa.key", "tsa.pem")
            body = body[:len(body) // 2]
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


srv = HTTPServer(("127.0.0.1", 0), Handler)
with open(os.path.join(DIR, "port.tmp"), "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(os.path.join(DIR, "port.tmp"), os.path.join(DIR, "port"))
srv.serve_forever()
