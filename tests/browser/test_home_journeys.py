"""The four journeys of the home page, in real headless Chromium, offline."""

from __future__ import annotations

import re

from tests.browser.conftest import figure_data, figure_layout, run_axe, wait_for_map, plain

REGION_CODES = {"11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"}


def choose(page, select_id: str, value: str) -> None:
    """Pick an option of one of the page's native selects."""
    page.select_option(f"#{select_id}", value)


def map_title(page) -> str:
    return figure_layout(page, "home-map")["title"]["text"]


def assert_clean(page) -> None:
    assert page.console_errors == [], page.console_errors
    assert page.foreign_requests == [], page.foreign_requests


# Journey 1: explore the map -------------------------------------------------------------------

def test_home_map_draws_the_13_regions_coloured_by_the_best_covered_domain(page, live_server, output_dir):
    page.goto(live_server)
    wait_for_map(page)
    coloured = figure_data(page, "home-map")[1]
    assert set(coloured["locations"]) == REGION_CODES
    assert sum(z is not None for z in coloured["z"]) == 13  # emploi: all 13 regions measured
    assert "Emploi" in map_title(page)
    colorbar = figure_layout(page, "home-map")  # the colour bar names the unit and the year
    trace_colorbar = page.evaluate(
        "() => document.querySelector('#home-map .js-plotly-plot').data[1].colorbar.title.text")
    assert "écart-type" in trace_colorbar and "2019" in trace_colorbar
    separators = page.evaluate("() => document.querySelector('#home-map .js-plotly-plot').layout.separators")
    assert separators == ",\u202f"               # read raw: figure_layout gives plain spaces
    page.screenshot(path=str(output_dir / "home.png"), full_page=True)
    assert_clean(page)


def test_changing_the_domain_recolours_the_map_without_resending_the_geometry(page, live_server):
    page.goto(live_server)
    wait_for_map(page)
    def is_map_update(response) -> bool:
        return ("_dash-update-component" in response.url
                and '"id":"home-map","property":"figure"' in (response.request.post_data or ""))

    with page.expect_response(is_map_update) as answer:
        choose(page, "home-domain", "securite")
    body = answer.value.text()
    page.wait_for_function(
        "() => document.querySelector('#home-map .js-plotly-plot').layout.title.text.includes('Sécurité')")
    assert "domaine=securite" in page.url
    assert "coordinates" not in body and "geojson" not in body
    assert len(body) < 4000, len(body)
    assert_clean(page)


def test_indicator_picker_shows_the_unit_and_year_and_marks_missing_regions_grey(page, live_server):
    page.goto(f"{live_server}/?domaine=handicap")
    wait_for_map(page)
    choose(page, "home-indicator", "pch_actp_20_59_2021")
    page.wait_for_function(
        "() => document.querySelector('#home-map .js-plotly-plot').layout.title.text.includes('PCH')")
    coloured = figure_data(page, "home-map")[1]
    corsica = coloured["locations"].index("94")
    assert coloured["z"][corsica] is None  # no value: drawn by the grey base layer, never as 0
    colorbar = page.evaluate(
        "() => document.querySelector('#home-map .js-plotly-plot').data[1].colorbar.title.text")
    assert "1 000" in plain(colorbar) and "habitants" in colorbar and "2021" in colorbar
    legend = figure_layout(page, "home-map")["annotations"][0]["text"]
    assert "donnée non disponible" in legend and "1 région" in legend
    assert "indicateur=pch_actp_20_59_2021" in page.url
    assert_clean(page)


