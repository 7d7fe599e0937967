#!/usr/bin/env python3
"""baseline_deadline.py DATA_DIR [N] - what a technical user might write
instead of rc_deadline_compute: Python with dateutil (relativedelta for
months), the same calendars, the same rules and readings, the same seeded
draw as bench/bench_deadline.c.  Prints computations per second and the
same checksum when both agree on every earliest and latest date."""
import datetime as dt
import json
import os
import sys
import time

from dateutil.relativedelta import relativedelta

ONE = dt.timedelta(days=1)


class Unknown(Exception):
    pass


class Cal:
    def __init__(self, doc):
        self.id = doc["id"]
        self.first = dt.date(doc["years"]["from"], 1, 1)
        self.last = dt.date(doc["years"]["to"], 12, 31)
        self.hol = {dt.date.fromisoformat(d["date"]) for d in doc["days"] if not d.get("observed")}
        self.obs = {dt.date.fromisoformat(d["date"]) for d in doc["days"] if d.get("observed")}

    def holiday(self, d, observed):
        if d < self.first or d > self.last:
            raise Unknown(d)
        return d in self.hol or (observed and d in self.obs)

    def working(self, d, observed):
        h = self.holiday(d, observed)
        return d.weekday() < 5 and not h


def eu(cal, ev, art34, obs):
    end = ev + relativedelta(months=1)
    if art34:
        while not cal.working(end, obs):
            end += ONE
        w, k = 0, ev + ONE
        while k <= end and w < 2:
            w += cal.working(k, obs)
            k += ONE
        while w < 2:
            end += ONE
            w += cal.working(end, obs)
    return end


def readings(cal, rule, ev):
    obs_open = bool(cal.obs)
    obs_choices = (False, True) if obs_open else (True,)
    out = []
    for obs in obs_choices:
        if rule == 0:
            out.append(eu(cal, ev, True, obs))
        elif rule == 1:
            out += [eu(cal, ev, False, obs), eu(cal, ev, True, obs)]
        elif rule == 2:
            corr = ev + relativedelta(months=1)
            out.append(corr - ONE if corr.day == ev.day else corr)
            while not cal.working(corr, obs):
                corr += ONE
            out.append(corr)
        elif rule == 3:
            for nxt in (False, True):
                e = ev
                if nxt:
                    while not cal.working(e, obs):
                        e += ONE
                d, k = e, 0
                while k < 20:
                    d += ONE
                    if cal.working(d, obs):
                        k += 1
                out.append(d)
        else:
            for sat in (False, True):
                end = ev + dt.timedelta(days=30)
                while True:
                    h = cal.holiday(end, obs)
                    wd = end.weekday()
                    if not (h or wd == 6 or (sat and wd == 5)):
                        break
                    end += ONE
                out.append(end)
    return min(out), max(out)


def main():
    data = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    folder = os.path.join(data, "holidays")
    cals = []
    for f in os.listdir(folder):
        if f.endswith(".json"):
            with open(os.path.join(folder, f), encoding="utf-8") as fh:
                cals.append(Cal(json.load(fh)))
    cals.sort(key=lambda c: c.id.encode())
    first = dt.date(2024, 1, 1)
    span = (dt.date(2029, 12, 31) - first).days + 1
    x, total, ok, unc, unknown = 1, 0, 0, 0, 0
    mask = (1 << 64) - 1
    t0 = time.perf_counter()
    for i in range(n):
        x = (x * 6364136223846793005 + 1442695040888963407) & mask
        ev = first + dt.timedelta(days=(x >> 33) % span)
        cal = cals[i % len(cals)]
        rule = i // len(cals) % 5
        try:
            lo, hi = readings(cal, rule, ev)
        except Unknown:
            unknown += 1
            continue
        ok += 1
        unc += lo != hi
        total += (lo - first).days + 3 * (hi - first).days
    s = time.perf_counter() - t0
    print("  %-40s %8d in %6.3f s = %10.0f computations/s (%d computed, %d uncertain, %d unknown; checksum %d)"
          % ("baseline (Python 3 + dateutil)", n, s, n / s if s else 0, ok, unc, unknown, total))


if __name__ == "__main__":
    main()
