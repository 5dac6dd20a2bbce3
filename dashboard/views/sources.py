"""What the « Sources et méthodes » page and the dataset's README say: catalogue rows with their
coverage and licences, the 2020 report's table with the reliability of each row, the comparison
rules, perception sources, provenance kinds, and the methods in plain French. No Dash."""

from __future__ import annotations

import pandas as pd

from dashboard import comparison_rules as rules
from dashboard.labels import french_text
from dashboard.analysis.compare import RANK_CLASSES
from dashboard.data.schema import (
    FRANCE,
    KIND_ILLUSTRATIVE,
    KIND_IMPORTED,
    KIND_LABELS,
    KIND_OFFICIAL,
    KIND_PUBLISHED,
    KIND_REPORT,
    PROFILE_LABELS,
    QUADRANT_BLIND_SPOT,
    QUADRANT_FELT,
    QUADRANT_SHARED_ALERT,
    QUADRANT_SHARED_ASSET,
    REGION_CODES,
)

KIND_EXPLANATIONS = {
    KIND_OFFICIAL: "Statistique publique (Insee, Dares, SSMSI, DREES…) : chaque valeur est lue dans la "
                   "source citée, rien n'est estimé.",
    KIND_REPORT: "Tableau régional du rapport Le RAMEAU « 2020, l'année de l'AMM de l'ODD 17 », transcrit "
                 "depuis son texte ; les unités et sens que le rapport n'imprime pas sont des hypothèses "
                 "écrites dans la mise en garde de l'indicateur. Chaque ligne porte une fiabilité "
                 "(confirmée, plausible, douteuse) et sa raison ; les lignes « douteuse » n'entrent pas "
                 "dans les indices.",
    KIND_PUBLISHED: "Résultats d'enquête tels que publiés (IMPACT-Citoyens 2019, PHARE-Citoyens 2015, "
                    "rapport régional PHARE Nouvelle-Aquitaine).",
    KIND_ILLUSTRATIVE: "Valeurs fictives de démonstration, jamais des résultats d'enquête ; chaque graphique "
                       "qui en montre le signale.",
    KIND_IMPORTED: "Valeurs chargées par un utilisateur (page « Importer des données ») ou par un "
                   "déploiement ; visibles seulement dans la session qui les a importées.",
}

def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def french_spacing(text: str) -> str:
    """French typography for running text (labels.french_text, the one place it is defined);
    the CSV files keep plain spaces, readable by anyone who edits them."""
    return french_text(text)


