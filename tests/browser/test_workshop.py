"""Workshop mode driven by the keyboard, as a facilitator's clicker would, at 1920 x 1080."""

from __future__ import annotations

from tests.browser.conftest import plain

from urllib.parse import parse_qs, urlparse

HEADING = "#workshop-heading"


def _step(page) -> str:
    return parse_qs(urlparse(page.url).query).get("etape", [""])[0]


def _wait_step(page, step: str) -> None:
    page.wait_for_function(
        "(s) => { const el = document.querySelector('.workshop-step');"
        " return el && el.getAttribute('data-step') === s; }", arg=step, timeout=10000)


def assert_fully_visible(page, graph: str, text: str) -> None:
    """The chart's note containing `text` (the illustrative warning) is drawn whole on the slide."""
    box = page.evaluate(
        """([graph, text]) => {
            const note = [...document.querySelectorAll(graph + ' .annotation')]
                .find(a => a.textContent.includes(text));
            if (!note) return null;
            const r = note.getBoundingClientRect(), g = document.querySelector(graph).getBoundingClientRect();
            return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, graphBottom: g.bottom,
                    graphRight: g.right, width: innerWidth, height: innerHeight};
        }""", [graph, text])
    assert box is not None, f"no note with « {text} » in {graph}"
    assert box["bottom"] <= min(box["graphBottom"], box["height"]) + 1, box
    assert box["right"] <= min(box["graphRight"], box["width"]) + 1 and box["left"] >= 0, box


def test_keys_step_through_the_workshop_and_escape_leaves(new_page, live_server, output_dir):
    page = new_page(1920, 1080)
    page.goto(f"{live_server}/atelier?region=53")
    page.wait_for_selector("#workshop-graph-carte .choroplethlocation", timeout=20000)
    assert page.is_hidden("#app-navbar") and page.is_hidden(".app-footer")
    first = page.inner_text(HEADING)
    page.screenshot(path=str(output_dir / "workshop-overview-1920x1080.png"))

    page.keyboard.press("ArrowRight")
    _wait_step(page, "2")
    assert _step(page) == "2"
    assert page.inner_text(HEADING) == "Chiffres clés" != first
    page.screenshot(path=str(output_dir / "workshop-profile-1920x1080.png"))

    page.keyboard.press("PageDown")
    _wait_step(page, "3")
    page.wait_for_selector("#workshop-graph-quadrant .scatterlayer", timeout=10000)
    assert _step(page) == "3"
    assert "divergent" in page.inner_text(HEADING)
    assert_fully_visible(page, "#workshop-graph-quadrant", "illustratives")
    page.screenshot(path=str(output_dir / "workshop-divergences-1920x1080.png"))

    page.keyboard.press("PageDown")
    _wait_step(page, "4")
    page.wait_for_selector("#workshop-graph-comparaison .barlayer", timeout=10000)
    assert page.inner_text(HEADING) == "Emploi"
    assert page.is_visible(".workshop-warning")  # the side panel says the perception is illustrative
    page.screenshot(path=str(output_dir / "workshop-domain-1920x1080.png"))

    page.keyboard.press("ArrowLeft")
    _wait_step(page, "3")
    assert _step(page) == "3"

    # a clicker press brings the next slide, chart drawn (its time: benchmarks/, not a timed test)
    page.keyboard.press("ArrowRight")
    _wait_step(page, "4")
    page.wait_for_selector("#workshop-graph-comparaison .barlayer", timeout=10000)
    page.keyboard.press("ArrowLeft")
    _wait_step(page, "3")

    smallest = page.evaluate(
        "() => Math.min(...[...document.querySelectorAll('.workshop-page *')]"
        ".filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))"
        ".filter(e => e.offsetParent !== null && !e.closest('svg'))"
        ".map(e => parseFloat(getComputedStyle(e).fontSize)))")
    assert smallest >= 24

    page.keyboard.press("Escape")
    page.wait_for_selector("#home-map", timeout=20000)
    assert urlparse(page.url).path == "/" and "region=53" in page.url
    assert page.is_visible("#app-navbar")
    assert page.console_errors == []
    assert page.foreign_requests == []


