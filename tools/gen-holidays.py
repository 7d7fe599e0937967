#!/usr/bin/env python3
"""gen-holidays.py - write data/holidays/*.json, the public-holiday
calendars that src/core/holidays.c reads (format: data/holidays/README.md).

Each calendar is an explicit list of dated days, so a lawyer can audit it
line by line; this script is how the lists were made, from the rules each
country's law states (Easter computus, n-th weekday, substitution rules).
Python 3 standard library only.

    python3 tools/gen-holidays.py            # rewrite data/holidays/
    python3 tools/gen-holidays.py --check    # exit 1 if a file differs
    python3 tools/gen-holidays.py --show us-federal 2027

The rules below are what the sources cited in each calendar say; what a
rule cannot express (a holiday decided each year, a bridge day, a regional
holiday) is said in the calendar's notes instead of being guessed.
"""
import datetime as dt
import json
import os
import sys

FIRST, LAST = 2024, 2030
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
D = dt.date
ONE = dt.timedelta(days=1)


# ---------------------------------------------------------------------------
# Computus and weekday rules.

def easter(y):
    """Western (Gregorian) Easter Sunday: the anonymous Gregorian algorithm
    (Meeus/Jones/Butcher)."""
    a = y % 19
    b, c = divmod(y, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return D(y, month, day + 1)


def orthodox_easter(y):
    """Orthodox Easter Sunday: Meeus' Julian algorithm, converted to the
    Gregorian calendar (+13 days, valid 1900-2099)."""
    a, b, c = y % 4, y % 7, y % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    return D(y, month, day + 1) + dt.timedelta(days=13)


def nth(y, m, wd, n):
    """The n-th weekday wd of month m (n = -1: the last)."""
    if n > 0:
        first = D(y, m, 1)
        return first + dt.timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))
    last = D(y + (m == 12), m % 12 + 1, 1) - ONE
    return last - dt.timedelta(days=(last.weekday() - wd) % 7)


def weekday_on_or_after(d, wd):
    return d + dt.timedelta(days=(wd - d.weekday()) % 7)


def weekday_before(d, wd):
    """The last weekday wd strictly before d."""
    return d - dt.timedelta(days=(d.weekday() - wd - 1) % 7 + 1)


# ---------------------------------------------------------------------------
# Helpers that build a year's list: each returns [(date, name, en, observed)].

def fixed(m, d, name, en=None, since=None, until=None):
    def f(y):
        if (since and y < since) or (until and y > until):
            return []
        return [(D(y, m, d), name, en, False)]
    return f


def rel(base, offset, name, en=None):
    """A day offset days from a movable feast (base(y) is a date)."""
    return lambda y: [(base(y) + dt.timedelta(days=offset), name, en, False)]


def rule(fn, name, en=None):
    return lambda y: [(fn(y), name, en, False)]


def uk_substitutes(days, fixed_names):
    """Bank holidays that fall on a Saturday or Sunday get the next weekday
    that is not already a bank holiday (Banking and Financial Dealings Act
    1971 Sch. 1 and the yearly proclamations, as gov.uk lists them)."""
    taken = {d for d, *_ in days}
    out = list(days)
    for d, name, en, obs in sorted(days):
        if name in fixed_names and d.weekday() >= SAT:
            s = d + ONE
            while s.weekday() >= SAT or s in taken:
                s += ONE
            taken.add(s)
            out.append((s, name + " (substitute day)", None, False))
    return out


def us_observed(days):
    """5 U.S.C. 6103(b) and Executive Order 11582: a holiday on a Saturday
    is observed on the Friday before, on a Sunday on the Monday after.
    Marked observed: whether the observed day counts as a "legal public
    holiday" for a time limit is not settled."""
    out = list(days)
    for d, name, en, obs in days:
        if d.weekday() == SAT:
            out.append((d - ONE, name + " (observed)", None, True))
        elif d.weekday() == SUN:
            out.append((d + ONE, name + " (observed)", None, True))
    return out


def sunday_next(days, names):
    """A holiday on a Sunday makes the next day a holiday too."""
    out = list(days)
    for d, name, en, obs in days:
        if name in names and d.weekday() == SUN:
            out.append((d + ONE, name + " (following Monday)", None, False))
    return out


# ---------------------------------------------------------------------------
# The calendars.  Sources are what the rules were taken from; "checked"
# says which years were compared with a published list.

E = easter
OE = orthodox_easter

CAL = {}


def cal(id, title, source, notes, rules, post=None):
    CAL[id] = dict(id=id, title=title, source=source, notes=notes, rules=rules, post=post)


NATIONWIDE = "Nationwide public holidays only: regional, local and religious-community holidays are not included."

cal("at", "Austria — nationwide public holidays",
    ["Feiertagsruhegesetz 1957 (BGBl. 153/1957) § 1, as amended (Good Friday removed by BGBl. I 22/2019)",
     "Arbeitsruhegesetz § 7"],
    [NATIONWIDE],
    [fixed(1, 1, "Neujahr", "New Year's Day"), fixed(1, 6, "Heilige Drei Könige", "Epiphany"),
     rel(E, 1, "Ostermontag", "Easter Monday"), fixed(5, 1, "Staatsfeiertag", "Labour Day"),
     rel(E, 39, "Christi Himmelfahrt", "Ascension Day"), rel(E, 50, "Pfingstmontag", "Whit Monday"),
     rel(E, 60, "Fronleichnam", "Corpus Christi"), fixed(8, 15, "Mariä Himmelfahrt", "Assumption"),
     fixed(10, 26, "Nationalfeiertag", "National Day"), fixed(11, 1, "Allerheiligen", "All Saints' Day"),
     fixed(12, 8, "Mariä Empfängnis", "Immaculate Conception"), fixed(12, 25, "Christtag", "Christmas Day"),
     fixed(12, 26, "Stefanitag", "St Stephen's Day")])

cal("be", "Belgium — public holidays",
    ["Loi du 4 janvier 1974 relative aux jours fériés / Wet van 4 januari 1974 betreffende de feestdagen, art. 1",
     "Arrêté royal du 18 avril 1974, art. 1"],
    [NATIONWIDE + " Community holidays (27 September, 11 July, 15 November, 26 December for some services) are not included."],
    [fixed(1, 1, "Nieuwjaar / Nouvel An", "New Year's Day"), rel(E, 1, "Paasmaandag / Lundi de Pâques", "Easter Monday"),
     fixed(5, 1, "Feest van de Arbeid / Fête du Travail", "Labour Day"),
     rel(E, 39, "O.L.H. Hemelvaart / Ascension", "Ascension Day"),
     rel(E, 50, "Pinkstermaandag / Lundi de Pentecôte", "Whit Monday"),
     fixed(7, 21, "Nationale feestdag / Fête nationale", "National Day"),
     fixed(8, 15, "O.L.V. Hemelvaart / Assomption", "Assumption"),
     fixed(11, 1, "Allerheiligen / Toussaint", "All Saints' Day"),
     fixed(11, 11, "Wapenstilstand / Armistice", "Armistice Day"),
     fixed(12, 25, "Kerstmis / Noël", "Christmas Day")])


def bg_substitutes(days):
    """Labour Code Art. 154(2): when a holiday other than the Easter days
    falls on a Saturday or Sunday, the first working day after it is a
    day off; for 24-26 December, as many working days as fell on the
    weekend."""
    easter_names = {"Разпети петък", "Велика събота", "Великден"}
    taken = {d for d, *_ in days}
    out = list(days)
    for d, name, en, obs in sorted(days):
        if name in easter_names or d.weekday() < SAT:
            continue
        s = d + ONE
        while s.weekday() >= SAT or s in taken:
            s += ONE
        taken.add(s)
        out.append((s, name + " (почивен ден)", (en or name) + " (substitute day off)", False))
    return out


