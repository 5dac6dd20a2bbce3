"""What the comparison page shows for a Model and a CompareState: figures, frames and sentences.

The page layout (layouts/pages/compare.py) and its callbacks (callbacks/compare.py) both call
these, so the first render and every update are the same code. No Dash imports.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.figures import matrix as figures_compare
from dashboard.figures import scatter as figures_scatter
from dashboard.analysis import matrix
from dashboard.analysis import scatter
from dashboard.analysis.basket import basket_regions
from dashboard.analysis.compare import METHOD_LABELS, METHODS, RANK_CLASSES, class_changes
from dashboard.comparison_rules import (
    LEVEL_PARTIAL,
    MIN_REGIONS_COMPARABLE,
    TOTAL_REGIONS,
    partial_label,
    spearman_interval,
)
from dashboard.views.compare_url import REPORT_LABELS, CompareState, parse_compare_query
from dashboard.labels import is_missing, join_french
from dashboard.data.schema import DEFAULT_PROFILE, FRANCE, REGION_CODES

PROFILE = DEFAULT_PROFILE


def url_context(model) -> dict:
    """What parse_compare_query needs to check a link against the data."""
    return dict(domains=model.domain_ids, regions=region_names(model),
                axes=[o["value"] for o in scatter.axis_options(model)],
                default_axes=scatter.default_axes(model))


def region_names(model) -> dict[str, str]:
    return {c: model.region_names[c] for c in REGION_CODES}


def read_state(model, search) -> tuple[CompareState, list[str]]:
    return parse_compare_query(search, **url_context(model))


# -- matrix ------------------------------------------------------------------------------------

def cells_of(model, state: CompareState, method: str | None = None):
    """The matrix cells of a state (its colouring, method and report rows' choice)."""
    method = method or matrix.effective_method(state.colouring, state.method)
    return matrix.matrix_cells(model, state.colouring, method, PROFILE, state.include_doubtful)


def report_note(state: CompareState) -> str | None:
    """Which report rows the indices use, said on the matrix (not for perception alone)."""
    return None if state.colouring == "perception" else _capital(REPORT_LABELS[state.report])


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def matrix_order(model, state: CompareState) -> tuple[list[str], list[str]]:
    """(region codes top to bottom, domain ids left to right) as the matrix draws them."""
    cells = cells_of(model, state)
    return (matrix.order_regions(cells, region_names(model), state.sort_regions),
            matrix.order_domains(cells, model.domain_ids, state.sort_domains))


def matrix_figure(model, state: CompareState) -> dict:
    method = matrix.effective_method(state.colouring, state.method)
    cells = cells_of(model, state)
    names = region_names(model)
    france = (matrix.france_cells(model, state.colouring, method, PROFILE, state.include_doubtful)
              if FRANCE in state.basket else None)
    regions, domains = matrix_order(model, state)
    return figures_compare.build_matrix(
        cells, regions=regions, domains=domains, names=names, domain_labels=model.domain_labels,
        colouring=state.colouring, method=method, basket=tuple(basket_regions(state.basket)),
        france=france, report_note=report_note(state))


@dataclass(frozen=True)
class ClassNote:
    sentence: str
    rows: list[tuple]     # (region, domain, class under each method…), basket regions first
    methods: tuple[str, ...]


def class_note(model, state: CompareState) -> ClassNote:
    """Which cells change rank class from one method to another (for the chosen colouring)."""
    if state.colouring == "ecart":
        return ClassNote("Les classes de rang ne s'appliquent pas à l'écart ressenti − mesuré : "
                         "il dit où la perception dépasse la mesure, pas qui est le plus fragile.", [], ())
    # a change is compared as z-scores or ranks only (matrix.effective_method): two methods, not four
    methods = matrix.GAP_METHODS if state.colouring in matrix.STANDARDISED_ONLY else METHODS
    frames = {m: cells_of(model, state, m) for m in methods}
    changes = class_changes(frames)
    pinned = basket_regions(state.basket)
    legend = ("Classes de rang : tiers des régions classées ; sur 13, rangs 1 à 4 « "
              f"{RANK_CLASSES[0]} », 5 à 8 « {RANK_CLASSES[1]} », 9 à 13 « {RANK_CLASSES[2]} » ; "
              f"seulement quand au moins {MIN_REGIONS_COMPARABLE} régions sur {TOTAL_REGIONS} sont "
              "comparées.")
    if changes.empty:
        return ClassNote(f"Aucune région ne change de classe de rang d'une méthode à l'autre. {legend}",
                         [], methods)
    changes = changes.assign(pinned=~changes["region_code"].isin(pinned),
                             name=changes["region_code"].map(model.region_names),
                             label=changes["domain_id"].map(model.domain_labels))
    changes = changes.sort_values(["pinned", "name", "label"])
    in_basket = int((~changes["pinned"]).sum())
    regions = changes["name"].drop_duplicates().tolist()
    sentence = (f"Attention : selon la méthode, {len(changes)} cases (région × domaine) changent de "
                f"classe de rang, pour {len(regions)} région{'s' if len(regions) > 1 else ''}")
    if pinned:
        sentence += f", dont {in_basket} case{'s' if in_basket > 1 else ''} des régions du panier"
    sentence += (f". {legend} Une conclusion qui tient sous {'les deux' if len(methods) == 2 else 'les quatre'} "
                 "méthodes est plus solide "
                 "(détail ci-dessous).")
    rows = [(r.name, r.label, *[getattr(r, m) or "non classée" for m in methods])
            for r in changes.itertuples()]
    return ClassNote(sentence, rows, methods)


def matrix_table(model, state: CompareState) -> tuple[list[str], list[list[str]]]:
    """Text alternative of the matrix: header, then one row of cell texts per region."""
    method = matrix.effective_method(state.colouring, state.method)
    cells = cells_of(model, state)
    names = region_names(model)
    domains = matrix.order_domains(cells, model.domain_ids, state.sort_domains)
    by_key = figures_compare.cells_by_key(cells)
    rows = [[names[c]] + [_text_cell(by_key[(c, d)], state.colouring, method) for d in domains]
            for c in matrix.order_regions(cells, names, state.sort_regions)]
    return ["Région"] + [_text_header(model.domain_labels[d], cells, d) for d in domains], rows


def _text_cell(cell, colouring: str, method: str) -> str:
    """The text table's cell: the same value, « incompl. » for a region the index leaves out."""
    if is_missing(cell["shown"]) and figures_compare.is_incomplete(cell):
        return figures_compare.INCOMPLETE
    return figures_compare.cell_text(cell["shown"], colouring, method)


def _text_header(label: str, cells, domain: str) -> str:
    column = cells[cells["domain_id"] == domain]
    if len(column) and column["level"].iloc[0] == LEVEL_PARTIAL:
        return f"{label} ({partial_label(column['n_shown'].iloc[0])})"
    return label


def method_note(state: CompareState) -> str | None:
    """Said when the chosen method does not apply to the colouring."""
    used = matrix.effective_method(state.colouring, state.method)
    if used == state.method:
        return None
    what = "La tendance se compare" if state.colouring == "tendance" else "L'écart ressenti − mesuré se calcule"
    return (f"{what} sur des scores z ou des rangs : la méthode « "
            f"{METHOD_LABELS[state.method]} » ne s'y applique pas, le tableau montre le {METHOD_LABELS[used]}.")


# -- scatter -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScatterView:
    figure: dict
    sentence: str         # Spearman's rho, n, its 95 % interval and the permutation test, in French
    warnings: list[str]
    n: int
    class_changes: list[str]
    rho: float | None = None
    interval: tuple[float, float] = (float("nan"), float("nan"))
    p: float | None = None
    chance_note: str = scatter.CHANCE_NOTE


def axes_of(model, state: CompareState) -> tuple[scatter.Axis, scatter.Axis]:
    return (scatter.axis(model, state.x, state.method, PROFILE, state.include_doubtful),
            scatter.axis(model, state.y, state.method, PROFILE, state.include_doubtful))


def correlation(points) -> tuple[float | None, int, tuple[float, float], float | None]:
    """(rho, n, 95 % interval, permutation p) of the points with both values."""
    rho, n = scatter.spearman(points["x"], points["y"])
    p = scatter.permutation_p(points["x"], points["y"]) if rho is not None else None
    return rho, n, spearman_interval(rho, n), p


def scatter_view(model, state: CompareState, narrow: bool = False) -> ScatterView:
    x, y = axes_of(model, state)
    points = scatter.points(x, y, region_names(model))
    rho, n, interval, p = correlation(points)
    france = ((x.france, y.france) if FRANCE in state.basket and x.france is not None
              and y.france is not None else None)
    figure = figures_scatter.build_scatter(
        points, x_label=x.label, y_label=y.label, method=state.method, x_unit=x.unit, y_unit=y.unit,
        correlation=scatter.short_correlation(rho, n), basket=tuple(basket_regions(state.basket)),
        short_names=dict(zip(model.bundle.regions["code"], model.bundle.regions["nom_court"])),
        france=france, illustrative=x.illustrative or y.illustrative, narrow=narrow)
    return ScatterView(figure, scatter.correlation_sentence(rho, n, p), scatter.warnings(x, y, n), n,
                       axis_class_changes(model, state), rho, interval, p)


def axis_class_changes(model, state: CompareState) -> list[str]:
    """Regions whose rank class on an axis differs between methods (coverage, ties)."""
    out = []
    for key in dict.fromkeys((state.x, state.y)):
        frames = {m: scatter.axis(model, key, m, PROFILE, state.include_doubtful).rows for m in METHODS}
        changes = class_changes(frames, keys=("region_code",))
        if not changes.empty:
            label = scatter.axis(model, key, state.method, PROFILE, state.include_doubtful).label
            names = [model.region_names[c] for c in changes["region_code"]]
            out.append(f"{label} : {join_french(names)} change(nt) de classe de rang selon la méthode.")
    return out

