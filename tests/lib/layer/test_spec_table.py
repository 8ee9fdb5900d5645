"""The worked examples of the source article (BRIEF's table), the public bug reports, and every
ConvSpecError code, checked against the published figures and against PyTorch itself."""

from __future__ import annotations

import math
import re
import warnings

import pytest
import torch
import torch.nn.functional as F

from convviz import ConvSpec, ConvSpecError, valid_groups
from convviz.layer.presets import DEFAULT, PRESETS
from convviz.lessons.separable import pointwise_after, standard_equivalent

CONV = {1: torch.nn.Conv1d, 2: torch.nn.Conv2d, 3: torch.nn.Conv3d}


def torch_module(spec: ConvSpec, device: str = "meta") -> torch.nn.Module:
    """The nn.Conv{d}d built straight from the spec's fields (on the meta device: shapes only)."""
    padding = spec.padding if isinstance(spec.padding, str) else tuple(spec.padding)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CONV[spec.spatial_dims](
            spec.in_channels, spec.out_channels, tuple(spec.kernel_size), stride=tuple(spec.stride),
            padding=padding, dilation=tuple(spec.dilation), groups=spec.groups, bias=spec.bias,
            padding_mode=spec.padding_mode, device=device,
        )


def torch_output_shape(layers: list[ConvSpec], input_shape: tuple[int, ...]) -> tuple[int, ...]:
    x = torch.zeros(input_shape, device="meta")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for spec in layers:
            x = torch_module(spec)(x)
    return tuple(x.shape)


def torch_params(spec: ConvSpec) -> int:
    return sum(p.numel() for p in torch_module(spec).parameters())


def assert_good_error(err: ConvSpecError, code: str) -> None:
    """The error contract: a code, a params dict (non-empty when the message quotes numbers), one sentence."""
    assert isinstance(err, ValueError)
    assert err.code == code, (err.code, str(err))
    assert isinstance(err.params, dict)
    message = str(err)
    assert message and "\n" not in message
    assert not re.search(r"[.!?]\s+[A-Z]", message), f"more than one sentence: {message!r}"
    if re.search(r"\d", message):
        assert err.params, f"message quotes numbers but params is empty: {message!r}"


# ---- BRIEF's worked-example table --------------------------------------------------------------

# (preset key, literal layer(s) from the table, input shape, output shape, parameters) — BRIEF's figures.
TABLE = [
    ("pointwise", [ConvSpec(64, 128, 1)], (1, 64, 32, 32), (1, 128, 32, 32), 8_320),
    ("pointwise_reduction", [ConvSpec(100, 20, 1)], (1, 100, 500, 500), (1, 20, 500, 500), 2_020),
    ("dilated", [ConvSpec(1, 1, 3, dilation=2)], (1, 1, 7, 7), (1, 1, 3, 3), 10),
    ("grouped", [ConvSpec(64, 64, 3, padding=1, groups=4)], (1, 64, 32, 32), (1, 64, 32, 32), 9_280),
    ("separable", [ConvSpec(64, 64, 3, padding=1, groups=64), ConvSpec(64, 128, 1)], (1, 64, 32, 32),
     (1, 128, 32, 32), 640 + 8_320),
    ("separable_picture",
     [ConvSpec(3, 3, 3, stride=2, padding=1, groups=3, bias=False), ConvSpec(3, 4, 1, bias=False)],
     (1, 3, 64, 64), (1, 4, 32, 32), 27 + 12),
]


@pytest.mark.parametrize("key, layers, input_shape, output_shape, params", TABLE, ids=[r[0] for r in TABLE])
def test_table_row_literal_and_preset(key, layers, input_shape, output_shape, params):
    preset = PRESETS[key]
    assert preset.input_shape == input_shape
    assert preset.spec == layers[0]
    assert preset.pointwise == (layers[1] if len(layers) > 1 else None)
    for source in (layers, [preset.spec] + ([preset.pointwise] if preset.pointwise else [])):
        shape = input_shape
        for spec in source:
            shape = spec.output_shape(shape)
        assert shape == output_shape
        assert sum(spec.param_count() for spec in source) == params
    # ... and PyTorch agrees on every number.
    assert torch_output_shape(layers, input_shape) == output_shape
    assert sum(torch_params(spec) for spec in layers) == params


