"""End-to-end: a page-2..6 link with parameters and ``lang=zh`` (and presentation mode) opens the page with the
linked values; moving to another page and back through the sidebar keeps the language, presentation mode and
the values, and the URL and copy-link box show them again. Fixtures in conftest.py."""

from __future__ import annotations

import re

from convviz.text.i18n import t

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail) with the reason
    expect = None
else:
    expect.set_options(timeout=20_000)

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
LINK = "/grouped?lang=zh&present=true&in_channels=32&out_channels=64&kernel_size=5&groups=8&input_size=16"


def wait_for(page, text: str) -> None:
    page.wait_for_selector(IDLE, timeout=30_000)
    expect(page.locator("body")).to_contain_text(text)
    page.wait_for_selector(IDLE, timeout=30_000)


def grouped_shows_the_link(page) -> None:
    expect(page.locator("h1").first).to_contain_text(t("gc.title", "zh"))
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=t("gc.res.output_shape", "zh"))
    expect(metric.locator('[data-testid="stMetricValue"]')).to_have_text("(1, 64, 16, 16)")
    expect(page.get_by_test_id("stSidebar").get_by_role("switch")).to_be_checked()  # presentation mode
    for part in ("lang=zh", "present=true", "in_channels=32", "out_channels=64", "kernel_size=5", "groups=8",
                 "input_size=16"):
        expect(page).to_have_url(re.compile(rf"[?&]{part}(&|$)"))
    # the copy-link box, under the page's controls (inside its fragment)
    expect(page.locator("code").filter(has_text="/grouped?")).to_contain_text("groups=8")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def test_page_link_survives_navigation(app_page, app_url):
    app_page.goto(app_url + LINK)
    wait_for(app_page, "(1, 64, 16, 16)")
    grouped_shows_the_link(app_page)
    sidebar = app_page.get_by_test_id("stSidebar")

    sidebar.get_by_role("link", name=t("nav.dilated", "zh")).click()
    wait_for(app_page, t("dilated.layer.heading", "zh"))
    expect(app_page.locator("h1").first).to_contain_text(t("dilated.title", "zh"))
    expect(app_page).to_have_url(re.compile(r"/dilated\?(.*&)?lang=zh(&|$)"))
    expect(app_page).to_have_url(re.compile(r"[?&]present=true(&|$)"))
    expect(app_page).to_have_url(re.compile(r"[?&]rates=2(,|%2C)2(,|%2C)2(&|$)"))  # Streamlit writes , as %2C

    sidebar.get_by_role("link", name=t("nav.grouped", "zh")).click()
    wait_for(app_page, "(1, 64, 16, 16)")
    grouped_shows_the_link(app_page)


def test_a_page_switch_adds_at_most_two_history_entries(app_page, app_url):
    """Each separate query-parameter write used to become its own browser-history entry (five per page open), so
    Back seemed dead; ``ui.write_query`` now sends one address per run."""
    app_page.goto(app_url + "/?lang=en")
    wait_for(app_page, t("app.name", "en"))
    sidebar = app_page.get_by_test_id("stSidebar")
    sidebar.get_by_role("link", name=t("nav.dilated", "en")).click()
    wait_for(app_page, t("dilated.layer.heading", "en"))
    before = app_page.evaluate("history.length")
    sidebar.get_by_role("link", name=t("nav.grouped", "en")).click()
    wait_for(app_page, t("gc.title", "en"))
    expect(app_page).to_have_url(re.compile(r"/grouped\?(.*&)?groups=4(&|$)"))
    assert app_page.evaluate("history.length") - before <= 2
    app_page.go_back()
    app_page.go_back()
    expect(app_page).to_have_url(re.compile(r"/dilated\?"))


def test_back_after_a_slider_change_shows_the_earlier_layer(app_page, app_url):
    """Back after a key press on a control goes back to the previous layer: the page follows the address instead of
    writing its newer state over it (it used to, so Back changed nothing). Forward returns to the newer one."""
    app_page.goto(app_url + "/explorer?lang=en")
    output = app_page.locator('[data-testid="stMetric"]').filter(has_text=t("res.output_shape", "en"))
    value = output.locator('[data-testid="stMetricValue"]')
    wait_for(app_page, "(1, 1, 3, 3)")
    thumb = app_page.locator('.st-key-kernel_size input[type="range"]')
    thumb.focus()
    for kernel, shape in ((4, "(1, 1, 2, 2)"), (5, "(1, 1, 1, 1)")):
        app_page.keyboard.press("ArrowRight")
        expect(value).to_have_text(shape)
        app_page.wait_for_selector(IDLE, timeout=30_000)
        expect(app_page).to_have_url(re.compile(rf"[?&]kernel_size={kernel}(&|$)"))

    app_page.go_back()
    expect(value).to_have_text("(1, 1, 2, 2)")
    expect(thumb).to_have_attribute("aria-valuetext", "4")
    app_page.wait_for_selector(IDLE, timeout=30_000)
    expect(app_page).to_have_url(re.compile(r"[?&]kernel_size=4(&|$)"))
    expect(app_page.locator("code").filter(has_text="/explorer?")).to_contain_text("kernel_size=4")

    app_page.go_forward()
    expect(value).to_have_text("(1, 1, 1, 1)")
    expect(thumb).to_have_attribute("aria-valuetext", "5")
    expect(app_page.locator('[data-testid="stException"]')).to_have_count(0)
