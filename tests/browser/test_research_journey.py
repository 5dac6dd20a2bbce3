"""A researcher's journey, in real headless Chromium, offline: the matrix, a click on a cell that
opens the region and domain, the basket in the URL, the scatter with Spearman's rho and its
interval; the comparison rules as drawn (no partial indicator coloured) and the report rows' choice
kept in the URL."""

from __future__ import annotations

from tests.browser.conftest import figure_data, figure_layout, run_axe

MATRIX, SCATTER = "compare-matrix", "compare-scatter"


def wait_for_matrix(page) -> None:
    page.wait_for_selector(f"#{MATRIX} .hm, #{MATRIX} .heatmaplayer image", timeout=20000)
    page.wait_for_selector(f"#{SCATTER} .scatterlayer .point", timeout=20000)


def cell_position(page, region_name: str, column: int) -> tuple[float, float]:
    """Pixel centre of a matrix cell, from the axes plotly.js drew (the matrix scrolled to the top
    of the window first: the controls above it may push it below the fold)."""
    page.evaluate("() => document.querySelector('#compare-matrix')"
                  ".scrollIntoView({block: 'start', behavior: 'instant'})")
    return tuple(page.evaluate(
        """([name, column]) => {
            const gd = document.querySelector('#compare-matrix .js-plotly-plot');
            const fl = gd._fullLayout;
            const row = fl.yaxis.ticktext.findIndex(t => t.includes(name));
            const box = gd.getBoundingClientRect();
            return [box.left + fl._size.l + fl.xaxis.l2p(column), box.top + fl._size.t + fl.yaxis.l2p(row)];
        }""", [region_name, column]))


def assert_clean(page) -> None:
    assert page.console_errors == [], page.console_errors
    assert page.foreign_requests == [], page.foreign_requests


def test_matrix_then_a_cell_then_the_basket_then_the_scatter(page, live_server, output_dir):
    # 1. the matrix: 13 regions x 16 domains, method written, n.d. in the legend
    page.goto(f"{live_server}/comparer")
    wait_for_matrix(page)
    layout = figure_layout(page, MATRIX)
    assert len(layout["yaxis"]["ticktext"]) == 13 and len(layout["xaxis"]["ticktext"]) == 16
    assert "Méthode : score z" in layout["title"]["subtitle"]["text"]
    assert any(t.get("name", "").startswith("n.d.") for t in page.evaluate(
        "() => document.querySelector('#compare-matrix .js-plotly-plot').data.map(t => ({name: t.name}))"))
    assert page.locator(f"#{MATRIX} .legendtext").first.text_content().startswith("n.d.")
    page.locator(f"#{MATRIX}").screenshot(path=str(output_dir / "comparer-matrice.png"))

    # 2. a click on Bretagne x Emploi opens the region view of that domain
    x, y = cell_position(page, "Bretagne", 0)
    assert layout["xaxis"]["ticktext"][0] == "Emploi"
    page.mouse.click(x, y)
    page.wait_for_url("**/?region=53&domaine=emploi", timeout=15000)
    page.wait_for_selector("#home-region-heading", timeout=20000)
    assert "Bretagne" in page.inner_text("#home-region-heading")
    assert page.input_value("#home-domain") == "emploi"
    assert page.locator("#domain-panel-emploi").count() == 1

    # 3. the basket, filled from the region view: pin Bretagne, then Île-de-France; the map outlines
    # them, the domain comparison stars them, the URL keeps them; « Comparer ces régions » opens them
    page.click("#home-basket-toggle")
    page.wait_for_url("**panier=53", timeout=15000)
    assert "★ Bretagne" in page.inner_text("#home-basket-summary")
    assert page.inner_text("#home-basket-toggle").startswith("★ Retirer Bretagne")
    page.select_option("#home-region", "11")
    page.wait_for_function("() => document.querySelector('#home-basket-toggle').innerText.includes('Île-de-France')")
    page.click("#home-basket-toggle")
    page.wait_for_url("**panier=53,11", timeout=15000)
    page.wait_for_function(
        "() => document.querySelector('#home-domain-comparison .js-plotly-plot').data[0].y.includes('★ Bretagne')")
    widths = page.evaluate("() => { const d = document.querySelector('#home-map .js-plotly-plot').data[2];"
                           " return Object.fromEntries(d.locations.map((c, i) => [c, d.marker.line.width[i]])); }")
    assert widths["53"] == 3 and widths["11"] == 4 and widths["84"] == 0  # pinned; chosen; other
    page.screenshot(path=str(output_dir / "accueil-panier.png"), full_page=False)
    page.click("text=Comparer ces régions")
    page.wait_for_url("**/comparer?panier=53,11", timeout=15000)
    wait_for_matrix(page)
    layout = figure_layout(page, MATRIX)
    assert "<b>★ Bretagne</b>" in layout["yaxis"]["ticktext"]
    assert "<b>★ Île-de-France</b>" in layout["yaxis"]["ticktext"]
    assert len([s for s in layout["shapes"] if s["type"] == "rect"]) == 2
    assert page.is_checked("#compare-basket input[value='53']")
    assert page.is_checked("#compare-basket input[value='11']")
    pinned = [t for t in figure_data(page, SCATTER) if "<b>" in "".join(t["text"] or [])]
    assert sorted(pinned[0]["text"]) == ["<b>Bretagne</b>", "<b>Île-de-France</b>"]

    # 4. the scatter: two indicators chosen, 13 labelled points at most, Spearman's rho and its n
    page.select_option("#compare-x", "cambriolages_2021")
    page.wait_for_url("**x=cambriolages_2021**")
    page.select_option("#compare-y", "vols_violents_2021")
    page.wait_for_url("**y=vols_violents_2021**")
    page.wait_for_function(
        "() => document.querySelector('#compare-scatter .js-plotly-plot').layout.title.text.includes('Vols')")
    labels = [label for trace in figure_data(page, SCATTER) for label in trace["text"]]
    assert 0 < len(labels) <= 13
    assert page.locator(f"#{SCATTER} .scatterlayer .textpoint").count() == len(labels)
    sentence = page.inner_text(".spearman-sentence")
    assert "Corrélation de rang de Spearman : ρ = " in sentence and "n = 13 régions" in sentence
    assert "intervalle de confiance à 95 % [" in sentence and "liaison " in sentence
    assert "par hasard" in page.inner_text(".chance-note")
    assert "panier=53,11" in page.url  # the basket stays in the link
    page.locator(f"#{SCATTER}").screenshot(path=str(output_dir / "comparer-nuage.png"))
    assert_clean(page)


