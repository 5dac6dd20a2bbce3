"""Issue 13, imports: no silent loss (1), no crash on odd files (2), no value that breaks a page (3),
a bounded cost per upload (4), a store from the browser trusted no more than a file (7)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

import app  # noqa: F401  (registers the callbacks)
from callbacks.importer import import_file, show_active_imports
from dashboard.imports.intake import check_file
from dashboard.imports.entry import indicator_id, normalise_entry
from dashboard.imports.files import FileRefused, read_table
from dashboard.imports.rules import Vocabulary
from dashboard.imports.worker import read_isolated
from dashboard.imports.merging import read_store, with_extra_dir
from dashboard.labels import format_number, format_value
from dashboard.analysis.model import get_model, model_with_imports
from dashboard.views.urlstate import parse_query
from dashboard.data.validation import DataValidationError
from layouts.pages.home import url_context
from layouts.pages.importer import view_of
from tests.callbacks.test_importer import pending, text_of

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "import_corpus"))
import pathological  # noqa: E402

ROOT = HERE.parents[1]
PERCEPTION = "region;domaine;profil;annee;note;effectif\nBretagne;Emploi;citoyens;2023;9,7;800\n"


def indicator(label="Taux de pauvreté (%)", year="2018", values=("Bretagne;10,9", "11;15,6",
                                                                   "32;18,0", "FRM;14,6")) -> bytes:
    meta = (f"libellé;{label}\ndomaine;Pauvreté et exclusion\nunité;%\nannée;{year}\n"
            "source;Insee\nplus élevé = plus fragile;oui\n\nregion;valeur\n")
    return (meta + "\n".join(values) + "\n").encode("utf-8")


@pytest.fixture(scope="module")
def vocabulary():
    return Vocabulary.from_bundle(get_model().bundle)


# -- 1. silent loss ------------------------------------------------------------------------------

@pytest.mark.parametrize("label", ["Taux de pauvreté (%)", "Part < 18 ans, en % : total",
                                   "Ratio a/b > 1", "Indice (base 100) - 2018 #1"])
def test_a_label_with_punctuation_is_imported_shown_and_kept_by_the_next_import(label):
    store, _ = import_file(pending(PERCEPTION.encode()), None)
    store, message = import_file(pending(indicator(label), "pauvrete.csv"), store)
    assert "est importé" in text_of(message)
    store = json.loads(json.dumps(store))            # as the browser sends it back
    summary, _ = show_active_imports(store)
    assert "2 fichiers importés" in text_of(summary) and "ignoré" not in text_of(summary)
    meta = store["fichiers"][1]["indicateur"]
    assert re.fullmatch(r"import_[a-z0-9_]+_2018", meta["id"])
    model = model_with_imports(get_model(), store)
    assert model.france_value(meta["id"]) == 14.6
    link = view_of(store["fichiers"][1])            # « Voir sur la carte »
    state, notices = parse_query("?" + link.split("?", 1)[1], **url_context(model))
    assert state.indicator == meta["id"] and not notices
    store, _ = import_file(pending(PERCEPTION.replace("2023", "2022").encode(), "b.csv"), store)
    assert [f["nom"] for f in store["fichiers"]] == ["resultats.csv", "pauvrete.csv", "b.csv"]


def test_an_indicator_id_is_an_ascii_slug_or_a_digest():
    assert indicator_id("Taux de pauvreté (%)", 2018) == "import_taux_de_pauvrete_2018"
    assert re.fullmatch(r"import_x[0-9a-f]{12}_2020", indicator_id("%%% (…)", 2020))
    assert indicator_id("中文", 2020) != indicator_id("日本", 2020)


def test_a_stored_entry_with_a_forged_id_gets_the_id_the_server_derives():
    store, _ = import_file(pending(indicator(), "p.csv"), None)
    store["fichiers"][0]["indicateur"]["id"] = "import_../../x"
    entry, problem = normalise_entry(store["fichiers"][0], get_model().domain_ids)
    assert problem is None and entry["indicateur"]["id"] == "import_taux_de_pauvrete_2018"


# -- 2. crashes -----------------------------------------------------------------------------------

@pytest.mark.parametrize("key, place", [("libellé", "ligne 1, colonne B"), ("année", "ligne 4, colonne B")])
def test_formula_like_metadata_is_refused_in_french_with_its_place(vocabulary, key, place):
    content = indicator().decode().replace(
        f"{key};{'Taux de pauvreté (%)' if key == 'libellé' else '2018'}", f"{key};+cmd")
    result = check_file(content.encode(), "x.csv", vocabulary)
    assert not result.valid
    assert any(p.startswith(place) and "formule" in p for p in result.problems)


@pytest.mark.parametrize("build, expected", [
    (pathological.doctype_entity, "contient une déclaration DOCTYPE"),
    (pathological.cut_off, "n'est pas un XML valide (ligne 1, colonne"),
])
def test_hostile_or_broken_sheet_xml_is_a_french_refusal_naming_the_part(vocabulary, build, expected):
    result = check_file(build(), "classeur.xlsx", vocabulary)
    assert not result.valid and expected in result.problems[0]
    assert "« xl/worksheets/sheet1.xml »" in result.problems[0]


def test_the_command_line_says_what_is_wrong_with_exit_1_and_no_traceback(tmp_path):
    (tmp_path / "formule.csv").write_bytes(indicator("+cmd"))
    (tmp_path / "doctype.xlsx").write_bytes(pathological.doctype_entity())
    (tmp_path / "coupe.xlsx").write_bytes(pathological.cut_off())
    done = subprocess.run([sys.executable, "-m", "dashboard.validate", *sorted(map(str, tmp_path.iterdir()))],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert "coupe.xlsx : 1 problème" in done.stdout and "formule.csv : " in done.stdout
    assert "DOCTYPE" in done.stdout


def test_a_broken_extra_file_stops_the_start_with_a_french_list_and_no_traceback(tmp_path):
    (tmp_path / "formule.csv").write_bytes(indicator(year="+cmd"))
    (tmp_path / "coupe.xlsx").write_bytes(pathological.cut_off())
    with pytest.raises(DataValidationError) as error:
        with_extra_dir(get_model().bundle, tmp_path)
    problems = "\n".join(error.value.problems)
    assert "coupe.xlsx : le classeur XLSX est illisible : la partie « xl/worksheets/sheet1.xml »" in problems
    assert "formule.csv : ligne 4, colonne B : la cellule contient une formule" in problems
    env = {k: v for k, v in os.environ.items() if k != "IMPACT_DATA_DIR"}
    started = subprocess.run([sys.executable, "-c", "import app"], cwd=ROOT, capture_output=True,
                             text=True, timeout=300, env={**env, "IMPACT_EXTRA_DIR": str(tmp_path)})
    assert started.returncode == 1 and "Traceback" not in started.stderr
    assert "Les données n'ont pas pu être chargées" in started.stderr and "coupe.xlsx" in started.stderr


# -- 3. one value breaks a page -----------------------------------------------------------------

@pytest.mark.parametrize("value", ["1e28", "1,5e16", "-2e20"])
def test_an_implausible_value_is_refused_with_the_bound(vocabulary, value):
    result = check_file(indicator(values=("Bretagne;" + value, "11;3", "32;4")), "x.csv", vocabulary)
    assert not result.valid
    assert "dépasse 1 million de milliards" in result.problems[0]
    assert result.problems[0].startswith("ligne 9, colonne B (valeur)")


@pytest.mark.parametrize("value", [1e27, 1e28, -1e300, float("inf"), 1e15])
def test_formatting_a_number_never_raises(value):
    assert format_value(value, "%") and format_number(value)


def test_a_forged_store_with_a_huge_value_is_named_and_left_out():
    store, _ = import_file(pending(indicator(), "p.csv"), None)
    store["fichiers"][0]["valeurs"][0][1] = 1e28
    reading = read_store(store, get_model().domain_ids)
    assert not reading.files and "dépasse" in reading.problems[0]


# -- 4. bounded cost --------------------------------------------------------------------------

MEASURE = """
import resource, sys, time
sys.path.insert(0, {corpus!r})
import pathological
from dashboard.imports.files import FileRefused, read_table
content = pathological.PATHOLOGICAL[{name!r}]()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.monotonic()
try:
    read_table(content)
    outcome = "accepté"
