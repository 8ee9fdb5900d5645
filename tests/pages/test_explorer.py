"""AppTest of the explorer page: it reacts to its controls, shows the article's numbers and never a traceback; its
animation area (sliding window, channels, sweep); the transposed switch, shape-inversion panel and causal timeline;
the depth-slice view of a 3-D layer (numbers from convviz.animation.volume, which
tests/lib/animation/test_volume.py checks against the real Conv3d); and its shareable links — in both languages.

Plotly selections cannot be driven here (see tests/browser/test_browser_animation.py); the keyboard step slider can.
"""

import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from convviz import ConvSpec
from convviz.animation.sliding import MAX_FRAMES
from convviz.animation.volume import TAP_INPUT, footprint, transposed_footprint
from convviz.layer.presets import PRESETS
from convviz.lessons.sweep import sweep
from convviz.lessons.transposed import overlap_counts
from convviz.text.i18n import t
from convviz.text.units import format_int, format_shape
from tests.pages.apptest_pages import (
    metric,
    open_explorer,
    open_more_options,
    open_numbers_topic,
    open_page,
    query,
)

ROOT = Path(__file__).resolve().parents[2]
EXPLORER = "pages/1_explorer.py"
ONE_MB = 1_000_000


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def latex_text(at: AppTest) -> str:
    """Every formula shown: ``st.latex`` blocks and ``$$`` blocks inside markdown."""
    return "\n".join([m.value for m in at.latex] + [m.value for m in at.markdown if "$$" in m.value])


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def test_explorer_default_is_the_classic_small_case():
    at = open_page(EXPLORER)
    assert metric(at, "res.input_shape") == "(1, 1, 5, 5)"
    assert metric(at, "res.output_shape") == format_shape(ConvSpec(1, 1, 3).output_shape((1, 1, 5, 5)))
    assert metric(at, "res.weight_shape") == "(1, 1, 3, 3)"
    assert any("PyTorch agrees" in s.value and "(1, 1, 3, 3)" in s.value for s in at.success)
    assert metric(at, "res.params.heading") == "10"
    assert metric(at, "res.macs") == format_int(ConvSpec(1, 1, 3).macs((1, 1, 5, 5)))
    open_numbers_topic(at, "params")
    assert "**10** parameters" in markdown_text(at)
    open_numbers_topic(at, "code")
    code = next(c.value for c in at.code if c.language == "python")  # the snippet (the link box is code too)
    namespace: dict = {}
    exec(compile(code, "snippet", "exec"), namespace)  # the snippet asserts the shape itself
    assert tuple(namespace["y"].shape) == (1, 1, 3, 3)


def test_moving_controls_changes_shape_params_and_formula():
    at = open_page(EXPLORER)
    before_latex = latex_text(at)
    at.slider(key="kernel_size").set_value(2).run()
    assert metric(at, "res.output_shape") == "(1, 1, 4, 4)"
    assert metric(at, "res.params.heading") == "5"
    assert latex_text(at) != before_latex and "= 4" in latex_text(at)
    at.slider(key="stride").set_value(2).run()
    assert metric(at, "res.output_shape") == format_shape(ConvSpec(1, 1, 2, stride=2).output_shape((1, 1, 5, 5)))
    at.number_input(key="out_channels").set_value(8).run()
    at.number_input(key="in_channels").set_value(4).run()
    assert metric(at, "res.weight_shape") == "(8, 4, 2, 2)"
    assert metric(at, "res.params.heading") == format_int(ConvSpec(4, 8, 2, stride=2).param_count())
    open_numbers_topic(at, "params")
    assert f"**{format_int(ConvSpec(4, 8, 2, stride=2).param_count())}** parameters" in markdown_text(at)


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_each_preset_shows_the_article_numbers(key):
    preset = PRESETS[key]
    at = open_page(EXPLORER)
    at.button_group(key="preset").set_value(key).run()
    assert not at.exception
    final = preset.spec.output_shape(preset.input_shape)
    if preset.pointwise:
        final = preset.pointwise.output_shape(final)
    assert metric(at, "res.output_shape") == format_shape(final)
    assert metric(at, "res.input_shape") == format_shape(preset.input_shape)
    params, macs = preset.spec.param_count(), preset.spec.macs(preset.input_shape)
    if preset.pointwise:  # the headline counts the whole block: both layers
        params += preset.pointwise.param_count()
        macs += preset.pointwise.macs(preset.spec.output_shape(preset.input_shape))
    assert metric(at, "res.params.pair" if preset.pointwise else "res.params.heading") == format_int(params)
    assert metric(at, "res.macs.pair" if preset.pointwise else "res.macs") == format_int(macs)
    assert not errors(at)