cal("bg", "Bulgaria — official holidays",
    ["Кодекс на труда (Labour Code) чл. 154 (Art. 154)"],
    [NATIONWIDE, "Easter dates are Orthodox Easter.",
     "The Council of Ministers may declare extra days off (bridge days, worked off on a Saturday) each year: they are not included; check the decision for the year."],
    [fixed(1, 1, "Нова година", "New Year's Day"), fixed(3, 3, "Ден на Освобождението", "Liberation Day"),
     rel(OE, -2, "Разпети петък", "Good Friday (Orthodox)"), rel(OE, -1, "Велика събота", "Holy Saturday (Orthodox)"),
     rel(OE, 0, "Великден", "Easter Sunday (Orthodox)"), rel(OE, 1, "Великден", "Easter Monday (Orthodox)"),
     fixed(5, 1, "Ден на труда", "Labour Day"), fixed(5, 6, "Гергьовден", "St George's Day"),
     fixed(5, 24, "Ден на славянската писменост", "Day of Slavonic Alphabet"),
     fixed(9, 6, "Ден на Съединението", "Unification Day"), fixed(9, 22, "Ден на Независимостта", "Independence Day"),
     fixed(12, 24, "Бъдни вечер", "Christmas Eve"), fixed(12, 25, "Коледа", "Christmas Day"),
     fixed(12, 26, "Коледа", "Second day of Christmas")],
    post=bg_substitutes)

cal("hr", "Croatia — public holidays",
    ["Zakon o blagdanima, spomendanima i neradnim danima u Republici Hrvatskoj (NN 110/19), čl. 1"],
    [NATIONWIDE],
    [fixed(1, 1, "Nova godina", "New Year's Day"), fixed(1, 6, "Bogojavljenje", "Epiphany"),
     rel(E, 0, "Uskrs", "Easter Sunday"), rel(E, 1, "Uskrsni ponedjeljak", "Easter Monday"),
     fixed(5, 1, "Praznik rada", "Labour Day"), fixed(5, 30, "Dan državnosti", "Statehood Day"),
     fixed(6, 22, "Dan antifašističke borbe", "Anti-Fascist Struggle Day"),
     rel(E, 60, "Tijelovo", "Corpus Christi"),
     fixed(8, 5, "Dan pobjede i domovinske zahvalnosti", "Victory Day"),
     fixed(8, 15, "Velika Gospa", "Assumption"), fixed(11, 1, "Svi sveti", "All Saints' Day"),
     fixed(11, 18, "Dan sjećanja na žrtve Domovinskog rata", "Remembrance Day"),
     fixed(12, 25, "Božić", "Christmas Day"), fixed(12, 26, "Sveti Stjepan", "St Stephen's Day")])

cal("cy", "Cyprus — public holidays",
    ["Public Holidays Laws (Ο περί Δημοσίων Αργιών Νόμος), as amended"],
    [NATIONWIDE, "Easter dates are Orthodox Easter.",
     "Some of these are bank or public-service holidays in practice rather than general holidays: to verify against the yearly government list."],
    [fixed(1, 1, "Πρωτοχρονιά", "New Year's Day"), fixed(1, 6, "Θεοφάνεια", "Epiphany"),
     rel(OE, -48, "Καθαρά Δευτέρα", "Green Monday"), fixed(3, 25, "Εθνική Επέτειος", "Greek Independence Day"),
     fixed(4, 1, "Εθνική Επέτειος", "Cyprus National Day"), fixed(5, 1, "Πρωτομαγιά", "Labour Day"),
     rel(OE, -2, "Μεγάλη Παρασκευή", "Good Friday (Orthodox)"), rel(OE, 0, "Κυριακή του Πάσχα", "Easter Sunday (Orthodox)"),
     rel(OE, 1, "Δευτέρα του Πάσχα", "Easter Monday (Orthodox)"), rel(OE, 2, "Τρίτη της Διακαινησίμου", "Easter Tuesday (Orthodox)"),
     rel(OE, 50, "Κατακλυσμός", "Whit Monday (Kataklysmos)"), fixed(8, 15, "Κοίμηση της Θεοτόκου", "Assumption"),
     fixed(10, 1, "Ημέρα της Κυπριακής Ανεξαρτησίας", "Independence Day"), fixed(10, 28, "Ημέρα του Όχι", "Ochi Day"),
     fixed(12, 25, "Χριστούγεννα", "Christmas Day"), fixed(12, 26, "Σύναξις της Θεοτόκου", "Day after Christmas")])

cal("cz", "Czechia — public holidays",
    ["Zákon č. 245/2000 Sb., o státních svátcích, o ostatních svátcích, o významných dnech a o dnech pracovního klidu, § 1–3"],
    [NATIONWIDE],
    [fixed(1, 1, "Den obnovy samostatného českého státu / Nový rok", "New Year's Day"),
     rel(E, -2, "Velký pátek", "Good Friday"), rel(E, 1, "Velikonoční pondělí", "Easter Monday"),
     fixed(5, 1, "Svátek práce", "Labour Day"), fixed(5, 8, "Den vítězství", "Liberation Day"),
     fixed(7, 5, "Den slovanských věrozvěstů Cyrila a Metoděje", "Saints Cyril and Methodius Day"),
     fixed(7, 6, "Den upálení mistra Jana Husa", "Jan Hus Day"),
     fixed(9, 28, "Den české státnosti", "Statehood Day"),
     fixed(10, 28, "Den vzniku samostatného československého státu", "Independence Day"),
     fixed(11, 17, "Den boje za svobodu a demokracii", "Freedom and Democracy Day"),
     fixed(12, 24, "Štědrý den", "Christmas Eve"), fixed(12, 25, "1. svátek vánoční", "Christmas Day"),
     fixed(12, 26, "2. svátek vánoční", "St Stephen's Day")])

cal("dk", "Denmark — public holidays (helligdage)",
    ["Bekendtgørelse af lov om helligdage (helligdagsloven)",
     "Lov nr. 151 af 28. februar 2023 (store bededag abolished as a holiday from 2024)"],
    [NATIONWIDE, "Constitution Day (5 June), Christmas Eve and New Year's Eve are not public holidays by law, though many offices close: not included."],
    [fixed(1, 1, "Nytårsdag", "New Year's Day"), rel(E, -3, "Skærtorsdag", "Maundy Thursday"),
     rel(E, -2, "Langfredag", "Good Friday"), rel(E, 0, "Påskedag", "Easter Sunday"),
     rel(E, 1, "2. påskedag", "Easter Monday"), rel(E, 39, "Kristi himmelfartsdag", "Ascension Day"),
     rel(E, 49, "Pinsedag", "Whit Sunday"), rel(E, 50, "2. pinsedag", "Whit Monday"),
     fixed(12, 25, "Juledag", "Christmas Day"), fixed(12, 26, "2. juledag", "Second day of Christmas")])

