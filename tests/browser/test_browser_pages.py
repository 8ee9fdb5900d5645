"""Every page of ``ui.PAGES`` in a real browser (the app served by ``streamlit run app.py``, headless Chromium):

- opened by a direct link in both languages — English on a 1280×720 projector, Chinese on a 390-px phone — with
  its title shown, the language kept in the URL, no exception box, no sideways scrolling, and a screenshot of
  what the screen shows (``test-artifacts/screenshots/pages-*.png``);
- one real interaction per page that changes what is shown (:data:`INTERACTIONS`: which control, what changes;
  the expected values come from the library, which the other tests check against PyTorch).

A page added to ``ui.PAGES`` without a row in :data:`INTERACTIONS` fails ``test_every_page_has_an_interaction``.
Fixtures (e2e_browser, app_url, app_page, screenshot_dir) are in conftest.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

import ui
from convviz.layer.spec import ConvSpec
from convviz.lessons import quiz
from convviz.lessons.speed_lab import SpeedCase, chain_params, check_case
from convviz.text.i18n import LANGUAGE_NAMES, t
from convviz.text.units import format_int, format_shape

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail) with the reason
    expect = None

ROOT = Path(__file__).resolve().parents[2]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
EXCEPTION = '[data-testid="stException"]'
RUN_TIMEOUT_MS = 30_000
VIEWPORT = {"en": ("projector", 1280, 720), "zh": ("phone", 390, 844)}
PAGE_PATHS = [page.path for page in ui.PAGES]
PAGE_IDS = [Path(path).stem for path in PAGE_PATHS]  # no "/" in test ids: they name the failure screenshots


def url_path(script: str) -> str:
    """``app.py`` → ``/``; ``pages/7_speed_lab.py`` → ``/speed_lab`` (Streamlit drops the number)."""
    return "/" if "/" not in script else "/" + re.sub(r"^\d+_", "", Path(script).stem)


def title_key(script: str) -> str:
    """The catalogue key of the page's ``<h1>``: ``ui.setup_page("<key>")``; the home page shows the app name."""
    if script == "app.py":
        return "app.name"
    found = re.search(r'setup_page\("([^"]+)"', (ROOT / script).read_text())
    assert found, f"{script} does not call ui.setup_page"
    return found.group(1)


def wait_idle(page) -> None:
    page.wait_for_selector(IDLE, timeout=RUN_TIMEOUT_MS)


def open_direct(page, base: str, script: str, lang: str, query: str = "") -> None:
    """Open the page by its own URL (not through the navigation) and wait until its title and run are done."""
    page.goto(f"{base}{url_path(script)}?lang={lang}{query}")
    expect(page.locator("h1").first).to_contain_text(t(title_key(script), lang), timeout=RUN_TIMEOUT_MS)
    wait_idle(page)


def no_exception(page) -> None:
    expect(page.locator(EXCEPTION)).to_have_count(0)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("script", PAGE_PATHS, ids=PAGE_IDS)
def test_page_opens_by_direct_link(e2e_browser, app_url, screenshot_dir, script, lang):
    device, width, height = VIEWPORT[lang]
    context = e2e_browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(20_000)
    try:
        page = context.new_page()
        open_direct(page, app_url, script, lang)
        expect(page).to_have_url(re.compile(rf"{re.escape(url_path(script))}\?(.*&)?lang={lang}(&|$)"))
        no_exception(page)
        # Nothing wider than the screen: the main area scrolls only vertically.
        overflow = page.get_by_test_id("stMain").evaluate("m => m.scrollWidth - m.clientWidth")
        assert overflow <= 1, f"{script} is {overflow} px wider than a {width}-px {device} screen"
        page.screenshot(path=str(screenshot_dir / f"pages-{Path(script).stem}-{lang}-{device}-{width}x{height}.png"))
    finally:
        context.close()


# ---- one interaction per page ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Interaction:
    """Press ``keys`` on the element ``selector`` (or click it when ``keys`` is empty); then ``expected`` (text)
    is shown inside ``watch`` (a CSS selector, the main area by default, or ``metric:<label>``). ``query`` is added
    to the link."""

    what: str
    selector: str
    expected: str
    keys: tuple[str, ...] = ()
    watch: str = '[data-testid="stMain"]'
    query: str = ""


def _metric(label_key: str) -> str:
    """The metric labelled ``label_key`` (English), as a key for :func:`watched`."""
    return "metric:" + t(label_key, "en")


