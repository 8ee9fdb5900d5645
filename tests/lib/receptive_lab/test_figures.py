"""Figures of the receptive-field lab (convviz.receptive_lab.figures): frames per layer, boxes on the receptive-field
span, coverage levels zero exactly at the holes, click markers for every output element, payload sizes."""

import json

import numpy as np
import pytest

from convviz import ConvSpec, PoolSpec, receptive_field
from convviz.receptive_lab import figures as rff
from convviz.receptive_lab import stack as sk
from convviz.receptive_lab.coverage import path_counts
from convviz.receptive_lab.erf import effective_receptive_field
from convviz.receptive_lab.images import fit, load_sample, sample_signal


def decode(value):
    """A plotly array from the figure JSON: plain list or base64 typed array (plotly 7)."""
    if isinstance(value, dict) and "bdata" in value:
        import base64

        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        return array.reshape([int(n) for n in str(shape).split(",")]) if shape else array
    return np.asarray(value)


def by_role(traces, role):
    found = [t for t in traces if (t.get("meta") or {}).get("role") == role]
    assert found, role
    return found[0]


def box_edges(trace):
    xs, ys = decode(trace["x"]), decode(trace["y"])
    return (ys.min(), ys.max()), (xs.min(), xs.max())


def preset(key):
    p = sk.PRESETS[key]
    return p, sk.parse_rows(p.rows, spatial_dims=p.spatial_dims, in_channels=p.in_channels).layers


def test_growth_has_one_frame_per_layer_and_ends_on_the_final_box():
    p, layers = preset("vgg")
    rgb = fit(load_sample("grace_hopper"), (224, 224))
    fig = json.loads(rff.growth_figure(layers, (224, 224), rgb=rgb).to_json())
    assert len(fig["frames"]) == len(layers) == len(fig["layout"]["sliders"][0]["steps"])
    rf = receptive_field(layers)[-1]
    (r0, r1), (c0, c1) = rf.span((14, 14))
    assert box_edges(by_role(fig["frames"][-1]["data"], "box")) == ((r0 - 0.5, r1 + 0.5), (c0 - 0.5, c1 + 0.5))
    assert "44×44" in fig["frames"][-1]["layout"]["title"]["text"]
    sizes = [np.ptp(box_edges(by_role(f["data"], "box"))[0]) for f in fig["frames"]]
    assert sizes == [r.size[0] for r in receptive_field(layers)]  # the box grows with the receptive field
    assert len(json.dumps(fig)) < 1_000_000


def test_growth_coverage_marks_the_gridding_holes():
    layers = [ConvSpec(1, 1, 3, padding=2, dilation=2)] * 3
    fig = json.loads(rff.growth_figure(layers, (32, 32)).to_json())
    heat = by_role(fig["frames"][-1]["data"], "coverage")
    levels = decode(heat["z"])
    counts = path_counts(layers, (32, 32), output_index=(16, 16))
    r0, c0 = int(heat["y0"]), int(heat["x0"])
    window = counts[r0:r0 + levels.shape[0], c0:c0 + levels.shape[1]]
    assert levels.shape == (13, 13)
    np.testing.assert_array_equal(levels == 0, window == 0)
    assert int((levels == 0).sum()) == 13 * 13 - 7 * 7  # 120 holes


def test_coverage_levels_are_monotone_in_the_count():
    counts = np.array([0, 1, 2, 10, 100])
    levels = rff.coverage_levels(counts)
    assert levels[0] == 0 and levels[-1] == 255 and list(levels) == sorted(levels) and levels[1] >= 1


def test_overlay_markers_cover_every_output_element_and_sit_on_their_centres():
    layers = [ConvSpec(3, 8, 4, stride=2, padding=1), PoolSpec(2)]
    fig = json.loads(rff.overlay_figure(layers, (32, 32), (3, 5)).to_json())
    cells = by_role(fig["data"], "cells")
    data = decode(cells["customdata"]).reshape(-1, 2)
    assert len(data) == 8 * 8
    rf = receptive_field(layers)[-1]
    xs, ys = decode(cells["x"]), decode(cells["y"])
    for (r, c), x, y in zip(data.tolist(), xs, ys):
        assert (y, x) == rff.centre_of(rf, (r, c))
        assert rff.nearest_index(rf, (y, x), (8, 8)) == (r, c)
    (first_r, last_r), (first_c, last_c) = rf.span((3, 5))
    assert box_edges(by_role(fig["data"], "box")) == ((first_r - 0.5, last_r + 0.5), (first_c - 0.5, last_c + 0.5))


def test_overlay_erf_view_and_box_into_padding():
    layers = [ConvSpec(1, 1, 3, padding=1)] * 6
    result = effective_receptive_field(layers, (24, 24), (0, 0), initialisations=2)
    fig = json.loads(rff.overlay_figure(layers, (24, 24), (0, 0), layer="erf", erf=result).to_json())
    assert by_role(fig["data"], "erf") and by_role(fig["data"], "erf_box")
    assert fig["layout"]["xaxis"]["range"][0] == -6.5  # the 13-wide box of output 0 starts at −6: padding shown


def test_many_outputs_are_thinned_to_the_marker_limit():
    fig = rff.overlay_figure([ConvSpec(1, 1, 1)], (100, 100), (0, 0), layer="none")
    cells = [t for t in fig.data if (t.meta or {}).get("role") == "cells"][0]
    assert len(cells.x) <= rff.MAX_MARKERS


@pytest.mark.parametrize("key", ["wavenet", "tcn"])
def test_1d_stacks_on_a_signal(key):
    p, layers = preset(key)
    signal = sample_signal(p.input_size)
    growth = json.loads(rff.growth_figure(layers, (p.input_size,), signal=signal).to_json())
    assert len(growth["frames"]) == len(layers)
    band = by_role(growth["frames"][-1]["data"], "box")
    rf = receptive_field(layers)[-1]
    first, last = rf.span((p.input_size // 2,))[0]
    assert (decode(band["x"]).min(), decode(band["x"]).max()) == (first - 0.5, last + 0.5)
    fig = json.loads(rff.signal_figure(layers, p.input_size, (p.input_size - 1,), signal=signal).to_json())
    bars = by_role(fig["data"], "coverage")
    assert len(decode(bars["x"])) == rf.size[0]  # the last output's span lies inside the signal
    assert len(json.dumps(growth)) < 1_000_000


def test_growth_controls_sit_below_the_tick_labels_and_apart():
    """The play buttons start under the x axis' tick labels, and the frame slider under the buttons (a review at
    1400 px found the buttons over the tick labels and the slider's label under the buttons)."""
    _, layers = preset("vgg")
    height = 560
    layout = json.loads(rff.growth_figure(layers, (224, 224), height=height).to_json())["layout"]
    plot_px = height - layout["margin"]["t"] - layout["margin"]["b"]
    buttons_top = -layout["updatemenus"][0]["y"] * plot_px   # px below the plot area
    slider_top = -layout["sliders"][0]["y"] * plot_px
    assert buttons_top >= rff.TICK_LABELS_PX
    assert slider_top - buttons_top >= rff.BUTTONS_PX
    assert layout["sliders"][0]["x"] == 0 and layout["sliders"][0]["len"] == 1
    assert slider_top + 60 <= layout["margin"]["b"]             # the slider and its step labels fit in the margin
