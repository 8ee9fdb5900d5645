"""AppTest of what every page shares: each page runs in both languages with its title and the language kept in
the URL; presentation mode from a link and from the switch, kept across pages, enlarging figure text."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.apptest_pages import open_explorer, open_page, query

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["app.py", *sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_in_both_languages(page, lang):
    at = open_page(page, lang)
    assert at.title, "every page has a title"
    shown = " ".join(e.value for e in [*at.title, *at.markdown])
    has_chinese = any("\u4e00" <= ch <= "\u9fff" for ch in shown)
    assert has_chinese == (lang == "zh")
    assert at.query_params["lang"] in (lang, [lang])


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
