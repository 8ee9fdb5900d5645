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
    channel_ranks,
    composed_kernel,
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


# ---- what the pair can express: one standard convolution with a restricted kernel (the page's introduction) ----------

CONV = {1: torch.nn.functional.conv1d, 2: torch.nn.functional.conv2d, 3: torch.nn.functional.conv3d}


@pytest.mark.parametrize("c_in, c_out, k, m, stride, bias, dims", [
    (3, 5, 3, 1, 1, True, 2), (4, 6, 3, 2, 2, True, 2), (2, 7, 5, 1, 1, False, 2), (3, 4, 3, 3, 1, True, 1),
    (2, 3, 3, 1, 2, True, 3),
])
def test_the_pair_is_one_standard_convolution_with_the_composed_kernel(c_in, c_out, k, m, stride, bias, dims):
    """W[o, i] = Σ_j P[o, i·m + j] · D[i·m + j] (m = 1: P[o, i] · D[i]) and b = P·b_D + b_P reproduce PyTorch's
    depthwise → pointwise output exactly (float64), for every stride, dimensionality and multiplier."""
    torch.manual_seed(0)
    pair = separable_comparison(c_in, c_out, k, (2, c_in) + (9,) * dims, multiplier=m, stride=stride, bias=bias,
                                spatial_dims=dims)
    depthwise, pointwise = pair.depthwise.to_module().double(), pair.pointwise.to_module().double()
    x = torch.randn((2, c_in) + (9,) * dims, dtype=torch.float64)
    with torch.no_grad():
        expected = pointwise(depthwise(x))
        weight, b = composed_kernel(depthwise.weight, pointwise.weight, c_in, depthwise.bias, pointwise.bias)
        composed = CONV[dims](x, weight, b, stride=depthwise.stride, padding=depthwise.padding)
    assert tuple(weight.shape) == pair.standard.weight_shape and (b is None) == (not bias)
    assert composed.shape == expected.shape == torch.Size(pair.output_shape)
    torch.testing.assert_close(composed, expected, rtol=1e-12, atol=1e-12)
    if m == 1:  # W[o, i] = P[o, i] · D[i]: the same filter on channel i for every output channel, scaled
        for o in range(c_out):
            for i in range(c_in):
                torch.testing.assert_close(weight[o, i], pointwise.weight[o, i].squeeze() * depthwise.weight[i, 0])
    assert max(channel_ranks(weight)) <= m


def test_a_standard_kernel_is_generally_not_a_separable_pair():
    """A random standard 3×3 kernel 64 → 128 has rank min(C_out, k²) = 9 on every input channel; the pair's kernel
    has rank 1 (m = 1): the pair expresses only a subset of the standard layers."""
    torch.manual_seed(1)
    standard = torch.nn.Conv2d(64, 128, 3, padding=1)
    assert set(channel_ranks(standard.weight)) == {9}
    depthwise, pointwise = torch.nn.Conv2d(64, 64, 3, padding=1, groups=64), torch.nn.Conv2d(64, 128, 1)
    weight, _ = composed_kernel(depthwise.weight, pointwise.weight, 64)
    assert set(channel_ranks(weight)) == {1}
    with pytest.raises(ValueError):
        composed_kernel(standard.weight, pointwise.weight, 64)


@pytest.mark.parametrize("groups", [1, "depthwise"])
def test_uses_of_each_input_element(groups):
    """The page's numbers: with stride 1, an input element away from the border takes part in k²·C_out
    multiply–accumulates of a standard layer and in k²·m of a depthwise one; counted by autograd on all-ones
    weights (d sum(y) / dx = how many products use x), and equal on average to MACs / input elements."""
    c_in, k, size = 4, 3, 7
    m = 2
    c_out = 6 if groups == 1 else m * c_in
    spec = ConvSpec(c_in, c_out, k, padding=k // 2, groups=1 if groups == 1 else c_in, bias=False)
    module = spec.to_module()
    torch.nn.init.ones_(module.weight)
    x = torch.ones(1, c_in, size, size, requires_grad=True)
    module(x).sum().backward()
    uses = x.grad[0]
    expected = k * k * c_out if groups == 1 else k * k * m
    assert torch.all(uses[:, 1:-1, 1:-1] == expected)   # every interior element
    assert uses.max() == expected and uses.min() < expected  # fewer at the border (padding takes the rest)
    assert spec.macs(tuple(x.shape)) == expected * x.numel()
