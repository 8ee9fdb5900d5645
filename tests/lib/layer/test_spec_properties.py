"""Random layers against the real torch.nn.Conv{1,2,3}d: convviz refuses exactly what PyTorch refuses (or
turns into an empty tensor), and when both accept, every number agrees with PyTorch."""

from __future__ import annotations

import math
import warnings

import torch
import torch.nn.functional as F
from hypothesis import event, given, settings
from hypothesis import strategies as st
from torch.utils.flop_counter import FlopCounterMode

from convviz import ConvSpec, ConvSpecError
from convviz.layer.spec import valid_groups

CONV = {1: torch.nn.Conv1d, 2: torch.nn.Conv2d, 3: torch.nn.Conv3d}
CONV_FN = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
PAD_MODE = {"zeros": "constant", "reflect": "reflect", "replicate": "replicate", "circular": "circular"}


def rarely(draw, label: str) -> bool:
    """True about one time in ten (so that most drawn layers are valid and get compared number by number)."""
    return draw(st.integers(0, 9).map(lambda i: i == 7), label=label)


def per_dim(draw, dims: int, low: int, high: int, zero_label: str):
    """An int or a per-dimension tuple in [low, high]; rarely with a 0 somewhere."""
    if draw(st.booleans(), label="tuple"):
        value = [draw(st.integers(low, high)) for _ in range(dims)]
        if rarely(draw, zero_label):
            value[draw(st.integers(0, dims - 1))] = 0
        return tuple(value)
    return 0 if rarely(draw, zero_label) else draw(st.integers(low, high))


@st.composite
def raw_layers(draw):
    """The raw arguments of nn.Conv{d}d and an input shape, valid or not (channel counts stay positive)."""
    dims = draw(st.sampled_from([1, 2, 3]))
    in_channels = draw(st.integers(1, 6))
    out_channels = draw(st.integers(1, 6))
    if rarely(draw, "any groups"):
        groups = draw(st.integers(1, 6))
    else:
        groups = draw(st.sampled_from(valid_groups(in_channels, out_channels)))
    kernel = per_dim(draw, dims, 1, 4, "zero kernel")
    stride = per_dim(draw, dims, 1, 3, "zero stride")
    dilation = per_dim(draw, dims, 1, 3, "zero dilation")
    padding = draw(st.one_of(
        st.integers(0, 4),
        st.tuples(*[st.integers(0, 4)] * dims),
        st.sampled_from(["same", "valid"]),
    ))
    padding_mode = draw(st.sampled_from(["zeros", "reflect", "replicate", "circular"]))
    bias = draw(st.booleans())
    channels = draw(st.integers(1, 6)) if rarely(draw, "any input channels") else in_channels
    spatial = tuple(draw(st.integers(1, 9)) for _ in range(dims))
    input_shape = (draw(st.integers(1, 2)), channels, *spatial)
    kwargs = dict(stride=stride, padding=padding, dilation=dilation, groups=groups, bias=bias,
                  padding_mode=padding_mode)
    return dims, in_channels, out_channels, kernel, kwargs, input_shape


def flat_padding(pairs):
    """((b0, a0), (b1, a1), …) per dimension → F.pad's order, last dimension first."""
    return tuple(v for before, after in reversed(pairs) for v in (before, after))


@settings(max_examples=150, deadline=None)
@given(raw_layers())
def test_convspec_agrees_with_torch(raw):
    dims, in_channels, out_channels, kernel, kwargs, input_shape = raw

    try:
        spec = ConvSpec(in_channels, out_channels, kernel, spatial_dims=dims, **kwargs)
        convviz_shape = spec.output_shape(input_shape)
    except ConvSpecError as err:
        convviz_error = err
    else:
        convviz_error = None

    torch_error = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            module = CONV[dims](in_channels, out_channels, kernel, **kwargs)
            x = torch.zeros(input_shape)
            with torch.inference_mode():
                y = module(x)
        except Exception as err:  # any refusal by PyTorch counts
            torch_error = err
        else:
            if 0 in y.shape:
                torch_error = f"empty output {tuple(y.shape)}"

    event(f"refused by convviz: {convviz_error.code}" if convviz_error else "accepted")
    assert (convviz_error is None) == (torch_error is None), (convviz_error, torch_error)
    if convviz_error is not None:
        assert convviz_error.code and isinstance(convviz_error.params, dict)
        return

    # shapes, counts
    assert convviz_shape == tuple(y.shape)
    assert spec.output_spatial(input_shape) == tuple(y.shape[2:])
    assert spec.weight_shape == tuple(module.weight.shape)
    assert spec.param_count() == sum(p.numel() for p in module.parameters())
    assert spec.effective_kernel_size == tuple(
        d * (k - 1) + 1 for d, k in zip(module.dilation, module.kernel_size))

    with torch.inference_mode(), FlopCounterMode(display=False) as counter:
        module(x)
    assert spec.flops(input_shape) == counter.get_total_flops()
    assert spec.macs(input_shape) * 2 == counter.get_total_flops()
    bias_adds = y.numel() if module.bias is not None else 0
    assert spec.macs(input_shape, include_bias=True) == spec.macs(input_shape) + bias_adds

    # padding amounts: what the module stores for explicit padding, and what it effectively does
    pairs = spec.padding_amounts(input_shape)
    assert len(pairs) == dims
    assert spec.before_padding() == tuple(before for before, _ in pairs)
    if module.padding_mode != "zeros":
        stored = list(module._reversed_padding_repeated_twice)
        assert flat_padding(pairs) == tuple(stored)
    elif module.padding == "same":
        totals = [d * (k - 1) for d, k in zip(module.dilation, module.kernel_size)]
        assert pairs == tuple((t // 2, t - t // 2) for t in totals)
    elif module.padding == "valid":
        assert pairs == ((0, 0),) * dims
    else:
        assert pairs == tuple((p, p) for p in module.padding)
    generator = torch.Generator().manual_seed(0)
    x_random = torch.randn(input_shape, generator=generator, dtype=torch.float64)
    module = module.double()
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = module(x_random)
        by_amounts = CONV_FN[dims](
            F.pad(x_random, flat_padding(pairs), mode=PAD_MODE[module.padding_mode]),
            module.weight, module.bias, module.stride, 0, module.dilation, module.groups,
        )
    assert by_amounts.shape == expected.shape
    assert torch.allclose(by_amounts, expected)

    # to_module builds the same layer
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        built = spec.to_module()
    assert type(built) is type(module)
    for name in ("in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups",
                 "padding_mode", "_reversed_padding_repeated_twice"):
        assert getattr(built, name) == getattr(module, name), name
    assert (built.bias is None) == (module.bias is None)
    assert built.weight.shape == module.weight.shape


@settings(max_examples=20, deadline=None)
@given(raw_layers())
def test_counts_by_hand(raw):
    """param_count and macs by the textbook formulas, for the accepted layers."""
    dims, in_channels, out_channels, kernel, kwargs, input_shape = raw
    try:
        spec = ConvSpec(in_channels, out_channels, kernel, spatial_dims=dims, **kwargs)
        out = spec.output_shape(input_shape)
    except ConvSpecError:
        return
    k = (kernel,) * dims if isinstance(kernel, int) else kernel
    per_filter = in_channels // kwargs["groups"] * math.prod(k)
    assert spec.param_count() == out_channels * per_filter + (out_channels if kwargs["bias"] else 0)
    assert spec.macs(input_shape) == math.prod(out) * per_filter
    assert spec.flops(input_shape) == 2 * math.prod(out) * per_filter
    assert out[:2] == (input_shape[0], out_channels)