ARTICLE = {  # BRIEF's table: output shape and total parameters
    "pointwise": ("(1, 128, 32, 32)", "8,320"),
    "pointwise_reduction": ("(1, 20, 500, 500)", "2,020"),
    "dilated": ("(1, 1, 3, 3)", "10"),
    "grouped": ("(1, 64, 32, 32)", "9,280"),
    "separable": ("(1, 128, 32, 32)", "8,960"),
    "separable_picture": ("(1, 4, 32, 32)", "39"),
}


@pytest.mark.parametrize("key", sorted(ARTICLE))
def test_presets_reproduce_the_published_figures(key):
    at = open_page(EXPLORER)
    at.button_group(key="preset").set_value(key).run()
    shape, params = ARTICLE[key]
    assert metric(at, "res.output_shape") == shape
    open_numbers_topic(at, "pointwise" if PRESETS[key].pointwise else "params")  # the pair's total, or the layer's
    assert f"**{params}**" in markdown_text(at)
    if key == "separable":
        assert "**73,856**" in markdown_text(at)
    if key == "separable_picture":
        assert "**108**" in markdown_text(at)


@pytest.mark.parametrize(("changes", "fragment"), [
    ({"kernel_size": 7}, "would be empty"),
    ({"padding_kind": "same", "stride": 2}, "padding='same' needs stride=1"),
    ({"padding_mode": "reflect", "padding": 5}, "reflect padding"),
    ({"padding_mode": "circular", "padding": 6}, "wraps around"),
])
def test_invalid_choices_show_an_error_not_an_exception(changes, fragment):
    at = open_more_options(open_page(EXPLORER))  # padding_mode is among the "more" options
    for key, value in changes.items():
        widget = {"kernel_size": at.slider, "stride": at.slider, "padding": at.slider,
                  "padding_kind": at.segmented_control, "padding_mode": at.selectbox}[key]
        widget(key=key).set_value(value).run()
    assert not at.exception
    assert any(fragment.lower() in e.lower() for e in errors(at)), errors(at)
    # the page stays usable: undo and the result is back
    at.slider(key="kernel_size").set_value(1).run()
    at.slider(key="stride").set_value(1).run()
    at.segmented_control(key="padding_kind").set_value("number").run()
    at.selectbox(key="padding_mode").set_value("zeros").run()
    at.slider(key="padding").set_value(0).run()
    assert metric(at, "res.output_shape") == "(1, 1, 5, 5)"


def test_error_is_shown_in_chinese():
    at = open_page(EXPLORER, "zh")
    at.slider(key="kernel_size").set_value(7).run()
    assert any("输出将为空" in e for e in errors(at)), errors(at)


def test_an_invalid_layers_error_stands_above_the_controls_and_beside_them():
    """Above the controls (the first thing seen on a phone) and again in the results column, in sight of a user
    scrolled down to the slider, where the view would be."""
    at = open_page(EXPLORER)
    at.slider(key="kernel_size").set_value(7).run()
    empty = [e for e in errors(at) if "would be empty" in e]
    assert len(empty) == 2 and empty[0] == empty[1]


def test_groups_offers_only_valid_values_and_resets_when_channels_change():
    at = open_page(EXPLORER)
    at.number_input(key="in_channels").set_value(6).run()
    at.number_input(key="out_channels").set_value(4).run()
    assert list(at.selectbox(key="groups").options) == ["1", "2"]
    at.selectbox(key="groups").set_value(2).run()
    assert metric(at, "res.weight_shape") == "(4, 3, 3, 3)"
    at.number_input(key="out_channels").set_value(3).run()
    assert at.selectbox(key="groups").value == 1
    assert any("groups=2" in i.value for i in at.info)
    assert not at.exception


