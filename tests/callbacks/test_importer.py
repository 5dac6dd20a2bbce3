"""Import page callbacks, called directly: a valid file fills the session's store, an invalid one
leaves it as it was (no_update) and lists its problems in French; the views then use the store."""

from __future__ import annotations

import base64
from pathlib import Path

from dash import no_update

import app  # noqa: F401  (builds the app once: registers the callbacks)
from callbacks.explore import update_map, update_region_view
from callbacks.importer import file_bytes, import_file, reset_imports, show_active_imports
from dashboard.imports.merging import MAX_FILES
from tests.callbacks.conftest import patched
from tests.web.conftest import visible_texts

CORPUS = Path(__file__).resolve().parents[1] / "import_corpus"
PERCEPTION = "region;domaine;profil;annee;note;effectif\nBretagne;Emploi;citoyens;2023;9,7;800\n"


def pending(content: bytes, filename: str = "resultats.csv") -> dict:
    """What the page's clientside check hands over: dcc.Upload's data URL and the file name."""
    return {"contents": "data:text/csv;base64," + base64.b64encode(content).decode(), "filename": filename}


def text_of(component) -> str:
    return " ".join(visible_texts(component))


def test_a_valid_upload_fills_the_session_store_and_says_what_it_brings():
    store, message = import_file(pending(PERCEPTION.encode("cp1252")), None)
    assert store["version"] == 1
    assert store["fichiers"] == [{"nom": "resultats.csv", "type": "perception",
                                  "lignes": [["53", "emploi", "citoyens", 2023, 9.7, 800, None]]}]
    assert "« resultats.csv » est importé" in text_of(message)
    assert "1 ligne (1 région, 1 domaine, profil citoyens, année 2023)" in text_of(message)


def test_an_invalid_upload_leaves_the_store_unchanged_and_lists_its_problems_in_french():
    content = (CORPUS / "bad" / "ancienne_region_picardie.csv").read_bytes()
    store, message = import_file(pending(content, "picardie.csv"), {"version": 1, "fichiers": []})
    assert store is no_update
    text = text_of(message)
    assert "« picardie.csv » n'est pas importé : 1 problème." in text
    assert "Rien n'a changé" in text
    assert "ligne 2, colonne A (region) : « PICARDIE » est une ancienne région" in text


def test_an_xlsx_upload_is_read_like_a_csv():
    content = (CORPUS / "good" / "perception.xlsx").read_bytes()
    store, message = import_file(pending(content, "perception.xlsx"), None)
    assert len(store["fichiers"][0]["lignes"]) == 3
    assert "classeur XLSX" in text_of(message)


def test_a_second_file_is_added_to_what_the_session_imported():
    first, _ = import_file(pending(PERCEPTION.encode()), None)
    indicator = (CORPUS / "good" / "indicateur_cp1252.csv").read_bytes()
    second, _ = import_file(pending(indicator, "indicateur.csv"), first)
    assert [f["nom"] for f in second["fichiers"]] == ["resultats.csv", "indicateur.csv"]
    assert first["fichiers"] == second["fichiers"][:1]   # the store given is not changed in place


def test_a_session_holds_at_most_so_many_files():
    store, _ = import_file(pending(PERCEPTION.encode()), None)
    full = {"version": 1, "fichiers": store["fichiers"] * MAX_FILES}
    again, message = import_file(pending(PERCEPTION.encode()), full)
    assert again is no_update and f"déjà {MAX_FILES} fichiers importés" in text_of(message)


def test_an_unreadable_upload_is_refused_in_french():
    store, message = import_file({"contents": "data:text/csv;base64,@@@", "filename": "x.csv"}, None)
    assert store is no_update and "n'a pas pu être lu" in text_of(message)
    assert file_bytes("pas une adresse data") is None
    assert import_file(None, None) == (no_update, no_update)


def test_an_oversized_upload_that_reached_the_server_is_refused(monkeypatch):
    monkeypatch.setenv("IMPACT_MAX_UPLOAD_MB", "0.1")
    store, message = import_file(pending(b"x" * 200_000), None)
    assert store is no_update and "taille maximale d'un import est 0,1 Mo" in text_of(message)


def test_going_back_to_the_reference_data_empties_the_store():
    store, message = reset_imports(1)
    assert store is None and "données de référence" in text_of(message)
    assert reset_imports(None) == (no_update, no_update)


def test_the_page_says_what_the_session_imported():
    summary, disabled = show_active_imports(None)
    assert "Aucune donnée importée" in text_of(summary) and disabled is True
    store, _ = import_file(pending(PERCEPTION.encode()), None)
    summary, disabled = show_active_imports(store)
    assert "1 fichier importé" in text_of(summary) and "« resultats.csv »" in text_of(summary)
    assert disabled is False
    summary, disabled = show_active_imports({"version": 1, "fichiers": [{"nom": 3}]})
    assert "Fichier n° 1 ignoré" in text_of(summary) and disabled is False


def test_the_region_view_shows_the_imported_score_marked_as_imported():
    store, _ = import_file(pending(PERCEPTION.encode()), None)
    _profile, domains, _figure, _table = update_region_view("53", imported=store)
    assert "Données importées" in text_of(domains) and "perçu : 9,7 / 10" in text_of(domains)
    _, plain_domains, _, _ = update_region_view("53", imported=None)
    assert "Données importées" not in text_of(plain_domains)
    assert "9,7 / 10" not in text_of(plain_domains)


def test_the_map_shows_an_imported_indicator():
    indicator = (CORPUS / "good" / "indicateur_cp1252.csv").read_bytes()
    store, _ = import_file(pending(indicator, "indicateur.csv"), None)
    _patch, description = update_map("education", "import_part_des_jeunes_sans_diplome_2022", None, imported=store)
    assert "Part des jeunes sans diplôme (2022)" in description
    _, plain = update_map("education", "import_part_des_jeunes_sans_diplome_2022", None, imported=None)
    assert "Part des jeunes sans diplôme" not in plain   # another session: the domain index instead


def test_the_charts_say_when_they_show_imported_perception():
    from callbacks.explore import update_domain_comparison

    store, _ = import_file(pending(PERCEPTION.encode()), None)
    _, _, quadrant, _ = update_region_view("53", imported=store)
    assert "Données importées (cette session)" in [a["text"] for a in quadrant["layout"]["annotations"]]
    comparison, _ = update_domain_comparison("emploi", "53", imported=store)
    assert patched(comparison)["data.1.name"].endswith("données importées")
    _, _, plain, _ = update_region_view("53", imported=None)
    assert "Données importées (cette session)" not in [a["text"] for a in plain["layout"]["annotations"]]


def test_a_session_holds_at_most_so_many_imported_rows(monkeypatch):
    import callbacks.importer as module

    monkeypatch.setattr(module, "MAX_ROWS", 1)
    store, _ = import_file(pending(PERCEPTION.encode()), None)
    again, message = import_file(pending(PERCEPTION.replace("2023", "2022").encode()), store)
    assert again is no_update and "plus de 1 lignes importées" in text_of(message)
