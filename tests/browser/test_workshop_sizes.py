"""The workshop on the projectors people use: every step at six window sizes, from 1024 x 768 to
3840 x 2160, nothing scrolls sideways, no text is cut, no two chart labels overlap, little text.

One browser context per size; the page is reused, stepping with the keyboard as a clicker would.
Screenshots of every step at 1024 x 768 and 1280 x 720 land in test-output/.
"""

from __future__ import annotations

import pytest

from dashboard.analysis.model import get_model

SIZES = [(1024, 768), (1280, 720), (1280, 800), (1366, 768), (1920, 1080), (3840, 2160)]
SCREENSHOTS = {(1024, 768), (1280, 720)}
MAX_RUNNING_WORDS = 25

# Problems of the slide on screen, as French-free diagnostics for the assertion message.
CHECKS = r"""() => {
  const problems = [];
  const page = document.querySelector('.workshop-page');
  const root = document.scrollingElement;
  if (root.scrollWidth > innerWidth + 1) problems.push(`horizontal scroll: ${root.scrollWidth} > ${innerWidth}`);
  if (page.scrollWidth > page.clientWidth + 1) problems.push(`slide wider than the window: ${page.scrollWidth}`);
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className ? '.' + el.className.split(' ')[0] : '')
    + ' « ' + (el.textContent || '').trim().slice(0, 40) + ' »';
  for (const el of [page, ...page.querySelectorAll('*')]) {
    if (el.closest('svg') || el.closest('.js-plotly-plot')) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const clipsX = ['hidden', 'clip', 'auto', 'scroll'].includes(style.overflowX);
    const clipsY = ['hidden', 'clip', 'auto', 'scroll'].includes(style.overflowY);
    if (clipsX && el.scrollWidth > el.clientWidth + 1) problems.push(`cut sideways: ${name(el)}`);
    if (clipsY && el.scrollHeight > el.clientHeight + 1) problems.push(`cut at the bottom: ${name(el)}`);
    const ownText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (ownText) {
      const r = el.getBoundingClientRect();
      if (r.right > innerWidth + 1 || r.bottom > innerHeight + 1 || r.left < -1 || r.top < -1)
        problems.push(`outside the window: ${name(el)}`);
    }
  }
  for (const graph of page.querySelectorAll('.workshop-graph')) {
    const frame = graph.getBoundingClientRect();
    const selector = '.annotation-text, .textpoint text, text.xtitle, text.ytitle, .xtick text, '
      + '.ytick text, .legendtext, text.gtitle';
    const boxes = [...graph.querySelectorAll(selector)]
      .filter(t => t.textContent.trim() && getComputedStyle(t).display !== 'none')
      .map(t => ({text: t.textContent.trim(), r: t.getBoundingClientRect()}))
      .filter(b => b.r.width > 0 && b.r.height > 0);
    for (const b of boxes) {
      if (b.r.left < frame.left - 1 || b.r.right > frame.right + 1 || b.r.top < frame.top - 1
          || b.r.bottom > frame.bottom + 1) problems.push(`label outside its chart: « ${b.text} »`);
    }
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i].r, b = boxes[j].r;
      const overlap = Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1
        && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
      if (overlap) problems.push(`labels overlap: « ${boxes[i].text} » and « ${boxes[j].text} »`);
    }
  }
  for (const graph of page.querySelectorAll('#workshop-graph-comparaison')) {
    const names = [...graph.querySelectorAll('.ytick text')].map(t => t.textContent.trim()).filter(Boolean);
    if (names.length !== 13) problems.push(`the bar chart names ${names.length} regions, not 13`);
  }
  const running = [...page.querySelectorAll('.workshop-body p')]
    .map(p => p.innerText.trim().split(/\s+/).filter(w => /\w/.test(w)).length)
    .reduce((a, b) => a + b, 0);
  return {problems, running};
}"""


def _wait_slide(page, step: int, size: str) -> None:
    page.wait_for_function(
        "([s, v]) => { const el = document.querySelector('.workshop-step');"
        " return el && el.getAttribute('data-step') === s && el.getAttribute('data-viewport') === v; }",
        arg=[str(step), size], timeout=20000)
    graph = page.query_selector(".workshop-graph")
    if graph is not None:  # drawn: the map's regions, the quadrant's points or the bars
        page.wait_for_selector(".workshop-graph .choroplethlocation, .workshop-graph .scatterlayer .point,"
                               " .workshop-graph .barlayer .point, .workshop-graph .scatterlayer .js-line",
                               state="attached", timeout=20000)
    page.wait_for_timeout(200)  # plotly's responsive resize settles


def _walk(page, live_server, output_dir, width, height, region, steps) -> list[str]:
    size = f"{width}x{height}"
    page.goto(f"{live_server}/atelier?region={region}&etape=1")
    failures = []
    for step in range(1, steps + 1):
        if step > 1:
            page.keyboard.press("ArrowRight")
        _wait_slide(page, step, size)
        found = page.evaluate(CHECKS)
        failures += [f"{size} étape {step}: {p}" for p in found["problems"]]
        if found["running"] > MAX_RUNNING_WORDS:
            failures.append(f"{size} étape {step}: {found['running']} words of running text")
        if (width, height) in SCREENSHOTS:
            page.screenshot(path=str(output_dir / f"workshop-{region}-{size}-step{step:02d}.png"))
    return failures


@pytest.mark.parametrize("width, height", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_step_fits_the_window_without_cut_text_or_overlapping_labels(
        new_page, live_server, output_dir, width, height):
    page = new_page(width, height)
    steps = 3 + len(get_model().domain_ids) + 1   # the last one: « Évolution » (Bretagne has series)
    failures = _walk(page, live_server, output_dir, width, height, "53", steps)
    if (width, height) == (1024, 768):  # the smallest window, two more regions' opening steps
        for region in ("32", "94"):
            failures += _walk(page, live_server, output_dir, width, height, region, 3)
    assert not failures, "\n".join(failures)
    assert page.console_errors == []


def test_a_resized_window_gets_its_charts_redrawn_for_the_new_size(new_page, live_server):
    page = new_page(1920, 1080)
    page.goto(f"{live_server}/atelier?region=53&etape=3")
    _wait_slide(page, 3, "1920x1080")
    big = page.evaluate("() => parseFloat(document.querySelector('#workshop-graph-quadrant .xtitle')"
                        ".style.fontSize)")
    page.set_viewport_size({"width": 1024, "height": 768})
    _wait_slide(page, 3, "1024x768")
    found = page.evaluate(CHECKS)
    assert found["problems"] == []
    small = page.evaluate("() => parseFloat(document.querySelector('#workshop-graph-quadrant .xtitle')"
                          ".style.fontSize)")
    assert small < big
