#!/usr/bin/python3
"""connectproxy.py - a tiny HTTP CONNECT proxy on 127.0.0.1 for
tests/net/auth.sh: it tunnels bytes both ways (TLS runs end to end
through it, as doc/registry-api.md section 8 says) and counts the tunnels
it opened in the file COUNT (one line: a number).  Prints its port on the
first line.  Python's standard library only."""
import os, select, socket, sys, threading

count_file = sys.argv[1]
lock = threading.Lock()

def bump():
    with lock:
        n = int(open(count_file).read()) if os.path.exists(count_file) else 0
        tmp = count_file + ".tmp"
        open(tmp, "w").write(str(n + 1) + "\n")
        os.replace(tmp, count_file)

def pump(a, b):
    socks = [a, b]
    while True:
        r, _, _ = select.select(socks, [], [], 30)
        if not r:
            return
        for s in r:
            data = s.recv(65536)
            if not data:
                return
            (b if s is a else a).sendall(data)

def serve(c):
    try:
        head = b""
        while b"\r\n\r\n" not in head and len(head) < 8192:
            d = c.recv(4096)
            if not d:
                return
            head += d
        line = head.split(b"\r\n", 1)[0].decode("latin-1").split()
        if len(line) < 2 or line[0] != "CONNECT":
            c.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            return
        host, port = line[1].rsplit(":", 1)
        host = host.strip("[]")
        if host not in ("127.0.0.1", "::1"):  # loopback only
            c.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            return
        u = socket.create_connection((host, int(port)), timeout=10)
        bump()
        c.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        pump(c, u)
        u.close()
    except OSError:
        pass
    finally:
        c.close()

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(16)
print(s.getsockname()[1], flush=True)
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
