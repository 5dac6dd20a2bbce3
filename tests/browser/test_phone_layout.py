"""Phones and narrow windows (issue 12 §4) and the small things a user trips on (§6), in real
headless Chromium: nothing scrolls sideways, the menu folds, indicator rows read as cards, the
chart toolbar leaves titles alone, the region picker says what to do and waits for a choice."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import wait_for_map

PAGES = ["/", "/?region=53&domaine=sante", "/comparer", "/comparer?panier=53,32&methode=rang",
         "/sources", "/importer"]


def settle(page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(600)  # narrow-charts.js rewraps the charts after their first drawing


def sideways(page) -> dict:
    return page.evaluate("() => ({scroll: document.documentElement.scrollWidth, width: innerWidth})")


@pytest.mark.parametrize("width, height", [(390, 844), (320, 700)])
def test_no_page_scrolls_sideways_on_a_phone(new_page, live_server, output_dir, width, height):
    page = new_page(width, height)
    for path in PAGES:
        page.goto(live_server + path)
        settle(page)
        size = sideways(page)
        assert size["scroll"] <= size["width"], (path, size)
    page.goto(f"{live_server}/?region=53&domaine=sante")
    settle(page)
    page.screenshot(path=str(output_dir / f"phone-home-region-{width}x{height}.png"))
    assert page.console_errors == [], page.console_errors


def test_the_navigation_folds_into_a_menu_that_opens_and_closes(new_page, live_server, output_dir):
    page = new_page(390, 844)
    page.goto(live_server)
    wait_for_map(page)
    toggler = page.locator("#app-navbar-toggler")
    comparer = page.locator("#app-navbar a.nav-link", has_text="Comparer")
    assert toggler.is_visible() and "Menu" in toggler.inner_text()
    assert comparer.is_hidden()
    assert toggler.get_attribute("aria-expanded") == "false"

    toggler.click()
    comparer.wait_for(state="visible")
    assert toggler.get_attribute("aria-expanded") == "true"
    page.wait_for_selector("#app-navbar-collapse.show")  # opened to its full height
    page.screenshot(path=str(output_dir / "phone-menu-open-390x844.png"))
    toggler.click()
    comparer.wait_for(state="hidden")

    toggler.click()
    comparer.click()  # following a link closes the menu on the new page
    page.wait_for_url("**/comparer")
    comparer.wait_for(state="hidden")
    assert toggler.get_attribute("aria-expanded") == "false"


def test_the_links_stay_in_one_bar_on_a_laptop(new_page, live_server):
    page = new_page(1280, 900)
    page.goto(live_server)
    page.wait_for_selector("#app-navbar a.nav-link")
    assert page.locator("#app-navbar-toggler").is_hidden()
    assert page.locator("#app-navbar a.nav-link", has_text="Sources et méthodes").is_visible()


@pytest.mark.parametrize("width", [390, 320])
def test_an_indicator_row_reads_as_a_card_with_its_value_and_rank(new_page, live_server, width):
    page = new_page(width, 800)
    page.goto(f"{live_server}/?region=53&domaine=emploi")
    page.wait_for_selector(".domain-panel[open] .indicator-table tbody tr")
    card = page.evaluate("""() => {
        const rows = [...document.querySelectorAll('.domain-panel[open] .indicator-table tbody tr')];
        const row = rows.find(r => r.querySelector('td.rank-cell').innerText.includes('/'));
        const value = row.querySelector('td.value-cell'), rank = row.querySelector('td.rank-cell');
        const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top}; };
        const label = e => getComputedStyle(e, '::before').content;
        return {display: getComputedStyle(row).display, head: getComputedStyle(row.closest('table').tHead).display,
                value: value.innerText, valueLabel: label(value), valueBox: box(value),
                rank: rank.innerText, rankLabel: label(rank), rankBox: box(rank), width: innerWidth};
    }""")
    assert card["display"] == "block" and card["head"] == "none"  # a card, not a table row
    assert card["valueLabel"] == '"Valeur"' and card["rankLabel"] == '"Rang"'
    assert card["value"].strip() and card["rank"].strip()
    assert "/" in card["rank"]  # « 4e / 13 »
    for box in (card["valueBox"], card["rankBox"]):
        assert 0 <= box["left"] and box["right"] <= card["width"], card
    assert card["rankBox"]["top"] > card["valueBox"]["top"]  # one under the other


def test_the_indicator_table_stays_a_table_on_a_laptop(new_page, live_server):
    page = new_page(1280, 900)
    page.goto(f"{live_server}/?region=53&domaine=emploi")
    page.wait_for_selector(".domain-panel[open] .indicator-table tbody tr")
    display = page.evaluate("() => getComputedStyle("
                            "document.querySelector('.domain-panel[open] .indicator-table tbody tr')).display")
    assert display == "table-row"


def overlap(page, graph: str) -> dict:
    """Boxes of the chart's toolbar and title, the toolbar shown as on hover."""
    locator = page.locator(f"#{graph}")
    locator.scroll_into_view_if_needed()
    locator.hover(position={"x": 60, "y": 120})
    page.wait_for_selector(f"#{graph} .modebar", state="attached")
    return page.evaluate("""(id) => {
        const g = document.getElementById(id), m = g.querySelector('.modebar'), t = g.querySelector('.gtitle');
        const box = e => { const r = e.getBoundingClientRect();
                           return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
        return {bar: box(m), title: box(t), graph: box(g)};
    }""", graph)


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 900)])
@pytest.mark.parametrize("graph", ["home-map", "home-domain-comparison", "home-quadrant"])
def test_the_chart_toolbar_never_covers_the_chart_title(new_page, live_server, width, height, graph):
    page = new_page(width, height)
    page.goto(f"{live_server}/?region=53&domaine=emploi")
    wait_for_map(page)
    settle(page)
    boxes = overlap(page, graph)
    bar, title = boxes["bar"], boxes["title"]
    apart = (bar["bottom"] <= title["top"] or title["bottom"] <= bar["top"]
             or bar["right"] <= title["left"] or title["right"] <= bar["left"])
    assert apart, boxes
    assert title["right"] <= min(boxes["graph"]["right"], width) + 1, boxes  # the title is not cut


