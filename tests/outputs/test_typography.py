"""French typography in one formatting module (dashboard/labels.py), issue 12 §5."""

from __future__ import annotations

import json

import pytest

from dashboard.labels import count, format_number, format_signed, format_value, french_text

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize("written, typeset", [
    ("Bretagne : profil", f"Bretagne{NBSP}: profil"),
    ("Quoi ? Oui ; non !", f"Quoi{NNBSP}? Oui{NNBSP}; non{NNBSP}!"),
    ("« santé »", f"«{NBSP}santé{NBSP}»"),
    ("l'indice d'accès", "l\u2019indice d\u2019accès"),
    ("aujourd'hui", "aujourd\u2019hui"),
    ("pour 1 000 habitants", f"pour 1{NNBSP}000 habitants"),
    ("100 000 et 2016 2017", f"100{NNBSP}000 et 2016 2017"),
])
def test_french_text_spaces_the_high_punctuation_the_guillemets_and_curls_apostrophes(written, typeset):
    assert french_text(written) == typeset


@pytest.mark.parametrize("untouched", ["http://127.0.0.1:8050/?region=53", "a:b", "%{x:.2f}",
                                       "style='color:#b0b0b0'", "10:30", ""])
def test_french_text_leaves_addresses_templates_and_markup_alone(untouched):
    assert french_text(untouched) == untouched


def test_french_text_keeps_json_valid():
    page = json.dumps({"title": "Emploi : les 13 régions", "href": "/comparer?panier=53", "z": [-1.5, 2]},
                      ensure_ascii=False)
    assert json.loads(french_text(page)) == {"title": f"Emploi{NBSP}: les 13 régions",
                                             "href": "/comparer?panier=53", "z": [-1.5, 2]}


def test_negative_numbers_take_the_minus_sign_and_thousands_a_narrow_no_break_space():
    assert format_number(-3.25) == "\u22123,2"
    assert format_number(1234567, 0) == f"1{NNBSP}234{NNBSP}567"
    assert "-" not in format_value(-1234.5, "%")


def test_whole_euros_have_no_decimal():
    assert format_value(31192.0, "euros par habitant") == f"31{NNBSP}192{NBSP}euros par habitant"


@pytest.mark.parametrize("value, unit, text", [
    (2.2, "point", f"+2,2{NBSP}points"), (1.5, "point", f"+1,5{NBSP}point"),
    (-2.0, "écart-type", f"\u22122,0{NBSP}écarts-types"), (0.4, "écart-type", f"+0,40{NBSP}écart-type")])
def test_units_agree_in_number_from_two(value, unit, text):
    assert format_signed(value, unit) == text


def test_counts_are_singular_below_two():
    assert (count(0, "région"), count(1, "région"), count(2, "région")) == (
        f"0{NBSP}région", f"1{NBSP}région", f"2{NBSP}régions")


def test_csv_and_xlsx_texts_are_typeset_and_numbers_untouched():
    import pandas as pd

    from dashboard.outputs.exports import typeset

    frame = pd.DataFrame({"domaine": ["Accès au numérique : l'indice"], "valeur": [-1.5]})
    out = typeset(frame)
    assert out.loc[0, "domaine"] == f"Accès au numérique{NBSP}: l\u2019indice"
    assert out.loc[0, "valeur"] == -1.5
