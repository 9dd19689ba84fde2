#!/usr/bin/env python3
"""Build veikart's built-in dataset (data/seed.json) from the shared domain data.

Usage (from the repository root):

    python3 scripts/seed-from-domain.py ../shared/domain/dataset.json \
        scripts/seed-inputs.json > data/seed.json

The first argument is the curated research dataset (see
../shared/domain/README.md); the second is the hand-curated list of
stakeholder inputs (innspill) read from the seed documents, already in the
interchange shape. The output is the interchange format described in
docs/data-format.md.

The field lists are not repeated here: they are read from the descriptor
table in src/model/entity.c, so every record gets exactly the fields of its
descriptor, in descriptor order. Before anything is written the script checks
that

  * every id of the dataset's collections (and every link) is in the output,
  * no dataset field is silently dropped (each one is mapped or listed in
    DROPPED below),
  * every record has only descriptor fields, required fields are present and
    values have the right type, enum value, length and date/period form,
  * every reference (including ids in reference lists and children, and
    "src <id>" mentions in text) points to a record in the output,
  * every orgnr passes the MOD11 check,
  * a measure's focus area belongs to the measure's strategy,
  * strategies' `completeness` agrees with the measures registered.

On any error it prints every problem to stderr and exits 1 without writing.
Output is deterministic: records keep the dataset's order, curated inputs
follow the order of seed-inputs.json, keys follow the descriptors.

Python 3 standard library only.
"""

import json
import math
import os
import re
import sys

ENTITY_C = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                        "src", "model", "entity.c")

FORMAT = "veikart-interchange"
VERSION = 1

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PERIOD_RES = [
    re.compile(r"^\d{4}$"),                 # year
    re.compile(r"^\d{4}-T[1-3]$"),          # tertial
    re.compile(r"^\d{4}-Q[1-4]$"),          # quarter
    re.compile(r"^\d{4}-(0[1-9]|1[0-2])$"),  # month
    re.compile(r"^\d{4}-\d{4}$"),           # range of years
]
SRC_MENTION_RE = re.compile(r"\bsrc ([a-z0-9-]+(?:, [a-z0-9-]+)*)")

# Dataset collection -> interchange collection. Links have no ids in the
# dataset and coordination gaps become stakeholder inputs.
ID_COLLECTIONS = {
    "sources": "sources", "actors": "actors", "strategies": "strategies",
    "focus_areas": "focus-areas", "measures": "measures",
    "arenas": "arenas", "schemes": "schemes", "goals": "goals",
    "indicators": "indicators", "coordination_gaps": "inputs",
}
OTHER_TOP_KEYS = {"meta", "links"}

# Dataset fields deliberately not carried over, per dataset collection.
DROPPED = {
    # Derived: the portal counts the registered measures. Checked below.
    "strategies": {"completeness"},
}

