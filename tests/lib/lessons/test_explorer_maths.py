"""The explorer's own numbers, moved out of its page into the library, checked against PyTorch itself:
the transposed layer's inner overlap (checkerboard low/high), the taps of a window that fall in the padding, the
sweep's current value, the 3-D gradient agreement, and a layer + pointwise pair's totals."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode

from convviz.animation import volume
from convviz.animation.volume import gradient_agrees
from convviz.animation.window import taps_outside, window
from convviz.layer.spec import ConvSpec
from convviz.lessons.separable import PairTotals, pair_totals, pointwise_after
from convviz.lessons.sweep import PARAMETERS, current_index, current_value, sweep
from convviz.lessons.transposed import checkerboard_dims, inner_overlap, overlap_counts

TRANSPOSE = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}
CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}


def torch_overlap(spec: ConvSpec, input_shape: tuple[int, ...]) -> np.ndarray:
    """Kernel placements per output element, by PyTorch: the transposed convolution of all-ones with all-ones."""
    ones = torch.ones((1, 1, *input_shape[2:]), dtype=torch.float64)
    weight = torch.ones((1, 1, *spec.kernel_size), dtype=torch.float64)
    y = TRANSPOSE[spec.spatial_dims](ones, weight, stride=spec.stride, padding=spec.padding,
                                     output_padding=spec.output_padding, dilation=spec.dilation)
    return y[0, 0].round().to(torch.int64).numpy()


@pytest.mark.parametrize("kernel, stride, padding, dilation, size", [
    (3, 2, 0, 1, 8), (4, 2, 1, 1, 8), (5, 3, 1, 1, 9), (3, 2, 1, 2, 10), (2, 2, 0, 1, 6), (7, 2, 0, 1, 3),
])
def test_inner_overlap_is_pytorchs_count_away_from_the_borders(kernel, stride, padding, dilation, size):
    spec = ConvSpec(1, 1, kernel, stride=stride, padding=padding, dilation=dilation, transposed=True, spatial_dims=2)
    shape = (1, 1, size, size + 1)
    counts = overlap_counts(spec, shape)
    expected_full = torch_overlap(spec, shape)
    assert np.array_equal(counts, expected_full)
    k_eff = dilation * (kernel - 1) + 1
    ends = [min(k_eff, n // 3) for n in expected_full.shape]
    expected = expected_full[ends[0]:expected_full.shape[0] - ends[0], ends[1]:expected_full.shape[1] - ends[1]]
    inner = inner_overlap(spec, counts)
    assert np.array_equal(inner, expected)
    # the note's claim: a kernel size divisible by the stride overlaps evenly inside, any other does not
    assert (inner.min() == inner.max()) == (kernel % stride == 0)
    assert checkerboard_dims(spec) == (() if kernel % stride == 0 else ("H", "W"))


def test_inner_overlap_of_the_article_examples():
    checker = ConvSpec(1, 1, 3, stride=2, transposed=True, spatial_dims=1)
    assert inner_overlap(checker, torch_overlap(checker, (1, 1, 8))).tolist() == [1, 2] * 5 + [1]
    even = ConvSpec(1, 1, 4, stride=2, padding=1, transposed=True)
    inner = inner_overlap(even, torch_overlap(even, (1, 1, 8, 8)))
    assert inner.shape == (8, 8) and set(inner.ravel().tolist()) == {4}   # 16 outputs less 4 per end; 2·2 placements
    assert checkerboard_dims(ConvSpec(1, 1, (3, 4, 6), stride=(2, 2, 4), transposed=True, spatial_dims=3)) == (
        "D", "W")


def test_inner_overlap_keeps_everything_when_nothing_is_inner():
    spec = ConvSpec(1, 1, 3, stride=2, transposed=True, spatial_dims=1)
    counts = np.zeros((0,), dtype=np.int64)
    assert inner_overlap(spec, counts) is counts


@pytest.mark.parametrize("kernel, stride, padding, dilation, size", [
    (3, 1, 1, 1, 5), (3, 2, 2, 1, 6), (5, 1, 2, 2, 7), (2, 1, 1, 1, 4), (3, 1, 0, 1, 5), (3, 1, "same", 3, 8),
])
def test_taps_outside_is_what_pytorch_does_not_read(kernel, stride, padding, dilation, size):
    """A zero-padded convolution of all-ones with all-ones counts the taps that land on the input; the rest of
    the kernel's taps fall in the padding, whatever padding_mode fills it with."""
    zeros = ConvSpec(1, 1, kernel, stride=stride, padding=padding, dilation=dilation)
    shape = (1, 1, size, size - 1)
    pad = zeros.before_padding()
    ones = torch.ones((1, 1, *shape[2:]), dtype=torch.float64)
    weight = torch.ones((1, 1, kernel, kernel), dtype=torch.float64)
    padded = F.pad(ones, [p for amounts in reversed(zeros.padding_amounts(shape)) for p in amounts])
    inside = F.conv2d(padded, weight, stride=stride, dilation=dilation)[0, 0].round().to(torch.int64)
    assert tuple(inside.shape) == zeros.output_spatial(shape) and len(pad) == 2
    reflect = ConvSpec(1, 1, kernel, stride=stride, padding=padding, dilation=dilation, padding_mode="replicate")
    for index in itertools.product(*(range(n) for n in inside.shape)):
        outside = kernel * kernel - int(inside[index])
        win = window(zeros, shape, index)
        assert taps_outside(zeros, shape, win) == outside
        assert sum(source is None for source in win.taps_source) == outside   # zeros: every outside tap reads 0
        copied = window(reflect, shape, index)
        assert taps_outside(reflect, shape, copied) == outside
        assert all(source is not None for source in copied.taps_source)      # replicate: copies, no zeros


