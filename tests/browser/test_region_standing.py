"""An élu's first minute (issues 11 and 12): choose Bretagne, Hauts-de-France or Corse and read,
in the first screen, where the region stands, from measured values and by the comparison rules."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import figure_data, figure_layout, wait_for_map

SUMMARY = "#home-region-summary"


def open_region(page, live_server, code: str) -> None:
    page.goto(f"{live_server}/?region={code}")
    wait_for_map(page)
    page.wait_for_selector(f"{SUMMARY} .summary-lead")


@pytest.mark.parametrize("code, name", [("53", "Bretagne"), ("32", "Hauts-de-France"), ("94", "Corse")])
@pytest.mark.parametrize("size", [(1440, 900), (390, 844)], ids=["laptop", "phone"])
def test_the_summary_of_a_region_is_in_the_first_screen_and_rests_on_measured_values(
        new_page, live_server, output_dir, code, name, size):
    page = new_page(*size)
    open_region(page, live_server, code)
    summary = page.locator(SUMMARY)
    box = summary.bounding_box()
    assert box["y"] < size[1], "the summary starts in the first screen"
    lead = page.locator(f"{SUMMARY} .summary-lead").inner_text()
    assert lead.startswith(f"{name} : ")
    assert "illustrati" not in lead and "fictif" not in lead and "perçu" not in lead
    text = summary.inner_text()
    # plain words and ranks out of their real n; never a rank among three presented as a finding
    assert re.search(r"\d+(re|e) / (1[0-3])", text), text     # inner_text reads plain spaces
    assert not re.search(r"/ [3-9]\b", text), text
    assert "écart-type" not in text                # standard deviations stay in tooltips
    assert "domaines sur 16" in text
    page.screenshot(path=str(output_dir / f"summary-{code}-{size[0]}.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    assert page.console_errors == []


def test_a_summary_link_opens_its_domain_panel(page, live_server):
    open_region(page, live_server, "32")
    link = page.locator(f"{SUMMARY} a.summary-domain-link").first
    target = link.get_attribute("href")
    page.wait_for_selector(target)
    page.evaluate("(sel) => { document.querySelector(sel).open = false; }", target)
    link.click()
    assert page.evaluate("(sel) => document.querySelector(sel).open", target)


def test_the_region_view_leads_with_measures_and_boxes_the_illustrative_divergence(page, live_server):
    open_region(page, live_server, "53")
    page.wait_for_selector("#home-region-panel .measured-lead")
    panel = page.locator("#home-region-panel")
    lead = panel.locator(".measured-lead").inner_text()
    assert lead.startswith("Bretagne : ") and "fictif" not in lead
    fictional = panel.locator(".fictional-example")
    assert "Exemple fictif" in fictional.inner_text()
    order = page.evaluate("""() => {
        const lead = document.querySelector('#home-region-panel .measured-lead');
        const box = document.querySelector('#home-region-panel .fictional-example');
        return lead.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING; }""")
    assert order, "the fictional example comes after the measured findings"


def test_a_three_region_indicator_is_drawn_pale_and_ranked_out_of_three(page, live_server):
    page.goto(f"{live_server}/?domaine=mobilite&indicateur=navetteurs_voiture_2017&region=53")
    wait_for_map(page)
    page.wait_for_function("() => document.querySelector('#home-map .js-plotly-plot')"
                           ".layout.title.text.includes('comparaison partielle')")
    layer = figure_data(page, "home-map")[1]
    ranks = [row[1] for row in layer["customdata"] if row[1] != "non classée"]
    assert ranks and all(r.endswith("/ 3") for r in ranks)      # figure texts read with plain spaces
    assert page.evaluate("() => document.querySelector('#home-map .js-plotly-plot').data[1].showscale") is False
    colours = page.evaluate("() => document.querySelector('#home-map .js-plotly-plot').data[1].colorscale")
    assert len({c[1] for c in colours}) == 1           # one pale colour: no common scale
    assert "comparaison partielle (3 régions)" in figure_layout(page, "home-map")["title"]["text"]


def test_pinning_a_region_of_similar_profile_adds_it_to_the_basket(page, live_server):
    page.goto(f"{live_server}/?region=53&domaine=securite")
    wait_for_map(page)
    pin = page.locator("#home-region-panel a.pin-similar").first
    pin.wait_for()
    code = pin.get_attribute("data-region")
    pin.click()
    page.wait_for_function(f"() => window.location.search.includes('panier={code}')")
    page.wait_for_function("() => document.querySelector('#home-basket-summary').innerText.includes('★')")
    assert "domaine=securite" in page.url
    assert page.console_errors == []
