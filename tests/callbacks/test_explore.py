"""Home page callbacks, called directly."""

from __future__ import annotations

import app  # noqa: F401  (builds the app once: registers the callbacks)
from dash import no_update

from callbacks.explore import sync_view_state, update_domain_comparison, update_map, update_region_view
from layouts import ids
from tests.callbacks.conftest import patched


def test_choosing_a_domain_writes_it_in_the_url_and_resets_the_indicator(trigger):
    search, domain, options, indicator, region, notice, *basket = trigger(
        sync_view_state, f"{ids.DOMAIN}.value", "?domaine=emploi&indicateur=chomage_2019", "securite",
        "chomage_2019", None, None)
    assert search == "?domaine=securite"
    assert indicator == "indice"
    assert any(o["value"] == "cambriolages_2021" for o in options)
    assert domain is no_update and region is no_update


def test_clicking_a_region_on_the_map_selects_it(trigger):
    click = {"points": [{"location": "53"}]}
    search, _, _, _, region, notice, *basket = trigger(sync_view_state, f"{ids.MAP}.clickData", "?domaine=emploi",
                                         "emploi", "indice", None, click)
    assert search == "?region=53&domaine=emploi"
    assert region == "53"


def test_back_button_url_sets_the_pickers_and_only_what_changed(trigger):
    out = trigger(sync_view_state, f"{ids.HOME_URL}.search", "?region=11&domaine=emploi", "securite",
                  "indice", None, None)
    search, domain, options, indicator, region, notice, *basket = out
    assert search is no_update
    assert domain == "emploi" and region == "11"
    assert indicator is no_update  # already the index


def test_a_tampered_url_gives_a_french_notice_and_defaults(trigger):
    out = trigger(sync_view_state, f"{ids.HOME_URL}.search", "?region=99&domaine=<b>", "emploi",
                  "indice", None, None)
    notice = out[5]
    assert "Région « 99 » inconnue" in str(notice)
    assert out[1] is no_update  # default domain already shown


def test_map_update_is_a_small_patch_without_geometry():
    patch, description = update_map("securite", "cambriolages_2021", "53")
    text = str(patch.to_plotly_json())
    assert "coordinates" not in text and "geojson" not in text
    assert "Cambriolages" in text
    assert "Corse" in description or "régions sur 13" in description


def test_map_update_ignores_an_unknown_domain():
    assert update_map("inconnu", "indice", None) == (no_update, no_update)


def test_region_view_lists_16_domain_panels_and_marks_illustrative_perception():
    profile, panels, quadrant, table = update_region_view("53")
    text = str(profile) + str(panels)
    assert text.count("domain-panel-") == 16
    assert "Bretagne" in text
    assert any("illustratives" in a["text"] for a in quadrant["layout"]["annotations"])


def test_region_view_without_region_invites_to_choose_one():
    profile, panels, quadrant, table = update_region_view(None)
    assert "Cliquez sur une région" in str(profile) and panels == []
    assert table is None


def test_domain_comparison_shows_13_regions_and_its_text_alternative():
    patch, text = update_domain_comparison("emploi", "53")
    sent = patched(patch)  # a Patch: the figure's constant parts stay in the browser
    assert len(sent["data.0.y"]) == 13 and len(sent["data.1.x"]) == 13
    assert "<b>Bretagne</b>" in sent["data.0.y"]
    assert "data.0.hovertemplate" not in sent
    assert "13 régions sur 13" in text


def test_pinning_the_chosen_region_puts_it_in_the_basket_and_the_url(trigger):
    out = trigger(sync_view_state, f"{ids.BASKET_TOGGLE}.n_clicks", "?region=53&domaine=emploi&panier=11",
                  "emploi", "indice", "53", None, 1, None, ["11"])
    search, *_, notice, store, summary, label, disabled, tooltip, clear_disabled, _profile = out[:-6]
    assert search == "?region=53&domaine=emploi&panier=11,53"
    assert store == ["11", "53"]
    assert "★ Île-de-France, ★ Bretagne" in str(summary)
    assert "/comparer?panier=11,53" in str(summary)  # « Comparer ces régions » keeps the basket
    assert label == "★ Retirer Bretagne du panier" and disabled is False
    assert clear_disabled is False


