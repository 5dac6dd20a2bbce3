"""« Sources et méthodes » in a real browser: the 2020 report's table with each row's reliability,
the comparison rules with their settings, and each indicator's coverage out of 13 with its licence."""

from __future__ import annotations

from layouts.pages.sources import INDICATOR_TABLE, REPORT_TABLE, RULES


def test_sources_page_shows_the_report_table_with_doubtful_rows_out_of_the_indices(page, live_server):
    page.goto(f"{live_server}/sources")
    page.wait_for_selector(f"#{REPORT_TABLE}", timeout=20000)
    page.get_by_role("link", name="Tableau du rapport 2020").click()
    page.wait_for_url("**#rapport-2020")
    co2 = page.locator(f"#{REPORT_TABLE} tr", has_text="rapport2020_co2")
    assert "douteuse" in co2.inner_text() and "non, par défaut" in co2.inner_text()
    assert "12 régions" in co2.inner_text()                        # its reason, from the audit
    handicap = page.locator(f"#{REPORT_TABLE} tr", has_text="rapport2020_handicap")
    assert "plausible" in handicap.inner_text() and "oui" in handicap.inner_text()
    assert page.locator(f"#{REPORT_TABLE} tbody tr").count() == 8
    assert page.console_errors == [] and page.foreign_requests == []


def test_sources_page_gives_coverage_out_of_13_licence_and_where_figures_were_read(page, live_server):
    page.goto(f"{live_server}/sources")
    page.wait_for_selector(f"#{INDICATOR_TABLE}", timeout=20000)
    sport = page.locator(f"#{INDICATOR_TABLE} tr", has_text="licences_sportives_2022").inner_text()
    assert "12 / 13 régions" in sport and "Licence Ouverte" in sport
    life = page.locator(f"#{INDICATOR_TABLE} tr", has_text="esperance_vie_2018").inner_text()
    assert "13 / 13 régions" in life and "Eurostat" in life and "anciennes régions" in life
    cars = page.locator(f"#{INDICATOR_TABLE} tr", has_text="navetteurs_voiture_2017").inner_text()
    assert "comparaison partielle (3 régions)" in cars and "Lu sur" in cars and "francebleu.fr" in cars
    rules = page.inner_text(f"#{RULES}")
    assert "10 sur 13" in rules and "proche de la moyenne" in rules and "2 indicateurs sur 3" in rules


def test_on_a_phone_the_source_of_each_indicator_reads_across_its_card(new_page, live_server):
    page = new_page(390, 844)
    page.goto(f"{live_server}/sources")
    page.wait_for_selector(f"#{INDICATOR_TABLE} td.indicator-source[data-label]", timeout=20000)
    widths = page.eval_on_selector_all(f"#{INDICATOR_TABLE} td.indicator-source",
                                       "cells => cells.map(c => c.getBoundingClientRect().width)")
    assert widths and min(widths) > 300                       # not a 34 % column of letters
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
