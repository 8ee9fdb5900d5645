"""AppTest: shareable links and presentation mode.

The explorer page belongs to another change in progress, so these tests run a copy of the app in a temporary
folder whose explorer has the one line ``ui.sync_explorer_url(tr)`` added after ``setup_page`` (the other pages
are links to the real ones). Once the explorer calls it itself, the copy is identical to the real page.
"""

from pathlib import Path

import pytest
from apptest_pages import open_numbers_topic
from streamlit.testing.v1 import AppTest

from convviz.text.i18n import t

ROOT = Path(__file__).resolve().parents[1]
SETUP_LINE = 'tr = ui.setup_page("explorer.title")\n'
SYNC_LINE = "ui.sync_explorer_url(tr)\n"
SYNC_CALL = "ui.sync_explorer_url(tr"


@pytest.fixture(scope="module")
def app_copy(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("links_app")
    (folder / "pages").mkdir()
    (folder / "app.py").write_text((ROOT / "app.py").read_text(encoding="utf-8"), encoding="utf-8")
    for page in (ROOT / "pages").glob("*.py"):
        if page.name == "1_explorer.py":
            source = page.read_text(encoding="utf-8")
            assert SETUP_LINE in source
            if SYNC_CALL not in source:
                source = source.replace(SETUP_LINE, SETUP_LINE + SYNC_LINE, 1)
            (folder / "pages" / page.name).write_text(source, encoding="utf-8")
        else:
            (folder / "pages" / page.name).symlink_to(page)
    return folder


def open_explorer(app_copy: Path, **params: str) -> AppTest:
    at = AppTest.from_file(str(app_copy / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()  # AppTest starts at the home page, where the language is read first
    at.home_warnings = [w.value for w in at.warning]
    at.switch_page("pages/1_explorer.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at: AppTest, key: str, lang: str) -> str:
    return next(m.value for m in at.metric if m.label == t(key, lang))


def explorer_link(at: AppTest) -> str:
    """The copy-link box (drawn under the explorer's controls, inside its fragment)."""
    return next(c.value for c in at.code if c.value.startswith("/explorer?"))


def query(at: AppTest) -> dict[str, str]:
    return {key: (value[-1] if isinstance(value, list) else value) for key, value in at.query_params.items()}


@pytest.mark.parametrize(("lang", "params_word"), [("en", "parameters"), ("zh", "个参数")])
def test_link_opens_the_layer(app_copy, lang, params_word):
    at = open_explorer(app_copy, in_channels="64", out_channels="128", kernel_size="3", padding="1", groups="4",
                       input_size="32", lang=lang)
    assert metric(at, "res.output_shape", lang) == "(1, 128, 32, 32)"
    assert metric(at, "res.params.heading", lang) == "18,560"
    open_numbers_topic(at, "params")
    assert any("**18,560**" in m.value and params_word in m.value for m in at.markdown)
    assert at.selectbox(key="groups").value == 4
    assert not at.warning
    link = explorer_link(at)
    assert link == ("/explorer?lang=" + lang + "&in_channels=64&input_size=32&out_channels=128&kernel_size=3"
                    "&padding=1&groups=4")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_garbage_link_opens_with_messages_and_no_exception(app_copy, lang):
    at = open_explorer(app_copy, kernel_size="-3", groups="abc", input_size="99999999", lang="xx",
                       in_channels="64", out_channels="64", padding="same", stride="2")
    shown = " ".join(w.value for w in at.warning)
    assert "`kernel_size=-3`" in shown and "`groups=abc`" in shown and "`input_size=99999999`" in shown
    assert "stride=2" in shown
    assert any("`xx`" in w for w in at.home_warnings)  # opened directly, the explorer would show it
    assert at.title[0].value == t("explorer.title", "en")  # lang=xx falls back to English
    assert at.slider(key="kernel_size").value == 1 and at.slider(key="stride").value == 2
    assert at.number_input(key="input_size").value == 1024
    # the URL is rewritten to the canonical values of what is shown
    assert query(at)["kernel_size"] == "1" and query(at)["input_size"] == "1024" and query(at)["lang"] == "en"
    assert "padding" not in query(at)


def test_a_widget_change_rewrites_the_url_and_notices_are_shown_once(app_copy):
    at = open_explorer(app_copy, kernel_size="3;5")
    assert at.warning
    at.slider(key="stride").set_value(2).run()
    assert not at.warning
    assert query(at)["stride"] == "2"
    assert query(at)["kernel_size"] == "3"  # malformed: the default, now canonical
    at.number_input(key="out_channels").set_value(8).run()  # URL is written at the top of the next run
    at.run()
    assert query(at)["out_channels"] == "8"
    assert "out_channels=8" in explorer_link(at)


def test_navigation_keeps_the_explorer_state_without_link_keys(app_copy):
    at = open_explorer(app_copy, kernel_size="5", input_size="9")
    at.switch_page("pages/2_pointwise.py").run()
    at.query_params.clear()  # a navigation link carries only lang (and present)
    at.query_params["lang"] = "en"
    at.switch_page("pages/1_explorer.py").run()
    assert not at.exception
    assert metric(at, "res.output_shape", "en") == "(1, 1, 5, 5)"
    assert query(at)["kernel_size"] == "5"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_presentation_mode_from_the_link_and_the_switch(app_copy, lang):
    at = AppTest.from_file(str(app_copy / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.query_params["present"] = "true"
    at.run()
    assert at.toggle(key="present_choice").value is True
    assert any("font-size: 21px" in h.proto.body for h in at.get("html"))
    at.switch_page("pages/2_pointwise.py").run()
    assert at.toggle(key="present_choice").value is True
    at.toggle(key="present_choice").set_value(False).run()
    assert "present" not in at.query_params
    assert not any("font-size: 21px" in h.proto.body for h in at.get("html"))
    at.toggle(key="present_choice").set_value(True).run()
    assert query(at)["present"] == "true"


def test_link_params_carry_presentation_mode(app_copy):
    at = AppTest.from_file(str(app_copy / "app.py"), default_timeout=60)
    at.query_params["present"] = "yes"
    at.run()
    assert not at.exception
    links = at.get("page_link")
    assert links and all(link.proto.query_string == "lang=en&present=true" for link in links)


def test_presentation_mode_enlarges_figure_text(app_copy):
    """The sweep figure's text grows by ui.PRESENT_FIGURE_SCALE in presentation mode, and only there."""
    import json

    import ui

    def sweep_layout(present: bool) -> dict:
        extra = {"present": "true"} if present else {}
        at = open_explorer(app_copy, view="sweep", **extra)
        return json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]

    plain, big = sweep_layout(False), sweep_layout(True)
    plain_size = plain.get("font", {}).get("size", 12)
    assert big["font"]["size"] == pytest.approx(plain_size * ui.PRESENT_FIGURE_SCALE)
    if isinstance(plain.get("height"), int):
        assert big["height"] == round(plain["height"] * ui.PRESENT_FIGURE_SCALE)