def test_hovering_a_region_shows_its_name_value_rank_year_and_source(page, live_server):
    page.goto(f"{live_server}/?domaine=emploi&indicateur=chomage_2019")
    wait_for_map(page)
    coloured = figure_data(page, "home-map")[1]
    at = coloured["locations"].index("53")
    value, rank = coloured["customdata"][at]
    assert coloured["text"][at] == "Bretagne"
    assert re.fullmatch(r"\d+,\d\s%.*", value)        # French decimal comma and unit
    assert re.fullmatch(r"\d+(re|e) / 13", rank.replace("\xa0", " "))
    box = page.locator("#home-map .choroplethlocation").nth(13 + 7).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("#home-map .hoverlayer .hovertext", timeout=5000)
    hover = page.locator("#home-map .hoverlayer").text_content().replace("\xa0", " ")
    assert "Rang" in hover and "/ 13" in hover
    assert "2019" in hover and "Insee" in hover  # year and source, under every region's figures
    assert any(name in hover for name in coloured["text"])


# Journey 2: my region ------------------------------------------------------------------------

def test_clicking_a_region_on_the_map_opens_its_profile(page, live_server):
    page.goto(live_server)
    wait_for_map(page)
    coloured = figure_data(page, "home-map")[1]
    index = coloured["locations"].index("53")
    page.locator("#home-map .choroplethlocation").nth(13 + index).click(force=True)
    page.wait_for_selector("#home-region-heading")
    assert "Bretagne" in page.inner_text("#home-region-heading")
    assert "region=53" in page.url
    assert_clean(page)


def test_region_list_works_with_the_keyboard_alone(page, live_server):
    page.goto(live_server)
    wait_for_map(page)
    page.focus("#home-indicator")
    page.keyboard.press("Tab")  # the region list comes next in the tab order
    assert page.evaluate("document.activeElement.id") == "home-region"
    page.keyboard.type("Corse")  # a closed native select jumps to the typed option
    page.wait_for_selector("#home-region-heading")
    assert "Corse" in page.inner_text("#home-region-heading")


def test_region_profile_shows_key_figures_16_sorted_domains_and_the_divergence_sentence(
        page, live_server, output_dir):
    page.goto(f"{live_server}/?region=53&domaine=emploi")
    wait_for_map(page)
    panel = page.inner_text("#home-region-panel") + page.inner_text("#home-region-domains")
    assert "Population" in panel and "habitants" in panel and "PIB par habitant" in panel
    assert page.locator(".domain-panel").count() == 16
    # the divergence comes after the measured lead, boxed as a fictional example (illustrative data)
    assert page.inner_text(".measured-lead").startswith("Bretagne")
    sentence = page.inner_text(".divergence-sentence")
    assert sentence.startswith("Exemple fictif") and "Bretagne" in sentence and "divergent" in sentence
    first = page.locator(".domain-panel").first.inner_text()
    assert "Rang" in first and ("Statistique publique" in first or "Rapport" in first)
    assert "donnée non disponible" in panel  # domains without any indicator say so
    page.screenshot(path=str(output_dir / "region-53.png"), full_page=True)
    assert_clean(page)


# Journey 3: felt versus measured -------------------------------------------------------------

def test_quadrant_marks_illustrative_perception_on_the_chart(page, live_server):
    page.goto(f"{live_server}/?region=53&domaine=emploi")
    page.wait_for_selector("#home-quadrant .scatterlayer .point")
    layout = figure_layout(page, "home-quadrant")
    texts = " ".join(a["text"] for a in layout["annotations"])
    for name in ("alerte partagée", "angle mort", "fragilité ressentie", "atout partagé"):
        assert name in texts
    assert "illustratives" in texts
    symbols = [t["marker"]["symbol"] for t in figure_data(page, "home-quadrant")]
    assert "circle-open" in symbols
    comparison = figure_layout(page, "home-domain-comparison")
    assert any("illustratives" in a["text"] for a in comparison["annotations"])