def test_the_map_fills_the_phone_width(new_page, live_server, output_dir):
    page = new_page(390, 844)
    page.goto(f"{live_server}/?region=53")
    wait_for_map(page)
    settle(page)
    sizes = page.evaluate("""() => {
        const g = document.getElementById('home-map'), regions = g.querySelectorAll('.choroplethlocation');
        let left = Infinity, right = -Infinity;
        regions.forEach(r => { const b = r.getBoundingClientRect(); if (b.width) {
            left = Math.min(left, b.left); right = Math.max(right, b.right); } });
        const gd = g.querySelector('.js-plotly-plot');
        return {regions: right - left, plot: gd._fullLayout._size.w, graph: g.getBoundingClientRect().width};
    }""")
    # beside the server's colour bar (words on one line) the map had 0,60 of the width
    assert sizes["plot"] >= 0.72 * sizes["graph"], sizes
    assert sizes["regions"] >= 0.64 * sizes["graph"], sizes
    page.locator("#home-map").screenshot(path=str(output_dir / "phone-map-390.png"))


# §6 ------------------------------------------------------------------------------------------------

def shown_option(page, select: str) -> str:
    return page.eval_on_selector(select, "s => s.options[s.selectedIndex].text")


def region_of(page) -> str:
    return parse_qs(urlparse(page.url).query).get("region", [""])[0]


def test_the_empty_region_picker_says_choisir_une_region(page, live_server):
    page.goto(live_server)
    wait_for_map(page)
    assert shown_option(page, "#home-region") == "Choisir une région…"
    settle(page)
    page.select_option("#home-region", "53")
    heading_says(page, "Bretagne")
    assert shown_option(page, "#home-region") == "Bretagne"


@pytest.mark.parametrize("written", ["bretagne", "Bretagne", "BRETAGNE"])
def test_a_link_naming_the_region_opens_it(page, live_server, written):
    page.goto(f"{live_server}/?region={written}")
    page.wait_for_selector("#home-region-heading")
    assert "Bretagne" in page.inner_text("#home-region-heading")
    assert shown_option(page, "#home-region") == "Bretagne"
    assert page.locator(".url-notice").count() == 0


def test_a_link_with_accents_and_apostrophe_opens_the_region(page, live_server):
    page.goto(f"{live_server}/?region=Provence-Alpes-C%C3%B4te%20d'Azur")
    page.wait_for_selector("#home-region-heading")
    assert "Provence-Alpes-Côte d'Azur" in page.inner_text("#home-region-heading")


