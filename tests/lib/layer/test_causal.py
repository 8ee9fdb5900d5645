"""Causal 1-D convolution (ConvSpec(..., causal=True)): shapes, padding and receptive field, checked with the
real module that convviz builds (pad on the left, then convolve): no output sees the future, and output t
depends on exactly the inputs t − d·(k − 1) … t in steps of d."""

from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch.profiler import ProfilerActivity, profile

from convviz import ConvSpec, ConvSpecError, receptive_field
from convviz.layer.spec import conv_of
from convviz.lessons.timeline import causal_stack
from convviz.runtime.engine import estimate_memory, make_module, run_conv
from convviz.text.i18n import CATALOGS, LANGUAGES
from convviz.text.snippet import module_expression, pytorch_snippet


def ones_module(spec: ConvSpec) -> torch.nn.Module:
    module = spec.to_module().double()
    with torch.no_grad():
        conv_of(module).weight.fill_(1.0)
        if conv_of(module).bias is not None:
            conv_of(module).bias.zero_()
    return module


def dependencies(module, length: int, channels: int, t: int) -> list[int]:
    """Input time steps with a non-zero gradient of output t (all-ones weights: no cancellation)."""
    x = torch.zeros((1, channels, length), dtype=torch.float64, requires_grad=True)
    module(x)[0, :, t].sum().backward()
    return torch.nonzero(x.grad[0].abs().sum(0)).flatten().tolist()


@st.composite
def causal_layers(draw):
    channels = draw(st.integers(1, 3))
    spec = ConvSpec(channels, draw(st.integers(1, 3)) * channels, draw(st.integers(1, 4)),
                    dilation=draw(st.integers(1, 4)), stride=draw(st.integers(1, 3)),
                    groups=draw(st.sampled_from([1, channels])), bias=draw(st.booleans()),
                    causal=True, spatial_dims=1)
    return spec, (draw(st.integers(1, 2)), channels, draw(st.integers(1, 20)))


