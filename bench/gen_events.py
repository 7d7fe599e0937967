#!/usr/bin/env python3
"""Write N synthetic FHIR R4 AuditEvents as NDJSON on stdout, for import
benchmarks.  Shaped like tests/data/samples/auditevents-r5.ndjson (contained
Organization #org, requestor agent with role and staff number, custodian,
now and then a destination #dest, biometric-modality details) but in the R4
shape, about 1.9 KB each.  Fictional data only.

    bench/gen_events.py 100000 --seed 7 > /tmp/events.ndjson
"""
import argparse
import json
import random
import sys
from datetime import datetime, timedelta, timezone

ORGS = [
    ("Bundespolizei", "border police", "DE", "bpol", "border officer"),
    ("Bundesamt für Migration und Flüchtlinge", "asylum authority", "DE", "bamf", "asylum caseworker"),
    ("Office français de protection des réfugiés et apatrides", "asylum authority", "FR", "ofpra", "protection officer"),
    ("Landespolizei Hamburg", "local police", "DE", "lapol", "patrol officer"),
    ("Europol", "law enforcement agency", "EU", "europol", "analyst"),
    ("Klinikum Nord Hamburg", "hospital", "DE", "klinik", "registration clerk"),
    ("Jobcenter Hamburg-Mitte", "employment and welfare office", "DE", "jobc", "benefits officer"),
    ("Ministero dell'Interno", "interior ministry", "IT", "mininterno", "immigration officer"),
]
SYSTEMS = [("Eurodac Central System", "eu-LISA"), ("National AFIS (INPOL-Z)", "BKA"),
           ("Schengen Information System (SIS)", "eu-LISA"), ("Visa Information System (VIS)", "eu-LISA")]
PURPOSES = [("border-control", "Border check"),
            ("asylum-determination", "Examination of an application for international protection"),
            ("dublin-determination", "Determination of the Member State responsible"),
            ("law-enforcement", "Prevention, detection or investigation of serious crime")]
POLICIES = ["https://eur-lex.europa.eu/eli/reg/2024/1358/oj", "https://eur-lex.europa.eu/eli/reg/2018/1861/oj",
            "https://eur-lex.europa.eu/eli/reg/2008/767/oj"]
MODALITIES = ["fingerprints", "face-image", "iris", "biographic"]
KINDS = [("110110", "Patient Record", "read", "R"), ("110112", "Query", "search-type", "E"),
         ("110110", "Patient Record", "update", "U"), ("110106", "Export", "read", "R")]


def event(i, rnd, t0):
    name, otype, country, short, role = rnd.choice(ORGS)
    system, site = rnd.choice(SYSTEMS)
    code, display, sub, action = rnd.choice(KINDS)
    start = t0 + timedelta(seconds=rnd.randrange(0, 3 * 365 * 86400))
    end = start + timedelta(seconds=2)
    staff = "%s-%04d" % (short.upper(), rnd.randrange(10000))
    contained = [{"resourceType": "Organization", "id": "org", "name": name,
                  "type": [{"text": otype}], "address": [{"country": country}]}]
    agents = [
        {"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/extra-security-role-type",
                              "code": "humanuser", "display": "human user"}]},
         "role": [{"text": role}],
         "who": {"identifier": {"system": "urn:recourse-sample:%s:staff" % short, "value": staff},
                 "display": staff},
         "requestor": True,
         "network": {"address": "10.%d.%d.%d" % (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)),
                     "type": "2"}},
        {"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
                              "code": "custodian"}]},
         "who": {"reference": "#org", "display": name}, "requestor": False},
    ]
    if rnd.random() < 0.8:
        agents[0]["policy"] = [rnd.choice(POLICIES)]
    if code == "110106":
        contained.append({"resourceType": "Organization", "id": "dest",
                          "name": "U.S. Department of Homeland Security (IDENT/HART)",
                          "type": [{"text": "immigration enforcement"}], "address": [{"country": "US"}]})
        agents.append({"type": {"coding": [{"system": "http://dicom.nema.org/resources/ontology/DCM",
                                            "code": "110152", "display": "Destination Role ID"}]},
                       "who": {"reference": "#dest",
                               "display": "U.S. Department of Homeland Security (IDENT/HART)"},
                       "requestor": False})
    mods = rnd.sample(MODALITIES, rnd.randrange(1, 3))
    ev = {
        "resourceType": "AuditEvent",
        "id": "ae-%08d" % i,
        "contained": contained,
        "type": {"system": "http://dicom.nema.org/resources/ontology/DCM", "code": code, "display": display},
        "subtype": [{"system": "http://hl7.org/fhir/restful-interaction", "code": sub}],
        "action": action,
        "recorded": end.isoformat(),
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "outcome": rnd.choice(["0", "0", "0", "4"]),
        "agent": agents,
        "source": {"site": site, "observer": {"display": system},
                   "type": [{"system": "http://terminology.hl7.org/CodeSystem/security-source-type", "code": "4"}]},
        "entity": [{"what": {"reference": "Patient/eurodac-DE-7F3A-0042"},
                    "type": {"system": "http://terminology.hl7.org/CodeSystem/audit-entity-type",
                             "code": "1", "display": "Person"},
                    "role": {"system": "http://terminology.hl7.org/CodeSystem/object-role",
                             "code": "1", "display": "Patient"},
                    "detail": [{"type": "biometric-modality", "valueString": m} for m in mods]}],
    }
    if rnd.random() < 0.85:
        pc, pd = rnd.choice(PURPOSES)
        ev["purposeOfEvent"] = [{"coding": [{"system": "urn:recourse-sample:purpose", "code": pc, "display": pd}]}]
    return ev


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of events")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    t0 = datetime(2023, 1, 1, tzinfo=timezone(timedelta(hours=2)))
    out = sys.stdout
    for i in range(1, args.n + 1):
        out.write(json.dumps(event(i, rnd, t0), ensure_ascii=False))
        out.write("\n")


if __name__ == "__main__":
    main()
