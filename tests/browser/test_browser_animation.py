"""Browser tests of the explorer's animation (the parts AppTest cannot drive): plotly's own Play button moves the
step label without a server round trip, and a click on an output cell highlights exactly its input window.

Fixtures (app_url, app_page) are in conftest.py: skipped without Playwright/Chromium, failing instead when
CONVVIZ_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import pytest

from convviz import ConvSpec
from convviz.animation.window import window
from convviz.text.i18n import t

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail) with the reason
    expect = None

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'
STEP_LABEL = f"{CHART} text.slider-label"  # filtered to the one showing the current value (prefix "Step")

# JavaScript helpers on plotly's graph div: the overlay traces are the scatter traces after the click targets.
TAPS = """gd => { const i = gd.data.findIndex(t => t.fill === 'toself' && t.fillcolor.startsWith('rgba(230'));
  const xs = gd.data[i].x, ys = gd.data[i].y, cells = [];
  for (let k = 0; k < xs.length; k += 6) cells.push([Math.round(ys[k] + 0.4), Math.round(xs[k] + 0.4)]);
  return cells; }"""
CELL_XY = """([gd, row, col]) => { const fl = gd._fullLayout, xa = fl.xaxis2, ya = fl.yaxis2;
  const box = gd.querySelector('.main-svg').getBoundingClientRect();
  return [box.left + xa._offset + xa.l2p(col), box.top + ya._offset + ya.l2p(row)]; }"""


def step_label(page):
    return page.locator(STEP_LABEL).filter(has_text=t("anim.step", "en") + " ")


def open_window_view(page, base: str) -> None:
    page.goto(f"{base}/explorer?view=window")
    page.wait_for_selector(IDLE, timeout=30_000)
    expect(step_label(page)).to_contain_text("1/9", timeout=30_000)
    page.wait_for_selector(IDLE, timeout=30_000)


def test_play_moves_the_step_label(app_page, app_url):
    open_window_view(app_page, app_url)
    label = step_label(app_page)
    before = label.text_content()
    grids = app_page.locator(f"{CHART} .heatmaplayer text")  # the values drawn in the input and output grids
    values_shown = grids.count()
    assert values_shown == 5 * 5 + 3 * 3
    app_page.locator(f"{CHART} .updatemenu-button").filter(has_text=t("anim.play_fast", "en")).click()
    expect(label).not_to_have_text(before, timeout=10_000)
    expect(label).to_contain_text("9/9", timeout=10_000)   # plays to the end in the browser alone
    expect(grids).to_have_count(values_shown)  # playing moves the window; the grids keep their values
    assert app_page.locator('[data-testid="stException"]').count() == 0


@pytest.mark.parametrize("cell", [(1, 2)])
def test_clicking_an_output_cell_highlights_its_window(app_page, app_url, cell):
    open_window_view(app_page, app_url)
    chart = app_page.locator(CHART)
    chart.scroll_into_view_if_needed()
    x, y = chart.evaluate(CELL_XY.replace("([gd, row, col])", "(gd)").replace(
        "row", str(cell[0])).replace("col)", f"{cell[1]})"))
    app_page.mouse.click(x, y)
    step = cell[0] * 3 + cell[1] + 1
    reads = app_page.locator('[data-testid="stMarkdown"]').filter(has_text=f"Step {step}/9")
    expect(reads).to_contain_text(f"y[0, 0, {cell[0]}, {cell[1]}]", timeout=20_000)
    app_page.wait_for_selector(IDLE, timeout=30_000)
    expect(step_label(app_page)).to_contain_text(f"{step}/9")
    expected = [list(p) for p in window(ConvSpec(1, 1, 3), (1, 1, 5, 5), cell).taps_padded]
    assert sorted(app_page.locator(CHART).evaluate(TAPS)) == sorted(expected)