cal("ee", "Estonia — public holidays",
    ["Pühade ja tähtpäevade seadus (Public Holidays and Days of National Importance Act) § 2"],
    [NATIONWIDE],
    [fixed(1, 1, "Uusaasta", "New Year's Day"), fixed(2, 24, "Iseseisvuspäev", "Independence Day"),
     rel(E, -2, "Suur reede", "Good Friday"), rel(E, 0, "Ülestõusmispühade 1. püha", "Easter Sunday"),
     fixed(5, 1, "Kevadpüha", "Spring Day"), rel(E, 49, "Nelipühade 1. püha", "Whit Sunday"),
     fixed(6, 23, "Võidupüha", "Victory Day"), fixed(6, 24, "Jaanipäev", "Midsummer Day"),
     fixed(8, 20, "Taasiseseisvumispäev", "Restoration of Independence Day"),
     fixed(12, 24, "Jõululaupäev", "Christmas Eve"), fixed(12, 25, "Esimene jõulupüha", "Christmas Day"),
     fixed(12, 26, "Teine jõulupüha", "Second day of Christmas")])

cal("fi", "Finland — public holidays",
    ["Kirkkolaki / Church Act (holy days); Laki vapunpäivän ja itsenäisyyspäivän viettämisestä",
     "Laki säädettyjen määräaikain laskemisesta 150/1930 (time limits)"],
    [NATIONWIDE,
     "Act 150/1930 also moves a time limit that ends on Midsummer Eve or Christmas Eve (and on a Saturday) to the next working day; those eves are not public holidays and are not listed here — to verify before relying on such a date."],
    [fixed(1, 1, "Uudenvuodenpäivä", "New Year's Day"), fixed(1, 6, "Loppiainen", "Epiphany"),
     rel(E, -2, "Pitkäperjantai", "Good Friday"), rel(E, 0, "Pääsiäispäivä", "Easter Sunday"),
     rel(E, 1, "2. pääsiäispäivä", "Easter Monday"), fixed(5, 1, "Vappu", "May Day"),
     rel(E, 39, "Helatorstai", "Ascension Day"), rel(E, 49, "Helluntaipäivä", "Whit Sunday"),
     rule(lambda y: weekday_on_or_after(D(y, 6, 20), SAT), "Juhannuspäivä", "Midsummer Day"),
     rule(lambda y: weekday_on_or_after(D(y, 10, 31), SAT), "Pyhäinpäivä", "All Saints' Day"),
     fixed(12, 6, "Itsenäisyyspäivä", "Independence Day"), fixed(12, 25, "Joulupäivä", "Christmas Day"),
     fixed(12, 26, "Tapaninpäivä", "St Stephen's Day")])

cal("fr", "France — public holidays (jours fériés)",
    ["Code du travail, art. L3133-1"],
    [NATIONWIDE, "Alsace-Moselle (Bas-Rhin, Haut-Rhin, Moselle) also has Good Friday and 26 December (Code du travail art. L3134-13): not included. Overseas departments have their own days: not included."],
    [fixed(1, 1, "Jour de l'an", "New Year's Day"), rel(E, 1, "Lundi de Pâques", "Easter Monday"),
     fixed(5, 1, "Fête du Travail", "Labour Day"), fixed(5, 8, "Victoire 1945", "Victory in Europe Day"),
     rel(E, 39, "Ascension", "Ascension Day"), rel(E, 50, "Lundi de Pentecôte", "Whit Monday"),
     fixed(7, 14, "Fête nationale", "National Day"), fixed(8, 15, "Assomption", "Assumption"),
     fixed(11, 1, "Toussaint", "All Saints' Day"), fixed(11, 11, "Armistice 1918", "Armistice Day"),
     fixed(12, 25, "Noël", "Christmas Day")])

cal("de", "Germany — nationwide public holidays",
    ["Einigungsvertrag Art. 2(2) (Tag der Deutschen Einheit); Feiertagsgesetze der Länder (the days every Land keeps)"],
    [NATIONWIDE + " Each Land adds its own (e.g. Epiphany, Corpus Christi, Reformation Day, All Saints' Day, Day of Repentance in Saxony, Women's Day in Berlin): for a deadline in one Land, add a calendar for it.",
     "Checked against a published list for 2025 (Easter Monday 21 April, Ascension 29 May, Whit Monday 9 June)."],
    [fixed(1, 1, "Neujahr", "New Year's Day"), rel(E, -2, "Karfreitag", "Good Friday"),
     rel(E, 1, "Ostermontag", "Easter Monday"), fixed(5, 1, "Tag der Arbeit", "Labour Day"),
     rel(E, 39, "Christi Himmelfahrt", "Ascension Day"), rel(E, 50, "Pfingstmontag", "Whit Monday"),
     fixed(10, 3, "Tag der Deutschen Einheit", "Day of German Unity"),
     fixed(12, 25, "1. Weihnachtstag", "Christmas Day"), fixed(12, 26, "2. Weihnachtstag", "Second day of Christmas")])

cal("gr", "Greece — public holidays",
    ["Νόμος 1157/1981 and the Civil Code; the yearly list of the Ministry of Labour"],
    [NATIONWIDE, "Easter dates are Orthodox Easter. The EU writes Greece as EL; the id here is gr (ISO 3166).",
     "Only 25 March, 28 October, 1 May, 15 August, Easter Monday, Christmas Day, Whit Monday, Clean Monday, Good Friday and 26 December are mandatory days off; 1 and 6 January are public holidays for the public service: all listed."],
    [fixed(1, 1, "Πρωτοχρονιά", "New Year's Day"), fixed(1, 6, "Θεοφάνεια", "Epiphany"),
     rel(OE, -48, "Καθαρά Δευτέρα", "Clean Monday"), fixed(3, 25, "Ευαγγελισμός / Εθνική Επέτειος", "Independence Day"),
     rel(OE, -2, "Μεγάλη Παρασκευή", "Good Friday (Orthodox)"), rel(OE, 0, "Κυριακή του Πάσχα", "Easter Sunday (Orthodox)"),
     rel(OE, 1, "Δευτέρα του Πάσχα", "Easter Monday (Orthodox)"), fixed(5, 1, "Πρωτομαγιά", "Labour Day"),
     rel(OE, 50, "Αγίου Πνεύματος", "Whit Monday (Orthodox)"), fixed(8, 15, "Κοίμηση της Θεοτόκου", "Assumption"),
     fixed(10, 28, "Επέτειος του Όχι", "Ochi Day"), fixed(12, 25, "Χριστούγεννα", "Christmas Day"),
     fixed(12, 26, "Σύναξη της Θεοτόκου", "Second day of Christmas")])

cal("hu", "Hungary — public holidays (munkaszüneti napok)",
    ["2012. évi I. törvény a munka törvénykönyvéről (Labour Code) 102. § (1)"],
    [NATIONWIDE,
     "Each year a ministry decree swaps days around some holidays (a bridge day off, worked on a Saturday): neither the bridge days nor the working Saturdays are included — check the decree for the year.",
     "24 December is a rest day by custom and decree in some years, not a public holiday: not included."],
    [fixed(1, 1, "Újév", "New Year's Day"), fixed(3, 15, "Nemzeti ünnep", "National Day (1848)"),
     rel(E, -2, "Nagypéntek", "Good Friday"), rel(E, 0, "Húsvétvasárnap", "Easter Sunday"),
     rel(E, 1, "Húsvéthétfő", "Easter Monday"), fixed(5, 1, "A munka ünnepe", "Labour Day"),
     rel(E, 49, "Pünkösdvasárnap", "Whit Sunday"), rel(E, 50, "Pünkösdhétfő", "Whit Monday"),
     fixed(8, 20, "Az államalapítás ünnepe", "State Foundation Day"), fixed(10, 23, "Nemzeti ünnep", "National Day (1956)"),
     fixed(11, 1, "Mindenszentek", "All Saints' Day"), fixed(12, 25, "Karácsony", "Christmas Day"),
     fixed(12, 26, "Karácsony másnapja", "Second day of Christmas")])


