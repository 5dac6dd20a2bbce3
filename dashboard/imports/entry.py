"""One definition of a valid imported entry, used when a file is accepted and when a store returns.

A session's imports live in the browser (a dcc.Store), so every request brings them back and they
may have been forged. `normalise_entry(entry, domains)` answers the entry as this server would have
written it, or a French reason naming what is wrong; dashboard/imports/check.py passes every freshly
read file through it too, so a file is accepted only if its entry would also be accepted when it
comes back. Ids are derived here (a strict ASCII slug, or a digest when the label has no letter),
never taken from the store; texts follow import_rules.text_problem (lengths, formulas, markup, only
http(s) addresses); numbers stay within import_rules.MAX_MAGNITUDE.

An indicator's values are `[region, value]` (the value of the indicator's year) or, in a file
holding several years, `[region, value, year]`; the indicator's year (`annee`) is derived here:
the latest year with the comparison rules' coverage (`current_year`), never taken from the store.
Stores written before several years existed hold pairs only and are read unchanged.
"""

from __future__ import annotations

import hashlib
import math
import re

from dashboard.imports import rules
from dashboard.comparison_rules import current_year as comparable_year
from dashboard.data.schema import ALL_CODES, PROFILES, REGION_CODES

PERCEPTION, INDICATOR = "perception", "indicateur"
NAME_MAX = 120
META_KEYS = ("id", "libelle", "domaine", "unite", "annee", "source", "url", "sens", "definition",
             "licence")
TEXT_LIMITS = {"libelle": 200, "unite": 80, "source": 500, "definition": 500, "licence": 500}
OPTIONAL_TEXTS = ("definition", "licence")
SAMPLE_MAX = 100_000_000      # nobody surveys more people than that
SPREAD_MAX = 10.0             # a standard deviation of 0-10 scores cannot exceed 10


def clean_name(name) -> str:
    """A file name safe to show anywhere (page, chart, export): no markup or control characters,
    no leading formula sign, at most NAME_MAX characters; « fichier » when nothing is left."""
    text = re.sub(r"[\x00-\x1f\x7f<>&\"]", "", str(name) if isinstance(name, str) else "")
    text = text.strip().lstrip("=+-@").strip()[:NAME_MAX].strip()
    return text or "fichier"


def slug(text: str) -> str:
    """« Taux de pauvreté (%) » -> « taux_de_pauvrete »: ASCII letters, digits and « _ » only."""
    return re.sub(r"[^a-z0-9]+", "_", rules.fold(text)).strip("_")


def indicator_id(label: str, year: int) -> str:
    """`import_<slug>_<year>`, or `import_<digest>_<year>` when the label has no ASCII letter."""
    short = slug(label)[:40].strip("_")
    if not short:
        short = "x" + hashlib.sha256(str(label).encode("utf-8")).hexdigest()[:12]
    return f"import_{short}_{int(year)}"



def normalise_entry(entry, domains=None) -> tuple[dict | None, str | None]:
    """(the entry as this server writes it, None) or (None, what is wrong, in French)."""
    if not isinstance(entry, dict):
        return None, "ce n'est pas un fichier importé."
    name = entry.get("nom")
    if not isinstance(name, str) or clean_name(name) != name:
        return None, "son nom de fichier est vide ou contient des caractères interdits."
    if entry.get("type") == PERCEPTION and set(entry) == {"nom", "type", "lignes"}:
        return _perception(entry, domains)
    if entry.get("type") == INDICATOR and set(entry) == {"nom", "type", "indicateur", "valeurs"}:
        return _indicator(entry, domains)
    return None, "son contenu ne correspond à aucun des deux modèles d'import."


def _perception(entry: dict, domains) -> tuple[dict | None, str | None]:
    rows = entry["lignes"]
    if not isinstance(rows, list) or not rows:
        return None, "il ne contient aucune ligne de résultats."
    checked, keys = [], set()
    for position, row in enumerate(rows, start=1):
        row = _perception_row(row, domains)
        if row is None:
            return None, f"sa ligne de résultats n° {position} n'est pas valide."
        if tuple(row[:4]) in keys:
            return None, f"sa ligne de résultats n° {position} est en double."
        keys.add(tuple(row[:4]))
        checked.append(row)
    return {"nom": entry["nom"], "type": PERCEPTION, "lignes": checked}, None


