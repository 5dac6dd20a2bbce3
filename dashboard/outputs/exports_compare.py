"""Exports of the comparison page's charts: « matrice » (the tableau croisé) and « nuage » (the
indicator scatter), joined to dashboard.outputs.exports.EXPORTS as `COMPARE_EXPORTS`.

They follow the page's URL (`/export/matrice.csv?methode=z&couleur=indice&tri_regions=moyenne…`,
read by dashboard/views/compare_url.py): method, colouring, sorts, basket, x and y. A value the page
would silently replace by its default is a 400 here, in French. The data are long tables in the
order the chart draws them (matrix: one row per region x domain; scatter: one row per region),
France métropolitaine's reference row added when it is in the basket.
"""

from __future__ import annotations

import pandas as pd

from dashboard.views import compare as compare_view
from dashboard.figures import matrix as figures_compare
from dashboard.analysis import matrix
from dashboard.analysis import scatter
from dashboard.analysis.compare import METHOD_LABELS
from dashboard.comparison_rules import (
    MIN_REGIONS_COMPARABLE,
    TOTAL_REGIONS,
    coverage_note,
    indicator_count_label,
    rank_label,
)
from dashboard.views.compare_url import REPORT_LABELS, CompareState
from dashboard.outputs.chart_files import ExportError, short_sources
from dashboard.analysis.matrix import COLOURING_LABELS
from dashboard.data.schema import FRANCE, NOT_AVAILABLE
from dashboard.views.urlstate import MAX_QUERY_LENGTH

PROFILE = compare_view.PROFILE
FRANCE_NAME = "France métropolitaine (référence)"


def read_state(model, search) -> tuple[CompareState, dict, list[str]]:
    """The page's checked state, no parameters of its own, and no silent default."""
    search = search if isinstance(search, str) else ""
    if len(search) > MAX_QUERY_LENGTH:
        raise ExportError(400, "Adresse trop longue.")
    state, notices = compare_view.read_state(model, search)
    if notices:
        raise ExportError(400, " ".join(_reason(n) for n in notices))
    return state, {}, []


def _reason(notice: str) -> str:
    """« Méthode inconnue : « zz ». » from the page's notice (whose default is no answer here)."""
    text = notice.split(" ; ")[0].replace(", ignoré(s) :", " :").replace(" : panier vidé", "")
    return text.rstrip(".") + "."


def _report_part(state: CompareState) -> list[str]:
    """A file made with the report's « douteuse » rows in the indices says so in its name."""
    return ["rapport-inclus"] if state.include_doubtful else []


def _in_basket(code: str, state: CompareState) -> str:
    return "oui" if code in state.basket else "non"


# -- « matrice »: the tableau croisé -------------------------------------------------------------

def matrix_figure(model, state: CompareState, params: dict) -> dict:
    return compare_view.matrix_figure(model, state)


def matrix_state(model, search) -> tuple[CompareState, dict, list[str]]:
    state, params, _ = read_state(model, search)
    return state, params, [state.colouring, matrix.effective_method(state.colouring, state.method),
                           *_report_part(state)]


