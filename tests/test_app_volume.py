"""AppTest: the explorer's depth-slice view of a 3-D layer, in both languages (numbers from convviz.animation.volume,
which tests/test_volume.py checks against the real Conv3d)."""

import json

import pytest
from apptest_pages import open_page

from convviz import ConvSpec
from convviz.animation.volume import TAP_INPUT, footprint, transposed_footprint
from convviz.text.i18n import t

EXPLORER = "pages/1_explorer.py"


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
