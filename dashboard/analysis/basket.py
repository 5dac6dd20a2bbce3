"""The comparison basket: up to 4 pinned regions plus France métropolitaine, kept in the URL.

`?panier=53,11,FRM`. parse_basket() reads it (tolerant: unknown, repeated or surplus codes are
dropped with a French notice), basket_query() writes it back. No Dash imports: the home page and
the comparison page share these two functions.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from dashboard.data.schema import FRANCE

BASKET_PARAM = "panier"
MAX_REGIONS = 4          # France métropolitaine comes on top of these, as a reference
MAX_BASKET_TEXT = 200    # a longer value is a tampered link


def parse_basket(text, regions) -> tuple[list[str], list[str]]:
    """(codes, notices) from « 53,11,FRM »: region codes in the order given, France last.

    `regions` holds the valid region codes (a dict code -> name or any container of codes);
    « FRM » (France métropolitaine) is always accepted and does not count among the 4 regions.
    """
    notices: list[str] = []
    if not isinstance(text, str) or not text.strip():
        return [], notices
    if len(text) > MAX_BASKET_TEXT:
        return [], ["Panier illisible (adresse trop longue) : panier vidé."]
    codes: list[str] = []
    france = False
    unknown: list[str] = []
    for raw in text.replace(";", ",").replace(" ", ",").split(","):
        code = raw.strip().upper() if raw.strip().upper() == FRANCE else raw.strip()
        if not code:
            continue
        if code == FRANCE:
            france = True
        elif code in regions and code != FRANCE:
            if code not in codes:
                codes.append(code)
        else:
            unknown.append(_short(code))
    if unknown:
        notices.append("Code(s) de région inconnu(s) dans le panier, ignoré(s) : "
                       + ", ".join(f"« {u} »" for u in unknown[:5]) + ".")
    if len(codes) > MAX_REGIONS:
        notices.append(f"Le panier compte au plus {MAX_REGIONS} régions (plus la France "
                       f"métropolitaine) : seules les {MAX_REGIONS} premières sont gardées.")
        codes = codes[:MAX_REGIONS]
    return codes + ([FRANCE] if france else []), notices


def basket_from_query(search, regions) -> tuple[list[str], list[str]]:
    """parse_basket() of the `panier` parameter of a query string « ?…&panier=53,11 »."""
    if not isinstance(search, str) or len(search) > 2000:
        return [], []
    values = parse_qs(search.lstrip("?")).get(BASKET_PARAM)
    return parse_basket(values[-1], regions) if values else ([], [])


def basket_query(codes) -> str:
    """« panier=53,11,FRM » (commas left readable), or "" for an empty basket.

    Codes are written as given (regions first, France last); call parse_basket() first on
    anything that did not come from it.
    """
    codes = [c for c in (codes or []) if isinstance(c, str) and c]
    regions = [c for c in codes if c != FRANCE]
    ordered = list(dict.fromkeys(regions)) + ([FRANCE] if FRANCE in codes else [])
    return f"{BASKET_PARAM}={','.join(ordered)}" if ordered else ""


def basket_regions(codes) -> list[str]:
    """The pinned regions, France métropolitaine left out."""
    return [c for c in (codes or []) if c != FRANCE]


def _short(text: str, limit: int = 20) -> str:
    text = "".join(ch for ch in str(text) if ch.isprintable())
    return text if len(text) <= limit else text[:limit] + "…"