def test_unpinning_removes_the_region_and_keeps_france_last(trigger):
    out = trigger(sync_view_state, f"{ids.BASKET_TOGGLE}.n_clicks", "?region=53&domaine=emploi&panier=53,11,FRM",
                  "emploi", "indice", "53", None, 2, None, ["53", "11", "FRM"])
    assert out[0] == "?region=53&domaine=emploi&panier=11,FRM"
    assert out[6] == ["11", "FRM"]
    assert out[8] == "☆ Épingler Bretagne"


def test_a_full_basket_refuses_a_fifth_region(trigger):
    full = "11,24,27,28"
    out = trigger(sync_view_state, f"{ids.BASKET_TOGGLE}.n_clicks", f"?region=53&domaine=emploi&panier={full}",
                  "emploi", "indice", "53", None, 1, None, full.split(","))
    assert out[0] == f"?region=53&domaine=emploi&panier={full}"  # unchanged
    out = trigger(sync_view_state, f"{ids.REGION}.value", f"?domaine=emploi&panier={full}",
                  "emploi", "indice", "53", None, None, None, full.split(","))
    assert out[9] is True and "plein" in out[10]  # the pin button says why it is off


def test_emptying_the_basket_clears_it_from_the_url(trigger):
    out = trigger(sync_view_state, f"{ids.BASKET_CLEAR}.n_clicks", "?domaine=emploi&panier=53,11",
                  "emploi", "indice", None, None, None, 1, ["53", "11"])
    assert out[0] == "?domaine=emploi"
    assert out[6] == [] and out[11] is True
    assert "vide" in str(out[7])


def test_a_domain_change_does_not_resend_the_basket_bar(trigger):
    out = trigger(sync_view_state, f"{ids.DOMAIN}.value", "?domaine=emploi&panier=53", "sante",
                  "indice", None, None, None, None, ["53"])
    assert out[0] == "?domaine=sante&panier=53"  # the basket stays in the link
    assert all(value is no_update for value in out[6:])


def test_a_tampered_basket_in_the_url_is_dropped_with_a_french_notice(trigger):
    out = trigger(sync_view_state, f"{ids.HOME_URL}.search", "?domaine=emploi&panier=53,99,<x>",
                  "emploi", "indice", None, None, None, None, [])
    assert "inconnu(s) dans le panier" in str(out[5])
    assert out[6] == ["53"]


def test_basket_regions_are_outlined_on_the_map_and_starred_in_the_comparison():
    patch, _ = update_map("emploi", "indice", "53", ["11", "FRM"])
    widths = patched(patch)["data.2.marker.line.width"]
    from dashboard.analysis.model import get_model
    from dashboard.views.home import region_names
    order = list(region_names(get_model()))
    assert widths[order.index("53")] == 4 and widths[order.index("11")] == 3
    assert widths[order.index("84")] == 0
    patch, _ = update_domain_comparison("emploi", "53", ["11"])
    names = patched(patch)["data.0.y"]
    assert "★ Île-de-France" in names and "<b>Bretagne</b>" in names


def test_a_region_click_sends_only_the_outlines_not_the_values(trigger):
    patch, description = trigger(update_map, f"{ids.REGION}.value", "emploi", "indice", "53", [])
    assert set(patched(patch)) == {"data.2.marker.line.width", "data.2.marker.line.color"}
    assert description is no_update


def test_a_domain_change_sends_values_but_never_the_region_codes_again(trigger):
    patch, description = trigger(update_map, f"{ids.DOMAIN}.value", "securite", "indice", None, [])
    sent = patched(patch)
    assert "data.1.z" in sent and "data.1.locations" not in sent
    assert "data.2.marker.line.width" not in sent
    assert all(z is None or len(repr(z)) <= 8 for z in sent["data.1.z"])  # rounded
    assert "Sécurité" in sent["layout.title.text"] and "Sécurité" in description
    assert "layout.annotations.0.text" in sent  # the « donnée non disponible » count follows


def test_the_region_view_of_the_bundled_data_is_built_once_per_region():
    first = update_region_view("53")
    assert update_region_view("53") is first
    assert update_region_view("11") is not first


