"""End-to-end tests: the app served by `streamlit run app.py`, driven in headless Chromium with Playwright.

UI wording comes from the catalogues (``convviz.text.i18n.t``), so a reworded label does not break these tests;
the numbers are literal.

Fixtures (e2e_browser, app_url, app_page, screenshot_dir) are in conftest.py; without Playwright or Chromium these
tests are skipped with the reason, or fail when CONVVIZ_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest

from convviz.text.i18n import LANGUAGE_NAMES, t

try:
    from playwright.sync_api import Locator, Page, expect
except ImportError:  # the fixtures skip (or fail) with the reason
    Locator = Page = expect = None
else:
    expect.set_options(timeout=20_000)

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
EXCEPTION = '[data-testid="stException"]'
ERROR = '[data-testid="stAlertContentError"]'
RUN_TIMEOUT_MS = 30_000

OUTPUT_SHAPE = {lang: t("res.output_shape", lang) for lang in ("en", "zh")}  # "Output shape", "输出形状"
TITLE = {lang: t("explorer.title", lang) for lang in ("en", "zh")}  # "Convolution explorer", "卷积探索器"
LANG_IN_URL = {lang: re.compile(rf"[?&]lang={lang}(&|$)") for lang in ("en", "zh")}


def wait_for_run(page: Page, expected: str | None = None, where: Locator | None = None) -> None:
    """Wait until the script run has finished and, if given, ``expected`` is shown (in ``where``).

    After a key press the app may still say "notRunning" until the rerun starts, so the expected text,
    not the state alone, decides; the state is checked again once the text is there.
    """
    page.wait_for_selector(IDLE, timeout=RUN_TIMEOUT_MS)
    if expected is not None:
        expect(where if where is not None else page.locator("body")).to_contain_text(expected)
        page.wait_for_selector(IDLE, timeout=RUN_TIMEOUT_MS)


def open_page(page: Page, base: str, path: str = "/", expected: str | None = None) -> None:
    page.goto(base + path)
    wait_for_run(page, expected)


def output_shape(page: Page, lang: str = "en") -> Locator:
    """The value of the "Output shape" metric."""
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=OUTPUT_SHAPE[lang])
    return metric.locator('[data-testid="stMetricValue"]')


def no_exception(page: Page) -> None:
    expect(page.locator(EXCEPTION)).to_have_count(0)


def kernel_size_thumb(page: Page) -> Locator:
    """The kernel_size slider's thumb: a visually hidden <input type=range> inside stSlider (Streamlit 1.67)."""
    label = t("ctl.kernel_size", "en")
    return page.locator(f'[data-testid="stSlider"] input[type="range"][aria-label="{label}"]')


def confirmation(page: Page) -> Locator:
    """The success line saying PyTorch ran the layer and agrees with the computed shape."""
    return page.locator('[data-testid="stAlertContentSuccess"]').filter(has_text="PyTorch")


def move_slider(thumb: Locator, key: str, presses: int, target: int) -> None:
    """Press ``key`` ``presses`` times on the keyboard, as a user does, with the slider thumb focused once before
    (focus is not given back between presses: a rerun that remounted the slider would lose it, and the presses
    after it would go nowhere); the thumb must end at ``target`` and still have the focus."""
    page = thumb.page
    if not thumb.evaluate("element => element === document.activeElement"):
        thumb.focus()
    step = 1 if key == "ArrowRight" else -1
    for _ in range(presses):
        value = int(thumb.get_attribute("aria-valuetext"))
        page.keyboard.press(key)
        expect(thumb).to_have_attribute("aria-valuetext", str(value + step))
    expect(thumb).to_have_attribute("aria-valuetext", str(target))
    expect(thumb).to_be_focused()


