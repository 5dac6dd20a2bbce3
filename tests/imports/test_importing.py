"""Imports merged into the reference data: the session's Model, its cache, tampered stores, and the
deployment's extra files (IMPACT_EXTRA_DIR)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dashboard.imports import merging as importing
from dashboard.imports.intake import check_file
from dashboard.imports.rules import Vocabulary
from dashboard.imports.merging import (
    add_entry,
    read_store,
    session_files,
    with_extra_dir,
)
from dashboard.analysis import model as model_module
from dashboard.analysis.model import get_model, model_with_imports
from dashboard.data.schema import KIND_IMPORTED
from dashboard.data.validation import DataValidationError

CORPUS = Path(__file__).resolve().parents[1] / "import_corpus"
PERCEPTION = "region;domaine;profil;annee;note;effectif\n53;Emploi;citoyens;2023;9,7;800\n"
INDICATOR = ("libellé;Part des jeunes\ndomaine;Emploi\nunité;%\nannée;2021\nsource;Observatoire\n"
             "plus élevé = plus fragile;oui\n\nregion;valeur\nBretagne;12,5\n11;14\n32;13\n24;9\nFRM;12\n")


def entry(text: str, name: str = "f.csv") -> dict:
    result = check_file(text.encode("utf-8"), name, Vocabulary.from_bundle(get_model().bundle))
    assert result.valid, result.problems
    return result.entry


def store(*texts: str) -> dict:
    """The store as it comes back from the browser (JSON both ways)."""
    payload = None
    for text in texts:
        payload = add_entry(payload, entry(text))
    return json.loads(json.dumps(payload))


def perceived(model, region="53", domain="emploi", profile="citoyens"):
    rows = model.perception[profile]
    return rows[(rows["region_code"] == region) & (rows["domain_id"] == domain)].iloc[0]


def test_imported_scores_replace_the_illustrative_ones_they_cover_marked_imported():
    base = get_model()
    model = model_with_imports(base, store(PERCEPTION))
    row = perceived(model)
    assert (row["score"], row["kind"], row["year"], row["n"]) == (9.7, KIND_IMPORTED, 2023, 800)
    assert perceived(base)["kind"] != KIND_IMPORTED
    assert perceived(model, domain="sante")["kind"] == perceived(base, domain="sante")["kind"]
    felt = model.felt_measured["citoyens"]
    assert felt[(felt["region_code"] == "53") & (felt["domain_id"] == "emploi")]["perception_kind"].iloc[0] \
        == KIND_IMPORTED


def test_an_imported_indicator_joins_its_domain_scored_and_marked_imported():
    model = model_with_imports(get_model(), store(INDICATOR))
    catalogue = model.indicators_of("emploi")
    row = catalogue[catalogue["id"] == "import_part_des_jeunes_2021"].iloc[0]
    assert row["kind"] == KIND_IMPORTED and bool(row["higher_is_more_fragile"])
    scores = model.indicator_scores("import_part_des_jeunes_2021")
    assert scores.n_regions == 4 and scores.by_region["53"][0] == 12.5
    assert model.france_value("import_part_des_jeunes_2021") == 12.0
    assert "import_part_des_jeunes_2021" not in set(get_model().bundle.indicators["id"])


def test_a_later_file_wins_for_the_same_region_domain_profile_and_year():
    later = PERCEPTION.replace("9,7", "1,5")
    assert perceived(model_with_imports(get_model(), store(PERCEPTION, later)))["score"] == 1.5


def test_the_same_imports_give_the_same_cached_model_and_other_imports_another():
    base = get_model()
    first = model_with_imports(base, store(PERCEPTION))
    assert model_with_imports(base, store(PERCEPTION)) is first
    other = model_with_imports(base, store(PERCEPTION.replace("9,7", "2")))
    assert other is not first and perceived(first)["score"] == 9.7


def test_the_cache_of_merged_models_is_small_and_bounded():
    assert model_module._merged_model.cache_info().maxsize == model_module.CACHE_SIZE <= 16


def test_merging_leaves_the_reference_model_unchanged():
    base = get_model()
    before = (base.bundle.perception.copy(), base.bundle.indicators.copy(), base.bundle.values.copy())
    model_with_imports(base, store(PERCEPTION, INDICATOR))
    assert base.bundle.perception.equals(before[0]) and base.bundle.indicators.equals(before[1])
    assert base.bundle.values.equals(before[2]) and get_model() is base


@pytest.mark.parametrize("tampered", [
    None, {}, [], "", 3, "texte", [1, 2], {"version": 2, "fichiers": []},
    {"version": 1, "fichiers": "x"}, {"version": 1, "fichiers": [{"nom": "x"}]},
    {"version": 1, "fichiers": [], "autre": 1},
])
def test_a_store_that_is_not_what_the_import_wrote_shows_the_reference_data(tampered):
    assert model_with_imports(get_model(), tampered) is get_model()


@pytest.mark.parametrize("change", [
    lambda e: e["lignes"][0].__setitem__(4, 11.0),        # score out of the scale
    lambda e: e["lignes"][0].__setitem__(0, "99"),        # unknown region
    lambda e: e["lignes"][0].__setitem__(1, "climat"),    # unknown domain
    lambda e: e["lignes"][0].__setitem__(2, "maires"),    # unknown profile
    lambda e: e["lignes"][0].__setitem__(5, 0),           # sample size 0
    lambda e: e["lignes"][0].__setitem__(3, True),        # a boolean year
    lambda e: e["lignes"][0].append("de trop"),
    lambda e: e.__setitem__("lignes", []),
    lambda e: e.__setitem__("type", "autre"),
])
def test_a_tampered_entry_is_left_out_and_named_while_the_other_files_stay(change):
    payload = store(PERCEPTION, INDICATOR)
    change(payload["fichiers"][0])
    reading = read_store(payload, get_model().domain_ids)
    assert [f["type"] for f in reading.files] == ["indicateur"]
    assert len(reading.problems) == 1 and reading.problems[0].startswith("Fichier n° 1 « f.csv » ignoré : ")
    model = model_with_imports(get_model(), payload)
    assert "import_part_des_jeunes_2021" in set(model.bundle.indicators["id"])
    assert (model.bundle.perception["kind"] != KIND_IMPORTED).all()


def test_numbers_that_came_back_from_the_browser_as_integers_are_accepted():
    payload = store(PERCEPTION.replace("9,7", "7"))
    assert payload["fichiers"][0]["lignes"][0][4] == 7   # JSON: 7.0 came back as 7
    assert perceived(model_with_imports(get_model(), payload))["score"] == 7.0


# -- IMPACT_EXTRA_DIR ---------------------------------------------------------------------------

def test_extra_files_are_checked_and_merged_at_start_up(tmp_path):
    shutil.copy(CORPUS / "good" / "excel_fr_cp1252.csv", tmp_path)
    shutil.copy(CORPUS / "good" / "indicateur.xlsx", tmp_path)
    (tmp_path / "LISEZMOI.txt").write_text("ignoré")
    bundle = with_extra_dir(get_model().bundle, tmp_path)
    imported = bundle.perception[bundle.perception["kind"] == KIND_IMPORTED]
    assert len(imported) == 4 and imported["source"].str.contains("au démarrage").all()
    assert "import_part_des_jeunes_sans_diplome_2022" in set(bundle.indicators["id"])


def test_an_empty_setting_leaves_the_data_as_it_is(monkeypatch):
    monkeypatch.delenv("IMPACT_EXTRA_DIR", raising=False)
    bundle = get_model().bundle
    assert with_extra_dir(bundle) is bundle


def test_a_bad_extra_file_stops_the_start_with_every_problem_in_french(tmp_path):
    shutil.copy(CORPUS / "bad" / "ancienne_region_picardie.csv", tmp_path)
    shutil.copy(CORPUS / "bad" / "note_trop_haute.csv", tmp_path)
    shutil.copy(CORPUS / "good" / "latin1.csv", tmp_path)
    with pytest.raises(DataValidationError) as error:
        with_extra_dir(get_model().bundle, tmp_path)
    problems = error.value.problems
    assert len(problems) == 2
    assert "ancienne_region_picardie.csv : ligne 2, colonne A (region)" in problems[0]
    assert "note_trop_haute.csv : ligne 2, colonne E (note)" in problems[1]


def test_a_missing_extra_dir_stops_the_start(tmp_path):
    with pytest.raises(DataValidationError, match="IMPACT_EXTRA_DIR : le dossier .* est introuvable"):
        with_extra_dir(get_model().bundle, tmp_path / "absent")


def test_two_extra_files_defining_the_same_indicator_are_refused(tmp_path):
    shutil.copy(CORPUS / "good" / "indicateur.xlsx", tmp_path)
    shutil.copy(CORPUS / "good" / "indicateur_cp1252.csv", tmp_path)
    with pytest.raises(DataValidationError, match="est déjà défini par indicateur.xlsx"):
        with_extra_dir(get_model().bundle, tmp_path)


def test_files_beyond_the_rows_a_session_may_hold_are_left_out_and_named(monkeypatch):
    payload = store(PERCEPTION, PERCEPTION.replace("2023", "2022"))
    assert len(session_files(payload)) == 2
    monkeypatch.setattr(importing, "MAX_ROWS", 1)
    reading = read_store(payload)
    assert len(reading.files) == 1
    assert reading.problems == ("Fichier n° 2 « f.csv » ignoré : avec lui, la session dépasserait "
                                "1 lignes importées.",)