def test_table_covers_every_preset():
    assert set(PRESETS) == {row[0] for row in TABLE}
    assert all(key in PRESETS for key in ("pointwise", "dilated", "grouped", "separable"))


def test_default_preset_matches_torch():
    shape = DEFAULT.spec.output_shape(DEFAULT.input_shape)
    assert shape == torch_output_shape([DEFAULT.spec], DEFAULT.input_shape)
    assert DEFAULT.spec.param_count() == torch_params(DEFAULT.spec)


def test_separable_parts():
    depthwise, pointwise = PRESETS["separable"].spec, PRESETS["separable"].pointwise
    assert depthwise.param_count() == 640
    assert pointwise.param_count() == 8_320
    picture, picture_pw = PRESETS["separable_picture"].spec, PRESETS["separable_picture"].pointwise
    assert picture.param_count() == 27
    assert picture_pw.param_count() == 12


def test_reduction_without_bias():
    spec = ConvSpec(100, 20, 1, bias=False)
    assert spec.param_count() == 2_000
    assert spec.param_count() == torch_params(spec)
    assert spec.output_shape((1, 100, 500, 500)) == (1, 20, 500, 500)


def test_dilated_effective_kernel():
    spec = PRESETS["dilated"].spec
    assert spec.effective_kernel_size == (5, 5)
    # the article's own formula (in − dilated kernel) / stride + 1 gives the same 3 here
    assert (7 - spec.effective_kernel_size[0]) // 1 + 1 == 3


@pytest.mark.parametrize("key, standard_params", [("grouped", 36_928), ("separable", 73_856),
                                                  ("separable_picture", 108)])
def test_standard_conv_comparison(key, standard_params):
    preset = PRESETS[key]
    pointwise = preset.pointwise or pointwise_after(preset.spec, preset.spec.out_channels)
    standard = standard_equivalent(preset.spec, pointwise)
    assert standard.groups == 1
    assert standard.param_count() == standard_params
    assert torch_params(standard) == standard_params
    # the standard layer maps the same input to the same output shape as the pair it replaces
    pair_out = pointwise.output_shape(preset.spec.output_shape(preset.input_shape))
    assert standard.output_shape(preset.input_shape) == pair_out
    assert torch_output_shape([standard], preset.input_shape) == pair_out


def test_picture_standard_counts_weights_only():
    standard = standard_equivalent(PRESETS["separable_picture"].spec, PRESETS["separable_picture"].pointwise)
    assert not standard.bias
    assert standard.weight_count() == 4 * 3 * 3 * 3 == 108


def test_pointwise_after_keeps_bias_and_dims():
    first = ConvSpec(8, 8, 3, groups=8, bias=False, spatial_dims=1)
    pw = pointwise_after(first, 16)
    assert (pw.in_channels, pw.out_channels, pw.kernel_size, pw.bias, pw.spatial_dims) == (8, 16, (1,), False, 1)


# ---- normalisation ----------------------------------------------------------------------------

def test_ints_broadcast_and_spec_is_hashable():
    a = ConvSpec(3, 8, 3, stride=2, padding=1)
    b = ConvSpec(3, 8, (3, 3), stride=(2, 2), padding=(1, 1))
    assert a == b and hash(a) == hash(b)
    assert a.kernel_size == (3, 3) and a.stride == (2, 2) and a.padding == (1, 1) and a.dilation == (1, 1)
    assert len({a, b, ConvSpec(3, 8, 3)}) == 2
    with pytest.raises(AttributeError):
        a.in_channels = 4  # frozen


# ---- public bug reports -----------------------------------------------------------------------

