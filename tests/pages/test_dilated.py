"""AppTest: the dilated-convolution page in both languages, its defaults (the article's example), its controls,
the gridding heatmap and the link to the explorer."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from convviz import ConvSpec
from convviz.lessons import dilated
from convviz.text.i18n import t
from convviz.text.snippet import pytorch_snippet, stack_snippet
from tests.helpers.plotly_arrays import decode
from tests.pages import apptest_pages

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/3_dilated.py"
# A control change reruns only the keyed fragments it drives (ui.rerun_only); AppTest's tree then holds only
# those fragments' elements, while a browser keeps the controls as drawn: ``at.run()`` redraws the whole page
# before the next control is used.


def open_page(lang: str = "en") -> AppTest:
    return apptest_pages.open_page(PAGE, lang)


metric = apptest_pages.metric


def figure(at: AppTest, index: int) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_defaults_are_the_article_example_in_both_languages(lang):
    at = open_page(lang)
    assert at.title[0].value == t("dilated.title", lang)
    assert metric(at, "dilated.res.input", lang) == "(1, 1, 7, 7)"
    assert metric(at, "dilated.res.output", lang) == "(1, 1, 3, 3)"
    assert metric(at, "dilated.res.k_eff", lang) == "5×5"
    assert metric(at, "dilated.res.params", lang) == "10"
    assert any("(1, 1, 3, 3)" in s.value for s in at.success)  # PyTorch's own run agrees
    assert metric(at, "dilated.grid.holes", lang) == "120"  # rates 2, 2, 2 by default
    shown = " ".join(m.value for m in at.markdown) + " ".join(w.value for w in at.warning)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in shown) == (lang == "zh")
    assert "7" in at.warning[0].value and "3" in at.warning[0].value  # the article's 7 → 3 correction


def test_dilation_and_keep_size_change_what_is_shown():
    at = open_page()
    latex = [m.value for m in at.latex]
    at.slider(key="d_dilation").set_value(1).run()
    assert not at.slider  # a keyed rerun: only the layer's fragments were redrawn, the controls stay as drawn
    assert metric(at, "dilated.res.output") == "(1, 1, 5, 5)"
    assert metric(at, "dilated.res.k_eff") == "3×3"
    assert [m.value for m in at.latex] != latex
    assert dict(at.query_params)["dilation"] == "1"  # the link follows
    at.run().slider(key="d_dilation").set_value(3).run()
    at.run().button(key="d_keep").click().run()
    assert at.slider(key="d_padding").value == 3
    assert metric(at, "dilated.res.output") == "(1, 1, 7, 7)"
    at.slider(key="d_kernel").set_value(2).run()  # d·(k − 1) = 3 is odd: only 'same' keeps the size
    at.run().button(key="d_keep").click().run()
    assert at.segmented_control(key="d_padding_kind").value == "same"
    assert metric(at, "dilated.res.output") == "(1, 1, 7, 7)"
    assert not at.exception


def test_kernel_figure_follows_the_output_cell():
    at = open_page()
    taps = {tr["name"]: tr for tr in figure(at, 0)["data"] if tr.get("name")}
    assert sorted(zip(taps["tap (a weight)"]["y"], taps["tap (a weight)"]["x"]))[0] == (0, 0)
    at.number_input(key="d_out_row").set_value(2).run()
    taps = {tr["name"]: tr for tr in figure(at, 0)["data"] if tr.get("name")}
    assert min(taps["tap (a weight)"]["y"]) == 2


def test_rates_switch_the_gridding_holes_on_and_off():
    at = open_page()
    heatmap = figure(at, 2)
    assert len(heatmap["data"]) == 2 and len(decode(heatmap["data"][1]["x"])) == 120
    at.button(key="d_preset_125").click().run()
    assert metric(at, "dilated.grid.holes") == "0"
    assert metric(at, "dilated.grid.rf") == "17×17"
    assert len(figure(at, 2)["data"]) == 1
    assert figure(at, 1)["data"][0]["y"][:3] == [3, 7, 17]
    at.number_input(key="d_rate_0").set_value(3).run()  # 3, 2, 5: gcd 1 but a gap too wide to fill
    assert int(metric(at, "dilated.grid.holes")) > 0
    holes = f"**{metric(at, 'dilated.grid.holes')}**"
    assert any(holes in w.value for w in at.warning) and not at.error  # a caution, not a failure
    assert not at.exception


def test_an_empty_output_shows_an_error_not_a_traceback():
    at = open_page("zh")
    at.slider(key="d_dilation").set_value(6).run()
    assert not at.exception
    assert any("输出将为空" in e.value for e in at.error)


def test_open_in_explorer_shows_the_same_layer():
    at = open_page()
    at.slider(key="d_padding").set_value(1).run()
    at.button(key="d_open").click().run()
    assert not at.exception
    spec = ConvSpec(1, 1, 3, dilation=2, padding=1)
    outputs = [m.value for m in at.metric if m.label == t("res.output_shape", "en")]
    assert outputs == ["(1, 1, 5, 5)"] == [str(spec.output_shape((1, 1, 7, 7)))]
    assert at.slider(key="dilation").value == 2 and at.slider(key="padding").value == 1


def test_layers_slider_redraws_the_growth_and_the_link_and_the_codes_open_on_demand():
    at = open_page()
    at.slider(key="d_layers").set_value(9).run()  # inside the stack fragment: it and the link rerun
    growth = dilated.rf_growth(dilated.cycled((2, 2, 2), 9), 3)
    assert figure(at, 0)["data"][0]["y"] == list(growth.dilated) == [1 + (3 - 1) * 2 * n for n in range(1, 10)]
    assert dict(at.query_params)["layers"] == "9"
    assert not at.code or all("nn.Conv2d" not in c.value for c in at.code)  # the code boxes are closed
    at.session_state["d_code"] = at.session_state["d_stack_code"] = True
    at.run()
    codes = [c.value.strip() for c in at.code]
    assert pytorch_snippet(ConvSpec(1, 1, 3, dilation=2), (1, 1, 7, 7)).strip() in codes
    assert stack_snippet(dilated.dilated_stack(growth.rates, 3), (1, 1, 7, 7)).strip() in codes
    assert not at.exception


def test_an_invalid_layer_leaves_the_stacks_usable():
    at = open_page()
    at.slider(key="d_dilation").set_value(6).run()  # 7×7 input, k_eff 13: empty output
    assert at.error and not at.get("plotly_chart")  # the error once; no kernel figure
    at.run()
    assert metric(at, "dilated.grid.holes") == "120" and len(at.get("plotly_chart")) == 2
    assert not at.exception


def torch_hole_count(rates: tuple[int, ...], k: int) -> int:
    """Holes inside the receptive field of the centre output of the page's stack (single-channel ``k×k`` layers,
    ``padding='same'``, the given rates), by PyTorch: the gradient of that output with respect to an input large
    enough that no border is reached, through all-ones weights; a hole is a zero inside the span of the non-zeros."""
    import torch

    size = 2 * (k - 1) * sum(rates) + 3
    x = torch.zeros(1, 1, size, size, dtype=torch.float64, requires_grad=True)
    y = x
    for rate in rates:
        conv = torch.nn.Conv2d(1, 1, k, dilation=rate, padding="same", bias=False).double()
        torch.nn.init.ones_(conv.weight)
        y = conv(y)
    y[0, 0, size // 2, size // 2].backward()
    reached = x.grad[0, 0] != 0
    rows, cols = torch.nonzero(reached, as_tuple=True)
    box = reached[int(rows.min()):int(rows.max()) + 1, int(cols.min()):int(cols.max()) + 1]
    return int((~box).sum())


def shown_text(at: AppTest) -> str:
    return " ".join([m.value for m in at.markdown] + [w.value for w in at.warning] + [c.value for c in at.caption])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_link_with_rates_1_1_8_explains_a_gap_too_wide_not_a_common_factor(lang):
    at = apptest_pages.open_page(PAGE, lang, rates="1,1,8")
    holes = torch_hole_count((1, 1, 8), 3)
    assert holes == 21 * 21 - 15 * 15 == 216  # the 1-D span of 21 has 6 holes: 3 between each copy of the 5-run
    assert metric(at, "dilated.grid.holes", lang) == "216"
    warning = next(w.value for w in at.warning if "**216**" in w.value)
    # the rates share no factor: neither "disjoint sub-grids" nor a checkerboard (a transposed-convolution term)
    assert "disjoint" not in warning and "互不相交" not in warning
    assert "checkerboard" not in shown_text(at).lower() and "棋盘" not in shown_text(at)
    # rates 1, 1 with kernel 3 reach a solid run of 1 + 2·(1 + 1) = 5; rate 8 puts its copies 8 apart: gaps of 3
    assert warning == (t("dilated.grid.has_holes", lang, rates="1, 1, 8", holes="216", total="441") + "\n\n"
                       + t("dilated.grid.cause.gap", lang, rate=8, smaller="1, 1", k=3, terms="1 + 1", run=5, gap=3))
    assert not at.exception


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_link_with_rates_2_2_2_explains_the_common_factor(lang):
    at = apptest_pages.open_page(PAGE, lang, rates="2,2,2")
    assert torch_hole_count((2, 2, 2), 3) == 13 * 13 - 7 * 7 == 120  # only even offsets: 7 of 13 per axis
    warning = next(w.value for w in at.warning if "**120**" in w.value)
    assert "checkerboard" not in shown_text(at).lower() and "棋盘" not in shown_text(at)
    assert warning == (t("dilated.grid.has_holes", lang, rates="2, 2, 2", holes="120", total="169") + "\n\n"
                       + t("dilated.grid.cause.common_factor", lang, g=2))
    assert not at.exception


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_with_stride_2_the_page_names_the_padding_that_keeps_the_size(lang):
    import torch

    at = apptest_pages.open_page(PAGE, lang, stride="2")  # the article's layer, 7×7, k 3, d 2, now stride 2
    assert metric(at, "dilated.res.output", lang) == "(1, 1, 2, 2)"
    shown = " ".join(m.value for m in at.markdown)
    assert "no padding keeps" not in shown and "任何填充都无法" not in shown
    # ⌈((2 − 1)·(7 − 1) + 2·(3 − 1))/2⌉ = 5, and PyTorch agrees that it keeps 7×7
    conv = torch.nn.Conv2d(1, 1, 3, stride=2, dilation=2, padding=5)
    assert tuple(conv(torch.zeros(1, 1, 7, 7)).shape) == (1, 1, 7, 7)
    assert t("dilated.keep.stride", lang, size=7, out="2×2", stride=2, pad=5) in shown
    kept = apptest_pages.open_page(PAGE, lang, stride="2", padding="5")
    assert metric(kept, "dilated.res.output", lang) == "(1, 1, 7, 7)"
    assert t("dilated.keep.yes", lang, size=7) in " ".join(m.value for m in kept.markdown)