def matrix_data(model, state: CompareState, params: dict) -> pd.DataFrame:
    """One row per region x domain, regions and domains in the order of the chart; a value the
    comparison rules withhold (a z-score of a partial comparison, an incomplete region's index)
    stays empty, and `comparaison` says why."""
    method = matrix.effective_method(state.colouring, state.method)
    cells = figures_compare.cells_by_key(compare_view.cells_of(model, state))
    regions, domains = compare_view.matrix_order(model, state)
    names = compare_view.region_names(model)
    index_cells = state.colouring in ("indice", "tendance") and method != "brut"
    rows = []
    for code in regions:
        for domain in domains:
            cell = cells[(code, domain)]
            n_shown = int(cell.get("n_shown", 0) or 0)
            rows.append({
                "code_region": code, "region": names[code], "panier": _in_basket(code, state),
                "code_domaine": domain, "domaine": model.domain_labels[domain],
                "valeur": cell["shown"], "unite": cell["unit"], "rang": cell.get("method_rank"),
                "regions_classees": n_shown or None,
                "rang_sur_n": rank_label(cell.get("method_rank"), n_shown) or "",
                "classe_de_rang": cell.get("rank_class") if isinstance(cell.get("rank_class"), str) else "",
                "comparaison": _comparison(cell, index_cells),
                "nb_indicateurs": cell["n_indicators"],
                "indicateurs_indice": (indicator_count_label(int(cell["n_used"]), int(cell["n_available"]))
                                       if index_cells and "n_used" in cell else ""),
                "annees": cell["years"], "nature": cell["kinds"], "detail": cell["detail"]})
    if FRANCE in state.basket:
        france = matrix.france_cells(model, state.colouring, method, PROFILE, state.include_doubtful)
        rows += [{"code_region": FRANCE, "region": FRANCE_NAME, "panier": "oui", "code_domaine": d,
                  "domaine": model.domain_labels[d], "valeur": france.get(d), "unite": "", "rang": None,
                  "regions_classees": None, "rang_sur_n": "",
                  "classe_de_rang": "repère, hors classement", "comparaison": "",
                  "nb_indicateurs": None, "indicateurs_indice": "", "annees": "",
                  "nature": "", "detail": ""} for d in domains]
    frame = pd.DataFrame(rows)
    for column in ("valeur", "rang"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    for column in ("regions_classees", "nb_indicateurs"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    frame.attrs["source"] = _matrix_source(model, state.colouring)
    frame.attrs["about"] = {
        "Couleur du tableau": COLOURING_LABELS[state.colouring],
        "Méthode": METHOD_LABELS[method],
        "Tableau du rapport 2020": REPORT_LABELS[state.report],
        "Règle de comparaison": ("score z, couleur et classe seulement quand au moins "
                                 f"{MIN_REGIONS_COMPARABLE} régions sur {TOTAL_REGIONS} sont comparées ; "
                                 "sinon valeur et rang « x / n » (comparaison partielle), ou valeur seule"),
        "Valeur absente": f"cellule vide = {NOT_AVAILABLE} ou valeur retenue par la règle (jamais zéro)",
        "Panier": ", ".join(names.get(c, FRANCE_NAME) for c in state.basket) or "vide",
    }
    return frame


def _comparison(cell, index_cell: bool) -> str:
    """« comparable », « comparaison partielle (9 régions) », « indice incomplet »…"""
    if index_cell and pd.isna(cell["shown"]) and int(cell.get("n_used", 0) or 0):
        return "indice incomplet : région non classée" if int(cell["n_indicators"]) else NOT_AVAILABLE
    if index_cell and not int(cell.get("n_used", 0) or 0):
        return "aucun indicateur comparable : pas d'indice"
    if pd.isna(cell["shown"]):
        return NOT_AVAILABLE
    return coverage_note(int(cell.get("n_shown", 0) or 0)) or "comparable"


def _perception_sources(model, domain: str | None = None) -> str:
    chosen = model.perception[PROFILE]
    if domain is not None:
        chosen = chosen[chosen["domain_id"] == domain]
    return short_sources(chosen["source"])


def _matrix_source(model, colouring: str) -> str:
    measured = short_sources(model.bundle.indicators["source"])
    if colouring == "indice":
        return measured
    if colouring == "tendance":  # the series of the indices' indicators, first and last years
        return f"Séries : {measured}"
    if colouring == "perception":
        return "Perception : " + _perception_sources(model)
    return f"Mesure : {measured} ; perception : {_perception_sources(model)}"


# -- « nuage »: one measure against another ----------------------------------------------------------

def scatter_figure(model, state: CompareState, params: dict) -> dict:
    return compare_view.scatter_view(model, state).figure


def scatter_state(model, search) -> tuple[CompareState, dict, list[str]]:
    state, params, _ = read_state(model, search)
    return state, params, [state.x.replace(":", "-"), state.y.replace(":", "-"), state.method,
                           *_report_part(state)]


def scatter_data(model, state: CompareState, params: dict) -> pd.DataFrame:
    """One row per region (France métropolitaine last when it is in the basket): both values
    under the page's method, their ranks and natures, and on every region's row Spearman's rho,
    its n, its 95 % interval, the permutation p and the words the page uses."""
    x, y = compare_view.axes_of(model, state)
    points = scatter.points(x, y, compare_view.region_names(model))
    frame = pd.DataFrame({"code_region": points["region_code"], "region": points["name"],
                          "panier": [_in_basket(c, state) for c in points["region_code"]]})
    for side, chosen in (("x", x), ("y", y)):
        ranks = dict(zip(chosen.rows["region_code"], chosen.rows["method_rank"]))
        natures = _natures(model, chosen.key)
        frame[f"mesure_{side}"] = chosen.label
        frame[f"valeur_{side}"] = points[side].astype(float)
        frame[f"unite_{side}"] = chosen.unit if state.method in ("brut", "ecart") else ""
        frame[f"rang_{side}"] = pd.to_numeric(frame["code_region"].map(ranks), errors="coerce")
        frame[f"nature_{side}"] = frame["code_region"].map(natures).fillna("")
    rho, n, interval, p = compare_view.correlation(points)
    frame["rho_spearman"] = rho
    frame["n_paires"] = n
    frame["ic95_bas"], frame["ic95_haut"] = interval
    frame["p_permutation"] = p
    frame["liaison"] = scatter.strength_words(rho, interval)
    if FRANCE in state.basket:
        france = {"code_region": FRANCE, "region": FRANCE_NAME, "panier": "oui",
                  "valeur_x": x.france, "valeur_y": y.france}
        frame = pd.concat([frame, pd.DataFrame([france])], ignore_index=True)
        for column in ("mesure_x", "unite_x", "mesure_y", "unite_y"):
            frame[column] = frame[column].fillna(frame[column].iloc[0])
        frame[["nature_x", "nature_y", "liaison"]] = frame[["nature_x", "nature_y", "liaison"]].fillna("")
    for column in ("rho_spearman", "ic95_bas", "ic95_haut", "p_permutation"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    frame["n_paires"] = pd.to_numeric(frame["n_paires"], errors="coerce").astype("Int64")
    frame.attrs["source"] = f"x : {_axis_source(model, x.key)} ; y : {_axis_source(model, y.key)}"
    frame.attrs["about"] = {"Méthode": METHOD_LABELS[state.method],
                            "Tableau du rapport 2020": REPORT_LABELS[state.report],
                            "Corrélation": scatter.correlation_sentence(rho, n, p),
                            "Intervalle de confiance": ("95 %, transformation de Fisher avec l'erreur "
                                                        "type de Bonett et Wright"),
                            "Prudence": scatter.CHANCE_NOTE,
                            "Valeur absente": f"cellule vide = {NOT_AVAILABLE} (jamais zéro)"}
    return frame


def _natures(model, key: str) -> dict[str, str]:
    """region code -> the nature of its value on this axis (« officiel », « importé »…)."""
    if key.startswith(scatter.PERCEPTION_PREFIX):
        chosen = model.perception[PROFILE]
        chosen = chosen[chosen["domain_id"] == key[len(scatter.PERCEPTION_PREFIX):]]
        return dict(zip(chosen["region_code"], chosen["kind"]))
    if key.startswith(scatter.INDEX_PREFIX):
        cells = model.index[model.index["domain_id"] == key[len(scatter.INDEX_PREFIX):]]
        return dict(zip(cells["region_code"], cells["kinds"]))
    key = key[len(scatter.TREND_PREFIX):] if key.startswith(scatter.TREND_PREFIX) else key
    rows = model.scores[model.scores["indicator_id"] == key].dropna(subset=["value"])
    return dict.fromkeys(rows["region_code"], str(model.indicator(key)["kind"]))


def _axis_source(model, key: str) -> str:
    if key.startswith(scatter.PERCEPTION_PREFIX):
        return _perception_sources(model, key[len(scatter.PERCEPTION_PREFIX):])
    if key.startswith(scatter.INDEX_PREFIX):
        return short_sources(model.indicators_of(key[len(scatter.INDEX_PREFIX):])["source"])
    if key.startswith(scatter.TREND_PREFIX):  # a change: the series' first and last years
        first, last = scatter.trend_periods(model)[key[len(scatter.TREND_PREFIX):]]
        info = model.indicator(key[len(scatter.TREND_PREFIX):])
        return f"{short_sources([info['source']])} ({first}-{last})"
    info = model.indicator(key)
    return f"{short_sources([info['source']])} ({info['year']})"


COMPARE_EXPORTS = {  # joined to the home page's charts in dashboard/outputs/exports.py's EXPORTS
    "matrice": (matrix_figure, matrix_data, matrix_state),
    "nuage": (scatter_figure, scatter_data, scatter_state),
}
