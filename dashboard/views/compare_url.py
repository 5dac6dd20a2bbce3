"""The comparison page's state lives in its URL: `/comparer?methode=z&couleur=indice&panier=53,11…`.

Anything unknown is dropped with a French notice and the default takes its place, as on the home
page (dashboard/views/urlstate.py): a tampered link never breaks the page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import parse_qs, urlencode

from dashboard.analysis.basket import BASKET_PARAM, basket_query, parse_basket
from dashboard.analysis.compare import DEFAULT_METHOD, METHOD_LABELS, METHODS
from dashboard.analysis.matrix import COLOURINGS
from dashboard.views.urlstate import MAX_QUERY_LENGTH

REGION_SORTS = ("nom", "moyenne")      # or a domain id
REPORT_PARAM = "rapport"                # the 2020 report's « douteuse » rows in the indices or not
REPORT_CHOICES = ("exclu", "inclus")    # default first: left out, as on every other page
REPORT_LABELS = {
    "exclu": "lignes « douteuses » du rapport 2020 exclues des indices (par défaut)",
    "inclus": "lignes « douteuses » du rapport 2020 incluses dans les indices (choix du lecteur)",
}
DOMAIN_SORTS = ("ordre", "couverture")  # or a region code


@dataclass(frozen=True)
class CompareState:
    x: str
    y: str
    method: str = DEFAULT_METHOD
    colouring: str = "indice"
    sort_regions: str = "nom"
    sort_domains: str = "ordre"
    basket: tuple[str, ...] = ()
    report: str = REPORT_CHOICES[0]

    @property
    def include_doubtful(self) -> bool:
        return self.report == "inclus"

    def with_(self, **changes) -> "CompareState":
        return replace(self, **changes)


def parse_compare_query(search, *, domains: list[str], regions: dict[str, str], axes: list[str],
                        default_axes: tuple[str, str]) -> tuple[CompareState, list[str]]:
    """(state, notices) from `?…`; every notice is a French sentence for the user."""
    search = search if isinstance(search, str) else ""
    default = CompareState(x=default_axes[0], y=default_axes[1])
    if len(search) > MAX_QUERY_LENGTH:
        return default, ["Adresse trop longue : vue par défaut affichée."]
    params = {k: v[-1] for k, v in parse_qs(search.lstrip("?"), keep_blank_values=True).items()}
    notices: list[str] = []

    def pick(name: str, allowed, fallback: str, what: str) -> str:
        value = params.get(name, fallback)
        if value not in allowed:
            notices.append(f"{what} : « {_short(value)} » ; valeur par défaut affichée.")
            return fallback
        return value

    method = pick("methode", METHODS, DEFAULT_METHOD, "Méthode inconnue")
    colouring = pick("couleur", COLOURINGS, "indice", "Couleur du tableau inconnue")
    sort_regions = pick("tri_regions", list(REGION_SORTS) + list(domains), "nom", "Tri des régions inconnu")
    sort_domains = pick("tri_domaines", list(DOMAIN_SORTS) + list(regions), "ordre", "Tri des domaines inconnu")
    x = pick("x", axes, default.x, "Mesure inconnue pour l'axe horizontal")
    y = pick("y", axes, default.y, "Mesure inconnue pour l'axe vertical")
    report = params.get(REPORT_PARAM, REPORT_CHOICES[0])
    if report not in REPORT_CHOICES:
        notices.append(f"Choix inconnu pour les lignes « douteuses » du rapport 2020 : « {_short(report)} » "
                       "(« inclus » ou « exclu ») ; elles restent exclues des indices, comme par défaut.")
        report = REPORT_CHOICES[0]
    basket, basket_notices = parse_basket(params.get(BASKET_PARAM, ""), regions)
    return CompareState(x=x, y=y, method=method, colouring=colouring, sort_regions=sort_regions,
                        sort_domains=sort_domains, basket=tuple(basket),
                        report=report), notices + basket_notices


def compare_query(state: CompareState) -> str:
    """The query string of a state; defaults are left out so that links stay short."""
    params = {"methode": state.method, "couleur": state.colouring}
    if state.sort_regions != "nom":
        params["tri_regions"] = state.sort_regions
    if state.sort_domains != "ordre":
        params["tri_domaines"] = state.sort_domains
    params.update(x=state.x, y=state.y)
    if state.report != REPORT_CHOICES[0]:
        params[REPORT_PARAM] = state.report
    query = urlencode(params, safe=":")
    basket = basket_query(state.basket)
    return "?" + query + ("&" + basket if basket else "")


def method_caption(method: str) -> str:
    """« Méthode : score z (écart à la moyenne des régions) », written on every chart."""
    return f"Méthode : {METHOD_LABELS[method]}"


def _short(text, limit: int = 40) -> str:
    text = "".join(ch for ch in str(text) if ch.isprintable())
    return text if len(text) <= limit else text[:limit] + "…"