def _perception_row(row, domains) -> list | None:
    """[region, domain, profile, year, score, n, ecart_type]; stores written before ecart_type
    existed hold 6 items and are read with ecart_type None."""
    if not isinstance(row, list) or len(row) not in (6, 7):
        return None
    region, domain, profile, year, score, n = row[:6]
    spread = row[6] if len(row) == 7 else None
    ok = (isinstance(region, str) and region in ALL_CODES and _domain(domain, domains)
          and isinstance(profile, str) and profile in PROFILES and _year(year)
          and _number(score) and 0 <= score <= 10
          and (n is None or (_integer(n) and 1 <= n <= SAMPLE_MAX))
          and (spread is None or (_number(spread) and 0 <= spread <= SPREAD_MAX)))
    if not ok:
        return None
    return [region, domain, profile, int(year), float(score), None if n is None else int(n),
            None if spread is None else float(spread)]


def _indicator(entry: dict, domains) -> tuple[dict | None, str | None]:
    meta, values = entry["indicateur"], entry["valeurs"]
    if not isinstance(meta, dict) or set(meta) != set(META_KEYS):
        return None, "la description de son indicateur est incomplète."
    for key, limit in TEXT_LIMITS.items():
        problem = rules.text_problem(meta[key], limit, required=key not in OPTIONAL_TEXTS)
        if problem:
            return None, f"{rules.METADATA_NAMES[key]} : {problem}"
    url_problem = rules.url_problem(meta["url"])
    if url_problem:
        return None, f"url : {url_problem}"
    if not _domain(meta["domaine"], domains):
        return None, "le domaine de son indicateur est inconnu."
    if not (_year(meta["annee"]) and isinstance(meta["sens"], bool)):
        return None, "l'année ou le sens de son indicateur n'est pas valide."
    if not isinstance(values, list) or not values:
        return None, "son indicateur n'a aucune valeur."
    for item in values:
        if not (isinstance(item, list) and len(item) in (2, 3) and isinstance(item[0], str)
                and item[0] in ALL_CODES and _number(item[1]) and (len(item) == 2 or _year(item[2]))):
            return None, "une valeur de son indicateur n'est pas valide."
        if abs(item[1]) > rules.MAX_MAGNITUDE:
            return None, f"une valeur de son indicateur dépasse {rules.MAGNITUDE_TEXT} en valeur absolue."
    triples = [[code, float(value), year] for code, value, year in dated_values(values, meta["annee"])]
    if len({(code, year) for code, _, year in triples}) != len(triples):
        return None, "son indicateur a deux valeurs pour une même région et une même année."
    year, pairs = series_values(triples)
    clean = {**meta, "annee": year, "id": indicator_id(meta["libelle"], year)}
    return {"nom": entry["nom"], "type": INDICATOR, "indicateur": clean, "valeurs": pairs}, None


def dated_values(values, year) -> list[tuple[str, float, int]]:
    """(region, value, year) of an entry's stored values: `[region, value]` is of the indicator's
    `year`, `[region, value, year]` of the year it says (series_values' two forms)."""
    return [(item[0], item[1], int(item[2]) if len(item) == 3 else int(year)) for item in values]


def current_year(triples) -> int:
    """The indicator's year: the latest year with a value for at least MIN_REGIONS_COMPARABLE of the
    13 regions, else the latest year: the comparison rules' `current_year`, as for data/'s series."""
    regions: dict[int, set] = {}
    for code, _, year in triples:
        regions.setdefault(int(year), set())
        if code in REGION_CODES:
            regions[int(year)].add(code)
    return comparable_year({year: len(codes) for year, codes in regions.items()})


def series_values(triples) -> tuple[int, list]:
    """(the indicator's year, its values as stored): `[region, value]` pairs when every value is
    of one year (the format of one-year files, unchanged), else `[region, value, year]`, sorted by
    year then in file order."""
    year = current_year(triples)
    if all(int(y) == year for _, _, y in triples):
        return year, [[code, float(value)] for code, value, _ in triples]
    ordered = sorted(triples, key=lambda t: int(t[2]))   # stable: file order within a year
    return year, [[code, float(value), int(y)] for code, value, y in ordered]


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _integer(value) -> bool:
    return _number(value) and float(value).is_integer()


def _year(value) -> bool:
    return _integer(value) and rules.YEAR_RANGE[0] <= value <= rules.YEAR_RANGE[1]


def _domain(value, domains) -> bool:
    return isinstance(value, str) and (domains is None or value in domains) and bool(value)
