"""AppTest: the explorer's animation area (sliding window, channels, sweep) in both languages.

Plotly selections cannot be driven here (see test_browser_animation.py); the keyboard step slider can.
"""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from convviz.animation.sliding import MAX_FRAMES
from convviz.layer.presets import PRESETS
from convviz.lessons.sweep import sweep
from convviz.text.i18n import t
from convviz.text.units import format_int, format_shape

ROOT = Path(__file__).resolve().parents[1]
EXPLORER = "pages/1_explorer.py"
ONE_MB = 1_000_000


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
