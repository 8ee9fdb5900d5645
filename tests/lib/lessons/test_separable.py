"""The depthwise-separable page's numbers, and the explorer's totals of a layer + pointwise pair (pair_totals),
against PyTorch's real modules: numel() and FlopCounterMode."""

from fractions import Fraction

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch.utils.flop_counter import FlopCounterMode

from convviz import ConvSpec
from convviz.lessons.separable import (
    PairTotals,
    module_param_counts,
    pair_totals,
    pointwise_after,
    ratio_latex,
    separable_comparison,
)


def test_the_article_example():
    pair = separable_comparison(64, 128, 3, (1, 64, 32, 32))
    assert pair.output_shape == (1, 128, 32, 32) and pair.depthwise_output == (1, 64, 32, 32)
    assert pair.params() == (73_856, 640, 8_320)
    assert pair.weights() == (73_728, 576, 8_192)
    assert pair.weight_ratio() == Fraction(8_768, 73_728) == Fraction(1, 128) + Fraction(1, 9)
    assert module_param_counts(pair.standard, pair.depthwise, pair.pointwise) == (
        (73_728, 73_856), (576, 640), (8_192, 8_320))
    blocks = ratio_latex(pair)
    assert "73{,}728" in blocks[0] and "576 + 8{,}192 = 8{,}768" in blocks[1]
    assert r"\frac{1}{128} + \frac{1}{9}" in blocks[2]


def test_the_article_picture_needs_stride_two():
    pair = separable_comparison(3, 4, 3, (1, 3, 64, 64), stride=2, bias=False)
    assert pair.output_shape == (1, 4, 32, 32)
    assert pair.weights() == (108, 27, 12) and pair.params() == (108, 27, 12)


def _flops(module, x):
    counter = FlopCounterMode(display=False)
    with torch.no_grad(), counter:
        y = module(x)
    return counter.get_total_flops(), tuple(y.shape)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 12), st.integers(1, 12), st.integers(1, 5), st.integers(1, 3), st.booleans(),
       st.integers(1, 2), st.integers(5, 9), st.integers(1, 2))
def test_savings_equal_the_real_modules(c_in, c_out, k, m, bias, stride, size, batch):
    shape = (batch, c_in, size, size)
    pair = separable_comparison(c_in, c_out, k, shape, multiplier=m, stride=stride, bias=bias)
    standard, depthwise, pointwise = (s.to_module() for s in (pair.standard, pair.depthwise, pair.pointwise))
    assert depthwise.groups == c_in and depthwise.out_channels == m * c_in
    assert pair.weights() == tuple(mod.weight.numel() for mod in (standard, depthwise, pointwise))
    assert pair.params() == tuple(sum(p.numel() for p in mod.parameters()) for mod in (standard, depthwise, pointwise))
    x = torch.zeros(shape)
    std_flops, std_shape = _flops(standard, x)
    pair_flops, pair_shape = _flops(torch.nn.Sequential(depthwise, pointwise), x)
    assert std_shape == pair_shape == pair.output_shape
    macs = pair.macs()
    assert std_flops == 2 * macs[0] and pair_flops == 2 * (macs[1] + macs[2])
    # Howard et al.: weights and MACs (bias excluded) shrink by m·(1/C_out + 1/k²)
    assert pair.weight_ratio() == pair.howard_ratio() == Fraction(pair_flops, std_flops)
    standard_w, *parts = pair.weights()
    assert Fraction(sum(parts), standard_w) == m * (Fraction(1, c_out) + Fraction(1, k * k))


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
