"""What the comparison page shows for a Model and a CompareState: figures, frames and sentences.

The page layout (layouts/pages/compare.py) and its callbacks (callbacks/compare.py) both call
these, so the first render and every update are the same code. No Dash imports.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import figures_compare, matrix, scatter
from dashboard.basket import basket_regions
from dashboard.compare import METHOD_LABELS, METHODS, RANK_CLASSES, class_changes
from dashboard.compare_url import CompareState, parse_compare_query
from dashboard.labels import join_french
from dashboard.schema import DEFAULT_PROFILE, FRANCE, REGION_CODES

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

def matrix_order(model, state: CompareState) -> tuple[list[str], list[str]]:
    """(region codes top to bottom, domain ids left to right) as the matrix draws them."""
    method = matrix.effective_method(state.colouring, state.method)
    cells = matrix.matrix_cells(model, state.colouring, method, PROFILE)
    return (matrix.order_regions(cells, region_names(model), state.sort_regions),
            matrix.order_domains(cells, model.domain_ids, state.sort_domains))


def matrix_figure(model, state: CompareState) -> dict:
    method = matrix.effective_method(state.colouring, state.method)
    cells = matrix.matrix_cells(model, state.colouring, method, PROFILE)
    names = region_names(model)
    france = (matrix.france_cells(model, state.colouring, method, PROFILE)
              if FRANCE in state.basket else None)
    regions, domains = matrix_order(model, state)
    return figures_compare.build_matrix(
        cells, regions=regions, domains=domains, names=names, domain_labels=model.domain_labels, colouring=state.colouring, method=method,
        basket=tuple(basket_regions(state.basket)), france=france)


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
    frames = {m: matrix.matrix_cells(model, state.colouring, m, PROFILE) for m in METHODS}
    changes = class_changes(frames)
    pinned = basket_regions(state.basket)
    legend = ("Classes de rang : tiers des régions classées ; sur 13, rangs 1 à 4 « "
              f"{RANK_CLASSES[0]} », 5 à 8 « {RANK_CLASSES[1]} », 9 à 13 « {RANK_CLASSES[2]} ».")
    if changes.empty:
        return ClassNote(f"Aucune région ne change de classe de rang d'une méthode à l'autre. {legend}",
                         [], METHODS)
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
    sentence += (f". {legend} Une conclusion qui tient sous les quatre méthodes est plus solide "
                 "(détail ci-dessous).")
    rows = [(r.name, r.label, *[getattr(r, m) or "non classée" for m in METHODS])
            for r in changes.itertuples()]
    return ClassNote(sentence, rows, METHODS)


def matrix_table(model, state: CompareState) -> tuple[list[str], list[list[str]]]:
    """Text alternative of the matrix: header, then one row of cell texts per region."""
    method = matrix.effective_method(state.colouring, state.method)
    cells = matrix.matrix_cells(model, state.colouring, method, PROFILE)
    names = region_names(model)
    domains = matrix.order_domains(cells, model.domain_ids, state.sort_domains)
    by_key = cells.set_index(["region_code", "domain_id"])["shown"]
    rows = [[names[c]] + [figures_compare.cell_text(by_key[(c, d)], state.colouring, method) for d in domains]
            for c in matrix.order_regions(cells, names, state.sort_regions)]
    return ["Région"] + [model.domain_labels[d] for d in domains], rows


def method_note(state: CompareState) -> str | None:
    """Said when the chosen method does not apply to the colouring."""
    used = matrix.effective_method(state.colouring, state.method)
    if used == state.method:
        return None
    return (f"L'écart ressenti − mesuré se calcule sur des scores z ou des rangs : la méthode « "
            f"{METHOD_LABELS[state.method]} » ne s'y applique pas, le tableau montre le {METHOD_LABELS[used]}.")


# -- scatter -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScatterView:
    figure: dict
    sentence: str         # Spearman's rho, n and the permutation test, in French
    warnings: list[str]
    n: int
    class_changes: list[str]


def scatter_view(model, state: CompareState) -> ScatterView:
    x = scatter.axis(model, state.x, state.method, PROFILE)
    y = scatter.axis(model, state.y, state.method, PROFILE)
    points = scatter.points(x, y, region_names(model))
    rho, n = scatter.spearman(points["x"], points["y"])
    p = scatter.permutation_p(points["x"], points["y"]) if rho is not None else None
    france = ((x.france, y.france) if FRANCE in state.basket and x.france is not None
              and y.france is not None else None)
    figure = figures_compare.build_scatter(
        points, x_label=x.label, y_label=y.label, method=state.method, x_unit=x.unit, y_unit=y.unit,
        correlation=scatter.short_correlation(rho, n), basket=tuple(basket_regions(state.basket)),
        short_names=dict(zip(model.bundle.regions["code"], model.bundle.regions["nom_court"])),
        france=france, illustrative=x.illustrative or y.illustrative)
    return ScatterView(figure, scatter.correlation_sentence(rho, n, p), scatter.warnings(x, y, n), n,
                       axis_class_changes(model, state))


def axis_class_changes(model, state: CompareState) -> list[str]:
    """Regions whose rank class on an axis differs between methods (coverage, ties)."""
    out = []
    for key in dict.fromkeys((state.x, state.y)):
        frames = {m: scatter.axis(model, key, m, PROFILE).rows for m in METHODS}
        changes = class_changes(frames, keys=("region_code",))
        if not changes.empty:
            label = scatter.axis(model, key, state.method, PROFILE).label
            names = [model.region_names[c] for c in changes["region_code"]]
            out.append(f"{label} : {join_french(names)} change(nt) de classe de rang selon la méthode.")
    return out

