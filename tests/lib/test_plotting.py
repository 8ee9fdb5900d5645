"""convviz.plotting: presentation mode's larger figure text (``enlarged``), without touching the shared original;
subplot domains and titles laid out as ``make_subplots`` lays them out."""

import copy

import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from convviz.layer.spec import ConvSpec
from convviz.lessons.sweep import sweep, sweep_figure
from convviz.plotting import PLOTLY_DEFAULT_FONT_SIZE, enlarged, grid_domains, prepare, subplot_title


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


@pytest.mark.parametrize("widths, heights, h_space, v_space", [
    ([0.85, 0.15], [0.1, 0.9], 0.03, 0.08), ([0.5, 0.5], [1.0], 0.12, 0.2), ([1, 2, 3], [2, 1], 0.05, 0.1),
])
def test_grid_domains_and_titles_are_what_make_subplots_computes(widths, heights, h_space, v_space):
    rows, cols = len(heights), len(widths)
    titles = [f"r{r}c{c}" for r in range(rows) for c in range(cols)]
    reference = make_subplots(rows=rows, cols=cols, column_widths=widths, row_heights=heights,
                              horizontal_spacing=h_space, vertical_spacing=v_space, subplot_titles=titles).to_dict()
    columns = grid_domains(widths, h_space)
    bands = grid_domains(heights[::-1], v_space)[::-1]  # bottom row first in, top row first out
    layout = reference["layout"]
    for r in range(rows):
        for c in range(cols):
            n = r * cols + c + 1
            suffix = "" if n == 1 else str(n)
            assert layout["xaxis" + suffix]["domain"] == pytest.approx(columns[c], abs=1e-12)
            assert layout["yaxis" + suffix]["domain"] == pytest.approx(bands[r], abs=1e-12)
            title, expected = subplot_title(titles[n - 1], columns[c], bands[r]), layout["annotations"][n - 1]
            assert (title["x"], title["y"]) == pytest.approx((expected["x"], expected["y"]), abs=1e-12)
            assert {**title, "x": 0, "y": 0} == {**expected, "x": 0, "y": 0}