def ie_brigid(y):
    """Organisation of Working Time Act 1997 Sch. 2 (as amended 2022): the
    first Monday in February, or 1 February if that is a Friday."""
    f = D(y, 2, 1)
    return f if f.weekday() == FRI else nth(y, 2, MON, 1)


cal("ie", "Ireland — public holidays",
    ["Organisation of Working Time Act 1997, Schedule 2, as amended (S.I. 50/2022: St Brigid's Day)"],
    [NATIONWIDE, "Good Friday is not a public holiday. A public holiday on a weekend gives employees a day in lieu but moves no public holiday: none added."],
    [fixed(1, 1, "Lá Caille", "New Year's Day"), rule(ie_brigid, "Lá Fhéile Bríde", "St Brigid's Day"),
     fixed(3, 17, "Lá Fhéile Pádraig", "St Patrick's Day"), rel(E, 1, "Luan Cásca", "Easter Monday"),
     rule(lambda y: nth(y, 5, MON, 1), "Lá Bealtaine", "May Day"),
     rule(lambda y: nth(y, 6, MON, 1), "Lá Saoire i mí an Mheithimh", "June Bank Holiday"),
     rule(lambda y: nth(y, 8, MON, 1), "Lá Saoire i mí Lúnasa", "August Bank Holiday"),
     rule(lambda y: nth(y, 10, MON, -1), "Lá Saoire i mí Dheireadh Fómhair", "October Bank Holiday"),
     fixed(12, 25, "Lá Nollag", "Christmas Day"), fixed(12, 26, "Lá Fhéile Stiofáin", "St Stephen's Day")])

cal("it", "Italy — national public holidays",
    ["Legge 27 maggio 1949, n. 260, art. 2, as amended (legge 5 marzo 1977, n. 54; DPR 28 dicembre 1985, n. 792)",
     "Law of 2025 restoring 4 October (San Francesco) as a national holiday from 2026 (approved by the Senate on 1 October 2025)"],
    [NATIONWIDE + " Each town's patron saint's day is a local holiday: not included.",
     "4 October is listed from 2026 on; it falls on a Sunday in 2026."],
    [fixed(1, 1, "Capodanno", "New Year's Day"), fixed(1, 6, "Epifania", "Epiphany"),
     rel(E, 1, "Lunedì dell'Angelo", "Easter Monday"), fixed(4, 25, "Festa della Liberazione", "Liberation Day"),
     fixed(5, 1, "Festa del Lavoro", "Labour Day"), fixed(6, 2, "Festa della Repubblica", "Republic Day"),
     fixed(8, 15, "Assunzione", "Assumption"),
     fixed(10, 4, "San Francesco d'Assisi", "St Francis of Assisi", since=2026),
     fixed(11, 1, "Ognissanti", "All Saints' Day"), fixed(12, 8, "Immacolata Concezione", "Immaculate Conception"),
     fixed(12, 25, "Natale", "Christmas Day"), fixed(12, 26, "Santo Stefano", "St Stephen's Day")])


def lv_monday(days):
    """Par svētku, atceres un atzīmējamām dienām § 1(2): when 4 May or
    18 November falls on a Saturday or Sunday, the next Monday is a day off."""
    out = list(days)
    for d, name, en, obs in days:
        if (d.month, d.day) in ((5, 4), (11, 18)) and d.weekday() >= SAT:
            out.append((weekday_on_or_after(d, MON), name + " (pārceltā brīvdiena)", (en or name) + " (moved day off)", False))
    return out


cal("lv", "Latvia — public holidays",
    ["Likums \"Par svētku, atceres un atzīmējamām dienām\" § 1"],
    [NATIONWIDE, "The Saeima sometimes adds a one-off day off (e.g. the closing day of the Song and Dance Festival, a sports victory), and the Cabinet moves working days: not included."],
    [fixed(1, 1, "Jaunais gads", "New Year's Day"), rel(E, -2, "Lielā Piektdiena", "Good Friday"),
     rel(E, 0, "Lieldienas", "Easter Sunday"), rel(E, 1, "Otrās Lieldienas", "Easter Monday"),
     fixed(5, 1, "Darba svētki", "Labour Day"), fixed(5, 4, "Neatkarības atjaunošanas diena", "Restoration of Independence Day"),
     rel(E, 49, "Vasarsvētki", "Whit Sunday"), fixed(6, 23, "Līgo diena", "Midsummer Eve"),
     fixed(6, 24, "Jāņu diena", "Midsummer Day"), fixed(11, 18, "Latvijas Republikas proklamēšanas diena", "Proclamation Day"),
     fixed(12, 24, "Ziemassvētku vakars", "Christmas Eve"), fixed(12, 25, "Ziemassvētki", "Christmas Day"),
     fixed(12, 26, "Otrie Ziemassvētki", "Second day of Christmas"), fixed(12, 31, "Vecgada vakars", "New Year's Eve")],
    post=lv_monday)

cal("lt", "Lithuania — public holidays",
    ["Darbo kodeksas (Labour Code) 123 straipsnis (Art. 123)"],
    [NATIONWIDE],
    [fixed(1, 1, "Naujieji metai", "New Year's Day"), fixed(2, 16, "Lietuvos valstybės atkūrimo diena", "Restoration of the State Day"),
     fixed(3, 11, "Lietuvos nepriklausomybės atkūrimo diena", "Restoration of Independence Day"),
     rel(E, 0, "Velykos", "Easter Sunday"), rel(E, 1, "Antroji Velykų diena", "Easter Monday"),
     fixed(5, 1, "Tarptautinė darbo diena", "Labour Day"),
     rule(lambda y: nth(y, 5, SUN, 1), "Motinos diena", "Mother's Day"),
     rule(lambda y: nth(y, 6, SUN, 1), "Tėvo diena", "Father's Day"),
     fixed(6, 24, "Rasos ir Joninių diena", "St John's Day"), fixed(7, 6, "Valstybės diena", "Statehood Day"),
     fixed(8, 15, "Žolinė", "Assumption"), fixed(11, 1, "Visų šventųjų diena", "All Saints' Day"),
     fixed(11, 2, "Mirusiųjų atminimo diena", "All Souls' Day"), fixed(12, 24, "Kūčios", "Christmas Eve"),
     fixed(12, 25, "Kalėdos", "Christmas Day"), fixed(12, 26, "Antroji Kalėdų diena", "Second day of Christmas")])

cal("lu", "Luxembourg — public holidays",
    ["Code du travail, art. L.232-2 (Europe Day added by the law of 25 April 2019)"],
    [NATIONWIDE, "A holiday on a Sunday gives employees a compensatory day off, not a public holiday: none added."],
    [fixed(1, 1, "Neijoerschdag", "New Year's Day"), rel(E, 1, "Ouschterméindeg", "Easter Monday"),
     fixed(5, 1, "Dag vun der Aarbecht", "Labour Day"), fixed(5, 9, "Europadag", "Europe Day"),
     rel(E, 39, "Christi Himmelfaart", "Ascension Day"), rel(E, 50, "Péngschtméindeg", "Whit Monday"),
     fixed(6, 23, "Nationalfeierdag", "National Day"), fixed(8, 15, "Léiffrawëschdag", "Assumption"),
     fixed(11, 1, "Allerhellgen", "All Saints' Day"), fixed(12, 25, "Chrëschtdag", "Christmas Day"),
     fixed(12, 26, "Stiefesdag", "St Stephen's Day")])

