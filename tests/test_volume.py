"""The 3-D footprint of one output element (convviz.volume): checked against the gradient of the real
``torch.nn.Conv3d`` with all-ones weights, and its figures built from it."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz import ConvSpec, ConvSpecError
from convviz.volume import (
    COLOURS,
    HOLE,
    SELECTED,
    TAP_INPUT,
    TAP_PADDING,
    depth_figure,
    footprint,
    gradient_counts,
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
    out = spec.output_spatial(shape)
    index = tuple(data.draw(st.integers(0, n - 1)) for n in out)
    channel = data.draw(st.integers(0, spec.out_channels - 1))
    fp = footprint(spec, shape, index, out_channel=channel)
    grad = gradient_counts(spec, shape, index, out_channel=channel)
    for ci in range(spec.in_channels):
        expected = fp.counts() if ci in fp.in_channels else np.zeros(size, dtype=np.int64)
        assert np.array_equal(grad[ci], expected), (spec, index, ci)
    assert fp.taps == int(np.prod(k)) and len(fp.read_slices) == k[0]
    assert len(fp.holes) == (k[0] - 1) * (dilation[0] - 1)


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
    assert legend == list(COLOURS)
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
