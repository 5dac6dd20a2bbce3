"""French UI text and number formats in one place: format_value(1234.5, "%") -> "1 234,5 %"."""

from __future__ import annotations

import math
import numbers

import pandas as pd

from babel.numbers import format_decimal

from dashboard.schema import NOT_AVAILABLE

LOCALE = "fr_FR"
NARROW_NBSP = "\u202f"  # French thousands separator, as Babel and plotly's separators=",\u202f" use


def is_missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, numbers.Real) and math.isnan(value))


def format_number(value, decimals: int = 1) -> str:
    """1234.5 -> « 1 234,5 » (narrow no-break space, decimal comma); missing -> « donnée non disponible »."""
    if is_missing(value):
        return NOT_AVAILABLE
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    try:
        return format_decimal(value, format=pattern, locale=LOCALE)
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
    text = format_number(value, decimals_for(value) if decimals is None else decimals)
    if not unit:
        return text
    return f"{text}\u00a0{unit}"


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
