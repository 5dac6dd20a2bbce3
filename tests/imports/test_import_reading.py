"""Reading imported files and understanding their cells: encodings, separators, numbers, names."""

from __future__ import annotations

import io

import pytest

from dashboard.imports import rules
from dashboard.imports.check import recognise
from dashboard.imports.intake import check_file
from dashboard.imports.files import FileRefused, decode, is_formula, read_table, sniff_separator
from dashboard.imports.rules import Vocabulary, fold
from dashboard.data.loading import get_bundle


@pytest.fixture(scope="module")
def vocabulary():
    return Vocabulary.from_bundle(get_bundle())


# -- bytes to text -----------------------------------------------------------------------------

@pytest.mark.parametrize("content,text,name", [
    ("Région;Santé".encode(), "Région;Santé", "UTF-8"),
    (b"\xef\xbb\xbf" + "Région".encode(), "Région", "UTF-8 avec BOM"),
    ("Région;Élus;œuvre".encode("cp1252"), "Région;Élus;œuvre", "Windows-1252 ou Latin-1"),
    ("Région;Élus".encode("latin-1"), "Région;Élus", "Windows-1252 ou Latin-1"),
    (b"\xff\xfe" + "Région".encode("utf-16-le"), "Région", "UTF-16"),
])
def test_text_is_decoded_whatever_the_spreadsheet_saved_it_as(content, text, name):
    assert decode(content) == (text, name)


@pytest.mark.parametrize("text,separator", [
    ("region;domaine;note\n53;emploi;6,4\n", ";"),
    ("region,domaine,note\n53,emploi,\"6,4\"\n", ","),
    ("region\tdomaine\tnote\n53\temploi\t6,4\n", "\t"),
    ("libellé;Taux, en %\ndomaine;Emploi\nregion;valeur\n53;6,4\n", ";"),
    ("libellé,\"Taux, en %\"\ndomaine,Emploi\n", ","),
    ("region\n53\n", ";"),
])
def test_the_separator_is_the_one_found_on_most_lines(text, separator):
    assert sniff_separator(text) == separator


@pytest.mark.parametrize("cell,formula", [
    ("=A1+1", True), ("=6", True), ("+A1", True), ("-A1*2", True), ("@SOMME(A1:A3)", True),
    ("-3,5", False), ("+33", False), ("6,4", False), ("", False), ("-", False), ("Emploi", False),
])
def test_a_cell_a_spreadsheet_would_compute_is_a_formula(cell, formula):
    assert is_formula(cell) is formula


def test_rows_keep_the_numbers_a_spreadsheet_shows_and_skip_empty_lines():
    table = read_table(b"region;note\r\n\r\n53;6,4\r\n;\r\n11;7\r\n")
    assert [number for number, _ in table.rows] == [1, 3, 5]


def test_a_file_over_the_limit_is_refused_before_being_read():
    with pytest.raises(FileRefused, match="taille maximale d'un import est 1 Mo"):
        read_table(b"x" * (1024 * 1024 + 1), limit=1024 * 1024)


def test_an_xlsx_cell_gives_the_text_a_person_sees():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["region", "annee", "note", "effectif"])
    book.active.append([53, 2023.0, 6.4, True])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue())
    assert table.rows[1] == (2, ("53", "2023", "6.4", "oui"))
    assert table.formulas == ()


# -- what the cells mean ---------------------------------------------------------------------

@pytest.mark.parametrize("text,number", [
    ("6,4", 6.4), ("6.4", 6.4), ("1 234,5", 1234.5), ("1\u202f234,5", 1234.5), ("1.234,5", 1234.5),
    ("1,234.5", 1234.5), ("12 %", 12.0), ("-0,5", -0.5), ("1e3", 1000.0),
    ("", None), ("six", None), ("6,4,2", None), ("nan", None), ("inf", None),
])
def test_numbers_are_read_in_french_or_english_writing(text, number):
    assert rules.parse_number(text) == number


@pytest.mark.parametrize("text", ["Provence-Alpes-Côte d'Azur", "PROVENCE ALPES COTE D’AZUR",
                                  "provence alpes cote d azur", "93", "Région Provence-Alpes-Côte d'Azur",
                                  "PACA"])
def test_a_region_is_found_by_code_or_name_whatever_the_case_accents_and_punctuation(vocabulary, text):
    assert vocabulary.region(text) == ("93", None)