def test_no_partial_comparison_is_coloured_and_the_report_choice_stays_in_the_url(page, live_server, output_dir):
    # raw values: a domain shown by an indicator of 3 to 9 regions is written pale, never coloured
    page.goto(f"{live_server}/comparer?methode=brut")
    wait_for_matrix(page)
    layout = figure_layout(page, MATRIX)
    partial = [i for i, t in enumerate(layout["xaxis"]["ticktext"]) if "partielle (" in t]
    assert partial, layout["xaxis"]["ticktext"]
    heatmap = figure_data(page, MATRIX)[0]
    for column in partial:
        assert all(row[column] is None for row in heatmap["z"])
    legend = page.locator(f"#{MATRIX} .legendtext").all_text_contents()
    assert any(n.startswith("comparaison partielle") for n in legend), legend
    assert "1re / 13" not in " ".join(  # a partial rank is never « out of 13 »
        str(d[0]) for t in figure_data(page, MATRIX)[1:] for d in (t.get("customdata") or [])
        if "comparaison partielle" in str(d[0]))
    page.locator(f"#{MATRIX}").screenshot(path=str(output_dir / "comparer-matrice-partielle.png"))

    # the 2020 report's « douteuse » rows: out by default, in on request, kept in the link
    assert "exclues des indices" in layout["title"]["subtitle"]["text"]
    page.get_by_label("Lignes « douteuses » du rapport 2020 incluses dans les indices (choix du lecteur)").check()
    page.wait_for_url("**rapport=inclus**")
    page.wait_for_function("() => document.querySelector('#compare-matrix .js-plotly-plot')"
                           ".layout.title.subtitle.text.includes('incluses')")
    page.reload()
    wait_for_matrix(page)
    assert "incluses dans les indices" in figure_layout(page, MATRIX)["title"]["subtitle"]["text"]
    assert page.is_checked("#compare-report input[value='inclus']")

    # a tampered choice: a French notice, the default in force
    page.goto(f"{live_server}/comparer?rapport=peut-etre")
    wait_for_matrix(page)
    assert "« peut-etre »" in page.inner_text("#compare-notice")
    assert "exclues des indices" in figure_layout(page, MATRIX)["title"]["subtitle"]["text"]
    assert_clean(page)


def test_a_method_change_is_written_on_both_charts_and_notes_rank_class_changes(page, live_server):
    page.goto(f"{live_server}/comparer?panier=53")
    wait_for_matrix(page)
    page.get_by_label("Rang (1 = la région la plus fragile)").check()
    page.wait_for_url("**methode=rang**")
    page.wait_for_function("() => document.querySelector('#compare-matrix .js-plotly-plot')"
                           ".layout.title.subtitle.text.includes('rang')")
    page.wait_for_function("() => document.querySelector('#compare-scatter .js-plotly-plot')"
                           ".layout.title.subtitle.text.includes('rang')")
    assert "changent de classe de rang" in page.inner_text("#compare-matrix-note")
    assert_clean(page)


def test_comparison_and_sources_pages_pass_axe(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)  # axe is inline
    try:
        for path, ready in (("/comparer?panier=53,FRM", f"#{MATRIX} .hm, #{MATRIX} .heatmaplayer image"),
                            ("/sources", "#sources-indicators")):
            page = context.new_page()
            page.goto(f"{live_server}{path}")
            page.wait_for_selector(ready, timeout=20000)
            violations = run_axe(page)
            assert violations == [], (path, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations])
    finally:
        context.close()


def test_the_trend_colouring_and_a_change_axis_stay_in_the_url(page, live_server):
    page.goto(f"{live_server}/comparer?x=tendance:cambriolages_2021&y=pib_hab_2021")
    wait_for_matrix(page)
    page.get_by_label("Tendance (évolution sur la période commune)").check()
    page.wait_for_url("**couleur=tendance**")
    assert "x=tendance:cambriolages_2021" in page.url
    page.wait_for_function("() => document.querySelector('#compare-matrix .js-plotly-plot')"
                           ".layout.title.text.startsWith('Tendance')")
    x_title = page.evaluate("() => document.querySelector('#compare-scatter .js-plotly-plot')"
                            ".layout.xaxis.title.text")
    assert "Évolution 2016-2024" in x_title
    page.go_back()
    page.wait_for_function("() => !location.search.includes('couleur=tendance')")
    page.go_forward()
    page.wait_for_function("() => document.querySelector('#compare-matrix .js-plotly-plot')"
                           ".layout.title.text.startsWith('Tendance')")
    assert_clean(page)