def comparison_rules_text() -> list[tuple[str, str]]:
    """The comparison rules in plain French, with the settings' values (dashboard/comparison_rules.py):
    the place /sources and the dataset's README explain them. (title, text) pairs."""
    full, rank, total = rules.MIN_REGIONS_COMPARABLE, rules.MIN_REGIONS_FOR_RANK, rules.TOTAL_REGIONS
    band = _number(rules.NEUTRAL_BAND)
    return [(title, french_spacing(text)) for title, text in [
        ("Quand un indicateur est comparé", f"Un indicateur n'est standardisé (score z, couleur sur une "
         f"échelle commune, classe de rang, « parmi les plus fragiles ») que si au moins {full} des {total} "
         "régions ont une valeur : avec moins de régions, les absentes ne sont pas tirées au hasard (il "
         "manque souvent les plus pauvres ou les plus petites) et la moyenne ne représente plus la France."),
        ("Comparaison partielle", f"De {rank} à {full - 1} régions, l'indicateur est montré avec ses valeurs "
         "et un rang « x / n » où n est le nombre réel de régions renseignées, marqué « comparaison "
         "partielle (n régions) », pâle ou hachuré sur les cartes et le tableau croisé ; il n'entre dans "
         f"aucun indice de domaine. Sous {rank} régions, seules les valeurs sont montrées, sans rang."),
        ("Indice d'un domaine", "L'indice d'un domaine se calcule sur le même ensemble d'indicateurs pour "
         "toutes les régions qu'il classe, et dit combien il en utilise (« 2 indicateurs sur 3 ») : les "
         "indicateurs comparables du domaine, sans les lignes « douteuse » du tableau du rapport 2020, et "
         "pour une série publiée plusieurs années (le taux de pauvreté 2018 et 2020, par exemple), la "
         "seule année comparable la plus récente : deux années d'un même taux ne sont jamais mêlées dans "
         "un score. Une région à qui manque l'un de ces indicateurs n'est pas classée comme si son indice "
         "était complet : elle est signalée « indice incomplet », hors classement."),
        ("Rangs", "Chaque rang s'écrit « x / n » avec son n réel, le même partout (accueil, vue région, "
         "atelier, fiche PDF, exports). Des rangs sur des totaux différents ne sont jamais moyennés tels "
         "quels : la méthode « rang » les convertit d'abord en rangs centiles (0 = la moins fragile, 100 "
         "= la plus fragile)."),
        ("Proche de la moyenne", f"Une position standardisée à moins de ±{band} écart-type de la moyenne "
         f"des régions est dite « {rules.NEAR_AVERAGE} » : sur le quadrant ressenti et mesuré, une bande neutre "
         "l'entoure et une case qui s'y trouve n'est pas appelée « angle mort » ni « alerte partagée ». "
         "Quand la perception a un intervalle de confiance qui atteint la bande, la case n'est pas classée."),
        ("Tableau du rapport 2020", "Les lignes du tableau du rapport Le RAMEAU 2020 jugées « douteuse » "
         "(elles ne mesurent pas ce que leur domaine suggère, ou doublonnent une série officielle) restent "
         "visibles, avec leur raison, mais n'entrent pas dans les indices par défaut ; la page Comparer "
         "permet à un chercheur de les inclure (choix gardé dans l'adresse)."),
    ]]