def test_taps_outside_of_the_corner():
    spec = ConvSpec(1, 1, 3, padding=1)
    assert taps_outside(spec, (1, 1, 5, 5), window(spec, (1, 1, 5, 5), (0, 0))) == 5
    assert taps_outside(spec, (1, 1, 5, 5), window(spec, (1, 1, 5, 5), (2, 2))) == 0
    one_d = ConvSpec(1, 1, 3, padding=2, dilation=2, spatial_dims=1)
    assert taps_outside(one_d, (1, 1, 6), window(one_d, (1, 1, 6), (0,))) == 1   # taps at -2, 0, 2


@pytest.mark.parametrize("spec, shape", [
    (ConvSpec(4, 8, 5, padding="same", dilation=2, groups=2), (1, 4, 20, 20)),
    (ConvSpec(6, 12, 3, stride=2, padding=2, dilation=2, groups=3), (2, 6, 16, 16)),
    (ConvSpec(3, 5, 4, stride=3, padding=1, spatial_dims=1), (1, 3, 30)),
])
def test_current_value_and_index_mark_the_layer_itself(spec, shape):
    """The sweep applies a value to every dimension: on a layer with one value for all, the marked point is the
    layer itself."""
    expected = {"kernel_size": spec.kernel_size[0], "stride": spec.stride[0], "dilation": spec.dilation[0],
                "groups": spec.groups, "out_channels": spec.out_channels, "in_channels": spec.in_channels}
    with torch.no_grad():
        module = spec.to_module()
        torch_shape = tuple(module(torch.zeros(shape)).shape)
    for parameter in PARAMETERS:
        value = current_value(spec, parameter)
        if parameter == "padding":   # the padding in front: what PyTorch adds before the first element
            assert value == spec.padding_amounts(shape)[0][0]
        else:
            assert value == expected[parameter]
        points = sweep(spec, shape, parameter)
        index = current_index(points, spec, parameter)
        if value in [p.value for p in points]:
            point = points[index]
            assert point.value == value and point.ok and point.output_shape == torch_shape
        else:
            assert index == 0


def test_current_value_of_same_padding_and_unknown_parameters():
    assert current_value(ConvSpec(8, 16, 5, padding="same", groups=2), "padding") == 2
    assert current_index(sweep(ConvSpec(1, 1, 3), (1, 1, 7, 7), "dilation"), ConvSpec(1, 1, 3, dilation=2),
                         "dilation") == 1
    assert current_index(sweep(ConvSpec(1, 1, 3), (1, 1, 7, 7), "dilation"), ConvSpec(1, 1, 3, dilation=9),
                         "dilation") == 0
    with pytest.raises(ValueError, match="unknown sweep parameter"):
        current_value(ConvSpec(1, 1, 3), "bias")


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


def _torch_totals(first: ConvSpec, pointwise: ConvSpec, shape: tuple[int, ...]) -> tuple[int, int]:
    model = torch.nn.Sequential(first.to_module(), pointwise.to_module())
    counter = FlopCounterMode(display=False)
    with torch.no_grad(), counter:
        model(torch.zeros(shape))
    flops = counter.get_total_flops()
    assert flops % 2 == 0
    return sum(p.numel() for p in model.parameters()), flops // 2   # FlopCounterMode: 2 FLOPs per MAC, no bias


@pytest.mark.parametrize("first, out_channels, shape", [
    (ConvSpec(32, 32, 3, padding=1, groups=32), 64, (1, 32, 56, 56)),
    (ConvSpec(8, 16, 5, stride=2, padding=2, groups=4, bias=False), 24, (3, 8, 17, 15)),
    (ConvSpec(6, 6, 3, dilation=2, groups=6, spatial_dims=1), 10, (2, 6, 40)),
    (ConvSpec(4, 8, 3, padding=1, groups=4, spatial_dims=3), 5, (1, 4, 6, 7, 8)),
])
def test_pair_totals_against_pytorch(first, out_channels, shape):
    pointwise = pointwise_after(first, out_channels)
    totals = pair_totals(first, pointwise, shape)
    assert (totals.params, totals.macs) == _torch_totals(first, pointwise, shape)
    assert totals == PairTotals(first.param_count() + pointwise.param_count(),
                                first.macs(shape) + pointwise.macs(first.output_shape(shape)))


def test_pair_totals_of_the_mobilenet_block():
    depthwise = ConvSpec(32, 32, 3, padding=1, groups=32)
    # depthwise 32·9 + 32 bias, pointwise 32·64 + 64 bias; MACs 56²·32·9 + 56²·32·64
    assert pair_totals(depthwise, pointwise_after(depthwise, 64), (1, 32, 56, 56)) == PairTotals(
        288 + 32 + 2048 + 64, 56 * 56 * 32 * 9 + 56 * 56 * 32 * 64)