@pytest.mark.parametrize("former,current", [("Rhône-Alpes", "Auvergne-Rhône-Alpes (84)"),
                                            ("Picardie", "Hauts-de-France (32)"),
                                            ("Centre", "Centre-Val de Loire (24)"),
                                            ("nord pas de calais", "Hauts-de-France (32)")])
def test_a_former_region_is_refused_naming_the_region_it_became_part_of(vocabulary, former, current):
    code, problem = vocabulary.region(former)
    assert code is None and "ancienne région" in problem and current in problem


def test_a_misspelt_region_gets_a_suggestion(vocabulary):
    assert "vouliez-vous dire « Occitanie » ?" in vocabulary.region("Ocitanie")[1]


@pytest.mark.parametrize("text,domain", [("Santé", "sante"), ("sante", "sante"),
                                         ("Transition énergétique", "transition_energetique"),
                                         ("transition_energetique", "transition_energetique"),
                                         ("ACCÈS AU NUMÉRIQUE", "numerique"), ("Health", "sante")])
def test_a_domain_is_found_by_id_or_label(vocabulary, text, domain):
    assert vocabulary.domain(text) == (domain, None)


@pytest.mark.parametrize("text,profile", [("élus", "elus"), ("Élus", "elus"), ("ELUS", "elus"),
                                          ("élu", "elus"), ("Citoyens", "citoyens"),
                                          ("entreprise", "entreprises"), ("associations", "associations")])
def test_a_profile_is_found_whatever_its_spelling(text, profile):
    assert rules.profile(text) == (profile, None)


@pytest.mark.parametrize("text,ok", [("0", True), ("10", True), ("6,4", True), ("10,01", False),
                                     ("-0,1", False), ("", False), ("bien", False)])
def test_a_score_is_a_number_from_0_to_10(text, ok):
    _value, problem = rules.score(text)
    assert (problem is None) is ok


@pytest.mark.parametrize("text,value", [("", None), ("850", 850), ("1 200", 1200), ("12.0", 12)])
def test_a_sample_size_is_a_positive_integer_or_nothing(text, value):
    assert rules.sample_size(text) == (value, None)


def test_folding_ignores_case_accents_hyphens_and_apostrophes():
    assert fold("  Côte-d’Azur  ÉLUS ") == "cote d azur elus"


# -- templates recognised ------------------------------------------------------------------------

def test_the_template_is_recognised_from_its_header_or_its_metadata():
    assert recognise(read_table(b"region;domaine;profil;annee;note\n53;emploi;citoyens;2023;6\n")) \
        == ("perception", 0)
    assert recognise(read_table("libellé;X\ndomaine;Emploi\n\nregion;valeur\n53;1\n".encode())) \
        == ("indicateur", 2)
    assert recognise(read_table(b"a;b\n1;2\n")) == (None, 0)


def test_an_indicator_file_becomes_a_catalogue_entry_with_its_values(vocabulary):
    text = ("Libellé;Part des jeunes\nDomaine;Santé\nUnité;%\nAnnée;2021\nSource;Observatoire\n"
            "Plus élevé = plus fragile;non\n\nRégion;Valeur\nBretagne;12,5\nFrance métropolitaine;11\n"
            "Corse;nd\n")
    result = check_file(text.encode("cp1252"), "i.csv", vocabulary)
    assert result.valid, result.problems
    meta = result.entry["indicateur"]
    assert meta["id"] == "import_part_des_jeunes_2021" and meta["domaine"] == "sante"
    assert meta["sens"] is False and meta["url"] == ""
    assert result.entry["valeurs"] == [["53", 12.5], ["FRM", 11.0]]
    assert any("Moins de 3 régions" in note for note in result.notes)


def test_columns_the_template_does_not_know_are_ignored_and_said(vocabulary):
    text = "region;domaine;profil;annee;note;commentaire\n53;emploi;citoyens;2023;6;RAS\n"
    result = check_file(text.encode(), "p.csv", vocabulary)
    assert result.valid and result.notes == ("Colonnes ignorées : « commentaire ».",)


def test_a_formula_is_the_only_problem_said_for_its_row(vocabulary):
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "import_corpus" / "bad" / "formule.xlsx"
    result = check_file(path.read_bytes(), "formule.xlsx", vocabulary)
    assert result.problems == ("ligne 2, colonne E (note) : la cellule contient une formule (attendu : "
                               "une valeur ; copiez les cellules puis « Collage spécial > Valeurs »).",)