METHODS_TEXT: tuple[tuple[str, str], ...] = tuple((title, french_spacing(text)) for title, text in (
    ("Sens de lecture", "Chaque indicateur est orienté pour que « plus haut » veuille dire « plus fragile » : "
     "la valeur d'un indicateur dont une valeur basse signale une fragilité (le PIB par habitant, par "
     "exemple) change de signe avant tout calcul de score ou de rang. Les valeurs brutes affichées "
     "gardent leur sens d'origine."),
    ("Score z", "Pour un indicateur, le score z d'une région est (valeur − moyenne des régions) / écart-type "
     "des régions. La moyenne et l'écart-type sont ceux des régions qui ont une valeur (écart-type de la "
     f"population, sans correction : ddof = 0). Il faut au moins {rules.MIN_REGIONS_COMPARABLE} régions "
     f"sur {rules.TOTAL_REGIONS} (voir les règles de comparaison). Si toutes les régions ont la même "
     "valeur, chacune a un score de 0."),
    ("Rang", "Le rang 1 est la région la plus fragile. Des régions ex æquo partagent le meilleur rang "
     "(deux régions premières ex æquo ont le rang 1, la suivante le rang 3). Le rang est donné « sur » le "
     f"nombre de régions qui ont une valeur (par exemple 3e / 11), à partir de {rules.MIN_REGIONS_FOR_RANK} "
     "régions."),
    ("Écart à la France", "L'écart à la France est la valeur de la région moins celle de la France "
     "métropolitaine, dans l'unité de l'indicateur (en points pour un taux). Sans valeur France publiée, "
     "l'écart n'est pas calculé (« donnée non disponible », jamais 0)."),
    ("Indice de fragilité d'un domaine", "L'indice d'un domaine pour une région est la moyenne des scores z "
     "des indicateurs que l'indice utilise (les mêmes pour toutes les régions classées, voir les règles "
     "de comparaison). Le nombre d'indicateurs et les années mêlées sont indiqués à chaque affichage. "
     "Une région sans indice complet n'est pas classée (« n.d. » ou « indice incomplet »). Le rang du "
     "domaine se calcule parmi les régions qui ont un indice complet."),
    ("Perception", "La note de perception (0 à 10, plus haut = fragilité ressentie plus forte) retenue pour une "
     "région et un domaine est, dans cet ordre de préférence : une valeur importée, une valeur publiée, "
     "une valeur illustrative ; à nature égale, la plus récente. Elle est standardisée entre régions "
     "(score z dans le domaine) pour être comparée à l'indice. Une même question posée plusieurs années "
     "forme une série : PHARE-Citoyens 2015 et IMPACT-Citoyens 2019 pour la France métropolitaine "
     "(citoyens, 5 domaines en commun), ou un fichier importé de plusieurs années. La vue région en "
     "donne l'évolution en points ; entre deux enquêtes différentes (échantillon et méthode), c'est "
     "une rupture de série, dite avec l'évolution, qui n'est alors qu'indicative. Les notes "
     "illustratives ne forment jamais de série."),
    ("Ressenti et mesuré", "L'écart ressenti − mesuré est le score z de la perception moins l'indice du "
     "domaine : positif, la fragilité est plus ressentie que mesurée. Les quadrants : « "
     f"{QUADRANT_SHARED_ALERT} » (mesurée et ressentie au-dessus de la moyenne), « {QUADRANT_BLIND_SPOT} » "
     f"(mesurée mais pas ressentie), « {QUADRANT_FELT} » (ressentie mais pas mesurée), « "
     f"{QUADRANT_SHARED_ASSET} » (ni l'une ni l'autre) ; à moins de ±{_number(rules.NEUTRAL_BAND)} "
     "écart-type sur un axe, « proche de la moyenne », sans quadrant."),
    ("Méthodes de la page Comparer", "Brut : la valeur dans l'unité de l'indicateur ; pour un domaine, qui n'a "
     "pas d'unité commune, la valeur d'un des indicateurs de son indice (le mieux couvert, statistique "
     "publique d'abord ; à défaut, le mieux couvert du domaine), nommé dans l'infobulle. Écart : l'écart à la France ; pour un domaine, la moyenne "
     "des écarts relatifs à la France (en % de la valeur France, orientés : + = plus fragile que la France). "
     "Score z : l'indice du domaine décrit plus haut. Rang : pour un domaine, la moyenne des rangs centiles "
     "de ses indicateurs, moins sensible à une région extrême. Les couleurs du tableau croisé suivent le "
     "score z ; pour les autres méthodes, elles suivent la position de la région dans sa colonne."),
    ("Tendance", "La coloration « tendance » de la page Comparer montre, pour chaque indicateur d'un "
     "indice qui a plusieurs années, l'évolution de chaque région entre la première et la dernière année "
     f"couvertes par au moins {rules.MIN_REGIONS_COMPARABLE} régions (la période commune), orientée puis "
     "standardisée comme le reste ; une case de domaine est la moyenne de ces scores. Le nuage de points "
     "peut mettre une évolution sur un axe. Le mode atelier a une étape « Évolution » et la fiche région une "
     "partie « Évolutions » : la courbe de la région face à la France métropolitaine, l'évolution depuis la "
     "première année (dans l'unité et en %) et si l'écart à la France s'est creusé ou resserré."),
    ("Régions au profil proche", "Dans la vue région, les 3 régions dont les indices de domaine comparables "
     "sont les plus proches : racine de la moyenne des carrés des écarts entre indices, sur les domaines "
     "comparables que les deux régions ont en commun (au moins 5 ; la vue dit combien)."),
    ("Classes de rang", "Les régions classées sont partagées en trois tiers : sur 13, les rangs 1 à 4 sont « "
     f"{RANK_CLASSES[0]} », 5 à 8 « {RANK_CLASSES[1]} », 9 à 13 « {RANK_CLASSES[2]} ». Avec moins de "
     f"{rules.MIN_REGIONS_COMPARABLE} régions, aucune classe. Quand une région change de classe selon la "
     "méthode, la page Comparer le signale : la conclusion dépend alors de la méthode."),
    ("Corrélation", "Le nuage de points donne la corrélation de rang de Spearman (corrélation de Pearson "
     "des rangs moyens, les ex æquo recevant la moyenne de leurs rangs), calculée sur les n régions qui ont "
     "les deux valeurs, son intervalle de confiance à 95 % (transformation de Fisher, erreur type de "
     "Bonett et Wright) et un test par permutation (10 000 tirages, graine fixe) : avec 13 régions au plus, "
     "une corrélation n'est jamais une preuve de causalité, et parmi beaucoup de paires certaines sont "
     "corrélées par hasard. France métropolitaine, affichée comme repère, n'entre pas dans le calcul."),
))

