#!/usr/bin/env python3
"""How many persons' records a FHIR AuditEvent file names: an oracle for
tests/cli/log-import.sh, written from the R4/R5 definitions independently
of the importer (R5 AuditEvent.patient; an entity whose role is "1"
Patient; else an entity whose what is a Patient reference)."""
import json, re, sys

def events(path):
    text = open(path, encoding="utf-8").read()
    try:
        docs = [json.loads(text)]
    except ValueError:
        docs = [json.loads(l) for l in text.splitlines() if l.strip()]
    for d in docs:
        if d.get("resourceType") == "Bundle":
            for e in d.get("entry") or []:
                r = e.get("resource") if isinstance(e, dict) else None
                if isinstance(r, dict) and r.get("resourceType") == "AuditEvent":
                    yield r
        elif d.get("resourceType") == "AuditEvent":
            yield d

def ref_of(x):
    if not isinstance(x, dict):
        return None
    if x.get("reference"):
        return x["reference"]
    i = x.get("identifier")
    if isinstance(i, dict) and i.get("value"):
        return (i.get("system") or "") + "|" + i["value"]
    return None

def role_is_patient(ent):
    role = ent.get("role")
    codings = []
    if isinstance(role, dict):
        codings = role.get("coding") or [role]
    return any(isinstance(c, dict) and c.get("code") == "1" for c in codings)

def record(ev):
    r = ref_of(ev.get("patient"))
    if r:
        return r
    ents = [e for e in ev.get("entity") or [] if isinstance(e, dict)]
    for e in ents:
        if role_is_patient(e) and ref_of(e.get("what")):
            return ref_of(e.get("what"))
    for e in ents:
        w = ref_of(e.get("what"))
        if w and re.search(r"(^|/)Patient/", w):
            return w
    return None

print(len({r for r in map(record, events(sys.argv[1])) if r}))
