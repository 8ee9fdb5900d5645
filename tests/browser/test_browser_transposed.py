"""Browser test: switching the explorer's layer to transposed changes the output shape and shows the overlap
heatmap (fixtures in conftest.py)."""

from __future__ import annotations

from convviz.text.i18n import t

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail) with the reason
    expect = None

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def test_transposed_switch_changes_the_shape_and_shows_the_overlap(app_page, app_url):
    page = app_page
    page.goto(f"{app_url}/explorer")
    page.wait_for_selector(IDLE, timeout=30_000)
    output = page.locator('[data-testid="stMetric"]').filter(has_text=t("res.output_shape", "en"))
    expect(output).to_contain_text("(1, 1, 3, 3)", timeout=30_000)
    page.get_by_text(t("ctl.more", "en"), exact=True).click()  # the switch is among the "more" options
    page.get_by_text(t("ctl.transposed", "en"), exact=True).click()
    expect(output).to_contain_text("(1, 1, 7, 7)", timeout=30_000)     # ConvTranspose2d(1, 1, 3) on 5×5
    heading = page.get_by_text(t("tconv.overlap.heading", "en"))
    expect(heading).to_be_visible(timeout=20_000)
    chart = page.locator('.st-key-overlap_chart [data-testid="stPlotlyChart"] .js-plotly-plot')
    expect(chart).to_be_visible(timeout=20_000)
    assert chart.evaluate("gd => gd.data[0].type") == "heatmap"
    assert page.locator('[data-testid="stException"]').count() == 0
