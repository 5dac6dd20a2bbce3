"""An import file holding several years, in headless Chromium: uploaded on /importer, its indicator
has a year slider on the map (the URL keeps the year) and a trend line with its sentence in the
region view; the region view also shows France's perception 2015 → 2019 with the survey break."""

from __future__ import annotations

import re

from tests.browser.conftest import wait_for_map
from tests.browser.test_import_isolation import assert_clean, open_importer, upload
from tests.browser.test_year_slider import MAP_TITLE, click_year, wait_for_title
from tests.callbacks.test_imported_series_callbacks import INDICATOR, series_file


def test_an_imported_file_of_several_years_gets_the_slider_and_the_trend_line(page, live_server, tmp_path):
    path = tmp_path / "jeunes-2019-2021.csv"
    path.write_bytes(series_file().decode("utf-8").replace("\n", "\r\n").encode("cp1252"))  # as Excel saves it
    open_importer(page, live_server)
    upload(page, path)
    assert "3 années de 2019 à 2021, valeur courante 2021" in page.inner_text("#importer-result")

    page.goto(f"{live_server}/?region=53&domaine=education&indicateur={INDICATOR}&annee=2019")
    wait_for_map(page)
    wait_for_title(page, "Part des jeunes sans diplôme (2019)")
    marks = page.locator("#home-year-box .dash-slider-mark").all_inner_texts()
    assert marks == ["2019", "2020", "2021"]
    click_year(page, 2020)
    page.wait_for_url(re.compile(r"annee=2020"))
    wait_for_title(page, "(2020)")
    assert "(2020)" in page.evaluate(MAP_TITLE)

    page.wait_for_selector(f'#domain-panel-education [data-indicator="{INDICATOR}"]', state="attached",
                           timeout=20000)
    sentence = page.locator(f'#domain-panel-education [data-indicator="{INDICATOR}"] .trend-sentence')
    assert sentence.text_content().startswith("Bretagne : +2,0 points (+18,7 %) de 2019 à 2021")
    france = page.locator("#domain-panel-emploi .perception-trend").text_content()
    assert "France métropolitaine : 7,1 / 10 en 2015, 6,4 / 10 en 2019" in france
    assert "rupture de série" in france
    assert_clean(page)
