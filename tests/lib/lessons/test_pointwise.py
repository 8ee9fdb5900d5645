"""convviz.lessons.pointwise against PyTorch itself: 1×1 convolution = nn.Linear at every pixel, counts, bottleneck."""

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch.utils.flop_counter import FlopCounterMode

from convviz import ConvSpec, receptive_field
from convviz.lessons import pointwise as pw
from convviz.runtime.engine import make_module
from convviz.runtime.torch_counts import torch_counts
from tests.helpers.plotly_arrays import decode

FEW = settings(max_examples=12, deadline=None)


def numel(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def flops(module: torch.nn.Module, shape: tuple[int, ...]) -> int:
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        module(torch.zeros(shape))
    return counter.get_total_flops()


def test_article_examples():
    spec = pw.pointwise_spec(64, 128)
    assert spec.output_shape((1, 64, 32, 32)) == (1, 128, 32, 32)
    assert spec.param_count() == 8320 == numel(torch.nn.Conv2d(64, 128, 1))
    reduction = pw.pointwise_spec(100, 20)
    assert reduction.output_shape((1, 100, 500, 500)) == (1, 20, 500, 500)
    assert reduction.param_count() == 2020 == numel(torch.nn.Conv2d(100, 20, 1))
    assert reduction.weight_count() == 2000 == numel(torch.nn.Conv2d(100, 20, 1, bias=False))


@FEW
@given(c_in=st.integers(1, 48), c_out=st.integers(1, 48), size=st.integers(1, 6), bias=st.booleans())
def test_counts_equal_the_real_module(c_in, c_out, size, bias):
    spec = pw.pointwise_spec(c_in, c_out, bias=bias)
    shape = (2, c_in, size, size + 1)
    module = torch.nn.Conv2d(c_in, c_out, 1, bias=bias)
    assert spec.param_count() == numel(module) == torch_counts(spec, shape).params
    assert 2 * spec.macs(shape) == flops(module, shape) == torch_counts(spec, shape).flops


@FEW
@given(c_in=st.integers(1, 24), c_out=st.integers(1, 24), h=st.integers(1, 6), w=st.integers(1, 6),
       bias=st.booleans())
def test_one_by_one_conv_is_a_linear_layer_at_every_pixel(c_in, c_out, h, w, bias):
    conv = torch.nn.Conv2d(c_in, c_out, 1, bias=bias)
    linear = torch.nn.Linear(c_in, c_out, bias=bias)
    with torch.no_grad():
        linear.weight.copy_(conv.weight.view(c_out, c_in))
        if bias:
            linear.bias.copy_(conv.bias)
    x = torch.randn(2, c_in, h, w)
    with torch.no_grad():
        expected = linear(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
        torch.testing.assert_close(conv(x), expected, rtol=1e-5, atol=1e-5)
    check = pw.linear_equivalence(pw.pointwise_spec(c_in, c_out, bias=bias), (2, c_in, h, w))
    assert check.conv_shape == (2, c_out, h, w) and check.linear_shape == (2, h, w, c_out)
    assert check.max_abs_diff <= 1e-5 * max(1.0, check.max_abs_output)


def test_linear_equivalence_refuses_other_layers():
    with pytest.raises(ValueError, match="1×1"):
        pw.linear_equivalence(ConvSpec(4, 4, 3), (1, 4, 5, 5))


def test_pixel_mixing_is_what_pytorch_computes():
    spec = pw.pointwise_spec(5, 3)
    mix = pw.pixel_mixing(spec)
    assert mix.y == mix.y_by_hand
    module = make_module(spec)
    assert [list(r) for r in mix.weight] == module.weight[:, :, 0, 0].tolist()
    with torch.no_grad():
        y = module(torch.tensor(mix.x).view(1, 5, 1, 1))
    assert y.flatten().tolist() == list(mix.y)


def test_mixing_figure_draws_at_most_the_limit():
    mix = pw.pixel_mixing(pw.pointwise_spec(70, 3))
    data = pw.mixing_figure(mix, limit=64).to_dict()["data"]
    weights = decode(data[1]["z"])
    assert weights.shape == (3, 64)
    assert weights.tolist() == [list(row[:64]) for row in mix.weight]
    assert decode(data[0]["z"]).tolist() == [list(mix.x[:64])]
    assert decode(data[2]["z"]).tolist() == [[v] for v in mix.y]


def test_mixing_figure_lays_out_x_above_w_and_y_beside_it():
    """x (top row) shares its columns with W, y (right column) shares its rows with W, both W rows reversed."""
    mix = pw.pixel_mixing(pw.pointwise_spec(4, 5))
    fig = pw.mixing_figure(mix).to_dict()
    layout = fig["layout"]
    assert [(t["xaxis"], t["yaxis"]) for t in fig["data"]] == [("x", "y"), ("x3", "y3"), ("x4", "y4")]
    assert layout["xaxis"]["matches"] == "x3" and layout["yaxis4"]["matches"] == "y3"
    assert layout["yaxis3"]["autorange"] == layout["yaxis4"]["autorange"] == "reversed"
    left, right = layout["xaxis3"]["domain"], layout["xaxis4"]["domain"]
    bottom, top = layout["yaxis3"]["domain"], layout["yaxis"]["domain"]
    assert left[0] == 0 and right[1] == 1 and right[0] - left[1] == pytest.approx(0.03)  # 85 % / 15 %
    assert (left[1] - left[0]) / (right[1] - right[0]) == pytest.approx(85 / 15)
    assert bottom[0] == 0 and top[1] == 1 and top[0] - bottom[1] == pytest.approx(0.08)  # 90 % / 10 %
    assert [a["text"] for a in layout["annotations"]] == ["x (input pixel)", "W", "y = Wx + b"]
    assert [a["y"] for a in layout["annotations"]] == [top[1], bottom[1], bottom[1]]


def test_a_one_by_one_layer_adds_no_receptive_field():
    assert receptive_field([ConvSpec(8, 8, 3), pw.pointwise_spec(8, 4)])[-1].size == (3, 3)


def test_bottleneck_weights_of_the_issue():
    block = pw.bottleneck(256, 64)
    real = torch.nn.Sequential(torch.nn.Conv2d(256, 64, 1, bias=False),
                               torch.nn.Conv2d(64, 64, 3, padding=1, bias=False),
                               torch.nn.Conv2d(64, 256, 1, bias=False))
    assert block.weights() == 69_632 == numel(real)
    assert block.standard.weight_count() == 589_824 == numel(torch.nn.Conv2d(256, 256, 3, bias=False))


@FEW
@given(channels=st.integers(1, 40), width=st.integers(1, 40), k=st.sampled_from([1, 3, 5]), bias=st.booleans())
def test_bottleneck_counts_equal_the_real_modules(channels, width, k, bias):
    block = pw.bottleneck(channels, width, k, bias=bias)
    shape = (1, channels, 7, 7)
    layers = torch.nn.Sequential(*(layer.to_module() for layer in block.layers))
    standard = block.standard.to_module()
    assert block.params() == numel(layers) and block.standard.param_count() == numel(standard)
    assert 2 * block.macs(shape) == flops(layers, shape)
    assert 2 * block.standard.macs(shape) == flops(standard, shape)
    assert torch_counts(block.layers, shape).weights == block.weights()


@pytest.mark.parametrize("size", [7, 8, 56])
def test_one_by_one_keeps_the_size_only_with_stride_one(size):
    """The page's introduction: with stride 1 a 1×1 convolution keeps height and width; with stride 2 (ResNet's
    projection shortcut, He et al. 2016) it is the stride-1 layer on every second row and column, ceil(H/2) of them."""
    torch.manual_seed(0)
    x = torch.randn(2, 6, size, size, dtype=torch.float64)
    conv = torch.nn.Conv2d(6, 4, 1).double()
    strided = torch.nn.Conv2d(6, 4, 1, stride=2).double()
    strided.load_state_dict(conv.state_dict())
    with torch.no_grad():
        assert conv(x).shape[2:] == x.shape[2:]
        assert ConvSpec(6, 4, 1).output_shape(tuple(x.shape)) == (2, 4, size, size)
        half = (size + 1) // 2
        assert strided(x).shape[2:] == (half, half)
        assert ConvSpec(6, 4, 1, stride=2).output_shape(tuple(x.shape)) == (2, 4, half, half)
        torch.testing.assert_close(strided(x), conv(x[:, :, ::2, ::2]))


@pytest.mark.parametrize("kwargs, expected", [
    ({}, True), ({"stride": 2}, False), ({"stride": (1, 2)}, False), ({"padding": 1}, False),
    ({"padding": "same"}, True), ({"dilation": 3}, True), ({"kernel_size": 3, "padding": 1}, None),
])
def test_keeps_spatial_size_agrees_with_pytorch(kwargs, expected):
    """keeps_spatial_size (the explorer's memory note) is True exactly when PyTorch's layer returns every input's
    height and width; None for a layer that is not 1×1."""
    kwargs = {"kernel_size": 1, **kwargs}
    spec = ConvSpec(3, 5, **kwargs)
    assert pw.keeps_spatial_size(spec) == expected
    module = torch.nn.Conv2d(3, 5, **kwargs)
    kept = all(module(torch.zeros(1, 3, h, w)).shape[2:] == (h, w) for h, w in ((4, 4), (7, 9), (56, 56)))
    if expected is not None:
        assert kept == expected
