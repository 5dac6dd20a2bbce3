"""French typography everywhere a user reads (issue 12 §5): every page, every workshop step and
the PDF report are scanned for the rules of labels.french_text and the number formats."""

from __future__ import annotations

import io
import re

import pytest

from tests.browser.conftest import wait_for_map

RULES = [
    (re.compile(r"\w \?|\w ;|\w !|\w :(?!/)"), "espace ordinaire avant « : ; ! ? » (il faut une insécable)"),
    (re.compile(r"« |(?<=\w) »"), "espace ordinaire dans les guillemets"),
    (re.compile(r"(?<=[a-zàâçéèêëîïôûùüÿœ])'(?=[a-zA-Zàâçéèêëîïôûùüÿœ])", re.I), "apostrophe droite"),
    (re.compile(r"(?<![\w/.\-])-\d"), "trait d'union au lieu du signe moins"),
    (re.compile(r"\b\d{1,3} \d{3}\b"), "séparateur de milliers sécable"),
]

PAGES = ["/", "/?region=53&domaine=securite", "/?region=32&profil=elus", "/comparer?panier=53,32",
         "/sources", "/importer"]


def violations(text: str, rules=RULES) -> list[str]:
    found = []
    for pattern, rule in rules:
        for match in pattern.finditer(text):
            found.append(f"{rule} : « …{text[max(0, match.start() - 25):match.end() + 10]}… »")
    return found


def visible_text(page) -> str:
    """Raw DOM text (no normalisation): the body's text and the charts' SVG texts."""
    return page.evaluate("""() => document.body.innerText + '\\n' +
        [...document.querySelectorAll('svg text')].map(t => t.textContent).join('\\n')""")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_reads_in_french_typography(new_page, live_server, path):
    page = new_page(1440, 900)
    page.goto(live_server + path)
    page.wait_for_selector("#page-content > *", timeout=30000)
    if path.startswith("/?") or path == "/":
        wait_for_map(page)
    page.wait_for_timeout(1500)
    assert violations(visible_text(page)) == []


def test_every_workshop_step_reads_in_french_typography(new_page, live_server):
    page = new_page(1280, 720)
    page.goto(f"{live_server}/atelier?region=53&etape=1")
    page.wait_for_selector(".workshop-step[data-steps]", timeout=30000)
    total = int(page.get_attribute(".workshop-step", "data-steps"))
    assert total >= 3
    found = []
    for step in range(1, total + 1):
        page.goto(f"{live_server}/atelier?region=53&etape={step}")
        page.wait_for_selector(f".workshop-step[data-step='{step}']", timeout=30000)
        page.wait_for_timeout(1000)
        found += [f"étape {step} : {v}" for v in violations(visible_text(page))]
    assert found == []


def test_the_pdf_report_reads_in_french_typography(live_server):
    import urllib.request

    from pypdf import PdfReader

    with urllib.request.urlopen(f"{live_server}/rapport/53.pdf", timeout=120) as answer:
        reader = PdfReader(io.BytesIO(answer.read()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    # pypdf gives no-break spaces back as plain spaces: the apostrophe and minus rules still hold
    assert violations(text, [RULES[2], RULES[3]]) == []


def test_the_chart_toolbar_speaks_french(new_page, live_server):
    page = new_page(1440, 900)
    page.goto(f"{live_server}/comparer?panier=53")
    page.wait_for_selector(".modebar-btn", state="attached", timeout=30000)
    titles = page.evaluate("() => [...document.querySelectorAll('.modebar-btn')].map(b => b.getAttribute('data-title'))")
    assert titles and "Translation" not in titles
    assert any(t.startswith("Télécharger") for t in titles)
