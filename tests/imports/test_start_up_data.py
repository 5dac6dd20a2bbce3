"""At start-up the deployment's data replaces (IMPACT_DATA_DIR) or extends (IMPACT_EXTRA_DIR) the
bundled data, validated the same way; a problem stops the start with French messages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "import_corpus"
REPORT = ("from dashboard.analysis.model import get_model; m = get_model(); b = m.bundle;"
          "p = b.perception; v = b.values;"
          "print('score', p[(p.region_code == '11') & (p.domain_id == 'emploi') & (p.profile == 'citoyens')"
          " & (p.kind == 'illustratif')].score.iloc[0]);"
          "print('importees', int((p.kind == 'importé').sum()));"
          "print('indicateurs', sorted(i for i in b.indicators.id if i.startswith('import_')))")


def start(env: dict, code: str = "import app; " + REPORT) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("IMPACT_DATA_DIR", "IMPACT_EXTRA_DIR")}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=180, env={**clean, **env})


@pytest.fixture
def data_copy(tmp_path) -> Path:
    target = tmp_path / "donnees"
    shutil.copytree(ROOT / "data", target)
    geometry = target / "regions.geojson"
    if not geometry.exists():
        shutil.copy(ROOT.parent / "shared" / "data" / "geo" / "regions-version-simplifiee.geojson", geometry)
    return target


def set_demo_score(data_dir: Path, score: str) -> None:
    """Île-de-France's illustrative emploi score for citizens (5.3 as bundled) becomes `score`."""
    demo, bundled = data_dir / "perception_demo.csv", "11,emploi,citoyens,2019,5.3,"
    text = demo.read_text(encoding="utf-8")
    assert bundled in text
    demo.write_text(text.replace(bundled, f"11,emploi,citoyens,2019,{score},", 1), encoding="utf-8")


def test_a_data_dir_replaces_the_bundled_data(data_copy):
    set_demo_score(data_copy, "2.5")
    result = start({"IMPACT_DATA_DIR": str(data_copy)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert "score 2.5" in result.stdout


def test_an_invalid_data_dir_stops_the_start_in_french(data_copy):
    set_demo_score(data_copy, "11")
    result = start({"IMPACT_DATA_DIR": str(data_copy)})
    assert result.returncode == 1
    assert "Les données n'ont pas pu être chargées" in result.stderr
    assert "perception_demo.csv, ligne 2, colonne score" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_extra_dir_adds_the_observatory_files_at_start_up(tmp_path):
    for name in ("excel_fr_cp1252.csv", "indicateur_cp1252.csv"):
        shutil.copy(CORPUS / "good" / name, tmp_path)
    result = start({"IMPACT_EXTRA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert "importees 4" in result.stdout
    assert "['import_part_des_jeunes_sans_diplome_2022']" in result.stdout


def test_an_invalid_extra_file_stops_the_start_naming_file_row_and_column(tmp_path):
    shutil.copy(CORPUS / "good" / "latin1.csv", tmp_path)
    shutil.copy(CORPUS / "bad" / "ancienne_region_rhone_alpes.csv", tmp_path)
    result = start({"IMPACT_EXTRA_DIR": str(tmp_path)}, code="import app")
    assert result.returncode == 1
    assert "Les données n'ont pas pu être chargées" in result.stderr
    assert ("ancienne_region_rhone_alpes.csv : ligne 2, colonne A (region) : « Rhône-Alpes » est une "
            "ancienne région") in result.stderr
    assert "Traceback" not in result.stderr


def test_reference_results_are_memoised_but_a_session_model_is_not():
    from dashboard.analysis.model import cached_for_reference, get_model

    calls = []

    @cached_for_reference()
    def view(model, key):
        calls.append(key)
        return [key]

    reference = get_model()
    assert view(reference, "a") is view(reference, "a") and calls == ["a"]
    other = object()  # a session's merged model stands here for « not the reference »
    view(other, "a")
    view(other, "a")
    assert calls == ["a", "a", "a"]
    assert view(reference, ["unhashable"]) == [["unhashable"]]  # no cache, no error