cal("mt", "Malta — national and public holidays",
    ["National Holidays and Other Public Holidays Act (Cap. 252), arts. 2 and 3"],
    [NATIONWIDE, "A holiday on a weekend is not moved (the 2005 amendment removed the substitute days)."],
    [fixed(1, 1, "L-Ewwel tas-Sena", "New Year's Day"), fixed(2, 10, "In-Nawfraġju ta' San Pawl", "St Paul's Shipwreck"),
     fixed(3, 19, "San Ġużepp", "St Joseph"), fixed(3, 31, "Jum il-Ħelsien", "Freedom Day"),
     rel(E, -2, "Il-Ġimgħa l-Kbira", "Good Friday"), fixed(5, 1, "Jum il-Ħaddiem", "Workers' Day"),
     fixed(6, 7, "Sette Giugno", "Sette Giugno"), fixed(6, 29, "L-Imnarja", "St Peter and St Paul"),
     fixed(8, 15, "Santa Marija", "Assumption"), fixed(9, 8, "Jum il-Vitorja", "Victory Day"),
     fixed(9, 21, "Jum l-Indipendenza", "Independence Day"), fixed(12, 8, "L-Immakulata Kunċizzjoni", "Immaculate Conception"),
     fixed(12, 13, "Jum ir-Repubblika", "Republic Day"), fixed(12, 25, "Il-Milied", "Christmas Day")])


def nl_koningsdag(y):
    """27 April, or 26 April when the 27th is a Sunday."""
    d = D(y, 4, 27)
    return d - ONE if d.weekday() == SUN else d


cal("nl", "Netherlands — public holidays for time limits",
    ["Algemene termijnenwet, art. 3 (the holidays that extend a statutory time limit)"],
    [NATIONWIDE, "Good Friday is not among the days of the Algemene termijnenwet and is not listed. Liberation Day (5 May) is listed every year, as art. 3 does."],
    [fixed(1, 1, "Nieuwjaarsdag", "New Year's Day"), rel(E, 0, "Eerste Paasdag", "Easter Sunday"),
     rel(E, 1, "Tweede Paasdag", "Easter Monday"), rule(nl_koningsdag, "Koningsdag", "King's Day"),
     fixed(5, 5, "Bevrijdingsdag", "Liberation Day"), rel(E, 39, "Hemelvaartsdag", "Ascension Day"),
     rel(E, 49, "Eerste Pinksterdag", "Whit Sunday"), rel(E, 50, "Tweede Pinksterdag", "Whit Monday"),
     fixed(12, 25, "Eerste Kerstdag", "Christmas Day"), fixed(12, 26, "Tweede Kerstdag", "Second day of Christmas")])

cal("pl", "Poland — public holidays (dni wolne od pracy)",
    ["Ustawa z dnia 18 stycznia 1951 r. o dniach wolnych od pracy, art. 1, as amended (24 December from 2025: ustawa z 6 grudnia 2024 r.)"],
    [NATIONWIDE],
    [fixed(1, 1, "Nowy Rok", "New Year's Day"), fixed(1, 6, "Święto Trzech Króli", "Epiphany"),
     rel(E, 0, "Wielkanoc", "Easter Sunday"), rel(E, 1, "Poniedziałek Wielkanocny", "Easter Monday"),
     fixed(5, 1, "Święto Pracy", "Labour Day"), fixed(5, 3, "Święto Konstytucji 3 Maja", "Constitution Day"),
     rel(E, 49, "Zielone Świątki", "Whit Sunday"), rel(E, 60, "Boże Ciało", "Corpus Christi"),
     fixed(8, 15, "Wniebowzięcie Najświętszej Maryi Panny", "Assumption"), fixed(11, 1, "Wszystkich Świętych", "All Saints' Day"),
     fixed(11, 11, "Narodowe Święto Niepodległości", "Independence Day"),
     fixed(12, 24, "Wigilia Bożego Narodzenia", "Christmas Eve", since=2025),
     fixed(12, 25, "Boże Narodzenie", "Christmas Day"), fixed(12, 26, "Drugi dzień Bożego Narodzenia", "Second day of Christmas")])

cal("pt", "Portugal — public holidays (feriados obrigatórios)",
    ["Código do Trabalho, art. 234.º (as restored by Lei n.º 8/2016)"],
    [NATIONWIDE, "Carnival Tuesday and municipal holidays are optional or local (art. 235.º): not included."],
    [fixed(1, 1, "Ano Novo", "New Year's Day"), rel(E, -2, "Sexta-Feira Santa", "Good Friday"),
     rel(E, 0, "Páscoa", "Easter Sunday"), fixed(4, 25, "Dia da Liberdade", "Freedom Day"),
     fixed(5, 1, "Dia do Trabalhador", "Labour Day"), rel(E, 60, "Corpo de Deus", "Corpus Christi"),
     fixed(6, 10, "Dia de Portugal", "Portugal Day"), fixed(8, 15, "Assunção de Nossa Senhora", "Assumption"),
     fixed(10, 5, "Implantação da República", "Republic Day"), fixed(11, 1, "Todos os Santos", "All Saints' Day"),
     fixed(12, 1, "Restauração da Independência", "Restoration of Independence"),
     fixed(12, 8, "Imaculada Conceição", "Immaculate Conception"), fixed(12, 25, "Natal", "Christmas Day")])

cal("ro", "Romania — public holidays (sărbători legale)",
    ["Codul muncii (Legea 53/2003), art. 139(1), as amended (6 and 7 January from 2024: Legea 17/2023)"],
    [NATIONWIDE, "Easter and Pentecost are Orthodox. The government may declare bridge days for the public sector: not included."],
    [fixed(1, 1, "Anul Nou", "New Year's Day"), fixed(1, 2, "Anul Nou", "Day after New Year's Day"),
     fixed(1, 6, "Boboteaza", "Epiphany"), fixed(1, 7, "Sfântul Ioan Botezătorul", "St John the Baptist"),
     fixed(1, 24, "Ziua Unirii Principatelor Române", "Unification Day"),
     rel(OE, -2, "Vinerea Mare", "Good Friday (Orthodox)"), rel(OE, 0, "Paștele", "Easter Sunday (Orthodox)"),
     rel(OE, 1, "A doua zi de Paște", "Easter Monday (Orthodox)"), fixed(5, 1, "Ziua Muncii", "Labour Day"),
     fixed(6, 1, "Ziua Copilului", "Children's Day"), rel(OE, 49, "Rusaliile", "Pentecost (Orthodox)"),
     rel(OE, 50, "A doua zi de Rusalii", "Whit Monday (Orthodox)"), fixed(8, 15, "Adormirea Maicii Domnului", "Assumption"),
     fixed(11, 30, "Sfântul Andrei", "St Andrew's Day"), fixed(12, 1, "Ziua Națională", "National Day"),
     fixed(12, 25, "Crăciunul", "Christmas Day"), fixed(12, 26, "A doua zi de Crăciun", "Second day of Christmas")])

