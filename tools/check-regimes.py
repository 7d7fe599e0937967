#!/usr/bin/env python3
"""check-regimes.py - validate data/regimes/*.json against format 2
(data/regimes/README.md) and print every number with its citation.

    python3 tools/check-regimes.py              # check everything, print the table
    python3 tools/check-regimes.py --reasons    # the table with the full reasons
    python3 tools/check-regimes.py --group      # request kinds sharing a number on one row
    python3 tools/check-regimes.py --quiet      # errors only
    python3 tools/check-regimes.py FILE...      # check only these regime files
                                                # (common.json is still read)

What is checked, strictly:
  - JSON: no duplicate keys, no NaN/Infinity, UTF-8;
  - every object: no unknown key, the right types, required fields present;
    `notes` a non-empty text or list of texts, `uncertain` a non-empty text;
  - ids (small letters, digits, '-', at most 31), dates (YYYY-MM-DD, real
    days), units, counting rules, calendars (files of data/holidays or
    "controller"), country codes (ISO 3166-1 alpha-2, plus EU, EL, UK),
    area names (common.json), instruments, systems and datasets cited;
  - versions in date order, not overlapping, `until` not before `from`;
    an instrument cited by a version applies on all of its days;
  - every retention, answer, extension, notice and escalation number
    carries its `article` (its own, or that of the object holding it) and
    an `instrument` (its own, its request's or step's, or its version's);
    answer, extension and notice periods name `counting` and `calendar`;
  - the regime id is the file's name; every regime title is in
    src/core/regime_titles.c; data/Makemodule.am lists exactly the files;
  - common.json: areas, the mandate lists (known sectors, keywords that
    fold to something, no keyword twice);
  - tests/data/regime-examples.tsv: every worked example agrees with the
    files (version chosen by date, number, unit, article, instrument,
    uncertain).

A number is *uncertain* when it, or an object holding it (extension,
request, escalation step, retention rule, the dataset it applies to,
version), carries `uncertain`.

Python 3 standard library only.  Exit status 0 when there is no error, 1
otherwise, 2 on a usage error.
"""

import argparse
import datetime
import glob
import json
import os
import re
import sys
import unicodedata

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

