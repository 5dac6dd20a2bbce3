"""French UI text and number formats in one place: format_value(1234.5, "%") -> "1 234,5 %"."""

from __future__ import annotations

import math
import numbers
import re

import pandas as pd

from babel.numbers import format_decimal

from dashboard.data.schema import NOT_AVAILABLE

LOCALE = "fr_FR"
NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
MINUS = "\u2212"
# units that take an « s » from 2 on (French: « 1,5 point », « 2,0 points », « 0 région »)
PLURALS = {"point": "points", "écart-type": "écarts-types", "région": "régions",
           "indicateur": "indicateurs", "domaine": "domaines", "an": "ans", "année": "années"}  # French thousands separator, as Babel and plotly's separators=",\u202f" use


def is_missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, numbers.Real) and math.isnan(value))


def format_number(value, decimals: int = 1) -> str:
    """1234.5 -> « 1 234,5 » (narrow no-break space, decimal comma); missing -> « donnée non disponible »."""
    if is_missing(value):
        return NOT_AVAILABLE
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    try:  # one minus sign for negative numbers: U+2212, not the hyphen Babel writes
        return format_decimal(value, format=pattern, locale=LOCALE).replace("-", MINUS)
    except (ArithmeticError, ValueError, TypeError):   # Babel fails from 1e27 up: never empty a view
        return f"{float(value):.3e}".replace(".", ",").replace("e+", "\u00a0×\u00a010^")


def decimals_for(value: float) -> int:
    """Large counts need no decimals; rates keep one; small ratios keep two."""
    magnitude = abs(value)
    return 0 if magnitude >= 10000 else 2 if magnitude < 1 else 1


def format_value(value, unit: str = "", decimals: int | None = None) -> str:
    """A value with its unit: (12.4, "%") -> « 12,4 % »; (61417, "euros par habitant") -> « 61 417 euros par habitant »."""
    if is_missing(value):
        return NOT_AVAILABLE
    if decimals is None:  # whole euros: « 31 192 euros », never « 31 192,0 euros »
        decimals = 0 if unit.startswith("euro") and abs(value) >= 100 else decimals_for(value)
    text = format_number(value, decimals)
    if not unit:
        return text
    return f"{text}\u00a0{plural_unit(unit, value)}"


def format_signed(value, unit: str = "", decimals: int | None = None) -> str:
    """A gap with its sign: +1,2 point / −0,4."""
    if is_missing(value):
        return NOT_AVAILABLE
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return sign + format_value(abs(value), unit, decimals)


def format_rank(rank, total: int = 13) -> str:
    if is_missing(rank):
        return NOT_AVAILABLE
    rank = int(rank)
    return f"{rank}{'re' if rank == 1 else 'e'}\u00a0/\u00a0{total}"


def plural_unit(unit: str, value) -> str:
    """« point » or « points » after `value`: French takes the plural from 2 (|value| >= 2)."""
    if unit in PLURALS and not is_missing(value) and abs(float(value)) >= 2:
        return PLURALS[unit]
    return unit


def count(n: int, singular: str, plural: str | None = None) -> str:
    """« 0 région », « 1 région », « 2 régions »."""
    word = singular if abs(n) < 2 else (plural or PLURALS.get(singular, singular + "s"))
    return f"{n}{NBSP}{word}"


_LETTER = "A-Za-zÀ-ÖØ-öø-ÿŒœ"
_SPACE_BEFORE = re.compile(r"[ \u00a0\u202f]?([:;!?])(?=[\s\"<\\)]|$)")
_APOSTROPHE = re.compile(rf"(?<=[{_LETTER}])'(?=[{_LETTER}])")
_THOUSANDS = re.compile(r"(?<=\b\d) (?=\d{3}\b)|(?<=\b\d\d) (?=\d{3}\b)|(?<=\b\d\d\d) (?=\d{3}\b)")


def french_text(text: str) -> str:
    """French typography of a text (or of the JSON of a page: it never touches its syntax):
    no-break space before « : » and narrow no-break space before « ; ! ? » (when a space was
    written there), no-break spaces inside « guillemets », typographic apostrophe (« l’indice »),
    narrow no-break space between thousands typed with a space (« 1 000 »).
    Numbers are formatted by format_number (narrow no-break thousands, U+2212 minus)."""
    if not text:
        return text
    text = _SPACE_BEFORE.sub(_spaced, text)
    text = text.replace("« ", "«" + NBSP).replace(" »", NBSP + "»")
    text = _THOUSANDS.sub(NARROW_NBSP, text)   # « 1 000 habitants » typed in the data
    return _APOSTROPHE.sub("\u2019", text)


def _spaced(match: re.Match) -> str:
    whole, mark = match.group(0), match.group(1)
    if whole == mark:  # « 10:30 », « http: » : no space was written, none is added
        return mark
    return (NBSP if mark == ":" else NARROW_NBSP) + mark


def join_french(items: list[str]) -> str:
    """["a", "b", "c"] -> « a, b et c »."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def wrap_words(text: str, width: int) -> str:
    """Plotly has no text wrapping: break `text` with <br> into lines of at most `width`
    characters (a longer single word keeps its own line)."""
    lines, line = [], ""
    for word in str(text).split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join(lines + [line])
