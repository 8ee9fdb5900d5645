"""AppTest: the explorer's transposed switch, shape-inversion panel and causal timeline, in both languages."""

import json

import numpy as np
import pytest
from apptest_pages import metric, open_more_options, open_page

from convviz import ConvSpec
from convviz.lessons.transposed import overlap_counts
from convviz.text.i18n import t


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_inversion_opens_the_transposed_layer_and_shows_its_overlap(lang):
    at = open_page("pages/1_explorer.py", lang)
    assert metric(at, "res.output_shape", lang) == "(1, 1, 3, 3)"
    at.button(key="invert_open").click().run()                    # ConvTranspose2d(1, 1, 3) on the 3×3 output
    assert not at.exception, [e.value for e in at.exception]
    assert at.toggle(key="transposed").value
    assert metric(at, "res.output_shape", lang) == "(1, 1, 5, 5)"   # back to the input size
    at.slider(key="stride").set_value(2).run()                      # kernel 3, stride 2: checkerboard
    assert metric(at, "res.output_shape", lang) == "(1, 1, 7, 7)"
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    expected = overlap_counts(ConvSpec(1, 1, 3, stride=2, transposed=True), (1, 1, 3, 3))
    assert np.array_equal(np.array(figure["data"][0]["z"]), expected)
    assert any(t("tconv.overlap.checker", lang, low=1, high=4, dims="H, W") == i.value for i in at.info)
    at.segmented_control(key="view").set_value("window").run()      # the zero-inserted gather view
    assert not at.exception
    assert t("tconv.anim.reads", lang, step=1, steps=49, cell="y[0, 0, 0, 0]", taps=9, real=1, zeros=8) in [
        m.value for m in at.markdown]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_causal_switch_draws_the_timeline(lang):
    at = open_page("pages/1_explorer.py", lang)
    at.segmented_control(key="spatial_dims").set_value(1).run()
    at.slider(key="dilation").set_value(2).run()
    open_more_options(at)  # the causal switch is among the "more" options
    at.toggle(key="causal").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert metric(at, "res.output_shape", lang) == "(1, 1, 5)"       # causal keeps the length
    assert t("ctl.causal.padding_off", lang) in [c.value for c in at.caption]
    roles = [trace.get("meta", {}).get("role") for trace in json.loads(at.get("plotly_chart")[0].proto.spec)["data"]]
    assert "cone_nodes" in roles


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_link_opens_the_transposed_layer(lang):
    from apptest_pages import open_page

    at = open_page("pages/1_explorer.py", lang, transposed="true", stride="2", output_padding="1", kernel_size="3")
    assert not at.warning
    assert at.toggle(key="transposed").value
    assert metric(at, "res.output_shape", lang) == "(1, 1, 12, 12)"   # (5 − 1)·2 + 3 + 1, ConvTranspose2d agrees
    assert any("ConvTranspose2d" in s.value for s in at.success)
    link = next(c.value for c in at.code if c.value.startswith("/explorer?"))  # the copy-link box
    assert link.endswith("&kernel_size=3&stride=2&transposed=true&output_padding=1")
    bad = open_page("pages/1_explorer.py", lang, transposed="true", output_padding="1", padding_mode="reflect")
    assert [w.value for w in bad.warning] == [
        t("url.notice.transposed_padding_mode", lang, mode="reflect"),
        t("url.notice.output_padding", lang, value="1", stride="1", dilation="1", used="0")]
    assert metric(bad, "res.output_shape", lang) == "(1, 1, 7, 7)"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_gather_view_lists_the_products_of_a_transposed_cell(lang):
    from apptest_pages import open_page

    from convviz.animation.cell_arithmetic import transposed_cell_arithmetic
    from convviz.runtime.engine import run_conv

    at = open_page("pages/1_explorer.py", lang, transposed="true", stride="2", kernel_size="3", input_size="3",
                   view="window")
    at.slider(key="anim_step").set_value(10).run()                  # output (1, 2) of the 7×7 output
    assert not at.exception, [e.value for e in at.exception]
    spec = ConvSpec(1, 1, 3, stride=2, transposed=True)
    cell = transposed_cell_arithmetic(spec, run_conv(spec, (1, 1, 3, 3)), (1, 2))
    assert cell.agrees and sum(p.source is not None for p in cell.products) == 2
    assert t("anim.arith.agrees", lang, value=str(int(cell.torch_value))) in [s.value for s in at.success]
    assert t("tconv.arith.explain", lang) in [c.value for c in at.caption]