def test_padding_same_shows_the_uneven_split():
    at = open_page(EXPLORER)
    at.slider(key="kernel_size").set_value(4).run()
    at.segmented_control(key="padding_kind").set_value("same").run()
    assert metric(at, "res.output_shape") == "(1, 1, 5, 5)"
    assert "H: (1, 2), W: (1, 2)" in markdown_text(at)


def test_per_dimension_values_and_other_dimensionalities():
    at = open_more_options(open_page(EXPLORER))
    at.toggle(key="per_dim").set_value(True).run()
    at.number_input(key="kernel_size_1").set_value(1).run()
    assert metric(at, "res.output_shape") == "(1, 1, 3, 5)"
    at.segmented_control(key="spatial_dims").set_value(1).run()
    assert metric(at, "res.output_shape") == "(1, 1, 3)"
    at.segmented_control(key="spatial_dims").set_value(3).run()
    assert metric(at, "res.output_shape") == format_shape(ConvSpec(1, 1, (3, 1, 3), spatial_dims=3)
                                                          .output_shape((1, 1, 5, 5, 5)))
    assert not at.exception


def test_memory_limit_is_refused_with_a_message_but_the_arithmetic_stays():
    at = open_page(EXPLORER)
    at.number_input(key="in_channels").set_value(256).run()
    at.number_input(key="input_size").set_value(512).run()
    assert any("above the limit" in e for e in errors(at)), errors(at)
    assert metric(at, "res.output_shape") == "(1, 1, 510, 510)"
    assert not at.exception


def test_pointwise_pair_compares_with_the_standard_convolution():
    at = open_page(EXPLORER)
    at.number_input(key="in_channels").set_value(8).run()
    at.number_input(key="out_channels").set_value(8).run()
    at.selectbox(key="groups").set_value(8).run()
    open_more_options(at)
    at.toggle(key="pointwise").set_value(True).run()
    at.number_input(key="pointwise_out").set_value(16).run()
    depthwise = ConvSpec(8, 8, 3, groups=8)
    pointwise = ConvSpec(8, 16, 1)
    standard = ConvSpec(8, 16, 3)
    assert metric(at, "res.output_shape") == "(1, 16, 3, 3)"
    text = markdown_text(open_numbers_topic(at, "pointwise"))
    assert f"**{format_int(depthwise.param_count() + pointwise.param_count())}**" in text
    assert f"**{format_int(standard.param_count())}**" in text
    assert sum("PyTorch agrees" in s.value for s in at.success) == 2


def test_no_gpu_is_stated_when_there_is_only_a_cpu():
    import torch

    at = open_more_options(open_page(EXPLORER))  # the device choice is among the "more" options
    captions = " ".join(c.value for c in at.caption)
    assert (t("device.no_gpu", "en") in captions) == (not torch.cuda.is_available())


def test_language_switch_writes_the_url_and_translates():
    at = open_page(EXPLORER)
    at.segmented_control(key="lang_choice").set_value("zh").run()
    assert at.title[0].value == "卷积探索器"
    assert at.query_params["lang"] in ("zh", ["zh"])
    assert json.dumps(metric(at, "res.output_shape", "zh")) == '"(1, 1, 3, 3)"'


