"""Browser test of the receptive-field lab's click-to-pick (AppTest cannot drive plotly selections): a click on
a cell of the image figure chooses that output element — the page's sentence names it and the receptive-field
box moves to the span the library computes.

Fixtures (app_url, app_page) are in conftest.py: skipped without Playwright/Chromium, failing instead when
CONVVIZ_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

from convviz.layer.receptive import receptive_field
from convviz.links import parse_stack
from convviz.receptive_lab import stack as sk
from convviz.text.i18n import t

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail) with the reason
    expect = None

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
OVERLAY = ".st-key-rf_overlay .js-plotly-plot"
STACK, SIZE = "c3p1o4,c3p1o4", 16  # two 3×3 convolutions with padding 1: 16×16 → 16×16, receptive field 5×5

# The click-target scatter (meta.role "cells"): the screen position of the marker for output element
# (row, col), from the subplot's drag area (.nsewdrag) and the axes' data → pixel maps.
CELL_XY = """(gd, [row, col]) => {
  const trace = gd._fullData.find(t => t.meta && t.meta.role === 'cells');
  const i = Array.from(trace.customdata).findIndex(c => c[0] === row && c[1] === col);
  if (i < 0) return null;
  const fl = gd._fullLayout, xa = fl[trace.xaxis.replace('x', 'xaxis')], ya = fl[trace.yaxis.replace('y', 'yaxis')];
  const drag = gd.querySelector('.nsewdrag[data-subplot="' + trace.xaxis + trace.yaxis + '"]') ||
               gd.querySelector('.nsewdrag');
  const box = drag.getBoundingClientRect();
  return [box.left + xa.l2p(trace.x[i]), box.top + ya.l2p(trace.y[i])]; }"""
BOX = """gd => { const t = gd._fullData.find(t => t.meta && t.meta.role === 'box');
  return [Math.min(...t.x), Math.max(...t.x), Math.min(...t.y), Math.max(...t.y)]; }"""


def cell_sentence(index, layers):
    rf = receptive_field(layers)[-1]
    span = rf.span(index)
    return t("rf.cell", "en", index=", ".join(map(str, index)),
             span=" × ".join(f"{first} … {last}" for first, last in span), size="5×5")


def test_clicking_the_image_picks_the_output_element(app_page, app_url):
    page = app_page
    page.goto(f"{app_url}/receptive_field?lang=en&spatial_dims=2&input_size={SIZE}&in_channels=1&stack={STACK}")
    page.wait_for_selector(IDLE, timeout=30_000)
    layers = sk.parse_rows(parse_stack(STACK, []), spatial_dims=2, in_channels=1).layers
    start = (SIZE // 2, SIZE // 2)  # the page starts at the middle element
    prefix = t("rf.cell", "en", index="", span="", size="").split("(")[0] + "("  # "Output element ("
    sentence = page.locator('[data-testid="stMarkdown"]').filter(has_text=prefix)
    expect(sentence.first).to_contain_text(cell_sentence(start, layers).replace("*", ""), timeout=30_000)
    chart = page.locator(OVERLAY)
    chart.scroll_into_view_if_needed()
    before = chart.evaluate(BOX)
    target = (3, 12)
    xy = chart.evaluate(CELL_XY, list(target))
    assert xy, "no click target for the output element"
    page.mouse.click(*xy)
    expect(sentence.first).to_contain_text(cell_sentence(target, layers).replace("*", ""), timeout=20_000)
    page.wait_for_selector(IDLE, timeout=30_000)
    expect(page.locator(".st-key-rf_row input")).to_have_value(str(target[0]))
    expect(page.locator(".st-key-rf_col input")).to_have_value(str(target[1]))
    after = page.locator(OVERLAY).evaluate(BOX)
    assert after != before
    (r0, r1), (c0, c1) = receptive_field(layers)[-1].span(target)
    # the box is drawn around the span's cells (x: columns, y: rows)
    assert after == [c0 - 0.5, c1 + 0.5, r0 - 0.5, r1 + 0.5]  # the span's cells, edge to edge
    assert page.locator('[data-testid="stException"]').count() == 0


EDITOR_GRID = '.st-key-rf_editor [data-testid="stDataFrameResizable"]'


def metric_value(page, key: str):
    card = page.locator('[data-testid="stMetric"]').filter(has_text=t(key, "en"))
    return card.locator('[data-testid="stMetricValue"]')


def test_editing_a_cell_of_the_stack_updates_the_results_and_the_link(app_page, app_url):
    """A real edit in the table (the frontend's own edit message, read by the page from the session): kernel_size
    3 → 5 in the first row. The results, the output element's sentence and the copy-link box follow; the table
    keeps the edit (its change reruns only the results' fragments, not the table)."""
    import torch

    page = app_page
    page.goto(f"{app_url}/receptive_field?lang=en&spatial_dims=2&input_size={SIZE}&in_channels=1&stack={STACK}")
    page.wait_for_selector(IDLE, timeout=30_000)
    expect(metric_value(page, "rf.res.size")).to_have_text("5×5", timeout=30_000)
    edited = "c5p1o4,c3p1o4"
    layers = sk.parse_rows(parse_stack(edited, []), spatial_dims=2, in_channels=1).layers
    with torch.inference_mode():
        y = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 5, padding=1), torch.nn.Conv2d(4, 4, 3, padding=1))(
            torch.zeros(1, 1, SIZE, SIZE))
    assert tuple(y.shape) == (1, 4, 14, 14)
    assert receptive_field(layers)[-1].size == (7, 7)

    # The grid draws on a canvas; its accessible copy (glide-cell-COLUMN-ROW, column 0 the row markers) tells
    # when it is ready and which cell is selected.
    cell = page.locator(".st-key-rf_editor").get_by_test_id
    expect(cell("glide-cell-2-0")).to_have_text("3", timeout=30_000)
    grid = page.locator(EDITOR_GRID)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    # the first row's "type" cell: right of the row markers, below the 35-px header; then one cell right
    page.mouse.click(box["x"] + 80, box["y"] + 35 + 17)
    expect(cell("glide-cell-1-0")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowRight")
    expect(cell("glide-cell-2-0")).to_have_attribute("aria-selected", "true")
    page.keyboard.type("5")  # opens the cell's editor with the 5 typed
    editor = page.locator("input.gdg-input")
    expect(editor).to_have_value("5")
    editor.press("Enter")
    expect(cell("glide-cell-2-0")).to_have_text("5")
    expect(metric_value(page, "rf.res.size")).to_have_text("7×7", timeout=20_000)
    expect(metric_value(page, "rf.res.output")).to_have_text("(1, 4, 14, 14)")
    page.wait_for_selector(IDLE, timeout=30_000)
    expect(page.locator("code").filter(has_text="/receptive_field?")).to_contain_text("stack=c5p1o4")
    prefix = t("rf.cell", "en", index="", span="", size="").split("(")[0] + "("
    expect(page.locator('[data-testid="stMarkdown"]').filter(has_text=prefix).first).to_contain_text("7×7")
    assert page.locator('[data-testid="stException"]').count() == 0