def test_same_with_stride_is_refused_with_explicit_padding_hint():
    with pytest.raises(ConvSpecError) as info:
        ConvSpec(3, 64, 7, stride=2, padding="same")
    assert_good_error(info.value, "same_stride")
    assert "padding=3" in str(info.value)
    # PyTorch refuses it too
    with pytest.raises(ValueError):
        torch.nn.Conv2d(3, 64, 7, stride=2, padding="same")
    # the suggested fix works and gives ResNet's stem shape
    fixed = ConvSpec(3, 64, 7, stride=2, padding=3)
    assert fixed.output_shape((1, 3, 224, 224)) == (1, 64, 112, 112)
    assert torch_output_shape([fixed], (1, 3, 224, 224)) == (1, 64, 112, 112)


def test_same_even_kernel_pads_the_odd_element_after():
    spec = ConvSpec(1, 1, 4, padding="same", spatial_dims=1)
    assert spec.padding_amounts((1, 1, 10)) == ((1, 2),)
    assert spec.output_shape((1, 1, 10)) == (1, 1, 10)
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(1, 1, 10, generator=gen, dtype=torch.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        module = torch.nn.Conv1d(1, 1, 4, padding="same").double()
        with torch.no_grad():
            module.weight.copy_(torch.randn(1, 1, 4, generator=gen, dtype=torch.float64))
            y = module(x)
    (before, after), = spec.padding_amounts((1, 1, 10))
    by_amounts = F.conv1d(F.pad(x, (before, after)), module.weight, module.bias)
    mirrored = F.conv1d(F.pad(x, (after, before)), module.weight, module.bias)
    assert y.shape[-1] == by_amounts.shape[-1] == 10
    assert torch.allclose(y, by_amounts)
    assert not torch.allclose(y, mirrored)  # the check can tell (1, 2) from (2, 1)
    # the non-zeros modes pad explicitly with the same amounts
    reflect = torch.nn.Conv1d(1, 1, 4, padding="same", padding_mode="reflect")
    assert list(reflect._reversed_padding_repeated_twice) == [before, after]


def test_reflect_padding_too_large():
    spec = ConvSpec(3, 3, 3, padding=9, padding_mode="reflect")
    with pytest.raises(ConvSpecError) as info:
        spec.output_shape((1, 3, 8, 12))
    assert_good_error(info.value, "reflect_padding")
    assert info.value.params["padding"] == 9 and info.value.params["size"] == 8
    with pytest.raises(RuntimeError):
        torch_module(spec, "cpu")(torch.zeros(1, 3, 8, 12))


def test_groups_must_divide_both_channel_counts():
    with pytest.raises(ConvSpecError) as info:
        ConvSpec(69, 64, 3, groups=4)
    assert_good_error(info.value, "groups_divide")
    assert "valid groups: 1" in str(info.value)
    with pytest.raises(ValueError):
        torch.nn.Conv2d(69, 64, 3, groups=4)
    assert valid_groups(69, 64) == [1]
    assert valid_groups(64, 48) == [g for g in range(1, 65) if 64 % g == 0 and 48 % g == 0]


# ---- every error code -------------------------------------------------------------------------

CONSTRUCTION_ERRORS = [
    ("stride0", dict(in_channels=3, out_channels=8, kernel_size=3, stride=0), "positive"),
    ("dilation0", dict(in_channels=3, out_channels=8, kernel_size=3, dilation=0), "positive"),
    ("kernel0", dict(in_channels=3, out_channels=8, kernel_size=0), "positive"),
    ("kernel_tuple0", dict(in_channels=3, out_channels=8, kernel_size=(3, 0)), "positive"),
    ("in0", dict(in_channels=0, out_channels=8, kernel_size=3), "positive"),
    ("out0", dict(in_channels=3, out_channels=0, kernel_size=3), "positive"),
    ("groups0", dict(in_channels=3, out_channels=6, kernel_size=3, groups=0), "positive"),
    ("padding_negative", dict(in_channels=3, out_channels=8, kernel_size=3, padding=-1), "padding_negative"),
    ("padding_tuple_negative", dict(in_channels=3, out_channels=8, kernel_size=3, padding=(1, -2)),
     "padding_negative"),
    ("padding_string", dict(in_channels=3, out_channels=8, kernel_size=3, padding="full"), "padding_string"),
    ("padding_mode", dict(in_channels=3, out_channels=8, kernel_size=3, padding_mode="mirror"), "padding_mode"),
    ("kernel_tuple_length", dict(in_channels=3, out_channels=8, kernel_size=(3, 3, 3)), "tuple_length"),
    ("stride_tuple_length", dict(in_channels=3, out_channels=8, kernel_size=3, stride=(1, 1), spatial_dims=1),
     "tuple_length"),
    ("padding_tuple_length", dict(in_channels=3, out_channels=8, kernel_size=3, padding=(1,)), "tuple_length"),
    ("spatial_dims", dict(in_channels=3, out_channels=8, kernel_size=3, spatial_dims=4), "spatial_dims"),
    ("kernel_float", dict(in_channels=3, out_channels=8, kernel_size=3.0), "not_integer"),
    ("channels_float", dict(in_channels=3.0, out_channels=8, kernel_size=3), "not_integer"),
    ("bias_not_bool", dict(in_channels=3, out_channels=8, kernel_size=3, bias="yes"), "not_bool"),
    ("groups_divide", dict(in_channels=6, out_channels=9, kernel_size=3, groups=2), "groups_divide"),
    ("same_stride", dict(in_channels=3, out_channels=8, kernel_size=(3, 5), stride=(1, 2), padding="same"),
     "same_stride"),
]


@pytest.mark.parametrize("kwargs, code", [r[1:] for r in CONSTRUCTION_ERRORS], ids=[r[0] for r in CONSTRUCTION_ERRORS])
def test_construction_errors(kwargs, code):
    with pytest.raises(ConvSpecError) as info:
        ConvSpec(**kwargs)
    assert_good_error(info.value, code)


INPUT_ERRORS = [
    ("channels", ConvSpec(3, 8, 3), (1, 4, 8, 8), "input_channels"),
    ("rank_low", ConvSpec(3, 8, 3), (1, 3, 8), "input_rank"),
    ("rank_high", ConvSpec(3, 8, 3, spatial_dims=1), (1, 3, 8, 8), "input_rank"),
    ("unbatched", ConvSpec(3, 8, 3), (3, 8, 8), "input_rank"),
    ("unbatched_1d", ConvSpec(3, 8, 3, spatial_dims=1), (3, 8), "input_rank"),
    ("float_size", ConvSpec(3, 8, 3), (1, 3, 8.0, 8), "input_rank"),
    ("zero_batch", ConvSpec(3, 8, 3), (0, 3, 8, 8), "input_positive"),
    ("zero_spatial", ConvSpec(3, 8, 1), (1, 3, 0, 8), "input_positive"),
    ("kernel_too_large", ConvSpec(3, 8, 5), (1, 3, 4, 8), "kernel_too_large"),
    ("dilated_too_large", ConvSpec(1, 1, 3, dilation=4), (1, 1, 8, 9), "kernel_too_large"),
    ("reflect", ConvSpec(3, 3, 3, padding=(1, 4), padding_mode="reflect"), (1, 3, 8, 4), "reflect_padding"),
    ("reflect_same", ConvSpec(1, 1, 7, padding="same", padding_mode="reflect", spatial_dims=1), (1, 1, 3),
     "reflect_padding"),
    ("circular", ConvSpec(3, 3, 3, padding=5, padding_mode="circular"), (1, 3, 4, 8), "circular_padding"),
]


@pytest.mark.parametrize("spec, shape, code", [r[1:] for r in INPUT_ERRORS], ids=[r[0] for r in INPUT_ERRORS])
def test_input_errors(spec, shape, code):
    for call in (spec.output_shape, spec.output_spatial, spec.check_input, spec.macs, spec.flops):
        with pytest.raises(ConvSpecError) as info:
            call(shape)
        assert_good_error(info.value, code)
    if code in ("input_rank", "input_positive"):
        with pytest.raises(ConvSpecError):
            spec.padding_amounts(shape)


@pytest.mark.parametrize("spec, shape, code", [r[1:] for r in INPUT_ERRORS if r[3] not in ("input_rank",)],
                         ids=[r[0] for r in INPUT_ERRORS if r[3] not in ("input_rank",)])
def test_input_errors_are_errors_or_empty_in_torch(spec, shape, code):
    """Each refused (batched, well-formed) input either fails in PyTorch or gives an empty tensor there."""
    module = torch_module(spec, "cpu")
    try:
        with torch.inference_mode():
            y = module(torch.zeros(shape))
    except (RuntimeError, ValueError):
        return
    assert 0 in y.shape, (code, y.shape)


def test_limits_are_inclusive():
    # reflect padding must be smaller than the size; circular at most the size; the kernel may just fit
    for spec, shape in ((ConvSpec(1, 1, 3, padding=3, padding_mode="reflect"), (1, 1, 4, 4)),
                        (ConvSpec(1, 1, 3, padding=4, padding_mode="circular"), (1, 1, 4, 4)),
                        (ConvSpec(1, 1, 5), (1, 1, 5, 5))):
        assert spec.output_shape(shape) == tuple(torch_module(spec, "cpu")(torch.zeros(shape)).shape)


def test_zero_channels_refused_beyond_torch():
    """PyTorch builds Conv2d(0, 2, 3) and returns an empty tensor; a teaching tool refuses zero sizes."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        y = torch.nn.Conv2d(0, 2, 3)(torch.zeros(1, 0, 5, 5))
        assert y.numel() == 0
        with pytest.raises(RuntimeError):
            torch.nn.Conv2d(2, 0, 3)(torch.zeros(1, 2, 5, 5))
    for kwargs in (dict(in_channels=0, out_channels=2), dict(in_channels=2, out_channels=0)):
        with pytest.raises(ConvSpecError) as info:
            ConvSpec(kernel_size=3, **kwargs)
        assert_good_error(info.value, "positive")


def test_negative_padding_refused_even_where_torch_crops():
    """nn.Conv2d(padding=-1, padding_mode='reflect') crops instead of failing; convviz refuses it."""
    y = torch.nn.Conv2d(1, 1, 3, padding=-1, padding_mode="reflect")(torch.zeros(1, 1, 5, 5))
    assert tuple(y.shape) == (1, 1, 1, 1)
    with pytest.raises(ConvSpecError) as info:
        ConvSpec(1, 1, 3, padding=-1, padding_mode="reflect")
    assert_good_error(info.value, "padding_negative")


def test_error_params_carry_the_numbers():
    with pytest.raises(ConvSpecError) as info:
        ConvSpec(3, 8, 3).output_shape((1, 4, 8, 8))
    assert info.value.params == {"got": 4, "in_channels": 3}
    with pytest.raises(ConvSpecError) as info:
        ConvSpec(69, 64, 3, groups=4)
    assert info.value.params["groups"] == 4
    assert info.value.params["in_channels"] == 69 and info.value.params["out_channels"] == 64
    assert info.value.params["valid"] == "1"
    with pytest.raises(ConvSpecError) as info:
        ConvSpec(1, 1, 5).output_shape((1, 1, 4, 9))
    params = info.value.params
    assert (params["dim"], params["k_eff"], params["size"]) == ("H", 5, 4)
    # the suggested smallest input works
    assert ConvSpec(1, 1, 5).output_shape((1, 1, params["smallest"], 9))[2] == 1


def test_param_count_and_counts_by_hand():
    spec = ConvSpec(12, 6, (3, 5), groups=3, bias=True)
    assert spec.weight_shape == (6, 4, 3, 5)
    assert spec.weight_count() == math.prod(torch_module(spec).weight.shape)
    assert spec.bias_count() == torch_module(spec).bias.numel()
    assert spec.param_count() == torch_params(spec)