# Bokmål titles and texts of the coordination gaps, written from the
# council letter (seed-004, HelseOmsorg21-rådet 05.04.2024); the English
# titles are the README's list, the English texts come from the dataset.
GAP_TEXTS = {
    "GAP-01": {
        "title_nb": "Mangelfull koordinering mellom veikartets aktører og "
                    "de 15 eksporttiltakene",
        "title_en": "Coordination between the veikart's actors and the 15 "
                    "export measures is insufficient",
        "text_nb": "Veikartet for helsenæringen redegjør for en rekke "
                   "initiativ der mange aktører har ansvar, og tilsvarende "
                   "er det flere aktører som har ansvar for de 15 tiltakene "
                   "i eksportsatsingen. Koordineringen mellom disse er "
                   "mangelfull, og vi risikerer suboptimale løsninger om "
                   "ikke initiativene er godt koordinert.",
    },
    "GAP-02": {
        "title_nb": "Prosjektstyret for eksportsatsingen og veikartets "
                    "dialogarena må koordineres",
        "title_en": "The export project board and the veikart dialogue "
                    "arena must be coordinated, including with research and "
                    "users",
        "text_nb": "I eksportsatsingen står det at satsingen skal "
                   "koordineres av et prosjektstyre bestående av "
                   "representanter for helsenæringen, mens det i veikartet "
                   "står at det skal etableres en arena for strategisk "
                   "dialog mellom myndighetene og helsenæringen. Disse "
                   "arenaene må koordineres og samhandle godt, også med "
                   "forskningen og brukerne.",
    },
    "GAP-03": {
        "title_nb": "Grønn plattform har ikke gitt støtte til noe "
                    "helseprosjekt",
        "title_en": "Grønn plattform has funded no health project",
        "text_nb": "Statsråd Vestre nevnte Grønn plattform under "
                   "fremleggelsen av veikartet for helsenæring, men til nå "
                   "har ingen helseprosjekter fått støtte gjennom denne "
                   "ordningen.",
    },
    "GAP-04": {
        "title_nb": "Innovasjon Norge deltar ikke i Pilot Helse",
        "title_en": "IN is not in Pilot Helse",
        "text_nb": "Innovasjon Norge har til nå ikke deltatt i Pilot "
                   "Helse-ordningen.",
    },
    "GAP-05": {
        "title_nb": "Ingen tilskudd tar ned risikoen ved eksport og "
                    "skalering; HOD bør gi Innovasjon Norge et eget oppdrag",
        "title_en": "No grant de-risks export or scaling, and IN loans suit "
                    "health firms poorly; HOD should give IN its own "
                    "assignment",
        "text_nb": "Det mangler i dag tilskuddsvirkemidler som tar ned "
                   "risikoen knyttet til internasjonal eksport og skalering, "
                   "og låneordningene til Innovasjon Norge er generelt mindre "
                   "egnet for helsebedrifter. Rådet ønsker at Helse- og "
                   "omsorgsdepartementet retter et eget oppdrag til "
                   "Innovasjon Norge for å styrke satsingen på utviklingen "
                   "av norsk helsenæring, i tillegg til oppdraget fra NFD.",
    },
    "GAP-06": {
        "title_nb": "Invest in Norway bør få søkelys på helsenæringen",
        "title_en": "Invest in Norway needs a health focus",
        "text_nb": "Invest in Norway er en viktig funksjon som med fordel "
                   "kunne styrkes med søkelys på helsenæringen.",
    },
    "GAP-07": {
        "title_nb": "Kommunene og primærhelsetjenesten må inkluderes",
        "title_en": "Municipalities and primary care must be included",
        "text_nb": "For å utnytte helsenæringens potensial fullt ut er det "
                   "viktig å inkludere kommunene og primærhelsetjenesten.",
    },
    "GAP-08": {
        "title_nb": "Tildelingsbrev må presiseres, og det trengs midler mot "
                    "hindringer i verdikjeden",
        "title_en": "Tildelingsbrev need clarifying, and funds are needed "
                    "for value-chain barriers",
        "text_nb": "Det kan være behov for presiseringer i tildelingsbrev "
                   "til underliggende etater og for økonomiske midler for å "
                   "fjerne hindringer i verdikjeden som leder frem til økt "
                   "eksport.",
    },
    "GAP-09": {
        "title_nb": "Nye løsninger når ikke pasientene i stor nok skala",
        "title_en": "Solutions do not reach patients at scale",
        "text_nb": "Det skjer mye forskning og innovasjon knyttet til "
                   "helsesektoren, men nye løsninger når ikke helsesektoren "
                   "eller pasientene i den skala og det omfang "
                   "utfordringsbildet skulle tilsi.",
    },
}

SCHEME_ALLOCATION_NOTE = "Named as the measure's scheme in the source."


class Errors:
    def __init__(self):
        self.items = []

    def add(self, msg):
        self.items.append(msg)

    def __bool__(self):
        return bool(self.items)


# ---------------------------------------------------------------------------
# Reading the descriptor table from src/model/entity.c
# ---------------------------------------------------------------------------

TOKEN_RE = re.compile(r'"(?:[^"\\]|\\.)*"|[A-Za-z_]\w*|0[xX][0-9a-fA-F]+[uUlL]*'
                      r'|\d+[uUlL]*|\S')


def c_tokens(text):
    return TOKEN_RE.findall(text)


