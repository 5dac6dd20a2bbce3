"""Check an imported file's table against its template and normalise it; every problem listed at once.

`check_file(content, filename, vocabulary)` (dashboard/imports/intake.py) reads the file, recognises
the template here (`recognise`: survey results or an extra indicator), checks every cell with this
module's PerceptionCheck or dashboard/imports/indicator.py's IndicatorCheck (cells: dashboard/imports/rules.py)
and answers a CheckResult: the French problems (at most MAX_MESSAGES) or, when there is none, the
normalised entry that a session's store (or the start-up extras) holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dashboard.imports import rules
from dashboard.imports.entry import INDICATOR, PERCEPTION, dated_values
from dashboard.imports.files import Table
from dashboard.imports.rules import column_letter, quoted, squash
from dashboard.data.schema import FRANCE, PROFILE_LABELS, PROFILES
from dashboard.data.validation import MAX_MESSAGES

PERCEPTION_REQUIRED = ("region", "domaine", "profil", "annee", "note")
PERCEPTION_OPTIONAL = ("effectif", "ecart_type")
INDICATOR_COLUMNS = ("region", "valeur")
INDICATOR_OPTIONAL = ("annee",)      # several years in one file: one line per region and year
METADATA_REQUIRED = ("libelle", "domaine", "unite", "annee", "source", "sens")
METADATA_OPTIONAL = ("url", "definition", "licence")
METADATA_ALIASES = {"intitule": "libelle", "indicateur": "libelle", "lien": "url",
                    "sourceurl": "url", "license": "licence", "unites": "unite"}
METADATA_SPELLING = {"libelle": "libellé", "domaine": "domaine", "unite": "unité", "annee": "année",
                     "source": "source", "sens": "plus élevé = plus fragile", "url": "url",
                     "definition": "définition", "licence": "licence"}
HEADER_PLURALS = {"regions", "domaines", "profils", "annees", "notes", "effectifs", "valeurs",
                  "ecarttypes"}
HEADER_ALIASES = {"ecarttype": "ecart_type", "sd": "ecart_type"}
UNKNOWN_TEMPLATE = (
    "en-tête non reconnu{where} (lu : {seen}). Attendu : pour des résultats d'enquête, les colonnes "
    "region, domaine, profil, annee, note, effectif et ecart_type ; pour un indicateur, les lignes de "
    "métadonnées (libellé, domaine, unité, année, source, url, plus élevé = plus fragile) puis les "
    "colonnes region et valeur (et annee pour plusieurs années). Partez d'un modèle de la page « Importer des données ».")


@dataclass(frozen=True)
class CheckResult:
    kind: str | None
    problems: tuple[str, ...]
    entry: dict | None = None           # JSON-ready normalised content, None when problems
    summary: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)   # what was ignored, said plainly
    description: str = ""               # how the file was read: « CSV (UTF-8, séparateur …) »

    @property
    def valid(self) -> bool:
        return not self.problems


def capped(problems: list[str]) -> tuple[str, ...]:
    if len(problems) <= MAX_MESSAGES:
        return tuple(problems)
    extra = len(problems) - MAX_MESSAGES
    return tuple(problems[:MAX_MESSAGES]) + (
        (f"… et {extra} autre{'s' if extra > 1 else ''} problème{'s' if extra > 1 else ''} "
        "(corrigez ceux-ci, puis importez de nouveau le fichier)."),)


def recognise(table: Table) -> tuple[str | None, int]:
    """(template, position of its column header among the rows); (None, 0) when unknown."""
    perception_columns = set(PERCEPTION_REQUIRED + PERCEPTION_OPTIONAL) - {"region"}
    for position, (_, cells) in enumerate(table.rows[:12]):
        names = {header_key(c) for c in cells}
        metadata_above = any(metadata_key(row[0]) for _, row in table.rows[:position])
        perception = names & perception_columns
        if metadata_above and names & set(INDICATOR_COLUMNS):
            return INDICATOR, position
        if "region" in names or len(perception) >= 2:
            # « region ; annee ; valeur » is an indicator's table (its metadata missing), not a survey
            survey = perception - {"annee"} if "valeur" in names else perception
            return (PERCEPTION if survey else INDICATOR), position
        if "valeur" in names:
            return INDICATOR, position
    if metadata_key(table.rows[0][1][0]):   # a metadata block, then no recognisable header
        after = [i for i, (_, cells) in enumerate(table.rows) if not metadata_key(cells[0])]
        return INDICATOR, after[0] if after else len(table.rows)
    return None, 0


def header_key(text: str) -> str:
    key = squash(text)
    key = key[:-1] if key in HEADER_PLURALS else key
    return HEADER_ALIASES.get(key, key)


def metadata_key(text: str) -> str | None:
    key = squash(text)
    key = METADATA_ALIASES.get(key, key)
    if key.startswith("sens") or "plusfragile" in key:
        return "sens"
    return key if key in METADATA_REQUIRED + METADATA_OPTIONAL else None


class _Check:
    """Shared walk over a table: header positions, problems with row and column, formulas."""

    kind = ""

    def __init__(self, table: Table, header_at: int, filename: str, vocabulary: rules.Vocabulary):
        self.table, self.header_at, self.filename, self.vocabulary = table, header_at, filename, vocabulary
        self.problems: list[str] = []
        self.notes: list[str] = []
        self.formulas = set(table.formulas)
        self.columns: dict[str, int] = {}
        self.headers: tuple[str, ...] = ()

    def run(self) -> CheckResult:
        entry, summary = self.check()
        self.problems += [f"{self.where(number, index)} : la cellule contient une formule (attendu : "
                          "une valeur ; copiez les cellules puis « Collage spécial > Valeurs »)."
                          for number, index in sorted(self.formulas)]
        self.problems.sort(key=_row_of)  # stable: in file order, file-wide problems first
        if self.problems:
            return CheckResult(self.kind, capped(self.problems), description=self.table.description)
        return CheckResult(self.kind, (), entry, summary, tuple(self.notes), self.table.description)

    def where(self, number: int, index: int | None = None) -> str:
        if index is None:
            return f"ligne {number}"
        header_row = self.table.rows[self.header_at][0] if self.header_at < len(self.table.rows) else 0
        below = number > header_row   # a column's name only says something under its header
        name = self.headers[index] if below and index < len(self.headers) and self.headers[index] else ""
        return f"ligne {number}, colonne {column_letter(index)}" + (f" ({name})" if name else "")

    def read_header(self, expected: tuple[str, ...], optional: tuple[str, ...] = ()) -> bool:
        number, cells = self.table.rows[self.header_at]
        self.headers = cells
        before = len(self.problems)
        ignored = []
        for index, cell in enumerate(cells):
            key = header_key(cell)
            if key in expected + optional:
                if key in self.columns:
                    self.problems.append(f"{self.where(number, index)} : la colonne « {key} » "
                                         f"apparaît deux fois dans l'en-tête (déjà en colonne "
                                         f"{column_letter(self.columns[key])}).")
                self.columns.setdefault(key, index)
            elif cell:
                ignored.append(quoted(cell, 30))
        missing = [c for c in expected if c not in self.columns]
        if missing:
            seen = ", ".join(quoted(c, 30) for c in cells if c) or "rien"
            plural = "s" if len(missing) > 1 else ""
            self.problems.append(
                f"ligne {number} : colonne{plural} obligatoire{plural} absente{plural} de l'en-tête : "
                f"{', '.join(missing)} (en-tête lu : {seen} ; attendu : "
                f"{', '.join(expected + optional)}).")
        if ignored:
            self.notes.append(f"Colonnes ignorées : {', '.join(ignored)}.")
        return len(self.problems) == before

    def data_rows(self):
        """(row number, cells) under the header; a row with too many filled cells is reported."""
        width = len(self.headers)
        for number, cells in self.table.rows[self.header_at + 1:]:
            if len(cells) > width:   # Excel pads every line alike: a longer one was misread
                self.problems.append(
                    f"ligne {number} : {len(cells)} valeurs pour {width} colonnes (un séparateur en "
                    "trop ? Si la virgule sépare les colonnes, écrivez les nombres décimaux entre "
                    "guillemets ou séparez les colonnes par des points-virgules).")
                continue
            yield number, cells + ("",) * (width - len(cells))

    def cell(self, number: int, cells, column: str, resolve):
        """resolve(text) -> (value, problem); the problem gets the row and column in front."""
        index = self.columns[column]
        if (number, index) in self.formulas:
            return None, False
        value, problem = resolve(cells[index])
        if problem:
            self.problems.append(f"{self.where(number, index)} : {problem}")
            return None, False
        return value, True

    def check(self) -> tuple[dict | None, str]:
        raise NotImplementedError


class PerceptionCheck(_Check):
    kind = PERCEPTION

    def check(self):
        skipped = self.header_at
        if skipped:
            self.notes.append(f"{skipped} ligne{'s' if skipped > 1 else ''} au-dessus de l'en-tête "
                              "ignorée" + ("s" if skipped > 1 else "") + " (titre, commentaire).")
        if not self.read_header(PERCEPTION_REQUIRED, PERCEPTION_OPTIONAL):
            return None, ""
        rows, seen = [], {}
        resolvers = {"region": self.vocabulary.region, "domaine": self.vocabulary.domain,
                     "profil": rules.profile, "annee": rules.year, "note": rules.score}
        for number, cells in self.data_rows():
            values = {c: self.cell(number, cells, c, resolve) for c, resolve in resolvers.items()}
            n, n_ok = ((None, True) if "effectif" not in self.columns
                       else self.cell(number, cells, "effectif", rules.sample_size))
            spread, spread_ok = ((None, True) if "ecart_type" not in self.columns
                                 else self.cell(number, cells, "ecart_type", rules.std_dev))
            if not (n_ok and spread_ok) or not all(ok for _, ok in values.values()):
                continue
            region, domain, profile, year, score = (values[c][0] for c in resolvers)
            key = (region, domain, profile, year)
            if key in seen:
                self.problems.append(
                    f"ligne {number} : doublon de la ligne {seen[key]} (même région, domaine, profil "
                    f"et année : {self.vocabulary.region_names[region]}, "
                    f"{self.vocabulary.domain_labels[domain]}, {profile}, {year}).")
                continue
            seen[key] = number
            rows.append([region, domain, profile, year, score, n, spread])
        if not rows and not self.problems and not self.formulas:
            self.problems.append("aucune ligne de données sous l'en-tête (le fichier ne contient "
                                 "que les noms des colonnes).")
        entry = {"nom": self.filename, "type": PERCEPTION, "lignes": rows}
        return entry, perception_summary(rows)


def perception_summary(rows: list) -> str:
    regions = {r[0] for r in rows}
    domains = {r[1] for r in rows}
    profiles = [PROFILE_LABELS[p].lower() for p in PROFILES if p in {r[2] for r in rows}]
    years = sorted({r[3] for r in rows})
    return (f"résultats d'enquête : {_count(len(rows), 'ligne')} ({_count(len(regions), 'région')}, "
            f"{_count(len(domains), 'domaine')}, profil{'s' if len(profiles) > 1 else ''} "
            f"{', '.join(profiles)}, année{'s' if len(years) > 1 else ''} "
            f"{', '.join(map(str, years))})")


def indicator_summary(meta: dict, values: list, domain_labels: dict[str, str]) -> str:
    years = sorted({year for _, _, year in dated_values(values, meta["annee"])})
    regional = len({v[0] for v in values if v[0] != FRANCE})
    france = " et la France métropolitaine" if any(v[0] == FRANCE for v in values) else ""
    when = str(meta["annee"])
    if len(years) > 1:
        when = (f"{len(years)} années de {years[0]} à {years[-1]}, valeur courante {meta['annee']}")
    return (f"indicateur « {meta['libelle']} » (domaine {domain_labels.get(meta['domaine'], '?')}, "
            f"{when}) : {_count(regional, 'région')}{france}")


def entry_summary(entry: dict, domain_labels: dict[str, str]) -> str:
    """One French line saying what a checked file brings."""
    if entry["type"] == PERCEPTION:
        return perception_summary(entry["lignes"])
    return indicator_summary(entry["indicateur"], entry["valeurs"], domain_labels)


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' if number > 1 else ''}"


def _row_of(problem: str) -> int:
    match = re.match(r"ligne (\d+)", problem)
    return int(match.group(1)) if match else 0