def test_choosing_whose_perception_redraws_the_felt_side_and_stays_in_the_link(page, live_server):
    page.goto(f"{live_server}/?region=53&domaine=emploi")
    wait_for_map(page)
    page.wait_for_selector("#home-region-heading", timeout=20000)
    choose(page, "home-profile", "elus")
    page.wait_for_url(re.compile("profil=elus"))
    page.wait_for_function("() => document.querySelector('#home-domain-comparison .js-plotly-plot')"
                           ".data[1].name.startsWith('Ressenti par les élus')", timeout=10000)
    page.wait_for_function("() => document.querySelector('#home-quadrant .js-plotly-plot')"
                           ".layout.yaxis.title.text.includes('par les élus')", timeout=10000)
    assert "perception des élus" in page.inner_text("#home-domain-comparison-text")
    assert "profil=elus" in page.get_attribute("a.export-link[href^='/export/comparaison.csv']", "href")
    page.reload()  # the link alone brings the same view back
    wait_for_map(page)
    assert page.input_value("#home-profile") == "elus"
    assert_clean(page)


# Journey 4: share a view ---------------------------------------------------------------------

def test_a_shared_link_reproduces_the_view(page, live_server):
    page.goto(f"{live_server}/?region=93&domaine=securite&indicateur=cambriolages_2021")
    wait_for_map(page)
    assert "Cambriolages" in map_title(page)
    assert "Provence-Alpes-Côte d'Azur" in page.inner_text("#home-region-heading")
    assert page.input_value("#home-domain") == "securite"


def test_back_and_forward_move_between_views(page, live_server):
    page.goto(f"{live_server}/?domaine=emploi")
    wait_for_map(page)
    choose(page, "home-domain", "securite")
    page.wait_for_url(re.compile("domaine=securite"))
    page.wait_for_function(
        "() => document.querySelector('#home-map .js-plotly-plot').layout.title.text.includes('Sécurité')")
    page.go_back()
    page.wait_for_function(
        "() => document.querySelector('#home-map .js-plotly-plot').layout.title.text.includes('Emploi')")
    assert page.input_value("#home-domain") == "emploi"
    page.go_forward()
    page.wait_for_function(
        "() => document.querySelector('#home-map .js-plotly-plot').layout.title.text.includes('Sécurité')")
    assert_clean(page)


def test_a_tampered_link_shows_a_french_notice_and_the_default_view(page, live_server):
    page.goto(f"{live_server}/?region=99&domaine=%3Cscript%3E&indicateur=zzz")
    wait_for_map(page)
    notice = page.inner_text("#home-notice")
    assert "inconnu" in notice and "Région « 99 »" in notice
    assert "Emploi" in map_title(page)
    assert page.locator("text=Traceback").count() == 0
    assert_clean(page)


def test_an_unknown_page_says_so_in_french(page, live_server):
    page.goto(f"{live_server}/nimporte-quoi")
    page.wait_for_selector(".not-found")
    assert "Page introuvable" in page.inner_text(".not-found")


# Qualities -----------------------------------------------------------------------------------

def test_home_and_region_view_have_no_serious_accessibility_violation(browser, live_server):
    # axe is injected as a script tag: this context alone lets it past the app's CSP
    page = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True).new_page()
    page.goto(live_server)
    wait_for_map(page)
    assert run_axe(page) == []
    page.goto(f"{live_server}/?region=53&domaine=emploi")
    wait_for_map(page)
    page.wait_for_selector("#home-region-heading")
    violations = run_axe(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


def test_layout_holds_from_a_laptop_to_a_projector(new_page, live_server, output_dir):
    for width, height in ((1280, 800), (1920, 1080)):
        page = new_page(width, height)
        page.goto(f"{live_server}/?region=76&domaine=emploi")
        wait_for_map(page)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width  # no horizontal scrolling
        page.screenshot(path=str(output_dir / f"home-{width}.png"))


def test_plotly_speaks_french_from_the_local_locale_file(page, live_server):
    page.goto(f"{live_server}/?region=53")
    wait_for_map(page)
    titles = page.evaluate(
        "() => Array.from(document.querySelectorAll('#home-quadrant .modebar-btn'))"
        ".map(e => e.getAttribute('data-title'))")
    assert "Réinitialiser les axes" in titles
    assert not any("Share" in (t or "") for t in titles)
