"""The extra-indicator template: a block of metadata lines, then a « region ; valeur » table.

```
libellé ; Part des 18-24 ans sans diplôme
domaine ; Éducation
unité ; % des 18-24 ans
année ; 2022
source ; Observatoire des partenariats
url ; https://…                              (facultatif)
plus élevé = plus fragile ; oui
définition ; …                              (facultatif)
licence ; …                                 (facultatif)

region ; valeur
Bretagne ; 12,5
…
```

An optional « annee » column holds several years in one file (one line per region and year, each
pair once): the values become a series, as the bundled ones (dashboard/analysis/series.py); a line without
a year takes the metadata's. Without the column, the metadata year applies to every value.
"""

from __future__ import annotations

from dashboard.imports import rules
from dashboard.imports.check import (
    INDICATOR,
    INDICATOR_COLUMNS,
    INDICATOR_OPTIONAL,
    METADATA_OPTIONAL,
    METADATA_REQUIRED,
    METADATA_SPELLING,
    _Check,
    header_key,
    indicator_summary,
    metadata_key,
)
from dashboard.imports.entry import TEXT_LIMITS, indicator_id, series_values
from dashboard.imports.rules import quoted
from dashboard.data.schema import FRANCE

TEXT_LIMIT = 500


class IndicatorCheck(_Check):
    kind = INDICATOR

    def check(self):
        meta = self.read_metadata()
        if self.header_at >= len(self.table.rows):
            self.problems.append("le tableau des valeurs manque sous les métadonnées (attendu : "
                                 "une ligne d'en-tête « region ; valeur » puis une ligne par région).")
            return None, ""
        if not self.read_header(INDICATOR_COLUMNS, INDICATOR_OPTIONAL):
            return None, ""
        by_year = "annee" in self.columns
        values, seen, absent = [], {}, 0
        for number, cells in self.data_rows():
            region, ok = self.cell(number, cells, "region", self.vocabulary.region)
            year, year_ok = (meta.get("annee"), True) if not by_year else self.cell(
                number, cells, "annee", self._year_or(meta.get("annee")))
            text = cells[self.columns["valeur"]]
            if rules.is_missing(text):
                absent += 1
                continue
            value, value_ok = self.cell(number, cells, "valeur", _value)
            if not (ok and value_ok and year_ok) or year is None:
                continue
            if (region, year) in seen:
                name = self.vocabulary.region_names[region]
                self.problems.append(
                    f"ligne {number} : doublon de la ligne {seen[region, year]} (la région {name} a "
                    + (f"déjà une valeur pour {year} ; une seule ligne par région et par année)."
                       if by_year else "déjà une valeur)."))
                continue
            seen[region, year] = number
            values.append([region, value, year])
        if not values and not self.problems and not self.formulas:
            self.problems.append("aucune valeur dans le tableau (attendu : au moins une région "
                                 "avec un nombre dans la colonne valeur).")
        if absent:
            what = "ligne" if by_year else "région"
            self.notes.append(f"{absent} {what}{'s' if absent > 1 else ''} sans valeur : "
                              "« donnée non disponible ».")
        if self.problems or self.formulas:   # formula cells are listed by run(), with their place
            return None, ""
        meta["annee"], stored = series_values(values)
        current = [code for code, _, year in values if year == meta["annee"] and code != FRANCE]
        if len(current) < 3:
            self.notes.append("Moins de 3 régions ont une valeur : pas de rang ni d'indice calculé.")
        meta["id"] = indicator_id(meta["libelle"], meta["annee"])
        entry = {"nom": self.filename, "type": INDICATOR, "indicateur": meta, "valeurs": stored}
        return entry, indicator_summary(meta, stored, self.vocabulary.domain_labels)

    @staticmethod
    def _year_or(default):
        """The « annee » cell: a year, or empty for the metadata year (when there is one)."""
        def resolve(text: str):
            if rules.is_missing(text) and default is not None:
                return default, None
            if rules.is_missing(text):
                return None, ("année manquante (attendu : une année sur quatre chiffres, ou la "
                              "métadonnée « année » au-dessus du tableau pour les lignes sans année).")
            return rules.year(text)
        return resolve

    def read_metadata(self) -> dict:
        meta, lines = {}, {}
        year = rules.year
        if self._year_column():   # the metadata year is then only the default of lines without one
            year = lambda text: (None, None) if rules.is_missing(text) else rules.year(text)  # noqa: E731
        resolvers = {"domaine": self.vocabulary.domain, "annee": year, "sens": rules.yes_no,
                     "url": _url}
        for number, cells in self.table.rows[:self.header_at]:
            key = metadata_key(cells[0])
            if key is None:
                allowed = ", ".join(METADATA_SPELLING[k] for k in METADATA_REQUIRED + METADATA_OPTIONAL)
                self.problems.append(f"ligne {number}, colonne A : métadonnée {quoted(cells[0], 40)} "
                                     f"inconnue (attendu : {allowed}).")
                continue
            if key in lines:
                self.problems.append(f"ligne {number} : la métadonnée « {METADATA_SPELLING[key]} » est "
                                     f"déjà donnée ligne {lines[key]}.")
                continue
            lines[key] = number
            text = cells[1] if len(cells) > 1 else ""
            if (number, 1) in self.formulas:   # said by run(); the key is known, its value is not
                meta[key] = None
                continue
            if len(cells) > 2 and any(cells[2:]):
                self.problems.append(f"ligne {number} : une seule valeur attendue pour la métadonnée "
                                     f"« {METADATA_SPELLING[key]} », en colonne B.")
            value, problem = resolvers.get(key, _text_for(key))(text)
            if problem:
                self.problems.append(f"ligne {number}, colonne B ({METADATA_SPELLING[key]}) : {problem}")
            meta[key] = value
        for key in METADATA_REQUIRED:
            if key == "annee" and self._year_column():
                continue   # each line says its year; the metadata's is only the default
            if key not in lines:
                self.problems.append(f"métadonnée « {METADATA_SPELLING[key]} » absente (attendu : une "
                                     f"ligne « {METADATA_SPELLING[key]} » au-dessus du tableau des "
                                     "valeurs, la valeur en colonne B).")
        for key in METADATA_OPTIONAL:
            meta.setdefault(key, "")
        return meta


    def _year_column(self) -> bool:
        """Whether the table's header (not yet read) has an « annee » column."""
        if self.header_at >= len(self.table.rows):
            return False
        return any(header_key(c) == "annee" for c in self.table.rows[self.header_at][1])


def _value(text: str):
    number = rules.parse_number(text)
    if number is None:
        return None, f"{quoted(text)} n'est pas un nombre (attendu : une valeur comme 12,5 ou une case vide)."
    if abs(number) > rules.MAX_MAGNITUDE:
        return None, (f"la valeur {quoted(text)} dépasse {rules.MAGNITUDE_TEXT} en valeur absolue : "
                      "vérifiez l'unité (milliers, millions…) ou une faute de frappe.")
    return number, None


def _url(text: str):
    if rules.is_missing(text):
        return "", None
    problem = rules.url_problem(text)
    return (None, problem) if problem else (text, None)


def _text_for(key: str):
    limit = TEXT_LIMITS.get(key, TEXT_LIMIT)

    def resolve(text: str):
        if not text.strip():
            if key in METADATA_REQUIRED:
                return None, f"valeur manquante (attendu : {METADATA_SPELLING[key]} de l'indicateur)."
            return "", None
        text = text.strip()
        problem = rules.text_problem(text, limit, required=key in METADATA_REQUIRED)
        return (None, problem) if problem else (text, None)
    return resolve
