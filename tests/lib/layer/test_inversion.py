"""Shape inversion: the transposed layer found by convviz.layer.inversion.invert returns every input size, checked
by running the real forward and transposed modules; where it finds none, none exists."""

from __future__ import annotations

import warnings

import pytest
import torch
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from convviz import ConvSpec, ConvSpecError
from convviz.layer.inversion import invert
from convviz.layer.spec import valid_groups
from convviz.text.i18n import CATALOGS, LANGUAGES


def run(module, shape, **kwargs) -> tuple[int, ...]:
    with warnings.catch_warnings(), torch.inference_mode():
        warnings.simplefilter("ignore")
        return tuple(module(torch.zeros(shape), **kwargs).shape)


def round_trip(spec: ConvSpec, shape) -> tuple[int, ...]:
    """Input shape → real forward module → real transposed module from the inversion → shape."""
    inversion = invert(spec, shape)
    middle = run(spec.to_module(), shape)
    assert middle == inversion.forward_output_shape
    return run(inversion.transposed.to_module(), middle)


def test_issue_example_seven_and_eight():
    forward = ConvSpec(1, 1, 3, stride=2, padding=1, dilation=2, spatial_dims=1)
    assert forward.output_shape((1, 1, 7)) == forward.output_shape((1, 1, 8)) == (1, 1, 3)
    for size, output_padding in ((7, 0), (8, 1)):
        inversion = invert(forward, (1, 1, size))
        assert inversion.output_padding == (output_padding,)
        assert inversion.padding == (1,)
        assert inversion.same_output_sizes == ((7, 8),)
        assert inversion.output_size == (size,)
        assert round_trip(forward, (1, 1, size)) == (1, 1, size)
        transposed = inversion.transposed
        assert (transposed.kernel_size, transposed.stride, transposed.dilation) == ((3,), (2,), (2,))
        # PyTorch finds the same output_padding from output_size
        module = torch.nn.ConvTranspose1d(1, 1, 3, stride=2, padding=1, dilation=2)
        assert run(module, (1, 1, 3), output_size=[size]) == (1, 1, size)
        assert module._output_padding(torch.zeros(1, 1, 3), [size], [2], [1], [3], 1, [2]) == [output_padding]


def test_channels_swapped_and_unet_decoder():
    forward = ConvSpec(64, 128, 3, stride=2, padding=1, groups=2, bias=False)
    inversion = invert(forward, (2, 64, 57, 56))
    assert inversion.forward_output_shape == (2, 128, 29, 28)
    t = inversion.transposed
    assert (t.in_channels, t.out_channels, t.groups, t.bias, t.transposed) == (128, 64, 2, False, True)
    assert inversion.output_padding == (0, 1)
    assert round_trip(forward, (2, 64, 57, 56)) == (2, 64, 57, 56)


@pytest.mark.parametrize("spec, size", [
    (ConvSpec(1, 1, 2, padding="same", spatial_dims=1), 5),          # odd total 1, stride 1, dilation 1
    (ConvSpec(1, 1, 4, causal=True, spatial_dims=1), 6),             # causal, odd total 3
])
def test_impossible_when_uneven_padding_needs_output_padding_one(spec, size):
    with pytest.raises(ConvSpecError) as caught:
        invert(spec, (1, 1, size))
    error = caught.value
    assert error.code == "inversion_impossible"
    assert error.params == dict(dim="L", size=size, output_padding=1, stride=1, dilation=1)
    for lang in LANGUAGES:
        CATALOGS[lang]["error.inversion_impossible"].format(**error.params)
    # no padding and allowed output_padding returns the size, by the real module
    for padding in range(0, 3):
        module = torch.nn.ConvTranspose1d(1, 1, spec.kernel_size[0], padding=padding)
        try:
            back = run(module, spec.output_shape((1, 1, size)))
        except RuntimeError:  # "Output size is too small"
            continue
        assert back != (1, 1, size)