ID_RE = re.compile(r"^[a-z0-9-]{1,31}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
KINDS = ["access", "rectification", "completion", "erasure", "restriction", "objection", "complaint"]
REQUEST_UNITS = {"calendar-days", "working-days", "weeks", "months", "years"}
RETENTION_UNITS = {"calendar-days", "months", "years"}
COUNTING = {"eu-1182-71", "gdpr-12-3", "uk-beginning-with", "us-foia", "ca-interpretation-act"}
TRANSFER_VALUES = {"forbidden", "conditions", "allowed"}
PRIVATE_VALUES = TRANSFER_VALUES | {"forbidden-everywhere"}
ROUTES = {"direct", "indirect"}
SECTORS = {"health", "education", "welfare", "employment", "tax", "housing"}
SECTORS_IF_NO_PURPOSE = {"local-police"}

# ISO 3166-1 alpha-2, officially assigned codes (249), and the three the
# README allows besides: EU (EU agencies), EL (the EU's code for Greece),
# UK (exceptionally reserved, used for GB).
ISO = set("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
""".split())
assert len(ISO) == 249
COUNTRIES = ISO | {"EU", "EL", "UK"}


# --------------------------------------------------------------------------
# Errors

class Report:
    def __init__(self):
        self.errors = []
        self.warnings = []

    def err(self, where, msg):
        self.errors.append(f"{where}: {msg}")

    def warn(self, where, msg):
        self.warnings.append(f"{where}: {msg}")


R = Report()


def dup_hook(where):
    def hook(pairs):
        d = {}
        for k, v in pairs:
            if k in d:
                R.err(where, f"duplicate key {k!r}")
            d[k] = v
        return d
    return hook


def no_constant(name):
    raise ValueError(f"{name} is not JSON")


def load_json(path):
    where = os.path.relpath(path, TOP)
    try:
        with open(path, "rb") as f:
            raw = f.read()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        R.err(where, f"cannot read: {e}")
        return None
    try:
        return json.loads(text, object_pairs_hook=dup_hook(where), parse_constant=no_constant)
    except ValueError as e:
        R.err(where, f"not valid JSON: {e}")
        return None


# --------------------------------------------------------------------------
# Folding, as src/core/regimes.c does (fold()), for the keyword checks.

def fold(s):
    out = []
    for ch in s:
        cp = ord(ch)
        if cp < 0x80:
            if ch.isalnum():
                out.append(ch.lower())
            else:
                out.append(" ")
        elif cp < 0xC0:
            out.append(" ")
        elif ch in "\u00d7\u00f7":
            out.append(" ")
        elif ch in "\u00c6\u00e6":
            out.append("ae")
        elif ch in "\u00de\u00fe":
            out.append("th")
        elif ch == "\u00df":
            out.append("ss")
        elif ch in "\u0132\u0133":
            out.append("ij")
        elif ch in "\u0152\u0153":
            out.append("oe")
        elif 0x300 <= cp <= 0x36F:
            pass
        elif 0x370 <= cp <= 0x3FF:
            d = unicodedata.normalize("NFD", ch)[0].lower()
            out.append("\u03c3" if d == "\u03c2" else d)
        elif 0x400 <= cp <= 0x42F:
            out.append(ch.lower())
        elif cp < 0x180 or cp in (0x218, 0x219, 0x21A, 0x21B):
            base = unicodedata.normalize("NFD", ch)[0].lower()
            out.append({"\u0142": "l", "\u0111": "d", "\u0127": "h", "\u0131": "i", "\u0138": "k",
                        "\u0149": "n", "\u014b": "n", "\u0167": "t", "\u017f": "s"}.get(base, base))
        elif (0x2000 <= cp <= 0x206F) or cp in (0x3000, 0xFFFD, 0xFEFF) or 0xFE00 <= cp <= 0xFE0F:
            out.append(" ")
        else:
            out.append(ch)
    return " ".join("".join(out).split())


def fold_keyword(s):
    core = fold(s)
    if not core:
        return None
    return (" " if s.startswith(" ") else "") + core + (" " if s.endswith(" ") else "")


# --------------------------------------------------------------------------
# Small checks

def is_text(v):
    return isinstance(v, str) and v.strip() != ""


def check_text(where, v, name):
    if not is_text(v):
        R.err(where, f"{name} must be a non-empty text")
        return False
    return True


def check_notes(where, v):
    if isinstance(v, str):
        if not v.strip():
            R.err(where, "notes must not be empty")
    elif isinstance(v, list):
        if not v:
            R.err(where, "notes must not be an empty list")
        for i, x in enumerate(v):
            if not is_text(x):
                R.err(f"{where}[{i}]", "each note must be a non-empty text")
    else:
        R.err(where, "notes must be a text or a list of texts")


def parse_date(where, v):
    if not isinstance(v, str) or not DATE_RE.match(v):
        R.err(where, f"{v!r} is not a date YYYY-MM-DD")
        return None
    try:
        return datetime.date.fromisoformat(v)
    except ValueError:
        R.err(where, f"{v!r} is not a real day")
        return None


def check_obj(where, obj, required, optional):
    """The object has the required keys, no others besides the optional
    ones and notes/uncertain; notes and uncertain are checked."""
    if not isinstance(obj, dict):
        R.err(where, "must be an object")
        return False
    allowed = set(required) | set(optional) | {"notes", "uncertain"}
    for k in obj:
        if k not in allowed:
            R.err(where, f"unknown key {k!r}")
    for k in required:
        if k not in obj:
            R.err(where, f"missing {k!r}")
    if "notes" in obj:
        check_notes(f"{where}.notes", obj["notes"])
    if "uncertain" in obj:
        check_text(f"{where}.uncertain", obj["uncertain"], "uncertain")
    return True


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


# --------------------------------------------------------------------------
# Holidays, titles, Makemodule

def holiday_ids():
    ids = set()
    for p in sorted(glob.glob(os.path.join(TOP, "data", "holidays", "*.json"))):
        d = load_json(p)
        if isinstance(d, dict) and isinstance(d.get("id"), str):
            ids.add(d["id"])
    return ids


def shipped_titles():
    path = os.path.join(TOP, "src", "core", "regime_titles.c")
    try:
        text = open(path, encoding="utf-8").read()
    except OSError as e:
        R.err("src/core/regime_titles.c", f"cannot read: {e}")
        return set()
    return set(json.loads('"' + m + '"') for m in re.findall(r'N_\("((?:[^"\\]|\\.)*)"\)', text))


def makemodule_files():
    path = os.path.join(TOP, "data", "Makemodule.am")
    try:
        text = open(path, encoding="utf-8").read()
    except OSError as e:
        R.err("data/Makemodule.am", f"cannot read: {e}")
        return None
    m = re.search(r"dist_regimes_DATA\s*=((?:[^\n]*\\\n)*[^\n]*)", text)
    if not m:
        R.err("data/Makemodule.am", "no dist_regimes_DATA")
        return None
    return [w for w in m.group(1).replace("\\", " ").split()]


# --------------------------------------------------------------------------
# The common document

def check_common(doc, where):
    areas = {}
    if not check_obj(where, doc, ["kind", "format", "areas", "mandate"], []):
        return areas
    if doc.get("kind") != "common":
        R.err(f"{where}.kind", 'must be "common"')
    if not is_int(doc.get("format")) or doc.get("format") != 2:
        R.err(f"{where}.format", "must be 2")
    a = doc.get("areas")
    if not isinstance(a, dict) or not a:
        R.err(f"{where}.areas", "must be a non-empty object")
    else:
        for name, area in a.items():
            w = f"{where}.areas.{name}"
            if not ID_RE.match(name):
                R.err(w, "an area name is small letters, digits and '-' (at most 31)")
            if not check_obj(w, area, ["title", "countries"], ["article"]):
                continue
            check_text(f"{w}.title", area.get("title"), "title")
            if "article" in area:
                check_text(f"{w}.article", area["article"], "article")
            codes = check_countries(f"{w}.countries", area.get("countries"))
            areas[name] = codes
    m = doc.get("mandate")
    wm = f"{where}.mandate"
    if check_obj(wm, m, ["with_mandate", "with_mandate_if_purpose", "without_mandate",
                         "without_mandate_if_no_purpose"], []):
        seen = {}

        def kwlist(w, lst):
            if not isinstance(lst, list) or not lst:
                R.err(w, "must be a non-empty list of keywords")
                return
            for i, k in enumerate(lst):
                if not is_text(k):
                    R.err(f"{w}[{i}]", "a keyword must be a non-empty text")
                    continue
                f = fold_keyword(k)
                if f is None:
                    R.err(f"{w}[{i}]", f"{k!r} folds to nothing")
                    continue
                if f in seen:
                    R.err(f"{w}[{i}]", f"{k!r} is the same keyword as {seen[f]}")
                else:
                    seen[f] = f"{w}[{i}]"

        kwlist(f"{wm}.with_mandate", m.get("with_mandate"))
        kwlist(f"{wm}.with_mandate_if_purpose", m.get("with_mandate_if_purpose"))
        for key, sectors in (("without_mandate", SECTORS), ("without_mandate_if_no_purpose", SECTORS_IF_NO_PURPOSE)):
            d = m.get(key)
            if not isinstance(d, dict) or not d:
                R.err(f"{wm}.{key}", "must be a non-empty object of sectors")
                continue
            for sector, lst in d.items():
                if sector not in sectors:
                    R.err(f"{wm}.{key}.{sector}", f"unknown sector (one of {', '.join(sorted(sectors))})")
                kwlist(f"{wm}.{key}.{sector}", lst)
    return areas


def check_countries(where, v):
    if not isinstance(v, list) or not v:
        R.err(where, "must be a non-empty list of country codes")
        return set()
    codes = set()
    for i, c in enumerate(v):
        if not isinstance(c, str) or c not in COUNTRIES:
            R.err(f"{where}[{i}]", f"{c!r} is not an ISO 3166-1 alpha-2 code in capitals (or EU, EL, UK)")
        elif c in codes:
            R.err(f"{where}[{i}]", f"{c} twice")
        else:
            codes.add(c)
    return codes


# --------------------------------------------------------------------------
# Regime documents

class Ctx:
    """What a number needs to resolve its citation and uncertainty."""

    def __init__(self, regime, version, instruments, calendars):
        self.regime = regime
        self.version = version
        self.instruments = instruments
        self.calendars = calendars


NUMBERS = []   # rows of the table


def unc_chain(*objs):
    """The reasons of every object in the chain that carries `uncertain`,
    nearest first, joined; None when none does."""
    found = [o["uncertain"] for o in objs if isinstance(o, dict) and is_text(o.get("uncertain"))]
    return " / ".join(dict.fromkeys(found)) if found else None


def check_instrument_ref(where, ctx, iid):
    if iid is None:
        R.err(where, "no instrument (neither its own, nor its request's or step's, nor its version's)")
        return
    if iid not in ctx.instruments:
        R.err(where, f"instrument {iid!r} is not in the file's instruments")
        return
    ins = ctx.instruments[iid]
    vf, vu = ctx.version.get("_from"), ctx.version.get("_until")
    af, au = ins.get("_from"), ins.get("_until")
    if af and vf and vf < af:
        R.err(where, f"instrument {iid} applies only from {af}, the version from {vf}")
    if au and (vu is None or vu > au):
        R.err(where, f"instrument {iid} applies only until {au}, the version until {vu or 'open'}")


def check_period(where, p, ctx, kind, units, holders, article_from=None, instrument_from=(),
                 need_rule=False, extra_required=(), extra_optional=()):
    """A period.  holders: the objects around it, nearest first (for the
    uncertain chain).  article_from: an article of the holder it may use."""
    if kind == "retention":
        keys_opt = list(extra_optional)
    else:
        keys_opt = ["from", "what", "article", "instrument", "counting", "calendar"] + list(extra_optional)
    if not check_obj(where, p, ["n", "unit"] + list(extra_required), keys_opt):
        return
    n, unit = p.get("n"), p.get("unit")
    if not is_int(n) or n < 1:
        R.err(f"{where}.n", "must be a whole number of at least 1")
    if unit not in units:
        R.err(f"{where}.unit", f"{unit!r} is not one of {', '.join(sorted(units))}")
    for k in ("from", "what"):
        if k in p:
            check_text(f"{where}.{k}", p[k], k)
    if "article" in p:
        check_text(f"{where}.article", p["article"], "article")
    if kind == "retention":
        return
    article = p.get("article") or article_from
    if not is_text(article):
        R.err(where, "a number must carry its article")
    iid = p.get("instrument")
    for x in instrument_from:
        if iid is None:
            iid = x
    if "instrument" in p and not is_text(p["instrument"]):
        R.err(f"{where}.instrument", "must be an instrument id")
    check_instrument_ref(where, ctx, iid)
    if "counting" in p:
        if p["counting"] not in COUNTING:
            R.err(f"{where}.counting", f"{p['counting']!r} is not one of {', '.join(sorted(COUNTING))}")
    elif need_rule:
        R.err(where, "missing 'counting' (the rule that turns the period into a date)")
    if "calendar" in p:
        c = p["calendar"]
        if c != "controller" and c not in ctx.calendars:
            R.err(f"{where}.calendar", f"{c!r} is neither \"controller\" nor a calendar of data/holidays")
    elif need_rule:
        R.err(where, "missing 'calendar'")
    unc = unc_chain(p, *holders)
    NUMBERS.append({"regime": ctx.regime, "version": ctx.version, "what": kind, "n": n, "unit": unit,
                    "article": article, "instrument": iid, "uncertain": unc, "obj": p})


def check_request(where, kind, r, ctx):
    if not isinstance(r, dict):
        R.err(where, "must be an object")
        return
    if r.get("available") is False:
        check_obj(where, r, ["available", "notes"], ["article", "instrument"])
        if "article" in r:
            check_text(f"{where}.article", r["article"], "article")
        if "instrument" in r and r["instrument"] not in ctx.instruments:
            R.err(f"{where}.instrument", f"{r['instrument']!r} is not in the file's instruments")
        return
    check_obj(where, r, ["article", "answer", "addressee"],
              ["available", "instrument", "extension", "clock_stops", "route", "languages", "escalation"])
    if "available" in r and r["available"] is not True:
        R.err(f"{where}.available", "must be true or false")
    check_text(f"{where}.article", r.get("article"), "article")
    check_text(f"{where}.addressee", r.get("addressee"), "addressee")
    if "instrument" in r and r["instrument"] not in ctx.instruments:
        R.err(f"{where}.instrument", f"{r['instrument']!r} is not in the file's instruments")
    vins = ctx.version.get("instrument")
    rins = r.get("instrument")
    if "answer" in r and r["answer"] is not None:
        check_period(f"{where}.answer", r["answer"], ctx, f"{kind}: answer", REQUEST_UNITS, [r, ctx.version],
                     instrument_from=(rins, vins), need_rule=True)
    if "extension" in r:
        e = r["extension"]
        check_period(f"{where}.extension", e, ctx, f"{kind}: extension", REQUEST_UNITS, [r, ctx.version],
                     instrument_from=(rins, vins), need_rule=True,
                     extra_required=["condition"], extra_optional=["notice"])
        if isinstance(e, dict):
            if "condition" in e:
                check_text(f"{where}.extension.condition", e["condition"], "condition")
            if "notice" in e:
                check_period(f"{where}.extension.notice", e["notice"], ctx, f"{kind}: extension notice",
                             REQUEST_UNITS, [e, r, ctx.version], article_from=e.get("article"),
                             instrument_from=(e.get("instrument"), rins, vins), need_rule=True)
    if "clock_stops" in r:
        c = r["clock_stops"]
        if check_obj(f"{where}.clock_stops", c, ["when", "article"], []):
            check_text(f"{where}.clock_stops.when", c.get("when"), "when")
            check_text(f"{where}.clock_stops.article", c.get("article"), "article")
    if "route" in r and r["route"] not in ROUTES:
        R.err(f"{where}.route", f"{r['route']!r} is not one of {', '.join(sorted(ROUTES))}")
    if "languages" in r:
        lg = r["languages"]
        if not isinstance(lg, list) or not lg or not all(is_text(x) for x in lg):
            R.err(f"{where}.languages", "must be a non-empty list of texts")
    if "escalation" in r:
        esc = r["escalation"]
        if not isinstance(esc, list) or not esc:
            R.err(f"{where}.escalation", "must be a non-empty list of steps")
        else:
            for i, s in enumerate(esc):
                w = f"{where}.escalation[{i}]"
                if not check_obj(w, s, ["to"], ["article", "instrument", "period"]):
                    continue
                check_text(f"{w}.to", s.get("to"), "to")
                if "article" in s:
                    check_text(f"{w}.article", s["article"], "article")
                if "instrument" in s and s["instrument"] not in ctx.instruments:
                    R.err(f"{w}.instrument", f"{s['instrument']!r} is not in the file's instruments")
                if "period" in s:
                    check_period(f"{w}.period", s["period"], ctx, f"{kind}: escalation", REQUEST_UNITS,
                                 [s, r, ctx.version], article_from=s.get("article"),
                                 instrument_from=(s.get("instrument"), rins, vins), need_rule=True)


def check_regime(doc, where, stem, areas, calendars, titles):
    if not check_obj(where, doc, ["kind", "format", "id", "title", "instruments", "versions"],
                     ["cite", "systems"]):
        return None
    if doc.get("kind") != "regime":
        R.err(f"{where}.kind", 'must be "regime"')
    if not is_int(doc.get("format")) or doc.get("format") != 2:
        R.err(f"{where}.format", "must be 2")
    rid = doc.get("id")
    if not isinstance(rid, str) or not ID_RE.match(rid):
        R.err(f"{where}.id", "small letters, digits and '-' (at most 31)")
    elif rid != stem:
        R.err(f"{where}.id", f"{rid!r} is not the file's name ({stem}.json)")
    if check_text(f"{where}.title", doc.get("title"), "title") and doc["title"] not in titles:
        R.err(f"{where}.title", f"{doc['title']!r} is missing from src/core/regime_titles.c")
    if "cite" in doc:
        check_text(f"{where}.cite", doc["cite"], "cite")

    instruments = {}
    ins = doc.get("instruments")
    if not isinstance(ins, list) or not ins:
        R.err(f"{where}.instruments", "must be a non-empty list")
    else:
        for i, x in enumerate(ins):
            w = f"{where}.instruments[{i}]"
            if not check_obj(w, x, ["id", "title"], ["url", "applies_from", "applies_until"]):
                continue
            if not check_text(f"{w}.id", x.get("id"), "id"):
                continue
            if x["id"] in instruments:
                R.err(f"{w}.id", f"{x['id']!r} twice")
            check_text(f"{w}.title", x.get("title"), "title")
            if "url" in x and not (isinstance(x["url"], str) and re.match(r"^https?://\S+$", x["url"])):
                R.err(f"{w}.url", "must be an http(s) address")
            f = parse_date(f"{w}.applies_from", x["applies_from"]) if "applies_from" in x else None
            u = parse_date(f"{w}.applies_until", x["applies_until"]) if "applies_until" in x else None
            if f and u and u < f:
                R.err(w, "applies_until before applies_from")
            instruments[x["id"]] = {"_from": f, "_until": u, "obj": x}

    systems = {}
    sysl = doc.get("systems")
    if sysl is not None:
        if not isinstance(sysl, list) or not sysl:
            R.err(f"{where}.systems", "must be a non-empty list")
            sysl = []
        for i, s in enumerate(sysl):
            w = f"{where}.systems[{i}]"
            if not check_obj(w, s, ["id", "name", "match"], ["datasets"]):
                continue
            sid = s.get("id")
            if not isinstance(sid, str) or not ID_RE.match(sid):
                R.err(f"{w}.id", "small letters, digits and '-' (at most 31)")
                continue
            if sid in systems:
                R.err(f"{w}.id", f"{sid!r} twice")
            check_text(f"{w}.name", s.get("name"), "name")
            m = s.get("match")
            if not isinstance(m, list) or not m:
                R.err(f"{w}.match", "must be a non-empty list of patterns")
            else:
                for j, p in enumerate(m):
                    if not is_text(p) or fold_keyword(p) is None:
                        R.err(f"{w}.match[{j}]", "a pattern must be a text that folds to something")
            ds = {}
            if "datasets" in s:
                dl = s["datasets"]
                if not isinstance(dl, list) or not dl:
                    R.err(f"{w}.datasets", "must be a non-empty list")
                    dl = []
                for j, d in enumerate(dl):
                    wd = f"{w}.datasets[{j}]"
                    if not check_obj(wd, d, ["id", "title", "start"], []):
                        continue
                    did = d.get("id")
                    if not isinstance(did, str) or not ID_RE.match(did):
                        R.err(f"{wd}.id", "small letters, digits and '-' (at most 31)")
                        continue
                    if did in ds:
                        R.err(f"{wd}.id", f"{did!r} twice")
                    check_text(f"{wd}.title", d.get("title"), "title")
                    check_text(f"{wd}.start", d.get("start"), "start")
                    ds[did] = d
            else:
                ds["record"] = {}
            systems[sid] = {"obj": s, "datasets": ds}

    versions = []
    vl = doc.get("versions")
    if not isinstance(vl, list) or not vl:
        R.err(f"{where}.versions", "must be a non-empty list")
        vl = []
    vids = set()
    for i, v in enumerate(vl):
        w = f"{where}.versions[{i}]"
        if not check_obj(w, v, ["id", "from"], ["until", "instrument", "area", "log", "retention", "transfers",
                                               "requests"]):
            continue
        if check_text(f"{w}.id", v.get("id"), "id"):
            if v["id"] in vids:
                R.err(f"{w}.id", f"{v['id']!r} twice")
            vids.add(v["id"])
        f = parse_date(f"{w}.from", v.get("from")) if "from" in v else None
        u = parse_date(f"{w}.until", v["until"]) if "until" in v else None
        if f and u and u < f:
            R.err(w, "until before from")
        v["_from"], v["_until"] = f, u
        ctx = Ctx(rid, v, instruments, calendars)
        if "instrument" in v:
            if v["instrument"] not in instruments:
                R.err(f"{w}.instrument", f"{v['instrument']!r} is not in the file's instruments")
            else:
                check_instrument_ref(f"{w}.instrument", ctx, v["instrument"])
        if "area" in v:
            a = v["area"]
            if isinstance(a, str):
                if a not in areas:
                    R.err(f"{w}.area", f"{a!r} is not an area of common.json")
            else:
                check_countries(f"{w}.area", a)
        if "log" in v:
            lg = v["log"]
            if check_obj(f"{w}.log", lg, ["purpose", "legal_basis"], []):
                for k in ("purpose", "legal_basis"):
                    x = lg.get(k)
                    wk = f"{w}.log.{k}"
                    if not check_obj(wk, x, ["required", "article"], ["instrument"]):
                        continue
                    if not isinstance(x.get("required"), bool):
                        R.err(f"{wk}.required", "must be true or false")
                    check_text(f"{wk}.article", x.get("article"), "article")
                    check_instrument_ref(wk, ctx, x.get("instrument", v.get("instrument")))
        if "retention" in v:
            rl = v["retention"]
            if not isinstance(rl, list) or not rl:
                R.err(f"{w}.retention", "must be a non-empty list")
                rl = []
            seen = set()
            for j, e in enumerate(rl):
                we = f"{w}.retention[{j}]"
                if not check_obj(we, e, ["system", "dataset", "period", "article"], ["start", "instrument"]):
                    continue
                sid, did = e.get("system"), e.get("dataset")
                ds_obj = None
                if sid not in systems:
                    R.err(f"{we}.system", f"{sid!r} is not a system of the file")
                elif did not in systems[sid]["datasets"]:
                    R.err(f"{we}.dataset", f"{did!r} is not a dataset of system {sid}")
                else:
                    ds_obj = systems[sid]["datasets"][did]
                if (sid, did) in seen:
                    R.err(we, f"a second rule for {sid}:{did} in the same version")
                seen.add((sid, did))
                if "start" in e:
                    check_text(f"{we}.start", e["start"], "start")
                art = e.get("article")
                check_text(f"{we}.article", art, "article")
                iid = e.get("instrument", v.get("instrument"))
                check_instrument_ref(we, ctx, iid)
                p = e.get("period")
                check_period(f"{we}.period", p, ctx, "retention", RETENTION_UNITS, [])
                if isinstance(p, dict):
                    sys_obj = systems.get(sid, {}).get("obj")
                    unc = unc_chain(p, e, ds_obj, sys_obj, v)
                    NUMBERS.append({"regime": rid, "version": v, "what": f"retention {sid}:{did}",
                                    "n": p.get("n"), "unit": p.get("unit"), "article": art, "instrument": iid,
                                    "uncertain": unc, "obj": e, "system": sid, "dataset": did})
        if "transfers" in v:
            t = v["transfers"]
            wt = f"{w}.transfers"
            if check_obj(wt, t, ["article", "outside_area", "international", "private"], ["instrument", "exceptions"]):
                check_text(f"{wt}.article", t.get("article"), "article")
                check_instrument_ref(wt, ctx, t.get("instrument", v.get("instrument")))
                for k in ("outside_area", "international"):
                    if t.get(k) not in TRANSFER_VALUES:
                        R.err(f"{wt}.{k}", f"{t.get(k)!r} is not one of {', '.join(sorted(TRANSFER_VALUES))}")
                if t.get("private") not in PRIVATE_VALUES:
                    R.err(f"{wt}.private", f"{t.get('private')!r} is not one of {', '.join(sorted(PRIVATE_VALUES))}")
                if "exceptions" in t:
                    ex = t["exceptions"]
                    if not isinstance(ex, list) or not ex:
                        R.err(f"{wt}.exceptions", "must be a non-empty list")
                    else:
                        for j, x in enumerate(ex):
                            wx = f"{wt}.exceptions[{j}]"
                            if check_obj(wx, x, ["text", "article"], []):
                                check_text(f"{wx}.text", x.get("text"), "text")
                                check_text(f"{wx}.article", x.get("article"), "article")
        if "requests" in v:
            rq = v["requests"]
            if not isinstance(rq, dict) or not rq:
                R.err(f"{w}.requests", "must be a non-empty object")
            else:
                for k, r in rq.items():
                    if k not in KINDS:
                        R.err(f"{w}.requests.{k}", f"unknown kind (one of {', '.join(KINDS)})")
                        continue
                    check_request(f"{w}.requests.{k}", k, r, ctx)
        versions.append(v)

    # order and overlap
    for a, b in zip(versions, versions[1:]):
        if not (a.get("_from") and b.get("_from")):
            continue
        if b["_from"] <= a["_from"]:
            R.err(f"{where}.versions", f"{b.get('id')!r} does not start after {a.get('id')!r} (date order)")
        elif a.get("_until") is None:
            R.err(f"{where}.versions", f"{a.get('id')!r} has no until but {b.get('id')!r} follows (overlap)")
        elif a["_until"] >= b["_from"]:
            R.err(f"{where}.versions", f"{a.get('id')!r} (until {a['_until']}) overlaps {b.get('id')!r} "
                                       f"(from {b['_from']})")
        elif (b["_from"] - a["_until"]).days > 1:
            R.warn(f"{where}.versions", f"a gap between {a.get('id')!r} and {b.get('id')!r}: the regime does "
                                        f"not apply from {a['_until'] + datetime.timedelta(days=1)} "
                                        f"to {b['_from'] - datetime.timedelta(days=1)}")
    return {"id": rid, "doc": doc, "versions": versions, "systems": systems, "instruments": instruments}


# --------------------------------------------------------------------------
# The worked examples

def version_on(reg, day):
    for v in reg["versions"]:
        if v.get("_from") and v["_from"] <= day and (v.get("_until") is None or day <= v["_until"]):
            return v
    return None


def example_value(reg, kind, day):
    """(n, unit, article, instrument, uncertain) as the examples write them."""
    v = version_on(reg, day)
    if v is None:
        return ("none", "-", "-", "-", "-")
    if kind.startswith("retention:"):
        parts = kind.split(":")
        if len(parts) != 3:
            return None
        _, sid, did = parts
        if sid not in reg["systems"] or did not in reg["systems"][sid]["datasets"]:
            return None
        for e in v.get("retention", []):
            if e.get("system") == sid and e.get("dataset") == did:
                p = e["period"]
                unc = unc_chain(p, e, reg["systems"][sid]["datasets"][did], reg["systems"][sid]["obj"], v)
                return (str(p["n"]), p["unit"], e["article"], e.get("instrument", v.get("instrument")),
                        "yes" if unc else "no")
        unc = unc_chain(reg["systems"][sid]["datasets"][did], reg["systems"][sid]["obj"], v)
        return ("null", "-", "-", "-", "yes" if unc else "no")
    r = v.get("requests", {}).get(kind)
    if r is None:
        return ("absent", "-", "-", "-", "-")
    if r.get("available") is False:
        return ("unavailable", "-", "-", "-", "yes" if unc_chain(r, v) else "no")
    a = r.get("answer")
    if a is None:
        return ("null", "-", "-", "-", "yes" if unc_chain(r, v) else "no")
    return (str(a["n"]), a["unit"], a.get("article") or r.get("article"),
            a.get("instrument") or r.get("instrument") or v.get("instrument"),
            "yes" if unc_chain(a, r, v) else "no")


COLUMNS = ["regime", "kind", "date", "n", "unit", "article", "instrument", "uncertain"]


def check_examples(path, regimes):
    where = os.path.relpath(path, TOP)
    try:
        lines = open(path, encoding="utf-8").read().split("\n")
    except OSError as e:
        R.err(where, f"cannot read: {e}")
        return 0
    header = None
    count = {}
    n = 0
    for ln, line in enumerate(lines, 1):
        w = f"{where}:{ln}"
        if line == "" or line.startswith("#"):
            continue
        cols = line.split("\t")
        if header is None:
            header = cols
            if cols != COLUMNS:
                R.err(w, f"the column header must be {' '.join(COLUMNS)}")
            continue
        if len(cols) != len(COLUMNS):
            R.err(w, f"{len(cols)} columns, not {len(COLUMNS)}")
            continue
        reg, kind, date = cols[0], cols[1], cols[2]
        if reg not in regimes:
            R.err(w, f"unknown regime {reg!r}")
            continue
        day = parse_date(w, date)
        if day is None:
            continue
        got = example_value(regimes[reg], kind, day)
        if got is None:
            R.err(w, f"unknown kind {kind!r}")
            continue
        want = tuple(cols[3:])
        if got != want:
            R.err(w, f"{reg} {kind} {date}: the files give {' | '.join(got)}, the example says {' | '.join(want)}")
        count[reg] = count.get(reg, 0) + 1
        n += 1
    if header is None:
        R.err(where, "no column header")
    for reg in regimes:
        if count.get(reg, 0) < 3:
            R.err(where, f"fewer than 3 examples for {reg}")
    return n


# --------------------------------------------------------------------------
# The table

def short_reason(text, full):
    if full:
        return text
    ids = list(dict.fromkeys(re.findall(r"U-[A-Z0-9]+(?:-[A-Z0-9]+)*", text)))
    first = text.split(" / ")[0]
    head = first if len(first) <= 60 else first[:57].rstrip() + "..."
    more = len(text.split(" / ")) - 1
    tail = (f" (+{more} more)" if more else "") + (f" [{', '.join(ids)}]" if ids else "")
    return head + tail


def print_table(full, group):
    rows = []
    for x in NUMBERS:
        v = x["version"]
        span = f"{v.get('from')}..{v.get('until', '')}"
        rows.append([x["regime"], f"{v.get('id')} ({span})", x["what"], f"{x['n']} {x['unit']}",
                     x["article"] or "?", x["instrument"] or "?",
                     ("yes: " + short_reason(x["uncertain"], full)) if x["uncertain"] else "no"])
    if group:
        # one row for the kinds of a version that share a number, citation and reason
        merged, order = {}, []
        for r in rows:
            kind, _, part = r[2].partition(": ")
            key = (r[0], r[1], part or r[2], r[3], r[4], r[5], r[6])
            if key not in merged:
                merged[key] = []
                order.append(key)
            if part:
                merged[key].append(kind)
        rows = []
        for key in order:
            what = f"{key[2]} ({', '.join(merged[key])})" if merged[key] else key[2]
            rows.append([key[0], key[1], what, key[3], key[4], key[5], key[6]])
    head = ["regime", "version (from..until)", "number", "n unit", "article", "instrument", "uncertain"]
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(6)]

    def line(r):
        return " | ".join(r[i].ljust(widths[i]) for i in range(6)) + " | " + r[6]
    print(line(head))
    print("-+-".join("-" * w for w in widths) + "-+-" + "-" * 9)
    last = None
    for r in rows:
        if last is not None and r[0] != last:
            print()
        last = r[0]
        print(line(r))


# --------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description="Validate data/regimes (format 2) and print every number.")
    ap.add_argument("files", nargs="*", help="regime files to check (default: all of data/regimes)")
    ap.add_argument("--reasons", action="store_true", help="print the full reason of every uncertain number")
    ap.add_argument("--group", action="store_true",
                    help="one row for the request kinds of a version that share a number and its citation")
    ap.add_argument("--quiet", action="store_true", help="print errors only")
    ap.add_argument("--examples", default=os.path.join(TOP, "tests", "data", "regime-examples.tsv"),
                    help="the worked examples to check (default: tests/data/regime-examples.tsv; '' for none)")
    args = ap.parse_args()

    regdir = os.path.join(TOP, "data", "regimes")
    all_files = sorted(glob.glob(os.path.join(regdir, "*.json")))
    files = [os.path.abspath(f) for f in args.files] if args.files else all_files

    calendars = holiday_ids()
    titles = shipped_titles()
    common_path = os.path.join(regdir, "common.json")
    common = load_json(common_path)
    areas = check_common(common, "common.json") if common is not None else {}

    regimes = {}
    for path in files:
        name = os.path.basename(path)
        if name == "common.json":
            continue
        doc = load_json(path)
        if doc is None:
            continue
        reg = check_regime(doc, name, name[:-5], areas, calendars, titles)
        if reg and reg["id"]:
            if reg["id"] in regimes:
                R.err(name, f"regime id {reg['id']!r} also in another file")
            regimes[reg["id"]] = reg

    if not args.files:
        listed = makemodule_files()
        if listed is not None:
            have = sorted("data/regimes/" + os.path.basename(p) for p in all_files)
            for f in sorted(set(have) - set(listed)):
                R.err("data/Makemodule.am", f"{f} is not in dist_regimes_DATA")
            for f in sorted(set(listed) - set(have)):
                R.err("data/Makemodule.am", f"{f} is listed but does not exist")
        shipped = {r["doc"].get("title") for r in regimes.values()}
        for t in sorted(titles - shipped):
            R.warn("src/core/regime_titles.c", f"{t!r} is not the title of a shipped regime")

    n_examples = 0
    if args.examples and not args.files:
        n_examples = check_examples(args.examples, regimes)

    if not args.quiet:
        print_table(args.reasons, args.group)
        print()
        n_unc = sum(1 for x in NUMBERS if x["uncertain"])
        print(f"{len(regimes)} regimes, {len(NUMBERS)} numbers ({n_unc} uncertain), "
              f"{n_examples} worked examples checked.")
    for w in R.warnings:
        print("warning: " + w, file=sys.stderr)
    for e in R.errors:
        print("error: " + e, file=sys.stderr)
    if R.errors:
        print(f"{len(R.errors)} error(s)", file=sys.stderr)
        return 1
    if not args.quiet:
        print("0 errors.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