ILLUSTRATIVE_TEXT = (
    "Les résultats régionaux des enquêtes de perception (une note par région, domaine et profil) "
    "appartiennent à l'Observatoire des partenariats et ne sont pas publics. Pour que chaque vue puisse être "
    "montrée avant l'import des vrais fichiers, le script scripts/make_demo_perception.py tire des notes "
    "FICTIVES : la note nationale publiée d'IMPACT-Citoyens 2019 pour le domaine quand elle existe (5,5 "
    "sinon, le milieu des notes publiées), plus un écart uniforme d'au plus ±1,5 point, arrondi au dixième "
    "et borné entre 0 et 10. La graine est fixe (2019) : le fichier est reproductible. Ces valeurs sont de "
    "nature « illustratif » et marquées sur chaque graphique ; elles ne doivent jamais être citées comme "
    "des résultats."
)


def indicator_catalogue(model) -> pd.DataFrame:
    """The catalogue with its coverage (regions with a value, « n / 13 régions », comparison level),
    direction, France value, the pages read when not the publication, and the computed values."""
    catalogue = model.bundle.indicators.copy()
    values = model.bundle.values
    regional = values[values["region_code"].isin(REGION_CODES)]
    coverage = regional.dropna(subset=["value"]).groupby("indicator_id")["region_code"].nunique()
    catalogue["n_regions"] = catalogue["id"].map(coverage).fillna(0).astype(int)
    catalogue["coverage_label"] = catalogue["n_regions"].map(lambda n: f"{n} / {rules.TOTAL_REGIONS} régions")
    catalogue["comparison"] = catalogue["n_regions"].map(rules.coverage_note)
    france = values[values["region_code"] == FRANCE]
    catalogue["france_value"] = catalogue["id"].map(
        france.drop_duplicates("indicator_id").set_index("indicator_id")["value"])
    catalogue["domain_label"] = catalogue["domain_id"].map(model.domain_labels)
    catalogue["direction"] = catalogue["higher_is_more_fragile"].map(
        {True: "plus haut = plus fragile", False: "plus bas = plus fragile"})
    catalogue["kind_label"] = catalogue["kind"].map(KIND_LABELS).fillna(catalogue["kind"])
    catalogue["read_on"] = catalogue["id"].map(_pages_read(values))
    catalogue["read_on"] = catalogue["read_on"].apply(lambda pages: pages if isinstance(pages, list) else [])
    catalogue["computed"] = catalogue["id"].map(_computed(values)).fillna("")
    order = {d: i for i, d in enumerate(model.domain_ids)}
    return catalogue.sort_values(["domain_id"], key=lambda s: s.map(order), kind="stable")


def _pages_read(values: pd.DataFrame) -> dict[str, list[str]]:
    """indicator -> the distinct pages its figures were read on, when not the publication itself."""
    if "lu_sur" not in values:
        return {}
    read = values[values["lu_sur"].fillna("") != ""]
    return {key: list(dict.fromkeys(group["lu_sur"])) for key, group in read.groupby("indicator_id")}


def _computed(values: pd.DataFrame) -> dict[str, str]:
    """indicator -> « 7 régions et France métropolitaine : calcul à partir des anciennes régions »."""
    if "methode" not in values:
        return {}
    done = values[values["methode"].fillna("") != ""]
    out = {}
    for key, group in done.groupby("indicator_id"):
        codes = set(group["region_code"])
        count = len(codes & set(REGION_CODES))
        who = _regions(count) + (" et France métropolitaine" if FRANCE in codes else "")
        method = group["methode"].iloc[0].split(" : ")[0]
        out[key] = french_spacing(f"{who} : {method}")
    return out


