"""Browser test of the receptive-field lab's click-to-pick (AppTest cannot drive plotly selections): a click on
a cell of the image figure chooses that output element — the page's sentence names it and the receptive-field
box moves to the span the library computes.

Fixtures (app_url, app_page) are in conftest.py: skipped without Playwright/Chromium, failing instead when
CONVVIZ_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

from convviz import stack as sk
from convviz.i18n import t
from convviz.receptive import receptive_field
from convviz.url_state import parse_stack

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
