"""convviz.figures.enlarged: presentation mode's larger figure text, without touching the shared original."""

import copy

import plotly.graph_objects as go

from convviz.figures import PLOTLY_DEFAULT_FONT_SIZE, enlarged, prepare
from convviz.spec import ConvSpec
from convviz.sweep import sweep, sweep_figure


def test_every_font_size_grows_and_the_original_stays():
    figure = {
        "data": [{"type": "scatter", "textfont": {"size": [8, 10], "color": "red"}},
                 {"type": "heatmap", "colorbar": {"tickfont": {"size": 9}}}],
        "layout": {"height": 400, "font": {"size": 14}, "xaxis": {"tickfont": {"size": 11}, "range": [0, 3]},
                   "annotations": [{"text": "a", "font": {"size": 16}}, {"text": "b"}]},
        "frames": [{"name": "0", "data": [{"textfont": {"size": 10}}]}, {"name": "1", "data": [{"x": [1]}]}],
    }
    before = copy.deepcopy(figure)
    big = enlarged(figure, 1.5)
    assert figure == before  # the cached original is untouched
    assert big["data"][0]["textfont"] == {"size": [12.0, 15.0], "color": "red"}
    assert big["data"][1]["colorbar"]["tickfont"]["size"] == 13.5
    assert big["layout"]["font"]["size"] == 21.0 and big["layout"]["height"] == 600
    assert big["layout"]["xaxis"] == {"tickfont": {"size": 16.5}, "range": [0, 3]}
    assert big["layout"]["annotations"][0]["font"]["size"] == 24.0
    assert big["frames"][0]["data"][0]["textfont"]["size"] == 15.0
    assert big["frames"][1] is figure["frames"][1]  # nothing to change there: shared, not copied


def test_a_figure_without_font_sizes_gets_plotlys_default_scaled_and_stays_valid():
    fig = sweep_figure(sweep(ConvSpec(3, 8, 3), (1, 3, 16, 16), "kernel_size"), "kernel_size", current=1)
    plain = prepare(fig).to_dict()
    big = enlarged(plain, 1.3)
    assert big["layout"]["font"]["size"] == (plain["layout"].get("font", {}).get("size")
                                             or PLOTLY_DEFAULT_FONT_SIZE) * 1.3
    go.Figure(big)  # plotly accepts every value
    assert enlarged(plain, 1) is plain
