"""The import corpus (tests/import_corpus): every bad file gives its French message and nothing to
import; every good file (French Excel CSV, Latin-1, BOM, UTF-16, XLSX…) is read whole. The same
through the command line `python -m dashboard.validate` (exit status 1 / 0)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.imports.intake import check_file
from dashboard.imports.rules import Vocabulary
from dashboard.data.loading import get_bundle

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "import_corpus"
DEFAULT_LIMIT = 5 * 1024 * 1024


def expected(folder: str) -> tuple[dict[str, str], dict[str, dict]]:
    table = json.loads((CORPUS / folder / "expected.json").read_text(encoding="utf-8"))
    settings = table.pop("_reglages", {})
    return table, settings


BAD, BAD_SETTINGS = expected("bad")
GOOD, _ = expected("good")


@pytest.fixture(scope="module")
def vocabulary():
    return Vocabulary.from_bundle(get_bundle())


def limit_for(name: str) -> int:
    megabytes = BAD_SETTINGS.get(name, {}).get("IMPACT_MAX_UPLOAD_MB")
    return int(float(megabytes) * 1024 * 1024) if megabytes else DEFAULT_LIMIT


def test_the_corpus_holds_at_least_25_bad_files_each_with_its_expected_message():
    files = {p.name for p in (CORPUS / "bad").iterdir() if p.name != "expected.json"}
    assert len(files) >= 25
    assert files == set(BAD)
    assert {p.name for p in (CORPUS / "good").iterdir() if p.name != "expected.json"} == set(GOOD)


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_file_is_refused_with_its_french_message(vocabulary, name):
    result = check_file((CORPUS / "bad" / name).read_bytes(), name, vocabulary, limit_for(name))
    assert not result.valid and result.entry is None
    assert any(BAD[name] in problem for problem in result.problems), result.problems
    assert len(result.problems) <= 51


@pytest.mark.parametrize("name", sorted(GOOD))
def test_a_good_file_is_read_whole(vocabulary, name):
    result = check_file((CORPUS / "good" / name).read_bytes(), name, vocabulary, DEFAULT_LIMIT)
    assert result.valid, result.problems
    assert GOOD[name] in result.summary


def test_a_french_excel_export_keeps_accents_decimal_commas_and_thousands(vocabulary):
    result = check_file((CORPUS / "good" / "excel_fr_cp1252.csv").read_bytes(), "f.csv", vocabulary)
    rows = {(r[0], r[1], r[2]): (r[4], r[5]) for r in result.entry["lignes"]}
    assert rows[("11", "sante", "elus")] == (5.8, 120)
    assert rows[("93", "transition_energetique", "citoyens")] == (6.25, 1200)
    assert rows[("53", "emploi", "entreprises")] == (7.0, None)
    assert "Windows-1252" in result.description


def test_every_problem_of_a_file_is_listed_at_once(vocabulary):
    content = (CORPUS / "bad" / "trop_de_problemes.csv").read_bytes()
    result = check_file(content, "x.csv", vocabulary)
    assert len(result.problems) == 51   # 50 shown, then « … et 10 autres problèmes »
    assert result.problems[0].startswith("ligne 2, colonne E (note)")


# -- the command line ---------------------------------------------------------------------------

def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard.validate", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


@pytest.mark.parametrize("name", sorted(BAD))
def test_the_command_line_prints_the_french_problems_of_a_bad_file(name, capsys, monkeypatch):
    from dashboard.imports.validate import main

    for setting, value in BAD_SETTINGS.get(name, {}).items():
        monkeypatch.setenv(setting, value)
    assert main([str(CORPUS / "bad" / name)]) == 1
    out = capsys.readouterr().out
    assert "rien ne peut être importé" in out and BAD[name] in out


@pytest.mark.parametrize("name", sorted(GOOD))
def test_the_command_line_prints_one_line_for_a_good_file(name, capsys):
    from dashboard.imports.validate import main

    assert main([str(CORPUS / "good" / name)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "fichier valide" in out and GOOD[name] in out


def test_the_command_line_exits_1_on_a_bad_file_with_row_column_and_expectation():
    result = run_cli(str(CORPUS / "bad" / "ancienne_region_picardie.csv"))
    assert result.returncode == 1
    assert "ligne 2, colonne A (region)" in result.stdout
    assert "partie de la région Hauts-de-France (32)" in result.stdout


def test_the_command_line_exits_0_with_a_one_line_summary_on_a_good_file():
    result = run_cli(str(CORPUS / "good" / "perception.xlsx"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("\n") == 1
    assert "fichier valide, résultats d'enquête : 3 lignes" in result.stdout


def test_the_command_line_applies_the_size_setting():
    result = run_cli(str(CORPUS / "bad" / "trop_gros.csv"), env=BAD_SETTINGS["trop_gros.csv"])
    assert result.returncode == 1 and "IMPACT_MAX_UPLOAD_MB" in result.stdout
    assert run_cli(str(CORPUS / "bad" / "trop_gros.csv")).returncode == 0   # under 5 Mo it is fine


def test_the_command_line_checks_several_files_and_says_when_one_is_missing():
    result = run_cli(str(CORPUS / "good" / "latin1.csv"), str(CORPUS / "bad" / "vide.csv"), "absent.csv")
    assert result.returncode == 2
    assert "latin1.csv : fichier valide" in result.stdout
    assert "vide.csv : 1 problème, rien ne peut être importé" in result.stdout
    assert "absent.csv : fichier introuvable." in result.stdout


def test_the_command_line_explains_itself_in_french_without_arguments():
    result = run_cli()
    assert result.returncode == 2 and "Utilisation : python -m dashboard.validate FICHIER" in result.stdout
