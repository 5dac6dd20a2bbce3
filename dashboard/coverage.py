"""What the data covers, domain by domain: objective values, domain indices, perception.

    python -m dashboard.coverage [--data-dir DOSSIER]

Prints one line per domain (in data/domains.csv order): how many of the 13 regions have at least
one objective value and how many have a domain index, the provenance kinds (with their number of
regions) and reference years of those values, and what perception data exists for the domain
(published by a survey, and for where; imported; illustrative; or none). The last line is

    domains_with_official_13_regions=N/16

N being the number of domains in which each of the 13 regions has at least one value of kind
« officiel ». On invalid data the French problems go to stderr and the exit status is 1.

The pure part, coverage_frame(model), returns one row per domain and is what the tests check.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from dashboard.indicators import MIN_REGIONS_FOR_Z
from dashboard.schema import (
    FRANCE,
    KIND_ILLUSTRATIVE,
    KIND_IMPORTED,
    KIND_OFFICIAL,
    KIND_PUBLISHED,
    KIND_REPORT,
    PERCEPTION_PREFERENCE,
    PROFILE_LABELS,
    REGION_CODES,
)

OBJECTIVE_KIND_ORDER = (KIND_OFFICIAL, KIND_REPORT, KIND_IMPORTED, KIND_ILLUSTRATIVE)
PERCEPTION_WORDS = {KIND_IMPORTED: "importée", KIND_PUBLISHED: "publiée",
                    KIND_ILLUSTRATIVE: "illustrative"}
NO_PERCEPTION = "absente"
SUMMARY_KEY = "domains_with_official_13_regions"

COLUMNS = ["domain_id", "label_fr", "family", "regions_with_value", "regions_with_index",
           "regions_official", "provenance", "kinds", "years", "perception_kinds",
           "perception_published_in", "perception"]


def _ordered(kinds, order) -> list[str]:
    kinds = set(kinds)
    return [k for k in order if k in kinds] + sorted(kinds - set(order))


def _regions_phrase(codes, names: dict[str, str]) -> str:
    """« 13 régions », « 1 région », « France métropolitaine », « 2 régions et France métropolitaine »."""
    codes = set(codes)
    count = len(codes & set(REGION_CODES))
    parts = [f"{count} région{'s' if count > 1 else ''}"] if count else []
    if FRANCE in codes:
        parts.append(names.get(FRANCE, FRANCE))
    return " et ".join(parts)


def _published_detail(rows: pd.DataFrame, names: dict[str, str]) -> str:
    """« France métropolitaine (citoyens 2015, 2019), Nouvelle-Aquitaine (entreprises, année non précisée) »."""
    places = []
    order = {code: i for i, code in enumerate((FRANCE,) + REGION_CODES)}
    for code in sorted(set(rows["region_code"]), key=lambda c: order.get(c, len(order))):
        here = rows[rows["region_code"] == code]
        profiles = []
        for profile in sorted(set(here["profile"]), key=lambda p: list(PROFILE_LABELS).index(p)
                              if p in PROFILE_LABELS else len(PROFILE_LABELS)):
            years = here.loc[here["profile"] == profile, "year"]
            known = sorted({int(y) for y in years.dropna()})
            text = ", ".join(str(y) for y in known)
            if years.isna().any():
                text = ", ".join(t for t in (text, "année non précisée") if t)
            label = PROFILE_LABELS.get(profile, profile).lower()
            profiles.append(f"{label} {text}" if known else f"{label}, {text}")
        places.append(f"{names.get(code, code)} ({' ; '.join(profiles)})")
    return ", ".join(places)


def coverage_frame(model) -> pd.DataFrame:
    """One row per domain (file order) describing what the Model's data covers.

    Columns: domain_id, label_fr, family; regions_with_value (of the 13 regions, how many have at
    least one objective value in the domain), regions_with_index (how many have a domain index),
    regions_official (how many have at least one value of kind « officiel »); provenance (text:
    each kind with its number of regions), kinds, years (texts, comma-separated); perception_kinds
    (kinds of the perception rows of the domain, any profile), perception_published_in (region
    codes, FRM included, with a published score) and perception (French text, « absente » when the
    domain has no perception row).
    """
    bundle = model.bundle
    names = dict(model.region_names)
    catalogue = bundle.indicators.drop_duplicates("id", keep="first")
    catalogue = catalogue[["id", "domain_id", "kind", "year"]]
    values = bundle.values[bundle.values["region_code"].isin(REGION_CODES)
                           & bundle.values["value"].notna()]
    values = values.merge(catalogue.rename(columns={"id": "indicator_id"}), on="indicator_id",
                          how="inner")
    index = model.index
    perception = bundle.perception[bundle.perception["score"].notna()]

    rows = []
    for domain in bundle.domains.itertuples():
        here = values[values["domain_id"] == domain.id]
        regions_by_kind = here.groupby("kind")["region_code"].nunique().to_dict()
        kinds = _ordered(regions_by_kind, OBJECTIVE_KIND_ORDER)
        cells = index[index["domain_id"] == domain.id]
        felt = perception[perception["domain_id"] == domain.id]
        felt_kinds = _ordered(felt["kind"], PERCEPTION_PREFERENCE)
        published = felt[felt["kind"] == KIND_PUBLISHED]
        phrases = []
        for kind in felt_kinds:
            of_kind = felt[felt["kind"] == kind]
            where = (_published_detail(of_kind, names) if kind == KIND_PUBLISHED
                     else _regions_phrase(of_kind["region_code"], names))
            phrases.append(f"{PERCEPTION_WORDS.get(kind, kind)} : {where}")
        rows.append({
            "domain_id": domain.id,
            "label_fr": domain.label_fr,
            "family": domain.family,
            "regions_with_value": int(here["region_code"].nunique()),
            "regions_with_index": int(cells.loc[cells["index"].notna(), "region_code"].nunique()),
            "regions_official": int(regions_by_kind.get(KIND_OFFICIAL, 0)),
            "provenance": ", ".join(f"{k} {regions_by_kind[k]}" for k in kinds),
            "kinds": ", ".join(kinds),
            "years": ", ".join(str(y) for y in sorted({int(y) for y in here["year"]})),
            "perception_kinds": ", ".join(felt_kinds),
            "perception_published_in": ", ".join(sorted(set(published["region_code"]))),
            "perception": " · ".join(phrases) if phrases else NO_PERCEPTION,
        })
    return pd.DataFrame(rows, columns=COLUMNS)


def domains_with_official_everywhere(frame: pd.DataFrame) -> int:
    """How many domains have a value of kind « officiel » for each of the 13 regions."""
    return int((frame["regions_official"] == len(REGION_CODES)).sum())


def summary_line(frame: pd.DataFrame) -> str:
    return f"{SUMMARY_KEY}={domains_with_official_everywhere(frame)}/{len(frame)}"


def render(frame: pd.DataFrame, data_dir: Path | str | None = None) -> str:
    """The aligned French table, a short legend, then the summary line (last)."""
    total = len(REGION_CODES)
    dash = "—"
    headers = ["Domaine", "Famille", "Valeurs", "Indice", "Provenance (régions)", "Années", "Perception"]
    body = [[r.label_fr, r.family, f"{r.regions_with_value}/{total}", f"{r.regions_with_index}/{total}",
             r.provenance or dash, r.years or dash, r.perception] for r in frame.itertuples()]
    widths = [max(len(row[i]) for row in [headers] + body) for i in range(len(headers))]
    right = {2, 3}  # counts are right-aligned

    def line(cells: list[str]) -> str:
        out = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return "  ".join(out[:-1] + [cells[-1]]).rstrip()  # the last column is not padded

    title = f"Couverture des données par domaine ({len(frame)} domaines, {total} régions métropolitaines)"
    lines = [title + (f" : {data_dir}" if data_dir else ""), ""]
    lines.append(line(headers))
    lines.append("  ".join("-" * w for w in widths))
    lines += [line(row) for row in body]
    official = domains_with_official_everywhere(frame)
    legend = [
        ("Valeurs : régions ayant au moins une valeur objective dans le domaine ; Indice : régions "
         "ayant un indice de domaine (un indicateur n'a de score qu'à partir de "
         f"{MIN_REGIONS_FOR_Z} régions renseignées)."),
        ("Provenance : type de source et nombre de régions couvertes (officiel = statistique "
         "publique, rapport-2020 = tableau du rapport Le RAMEAU 2020)."),
        ("Perception : publiée (chiffres publiés par les enquêtes, et pour quel territoire), "
         "importée, illustrative (valeurs fictives de démonstration) ou absente."),
        f"Domaines où les {total} régions ont une valeur officielle : {official} sur {len(frame)}.",
    ]
    lines += [
        "",
        *legend,
        summary_line(frame),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.coverage",
        description="Couverture des données d'IMPACT-Territoires, domaine par domaine.")
    parser.add_argument("--data-dir", help="dossier des données (par défaut : IMPACT_DATA_DIR ou data/)")
    args = parser.parse_args(argv)

    from dashboard import config
    from dashboard.loading import load_bundle
    from dashboard.model import build_model
    from dashboard.validation import DataValidationError

    data_dir = Path(args.data_dir) if args.data_dir else config.data_dir()
    try:
        bundle = load_bundle(data_dir)
    except DataValidationError as error:
        print(f"Données invalides dans {data_dir} :", file=sys.stderr)
        for problem in error.problems:
            print(f"- {problem}", file=sys.stderr)
        return 1
    print(render(coverage_frame(build_model(bundle)), data_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