cal("sk", "Slovakia — public holidays and days of rest",
    ["Zákon č. 241/1993 Z. z. o štátnych sviatkoch, dňoch pracovného pokoja a pamätných dňoch, § 1–2"],
    [NATIONWIDE,
     "UNCERTAIN: consolidation measures adopted in 2024 and 2025 were reported to make some of these days (e.g. 1 September) ordinary working days from 2025 or 2026. This list follows § 1–2 as last verified here and may list a day that is now a working day: check the law in force for the year."],
    [fixed(1, 1, "Deň vzniku Slovenskej republiky", "Day of the Establishment of the Slovak Republic"),
     fixed(1, 6, "Zjavenie Pána", "Epiphany"), rel(E, -2, "Veľký piatok", "Good Friday"),
     rel(E, 1, "Veľkonočný pondelok", "Easter Monday"), fixed(5, 1, "Sviatok práce", "Labour Day"),
     fixed(5, 8, "Deň víťazstva nad fašizmom", "Victory over Fascism Day"),
     fixed(7, 5, "Sviatok svätého Cyrila a Metoda", "Saints Cyril and Methodius Day"),
     fixed(8, 29, "Výročie Slovenského národného povstania", "Slovak National Uprising Anniversary"),
     fixed(9, 1, "Deň Ústavy Slovenskej republiky", "Constitution Day"),
     fixed(9, 15, "Sedembolestná Panna Mária", "Our Lady of Sorrows"), fixed(11, 1, "Sviatok Všetkých svätých", "All Saints' Day"),
     fixed(11, 17, "Deň boja za slobodu a demokraciu", "Struggle for Freedom and Democracy Day"),
     fixed(12, 24, "Štedrý deň", "Christmas Eve"), fixed(12, 25, "Prvý sviatok vianočný", "Christmas Day"),
     fixed(12, 26, "Druhý sviatok vianočný", "Second day of Christmas")])

cal("si", "Slovenia — public holidays that are days off (dela prosti dnevi)",
    ["Zakon o praznikih in dela prostih dnevih v Republiki Sloveniji, čl. 1 and 2"],
    [NATIONWIDE, "Only the days the law makes days off are listed (not the remembrance days that are working days)."],
    [fixed(1, 1, "Novo leto", "New Year's Day"), fixed(1, 2, "Novo leto", "New Year's Day (second day)"),
     fixed(2, 8, "Prešernov dan", "Prešeren Day"), rel(E, 0, "Velikonočna nedelja", "Easter Sunday"),
     rel(E, 1, "Velikonočni ponedeljek", "Easter Monday"), fixed(4, 27, "Dan upora proti okupatorju", "Day of Uprising Against Occupation"),
     fixed(5, 1, "Praznik dela", "Labour Day"), fixed(5, 2, "Praznik dela", "Labour Day (second day)"),
     rel(E, 49, "Binkoštna nedelja", "Whit Sunday"), fixed(6, 25, "Dan državnosti", "Statehood Day"),
     fixed(8, 15, "Marijino vnebovzetje", "Assumption"), fixed(10, 31, "Dan reformacije", "Reformation Day"),
     fixed(11, 1, "Dan spomina na mrtve", "Remembrance Day"), fixed(12, 25, "Božič", "Christmas Day"),
     fixed(12, 26, "Dan samostojnosti in enotnosti", "Independence and Unity Day")])

cal("es", "Spain — national public holidays",
    ["Estatuto de los Trabajadores, art. 37.2; Real Decreto 2001/1983, art. 45; the yearly resolution of the Dirección General de Trabajo in the BOE"],
    [NATIONWIDE + " The autonomous communities replace some national days and add their own (Maundy Thursday in almost all, Easter Monday in some), and choose a substitute when a national day falls on a Sunday: not included — add a calendar for the community.",
     "Note that Ley 39/2015 art. 30 also excludes Saturdays from administrative time limits in days."],
    [fixed(1, 1, "Año Nuevo", "New Year's Day"), fixed(1, 6, "Epifanía del Señor", "Epiphany"),
     rel(E, -2, "Viernes Santo", "Good Friday"), fixed(5, 1, "Fiesta del Trabajo", "Labour Day"),
     fixed(8, 15, "Asunción de la Virgen", "Assumption"), fixed(10, 12, "Fiesta Nacional de España", "National Day"),
     fixed(11, 1, "Todos los Santos", "All Saints' Day"), fixed(12, 6, "Día de la Constitución", "Constitution Day"),
     fixed(12, 8, "Inmaculada Concepción", "Immaculate Conception"), fixed(12, 25, "Natividad del Señor", "Christmas Day")])

cal("se", "Sweden — public holidays (allmänna helgdagar)",
    ["Lag (1989:253) om allmänna helgdagar",
     "Lag (1930:173) om beräkning av lagstadgad tid (time limits)"],
    [NATIONWIDE,
     "Lag 1930:173 § 2 treats Midsummer Eve, Christmas Eve and New Year's Eve like a holiday when a time limit ends on them; those eves are not public holidays and are not listed — to verify before relying on such a date."],
    [fixed(1, 1, "Nyårsdagen", "New Year's Day"), fixed(1, 6, "Trettondedag jul", "Epiphany"),
     rel(E, -2, "Långfredagen", "Good Friday"), rel(E, 0, "Påskdagen", "Easter Sunday"),
     rel(E, 1, "Annandag påsk", "Easter Monday"), fixed(5, 1, "Första maj", "May Day"),
     rel(E, 39, "Kristi himmelsfärdsdag", "Ascension Day"), rel(E, 49, "Pingstdagen", "Whit Sunday"),
     fixed(6, 6, "Sveriges nationaldag", "National Day"),
     rule(lambda y: weekday_on_or_after(D(y, 6, 20), SAT), "Midsommardagen", "Midsummer Day"),
     rule(lambda y: weekday_on_or_after(D(y, 10, 31), SAT), "Alla helgons dag", "All Saints' Day"),
     fixed(12, 25, "Juldagen", "Christmas Day"), fixed(12, 26, "Annandag jul", "Second day of Christmas")])

cal("is", "Iceland — public holidays (almennir frídagar)",
    ["Lög um 40 stunda vinnuviku nr. 88/1971, 6. gr. (holidays)"],
    [NATIONWIDE, "Christmas Eve and New Year's Eve are holidays from 13:00 only: not listed (the morning is a working day)."],
    [fixed(1, 1, "Nýársdagur", "New Year's Day"), rel(E, -3, "Skírdagur", "Maundy Thursday"),
     rel(E, -2, "Föstudagurinn langi", "Good Friday"), rel(E, 0, "Páskadagur", "Easter Sunday"),
     rel(E, 1, "Annar í páskum", "Easter Monday"),
     rule(lambda y: weekday_on_or_after(D(y, 4, 19), THU), "Sumardagurinn fyrsti", "First Day of Summer"),
     fixed(5, 1, "Verkalýðsdagurinn", "Labour Day"), rel(E, 39, "Uppstigningardagur", "Ascension Day"),
     rel(E, 49, "Hvítasunnudagur", "Whit Sunday"), rel(E, 50, "Annar í hvítasunnu", "Whit Monday"),
     fixed(6, 17, "Þjóðhátíðardagurinn", "National Day"),
     rule(lambda y: nth(y, 8, MON, 1), "Frídagur verslunarmanna", "Commerce Day"),
     fixed(12, 25, "Jóladagur", "Christmas Day"), fixed(12, 26, "Annar í jólum", "Second day of Christmas")])

