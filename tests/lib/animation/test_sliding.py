"""The sliding-window animation (convviz.animation.sliding): frames, payload, overlays and values against PyTorch;
stepping the explorer's animation without rebuilding it: the re-pointed figure dict equals a full rebuild."""

import base64
import json

import numpy as np
import plotly.io
import pytest

from convviz import ConvSpec, ConvSpecError
from convviz.animation.sliding import (
    MAX_FRAMES,
    animation_figure,
    describe,
    figure_dict,
    figure_dict_at_step,
    overlays,
    plan_animation,
)
from convviz.animation.window import window
from convviz.layer.presets import DEFAULT, PRESETS
from convviz.plotting import PreparedFigure

CASES = {"classic": DEFAULT, **PRESETS}
ONE_MB = 1_000_000


def decode(value):
    """Plotly 7 may write arrays as base64 typed arrays: ``{"dtype": "f8", "bdata": …}``."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        return array.reshape(value["shape"]).tolist() if "shape" in value else array.tolist()
    return value


def centres(xs, ys):
    """Centres of the None-separated closed squares of an overlay path, as (row, column)."""
    xs, ys = decode(xs), decode(ys)
    cells, path = [], []
    for x, y in zip([*xs, None], [*ys, None]):
        if x is None:
            if path:
                cells.append((round(sum(p[1] for p in path[:4]) / 4), round(sum(p[0] for p in path[:4]) / 4)))
            path = []
        else:
            path.append((x, y))
    return cells


@pytest.fixture(scope="module")
def figures():
    result = {}
    for key, preset in CASES.items():
        plan = plan_animation(preset.spec, preset.input_shape, preset.pointwise)
        result[key] = (plan, json.loads(animation_figure(plan, lang="en").to_json()))
    return result


@pytest.mark.parametrize("key", sorted(CASES))
def test_every_preset_fits_the_limits(figures, key):
    plan, fig = figures[key]
    payload = len(json.dumps(fig).encode())
    assert payload <= ONE_MB, f"{key}: {payload} bytes"
    assert 1 <= len(fig["frames"]) <= MAX_FRAMES
    assert len(fig["frames"]) == len(plan.frames) == describe(plan)["frames"]
    assert plan.frames[-1] == len(plan.steps) - 1          # the last step is always drawn
    assert all(b - a == plan.thinning for a, b in zip(plan.frames, plan.frames[1:-1]))
    # frames move only the overlay traces, never the static grids
    static = {i for i, trace in enumerate(fig["data"]) if trace["type"] == "heatmap"}
    for frame in fig["frames"][:5]:
        assert not static & set(frame["traces"])
        assert all(trace.get("type", "scatter") == "scatter" for trace in frame["data"])
    for axis in ("xaxis", "yaxis", "xaxis2", "yaxis2"):
        assert fig["layout"][axis]["range"], "fixed axis ranges"


def test_what_is_cropped_and_thinned(figures):
    assert describe(figures["classic"][0]) | {} == dict(steps=9, frames=9, thinning=1, cropped=False,
                                                     full="(1, 1, 5, 5)", shown="5×5")
    reduction = figures["pointwise_reduction"][0]
    assert reduction.cropped and reduction.layers[0].input_shape == (1, 100, 32, 32)
    assert describe(reduction)["full"] == "(1, 100, 500, 500)" and reduction.thinning == 3
    separable = figures["separable"][0]
    assert len(separable.layers) == 2 and len(separable.steps) == 2 * 32 * 32
    assert [layer for layer, _ in separable.steps[1023:1025]] == [0, 1]   # layer 1, then layer 2
    picture = figures["separable_picture"][0]
    assert picture.cropped and picture.layers[0].input_shape[2:] == (32, 32)


@pytest.mark.parametrize("spec, shape", [
    (ConvSpec(1, 1, 3, stride=2, dilation=2, padding=1), (1, 1, 7, 7)),
    (ConvSpec(2, 4, (2, 3), padding="same", padding_mode="circular", groups=2), (1, 2, 5, 6)),
    (ConvSpec(1, 2, 3, stride=2, padding=2, padding_mode="reflect", spatial_dims=1), (1, 1, 9)),
])
def test_frames_highlight_exactly_the_window(spec, shape):
    plan = plan_animation(spec, shape, out_channel=spec.out_channels - 1)
    fig = json.loads(animation_figure(plan).to_json())
    for frame in fig["frames"]:
        step = int(frame["name"])
        _, cell = plan.steps[step]
        index = (cell[1],) if spec.spatial_dims == 1 else cell
        expected = window(spec, shape, index, out_channel=spec.out_channels - 1).taps_padded
        if spec.spatial_dims == 1:
            expected = [(0, p[0]) for p in expected]
        taps = frame["data"][0]
        assert sorted(centres(taps["x"], taps["y"])) == sorted(expected)
        assert centres(frame["data"][3]["x"], frame["data"][3]["y"]) == [cell]


def test_grids_hold_pytorch_values_and_padding_copies():
    spec = ConvSpec(1, 1, 3, padding=1, padding_mode="replicate")
    plan = plan_animation(spec, (1, 1, 4, 4))
    layer = plan.layers[0]
    assert np.array_equal(np.array(layer.output_values), layer.run.output[0, 0].numpy())
    x = layer.run.input[0, 0]
    assert layer.padding_labels[0][0] == str(int(x[0, 0]))        # replicate copies the corner
    assert layer.padded_values[2][3] == float(x[1, 2])
    fig = json.loads(animation_figure(plan).to_json())
    targets = [t for t in fig["data"] if t.get("name") == "select0"][0]
    assert decode(targets["customdata"]) == list(range(16))       # one click target per output cell


def test_pending_cells_and_two_layer_overlays():
    spec, point = ConvSpec(2, 2, 3, groups=2), ConvSpec(2, 3, 1)
    plan = plan_animation(spec, (1, 2, 4, 4), point)
    first, second = overlays(plan, 0)
    assert first.taps[0] and not second.taps[0] and second.pending[0]    # layer 2 still empty
    last = overlays(plan, len(plan.steps) - 1)
    assert last[0].pending == ([], []) and last[1].pending == ([], [])  # everything computed
    assert plan.layers[1].run.input is plan.layers[0].run.output


def test_three_dimensional_layers_are_refused():
    with pytest.raises(ConvSpecError) as error:
        plan_animation(ConvSpec(1, 1, 3, spatial_dims=3), (1, 1, 5, 5, 5))
    assert error.value.code == "animation_dims"


@pytest.mark.parametrize(("padding", "expected"), [(0, "5×5, no padding"), (1, "5×5, padded 7×7")])
def test_input_panel_title_says_padded_only_when_padded(padding, expected):
    from convviz.animation.sliding import panel_titles

    plan = plan_animation(ConvSpec(1, 1, 3, padding=padding), (1, 1, 5, 5))
    assert expected in panel_titles(plan, "en")[0]
    assert ("无填充" in panel_titles(plan, "zh")[0]) == (padding == 0)


def test_a_1d_signal_gets_a_short_figure_without_an_empty_band():
    """One row of square cells: the figure is STRIP_HEIGHT tall instead of 460, the strip's band starts higher,
    and the play buttons sit above the step slider (a fresh user saw large empty bands around the strip)."""
    from convviz.animation.sliding import STRIP_HEIGHT

    strip = animation_figure(plan_animation(ConvSpec(1, 1, 3, padding=1, dilation=2, spatial_dims=1), (1, 1, 9)))
    grid = animation_figure(plan_animation(ConvSpec(1, 1, 3), (1, 1, 5, 5)))
    assert strip.layout.height == STRIP_HEIGHT < grid.layout.height == 460
    assert strip.layout.yaxis.domain[0] > grid.layout.yaxis.domain[0]
    assert strip.layout.updatemenus[0].y > strip.layout.sliders[0].y


# ---- stepping without a rebuild (the explorer's step slider) ----------------------------------------------

@pytest.mark.parametrize("spec, shape, second", [
    (ConvSpec(1, 1, 3), (1, 1, 5, 5), None),
    (ConvSpec(4, 4, 3, padding=1, groups=4), (1, 4, 12, 12), ConvSpec(4, 2, 1)),   # two layers, thinned
    (ConvSpec(1, 2, 3, stride=2, padding=2, padding_mode="reflect", spatial_dims=1), (1, 1, 9), None),
])
def test_a_step_equals_a_rebuild(spec, shape, second):
    plan = plan_animation(spec, shape, second, max_frames=40)
    base = figure_dict(plan, lang="zh")
    frozen = json.dumps(base, sort_keys=True)
    for step in sorted({0, 1, len(plan.steps) // 2, len(plan.steps) - 1}):
        fast = json.loads(plotly.io.to_json(PreparedFigure(figure_dict_at_step(base, plan, step)), validate=False))
        assert fast == json.loads(animation_figure(plan, lang="zh", step=step).to_json())
    assert json.dumps(base, sort_keys=True) == frozen          # the cached base is never mutated
    with pytest.raises(IndexError):
        figure_dict_at_step(base, plan, len(plan.steps))