@settings(max_examples=40, deadline=None)
@given(causal_layers())
def test_causal_layer_with_the_real_module(layer):
    spec, shape = layer
    (k,), (d,), (s,) = spec.kernel_size, spec.dilation, spec.stride
    assert spec.padding_amounts(shape) == ((d * (k - 1), 0),)
    module = spec.to_module()
    assert isinstance(module, torch.nn.Sequential)
    assert module[0].padding == (d * (k - 1), 0) and module[1].padding == (0,)
    x = torch.randn(shape, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    module = module.double()
    with torch.no_grad():
        y = module(x)
    assert spec.output_shape(shape) == tuple(y.shape)
    assert spec.output_spatial(shape) == ((shape[2] - 1) // s + 1,)
    assert spec.param_count() == sum(p.numel() for p in module.parameters())
    assert spec.weight_shape == tuple(module[1].weight.shape)

    # changing a future input never changes an earlier output
    for t in range(shape[2]):
        changed = x.clone()
        changed[:, :, t] += 100.0
        with torch.no_grad():
            y_changed = module(changed)
        earlier = [o for o in range(y.shape[2]) if o * s < t]
        assert torch.equal(y[:, :, earlier], y_changed[:, :, earlier])

    # output o depends on exactly the inputs o·s − d·(k − 1) … o·s in steps of d (those ≥ 0)
    ones = ones_module(spec)
    rf = receptive_field([spec])[0]
    for o in range(y.shape[2]):
        expected = [o * s - d * (k - 1) + j * d for j in range(k) if o * s - d * (k - 1) + j * d >= 0]
        assert dependencies(ones, shape[2], spec.in_channels, o) == expected
        (first, last), = rf.span((o,))
        assert (first, last) == (o * s - d * (k - 1), o * s)


def test_receptive_field_of_one_layer():
    rf = receptive_field([ConvSpec(1, 1, 3, dilation=4, causal=True, spatial_dims=1)])[0]
    assert (rf.size, rf.jump, rf.start) == ((9,), (1,), (-8,))


def test_wavenet_stack_sees_1025_samples():
    stack = causal_stack([1] + [2**i for i in range(10)])   # kernel-2 causal input conv, dilations 1…512
    assert [layer.dilation[0] for layer in stack] == [1, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512]
    records = receptive_field(stack)
    assert records[-1].size == (1025,)
    assert records[-1].start == (-1024,)
    assert records[-1].jump == (1,)
    # checked by the real stack: the last of 1,100 outputs depends on exactly the 1,025 inputs before it
    model = torch.nn.Sequential(*(ones_module(layer) for layer in stack))
    assert dependencies(model, 1100, 1, 1099) == list(range(1100 - 1025, 1100))
    assert causal_stack([1, 2], kernel_size=3, channels=4)[1] == ConvSpec(4, 4, 3, dilation=2, causal=True,
                                                                          spatial_dims=1)


@pytest.mark.parametrize("make, code", [
    (lambda: ConvSpec(1, 1, 3, causal=True), "causal_dims"),
    (lambda: ConvSpec(1, 1, 3, causal=True, spatial_dims=3), "causal_dims"),
    (lambda: ConvSpec(1, 1, 3, causal=True, transposed=True, spatial_dims=1), "causal_transposed"),
    (lambda: ConvSpec(1, 1, 3, causal=True, padding=1, spatial_dims=1), "causal_padding"),
    (lambda: ConvSpec(1, 1, 3, causal=True, padding="same", spatial_dims=1), "causal_padding"),
    (lambda: ConvSpec(1, 1, 3, causal=True, padding_mode="reflect", spatial_dims=1), "causal_padding_mode"),
    (lambda: ConvSpec(1, 1, 3, causal="yes", spatial_dims=1), "not_bool"),
])
def test_refused_combinations(make, code):
    with pytest.raises(ConvSpecError) as caught:
        make()
    assert caught.value.code == code
    for lang in LANGUAGES:
        CATALOGS[lang][f"error.{code}"].format(**caught.value.params)


def test_valid_padding_is_accepted_and_forward_unchanged():
    assert ConvSpec(1, 1, 3, causal=True, padding="valid", spatial_dims=1).padding_amounts((1, 1, 5)) == ((2, 0),)
    forward = ConvSpec(1, 1, 3, dilation=2, spatial_dims=1)
    assert forward.padding_amounts((1, 1, 9)) == ((0, 0),) and forward.output_shape((1, 1, 9)) == (1, 1, 5)
    assert isinstance(forward.to_module(), torch.nn.Conv1d)


def test_engine_snippet_and_memory():
    spec = ConvSpec(2, 4, 3, dilation=2, groups=2, causal=True, spatial_dims=1)
    shape = (1, 2, 9)
    module = make_module(spec, seed=3)
    assert set(conv_of(module).weight.unique().tolist()) <= {-1.0, 0.0, 1.0}
    result = run_conv(spec, shape)
    assert tuple(result.output.shape) == spec.output_shape(shape) == (1, 4, 9)
    expected = torch.nn.functional.conv1d(torch.nn.functional.pad(result.input, (4, 0)),
                                          conv_of(result.module).weight, conv_of(result.module).bias,
                                          dilation=2, groups=2)
    assert torch.equal(result.output, expected)
    assert estimate_memory(spec, shape).padded_bytes == 1 * 2 * (9 + 4) * 4   # ConstantPad1d's copy
    with torch.inference_mode(), profile(activities=[ProfilerActivity.CPU], profile_memory=True) as prof:
        result.module(result.input)
    pad_ops = ("aten::pad", "aten::constant_pad_nd")
    measured = sum(event.cpu_memory_usage for event in prof.events()
                   if event.name in pad_ops and not (event.cpu_parent and event.cpu_parent.name in pad_ops))
    assert measured == estimate_memory(spec, shape).padded_bytes
    assert module_expression(spec) == ("nn.Sequential(nn.ConstantPad1d((4, 0), 0), "
                                       "nn.Conv1d(2, 4, kernel_size=3, dilation=2, groups=2))")
    exec(compile(pytorch_snippet(spec, shape).replace("print(", "(lambda *a: None)("), "<snippet>", "exec"), {})