def test_the_region_view_offers_its_report_and_its_workshop():
    profile, *_ = update_region_view("53")
    text = str(profile)
    assert "/rapport/53.pdf" in text
    assert "/atelier?region=53&etape=1" in text and "mode atelier" in text


def test_the_basket_regions_are_ringed_in_the_region_view_strips():
    _, panels, _, _ = update_region_view("53", ["11", "FRM"])
    text = str(panels)
    assert "strip-dot-pinned" in text and "★ Île-de-France" in text
    assert "cerclées de bleu" in text
    _, alone, _, _ = update_region_view("53")
    assert "strip-dot-pinned" not in str(alone)


def test_from_one_domain_index_to_another_the_colour_scale_is_not_resent(trigger):
    patch, _ = trigger(update_map, f"{ids.DOMAIN}.value", "securite", "indice", None, [])
    sent = patched(patch)
    assert "data.1.colorscale" not in sent and "data.1.colorbar" not in sent
    assert "2024" in sent["data.1.colorbar.title.text"]  # the years of the new index (crime: current year 2024)
    # from an indicator of the former domain: the whole scale travels
    patch, _ = trigger(update_map, f"{ids.DOMAIN}.value", "securite", "chomage_2019", None, [])
    sent = patched(patch)
    assert sent["data.1.zmid"] == 0 and "tickvals" in sent["data.1.colorbar"]


def test_warming_builds_every_region_view_and_domain_comparison_once():
    from callbacks.explore import domain_section, region_view, warm_reference_views

    warm_reference_views()
    regions, comparisons = region_view.cache_info().hits, domain_section.cache_info().hits
    update_region_view("84")
    update_domain_comparison("logement", None)
    assert region_view.cache_info().hits == regions + 1  # served from the warm cache
    assert domain_section.cache_info().hits == comparisons + 1


def test_choosing_whose_perception_writes_it_in_the_url_and_the_charts_follow(trigger):
    out = trigger(sync_view_state, f"{ids.PROFILE}.value", "?region=53&domaine=emploi", "emploi", "indice",
                  "53", None, None, None, [], None, "elus")
    assert out[0] == "?region=53&domaine=emploi&profil=elus"
    patch, text = update_domain_comparison("emploi", "53", [], None, "elus")
    assert patched(patch)["data.1.name"].startswith("Ressenti par les élus")
    assert "selon la perception des élus" in text
    _, _, quadrant, _ = update_region_view("53", [], None, "elus")
    assert "par les élus" in quadrant["layout"]["yaxis"]["title"]["text"]
    _, _, citizens, _ = update_region_view("53")
    assert "par les citoyens" in citizens["layout"]["yaxis"]["title"]["text"]


def test_an_unknown_profile_in_the_url_falls_back_to_citizens_with_a_notice(trigger):
    out = trigger(sync_view_state, f"{ids.HOME_URL}.search", "?domaine=emploi&profil=<x>", "emploi",
                  "indice", None, None, None, None, [], None, "elus")
    assert "Profil « <x> » inconnu" in str(out[5])
    assert out[12] == "citoyens"  # the picker goes back to the default


def test_a_phone_gets_the_quadrant_drawn_again_for_its_width_and_a_desktop_gets_nothing():
    from callbacks.explore import redraw_quadrant_for_phone

    figure = redraw_quadrant_for_phone(True, "53", None, "citoyens")
    assert figure["layout"]["title"]["text"].startswith("Ressenti et mesuré :<br>")
    assert redraw_quadrant_for_phone(False, "53", None, "citoyens") is no_update
    assert redraw_quadrant_for_phone(None, "53", None, "citoyens") is no_update
    assert redraw_quadrant_for_phone(True, "<script>", None, "citoyens") is no_update   # tampered region
    # a later region change keeps the phone's drawing
    later = update_region_view("93", [], None, "citoyens", True)[2]
    assert later["layout"]["title"]["text"] == "Ressenti et mesuré :<br>Provence-Alpes-Côte d'Azur"
    assert "<br>" not in update_region_view("93", [], None, "citoyens")[2]["layout"]["title"]["text"]