cal("li", "Liechtenstein — public holidays",
    ["Arbeitsgesetz (LGBl. 1967/6) Art. 18 and Verordnung II zum Arbeitsgesetz (days equal to Sundays)"],
    [NATIONWIDE, "TO VERIFY: this list was made from the rules as recalled, not checked against the LGBl. text or a published yearly list. Shrove Tuesday afternoon, Christmas Eve and New Year's Eve are customary days off in the public administration: not included."],
    [fixed(1, 1, "Neujahr", "New Year's Day"), fixed(1, 6, "Heilige Drei Könige", "Epiphany"),
     fixed(2, 2, "Maria Lichtmess", "Candlemas"), fixed(3, 19, "Josefstag", "St Joseph"),
     rel(E, 1, "Ostermontag", "Easter Monday"), fixed(5, 1, "Tag der Arbeit", "Labour Day"),
     rel(E, 39, "Auffahrt", "Ascension Day"), rel(E, 50, "Pfingstmontag", "Whit Monday"),
     rel(E, 60, "Fronleichnam", "Corpus Christi"), fixed(8, 15, "Staatsfeiertag / Mariä Himmelfahrt", "National Day"),
     fixed(9, 8, "Mariä Geburt", "Nativity of Mary"), fixed(11, 1, "Allerheiligen", "All Saints' Day"),
     fixed(12, 8, "Mariä Empfängnis", "Immaculate Conception"), fixed(12, 25, "Weihnachten", "Christmas Day"),
     fixed(12, 26, "Stephanstag", "St Stephen's Day")])

cal("no", "Norway — public holidays (helligdager)",
    ["Lov om helligdager og helligdagsfred (1995) § 2; lov 26. april 1947 om 1. og 17. mai som høgtidsdager"],
    [NATIONWIDE],
    [fixed(1, 1, "Første nyttårsdag", "New Year's Day"), rel(E, -3, "Skjærtorsdag", "Maundy Thursday"),
     rel(E, -2, "Langfredag", "Good Friday"), rel(E, 0, "Første påskedag", "Easter Sunday"),
     rel(E, 1, "Andre påskedag", "Easter Monday"), fixed(5, 1, "Offentlig høytidsdag", "Labour Day"),
     fixed(5, 17, "Grunnlovsdag", "Constitution Day"), rel(E, 39, "Kristi himmelfartsdag", "Ascension Day"),
     rel(E, 49, "Første pinsedag", "Whit Sunday"), rel(E, 50, "Andre pinsedag", "Whit Monday"),
     fixed(12, 25, "Første juledag", "Christmas Day"), fixed(12, 26, "Andre juledag", "Second day of Christmas")])

cal("ch", "Switzerland — holidays kept in every canton",
    ["Bundesverfassung Art. 110(3) (1 August)",
     "Arbeitsgesetz Art. 20a (cantons may treat up to eight days a year like Sundays)",
     "Verwaltungsverfahrensgesetz Art. 20(3): a federal time limit ending on a Saturday, Sunday or a holiday recognised by federal or cantonal law ends on the next working day; the canton where the party or its representative lives decides"],
    ["Only 1 August is a federal holiday. Holidays are otherwise cantonal: this list holds only days kept in every canton as recalled here (New Year's Day, Ascension, 1 August, Christmas Day) — TO VERIFY.",
     "Good Friday, Easter Monday, Whit Monday, 2 January (Berchtoldstag) and 26 December are holidays in most cantons but not all (e.g. Good Friday not in Valais or Ticino); Corpus Christi, Assumption, All Saints and Immaculate Conception only in Catholic cantons; local days (Sechseläuten, Knabenschiessen) in cities: add a cantonal calendar for a deadline in one canton."],
    [fixed(1, 1, "Neujahr / Nouvel an / Capodanno", "New Year's Day"),
     rel(E, 39, "Auffahrt / Ascension / Ascensione", "Ascension Day"),
     fixed(8, 1, "Bundesfeiertag / Fête nationale / Festa nazionale", "Swiss National Day"),
     fixed(12, 25, "Weihnachten / Noël / Natale", "Christmas Day")])

UK_SRC = ["Banking and Financial Dealings Act 1971, Schedule 1, and the yearly Royal Proclamations",
          "gov.uk, UK bank holidays (https://www.gov.uk/bank-holidays), for 2024–2027"]
UK_NOTE = ("No one-off bank holiday is announced for 2024–2030 as far as checked (the last were in 2022 and 2023). "
           "Years after those gov.uk lists follow the usual pattern and may change by proclamation.")

cal("uk-england-wales", "United Kingdom — England and Wales bank holidays", UK_SRC,
    [UK_NOTE, "Checked against gov.uk's list for 2024–2026 (e.g. Boxing Day substitute Monday 28 December 2026)."],
    [fixed(1, 1, "New Year's Day"), rel(E, -2, "Good Friday"), rel(E, 1, "Easter Monday"),
     rule(lambda y: nth(y, 5, MON, 1), "Early May bank holiday"), rule(lambda y: nth(y, 5, MON, -1), "Spring bank holiday"),
     rule(lambda y: nth(y, 8, MON, -1), "Summer bank holiday"), fixed(12, 25, "Christmas Day"), fixed(12, 26, "Boxing Day")],
    post=lambda days: uk_substitutes(days, {"New Year's Day", "Christmas Day", "Boxing Day"}))

cal("uk-scotland", "United Kingdom — Scotland bank holidays", UK_SRC,
    [UK_NOTE, "Easter Monday is not a bank holiday in Scotland. Local holidays (e.g. Glasgow Fair) are not included."],
    [fixed(1, 1, "New Year's Day"), fixed(1, 2, "2nd January"), rel(E, -2, "Good Friday"),
     rule(lambda y: nth(y, 5, MON, 1), "Early May bank holiday"), rule(lambda y: nth(y, 5, MON, -1), "Spring bank holiday"),
     rule(lambda y: nth(y, 8, MON, 1), "Summer bank holiday"), fixed(11, 30, "St Andrew's Day"),
     fixed(12, 25, "Christmas Day"), fixed(12, 26, "Boxing Day")],
    post=lambda days: uk_substitutes(days, {"New Year's Day", "2nd January", "St Andrew's Day", "Christmas Day", "Boxing Day"}))

cal("uk-northern-ireland", "United Kingdom — Northern Ireland bank holidays", UK_SRC,
    [UK_NOTE, "12 July (Battle of the Boyne) is a public holiday by proclamation."],
    [fixed(1, 1, "New Year's Day"), fixed(3, 17, "St Patrick's Day"), rel(E, -2, "Good Friday"),
     rel(E, 1, "Easter Monday"), rule(lambda y: nth(y, 5, MON, 1), "Early May bank holiday"),
     rule(lambda y: nth(y, 5, MON, -1), "Spring bank holiday"), fixed(7, 12, "Battle of the Boyne (Orangemen's Day)"),
     rule(lambda y: nth(y, 8, MON, -1), "Summer bank holiday"), fixed(12, 25, "Christmas Day"), fixed(12, 26, "Boxing Day")],
    post=lambda days: uk_substitutes(days, {"New Year's Day", "St Patrick's Day", "Battle of the Boyne (Orangemen's Day)",
                                            "Christmas Day", "Boxing Day"}))

