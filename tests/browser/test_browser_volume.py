"""Browser test: the explorer's depth-slice view of a 3-D layer — chosen with the controls, stepped with the
keyboard, its footprint drawn (fixtures in conftest.py; numbers from convviz.animation.volume)."""

from __future__ import annotations

from convviz import ConvSpec
from convviz.animation.volume import footprint
from convviz.text.i18n import t

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail) with the reason
    expect = None

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def test_depth_view_steps_with_the_keyboard(app_page, app_url, screenshot_dir):
    page = app_page
    page.goto(f"{app_url}/explorer?lang=zh&padding=1&input_size=6")
    page.wait_for_selector(IDLE, timeout=30_000)
    main = page.get_by_test_id("stMain")
    main.get_by_role("radio", name=t("ctl.spatial_dims.option", "zh", n=3)).click()
    main.get_by_role("radio", name=t("view.depth", "zh")).click()
    slider = page.locator('[data-testid="stSlider"]').filter(has_text=t("vol.depth", "zh"))
    expect(slider).to_be_visible(timeout=30_000)
    slider.locator("input[type=range]").focus()
    page.keyboard.press("ArrowRight")
    fp = footprint(ConvSpec(1, 1, 3, padding=1, spatial_dims=3), (1, 1, 6, 6, 6), (1, 0, 0))
    expect(main.get_by_text("y[0, 0, 1, 0, 0]")).to_be_visible(timeout=30_000)
    expect(main.get_by_text(f"{fp.taps_on_input} 个落在输入元素上", exact=False)).to_be_visible()
    chart = page.locator('.st-key-vol_chart [data-testid="stPlotlyChart"] .js-plotly-plot')
    expect(chart).to_be_visible(timeout=20_000)
    assert chart.evaluate("gd => gd.data.filter(d => d.type === 'heatmap').length") == 4
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(screenshot_dir / "explorer-depth-zh.png"), full_page=True)


def test_3d_animation_plays_in_the_browser(app_page, app_url, screenshot_dir):
    """The 3-D animation (opened from its expander) plays with plotly's own button through every output element
    of a 4×4×4 layer: 64 steps, no server round trip per step."""
    page = app_page
    page.goto(f"{app_url}/explorer?lang=en&spatial_dims=3&view=depth&padding=1&input_size=4")
    page.wait_for_selector(IDLE, timeout=30_000)
    page.get_by_text(t("vol.anim.heading", "en")).click()
    chart = page.locator('.st-key-vol_anim_chart [data-testid="stPlotlyChart"] .js-plotly-plot')
    expect(chart).to_be_visible(timeout=30_000)
    chart.scroll_into_view_if_needed()
    label = chart.locator("text.slider-label").filter(has_text=t("anim.step", "en") + " ")
    expect(label).to_contain_text("1/64", timeout=20_000)
    chart.locator(".updatemenu-button").filter(has_text=t("anim.play_fast", "en")).click()
    expect(label).not_to_contain_text("1/64", timeout=10_000)
    expect(label).to_contain_text("64/64", timeout=30_000)  # plays to the last output element in the browser
    assert chart.evaluate("gd => gd._transitionData._frames.length") == 64
    assert page.locator('[data-testid="stException"]').count() == 0
    chart.screenshot(path=str(screenshot_dir / "explorer-3d-animation-en.png"))
