"""No request leaves the app's origin: every page of ``ui.PAGES``, opened by a direct link in both languages (and
in presentation mode), then rerun once through the sidebar's language switch, asks no host but the app's own.
Requests to any other host are aborted and recorded, so the test fails with their URLs (a classroom may be
offline, and a student's visit must not reach a third party: a ``:material/…:`` page icon, a CDN font or script).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from convviz.text.i18n import LANGUAGE_NAMES
from tests.browser.test_browser_pages import IDLE, PAGE_IDS, PAGE_PATHS, RUN_TIMEOUT_MS, url_path


def guarded_page(e2e_browser, app_url: str):
    """A page in a fresh context whose requests to any host but the app's are aborted and listed in ``foreign``."""
    own = urlsplit(app_url).netloc
    foreign: list[str] = []
    context = e2e_browser.new_context(viewport={"width": 1280, "height": 720})
    context.set_default_timeout(20_000)

    def guard(route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or parts.netloc == own:
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    context.route("**/*", guard)
    return context, context.new_page(), foreign


@pytest.mark.parametrize("query", ["lang=en", "lang=zh&present=true"])
@pytest.mark.parametrize("script", PAGE_PATHS, ids=PAGE_IDS)
def test_page_requests_only_its_own_origin(e2e_browser, app_url, script, query):
    context, page, foreign = guarded_page(e2e_browser, app_url)
    try:
        page.goto(f"{app_url}{url_path(script)}?{query}")
        page.wait_for_selector("h1", timeout=RUN_TIMEOUT_MS)
        page.wait_for_selector(IDLE, timeout=RUN_TIMEOUT_MS)
        # A rerun: the sidebar's language switch (a real interaction every page has).
        other = LANGUAGE_NAMES["en" if "lang=zh" in query else "zh"]
        page.get_by_test_id("stSidebar").get_by_role("radiogroup").get_by_role("radio", name=other).click()
        page.wait_for_selector(IDLE, timeout=RUN_TIMEOUT_MS)
        page.wait_for_load_state("networkidle")
        icons = page.eval_on_selector_all("link[rel~='icon']", "links => links.map(l => l.href)")
    finally:
        context.close()
    assert foreign == [], f"{script} asked hosts other than the app's: {sorted(set(foreign))}"
    assert icons and all(urlsplit(href).netloc == urlsplit(app_url).netloc or href.startswith("data:")
                         for href in icons), icons


def test_the_guard_catches_a_third_party_request(e2e_browser, app_url):
    """The route guard itself works: a request the page makes to another host is recorded (so the test above
    can fail)."""
    context, page, foreign = guarded_page(e2e_browser, app_url)
    try:
        page.goto(f"{app_url}/?lang=en")
        page.wait_for_selector(IDLE, timeout=RUN_TIMEOUT_MS)
        page.evaluate("fetch('https://example.com/probe.svg').catch(() => null)")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert foreign == ["https://example.com/probe.svg"]
