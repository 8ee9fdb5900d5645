"""AppTest of the 1×1 (pointwise) page: the article's numbers, both languages, controls, the explorer link."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from convviz.lessons import pointwise as pw
from convviz.text.i18n import t
from convviz.text.units import format_int, format_shape
from tests.pages import apptest_pages

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/2_pointwise.py"


def open_page(lang: str = "en") -> AppTest:
    return apptest_pages.open_page(PAGE, lang)


metric = apptest_pages.metric


def text(at: AppTest) -> str:
    return "\n".join(m.value for m in [*at.markdown, *at.success, *at.info])


# A control change reruns only the results fragment (ui.rerun_only); AppTest's tree then holds only that
# fragment's elements, while a browser keeps the controls as drawn: ``at.run()`` redraws the whole page before
# the next control is used.


def open_sections(at: AppTest, *keys: str) -> AppTest:
    """Open the page's lazy expanders (their content is drawn only while open) and rerun."""
    for key in keys:
        at.session_state[key] = True
    return at.run()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_default_shows_the_article_numbers(lang):
    at = open_page(lang)
    assert t("pw.bottleneck", lang) in [e.label for e in at.expander]  # closed: its numbers are not drawn
    assert "**69,632**" not in text(at)
    open_sections(at, "pw_bottleneck_open")
    assert at.title[0].value == t("pw.title", lang)
    assert metric(at, "pw.res.output_shape", lang) == "(1, 128, 32, 32)"
    assert metric(at, "pw.res.params", lang) == "8,320"
    shown = text(at)
    assert "**8,320**" in shown and "**16,777,216**" in shown  # numel and FlopCounterMode, in the PyTorch line
    assert "**2,020**" in shown and "**2,000**" in shown  # the 500×500×100 → 20 example, with and without bias
    assert "**69,632**" in shown and "**589,824**" in shown  # bottleneck vs one 3×3 layer, without bias
    assert not at.error
    if lang == "zh":
        assert "逐点卷积" in shown and "不扩大感受野" in shown
    else:
        assert "pointwise" in shown and "non-linearity" in shown


def test_channel_controls_change_the_numbers_and_the_figure():
    at = open_page()
    before_latex = [m.value for m in at.latex]
    before_figure = at.get("plotly_chart")[0].proto.spec
    at.number_input(key="pw_out").set_value(16).run()
    spec = pw.pointwise_spec(64, 16)
    assert metric(at, "pw.res.params") == format_int(spec.param_count())
    assert metric(at, "pw.res.output_shape") == "(1, 16, 32, 32)"
    assert "reduction" in [m.delta for m in at.metric if m.label == t("pw.res.change", "en")][0]
    assert [m.value for m in at.latex] != before_latex
    assert at.get("plotly_chart")[0].proto.spec != before_figure
    assert not at.checkbox  # a keyed rerun: only the results fragment was redrawn, the controls stay as drawn
    at.run().checkbox(key="pw_bias").set_value(False).run()
    assert metric(at, "pw.res.params") == format_int(64 * 16)
    assert not at.exception and not at.error


def test_linear_check_and_bottleneck_open_on_demand():
    at = open_sections(open_page(), "pw_linear_open", "pw_bottleneck_open")
    check = pw.linear_equivalence(pw.pointwise_spec(64, 128), (1, 64, 32, 32))
    assert check.max_abs_diff < 1e-4 and check.conv_shape == (1, 128, 32, 32)
    assert f"`{format_shape(check.conv_shape)}`" in text(at) and f"`{format_shape(check.linear_shape)}`" in text(at)
    assert any("nn.Linear(64, 128, bias=True)" in c.value for c in at.code)
    at.number_input(key="pw_bn_width").set_value(32).run()
    block = pw.bottleneck(256, 32)
    assert f"**{format_int(block.weights())}**" in text(at)
    assert at.query_params["bottleneck_width"] == "32"
    at.session_state["pw_bottleneck_open"] = False  # closed: the width stays, in the state and in the link
    at.run()
    assert f"**{format_int(block.weights())}**" not in text(at)
    assert at.session_state["pw_bn_width"] == 32 and at.query_params["bottleneck_width"] == "32"
    assert not at.exception and not at.error


def test_the_reduction_example_button():
    at = open_page()
    at.button(key="pw_example_reduction").click().run()
    assert metric(at, "pw.res.output_shape") == "(1, 20, 500, 500)"
    assert metric(at, "pw.res.params") == "2,020"
    assert any("PyTorch agrees" in s.value for s in at.success)


def test_open_in_explorer_shows_the_same_layer():
    at = open_page()
    at.number_input(key="pw_in").set_value(48).run()
    at.button(key="pw_open_explorer").click().run()
    assert not at.exception
    assert metric(at, "res.weight_shape") == "(128, 48, 1, 1)"
    assert metric(at, "res.output_shape") == "(1, 128, 32, 32)"
    shown = text(at) + "\n" + "\n".join(m.value for m in at.metric)  # the explorer's parameter count
    assert format_int(pw.pointwise_spec(48, 128).param_count()) in shown


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_reduction_reads_as_a_fraction_and_the_size_claim_names_the_stride(lang):
    """100 → 20 channels is a reduction to 1/5 ("通道数降为 1/5（降维）", not "降维 ×5"); the introduction keeps
    height and width only with stride 1 (tests/lib/lessons/test_pointwise.py checks stride 2 against PyTorch)."""
    at = open_page(lang)
    at.button(key="pw_example_reduction").click().run()
    delta = [m.delta for m in at.metric if m.label == t("pw.res.change", lang)]
    assert delta == [t("pw.change.reduction", lang, factor="5")]
    assert delta == ["reduction to 1/5" if lang == "en" else "通道数降为 1/5（降维）"]
    intro = t("pw.intro", lang)
    assert intro in text(at) and ("stride 1" if lang == "en" else "步幅为 1") in intro
    assert ("stride 2" if lang == "en" else "步幅为 2") in intro