def test_uneven_padding_with_dilation_is_possible():
    forward = ConvSpec(1, 1, 2, dilation=3, padding="same", spatial_dims=1)   # total 3: (1, 2)
    inversion = invert(forward, (1, 1, 9))
    assert inversion.output_padding == (1,) and inversion.padding == (2,)
    assert round_trip(forward, (1, 1, 9)) == (1, 1, 9)


def test_transposed_refused():
    with pytest.raises(ConvSpecError) as caught:
        invert(ConvSpec(1, 1, 3, transposed=True), (1, 1, 4, 4))
    assert caught.value.code == "inversion_transposed"
    for lang in LANGUAGES:
        CATALOGS[lang]["error.inversion_transposed"].format(**caught.value.params)


@st.composite
def forward_layers(draw):
    dims = draw(st.sampled_from([1, 2, 3]))
    in_channels, out_channels = draw(st.integers(1, 4)), draw(st.integers(1, 4))

    def per_dim(low, high):
        if draw(st.booleans()):
            return tuple(draw(st.integers(low, high)) for _ in range(dims))
        return draw(st.integers(low, high))

    stride = per_dim(1, 4)
    causal = dims == 1 and draw(st.integers(0, 4)) == 0
    padding = 0 if causal else draw(st.one_of(st.integers(0, 3), st.tuples(*[st.integers(0, 3)] * dims),
                                              st.sampled_from(["valid", "same"])))
    if padding == "same":
        stride = 1
    mode = "zeros" if causal else draw(st.sampled_from(["zeros", "zeros", "reflect", "replicate", "circular"]))
    try:
        spec = ConvSpec(in_channels, out_channels, per_dim(1, 4), stride=stride, padding=padding,
                        dilation=per_dim(1, 3), groups=draw(st.sampled_from(valid_groups(in_channels, out_channels))),
                        bias=draw(st.booleans()), padding_mode=mode, causal=causal, spatial_dims=dims)
        shape = (1, in_channels, *[draw(st.integers(1, 12)) for _ in range(dims)])
        spec.output_shape(shape)
    except ConvSpecError:
        assume(False)
    return spec, shape


@settings(max_examples=200, deadline=None)
@given(forward_layers())
def test_inversion_round_trips_through_real_modules(layer):
    spec, shape = layer
    try:
        inversion = invert(spec, shape)
    except ConvSpecError as err:
        assert err.code == "inversion_impossible"
        event("impossible")
        # then no padding ≥ 0 with an allowed output_padding returns the size (ConvSpec's transposed shapes
        # are PyTorch's: tests/lib/layer/test_transposed.py)
        out = spec.output_shape(shape)
        axis = spec.dim_names.index(err.params["dim"])
        s, d, k = spec.stride[axis], spec.dilation[axis], spec.kernel_size[axis]
        reachable = {(out[2 + axis] - 1) * s - 2 * p + d * (k - 1) + op + 1
                     for p in range(0, 40) for op in range(max(s, d))}
        assert shape[2 + axis] not in reachable
        return
    event("symmetric padding" if all(b == a for b, a in spec.padding_amounts(shape)) else "uneven padding")
    assert round_trip(spec, shape) == tuple(shape)
    assert all(op < s or op < d for op, s, d in zip(inversion.output_padding, spec.stride, spec.dilation))
    pairs = spec.padding_amounts(shape)
    if all(before == after for before, after in pairs):
        assert inversion.padding == tuple(before for before, _ in pairs)
        # the same output_padding PyTorch derives from output_size
        module = inversion.transposed.to_module()
        middle = inversion.forward_output_shape
        assert run(module, middle, output_size=list(shape[2:])) == tuple(shape)
    # every size of same_output_sizes maps to the same forward output, and the transposed layer with the
    # matching output_padding returns it
    for axis, (first, last) in enumerate(inversion.same_output_sizes):
        assert first <= shape[2 + axis] <= last
        for size in (first, last):
            other = list(shape)
            other[2 + axis] = size
            try:
                spec.check_input(tuple(other))
            except ConvSpecError:
                continue  # e.g. reflect padding too large for a smaller size
            assert spec.output_shape(tuple(other))[2 + axis] == inversion.forward_output_shape[2 + axis]
