"""Workshop mode (« mode atelier »): the step sequence and its URL state.

`/atelier?region=53&etape=3&profil=elus&domaines=emploi,sante`: the region, the 1-based step, whose
perception the felt side shows and, optionally, which domain steps to show. Steps: where the region
stands (measured, region_view.region_summary), key figures, felt versus measured, then one per domain.
Every size on a slide follows the window (`Viewport`, dashboard/views/workshop_figures.py, with the
projector-sized figures). Pure code: layouts/pages/workshop.py turns a step into components.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

from dashboard.analysis.model import Model
from dashboard.data.schema import (DEFAULT_PROFILE, KIND_ILLUSTRATIVE, PROFILE_LABELS, PROFILES,
                              REGION_CODES)
from dashboard.views.urlstate import MAX_QUERY_LENGTH, _short
from dashboard.views.workshop_figures import (  # noqa: F401  (the workshop's figures, one import away)
    DEFAULT_VIEWPORT, MIN_FONT, Viewport, comparison_figure, evolution_figure, locator_figure, parse_viewport,
    place_labels, projector, quadrant_figure)

FIXED_STEPS = ("carte", "profil", "divergences")
EVOLUTION = "evolution"   # the optional last step, for a region with at least one series (issue 14)
STEP_TITLES = {
    "carte": "Où se situe la région",
    "profil": "Chiffres clés",
    "divergences": "Là où ressenti et mesure divergent le plus",
    EVOLUTION: "Évolution",
}

# -- the URL state ---------------------------------------------------------------------------

@dataclass(frozen=True)
class WorkshopState:
    region: str | None
    step: int                       # 1-based, always within the sequence
    domains: tuple[str, ...]        # the domain steps, in the order the link gives
    custom_domains: bool = False    # True when the link chose the domains (kept in the links)
    profile: str = DEFAULT_PROFILE  # whose perception the felt side shows (« Perception de »)
    evolution: bool = False         # the region has a series: « Évolution » closes the sequence

    @property
    def steps(self) -> tuple[str, ...]:
        # last, so that the step numbers of links made before the series existed still hold
        return (FIXED_STEPS + tuple(f"domaine:{d}" for d in self.domains)
                + ((EVOLUTION,) if self.evolution else ()))

    @property
    def current(self) -> str:
        return self.steps[self.step - 1]

    def query(self, step: int | None = None) -> str:
        params = {"region": self.region or "", "etape": str(step or self.step),
                  "profil": "" if self.profile == DEFAULT_PROFILE else self.profile}
        if self.custom_domains:
            params["domaines"] = ",".join(self.domains)
        return "?" + urlencode({k: v for k, v in params.items() if v}, safe=",")


def parse_workshop_query(search: str | None, domain_ids: list[str],
                         has_series=None) -> tuple[WorkshopState, list[str]]:
    """(state, French notices): anything unknown is dropped and the default takes its place.
    `has_series(region)` says whether the region gets the step « Évolution » (none without it)."""
    notices: list[str] = []
    search = search if isinstance(search, str) else ""
    if len(search) > MAX_QUERY_LENGTH:
        return WorkshopState(None, 1, tuple(domain_ids)), ["Adresse trop longue : choisissez une région."]
    params = {k: v[-1] for k, v in parse_qs(search.lstrip("?"), keep_blank_values=True).items()}

    region = params.get("region")
    if region is not None and region not in REGION_CODES:
        notices.append(f"Région « {_short(region)} » inconnue : choisissez une région ci-dessous.")
        region = None

    profile = params.get("profil") or DEFAULT_PROFILE
    if profile not in PROFILES:
        notices.append(f"Perception « {_short(profile)} » inconnue : celle des citoyens est présentée.")
        profile = DEFAULT_PROFILE

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

    raw_step = params.get("etape", "1")
    try:
        step = int(raw_step)
    except ValueError:
        step = 0
    evolution = bool(region and has_series and has_series(region))
    total = len(FIXED_STEPS) + len(domains) + evolution
    if not 1 <= step <= total:
        notices.append(f"Étape « {_short(raw_step)} » inexistante (1 à {total}) : première étape affichée.")
        step = 1
    return WorkshopState(region, step, domains, custom, profile, evolution), notices


def step_title(model: Model, step: str) -> str:
    if step.startswith("domaine:"):
        return model.domain_labels[step.split(":", 1)[1]]
    return STEP_TITLES[step]


def perception_of(profile: str) -> str:
    """« Perception des élus »: whose perception the slides show."""
    return f"Perception des {PROFILE_LABELS[profile].lower()}"


# -- what the slides say (the home page's findings, shorter) ---------------------------------

def divergence_items(model: Model, region: str, profile: str) -> tuple[list[dict], bool]:
    """region_view.divergence() as a list: ([{label, direction, quadrant}], illustrative)."""
    from dashboard.analysis.indicators import largest_divergences

    top = largest_divergences(model.felt_measured[profile], region, 3)
    items = [dict(label=model.domain_labels[row.domain_id], quadrant=row.quadrant,
                  direction="ressenti plus fort que mesuré" if row.gap > 0 else "mesuré plus fort que ressenti")
             for row in top.itertuples()]
    return items, bool((top["perception_kind"] == KIND_ILLUSTRATIVE).any())


def has_series(model: Model):
    """has_series(region) for parse_workshop_query: the region has a trend of >= 3 years."""
    from dashboard.views import region as region_view

    return lambda region: bool(region_view.region_trends(model, region))


def headline_trend(model: Model, region: str) -> tuple[dict | None, int]:
    """(the region's most moved series — largest change in percent, then in its unit — and how
    many others it has). A slide shows one message; the others are in the region report."""
    from dashboard.views import region as region_view
    from dashboard.labels import is_missing

    trends = [t for t in region_view.region_trends(model, region) if t["change"]]
    if not trends:
        return None, 0
    def moved(t):
        percent = t["change"]["percent"]
        return (0 if is_missing(percent) else abs(percent), abs(t["change"]["change"]))
    return max(trends, key=moved), len(trends) - 1


def evolution_message(item: dict) -> str:
    """« +1,7 victime pour 1 000 habitants (+73,9 %) de 2016 à 2024 ; l'écart à la France
    métropolitaine est stable. » (under 25 words: the
    indicator's name is the slide's subtitle)."""
    from dashboard.analysis import series
    from dashboard.labels import french_text

    moved, gap = item["change"], item["gap"]
    text = (f"{series.signed(moved['change'], item['unit'])} ({series.percent_text(moved['percent'])}) "
            f"de {moved['first_year']} à {moved['last_year']}")
    if gap is None:
        return french_text(text + ".")
    words = "est stable" if gap["trend"] == series.STABLE else f"s'est {gap['trend']}"
    return french_text(text + f" ; l'écart à la {series.FRANCE_NAME} {words}.")


__all__ = ["has_series", "headline_trend", "evolution_message", "evolution_figure", "EVOLUTION", "WorkshopState", "Viewport", "parse_workshop_query", "parse_viewport", "step_title",
           "locator_figure", "projector", "quadrant_figure", "comparison_figure", "divergence_items",
           "perception_of", "place_labels", "DEFAULT_VIEWPORT", "MIN_FONT"]
