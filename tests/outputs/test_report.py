"""The region report (« fiche région », PDF) read as an élu would: its profile, its first page
(measured findings before the fictional example), ranks « x / n », its links to the deployment
(never a loopback address when served elsewhere), and pages that are neither orphaned nor blank."""

from __future__ import annotations

import io
import subprocess
from datetime import date

import pytest
from PIL import Image
from pypdf import PdfReader

from dashboard.views import region as region_view
from dashboard.analysis.model import get_model
from dashboard.outputs.report import build_report, file_name
from dashboard.data.schema import REGION_CODES

DAY = date(2026, 12, 1)


def pages_of(pdf: bytes) -> list[str]:
    """Each page's text, white space (no-break spaces included) folded to one space."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def client():
    from app import app

    return app.server.test_client()


@pytest.fixture(scope="module")
def reports() -> dict[str, bytes]:
    """The 13 regions' reports (citizens' perception), built once for this module."""
    model = get_model()
    return {code: build_report(model, code, today=DAY, public_url="https://impact.example.org")
            for code in REGION_CODES}


def test_the_report_follows_the_profile_of_the_link(client):
    response = client.get("/rapport/53.pdf?profil=elus", base_url="http://atelier.example.org")
    assert response.status_code == 200
    assert 'filename="fiche-region-53-bretagne-elus.pdf"' in response.headers["Content-Disposition"]
    text = " ".join(pages_of(response.data))
    assert "(perception des élus)" in text
    assert "Ressenti et mesuré, domaine par domaine (perception des élus)" in text
    assert "perçue par les élus" in text and "perception des citoyens" not in text


def test_an_unknown_profile_gets_a_french_page(client):
    response = client.get("/rapport/53.pdf?profil=robots")
    assert response.status_code == 400
    page = response.data.decode("utf-8")
    assert "Perception inconnue" in page and "« robots »" in page and "profil=elus" in page


def test_links_point_to_the_address_the_request_came_to_without_a_setting(client, monkeypatch):
    monkeypatch.delenv("IMPACT_PUBLIC_URL", raising=False)
    response = client.get("/rapport/94.pdf?profil=entreprises", base_url="https://fragilites.example.fr")
    text = " ".join(pages_of(response.data))
    assert "Lien permanent de la vue : https://fragilites.example.fr/?region=94&profil=entreprises" in text
    assert text.count("https://fragilites.example.fr/?region=94&profil=entreprises") >= 3  # + footers
    assert "127.0.0.1" not in text and "localhost" not in text


def test_the_public_url_setting_wins_over_the_request(client, monkeypatch):
    monkeypatch.setenv("IMPACT_PUBLIC_URL", "https://impact.example.org/")
    response = client.get("/rapport/24.pdf", base_url="http://10.0.0.7:8050")
    text = " ".join(pages_of(response.data))
    assert "Lien permanent de la vue : https://impact.example.org/?region=24" in text
    assert "10.0.0.7" not in text


def test_file_name_names_a_profile_other_than_the_citizens():
    model = get_model()
    assert file_name(model, "53") == "fiche-region-53-bretagne.pdf"
    assert file_name(model, "53", "associations") == "fiche-region-53-bretagne-associations.pdf"


@pytest.mark.parametrize("region", ["53", "32", "94"])
def test_measured_findings_come_first_and_the_fictional_example_after(reports, region):
    model = get_model()
    text = " ".join(pages_of(reports[region]))
    summary = region_view.region_summary(model, region)
    takeaway = text[text.index("Ce qu’il faut retenir"):text.index("Les 16 domaines de")]
    lead = flat(summary["lead"]).replace("'", "’")
    assert takeaway.index(lead[:60]) < takeaway.index("Exemple fictif") < takeaway.index("divergent le plus")
    for item in summary["fragile"] + summary["strong"]:
        assert f"{item['label']} — ".replace("'", "’") in takeaway
        assert item["rank"].replace("\u00a0", " ") in takeaway


def test_bretagne_ranks_a_three_region_indicator_out_of_three(reports):
    text = " ".join(pages_of(reports["53"]))
    mobility = text[text.index("Mobilité"):text.index("Environnement", text.index("Mobilité"))]
    assert "1re / 3" in mobility and "comparaison partielle (3 régions)" in mobility
    assert "/ 13" not in mobility


@pytest.mark.parametrize("region", REGION_CODES)
def test_the_domain_table_heading_keeps_its_first_rows(reports, region):
    first = region_view.region_domains(get_model(), region).iloc[0]["label"]
    page = next(p for p in pages_of(reports[region]) if "Les 16 domaines de" in p)
    after = page[page.index("Les 16 domaines de"):]
    assert "Domaine / indicateur" in after and first in after, (region, after[-300:])


def _ink_rows(pdf: bytes, folder) -> list[float]:
    """For each page, how far down its content reaches, as a share of the text area (footer apart)."""
    (folder / "fiche.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "24", "-gray", "-png", str(folder / "fiche.pdf"), str(folder / "page")],
                   check=True)
    shares = []
    for path in sorted(folder.glob("page-*.png")):
        image = Image.open(path).convert("L")
        width, height = image.size
        top, bottom = round(height * 1.3 / 29.7), round(height * (29.7 - 1.6) / 29.7)
        pixels = image.load()
        inked = [y for y in range(top, bottom) if any(pixels[x, y] < 200 for x in range(0, width, 2))]
        shares.append((max(inked) - top) / (bottom - top) if inked else 0.0)
    return shares


@pytest.mark.parametrize("region", REGION_CODES)
def test_no_page_is_mostly_blank(reports, region, tmp_path):
    shares = _ink_rows(reports[region], tmp_path)
    assert len(shares) >= 2
    assert all(share >= 0.5 for share in shares[:-1]), shares
    assert shares[-1] >= 0.15, shares


def test_the_report_is_written_in_french_typography(reports):
    raw = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(reports["93"])).pages)
    assert "Ce qu’il faut retenir" in raw and "Fiche région : Provence-Alpes-Côte d’Azur" in raw
    assert "'" not in raw  # every apostrophe typographic, in the table, the notes and the sources


def test_the_evolutions_section_gives_each_series_with_its_sentence_beside_its_heading(reports):
    trends = region_view.region_trends(get_model(), "53")
    pages = pages_of(reports["53"])
    start = next(i for i, p in enumerate(pages) if "Évolutions Trait plein orange" in p)
    section = " ".join(pages[start:])
    section = section[section.index("Évolutions Trait plein orange"):section.index("Précautions de lecture")]
    # the heading is never alone at a page's foot: its first series is on the same page
    assert flat(trends[0]["label"]) in pages[start][pages[start].index("Évolutions"):]
    for item in trends:
        assert flat(item["label"]) in section
    assert "Bretagne : " in section and "de 2016 à 2024" in section
    assert "l’écart à la France métropolitaine s’est resserré" in section
