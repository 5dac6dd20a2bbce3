"""What the data covers, domain by domain: objective values, domain indices, perception.

    python -m dashboard.coverage [--data-dir DOSSIER]

Prints one line per domain (in data/domains.csv order). Coverage is counted on one year and one
definition: an indicator covers the regions that have a value for it, and a domain is as covered as
its best indicator (pauvreté 2018 for 11 regions and 2020 for 11 others is 11/13, not 13/13). Then
how many regions have a domain index, how many a comparable one (see below), the provenance kinds
(each with the coverage of its best indicator) and reference years, and what perception data exists
for the domain (published by a survey, and for where; imported; illustrative; or none). The last
line is

    domains_with_official_13_regions=N/16 comparable_domains=M/16

N: domains with one indicator of kind « officiel » known for each of the 13 regions. M: domains
whose index, built by the comparison rules (dashboard/comparison_rules.py: indicators with at least
MIN_REGIONS_COMPARABLE regions, no « douteuse » row of the 2020 report, the latest year of a
series, the same indicators for every region), covers at least MIN_REGIONS_COMPARABLE regions.
On invalid data the French problems go to stderr and the exit status is 1.

The pure part, coverage_frame(model), returns one row per domain and is what the tests check.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from dashboard.comparison_rules import MIN_REGIONS_COMPARABLE, MIN_REGIONS_FOR_RANK, index_indicators
from dashboard.data.schema import (
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
COMPARABLE_KEY = "comparable_domains"

COLUMNS = ["domain_id", "label_fr", "family", "regions_with_value", "regions_with_index",
           "regions_official", "regions_comparable", "index_indicators", "provenance", "kinds", "years",
           "perception_kinds", "perception_published_in", "perception"]


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

    Columns: domain_id, label_fr, family; regions_with_value (of the 13 regions, how many its best
    indicator covers: one year, one definition), regions_with_index (how many have a domain index
    in the Model), regions_official (how many its best indicator of kind « officiel » covers),
    regions_comparable (how many have an index under the comparison rules: a value for every
    indicator the index uses), index_indicators (how many indicators that index uses); provenance
    (text: each kind with its best coverage), kinds, years (texts, comma-separated); perception_kinds
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
    per_indicator = values.groupby("indicator_id")["region_code"].nunique()
    in_index = index_indicators(bundle.indicators.drop_duplicates("id", keep="first"),
                                per_indicator.to_dict())
    index = model.index
    perception = bundle.perception[bundle.perception["score"].notna()]

    rows = []
    for domain in bundle.domains.itertuples():
        here = values[values["domain_id"] == domain.id]
        # one year, one definition: the best indicator of each kind, never a union of indicators
        regions_by_kind = (here.groupby(["kind", "indicator_id"])["region_code"].nunique()
                           .groupby(level="kind").max().to_dict())
        used = in_index.get(domain.id, [])
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
            "regions_with_value": int(max(regions_by_kind.values(), default=0)),
            "regions_with_index": int(cells.loc[cells["index"].notna(), "region_code"].nunique()),
            "regions_official": int(regions_by_kind.get(KIND_OFFICIAL, 0)),
            "regions_comparable": _regions_with_all(here, used),
            "index_indicators": len(used),
            "provenance": ", ".join(f"{k} {regions_by_kind[k]}" for k in kinds),
            "kinds": ", ".join(kinds),
            "years": ", ".join(str(y) for y in sorted({int(y) for y in here["year"]})),
            "perception_kinds": ", ".join(felt_kinds),
            "perception_published_in": ", ".join(sorted(set(published["region_code"]))),
            "perception": " · ".join(phrases) if phrases else NO_PERCEPTION,
        })
    return pd.DataFrame(rows, columns=COLUMNS)


def _regions_with_all(values: pd.DataFrame, indicators: list[str]) -> int:
    """Regions that have a value for every one of `indicators` (0 when there is none)."""
    if not indicators:
        return 0
    mine = values[values["indicator_id"].isin(indicators)]
    per_region = mine.groupby("region_code")["indicator_id"].nunique()
    return int((per_region == len(indicators)).sum())


def domains_with_official_everywhere(frame: pd.DataFrame) -> int:
    """How many domains have one indicator of kind « officiel » known for each of the 13 regions."""
    return int((frame["regions_official"] == len(REGION_CODES)).sum())


def comparable_domains(frame: pd.DataFrame) -> int:
    """How many domains have an index over at least MIN_REGIONS_COMPARABLE regions."""
    return int((frame["regions_comparable"] >= MIN_REGIONS_COMPARABLE).sum())


def summary_line(frame: pd.DataFrame) -> str:
    total = len(frame)
    return (f"{SUMMARY_KEY}={domains_with_official_everywhere(frame)}/{total} "
            f"{COMPARABLE_KEY}={comparable_domains(frame)}/{total}")


def render(frame: pd.DataFrame, data_dir: Path | str | None = None) -> str:
    """The aligned French table, a short legend, then the summary line (last)."""
    total = len(REGION_CODES)
    dash = "—"
    headers = ["Domaine", "Famille", "Valeurs", "Indice", "Comparable", "Provenance (régions)", "Années",
               "Perception"]
    body = [[r.label_fr, r.family, f"{r.regions_with_value}/{total}", f"{r.regions_with_index}/{total}",
             f"{r.regions_comparable}/{total} ({r.index_indicators} ind.)", r.provenance or dash,
             r.years or dash, r.perception] for r in frame.itertuples()]
    widths = [max(len(row[i]) for row in [headers] + body) for i in range(len(headers))]
    right = {2, 3, 4}  # counts are right-aligned

    def line(cells: list[str]) -> str:
        out = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return "  ".join(out[:-1] + [cells[-1]]).rstrip()  # the last column is not padded

    title = f"Couverture des données par domaine ({len(frame)} domaines, {total} régions métropolitaines)"
    lines = [title + (f" : {data_dir}" if data_dir else ""), ""]
    lines.append(line(headers))
    lines.append("  ".join("-" * w for w in widths))
    lines += [line(row) for row in body]
    official = domains_with_official_everywhere(frame)
    comparable = comparable_domains(frame)
    legend = [
        ("Valeurs : régions couvertes par le meilleur indicateur du domaine (une année, une "
         "définition : deux années d'un même taux ne s'additionnent pas) ; Indice : régions ayant un "
         "indice de domaine dans le tableau de bord."),
        (f"Comparable : régions ayant une valeur pour chacun des indicateurs de l'indice (ind.) ; un "
         f"indicateur y entre s'il couvre au moins {MIN_REGIONS_COMPARABLE} régions sur {total}, n'est "
         "pas une ligne « douteuse » du rapport 2020, et seule l'année la plus récente d'une série "
         f"compte. De {MIN_REGIONS_FOR_RANK} à {MIN_REGIONS_COMPARABLE - 1} régions : comparaison "
         "partielle, hors indice."),
        ("Provenance : type de source et régions couvertes par son meilleur indicateur (officiel = "
         "statistique publique, rapport-2020 = tableau du rapport Le RAMEAU 2020)."),
        ("Perception : publiée (chiffres publiés par les enquêtes, et pour quel territoire), "
         "importée, illustrative (valeurs fictives de démonstration) ou absente."),
        f"Domaines où un indicateur officiel couvre les {total} régions : {official} sur {len(frame)} ; "
        f"domaines comparables (indice sur au moins {MIN_REGIONS_COMPARABLE} régions) : {comparable} sur "
        f"{len(frame)}.",
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
    from dashboard.data.loading import load_bundle
    from dashboard.analysis.model import build_model
    from dashboard.data.validation import DataValidationError

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