def heading_says(page, name: str, timeout_s: float = 30) -> None:
    """Wait until the region view's heading names `name` (polled from here: Playwright's own
    wait_for_function missed the change in this page, once the output is captured)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if name in " ".join(page.locator("#home-region-heading").all_inner_texts()):
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"the region view never showed {name!r}: {page.url}")


def count_updates(page) -> list:
    sent = []
    page.on("request", lambda r: sent.append(r.post_data or "")
            if "_dash-update-component" in r.url else None)
    return sent


def test_arrowing_through_the_region_list_redraws_once_on_enter(page, live_server):
    page.goto(live_server)
    wait_for_map(page)
    settle(page)
    sent = count_updates(page)
    page.focus("#home-region")
    for _ in range(4):  # Auvergne-Rhône-Alpes, Bourgogne-Franche-Comté, Bretagne, Centre-Val de Loire
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(150)
    assert [s for s in sent if "home-region" in s] == []  # nothing sent while moving
    assert region_of(page) == ""
    page.keyboard.press("Enter")
    heading_says(page, "Centre-Val de Loire")
    assert region_of(page) == "24"


def test_leaving_the_list_with_tab_applies_the_region_passed_last(page, live_server):
    page.goto(f"{live_server}/?region=53")
    heading_says(page, "Bretagne")
    settle(page)  # the page's first answers are in: a user reads before pressing keys
    page.focus("#home-region")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    heading_says(page, "Corse")
    assert region_of(page) == "94"


def test_escape_puts_back_the_region_shown(page, live_server):
    page.goto(f"{live_server}/?region=53")
    heading_says(page, "Bretagne")
    settle(page)
    sent = count_updates(page)
    page.focus("#home-region")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    assert page.eval_on_selector("#home-region", "s => s.value") == "53"
    page.keyboard.press("Tab")
    page.wait_for_timeout(1500)  # longer than the pause that applies a held choice
    assert [s for s in sent if "home-region" in s] == []
    assert region_of(page) == "53"


def test_a_choice_made_with_the_mouse_or_a_finger_applies_at_once(page, live_server):
    page.goto(live_server)
    wait_for_map(page)
    settle(page)
    # sent at once, well before the pause that applies a keyboard choice (1,2 s)
    with page.expect_request(lambda r: "_dash-update-component" in r.url
                             and "home-region" in (r.post_data or ""), timeout=1000):
        page.select_option("#home-region", "94")
    heading_says(page, "Corse")


# Charts whose points carry names: on a phone they are drawn again for its width (callbacks/phone.py)
# (page, chart, drawn for the phone when, names shown at least): the default scatter has 8 regions
# within ~60 x 30 px on a phone; 4 names fit there without touching, the others are counted
LABELLED_CHARTS = [("/?region=53", "home-quadrant", "layout.margin.t === 125", 5),
                   ("/?region=93", "home-quadrant", "layout.margin.t === 125", 5),
                   ("/comparer?vue=nuage", "compare-scatter", "data[0].textfont.size <= 10", 4)]

LABEL_BOXES = """(graph) => {
    const root = document.getElementById(graph);
    const plot = root.querySelector('.nsewdrag').getBoundingClientRect();
    const labels = [...root.querySelectorAll('g.textpoint text')]
        .filter(t => t.textContent.trim())
        .map(t => { const r = t.getBoundingClientRect();
                    return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom}; });
    return {plot: {left: plot.left, right: plot.right, top: plot.top, bottom: plot.bottom}, labels};
}"""


@pytest.mark.parametrize("width, height", [(390, 844), (320, 700)])
@pytest.mark.parametrize("path, graph, narrow_drawn, at_least", LABELLED_CHARTS)
def test_point_names_stay_inside_the_plot_and_apart_on_a_phone(new_page, live_server, width, height, path,
                                                                graph, narrow_drawn, at_least):
    """Drawn for a wide screen, a phone's quadrant and scatter had names cut at the plot's edges
    and printed over each other; drawn again for the phone's width, every name shown is whole and
    alone (a name with no room is left out: the hover and the table under the chart give it)."""
    page = new_page(width, height)
    page.goto(live_server + path)
    page.wait_for_function(f"""() => {{ const p = document.querySelector('#{graph} .js-plotly-plot');
        if (!p || !p.layout || !p.data) return false; const layout = p.layout, data = p.data;
        return {narrow_drawn}; }}""", timeout=30000)
    settle(page)
    boxes = page.evaluate(LABEL_BOXES, graph)
    plot, labels = boxes["plot"], boxes["labels"]
    assert len(labels) >= at_least, labels
    slack = 3  # px: anti-aliasing and the font's side bearings
    for label in labels:
        assert (label["left"] >= plot["left"] - slack and label["right"] <= plot["right"] + slack
                and label["top"] >= plot["top"] - slack and label["bottom"] <= plot["bottom"] + slack), (label, plot)
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            apart = (a["right"] <= b["left"] + slack or b["right"] <= a["left"] + slack
                     or a["bottom"] <= b["top"] + slack or b["bottom"] <= a["top"] + slack)
            assert apart, (a, b)
