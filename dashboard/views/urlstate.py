"""The whole view lives in the URL: parse a query string safely, write one back.

`?region=53&domaine=sante&indicateur=chomage_2019&profil=elus&panier=53,11,FRM`, and for an
indicator that is a series the year the map shows (`&annee=2019`, issue 14). Anything unknown or
malformed is dropped with a French notice and the default takes its place: a tampered link never
breaks the page.
The region may also be written by its name, as people type it: `?region=bretagne`,
`?region=Provence-Alpes-Côte d'Azur` (case, accents, hyphens and apostrophes folded, as imports
compare names). The comparison basket (`panier`) is read and written by dashboard/analysis/basket.py, shared
with /comparer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import parse_qs, urlencode

from dashboard.analysis.basket import BASKET_PARAM, basket_query, parse_basket
from dashboard.imports.rules import squash
from dashboard.data.schema import DEFAULT_PROFILE, PROFILE_LABELS, PROFILES

MAX_QUERY_LENGTH = 2000
INDEX_CHOICE = "indice"  # indicator picker value meaning « the domain's fragility index »


@dataclass(frozen=True)
class ViewState:
    domain: str
    indicator: str = INDEX_CHOICE
    region: str | None = None
    basket: tuple[str, ...] = ()  # pinned regions (at most 4), then « FRM » when France is pinned
    profile: str = DEFAULT_PROFILE  # whose perception: citoyens, elus, entreprises, associations
    year: int | None = None  # the map's year for an indicator that is a series (None: its current year)

    def with_(self, **changes) -> "ViewState":
        return replace(self, **changes)


def parse_query(search: str | None, *, domains: list[str], indicators_by_domain: dict[str, list[str]],
                regions: dict[str, str], default_domain: str,
                years_by_indicator: dict[str, tuple[int, ...]] | None = None) -> tuple[ViewState, list[str]]:
    """(state, notices) from `?…`; every notice is a French sentence for the user."""
    notices: list[str] = []
    search = search if isinstance(search, str) else ""
    if len(search) > MAX_QUERY_LENGTH:
        return ViewState(domain=default_domain), ["Adresse trop longue : vue par défaut affichée."]
    params = {k: v[-1] for k, v in parse_qs(search.lstrip("?"), keep_blank_values=True).items()}

    domain = params.get("domaine", default_domain)
    if domain not in domains:
        notices.append(f"Domaine « {_short(domain)} » inconnu : domaine par défaut affiché.")
        domain = default_domain

    indicator = params.get("indicateur", INDEX_CHOICE)
    if indicator != INDEX_CHOICE and indicator not in indicators_by_domain.get(domain, []):
        notices.append(f"Indicateur « {_short(indicator)} » inconnu pour ce domaine : "
                       "indice du domaine affiché.")
        indicator = INDEX_CHOICE

    region = params.get("region")
    region = region_code(region, regions) or region
    if region is not None and region not in regions:
        notices.append(f"Région « {_short(region)} » inconnue : choisissez une région dans la liste.")
        region = None
    profile = params.get("profil", DEFAULT_PROFILE)
    if profile not in PROFILES:
        notices.append(f"Profil « {_short(profile)} » inconnu : perception des "
                       f"{PROFILE_LABELS[DEFAULT_PROFILE].lower()} affichée.")
        profile = DEFAULT_PROFILE

    year, year_notices = parse_year(params.get(YEAR_PARAM), indicator, years_by_indicator or {})
    basket, basket_notices = parse_basket(params.get(BASKET_PARAM, ""), regions)
    return ViewState(domain=domain, indicator=indicator, region=region, basket=tuple(basket),
                     profile=profile, year=year), notices + year_notices + basket_notices


YEAR_PARAM = "annee"


def parse_year(text, indicator: str, years_by_indicator: dict) -> tuple[int | None, list[str]]:
    """`annee`: one of the years of the indicator's series; anything else is dropped with a
    French notice (the map then shows the indicator's current year)."""
    if text is None:
        return None, []
    years = years_by_indicator.get(indicator, ())
    if text.isdigit() and len(text) == 4 and int(text) in years:
        return int(text), []
    if indicator == INDEX_CHOICE or len(years) < 2:
        return None, [f"Année « {_short(text)} » ignorée : l'indice ou l'indicateur affiché n'a pas de série "
                      "d'années."]
    return None, [f"Année « {_short(text)} » non disponible pour cet indicateur (années : {years[0]} à "
                  f"{years[-1]}) : dernière année comparable affichée."]


def to_query(state: ViewState, extra: dict[str, str] | None = None) -> str:
    params = {}
    if state.region:
        params["region"] = state.region
    params["domaine"] = state.domain
    if state.indicator and state.indicator != INDEX_CHOICE:
        params["indicateur"] = state.indicator
    if state.year is not None and state.indicator != INDEX_CHOICE:
        params[YEAR_PARAM] = str(state.year)
    if state.profile != DEFAULT_PROFILE:
        params["profil"] = state.profile
    params.update({k: v for k, v in (extra or {}).items() if v})
    basket = basket_query(state.basket)  # commas kept readable, as /comparer writes it
    return "?" + urlencode(params) + ("&" + basket if basket else "")


def region_code(text, regions: dict[str, str]) -> str | None:
    """The code of the region `text` names: its code, or its name in any case, with or without
    accents, hyphens, apostrophes or spaces (« bretagne », « PROVENCE ALPES COTE D'AZUR »); None
    when it names none. `regions` maps code -> name."""
    if not isinstance(text, str) or not text.strip() or len(text) > 100:
        return None
    if text.strip() in regions:
        return text.strip()
    key = squash(text)
    return next((code for code, name in regions.items() if squash(name) == key), None) if key else None


def _short(text: str, limit: int = 40) -> str:
    text = "".join(ch for ch in str(text) if ch.isprintable())
    return text if len(text) <= limit else text[:limit] + "…"