def series_table(model) -> pd.DataFrame:
    """One row per series (an indicator with several years, issue 14): its years, the regions
    covered each year, its current year (the latest with at least 10 regions: the one the indices
    and the region view use) and its breaks (a change of definition splits a series). Made once
    per Model (the page and the download read the same frame)."""
    return model._lookup("series_table", lambda: _series_table(model))


def _series_table(model) -> pd.DataFrame:
    from dashboard.analysis import series

    rows, seen = [], set()
    for info in indicator_catalogue(model).itertuples():
        years = model.indicator_years(info.id)
        members = model.series_members(info.id)
        key = (info.domain_id, rules.series_of(info.id), info.label_fr, info.unit)
        split = (info.domain_id, rules.series_of(info.id))  # a split series is listed once
        if key in seen or split in seen or (len(years) < 2 and len(members) < 2):
            continue
        seen.add(key)
        if len(years) < 2:
            seen.add(split)
        coverage = model.year_coverage(info.id)
        counts = sorted(set(coverage.values()))
        per_year = (f"{counts[0]} régions chaque année" if len(counts) == 1 else
                    " ; ".join(f"{y} : {n}" for y, n in sorted(coverage.items())))
        cuts = series.breaks(members)
        rows.append(dict(id=info.id, label=info.label_fr, domain_label=info.domain_label, unit=info.unit,
                         years=f"{years[0]}-{years[-1]} ({len(years)} années)" if len(years) > 1 else str(years[0]),
                         coverage=per_year, current=series.current_year(coverage),
                         breaks=french_spacing(" ; ".join(cuts)) if cuts else "aucune rupture de définition connue"))
    return pd.DataFrame(rows, columns=["id", "label", "domain_label", "unit", "years", "coverage", "current",
                                       "breaks"])


def report_table(model) -> pd.DataFrame:
    """The rows of the 2020 report's table: label, domain, year, reliability and its reason, caveat,
    coverage and France value, « douteuse » last (they are out of the indices by default)."""
    catalogue = indicator_catalogue(model)
    report = catalogue[catalogue["kind"] == KIND_REPORT].copy()
    if "fiabilite" not in report:
        report["fiabilite"], report["fiabilite_raison"] = "", ""
    order = {"confirmée": 0, "plausible": 1, rules.DOUBTFUL: 2}
    report["in_index"] = report["fiabilite"] != rules.DOUBTFUL
    report["reason"] = report["fiabilite_raison"].fillna("").map(french_spacing)
    return report.sort_values("fiabilite", key=lambda s: s.map(order).fillna(3), kind="stable")


def perception_sources(model) -> pd.DataFrame:
    """One row per perception source: kind, profiles, years, domains, regions, respondents, link."""
    rows = []
    for (source, kind), group in model.bundle.perception.groupby(["source", "kind"], sort=False):
        years = sorted({int(y) for y in group["year"].dropna()})
        sizes = sorted({int(n) for n in group["n"].dropna()})
        regions = sorted(set(group["region_code"]))
        rows.append(dict(
            source=source, kind=kind, kind_label=KIND_LABELS.get(kind, kind),
            profiles=", ".join(PROFILE_LABELS.get(p, p) for p in sorted(set(group["profile"]))),
            years=", ".join(str(y) for y in years) or "non précisée par la source",
            domains=len(set(group["domain_id"])),
            regions=("France métropolitaine" if regions == [FRANCE]
                     else _regions(len([r for r in regions if r != FRANCE]))
                     + (" et France métropolitaine" if FRANCE in regions else "")),
            respondents=", ".join(str(n) for n in sizes) or "non précisé",
            url=next((u for u in group["source_url"] if u), ""),
            note=next((n for n in group["note"] if n), ""),
        ))
    return pd.DataFrame(rows)


def _regions(count: int) -> str:
    return f"{count} région{'s' if count > 1 else ''}"