cal("us-federal", "United States — federal legal public holidays",
    ["5 U.S.C. 6103(a) (legal public holidays) and 6103(b) with Executive Order 11582 (the observed day)",
     "OPM, Federal holidays (https://www.opm.gov/policy-data-oversight/pay-leave/federal-holidays/)"],
    ["A holiday on a Saturday is observed on the Friday before, one on a Sunday on the Monday after: the observed day is a separate entry marked \"observed\", since whether it counts as a legal public holiday for a time limit (e.g. FOIA, 5 U.S.C. 552(a)(6)) is not settled.",
     "Inauguration Day (20 January 2029) is a holiday only for employees in the Washington, D.C. area (5 U.S.C. 6103(c)): not included.",
     "Checked against OPM's lists for 2024–2027 (e.g. Juneteenth observed Friday 18 June 2027, New Year's Day 2028 observed Friday 31 December 2027)."],
    [fixed(1, 1, "New Year's Day"), rule(lambda y: nth(y, 1, MON, 3), "Birthday of Martin Luther King, Jr."),
     rule(lambda y: nth(y, 2, MON, 3), "Washington's Birthday"), rule(lambda y: nth(y, 5, MON, -1), "Memorial Day"),
     fixed(6, 19, "Juneteenth National Independence Day"), fixed(7, 4, "Independence Day"),
     rule(lambda y: nth(y, 9, MON, 1), "Labor Day"), rule(lambda y: nth(y, 10, MON, 2), "Columbus Day"),
     fixed(11, 11, "Veterans Day"), rule(lambda y: nth(y, 11, THU, 4), "Thanksgiving Day"),
     fixed(12, 25, "Christmas Day")],
    post=us_observed)

cal("ca-federal", "Canada — holidays of the federal Interpretation Act",
    ["Interpretation Act, R.S.C. 1985, c. I-21, s. 35(1) \"holiday\" and s. 35(2)",
     "Holidays Act, R.S.C. 1985, c. H-5 (Canada Day, Victoria Day, Remembrance Day)",
     "S.C. 2021, c. 11 (National Day for Truth and Reconciliation, 30 September)"],
    ["Sunday is a holiday under s. 35; Saturday is not (see the deadline rules). Days that a province or a city appoints (s. 35(1)(a), (b)) are not included.",
     "Thanksgiving (second Monday in October) is listed as the day appointed each year by proclamation as a day of general thanksgiving.",
     "Saint-Jean-Baptiste Day (24 June) is listed as s. 35(1) names it; federal offices outside Quebec stay open — TO VERIFY for the place where the act is done.",
     "s. 35(2): when New Year's Day, Canada Day, Remembrance Day or the National Day for Truth and Reconciliation falls on a Sunday, the next day is also a holiday (added as \"following Monday\").",
     "Boxing Day (26 December) is a public-service holiday but not an Interpretation Act holiday: not included."],
    [fixed(1, 1, "New Year's Day"), rel(E, -2, "Good Friday"), rel(E, 1, "Easter Monday"),
     rule(lambda y: weekday_before(D(y, 5, 25), MON), "Victoria Day (and the Sovereign's birthday)"),
     fixed(6, 24, "Saint-Jean-Baptiste Day"), fixed(7, 1, "Canada Day"),
     rule(lambda y: nth(y, 9, MON, 1), "Labour Day"), fixed(9, 30, "National Day for Truth and Reconciliation"),
     rule(lambda y: nth(y, 10, MON, 2), "Thanksgiving Day"), fixed(11, 11, "Remembrance Day"),
     fixed(12, 25, "Christmas Day")],
    post=lambda days: sunday_next(days, {"New Year's Day", "Canada Day", "Remembrance Day",
                                         "National Day for Truth and Reconciliation"}))


def eu_year_end(y):
    return [(D(y, 12, d), "End-of-year closure" if d not in (25,) else "Christmas Day", None, False)
            for d in range(24, 32)]


cal("eu-commission", "EU institutions — European Commission public holidays (Brussels)",
    ["European Commission, public holidays of the institutions, published each year in the Official Journal (C series)",
     "Regulation (EEC, Euratom) No 1182/71, Art. 2(1): for an act to be done at an institution, its public holidays count"],
    ["Only 2025 was checked against the Commission's published list (1-2 January, 17, 18 and 21 April, 1, 9, 29 and 30 May, 9 June, 21 July, 15 August, 1-2 November, 24-31 December). The other years follow the same pattern and are NOT verified: the Commission decides each year (e.g. when Europe Day and Ascension fall together, as on 9 May 2024, and the end-of-year closure) — check the list for the year.",
     "Luxembourg sites keep Luxembourg's National Day (23 June) instead of 21 July: not included. Agencies (eu-LISA in Tallinn and Strasbourg, EDPS in Brussels) may follow their seat's list: to verify."],
    [fixed(1, 1, "New Year's Day"), fixed(1, 2, "Day after New Year's Day"), rel(E, -3, "Maundy Thursday"),
     rel(E, -2, "Good Friday"), rel(E, 1, "Easter Monday"), fixed(5, 1, "Labour Day"),
     fixed(5, 9, "Europe Day (anniversary of the Schuman Declaration)"), rel(E, 39, "Ascension Day"),
     rel(E, 40, "Friday after Ascension Day"), rel(E, 50, "Whit Monday"), fixed(7, 21, "Belgian National Day"),
     fixed(8, 15, "Assumption"), fixed(11, 1, "All Saints' Day"), fixed(11, 2, "All Souls' Day"),
     eu_year_end])


# ---------------------------------------------------------------------------

def year_days(c, y):
    days = []
    for r in c["rules"]:
        days.extend(r(y))
    if c["post"]:
        days = c["post"](days)
    return days


def merged(c):
    """Every day of every year, one entry a date: two holidays on one date
    are joined ("Europe Day; Ascension Day").  An observed entry on a date
    that is a holiday anyway adds nothing."""
    by = {}
    # A year's rules may give a day in the year before (New Year's Day on
    # a Saturday, observed on 31 December) or after: run one more each side.
    for y in range(FIRST - 1, LAST + 2):
        for d, name, en, obs in year_days(c, y):
            if d.year < FIRST or d.year > LAST:
                continue
            by.setdefault(d, []).append((name, en or name, obs))
    out = []
    for d in sorted(by):
        real = [x for x in by[d] if not x[2]]
        use = real or by[d]
        name = "; ".join(x[0] for x in use)
        en = "; ".join(x[1] for x in use)
        out.append((d, name, en, not real))
    return out


def document(c):
    days = []
    for d, name, en, obs in merged(c):
        e = {"date": d.isoformat(), "name": name}
        if en and en != name:
            e["en"] = en
        if obs:
            e["observed"] = True
        days.append(e)
    return {"kind": "holidays", "format": 1, "id": c["id"], "title": c["title"],
            "source": c["source"], "notes": c["notes"],
            "years": {"from": FIRST, "to": LAST}, "days": days}


def render(doc):
    """One day a line, so a diff or a lawyer reads it easily."""
    head = {k: v for k, v in doc.items() if k != "days"}
    text = json.dumps(head, ensure_ascii=False, indent=2)
    lines = [json.dumps(d, ensure_ascii=False) for d in doc["days"]]
    body = ',\n'.join("    " + l for l in lines)
    return text[:-2] + ',\n  "days": [\n' + body + '\n  ]\n}\n'


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "..", "data", "holidays")
    if len(argv) >= 2 and argv[0] == "--show":
        c = CAL[argv[1]]
        years = [int(argv[2])] if len(argv) > 2 else range(FIRST, LAST + 1)
        for d, name, en, obs in merged(c):
            if d.year in years:
                print(d.isoformat(), d.strftime("%a"), name, "(observed)" if obs else "")
        return 0
    check = argv[:1] == ["--check"]
    bad = 0
    for cid in CAL:
        path = os.path.join(out, cid + ".json")
        text = render(document(CAL[cid]))
        if check:
            try:
                with open(path, encoding="utf-8") as f:
                    same = f.read() == text
            except OSError:
                same = False
            if not same:
                print("differs:", path)
                bad = 1
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    if not check:
        print("wrote %d calendars to %s" % (len(CAL), os.path.normpath(out)))
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
