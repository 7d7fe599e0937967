#!/usr/bin/python3
"""fakereg.py - a loopback stand-in registry for tests/net/sync.sh: serves
the synthetic sample pages (tests/data/samples/auditevents-r4-page*.json)
as a FHIR searchset over HTTP on 127.0.0.1, with one misbehaviour chosen
by the MODE file in its folder (read at every request, so a test changes
it without restarting).  Prints its port on the first line."""
import json, os, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs

samples, state = sys.argv[1], sys.argv[2]
pages = [json.load(open(os.path.join(samples, f"auditevents-r4-page{i}.json"))) for i in (1, 2)]
REF = "Patient/eurodac-DE-7F3A-0042"

def mode():
    try:
        return open(os.path.join(state, "MODE")).read().strip()
    except OSError:
        return "normal"

def count(name):
    p = os.path.join(state, name)
    n = int(open(p).read()) if os.path.exists(p) else 0
    open(p, "w").write(str(n + 1))
    return n

class H(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def send(self, code, body, ctype="application/fhir+json", headers=()):
        b = body.encode() if isinstance(body, str) else body
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(b)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(b)

    def do_GET(self):
        m = mode()
        base = f"http://127.0.0.1:{self.server.server_port}"
        u = urlparse(self.path)
        q = parse_qs(u.query)
        if u.path == "/.well-known/recourse-registry":
            fb = "http://127.0.0.2:1/fhir" if m == "fhir-elsewhere" else base + "/fhir"
            return self.send(200, json.dumps({"api_version": "1.0", "registry": "Test registry \u202e\u001b[31m",
                                              "fhir_base": fb, "request_kinds": ["correction", "bogus"]}),
                             "application/json")
        if u.path != "/fhir/AuditEvent":
            return self.send(404, '{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found"}]}')
        count("requests")
        if m == "busy" and count("busy") < 2:
            return self.send(503, '{"resourceType":"OperationOutcome"}', headers=[("Retry-After", "1")])
        if m == "down":
            return self.send(503, '{"resourceType":"OperationOutcome"}')
        if m == "unauthorized":
            return self.send(401, '{"resourceType":"OperationOutcome"}', headers=[("WWW-Authenticate", 'Bearer realm="registry"')])
        if m == "forbidden":
            return self.send(403, '{"resourceType":"OperationOutcome"}')
        if m == "redirect":
            return self.send(302, "", headers=[("Location", "http://127.0.0.2:9/fhir/AuditEvent")])
        patient = q.get("patient", [""])[0]
        page = int(q.get("_page", ["1"])[0])
        if patient != REF:
            return self.send(200, json.dumps({"resourceType": "Bundle", "type": "searchset", "total": 0}))
        if m == "stop-after-1" and page == 2:
            # the test kills recourse while it waits here
            time.sleep(30)
        d = json.loads(json.dumps(pages[page - 1]))
        d["link"] = [{"relation": "self", "url": base + self.path}]
        if page == 1:
            nxt = (("http://127.0.0.2:%d" % self.server.server_port) if m == "next-elsewhere" else base)
            d["link"].append({"relation": "next", "url": nxt + "/fhir/AuditEvent?patient=" + REF + "&_page=2"})
        if m == "foreign" and page == 2:
            d["entry"][3]["resource"]["entity"][0]["what"] = {"reference": "Patient/someone-else"}
        if m == "withheld" and page == 1:
            d["entry"].append({"resource": {"resourceType": "OperationOutcome", "issue": [{
                "severity": "information", "code": "suppressed",
                "details": {"text": "Some records are withheld under a law-enforcement exemption.\u202e"}}]},
                "search": {"mode": "outcome"}})
        body = json.dumps(d)
        if m == "truncated" and page == 2:
            body = body[: len(body) // 2]
        if m == "malformed" and page == 2:
            body = body.replace('"entry"', '"entry" "', 1)
        if m == "oversized" and page == 2:
            body = '{"resourceType":"Bundle","type":"searchset","x":"' + "a" * (70 << 20) + '"}'
        self.send(200, body)

srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
print(srv.server_port, flush=True)
srv.serve_forever()
