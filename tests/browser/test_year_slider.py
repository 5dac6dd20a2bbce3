"""The map's year slider and the region view's trend lines (issue 14), in headless Chromium, offline:
the slider moves through the years, the URL keeps the year, Back/Forward move the slider and the
map, a tampered year is a French notice, Bretagne shows its crime series against France."""

from __future__ import annotations

import re

from tests.browser.conftest import figure_data, wait_for_map, plain

CRIME = "/?region=53&domaine=securite&indicateur=cambriolages_2021"
MAP_TITLE = "() => document.querySelector('#home-map .js-plotly-plot').layout.title.text"


def wait_for_title(page, text: str) -> None:
    page.wait_for_function(f"() => ({MAP_TITLE})().includes({text!r})", timeout=15000)


def click_year(page, year: int) -> None:
    """Click the slider's track where the year's mark is (the mark itself lets the track take the
    pointer: that is what a user's click does)."""
    page.locator("#home-year-box .dash-slider-mark", has_text=str(year)).click(force=True)


def assert_clean(page) -> None:
    assert page.console_errors == [], page.console_errors
    assert page.foreign_requests == [], page.foreign_requests


def test_the_slider_moves_through_the_years_and_the_url_keeps_the_year(page, live_server):
    page.goto(live_server + CRIME)
    wait_for_map(page)
    assert "(2024)" in page.evaluate(MAP_TITLE)                  # default: the current year
    marks = page.locator("#home-year-box .dash-slider-mark").all_inner_texts()
    assert marks == [str(y) for y in range(2016, 2025)]
    click_year(page, 2019)
    page.wait_for_url(re.compile(r"annee=2019"))
    wait_for_title(page, "(2019)")
    z2019 = figure_data(page, "home-map")[1]["z"]
    click_year(page, 2016)
    page.wait_for_url(re.compile(r"annee=2016"))
    wait_for_title(page, "(2016)")
    assert figure_data(page, "home-map")[1]["z"] != z2019       # the colours follow the year
    assert "2016" in page.inner_text("#home-map-description")
    page.focus("#home-year-box [role=slider]")                  # the arrow keys move it too
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"annee=2017"))
    wait_for_title(page, "(2017)")
    assert_clean(page)


def test_back_and_forward_move_through_the_years(page, live_server):
    page.goto(live_server + CRIME + "&annee=2018")
    wait_for_map(page)
    wait_for_title(page, "(2018)")
    click_year(page, 2021)
    page.wait_for_url(re.compile(r"annee=2021"))
    wait_for_title(page, "(2021)")
    page.go_back()
    page.wait_for_url(re.compile(r"annee=2018"))
    wait_for_title(page, "(2018)")
    assert page.get_attribute("#home-year-box [role=slider]", "aria-valuenow") == "2018"
    page.go_forward()
    wait_for_title(page, "(2021)")
    assert page.get_attribute("#home-year-box [role=slider]", "aria-valuenow") == "2021"
    assert_clean(page)


def test_a_tampered_year_is_a_french_notice_and_the_index_has_no_slider(page, live_server):
    page.goto(live_server + CRIME + "&annee=1899")
    wait_for_map(page)
    notice = page.inner_text("#home-notice")
    assert "Année « 1899 » non disponible pour cet indicateur" in notice
    assert "(2024)" in page.evaluate(MAP_TITLE)
    page.goto(live_server + "/?domaine=securite")
    wait_for_map(page)
    assert not page.locator("#home-year-box").is_visible()
    assert_clean(page)


def test_bretagne_shows_its_crime_series_against_france_with_the_sentence(page, live_server):
    page.goto(live_server + CRIME)
    page.wait_for_selector("#domain-panel-securite")
    panel = page.locator("#domain-panel-securite")
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    trend = panel.locator(".indicator-trend[data-indicator='cambriolages_2021']")
    trend.wait_for()
    sentence = trend.locator(".trend-sentence").inner_text()
    assert sentence.startswith("Bretagne : ") and "de 2016 à 2024" in sentence
    assert "l'écart à la France métropolitaine" in sentence
    image = trend.locator("img.trend-line")
    assert plain(image.get_attribute("alt")) == sentence
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", image.element_handle())
    assert_clean(page)