def watched(page, watch: str):
    if watch.startswith("metric:"):
        label = page.locator('[data-testid="stMetricLabel"]', has_text=watch.removeprefix("metric:"))
        return page.locator('[data-testid="stMetric"]', has=label).first
    return page.locator(watch).first


def _button(key: str, label_key: str) -> str:
    """A button of the keyed segmented control or pills, by its English label."""
    return f'.st-key-{key} button:has-text("{t(label_key, "en")}")'


def _thumb(key: str) -> str:
    return f'.st-key-{key} input[type="range"]'


_SPEED = SpeedCase(64, 128, 32, 5, 4, 1)  # the speed lab's article case with kernel 3 → 5 (its slider steps by 2)
_QUIZ = quiz.question_code(quiz.make_quiz(7, "hard")[0]).splitlines()[0]

INTERACTIONS: dict[str, Interaction] = {
    "app.py": Interaction(
        "language switch → Chinese headings", f'.st-key-lang_choice button:has-text("{LANGUAGE_NAMES["zh"]}")',
        t("home.topics", "zh")),
    "pages/1_explorer.py": Interaction(
        "kernel_size slider 3 → 4 → output shape", _thumb("kernel_size"), "(1, 1, 2, 2)", ("ArrowRight",),
        _metric("res.output_shape")),
    "pages/2_pointwise.py": Interaction(
        "in_channels 64 → 65 → parameters", ".st-key-pw_in input", format_int(ConvSpec(65, 128, 1).param_count()),
        ("ArrowUp",), _metric("pw.res.params")),
    "pages/3_dilated.py": Interaction(
        "dilation slider 2 → 3 → output shape", _thumb("d_dilation"),
        format_shape(ConvSpec(1, 1, 3, dilation=3).output_shape((1, 1, 7, 7))), ("ArrowRight",),
        _metric("dilated.res.output")),
    "pages/4_grouped.py": Interaction(
        "groups select_slider 4 → 8 → parameters", _thumb("gc_groups"),
        format_int(ConvSpec(64, 64, 3, padding=1, groups=8).param_count()), ("ArrowRight",), _metric("gc.res.params")),
    "pages/5_separable.py": Interaction(
        "kernel_size slider 3 → 4 → standard layer's parameters", _thumb("s_kernel"),
        format_int(ConvSpec(64, 128, 4, padding=2).param_count()), ("ArrowRight",)),
    "pages/6_receptive_field.py": Interaction(
        "WaveNet preset → receptive field 1,025",
        _button("rf_preset_pick", "rf.preset.wavenet"), "1,025", (), _metric("rf.res.size")),
    "pages/7_speed_lab.py": Interaction(
        "kernel_size slider 3 → 5 → standard parameters in the table", _thumb("sl_kernel"),
        format_int(chain_params(check_case(_SPEED)["standard"])), ("ArrowRight",)),
    "pages/8_quiz.py": Interaction(
        "level easy → hard → other questions (seed 7)",
        _button("quiz_level", "quiz.level.hard"), _QUIZ, (), query="&seed=7&level=easy"),
}


def test_every_page_has_an_interaction():
    assert set(INTERACTIONS) == set(PAGE_PATHS)


@pytest.mark.parametrize("script", PAGE_PATHS, ids=PAGE_IDS)
def test_one_interaction_changes_what_is_shown(app_page, app_url, script):
    page = app_page
    step = INTERACTIONS[script]
    open_direct(page, app_url, script, "en", step.query)
    watch = watched(page, step.watch)
    expect(watch).not_to_contain_text(step.expected)  # not there before the interaction
    control = page.locator(step.selector).first
    if step.keys:
        control.focus()
        for key in step.keys:
            control.press(key)
    else:
        control.click()
    expect(watch).to_contain_text(step.expected, timeout=RUN_TIMEOUT_MS)
    wait_idle(page)
    no_exception(page)


def test_the_chinese_page_hides_streamlits_english_upload_words(app_page, app_url):
    """Streamlit writes "Upload" and "10MB per file • PNG…" in English; the Chinese page hides the hint (the
    uploader's help states the limits) and shows 上传 on the button."""
    open_direct(app_page, app_url, "pages/6_receptive_field.py", "zh")
    zone = app_page.locator('[data-testid="stFileUploaderDropzone"]')
    expect(zone).to_be_visible()
    assert "per file" not in zone.inner_text()
    label = zone.locator('button [data-testid="stMarkdownContainer"] p')
    assert label.evaluate("p => getComputedStyle(p).fontSize") == "0px"
    assert label.evaluate("p => getComputedStyle(p, '::after').content") == '"上传"'
