"""Fuzzing every page with AppTest (hypothesis): random legal values on its controls, and random link parameters
(garbage included). No run may raise; a problem shows as an ``st.error`` / ``st.warning`` message.

- Controls: a fresh session opens the page, then makes 1–6 moves; each move picks one control the page shows
  at that moment (slider, select_slider, number input, selectbox, segmented control / pills, toggle, checkbox,
  text input, button, the receptive-field lab's upload) and gives it a value from its own options or bounds
  (ends favoured); garbage text goes into text inputs and random bytes with odd names into the upload.
  Heavy actions (measurements, the effective receptive field, GIF export) are left out: they have their own tests.
- Links: the page opened with random values for its own link parameters (:mod:`ui.link_schema`,
:mod:`ui.explorer.link`), the shared
  ones (``lang``, ``present``) and unknown names — numbers beyond every bound, malformed dimension lists, stack
  strings, control characters, markdown and HTML.

Example counts are small by default (CI on 2 cores); ``HYPOTHESIS_PROFILE=explore`` (tests/conftest.py) multiplies
them by :data:`EXPLORE_FACTOR` and searches new examples.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

import ui
from tests.pages.apptest_pages import open_more_options, open_numbers_topic
from ui.explorer.link import EXPLORER_KEYS
from ui.explorer.state import NUMBER_TOPICS
from ui.link_schema import PAGE_PARAMS

ROOT = Path(__file__).resolve().parents[2]
PAGES = [page.path for page in ui.PAGES]
EXPLORE = os.environ.get("HYPOTHESIS_PROFILE") == "explore"
EXPLORE_FACTOR = 10
# Buttons that start a measured or heavy computation (each has its own test); every other button is pressed.
HEAVY_BUTTONS = ("s_measure", "sl_measure", "rf_erf_button", "anim_gif_prepare")
WIDGET_KINDS = ("slider", "select_slider", "number_input", "selectbox", "button_group", "toggle", "checkbox",
                "text_input", "button", "file_uploader")


def fuzz_settings(examples: int):
    return settings(max_examples=examples * (EXPLORE_FACTOR if EXPLORE else 1), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def open_page(page: str, params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert_clean(at, f"home with {params}")
    if page != "app.py":
        at.switch_page(page).run()
    return at


def assert_clean(at: AppTest, what: str) -> None:
    assert not at.exception, f"{what}: " + "; ".join(e.value for e in at.exception)


def controls(at: AppTest) -> list:
    """The controls on screen now, in a stable order (kind, then position)."""
    found = []
    for kind in WIDGET_KINDS:
        try:
            widgets = list(getattr(at, kind))
        except (AttributeError, KeyError):  # an element type AppTest does not list on this version
            continue
        for widget in widgets:
            if kind == "button" and (widget.key in HEAVY_BUTTONS or widget.disabled):
                continue
            if kind == "file_uploader" and widget.key != "rf_upload":
                continue
            found.append((kind, widget))
    return found


def raw_options(at: AppTest, widget) -> list:
    """The values (not the labels) a selectbox, select_slider or button group offers: the labels are mapped back
    through the widget's own deserializer (Streamlit's session state; AppTest shows only the labels)."""
    metadata = at.session_state._state._state._new_widget_state.widget_metadata[widget.id]
    values = []
    for label in widget.options:
        try:
            values.append(metadata.deserializer(label if widget.type == "selectbox" else [label]))
        except Exception:  # noqa: BLE001 — a label the deserializer cannot read is simply not offered
            continue
    return values


def _number(data, low, high, current, integral: bool, step=None):
    low = current - 1000 if low is None else low
    high = current + 1000 if high is None else high
    if integral:
        low, high = int(low), int(high)
        if step and step > 1:
            return low + data.draw(st.integers(0, (high - low) // int(step))) * int(step)
        return data.draw(st.one_of(st.sampled_from([low, high]), st.integers(low, high)))
    return data.draw(st.one_of(st.sampled_from([float(low), float(high)]),
                               st.floats(float(low), float(high), allow_nan=False)))


GARBAGE_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["8,320", "8，320", "(1, 128, 32, 32)", "1e309", "-0", "", " ", "`**x**`", "<b>x</b>",
                     "{0}", "%s", "1" * 200, "(1,2,,3)", "nan", "∞"]),
)
UPLOAD_NAMES = st.sampled_from(["photo.png", "`tick`.png", "**bold** <img src=x onerror=alert(1)>.jpg",
                                "[link](javascript:alert(1)).webp", "x" * 300 + ".png", "\u202e.jpeg"])
UPLOAD_BYTES = st.one_of(
    st.binary(max_size=64),
    st.binary(max_size=32).map(lambda tail: b"\x89PNG\r\n\x1a\n" + tail),  # a PNG signature, then garbage
    st.binary(max_size=32).map(lambda tail: b"\xff\xd8\xff\xe0" + tail),  # a JPEG start, then garbage
)


def move(at: AppTest, data) -> str:
    """Give one control on screen a random legal value (or press it); returns what was done."""
    available = controls(at)
    if not available:
        return "nothing to move"
    kind, widget = available[data.draw(st.integers(0, len(available) - 1))]
    if kind == "slider":
        if isinstance(widget.value, (tuple, list)):
            return f"range slider {widget.key} left alone"
        integral = widget.data_type == 0  # INT
        value = _number(data, widget.min, widget.max, widget.value, integral, widget.step)
        widget.set_value(value)
    elif kind == "number_input":
        integral = isinstance(widget.value, int) and float(widget.step or 1).is_integer()
        value = _number(data, widget.min, widget.max, widget.value, integral)
        widget.set_value(value)
    elif kind in ("selectbox", "select_slider", "button_group"):
        options = raw_options(at, widget)
        if not options:
            return f"{kind} {widget.key} has no options"
        value = data.draw(st.sampled_from(options))
        if kind == "button_group" and not widget.proto.required and data.draw(st.booleans()):
            value = None  # deselect: a browser allows it only where the control is not required
        widget.set_value(value)
    elif kind in ("toggle", "checkbox"):
        value = data.draw(st.booleans())
        widget.set_value(value)
    elif kind == "text_input":
        value = data.draw(GARBAGE_TEXT)
        widget.set_value(value)
    elif kind == "button":
        value = "click"
        widget.click()
    else:  # the upload
        value = (data.draw(UPLOAD_NAMES), data.draw(UPLOAD_BYTES))
        widget.set_value((value[0], value[1], "image/png"))
    at.run()
    return f"{kind} {widget.key}={value!r}"


@pytest.mark.parametrize("page", PAGES, ids=[Path(p).stem for p in PAGES])
@fuzz_settings(examples=4)
@given(data=st.data())
def test_random_control_values_never_raise(page, data):
    lang = data.draw(st.sampled_from(["en", "zh"]))
    at = open_page(page, {"lang": lang})
    assert_clean(at, f"{page} opened")
    moves = []
    if page == ui.EXPLORER_PAGE:  # the explorer draws its less common options and each numbers topic on demand
        if data.draw(st.booleans()):
            open_more_options(at)
            moves.append("more options opened")
        topic = data.draw(st.sampled_from([name for name in NUMBER_TOPICS if name != "pointwise"]))
        open_numbers_topic(at, topic)
        moves.append(f"numbers topic {topic}")
    for _ in range(data.draw(st.integers(1, 5))):
        moves.append(move(at, data))
        assert_clean(at, f"{page} after {moves}")
    if os.environ.get("FUZZ_VERBOSE"):
        print(page, moves)


# ---- links --------------------------------------------------------------------------------------------------

def page_params(page: str) -> list[str]:
    """The link parameters ``page`` reads (besides ``lang`` and ``present``)."""
    if page == "pages/1_explorer.py":
        return list(EXPLORER_KEYS)
    if page == "pages/8_quiz.py":
        return ["seed", "level"]
    name = Path(page).stem.split("_", 1)[-1]
    return [param.name for param in PAGE_PARAMS.get(name, ())]


NUMBERS = st.one_of(st.integers(-10, 70), st.integers(-(10**40), 10**40)).map(str)
LINK_VALUES = st.one_of(
    NUMBERS,
    st.lists(st.integers(-5, 5000), min_size=1, max_size=5).map(lambda v: "x".join(map(str, v))),
    st.lists(st.integers(-5, 9), min_size=1, max_size=5).map(lambda v: ",".join(map(str, v))),
    st.sampled_from(["same", "valid", "causal", "true", "false", "yes", "0", "cpu", "cuda", "mps", "zh", "en",
                     "zh-CN", "easy", "hard", "reflect", "circular", "1", "2", "3", "", " ", "3×5", "3x", "x",
                     "1e3", "0x10", "NaN", "--1", "+7", "３", "٣"]),
    st.from_regex(r"[cma][0-9]{1,4}([sdgo][0-9]{1,5}|p([0-9]{1,4}|same|causal)){0,4}"
                  r"(,[cma][0-9]{1,3}([sdgo][0-9]{1,3}|p([0-9]|same|causal)){0,3}){0,6}", fullmatch=True),
    st.text(max_size=60),
    st.sampled_from(["<script>alert(1)</script>", "`x`\n**y**", "{lang}", "%(x)s", "{0.__class__}",
                     "__import__('os')", "a" * 5000, "\x00\x1b[31m", "c3," * 200]),
)


@pytest.mark.parametrize("page", PAGES, ids=[Path(p).stem for p in PAGES])
@fuzz_settings(examples=5)
@given(data=st.data())
def test_random_links_never_raise(page, data):
    names = page_params(page) + ["lang", "present", "view", "unknown", "__proto__"]
    chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=8, unique=True))
    params = {name: data.draw(LINK_VALUES) for name in chosen}
    at = open_page(page, params)
    assert_clean(at, f"{page} with {params}")
    at.run()  # the rerun after the page rewrote its link in canonical form
    assert_clean(at, f"{page} rerun with {params}")
