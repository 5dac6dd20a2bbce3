"""Every provenance badge is readable: its text against its background meets WCAG AA (4.5:1)."""

from __future__ import annotations

import pytest

from dashboard.data.schema import KIND_IMPORTED, KIND_LABELS
from layouts.components import kind_badge


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    hex_ = colour.lstrip("#")
    assert len(hex_) == 6, colour

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(hex_[i:i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_ratio_matches_the_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("kind", [*KIND_LABELS, "nature-inconnue"])
def test_every_kind_badge_text_has_aa_contrast_on_its_background(kind):
    badge = kind_badge(kind)
    ratio = contrast_ratio(badge.style["color"], badge.style["backgroundColor"])
    assert ratio >= 4.5, (kind, badge.style, round(ratio, 2))


def test_imported_badge_says_its_french_label_in_dark_text_on_a_light_background():
    badge = kind_badge(KIND_IMPORTED)
    assert badge.children == "Données importées"
    assert _luminance(badge.style["backgroundColor"]) > _luminance(badge.style["color"])
