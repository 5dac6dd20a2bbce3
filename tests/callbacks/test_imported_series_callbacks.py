"""An imported file holding several years of one indicator, through the callbacks as the page calls
them: the region view draws its trend line and sentence, the map's year slider offers its years
and `&annee=` moves the map, in this session only. And the perception series of the bundled data
(France métropolitaine, PHARE-Citoyens 2015 then IMPACT-Citoyens 2019) in the region view."""

from __future__ import annotations

import base64

from dash import no_update

import app  # noqa: F401  (builds the app once: registers the callbacks)
from callbacks.explore import sync_view_state, update_map, update_region_view
from callbacks.importer import import_file
from layouts.pages.home import YEAR
from tests.callbacks.conftest import patched
from tests.web.conftest import visible_texts

REGIONS = ("11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94")
INDICATOR = "import_part_des_jeunes_sans_diplome_2021"
QUERY = f"?region=53&domaine=education&indicateur={INDICATOR}"


def series_file() -> bytes:
    lines = ["libellé;Part des jeunes sans diplôme", "domaine;Éducation", "unité;% des 18-24 ans",
             "source;Observatoire", "plus élevé = plus fragile;oui", "", "region;annee;valeur"]
    for year in (2019, 2020, 2021):
        lines += [f"{code};{year};{10 + (year - 2019) + i / 10:.1f}".replace(".", ",")
                  for i, code in enumerate(REGIONS)]
        lines.append(f"France métropolitaine;{year};{11 + (year - 2019) / 2:.1f}".replace(".", ","))
    return "\n".join(lines).encode("utf-8")


def imported() -> dict:
    upload = {"contents": "data:text/csv;base64," + base64.b64encode(series_file()).decode(),
              "filename": "jeunes.csv"}
    store, _ = import_file(upload, None)
    assert store is not no_update
    return store


def test_the_region_view_draws_the_trend_line_and_sentence_of_an_imported_series():
    _profile, domains, _figure, _table = update_region_view("53", imported=imported())
    html = " ".join(visible_texts(domains))      # the indicator tables are one HTML string each
    assert f'data-indicator="{INDICATOR}"' in html          # the small trend line, beside the value
    assert "Bretagne : +2,0\u00a0points (+18,7\u00a0%) de 2019 à 2021" in html
    _, plain, _, _ = update_region_view("53", imported=None)
    assert INDICATOR not in " ".join(visible_texts(plain))                       # another session sees no such series


def test_the_map_offers_the_imported_years_and_the_url_keeps_one(trigger):
    store = imported()
    out = trigger(sync_view_state, "home-url.search", QUERY + "&annee=2019", "education", "indice", "53",
                  None, None, None, [], store, "citoyens", None)
    value, low, high, marks, style, step = out[-6:]
    assert (value, low, high, step) == (2019, 2019, 2021, 1)
    assert set(marks) == {2019, 2020, 2021} and style.get("display") != "none"
    out = trigger(sync_view_state, f"{YEAR}.value", QUERY, "education", INDICATOR, "53", None, None,
                  None, [], store, "citoyens", 2020)
    assert out[0] == QUERY + "&annee=2020"
    patch, description = trigger(update_map, f"{YEAR}.value", "education", INDICATOR, "53", [], store, 2019)
    assert patched(patch)["layout.title.text"] == "Part des jeunes sans diplôme (2019)"
    assert description.startswith("Part des jeunes sans diplôme (2019).")


def test_the_region_view_shows_france_perception_from_2015_to_2019_with_the_survey_break():
    _profile, domains, _figure, _table = update_region_view("53", imported=None, profile="citoyens")
    texts = [t for t in visible_texts(domains) if t.startswith("Perception des citoyens dans le temps")]
    assert len(texts) == 5                                  # the 5 domains both surveys asked
    assert any("France métropolitaine : 7,1\u00a0/\u00a010 en 2015, 6,4\u00a0/\u00a010 en 2019, soit "
               "−0,7\u00a0point ; rupture de série" in t for t in texts)
    _, elus, _, _ = update_region_view("53", imported=None, profile="elus")
    assert not any("dans le temps" in t for t in visible_texts(elus))   # no survey of élus twice
