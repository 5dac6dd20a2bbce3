"""Workshop mode (« mode atelier »): the step sequence, its URL state and projector-sized figures.

`/atelier?region=53&etape=3&domaines=emploi,sante`: the region, the 1-based step and, optionally,
which domain steps to show. Steps: overview map, region profile, divergences, then one per domain.
Pure code: layouts/pages/workshop.py turns a step into components.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

from dashboard import figures
from dashboard.model import Model
from dashboard.schema import REGION_CODES
from dashboard.urlstate import MAX_QUERY_LENGTH, _short

FIXED_STEPS = ("carte", "profil", "divergences")
STEP_TITLES = {
    "carte": "Où se situe la région",
    "profil": "Chiffres clés",
    "divergences": "Là où ressenti et mesure divergent le plus",
}
# Projectors wash light tints out: regions outside the selection stay a mid grey with dark
# borders, the selection takes the app's darkest orange (colour-blind safe against grey).
LOCATOR_OTHER = "#bdbdbd"
LOCATOR_SELECTED = "#a63603"
MIN_FONT = 24  # text on the projected slide: at least 24 px at 1920 x 1080


@dataclass(frozen=True)
class WorkshopState:
    region: str | None
    step: int                       # 1-based, always within the sequence
    domains: tuple[str, ...]        # the domain steps, in the order the link gives
    custom_domains: bool = False    # True when the link chose the domains (kept in the links)

    @property
    def steps(self) -> tuple[str, ...]:
        return FIXED_STEPS + tuple(f"domaine:{d}" for d in self.domains)

    @property
    def current(self) -> str:
        return self.steps[self.step - 1]

    def query(self, step: int | None = None) -> str:
        params = {"region": self.region or "", "etape": str(step or self.step)}
        if self.custom_domains:
            params["domaines"] = ",".join(self.domains)
        return "?" + urlencode({k: v for k, v in params.items() if v}, safe=",")


def parse_workshop_query(search: str | None, domain_ids: list[str]) -> tuple[WorkshopState, list[str]]:
    """(state, French notices): anything unknown is dropped and the default takes its place."""
    notices: list[str] = []
    search = search if isinstance(search, str) else ""
    if len(search) > MAX_QUERY_LENGTH:
        return WorkshopState(None, 1, tuple(domain_ids)), ["Adresse trop longue : choisissez une région."]
    params = {k: v[-1] for k, v in parse_qs(search.lstrip("?"), keep_blank_values=True).items()}

    region = params.get("region")
    if region is not None and region not in REGION_CODES:
        notices.append(f"Région « {_short(region)} » inconnue : choisissez une région ci-dessous.")
        region = None

    domains, custom = tuple(domain_ids), False
    if "domaines" in params:
        asked = [d.strip() for d in params["domaines"].split(",") if d.strip()]
        unknown = [d for d in asked if d not in domain_ids]
        if unknown:
            notices.append("Domaine(s) inconnu(s) ignoré(s) : "
                           + ", ".join(f"« {_short(d)} »" for d in unknown[:5]) + ".")
        chosen = list(dict.fromkeys(d for d in asked if d in domain_ids))  # the facilitator's order
        if chosen:
            domains, custom = tuple(chosen), True
        else:
            notices.append("Aucun domaine valide : les 16 domaines sont présentés.")

    state = WorkshopState(region, 1, domains, custom)
    raw_step = params.get("etape", "1")
    try:
        step = int(raw_step)
    except ValueError:
        step = 0
    if 1 <= step <= len(state.steps):
        state = WorkshopState(region, step, domains, custom)
    else:
        notices.append(f"Étape « {_short(raw_step)} » inexistante (1 à {len(state.steps)}) : "
                       "première étape affichée.")
    return state, notices


def step_title(model: Model, step: str) -> str:
    if step.startswith("domaine:"):
        return model.domain_labels[step.split(":", 1)[1]]
    return STEP_TITLES[step]


def locator_figure(geometry, names: dict[str, str], region: str | None, *, title: str = "") -> dict:
    """The 13 regions in grey, the chosen one in dark orange with a black outline."""
    codes = list(names)
    layer = figures.map_layer(codes, [1.0 if c == region else 0.0 for c in codes],
                              [["", ""] for c in codes], colorbar_title="", diverging=False)
    layer.update(colorscale=[[0, LOCATOR_OTHER], [1, LOCATOR_SELECTED]], showscale=False,
                 reversescale=False, zmin=0, zmax=1)
    layer.pop("colorbar", None)
    fig = figures.build_choropleth(geometry, names, layer, title=title, missing_count=0, selected=region)
    fig["data"][1]["hovertemplate"] = "<b>%{text}</b><extra></extra>"
    if not title:
        fig["layout"]["margin"] = {"l": 0, "r": 0, "t": 0, "b": 0}
    return fig


def projector(fig: dict, font_size: int = MIN_FONT) -> dict:
    """A copy of a figure with every text at least `font_size` px and bolder marks."""
    fig = copy.deepcopy(fig)
    layout = fig.setdefault("layout", {})
    layout["font"] = {**layout.get("font", {}), "size": font_size, "color": "#000000"}
    if isinstance(layout.get("title"), dict):
        layout["title"]["font"] = {"size": font_size + 6}
    for annotation in layout.get("annotations", []):
        annotation["font"] = {**annotation.get("font", {}), "size": font_size}
        if "bgcolor" in annotation:  # warning boxes: black on saturated yellow survives a projector
            annotation.update(bgcolor="#ffe08a", bordercolor="#000000", borderwidth=2,
                              text=annotation.get("text", "").replace("<br>", " "))  # a wide slide: one line
            annotation["font"]["color"] = "#000000"
    for axis in ("xaxis", "yaxis"):
        if axis in layout:
            layout[axis]["tickfont"] = {"size": font_size}
            if isinstance(layout[axis].get("title"), dict):
                layout[axis]["title"]["font"] = {"size": font_size}
    if "legend" in layout:
        layout["legend"]["font"] = {"size": font_size}
    layout["hoverlabel"] = {"font": {"size": font_size}}
    for trace in fig.get("data", []):
        if "textfont" in trace:
            trace["textfont"] = {**trace["textfont"], "size": font_size}
        if trace.get("type") == "scatter":
            trace.setdefault("marker", {})["size"] = 22
        colorbar = trace.get("colorbar")
        if colorbar:
            colorbar["tickfont"] = {"size": font_size}
            colorbar.setdefault("title", {})["font"] = {"size": font_size}
    return fig


__all__ = ["WorkshopState", "parse_workshop_query", "step_title", "locator_figure", "projector",
           "MIN_FONT"]