def save_screenshots(page: Page, folder, name: str) -> None:
    """``name``-viewport.png (what the screen shows) and ``name``-full.png (the whole scrolled page).

    Streamlit scrolls inside [data-testid=stMain], not the document, so Playwright's full_page option sees
    only the viewport: the full shot temporarily makes the viewport as tall as the content.
    """
    page.screenshot(path=str(folder / f"{name}-viewport.png"))
    size = page.viewport_size
    height = page.locator('[data-testid="stMain"]').evaluate("main => main.scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height), 12_000))})
    try:
        page.wait_for_selector(IDLE, timeout=RUN_TIMEOUT_MS)
        page.screenshot(path=str(folder / f"{name}-full.png"), full_page=True)
    finally:
        page.set_viewport_size(size)


def test_home_page_loads(app_page, app_url):
    open_page(app_page, app_url, "/", expected=t("home.topics", "en"))
    expect(app_page).to_have_title(re.compile("convviz"))
    expect(app_page.locator("h1").first).to_contain_text("convviz")
    explorer_link = app_page.get_by_test_id("stMain").get_by_role("link", name=re.compile(TITLE["en"]))
    expect(explorer_link).to_be_visible()
    no_exception(app_page)


def test_explorer_default_layer(app_page, app_url):
    open_page(app_page, app_url, "/explorer", expected=OUTPUT_SHAPE["en"])
    expect(output_shape(app_page)).to_have_text("(1, 1, 3, 3)")
    expect(confirmation(app_page)).to_have_count(1)
    expect(confirmation(app_page)).to_contain_text("(1, 1, 3, 3)")
    no_exception(app_page)
    expect(app_page.locator(ERROR)).to_have_count(0)


def test_kernel_size_slider_changes_output_shape(app_page, app_url):
    open_page(app_page, app_url, "/explorer", expected=OUTPUT_SHAPE["en"])
    thumb = kernel_size_thumb(app_page)
    expect(thumb).to_have_count(1)
    expect(thumb).to_have_attribute("aria-valuetext", "3")

    move_slider(thumb, "ArrowLeft", 1, target=2)
    wait_for_run(app_page, "(1, 1, 4, 4)", output_shape(app_page))
    expect(output_shape(app_page)).to_have_text("(1, 1, 4, 4)")

    move_slider(thumb, "ArrowRight", 2, target=4)
    wait_for_run(app_page, "(1, 1, 2, 2)", output_shape(app_page))
    expect(output_shape(app_page)).to_have_text("(1, 1, 2, 2)")
    no_exception(app_page)


def test_kernel_larger_than_input_shows_error_and_recovers(app_page, app_url):
    open_page(app_page, app_url, "/explorer", expected=OUTPUT_SHAPE["en"])
    thumb = kernel_size_thumb(app_page)

    move_slider(thumb, "ArrowRight", 4, target=7)  # a 7×7 kernel on the default 5×5 input, no padding
    error = app_page.locator(ERROR)
    wait_for_run(app_page, "would be empty", error.first)
    expect(error).to_have_count(2)  # above the controls, and beside them where the view was
    expect(error.last).to_contain_text("kernel_size")
    expect(output_shape(app_page)).to_have_count(0)
    no_exception(app_page)

    move_slider(thumb, "ArrowLeft", 4, target=3)  # no new focus: the error's run must not have remounted it
    wait_for_run(app_page, "(1, 1, 3, 3)", output_shape(app_page))
    expect(thumb).to_be_focused()
    expect(output_shape(app_page)).to_have_text("(1, 1, 3, 3)")
    expect(error).to_have_count(0)
    no_exception(app_page)


def test_language_is_kept_across_pages(app_page, app_url):
    open_page(app_page, app_url, "/explorer?lang=zh", expected="输出形状")
    expect(app_page.locator("h1").first).to_contain_text(TITLE["zh"])
    expect(output_shape(app_page, "zh")).to_have_text("(1, 1, 3, 3)")
    sidebar = app_page.get_by_test_id("stSidebar")

    sidebar.get_by_role("link", name=t("nav.home", "zh")).click()  # 首页
    wait_for_run(app_page, t("home.topics", "zh"))
    expect(app_page).to_have_url(LANG_IN_URL["zh"])
    expect(app_page.locator("h1").first).to_contain_text("convviz")
    explorer_link = app_page.get_by_test_id("stMain").get_by_role("link", name=re.compile(TITLE["zh"]))
    expect(explorer_link).to_be_visible()
    expect(explorer_link).to_have_attribute("href", re.compile(r"lang=zh"))
    no_exception(app_page)

    sidebar.get_by_role("link", name=TITLE["zh"]).click()
    wait_for_run(app_page, "输出形状")
    expect(app_page).to_have_url(re.compile(r"/explorer\?(.*&)?lang=zh(&|$)"))
    expect(app_page.locator("h1").first).to_contain_text(TITLE["zh"])
    expect(output_shape(app_page, "zh")).to_have_text("(1, 1, 3, 3)")
    no_exception(app_page)


def test_language_switch_in_sidebar(app_page, app_url):
    open_page(app_page, app_url, "/explorer?lang=zh", expected="输出形状")
    switch = app_page.get_by_test_id("stSidebar").get_by_role("radiogroup")
    expect(switch.get_by_role("radio", name=LANGUAGE_NAMES["zh"])).to_have_attribute("aria-checked", "true")

    switch.get_by_role("radio", name=LANGUAGE_NAMES["en"]).click()
    wait_for_run(app_page, TITLE["en"], app_page.locator("h1").first)
    expect(app_page).to_have_url(LANG_IN_URL["en"])
    expect(output_shape(app_page, "en")).to_have_text("(1, 1, 3, 3)")
    expect(switch.get_by_role("radio", name=LANGUAGE_NAMES["en"])).to_have_attribute("aria-checked", "true")
    no_exception(app_page)


def test_depthwise_separable_preset(app_page, app_url):
    open_page(app_page, app_url, "/explorer", expected=OUTPUT_SHAPE["en"])
    presets = app_page.locator(".st-key-preset")  # st.pills with key="preset"
    presets.get_by_text(t("preset.separable", "en"), exact=True).click()  # 64 → 128
    wait_for_run(app_page, "(1, 128, 32, 32)", output_shape(app_page))
    expect(output_shape(app_page)).to_have_text("(1, 128, 32, 32)")
    app_page.get_by_role("radio", name=t("res.pointwise.topic", "en")).click()  # the pair's numbers, drawn when chosen
    expect(app_page.get_by_text("8,960").first).to_be_visible(timeout=15_000)
    no_exception(app_page)


VIEWPORTS = [("phone", 390, 844), ("projector", 1280, 720)]


@contextmanager
def page_at(browser, width: int, height: int):
    """A page in its own browser context with the given viewport."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(20_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("device", "width", "height"), VIEWPORTS)
def test_explorer_viewports(e2e_browser, app_url, screenshot_dir, device, width, height, lang):
    with page_at(e2e_browser, width, height) as page:
        open_page(page, app_url, f"/explorer?lang={lang}", expected=OUTPUT_SHAPE[lang])
        shape = output_shape(page, lang)
        shape.scroll_into_view_if_needed()
        expect(shape).to_be_visible()
        expect(shape).to_have_text("(1, 1, 3, 3)")
        expect(page.locator("h1").first).to_contain_text(TITLE[lang])
        no_exception(page)
        save_screenshots(page, screenshot_dir, f"explorer-{lang}-{device}-{width}x{height}")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("device", "width", "height"), VIEWPORTS)
def test_home_viewports(e2e_browser, app_url, screenshot_dir, device, width, height, lang):
    with page_at(e2e_browser, width, height) as page:
        open_page(page, app_url, f"/?lang={lang}", expected=t("home.topics", lang))
        expect(page.locator("h1").first).to_contain_text("convviz")
        expect(page.get_by_test_id("stMain").get_by_role("link", name=re.compile(TITLE[lang]))).to_be_visible()
        no_exception(page)
        save_screenshots(page, screenshot_dir, f"home-{lang}-{device}-{width}x{height}")
