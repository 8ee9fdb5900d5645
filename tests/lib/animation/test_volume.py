"""The 3-D footprint of one output element (convviz.animation.volume): checked against the gradient of the real
``torch.nn.Conv3d`` / ``torch.nn.ConvTranspose3d`` with all-ones weights, ``gradient_agrees`` (the explorer's own
check of a footprint against that gradient, forward and transposed) and that it notices a wrong footprint, and its
figures built from it."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz import ConvSpec, ConvSpecError
from convviz.animation import volume
from convviz.animation.volume import (
    COLOURS,
    HOLE,
    INSERTED,
    PADDING,
    SELECTED,
    TAP_INPUT,
    TAP_PADDING,
    depth_figure,
    footprint,
    gradient_agrees,
    gradient_counts,
    layer_footprint,
    transposed_footprint,
    volume_figure,
)


def test_worked_example_padding_slice_and_holes():
    # kernel 3, dilation 2 in depth, padding 2: output (0, 0, 0) reads depths −2, 0, 2; −1 and 1 are holes
    spec = ConvSpec(1, 1, 3, padding=2, dilation=(2, 1, 1), spatial_dims=3)
    fp = footprint(spec, (1, 1, 5, 4, 4), (0, 0, 0))
    assert [(s.input_depth, s.kernel_depth) for s in fp.slices] == [(-2, 0), (-1, None), (0, 1), (1, None), (2, 2)]
    assert [s.input_depth for s in fp.holes] == [-1, 1]
    first = fp.read_slices[0]
    assert first.is_padding and first.source_depth is None and first.reads_input == 0 and len(first.taps) == 9
    assert [s.reads_input for s in fp.read_slices] == [0, 1, 1]   # taps (−2…0)² reach only input cell (0, 0)
    assert fp.taps == 27 and fp.taps_on_input == 2


def _assert_counts_equal_the_gradient(data, make_footprint, spec, shape, k, dilation):
    """Draw an output element and channel of ``spec`` on ``shape``; the footprint ``make_footprint`` finds must
    count, per input cell, what the gradient of the real ``nn.Conv3d``/``nn.ConvTranspose3d`` with all-ones
    weights counts (zeros for the input channels it does not read), and hold ``prod(k)`` taps on ``k[0]`` read
    slices with ``(k[0] − 1)·(dilation[0] − 1)`` holes."""
    index = tuple(data.draw(st.integers(0, n - 1)) for n in spec.output_spatial(shape))
    channel = data.draw(st.integers(0, spec.out_channels - 1))
    fp = make_footprint(spec, shape, index, out_channel=channel)
    grad = gradient_counts(spec, shape, index, out_channel=channel)
    for ci in range(spec.in_channels):
        expected = fp.counts() if ci in fp.in_channels else np.zeros(shape[2:], dtype=np.int64)
        assert np.array_equal(grad[ci], expected), (spec, shape, index, ci)
    assert fp.taps == int(np.prod(k)) and len(fp.read_slices) == k[0]
    assert len(fp.holes) == (k[0] - 1) * (dilation[0] - 1)


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_counts_equal_the_gradient_of_the_real_conv3d(data):
    k = tuple(data.draw(st.integers(1, 3)) for _ in range(3))
    dilation = tuple(data.draw(st.integers(1, 2)) for _ in range(3))
    stride = tuple(data.draw(st.integers(1, 2)) for _ in range(3))
    mode = data.draw(st.sampled_from(["zeros", "reflect", "replicate", "circular"]))
    padding = tuple(data.draw(st.integers(0, 2)) for _ in range(3))
    size = tuple(data.draw(st.integers(max(3, d * (kk - 1) + 1), 6)) for kk, d in zip(k, dilation))
    groups = data.draw(st.sampled_from([1, 2]))
    spec = ConvSpec(2, 2 * groups, k, stride=stride, padding=padding, dilation=dilation, groups=groups,
                    padding_mode=mode, spatial_dims=3)
    shape = (1, 2, *size)
    _assert_counts_equal_the_gradient(data, footprint, spec, shape, k, dilation)


def test_refuses_other_layers():
    with pytest.raises(ConvSpecError) as error:
        footprint(ConvSpec(1, 1, 3), (1, 1, 5, 5), (0, 0))
    assert error.value.code == "volume_dims"
    with pytest.raises(ConvSpecError) as error:
        footprint(ConvSpec(1, 1, 3, transposed=True, spatial_dims=3), (1, 1, 3, 3, 3), (0, 0, 0))
    assert error.value.code == "volume_transposed"
    with pytest.raises(ConvSpecError) as error:
        footprint(ConvSpec(1, 1, 3, spatial_dims=3), (1, 1, 4, 4, 4), (2, 0, 0))
    assert error.value.code == "cell_range"
    with pytest.raises(ConvSpecError) as error:
        transposed_footprint(ConvSpec(1, 1, 3, spatial_dims=3), (1, 1, 4, 4, 4), (0, 0, 0))
    assert error.value.code == "not_transposed"
    with pytest.raises(ConvSpecError) as error:
        transposed_footprint(ConvSpec(1, 1, 3, transposed=True, spatial_dims=2), (1, 1, 4, 4), (0, 0))
    assert error.value.code == "volume_dims"
    with pytest.raises(ConvSpecError) as error:
        transposed_footprint(ConvSpec(1, 2, 3, transposed=True, spatial_dims=3), (1, 1, 2, 2, 2), (0, 0, 0),
                             out_channel=2)
    assert error.value.code == "channel_range"


def test_transposed_worked_example_inserted_slice_and_flipped_kernel():
    # ConvTranspose3d(k=3, stride=2, padding=1) on 3×3×3: one zero inserted between neighbours, padded by
    # 1·(3 − 1) − 1 = 1 on each side → a 7×7×7 grid; output (1, 1, 1) reads grid depths 1, 2, 3 = input slice 0,
    # an inserted-zero slice, input slice 1, with the flipped weight depths 2, 1, 0.
    spec = ConvSpec(1, 1, 3, stride=2, padding=1, transposed=True, spatial_dims=3)
    fp = layer_footprint(spec, (1, 1, 3, 3, 3), (1, 1, 1))
    assert fp.transposed and fp.padded_shape == (7, 7, 7) and fp.before == (1, 1, 1)
    assert [(s.input_depth, s.source_depth, s.kernel_depth, s.inserted, s.is_padding) for s in fp.slices] == [
        (0, 0, 2, False, False), (1, None, 1, True, False), (2, 1, 0, False, False)]
    assert [s.reads_input for s in fp.slices] == [4, 0, 4] and fp.taps == 27 and fp.taps_on_input == 8
    assert fp.counts()[:2, :2, :2].sum() == 8 and fp.counts().sum() == 8
    assert np.array_equal(gradient_counts(spec, (1, 1, 3, 3, 3), (1, 1, 1))[0], fp.counts())


@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_transposed_counts_equal_the_gradient_of_the_real_convtranspose3d(data):
    k = tuple(data.draw(st.integers(1, 3)) for _ in range(3))
    stride = tuple(data.draw(st.integers(1, 3)) for _ in range(3))
    dilation = tuple(data.draw(st.integers(1, 2)) for _ in range(3))
    padding = tuple(data.draw(st.integers(0, 2)) for _ in range(3))
    output_padding = tuple(data.draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation))
    groups = data.draw(st.sampled_from([1, 2]))
    size = tuple(data.draw(st.integers(1, 4)) for _ in range(3))
    spec = ConvSpec(2, 2 * groups, k, stride=stride, padding=padding, dilation=dilation, groups=groups,
                    transposed=True, output_padding=output_padding, spatial_dims=3)
    shape = (1, 2, *size)
    try:
        spec.output_spatial(shape)
    except ConvSpecError:  # padding crops the whole output: PyTorch refuses it too
        return
    _assert_counts_equal_the_gradient(data, transposed_footprint, spec, shape, k, dilation)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_figures_draw_the_transposed_footprint(lang):
    spec = ConvSpec(1, 1, 3, stride=2, padding=1, transposed=True, spatial_dims=3)
    shape = (1, 1, 3, 3, 3)
    fp = transposed_footprint(spec, shape, (1, 1, 1))
    data = json.loads(volume_figure(fp, spec.output_spatial(shape), lang=lang).to_json())["data"]
    heatmaps = [trace for trace in data if trace["type"] == "heatmap"]
    assert len(heatmaps) == 3 + 1
    for trace, depth_slice in zip(heatmaps, fp.read_slices):
        cells = [v for row in trace["z"] for v in row]
        assert cells.count(TAP_INPUT) == depth_slice.reads_input
        assert cells.count(TAP_INPUT) + cells.count(TAP_PADDING) == 9
    middle = heatmaps[1]["z"]                     # the inserted-zero slice: no input element anywhere
    assert all(v in (INSERTED, PADDING, TAP_PADDING) for row in middle for v in row)
    first = [v for row in heatmaps[0]["z"] for v in row]
    assert INSERTED in first and first.count(TAP_INPUT) == 4   # inserted rows/columns inside an input slice
    legend = [trace["marker"]["color"] for trace in data if trace["type"] == "scatter"]
    assert COLOURS[INSERTED] in legend and len(legend) == 7
    strip = json.loads(depth_figure(fp, lang=lang).to_json())["data"][0]
    labels = dict(zip(strip["x"], strip["text"][0]))
    assert (labels[0], labels[1], labels[2]) == ("2", "1", "0")          # flipped weight depths
    assert strip["z"][0][strip["x"].index(3)] == INSERTED                # an unread inserted-zero slice


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_figures_draw_the_footprint(lang):
    spec = ConvSpec(1, 1, 3, padding=1, dilation=(1, 2, 2), spatial_dims=3)
    shape = (1, 1, 4, 6, 6)
    out = spec.output_spatial(shape)
    fp = footprint(spec, shape, (0, 1, 2))
    data = json.loads(volume_figure(fp, out, lang=lang).to_json())["data"]
    heatmaps = [trace for trace in data if trace["type"] == "heatmap"]
    assert len(heatmaps) == 3 + 1                                     # one panel per kernel depth, then the output
    for trace, depth_slice in zip(heatmaps, fp.read_slices):
        cells = [v for row in trace["z"] for v in row]
        assert cells.count(TAP_INPUT) == depth_slice.reads_input and cells.count(TAP_PADDING) == \
            depth_slice.reads_padding
        assert cells.count(HOLE) == 5 * 5 - 9                          # dilated 5×5 span, 9 taps, 16 holes
    assert heatmaps[0]["y"][0] < 0 and sum(v == TAP_INPUT for r in heatmaps[0]["z"] for v in r) == 0  # padding slice
    output = [v for row in heatmaps[-1]["z"] for v in row]
    assert output.count(SELECTED) == 1
    legend = [trace["marker"]["color"] for trace in data if trace["type"] == "scatter"]
    assert legend == list(COLOURS[:6])                                  # no inserted zeros in a forward layer
    strip = json.loads(depth_figure(fp, lang=lang).to_json())["data"][0]
    labels = dict(zip(strip["x"], strip["text"][0]))
    assert labels[-1] == "0" and labels[0] == "1" and labels[1] == "2"


def test_large_input_draws_a_window_around_the_footprint():
    spec = ConvSpec(1, 1, 3, spatial_dims=3)
    shape = (1, 1, 200, 300, 300)
    fp = footprint(spec, shape, (100, 150, 150))
    data = json.loads(volume_figure(fp, spec.output_spatial(shape)).to_json())["data"]
    assert all(len(trace["z"]) <= 15 and len(trace["z"][0]) <= 15 for trace in data if trace["type"] == "heatmap")
    assert len(json.loads(depth_figure(fp).to_json())["data"][0]["x"]) <= 41


def test_rows_of_slice_panels_leave_room_for_two_line_titles():
    """Between rows of panels: a two-line title above the lower panel and the tick labels under the upper one."""
    spec = ConvSpec(1, 1, 3, padding=1, spatial_dims=3)
    shape = (1, 1, 6, 6, 6)
    fp = footprint(spec, shape, (0, 0, 0))
    layout = json.loads(volume_figure(fp, spec.output_spatial(shape)).to_json())["layout"]
    plot_px = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    lower_top = layout["yaxis3"]["domain"][1]       # 3 slices + the output: two rows of two
    upper_bottom = layout["yaxis"]["domain"][0]
    assert (upper_bottom - lower_top) * plot_px >= 70  # 56 px overlapped in a screenshot (zh titles)


@pytest.mark.parametrize("spec, shape, index, channel", [
    (ConvSpec(1, 1, 3, padding=1, spatial_dims=3), (1, 1, 4, 4, 4), (0, 0, 0), 0),
    (ConvSpec(2, 4, 3, padding=1, dilation=2, groups=2, spatial_dims=3), (1, 2, 5, 5, 5), (0, 1, 2), 3),
    (ConvSpec(3, 2, (3, 2, 3), stride=2, padding=1, padding_mode="reflect", spatial_dims=3), (2, 3, 6, 5, 6),
     (1, 2, 0), 1),
    (ConvSpec(2, 2, 3, stride=2, transposed=True, spatial_dims=3), (1, 2, 3, 3, 3), (2, 3, 4), 0),
    (ConvSpec(2, 4, 3, stride=2, padding=1, output_padding=1, groups=2, transposed=True, spatial_dims=3),
     (1, 2, 3, 3, 3), (5, 0, 3), 2),
])
def test_gradient_agrees_for_forward_and_transposed_layers(spec, shape, index, channel):
    assert gradient_agrees(spec, shape, index, out_channel=channel) is True


def test_gradient_agreement_notices_a_wrong_footprint(monkeypatch):
    spec = ConvSpec(1, 1, 3, padding=1, spatial_dims=3)
    shape = (1, 1, 4, 4, 4)
    right = volume.layer_footprint
    monkeypatch.setattr(volume, "layer_footprint",
                        lambda layer, input_shape, index, out_channel=0: right(layer, input_shape, (1, 1, 1),
                                                                               out_channel=out_channel))
    assert gradient_agrees(spec, shape, (1, 1, 1)) is True
    assert gradient_agrees(spec, shape, (0, 0, 0)) is False
