#!/usr/bin/env python3
"""The baseline a technical user might write instead of recourse: read an
NDJSON file of FHIR R4 AuditEvents with the standard json module and insert
the same normalized columns (plus the raw line) into a plain SQLite file
with the standard sqlite3 module, in one transaction.

Usage: baseline_import.py FILE.ndjson OUT.sqlite"""
import json
import os
import sqlite3
import sys
import time
import resource

SCHEMA = """
CREATE TABLE event(
  id INTEGER PRIMARY KEY, source TEXT NOT NULL, ext_id TEXT NOT NULL,
  occurred TEXT, recorded TEXT, authority TEXT, country TEXT, authority_type TEXT,
  role TEXT, agent TEXT, system TEXT, categories TEXT, action TEXT, outcome TEXT,
  purpose TEXT, legal_basis TEXT, dest TEXT, dest_country TEXT, raw BLOB,
  UNIQUE(source, ext_id));
CREATE INDEX event_ts ON event(occurred, id);
"""


def text(cc):
    if not cc:
        return None
    if isinstance(cc, list):
        cc = cc[0] if cc else None
    if not isinstance(cc, dict):
        return None
    if cc.get("text"):
        return cc["text"]
    for c in cc.get("coding", []):
        if c.get("display") or c.get("code"):
            return c.get("display") or c.get("code")
    return None


def row(ev, line):
    contained = {c.get("id"): c for c in ev.get("contained", [])}
    org = contained.get("org", {})
    dest = contained.get("dest", {})
    role = agent = policy = None
    for a in ev.get("agent", []):
        if a.get("requestor"):
            role = text(a.get("role"))
            who = a.get("who", {})
            agent = who.get("identifier", {}).get("value") or who.get("display")
        if a.get("policy") and not policy:
            policy = a["policy"][0]
    cats = []
    for e in ev.get("entity", []):
        for d in e.get("detail", []):
            if d.get("type") == "biometric-modality":
                cats.append(d.get("valueString"))
    src = ev.get("source", {}).get("observer", {}).get("display", "")
    period = ev.get("period", {})
    addr = (org.get("address") or [{}])[0]
    daddr = (dest.get("address") or [{}])[0]
    return (src, ev.get("id"), period.get("start") or ev.get("recorded"), ev.get("recorded"),
            org.get("name"), addr.get("country"), text(org.get("type")), role, agent, src,
            ",".join(c for c in cats if c), ev.get("action"), ev.get("outcome"),
            text(ev.get("purposeOfEvent")), policy, dest.get("name"), daddr.get("country"), line)


def main():
    src, out = sys.argv[1], sys.argv[2]
    if os.path.exists(out):
        os.remove(out)
    t0 = time.monotonic()
    db = sqlite3.connect(out)
    db.executescript(SCHEMA)
    n = 0
    with open(src, "rb") as f:
        db.execute("BEGIN")
        for line in f:
            line = line.strip()
            if not line:
                continue
            ev = json.loads(line)
            db.execute("INSERT OR IGNORE INTO event(source, ext_id, occurred, recorded, authority, "
                       "country, authority_type, role, agent, system, categories, action, outcome, "
                       "purpose, legal_basis, dest, dest_country, raw) VALUES "
                       "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", row(ev, line))
            n += 1
        db.commit()
    db.close()
    secs = time.monotonic() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"  {'python3 json+sqlite3 baseline:':28} {n:9d} events in {secs:6.2f} s = {n / secs:8.0f} events/s, peak RSS {rss:6.1f} MB")


if __name__ == "__main__":
    main()