def test_prepared_link_opens_on_its_step_with_chosen_domains(new_page, live_server):
    page = new_page(1920, 1080)
    page.goto(f"{live_server}/atelier?region=84&etape=5&domaines=sante,emploi")
    page.wait_for_selector(HEADING)
    assert page.inner_text(HEADING) == "Emploi"  # the link's order: santé, then emploi
    assert "Étape 5 / 6" in page.inner_text(".workshop-counter")  # 6: « Évolution » closes it
    page.keyboard.press("PageDown")
    _wait_step(page, "6")
    page.wait_for_function("() => document.querySelector('h1#workshop-heading').innerText === 'Évolution'")
    assert "domaines=sante,emploi" in page.url
    page.wait_for_selector("#workshop-graph-evolution .scatterlayer .trace", state="attached")
    assert page.locator("#workshop-graph-evolution .scatterlayer .trace").count() == 2  # region, France
    assert "Auvergne-Rhône-Alpes" in page.text_content("#workshop-graph-evolution .legend")
    assert "de 2016 à 2024" in page.inner_text(".workshop-lead")
    page.keyboard.press("PageDown")  # already on the last step: nothing moves
    page.wait_for_timeout(300)
    assert _step(page) == "6"
    page.keyboard.press("PageUp")
    _wait_step(page, "5")
    page.keyboard.press("PageUp")
    _wait_step(page, "4")
    assert "domaines=sante,emploi" in page.url
    assert page.inner_text(HEADING) == "Santé"
    assert page.console_errors == []


def test_bad_link_shows_a_french_notice_and_the_region_choice(new_page, live_server):
    page = new_page(1920, 1080)
    page.goto(f"{live_server}/atelier?region=99&etape=abc")
    page.wait_for_selector(".workshop-notice")
    assert "inconnue" in page.inner_text(".workshop-notice")
    assert page.locator(".workshop-choice").count() == 13
    assert page.console_errors == []


def test_the_home_page_link_carries_the_perception_and_the_slides_say_whose(new_page, live_server):
    page = new_page(1280, 800)
    page.goto(f"{live_server}/?region=32&profil=elus")
    page.wait_for_selector(".workshop-link", timeout=20000)
    page.click(".workshop-link")
    page.wait_for_selector("#workshop-graph-carte .choroplethlocation", timeout=20000)
    assert "profil=elus" in page.url
    assert page.inner_text(".workshop-profile") == "Perception des élus"
    page.keyboard.press("ArrowRight")
    _wait_step(page, "2")
    page.keyboard.press("ArrowRight")
    _wait_step(page, "3")
    page.wait_for_selector("#workshop-graph-quadrant .scatterlayer", timeout=10000)
    assert "profil=elus" in page.url
    ytitle = page.text_content("#workshop-graph-quadrant .ytitle")
    assert "par les élus" in ytitle
    box = page.inner_text(".fictional-example")  # the divergences, marked as a fictional example
    assert box.startswith("Exemple fictif")
    page.keyboard.press("Escape")
    page.wait_for_selector("#home-map", timeout=20000)
    assert "region=32" in page.url and "profil=elus" in page.url
    assert page.console_errors == []


def test_the_opening_slide_says_what_the_home_page_summary_says(new_page, live_server):
    from dashboard.views import region as region_view
    from dashboard.analysis.model import get_model

    summary = region_view.region_summary(get_model(), "32")
    page = new_page(1366, 768)
    page.goto(f"{live_server}/atelier?region=32&etape=1")
    page.wait_for_selector("#workshop-graph-carte .choroplethlocation", timeout=20000)
    text = page.inner_text(".workshop-right")
    for item in summary["fragile"] + summary["strong"]:
        assert plain(item["label"]) in text and plain(item["rank"]) in text
    assert "divergent" not in text and "fictif" not in text  # illustrative perception never leads