def split_top(tokens, sep=","):
    """Split a token list on `sep` at bracket depth 0."""
    parts, cur, depth = [], [], 0
    for t in tokens:
        if t in "({[":
            depth += 1
        elif t in ")}]":
            depth -= 1
        if t == sep and depth == 0:
            parts.append(cur)
            cur = []
        else:
            cur.append(t)
    if cur:
        parts.append(cur)
    return parts


class Macros:
    """A small C preprocessor for the #defines of entity.c."""

    def __init__(self, text):
        self.defs = {"INT64_C": (["x"], ["x"]), "UINT64_C": (["x"], ["x"])}
        logical = re.sub(r"\\\n", " ", text)
        for line in logical.splitlines():
            m = re.match(r"\s*#\s*define\s+(\w+)(\(([^)]*)\))?\s*(.*)$", line)
            if not m:
                continue
            params = None
            if m.group(2) is not None:
                params = [p.strip() for p in m.group(3).split(",") if p.strip()]
            self.defs[m.group(1)] = (params, c_tokens(m.group(4)))

    def expand(self, tokens, active=frozenset()):
        out, i = [], 0
        while i < len(tokens):
            t = tokens[i]
            d = self.defs.get(t) if t not in active else None
            if d is None:
                out.append(t)
                i += 1
                continue
            params, body = d
            if params is None:
                out.extend(self.expand(body, active | {t}))
                i += 1
                continue
            if i + 1 >= len(tokens) or tokens[i + 1] != "(":
                out.append(t)
                i += 1
                continue
            depth, j = 0, i + 1
            while True:
                if tokens[j] == "(":
                    depth += 1
                elif tokens[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            args = split_top(tokens[i + 2:j]) if j > i + 2 else []
            args = [self.expand(a, active) for a in args]
            if len(args) != len(params):
                raise ValueError(f"macro {t}: {len(args)} arguments for "
                                 f"{len(params)} parameters")
            subst = []
            for b in body:
                if b in params:
                    subst.extend(args[params.index(b)])
                else:
                    subst.append(b)
            out.extend(self.expand(subst, active | {t}))
            i = j + 1
        return out


def c_string(tokens):
    """Adjacent string literals concatenated; None for NULL."""
    if tokens == ["NULL"]:
        return None
    if not tokens or not all(t.startswith('"') for t in tokens):
        raise ValueError("expected a string literal, got " + " ".join(tokens))
    return "".join(json.loads(t) for t in tokens)


def c_int(tokens, flags):
    """An integer constant, a flag name, or flags joined with |."""
    value = 0
    for part in split_top(tokens, "|"):
        neg = part[:1] == ["-"]
        part = part[1:] if neg else part
        while part[:1] == ["("] and part[-1:] == [")"]:
            part = part[1:-1]
        if len(part) != 1:
            raise ValueError("cannot evaluate " + " ".join(part))
        t = part[0]
        if t in flags:
            v = flags[t]
        else:
            v = int(re.sub(r"[uUlL]+$", "", t), 0)
        value |= -v if neg else v
    return value


def c_braced(tokens):
    if not tokens or tokens[0] != "{" or tokens[-1] != "}":
        raise ValueError("expected { ... }, got " + " ".join(tokens[:6]))
    return split_top(tokens[1:-1])


def parse_entity_c(path):
    text = open(path, encoding="utf-8").read()
    hdr = os.path.join(os.path.dirname(path), "entity.h")
    htext = open(hdr, encoding="utf-8").read() if os.path.exists(hdr) else ""
    flags = {}
    for m in re.finditer(r"#define\s+(FIELD_\w+)\s+(0[xX][0-9a-fA-F]+|\d+)[uU]?",
                         htext + text):
        flags[m.group(1)] = int(m.group(2), 0)
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    macros = Macros(text)

    enums = {}
    for m in re.finditer(r"const\s+char\s*\*\s*const\s+(\w+)\s*\[\]\s*=\s*"
                         r"\{(.*?)\};", text, re.S):
        enums[m.group(1)] = [json.loads(s) for s in
                             re.findall(r'"(?:[^"\\]|\\.)*"', m.group(2))]

    def body_of(kind):
        for m in re.finditer(r"static\s+const\s+struct\s+%s\s+(\w+)\s*\[\]\s*=\s*"
                             r"\{(.*?)\};" % kind, text, re.S):
            yield m.group(1), macros.expand(c_tokens(m.group(2)))

    field_tables = {}
    for name, toks in body_of("field_desc"):
        fields = []
        for item in split_top(toks):
            p = c_braced(item)
            if len(p) != 8:
                raise ValueError(f"{name}: field initialiser with {len(p)} parts")
            f = {
                "name": c_string(p[0]),
                "type": p[1][0],
                "flags": c_int(p[2], flags),
                "min": c_int(p[3], flags),
                "max": c_int(p[4], flags),
                "ref": c_string(p[5]),
                "values": None if p[6] == ["NULL"] else enums[p[6][0]],
                "dflt": c_string(p[7]),
            }
            f["required"] = bool(f["flags"] & flags.get("FIELD_REQUIRED", 1))
            f["not_in_csv"] = bool(f["flags"] & flags.get("FIELD_NOT_IN_CSV", 2))
            fields.append(f)
        field_tables[name] = fields

    child_tables = {}
    for name, toks in body_of("child_desc"):
        children = []
        for item in split_top(toks):
            p = c_braced(item)
            children.append({
                "name": c_string(p[0]), "table": c_string(p[1]),
                "parent_col": c_string(p[2]),
                "fields": field_tables[p[3][0]],
                "scalar": p[5] == ["true"],
            })
        child_tables[name] = children

    entities = {}
    for m in re.finditer(r"static\s+const\s+struct\s+entity_desc\s+(\w+)\s*=\s*"
                         r"(.*?);", text, re.S):
        p = c_braced(macros.expand(c_tokens(m.group(2))))
        entities[m.group(1)] = {
            "collection": c_string(p[0]), "table": c_string(p[1]),
            "singular": c_string(p[2]),
            "fields": field_tables[p[3][0]],
            "children": [] if p[5] == ["NULL"] else child_tables[p[5][0]],
        }
    m = re.search(r"entity_all\s*\[\]\s*=\s*\{(.*?)\};", text, re.S)
    order = re.findall(r"&\s*(\w+)", m.group(1))
    descs = [entities[e] for e in order]
    if not descs or any(d["fields"][0]["name"] != "id" for d in descs):
        raise ValueError("entity_all not understood")
    return descs


# ---------------------------------------------------------------------------
# Mapping the dataset
# ---------------------------------------------------------------------------

def dash_to_hyphen(v):
    """Periods use an ASCII hyphen: "2021–2023" -> "2021-2023"."""
    return v.replace("\u2013", "-").replace("\u2014", "-") if isinstance(v, str) else v


class Mapper:
    def __init__(self, ds, descs, errors):
        self.ds = ds
        self.descs = {d["collection"]: d for d in descs}
        self.err = errors

    def take(self, coll, rec, where, special=(), dataset_coll=None):
        """Copy the dataset fields that share a name with a descriptor field;
        report dataset fields that neither match nor are handled."""
        desc = self.descs[coll]
        names = {f["name"] for f in desc["fields"]}
        out = {k: v for k, v in rec.items() if k in names}
        left = set(rec) - names - set(special) - DROPPED.get(dataset_coll or coll, set())
        for k in sorted(left):
            self.err.add(f"{where}: dataset field '{k}' has no place in the "
                         f"interchange format (map it or list it in DROPPED)")
        return out

    def child_take(self, child, rec, where):
        names = {f["name"] for f in child["fields"]}
        for k in sorted(set(rec) - names):
            self.err.add(f"{where}: dataset field '{k}' has no place in "
                         f"child '{child['name']}'")
        return {k: v for k, v in rec.items() if k in names}

    def child(self, coll, name):
        for c in self.descs[coll]["children"]:
            if c["name"] == name:
                return c
        raise KeyError(name)

    def run(self):
        ds = self.ds
        out = {c: [] for c in self.descs}

        for r in ds["sources"]:
            out["sources"].append(self.take("sources", r, "sources:" + r["id"]))

        for r in ds["actors"]:
            out["actors"].append(self.take("actors", r, "actors:" + r["id"]))

        for r in ds["strategies"]:
            o = self.take("strategies", r, "strategies:" + r["id"])
            o["period"] = dash_to_hyphen(o.get("period"))
            out["strategies"].append(o)

        for r in ds["focus_areas"]:
            out["focus-areas"].append(
                self.take("focus-areas", r, "focus_areas:" + r["id"],
                          dataset_coll="focus_areas"))

        for r in ds["arenas"]:
            o = self.take("arenas", r, "arenas:" + r["id"], special={"members"})
            o["members"] = list(r.get("members") or [])
            out["arenas"].append(o)

        budget = self.child("schemes", "budget")
        for r in ds["schemes"]:
            w = "schemes:" + r["id"]
            o = self.take("schemes", r, w, special={"budget"})
            o["budget"] = [self.child_take(budget, b, w + " budget")
                           for b in r.get("budget") or []]
            out["schemes"].append(o)

        resp = self.child("measures", "responsible")
        contributes = {}  # indicator id -> [measure ids]
        for r in ds["measures"]:
            w = "measures:" + r["id"]
            o = self.take("measures", r, w,
                          special={"responsible", "scheme", "indicator"})
            o["responsible"] = [self.child_take(resp, x, w + " responsible")
                                for x in r.get("responsible") or []]
            o["milestones"] = []
            o["allocations"] = []
            if r.get("scheme"):
                o["allocations"].append({
                    "scheme": r["scheme"], "year": None, "amount_nok": None,
                    "source": r["source"], "note": SCHEME_ALLOCATION_NOTE,
                })
            if r.get("indicator"):
                contributes.setdefault(r["indicator"], []).append(r["id"])
            out["measures"].append(o)

        seen_links = set()
        for r in ds["links"]:
            lid = "L-%s-%s" % (r["from"], r["to"])
            if lid in seen_links:
                self.err.add(f"links: two links from {r['from']} to {r['to']}; "
                             f"the id scheme L-<from>-<to> needs a suffix")
            seen_links.add(lid)
            o = self.take("links", dict(r, id=lid), "links:" + lid)
            out["links"].append(o)

        for r in ds["goals"]:
            w = "goals:" + r["id"]
            o = self.take("goals", r, w, special={"baseline", "target"})
            o.update(self.value_year(r, w))
            out["goals"].append(o)

        obs = self.child("indicators", "observations")
        for r in ds["indicators"]:
            w = "indicators:" + r["id"]
            o = self.take("indicators", r, w,
                          special={"baseline", "target", "observations"})
            o.update(self.value_year(r, w))
            o["observations"] = []
            for x in r.get("observations") or []:
                c = self.child_take(obs, x, w + " observation")
                c["period"] = dash_to_hyphen(c.get("period"))
                note = x.get("note") or ""
                c["status"] = "forecast" if "forecast" in note.lower() else "final"
                o["observations"].append(c)
            o["measures"] = contributes.pop(r["id"], [])
            out["indicators"].append(o)
        for ind, ms in sorted(contributes.items()):
            self.err.add(f"measures {', '.join(ms)}: indicator '{ind}' does not exist")

        src_date = {s["id"]: s.get("date") for s in ds["sources"]}
        for r in ds["coordination_gaps"]:
            w = "coordination_gaps:" + r["id"]
            o = self.take("inputs", r, w, dataset_coll="coordination_gaps")
            o["kind"] = "coordination_gap"
            o["date"] = src_date.get(r.get("source"))
            texts = GAP_TEXTS.get(r["id"])
            if texts is None:
                self.err.add(f"{w}: no bokmål text in GAP_TEXTS")
            else:
                o.update(texts)
            o["answers"] = []
            out["inputs"].append(o)
        for gid in sorted(set(GAP_TEXTS) - {g["id"] for g in ds["coordination_gaps"]}):
            self.err.add(f"GAP_TEXTS: '{gid}' is not a coordination gap in the dataset")
        return out

    def value_year(self, r, where):
        o = {}
        for k in ("baseline", "target"):
            v = r.get(k) or {}
            extra = set(v) - {"value", "year"}
            if extra:
                self.err.add(f"{where}: {k} has unmapped keys {sorted(extra)}")
            o[k + "_value"] = v.get("value")
            o[k + "_year"] = v.get("year")
        return o


def shape(desc, rec, where, errors):
    """Order a record's keys as its descriptor; unknown keys are errors."""
    names = [f["name"] for f in desc["fields"]]
    cnames = [c["name"] for c in desc["children"]]
    for k in rec:
        if k not in names and k not in cnames:
            errors.add(f"{where}: field '{k}' is not in the "
                       f"{desc['singular']} descriptor")
    o = {n: rec.get(n) for n in names}
    for c in desc["children"]:
        rows = rec.get(c["name"]) or []
        if c["scalar"]:
            o[c["name"]] = list(rows)
        else:
            o[c["name"]] = [shape_child(c, x, f"{where} {c['name']}[{i}]", errors)
                            for i, x in enumerate(rows)]
    return o


def shape_child(child, rec, where, errors):
    names = [f["name"] for f in child["fields"]]
    if not isinstance(rec, dict):
        errors.add(f"{where}: expected an object")
        return rec
    for k in rec:
        if k not in names:
            errors.add(f"{where}: field '{k}' is not in child '{child['name']}'")
    return {n: rec.get(n) for n in names}


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------

def orgnr_ok(s):
    if not isinstance(s, str) or not re.fullmatch(r"\d{9}", s):
        return False
    w = [3, 2, 7, 6, 5, 4, 3, 2]
    k = 11 - sum(int(d) * x for d, x in zip(s[:8], w)) % 11
    if k == 11:
        k = 0
    return k != 10 and k == int(s[8])


def date_ok(s):
    m = DATE_RE.match(s) if isinstance(s, str) else None
    if not m:
        return False
    y, mo, d = m.group(1), m.group(2), m.group(3)
    if mo is not None and not 1 <= int(mo) <= 12:
        return False
    if d is not None:
        days = [31, 29 if (int(y) % 4 == 0 and (int(y) % 100 or int(y) % 400 == 0)) else 28,
                31, 30, 31, 30, 31, 31, 30, 31, 30, 31][int(mo) - 1]
        if not 1 <= int(d) <= days:
            return False
    return True


def period_ok(s):
    if not isinstance(s, str) or not any(r.match(s) for r in PERIOD_RES):
        return False
    if re.fullmatch(r"\d{4}-\d{4}", s):
        return int(s[:4]) <= int(s[5:])
    return True


def check_value(f, v, where, errors, refs):
    """Type, limit and enum checks; references are collected in `refs`."""
    n, t = f["name"], f["type"]
    w = f"{where}: field '{n}'"
    if v is None:
        if f["required"]:
            errors.add(f"{w} is required")
        return
    if t in ("FT_TEXT", "FT_ID", "FT_REF", "FT_URL", "FT_DATE", "FT_PERIOD",
             "FT_ENUM", "FT_ORGNR") and not isinstance(v, str):
        errors.add(f"{w} must be a string")
        return
    if t in ("FT_TEXT", "FT_ID", "FT_REF", "FT_URL") and f["max"] and \
            len(v.encode("utf-8")) > f["max"]:
        errors.add(f"{w} is longer than {f['max']} bytes")
    if t == "FT_TEXT" and not v.strip():
        errors.add(f"{w} is blank (give null instead)")
    elif t in ("FT_ID", "FT_REF") and not ID_RE.match(v):
        errors.add(f"{w}: '{v}' is not a valid id")
    elif t == "FT_URL" and not re.match(r"^https?://\S+$", v):
        errors.add(f"{w}: '{v}' is not an http(s) URL")
    elif t == "FT_DATE" and not date_ok(v):
        errors.add(f"{w}: '{v}' is not YYYY, YYYY-MM or YYYY-MM-DD")
    elif t == "FT_PERIOD" and not period_ok(v):
        errors.add(f"{w}: '{v}' is not a canonical period")
    elif t == "FT_ENUM" and v not in f["values"]:
        errors.add(f"{w}: '{v}' is not one of {', '.join(f['values'])}")
    elif t == "FT_ORGNR" and not orgnr_ok(v):
        errors.add(f"{w}: '{v}' fails the MOD11 check")
    elif t == "FT_INT":
        if isinstance(v, bool) or not isinstance(v, int):
            errors.add(f"{w} must be an integer")
        elif not f["min"] <= v <= f["max"]:
            errors.add(f"{w}: {v} is outside [{f['min']}, {f['max']}]")
    elif t == "FT_NUM":
        if isinstance(v, bool) or not isinstance(v, (int, float)) or \
                not math.isfinite(v):
            errors.add(f"{w} must be a finite number")
    elif t == "FT_BOOL" and not isinstance(v, bool):
        errors.add(f"{w} must be true or false")
    elif t == "FT_JSON":
        if not isinstance(v, (list, dict)):
            errors.add(f"{w} must be a JSON array or object")
        elif len(json.dumps(v, ensure_ascii=False).encode("utf-8")) > f["max"]:
            errors.add(f"{w} is longer than {f['max']} bytes")
    elif t == "FT_REFLIST":
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            errors.add(f"{w} must be an array of ids")
            return
        if f["max"] and len(v) > f["max"]:
            errors.add(f"{w} has more than {f['max']} ids")
        if len(set(v)) != len(v):
            errors.add(f"{w} repeats an id")
    if t == "FT_REF":
        refs.append((f["ref"], v, w))
    elif t == "FT_REFLIST" and isinstance(v, list):
        for x in v:
            refs.append((f["ref"], x, w))


def check_all(descs, out, ds, errors):
    ids = {}
    refs = []
    for d in descs:
        coll = d["collection"]
        seen = set()
        for rec in out[coll]:
            rid = rec.get("id")
            where = f"{coll}:{rid}"
            if rid in seen:
                errors.add(f"{where}: duplicate id")
            seen.add(rid)
            for f in d["fields"]:
                check_value(f, rec.get(f["name"]), where, errors, refs)
            for c in d["children"]:
                rows = rec.get(c["name"])
                if not isinstance(rows, list):
                    errors.add(f"{where}: '{c['name']}' must be an array")
                    continue
                for i, x in enumerate(rows):
                    cw = f"{where} {c['name']}[{i}]"
                    if c["scalar"]:
                        check_value(c["fields"][0], x, cw, errors, refs)
                    else:
                        for f in c["fields"]:
                            check_value(f, x.get(f["name"]), cw, errors, refs)
                if c["scalar"] and len(set(rows)) != len(rows):
                    errors.add(f"{where}: '{c['name']}' repeats an id")
        ids[coll] = seen

    for coll, v, where in refs:
        if v not in ids.get(coll, ()):
            errors.add(f"{where}: no {coll} record with id '{v}'")

    # Source ids inside free JSON (scheme rounds) and "src <id>" mentions
    # inside any text; ordinary reference fields were checked above.
    def walk(o, where, in_json):
        if isinstance(o, dict):
            for k, v in o.items():
                if in_json and k in ("source", "also_sources") and \
                        isinstance(v, (str, list)):
                    for x in ([v] if isinstance(v, str) else v):
                        if x not in ids["sources"]:
                            errors.add(f"{where}: '{k}' names unknown source '{x}'")
                walk(v, where, in_json)
        elif isinstance(o, list):
            for x in o:
                walk(x, where, in_json)
        elif isinstance(o, str):
            for grp in SRC_MENTION_RE.findall(o):
                for x in grp.split(", "):
                    if x not in ids["sources"]:
                        errors.add(f"{where}: text mentions unknown source 'src {x}'")
    for d in descs:
        json_fields = {f["name"] for f in d["fields"] if f["type"] == "FT_JSON"}
        for rec in out[d["collection"]]:
            for k, v in rec.items():
                walk(v, f"{d['collection']}:{rec.get('id')} field '{k}'",
                     k in json_fields)

    # Everything in the dataset is present under the same id.
    for key in ds:
        if key not in ID_COLLECTIONS and key not in OTHER_TOP_KEYS:
            errors.add(f"dataset: collection '{key}' is not mapped")
    for key, coll in ID_COLLECTIONS.items():
        for r in ds.get(key, []):
            if r["id"] not in ids[coll]:
                errors.add(f"dataset {key}:{r['id']} is missing from {coll}")
    links = {(l["from"], l["to"], l["kind"]) for l in out["links"]}
    for l in ds.get("links", []):
        if (l["from"], l["to"], l["kind"]) not in links:
            errors.add(f"dataset link {l['from']} -> {l['to']} is missing")

    # A measure's focus area belongs to the measure's own strategy.
    fa_strategy = {f["id"]: f.get("strategy") for f in out["focus-areas"]}
    for m in out["measures"]:
        fa = m.get("focus_area")
        if fa in fa_strategy and fa_strategy[fa] != m.get("strategy"):
            errors.add(f"measures:{m.get('id')}: focus area '{fa}' belongs to "
                       f"strategy '{fa_strategy[fa]}', not '{m.get('strategy')}'")

    # Strategy completeness is derived from the registered measures.
    for s in ds["strategies"]:
        c = s.get("completeness")
        if c is None:
            continue
        ms = [m for m in ds["measures"] if m["strategy"] == s["id"]]
        unconf = sum(1 for m in ms if m.get("certainty") == "unconfirmed")
        ident = len(ms) - unconf
        if c.get("identified") != ident:
            errors.add(f"strategies:{s['id']}: completeness.identified is "
                       f"{c.get('identified')} but the dataset has {ident} "
                       f"measures that are not unconfirmed")
        if c.get("unconfirmed_extra", 0) != unconf:
            errors.add(f"strategies:{s['id']}: completeness.unconfirmed_extra "
                       f"is {c.get('unconfirmed_extra', 0)} but the dataset has "
                       f"{unconf} unconfirmed measures")
        if "announced" in c and c["announced"] != s.get("n_measures_announced"):
            errors.add(f"strategies:{s['id']}: completeness.announced "
                       f"({c['announced']}) differs from n_measures_announced "
                       f"({s.get('n_measures_announced')})")


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: seed-from-domain.py DATASET.json "
                         "SEED-INPUTS.json > data/seed.json\n")
        return 2
    errors = Errors()
    try:
        descs = parse_entity_c(ENTITY_C)
    except (OSError, ValueError, KeyError, IndexError, AttributeError) as e:
        sys.stderr.write(f"seed-from-domain: cannot read descriptors from "
                         f"{ENTITY_C}: {e}\n")
        return 1
    try:
        with open(argv[1], encoding="utf-8") as f:
            ds = json.load(f)
        with open(argv[2], encoding="utf-8") as f:
            curated = json.load(f)
    except (OSError, ValueError) as e:
        sys.stderr.write(f"seed-from-domain: {e}\n")
        return 1
    if not isinstance(curated, list):
        sys.stderr.write(f"seed-from-domain: {argv[2]} must be a JSON array "
                         f"of input records\n")
        return 1

    out = Mapper(ds, descs, errors).run()
    for i, rec in enumerate(curated):
        if not isinstance(rec, dict):
            errors.add(f"{argv[2]}: item {i} is not an object")
            continue
        out["inputs"].append(rec)

    doc = {"format": FORMAT, "version": VERSION}
    for d in descs:
        doc[d["collection"]] = [shape(d, r, f"{d['collection']}:{r.get('id')}",
                                      errors) for r in out[d["collection"]]]
    check_all(descs, doc, ds, errors)

    if errors:
        sys.stderr.write(f"seed-from-domain: {len(errors.items)} error(s); "
                         f"nothing written\n")
        for e in errors.items:
            sys.stderr.write("  " + e + "\n")
        return 1
    text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    sys.stdout.buffer.write(text.encode("utf-8"))
    counts = ", ".join(f"{d['collection']} {len(doc[d['collection']])}"
                       for d in descs)
    sys.stderr.write(f"seed-from-domain: ok: {counts}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