def test_counter_cross_check_for_a_linked_layer():
    """The issue's case, opened from a link: each tool's number by its documented convention."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    for key, value in {"in_channels": "32", "out_channels": "64", "kernel_size": "3", "padding": "1",
                       "input_size": "56"}.items():
        at.query_params[key] = value
    at.switch_page(EXPLORER).run()
    assert not at.exception
    assert metric(at, "res.output_shape") == "(1, 64, 56, 56)"
    spec, shape = ConvSpec(32, 64, 3, padding=1), (1, 32, 56, 56)
    open_numbers_topic(at, "compute")
    table = "\n".join(t.value.to_string() for t in at.table)
    for number in (spec.flops(shape), spec.macs(shape), spec.macs(shape, include_bias=True)):
        assert format_int(number) in table
    assert format_int(spec.flops(shape)) == "115,605,504"  # the published figures
    assert format_int(spec.macs(shape, include_bias=True)) == "58,003,456"


def test_the_copy_link_keeps_the_chosen_view():
    at = open_page(EXPLORER)
    at.segmented_control(key="view").set_value("sweep").run()
    links = [c.value for c in at.code if c.value.startswith("/explorer?")]
    assert links and "view=sweep" in links[0], links


def test_more_options_stay_open_when_an_option_returns_to_its_default():
    at = open_more_options(open_page(EXPLORER))
    at.toggle(key="transposed").set_value(True).run()
    assert metric(at, "res.output_shape") == format_shape(ConvSpec(1, 1, 3, transposed=True).output_shape((1, 1, 5, 5)))
    at.toggle(key="transposed").set_value(False).run()
    assert at.toggle(key="transposed").value is False  # still drawn: the expander did not fold up
    assert metric(at, "res.output_shape") == "(1, 1, 3, 3)"


# ---- the animation area: sliding window, channels, sweep -------------------------------------------------------------

def open_view(view: str, lang: str = "en", preset: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(EXPLORER).run()
    if preset:
        at.button_group(key="preset").set_value(preset).run()
    at.segmented_control(key="view").set_value(view).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def chart(at: AppTest, index: int = 0) -> tuple[dict, int]:
    proto = at.get("plotly_chart")[index].proto
    return json.loads(proto.spec), len(proto.spec.encode())


def text(at: AppTest) -> str:
    return "\n".join(m.value for m in [*at.markdown, *at.caption])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sliding_window_plays_steps_and_checks_one_cell_against_pytorch(lang):
    at = open_view("window", lang)
    figure, size = chart(at)
    assert len(figure["frames"]) == 9 and size <= ONE_MB
    assert t("anim.summary", lang, steps=9, frames=9) in text(at)
    assert figure["layout"]["updatemenus"][0]["buttons"][0]["label"] == t("anim.play", lang)
    at.slider(key="anim_step").set_value(5).run()          # the keyboard step control
    assert not at.exception
    assert "y[0, 0, 1, 1]" in text(at) and "5/9" in text(at)
    figure, _ = chart(at)
    assert figure["layout"]["sliders"][0]["active"] == 4   # the chart opens at that step
    agrees = [s.value for s in at.success if s.value.startswith(t("anim.arith.agrees", lang, value="")[:6])]
    assert agrees, [s.value for s in at.success]
    assert len(at.table) == 1                              # the 9 products


@pytest.mark.parametrize("key", ["separable", "pointwise_reduction"])
def test_presets_animate_within_the_limits(key):
    at = open_view("window", preset=key)
    figure, size = chart(at)
    assert 1 <= len(figure["frames"]) <= MAX_FRAMES and size <= ONE_MB
    shown = text(at)
    assert t("anim.thinned", "en", every=6 if key == "separable" else 3) in shown
    if key == "pointwise_reduction":
        assert t("anim.cropped", "en", shown="32×32", full="(1, 100, 500, 500)") in shown
    assert t("anim.arith.too_big", "en", size="8×8", channels=4) in shown


def test_channels_and_sweep_views():
    at = open_view("channels", preset="grouped")
    figure, _ = chart(at)
    assert any(trace.get("name") == "group 3" for trace in figure["data"])
    at.number_input(key="anim_channel").set_value(17).run()
    assert "**16…31**" in text(at)                          # filter 17 reads only its group's channels
    at.segmented_control(key="view").set_value("sweep").run()
    at.selectbox(key="sweep_param").set_value("kernel_size").run()
    assert not at.exception
    table = at.dataframe[0].value
    preset = PRESETS["grouped"]
    points = sweep(preset.spec, preset.input_shape, "kernel_size")
    assert list(table.iloc[:, 1]) == [format_shape(p.output_shape) for p in points]
    assert list(table.iloc[:, 2]) == [format_int(p.params) for p in points]
    assert table.shape[1] == 5                              # every kernel fits: no "refused" column

    at = open_view("sweep")                                 # the default 5×5 input: kernels 6…11 do not fit
    at.selectbox(key="sweep_param").set_value("kernel_size").run()
    table = at.dataframe[0].value
    assert table.columns[-1] == t("sweep.col.refused", "en")
    refused = table[table.iloc[:, 1] == "—"]
    assert list(refused.iloc[:, 0]) == list(range(6, 12))
    assert all("kernel_size" in reason for reason in refused.iloc[:, -1])
    assert list(table.iloc[:5, 1]) == [f"(1, 1, {5 - k}, {5 - k})" for k in range(5)]
    figure, _ = chart(at)
    assert len(figure["frames"]) == len(points)


def test_three_dimensional_layer_says_why_there_is_no_animation():
    at = open_view("window", "zh")
    at.segmented_control(key="spatial_dims").set_value(3).run()
    assert any(t("anim.no_3d", "zh") in i.value for i in at.info)
    assert not at.exception


# ---- transposed switch, shape inversion, causal timeline -------------------------------------------------------------

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


# ---- the depth-slice view of a 3-D layer -----------------------------------------------------------------------------

def summary(spec: ConvSpec, shape, index, lang: str) -> str:
    fp = footprint(spec, shape, index)
    k_d, k_h, k_w = spec.kernel_size
    return t("vol.summary", lang, channel=0, d=index[0], h=index[1], w=index[2], k_d=k_d, k_hw=k_h * k_w,
             taps=fp.taps, on_input=fp.taps_on_input, on_padding=fp.taps - fp.taps_on_input, channels=1,
             products=fp.taps)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_depth_view_steps_through_a_3d_layer(lang):
    at = open_page(EXPLORER, lang)
    assert t("view.depth", lang) not in at.segmented_control(key="view").options  # 2-D: no depth view
    at.segmented_control(key="spatial_dims").set_value(3).run()
    at.slider(key="padding").set_value(1).run()
    at.segmented_control(key="view").set_value("depth").run()
    assert not at.exception, [e.value for e in at.exception]
    spec, shape = ConvSpec(1, 1, 3, padding=1, spatial_dims=3), (1, 1, 5, 5, 5)
    shown = [m.value for m in at.markdown]
    assert summary(spec, shape, (0, 0, 0), lang) in shown
    assert t("vol.padding_slices", lang, count=1, depths="-1", what=t("vol.padding.zeros", lang)) in shown
    assert any(s.value.startswith(t("vol.checked", lang, module="", total=8)[:6]) for s in at.success)
    charts = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    heatmaps = [trace for trace in charts[-1]["data"] if trace["type"] == "heatmap"]
    assert len(heatmaps) == 4                                   # three kernel depths, then the output slice
    at.slider(key="vol_d").set_value(2).run()                   # step to the last output depth
    at.number_input(key="vol_h").set_value(2).run()
    assert summary(spec, shape, (2, 2, 0), lang) in [m.value for m in at.markdown]
    charts = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    heatmaps = [trace for trace in charts[-1]["data"] if trace["type"] == "heatmap"]
    taps = [sum(v == TAP_INPUT for row in trace["z"] for v in row) for trace in heatmaps[:3]]
    assert taps == [s.reads_input for s in footprint(spec, shape, (2, 2, 0)).read_slices] == [6, 6, 6]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_depth_view_from_a_link_and_dilation_holes(lang):
    at = open_page(EXPLORER, lang, spatial_dims="3", view="depth", kernel_size="3", dilation="2x1x1",
                   input_size="7")
    assert at.segmented_control(key="view").value == "depth"
    assert t("vol.holes", lang, dilation=2, count=2, depths="1, 3") in [m.value for m in at.markdown]
    assert t("view.window", lang) not in at.segmented_control(key="view").options  # its place in 3-D
    window = open_page(EXPLORER, lang, spatial_dims="3", view="window")
    assert window.segmented_control(key="view").value == "depth"
    assert any(t("vol.see_depth", lang) in i.value for i in window.info)
    flat = open_page(EXPLORER, lang, view="depth")               # a 2-D layer has no depth view
    assert flat.segmented_control(key="view").value == "numbers"
    assert [i.value for i in flat.info if i.value == t("vol.only_3d", lang)]  # and the page says so
    assert "view" not in flat.query_params                       # the default view stays out of the link
    at = open_page(EXPLORER, lang, spatial_dims="3", view="depth", transposed="true", stride="2", padding="1",
                   input_size="3")
    assert not at.exception and not at.error, [e.value for e in at.error]
    spec = ConvSpec(1, 1, 3, stride=2, padding=1, transposed=True, spatial_dims=3)
    fp = transposed_footprint(spec, (1, 1, 3, 3, 3), (0, 0, 0))
    shown = [m.value for m in at.markdown]
    assert t("vol.t.summary", lang, channel=0, d=0, h=0, w=0, k_d=3, k_hw=9, taps=27, on_input=fp.taps_on_input,
             on_zeros=27 - fp.taps_on_input, channels=1, products=27, real=fp.taps_on_input) in shown
    assert t("vol.t.inserted_slices", lang, count=1, depths="1") in shown   # grid depths 0 (x slice 0), 1, 2 (slice 1)
    assert any(s.value.startswith(t("vol.checked", lang, module="", total=1)[:6]) for s in at.success)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_depth_animation_in_its_expander(lang):
    from convviz.animation.volume_window import plan_volume_animation

    at = open_page(EXPLORER, lang, spatial_dims="3", view="depth", padding="1", input_size="4")
    closed = len(at.get("plotly_chart"))                      # the depth strip and the slices: no animation yet
    assert closed == 2 and "frames" not in json.loads(at.get("plotly_chart")[-1].proto.spec)
    at.session_state["vol_anim_open"] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("plotly_chart")) == closed + 1
    chart = json.loads(at.get("plotly_chart")[-1].proto.spec)
    plan = plan_volume_animation(ConvSpec(1, 1, 3, padding=1, spatial_dims=3), (1, 1, 4, 4, 4))
    assert [f["name"] for f in chart["frames"]] == [str(k) for k in plan.frames] and len(plan.frames) == 64
    assert t("anim.summary", lang, steps=64, frames=64) in [c.value for c in at.caption]
    assert at.button(key="vol_gif_prepare").label == t("anim.gif.prepare", lang, frames=64)


# ---- shareable links (the app copy of conftest.py) -------------------------------------------------------------------

def explorer_link(at: AppTest) -> str:
    """The copy-link box (drawn under the explorer's controls, inside its fragment)."""
    return next(c.value for c in at.code if c.value.startswith("/explorer?"))


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


# ---- the memory topic: sizes near a unit boundary; what a 1×1 layer does to the spatial size (issue 16) -------------

def memory_text(at: AppTest) -> str:
    return "\n".join([m.value for m in at.metric] + [c.value for c in at.caption] + markdown_text(at).split("\n"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_memory_just_below_a_unit_boundary_is_not_in_scientific_notation(app_copy, lang):
    """250 × 32 × 32 float32 inputs are 1,024,000 bytes = 1000 KiB and 255 channels 1,044,480 bytes = 1020 KiB:
    both read in plain digits, exact to the digits shown; the caption names the unit in both languages."""
    import torch

    at = open_explorer(app_copy, in_channels="250", out_channels="255", kernel_size="1", input_size="32", lang=lang)
    open_numbers_topic(at, "memory")
    x = torch.zeros(1, 250, 32, 32)
    y = torch.nn.Conv2d(250, 255, 1)(x)
    input_bytes, output_bytes = x.numel() * x.element_size(), y.numel() * y.element_size()
    assert (input_bytes, output_bytes) == (1_024_000, 1_044_480)
    values = [m.value for m in at.metric if m.label in (t("res.memory.input", lang), t("res.memory.output", lang))]
    assert values == ["1000 KiB", "1020 KiB"]
    assert input_bytes / 1024 == 1000 and output_bytes / 1024 == 1020
    assert "e+" not in memory_text(at)
    assert t("res.memory.explain", lang, elements=format_int(x.numel()), bytes=format_int(input_bytes)) in [
        c.value for c in at.caption]
    if lang == "zh":
        assert any(c.value.endswith("1,024,000 字节") for c in at.caption)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_one_by_one_layer_with_stride_two_does_not_keep_the_size(app_copy, lang):
    """A 1×1 convolution keeps height and width only with stride 1 (and no padding); with stride 2 (ResNet's
    projection shortcut) it keeps every second row and column: 56×56 → 28×28, as PyTorch computes it."""
    import torch

    at = open_explorer(app_copy, in_channels="64", out_channels="128", kernel_size="1", stride="2",
                       input_size="56", lang=lang)
    open_numbers_topic(at, "memory")
    y = torch.nn.Conv2d(64, 128, 1, stride=2)(torch.zeros(1, 64, 56, 56))
    assert tuple(y.shape) == (1, 128, 28, 28)
    shown = markdown_text(at)
    keeps = t("res.memory.pointwise.keeps", lang, size_in="§", size_out="§").split("§")[0]
    assert keeps not in shown
    assert t("res.memory.pointwise.changes", lang, size_in="56×56", size_out="28×28", stride="2",
             padding="0") in shown

    at = open_explorer(app_copy, in_channels="64", out_channels="128", kernel_size="1", input_size="56", lang=lang)
    open_numbers_topic(at, "memory")
    assert t("res.memory.pointwise.keeps", lang, size_in="56×56", size_out="56×56") in markdown_text(at)


# ---- transposed overlap with dilation (issue 16): even or uneven from the counts, not from kernel % stride --------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dilated_transposed_link_shows_the_uneven_overlap(lang):
    import torch

    at = open_page(EXPLORER, lang, spatial_dims="1", transposed="true", kernel_size="2", stride="2", dilation="2",
                   input_size="5")
    assert metric(at, "res.output_shape", lang) == "(1, 1, 11)"          # (5 − 1)·2 + 2·(2 − 1) + 1
    ones = torch.ones(1, 1, 5, dtype=torch.float64)
    counts = torch.nn.functional.conv_transpose1d(ones, torch.ones(1, 1, 2, dtype=torch.float64), stride=2,
                                                  dilation=2)[0, 0].round().long().tolist()
    assert counts == [1, 0, 2, 0, 2, 0, 2, 0, 2, 0, 1]                     # placements: 2, 0, 2, 0 inside
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert figure["data"][0]["z"] == [counts]
    assert not any(c.value == t("tconv.overlap.even", lang, count=2) for c in at.caption)
    assert t("tconv.overlap.checker", lang, low=0, high=2, dims="L") in [i.value for i in at.info]
    even = open_page(EXPLORER, lang, spatial_dims="1", transposed="true", kernel_size="4", stride="2",
                     dilation="3", input_size="12")                     # stride 2 divides 4 and shares no factor with 3
    assert t("tconv.overlap.even", lang, count=2) in [c.value for c in even.caption]
    assert not any("no checkerboard" in c.value or "没有棋盘格" in c.value for c in even.caption)
    short = open_page(EXPLORER, lang, spatial_dims="1", transposed="true", kernel_size="4", stride="2",
                      dilation="3", input_size="2")   # a span of 10 over 2 inputs: every output is near an edge
    assert t("tconv.overlap.even", lang, count=2) + " " + t("tconv.overlap.short", lang) in [
        c.value for c in short.caption]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_compute_topic_shows_what_thop_and_ptflops_report_for_a_transposed_layer(lang):
    """A transposed layer opened from a link: the compute topic shows the numbers the real thop and ptflops report
    (on the input positions, ptflops for one sample), and says why torchinfo's differs."""
    from tests.lib.runtime.test_counters_tools import real_counts

    at = open_page(EXPLORER, lang, transposed="true", batch="2", in_channels="4", out_channels="6", kernel_size="3",
                   stride="2", padding="1", output_padding="1", groups="2", input_size="5")
    spec = ConvSpec(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2, transposed=True)
    shape = (2, 4, 5, 5)
    assert metric(at, "res.output_shape", lang) == format_shape(spec.output_shape(shape)) == "(2, 6, 10, 10)"
    open_numbers_topic(at, "compute")
    (table,) = at.table
    rows = {row[t("counters.tool", lang)].split()[0]: row for row in table.value.to_dict("records")}
    real = real_counts(spec, shape)
    assert (real["thop"], real["ptflops"]) == (2 * 4 * 25 * 3 * 9, 4 * 25 * 3 * 9 + 6 * 100)  # 5,400 and 3,300
    assert rows["ultralytics-thop"][t("counters.value", lang)] == format_int(int(real["thop"]))
    assert rows["ptflops"][t("counters.value", lang)] == format_int(int(real["ptflops"]))
    assert rows["ptflops"][t("counters.scope", lang)] == t("counters.scope.sample", lang)
    assert t("counters.why.transposed", lang) in "\n".join(c.value for c in at.caption)