except FileRefused as refused:
    outcome = refused.message
print(time.monotonic() - started, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024)
print(outcome)
"""


@pytest.mark.parametrize("name", list(pathological.PATHOLOGICAL))
def test_a_costly_workbook_is_refused_within_5_s_and_100_mb(name):
    code = MEASURE.format(corpus=str(ROOT / "tests" / "import_corpus"), name=name)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)
    figures, outcome = done.stdout.splitlines()[:2]
    seconds, megabytes = map(float, figures.split())
    assert outcome != "accepté" and seconds < 5 and megabytes < 100, (outcome, seconds, megabytes)


def test_an_upload_is_read_in_a_separate_process_that_is_stopped_when_too_slow(monkeypatch):
    from dashboard.imports import worker as import_worker

    assert read_isolated(pathological.valid()).rows[1][1][0] == "Bretagne"
    monkeypatch.setattr(import_worker, "TIMEOUT_SECONDS", 0.001)
    started = time.monotonic()
    with pytest.raises(FileRefused, match="a été arrêtée"):
        read_isolated(pathological.valid())
    assert time.monotonic() - started < 5


def test_a_file_needing_more_memory_than_the_reader_may_take_is_refused_in_french(monkeypatch):
    from dashboard.imports import worker as import_worker

    big = ("region;domaine;profil;annee;note\n" + "Bretagne;Emploi;citoyens;2023;6,4\n" * 20_000).encode()
    assert len(read_isolated(big).rows) == 20_001          # fits in the usual limit
    monkeypatch.setattr(import_worker, "MEMORY_MB", 2)
    with pytest.raises(FileRefused, match="demande trop de mémoire pour être lu"):
        read_isolated(big)


def test_an_upload_beyond_the_readers_of_a_process_is_told_to_wait(monkeypatch):
    from callbacks import importer

    monkeypatch.setattr(importer, "QUEUE_WAIT_SECONDS", 0.1)
    assert importer._READERS.acquire(timeout=5)
    try:
        started = time.monotonic()
        store, message = import_file(pending(PERCEPTION.encode()), None)
    finally:
        importer._READERS.release()
    assert store is importer.no_update and time.monotonic() - started < 2
    assert "patientez quelques secondes" in text_of(message)


def test_an_unexpected_failure_while_checking_still_ends_in_a_french_answer(monkeypatch):
    from callbacks import importer

    def broken(*_args, **_kwargs):
        raise KeyError("libelle")

    monkeypatch.setattr(importer, "check_upload", broken)
    store, message = import_file(pending(PERCEPTION.encode()), None)
    assert store is importer.no_update
    assert "erreur inattendue est survenue pendant la vérification" in text_of(message)


def test_the_reading_budget_stops_a_slow_csv(monkeypatch):
    from dashboard.imports import cells

    monkeypatch.setattr(cells, "READ_SECONDS", 0.0)
    with pytest.raises(FileRefused, match="dépasse 0 secondes"):
        read_table(("a;b\n" * 5000).encode())


# -- 7. the store trusted no more than a file -----------------------------------------------------

@pytest.mark.parametrize("label", ['<a href="https://x.example">Officiel</a>', "<b>gras</b>",
                                   "<script>x</script>", "=HYPERLINK(1)"])
def test_markup_or_formulas_in_an_imported_label_are_refused(vocabulary, label):
    result = check_file(indicator(label), "x.csv", vocabulary)
    assert not result.valid
    assert result.problems[0].startswith("ligne 1, colonne B")


@pytest.mark.parametrize("field, value", [
    ("libelle", '<a href="https://x.example">Officiel</a>'), ("source", "<i>Insee</i>"),
    ("url", "javascript:alert(1)"), ("url", "https://x.example/a b"), ("libelle", "=1+1"),
    ("unite", "x" * 81), ("licence", "\x07"), ("definition", "&lt;a href=x&gt;"),
])
def test_a_forged_store_text_is_named_and_left_out_and_the_rest_stays(field, value):
    store, _ = import_file(pending(PERCEPTION.encode()), None)
    store, _ = import_file(pending(indicator(), "p.csv"), store)
    store["fichiers"][1]["indicateur"][field] = value
    reading = read_store(store, get_model().domain_ids)
    assert [f["nom"] for f in reading.files] == ["resultats.csv"]
    assert reading.problems[0].startswith("Fichier n° 2 « p.csv » ignoré : ")
    summary, disabled = show_active_imports(store)
    assert "Fichier n° 2 « p.csv » ignoré" in text_of(summary) and disabled is False


def test_a_file_name_with_markup_is_shown_as_plain_text():
    store, message = import_file(pending(PERCEPTION.encode(), '<a href="x">r</a>.csv'), None)
    assert store["fichiers"][0]["nom"] == "a href=xr/a.csv"
    forged = {"version": 1, "fichiers": [{**store["fichiers"][0], "nom": "<b>r</b>.csv"}]}
    assert read_store(forged).problems and not read_store(forged).files


# -- issue 11 §4: the standard deviation of the scores -------------------------------------------

def test_an_optional_standard_deviation_reaches_the_perception_frame(vocabulary):
    text = "region;domaine;profil;annee;note;effectif;écart-type\nBretagne;Emploi;citoyens;2023;6,4;800;2,1\n"
    store, _ = import_file(pending(text.encode()), None)
    assert store["fichiers"][0]["lignes"][0][6] == 2.1
    frame = model_with_imports(get_model(), store).bundle.perception
    imported = frame[frame["kind"] == "importé"] if "importé" in set(frame["kind"]) else frame.tail(1)
    assert imported["ecart_type"].iloc[-1] == 2.1
    assert frame["ecart_type"].isna().sum() == len(frame) - 1   # the bundled files have none
    bad = check_file(text.replace("2,1", "12").encode(), "x.csv", vocabulary)
    assert "écart-type « 12 » invalide" in bad.problems[0]
