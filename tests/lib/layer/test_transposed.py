"""Transposed convolution (ConvSpec(..., transposed=True)) against the real torch.nn.ConvTranspose{1,2,3}d:
convviz refuses exactly what PyTorch refuses (or turns into an empty tensor); otherwise shapes, parameters,
FLOPs (FlopCounterMode), the equivalent direct convolution, formulas, snippet and module all agree."""

from __future__ import annotations

import math
import re
import warnings
from fractions import Fraction

import pytest
import torch
import torch.nn.functional as F
from hypothesis import event, given, settings
from hypothesis import strategies as st
from torch.utils.flop_counter import FlopCounterMode

from convviz import ConvSpec, ConvSpecError, receptive_field
from convviz.layer.spec import valid_groups
from convviz.runtime.engine import estimate_memory, run_conv
from convviz.text.formulas import macs_latex, output_size_latex, param_count_latex
from convviz.text.i18n import CATALOGS, LANGUAGES
from convviz.text.snippet import module_expression, pytorch_snippet

TRANSPOSED = {1: torch.nn.ConvTranspose1d, 2: torch.nn.ConvTranspose2d, 3: torch.nn.ConvTranspose3d}
CONV_FN = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}


def rarely(draw, label: str) -> bool:
    return draw(st.integers(0, 9).map(lambda i: i == 7), label=label)


def per_dim(draw, dims: int, low: int, high: int, odd_label: str, odd_value: int = 0):
    """An int or a per-dimension tuple in [low, high]; rarely with ``odd_value`` somewhere."""
    if draw(st.booleans(), label="tuple"):
        value = [draw(st.integers(low, high)) for _ in range(dims)]
        if rarely(draw, odd_label):
            value[draw(st.integers(0, dims - 1))] = odd_value
        return tuple(value)
    return odd_value if rarely(draw, odd_label) else draw(st.integers(low, high))


@st.composite
def raw_transposed(draw):
    """The raw arguments of nn.ConvTranspose{d}d and an input shape, valid or not."""
    dims = draw(st.sampled_from([1, 2, 3]))
    in_channels, out_channels = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    if rarely(draw, "any groups"):
        groups = draw(st.integers(1, 6))
    else:
        groups = draw(st.sampled_from(valid_groups(in_channels, out_channels)))
    kernel = per_dim(draw, dims, 1, 4, "zero kernel")
    stride = per_dim(draw, dims, 1, 3, "zero stride")
    dilation = per_dim(draw, dims, 1, 3, "zero dilation")
    padding = per_dim(draw, dims, 0, 4, "negative padding", -1)
    if rarely(draw, "string padding"):
        padding = draw(st.sampled_from(["same", "valid"]))
    if draw(st.booleans(), label="output_padding"):
        output_padding = per_dim(draw, dims, 0, 3, "negative output_padding", -1)
    else:
        output_padding = 0
    padding_mode = "zeros" if not rarely(draw, "padding mode") else draw(
        st.sampled_from(["reflect", "replicate", "circular"]))
    channels = draw(st.integers(1, 6)) if rarely(draw, "any input channels") else in_channels
    spatial = tuple(draw(st.integers(1, 6)) for _ in range(dims))
    input_shape = (draw(st.integers(1, 2)), channels, *spatial)
    kwargs = dict(stride=stride, padding=padding, output_padding=output_padding, dilation=dilation,
                  groups=groups, bias=draw(st.booleans()), padding_mode=padding_mode)
    return dims, in_channels, out_channels, kernel, kwargs, input_shape


def flat(pairs):
    return tuple(v for before, after in reversed(pairs) for v in (before, after))


def equivalent_direct(module, spec: ConvSpec, x):
    """Dumoulin & Visin (2016), relationship 14: insert stride − 1 zeros between input elements, pad by
    ``padding_amounts`` (negative: crop), convolve with stride 1 and the flipped, transposed weight."""
    dims = spec.spatial_dims
    up = torch.zeros((*x.shape[:2], *[(n - 1) * s + 1 for n, s in zip(x.shape[2:], spec.stride)]),
                     dtype=x.dtype)
    up[(slice(None), slice(None), *[slice(None, None, s) for s in spec.stride])] = x
    padded = F.pad(up, flat(spec.padding_amounts(tuple(x.shape))))
    g, w = spec.groups, module.weight
    w = w.reshape(g, spec.in_channels // g, spec.out_channels // g, *spec.kernel_size).transpose(1, 2)
    w = w.reshape(spec.out_channels, spec.in_channels // g, *spec.kernel_size).flip(list(range(2, 2 + dims)))
    return CONV_FN[dims](padded, w, module.bias, 1, 0, spec.dilation, g)


@settings(max_examples=150, deadline=None)
@given(raw_transposed())
def test_transposed_agrees_with_torch(raw):
    dims, in_channels, out_channels, kernel, kwargs, input_shape = raw
    try:
        spec = ConvSpec(in_channels, out_channels, kernel, transposed=True, spatial_dims=dims, **kwargs)
        shape = spec.output_shape(input_shape)
    except ConvSpecError as err:
        convviz_error = err
    else:
        convviz_error = None

    torch_error = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            module = TRANSPOSED[dims](in_channels, out_channels, kernel, **kwargs)
            x = torch.zeros(input_shape)
            with torch.inference_mode():
                y = module(x)
        except Exception as err:  # any refusal by PyTorch counts
            torch_error = err
        else:
            if 0 in y.shape:
                torch_error = f"empty output {tuple(y.shape)}"

    event(f"refused by convviz: {convviz_error.code}" if convviz_error else "accepted")
    if convviz_error is not None and torch_error is None:
        # PyTorch's one quirk here: ConvTranspose{1,2}d (oneDNN) accepts dilation=0 where the kernel size is 1
        # (3-D and Conv refuse it); convviz refuses zero sizes everywhere, as the library contract says.
        dilation = (kwargs["dilation"],) * dims if isinstance(kwargs["dilation"], int) else kwargs["dilation"]
        k = (kernel,) * dims if isinstance(kernel, int) else kernel
        assert convviz_error.params["name"] == "dilation" and dims < 3, convviz_error
        assert all(kk == 1 for d, kk in zip(dilation, k) if d == 0), (convviz_error, kernel)
        event("zero dilation with kernel 1: PyTorch accepts, convviz refuses")
        return
    assert (convviz_error is None) == (torch_error is None), (convviz_error, torch_error)
    if convviz_error is not None:
        assert convviz_error.code and isinstance(convviz_error.params, dict)
        for lang in LANGUAGES:  # every refusal renders in both languages with its own params
            CATALOGS[lang][f"error.{convviz_error.code}"].format(**convviz_error.params)
        return

    assert shape == tuple(y.shape)
    assert spec.weight_shape == tuple(module.weight.shape)
    assert spec.param_count() == sum(p.numel() for p in module.parameters())
    with torch.inference_mode(), FlopCounterMode(display=False) as counter:
        module(x)
    assert spec.flops(input_shape) == counter.get_total_flops() == 2 * spec.macs(input_shape)
    bias_adds = y.numel() if module.bias is not None else 0
    assert spec.macs(input_shape, include_bias=True) == spec.macs(input_shape) + bias_adds

    # the equivalent direct convolution over the zero-inserted, padded input gives the same numbers
    module = module.double()
    x_random = torch.randn(input_shape, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    with torch.no_grad():
        assert torch.allclose(equivalent_direct(module, spec, x_random), module(x_random))

    built = spec.to_module()
    assert type(built) is type(module)
    for name in ("in_channels", "out_channels", "kernel_size", "stride", "padding", "output_padding",
                 "dilation", "groups", "padding_mode", "transposed"):
        assert getattr(built, name) == getattr(module, name), name
    assert (built.bias is None) == (module.bias is None)


# ---- cases from public reports (checked with torch 2.13) ---------------------------------------------

def test_circular_padding_refused():
    with pytest.raises(ConvSpecError) as caught:
        ConvSpec(4, 4, 3, padding=1, padding_mode="circular", transposed=True)
    assert caught.value.code == "transposed_padding_mode"
    with pytest.raises(ValueError, match="zeros"):
        torch.nn.ConvTranspose2d(4, 4, 3, padding=1, padding_mode="circular")


def test_grouped_weight_shape_and_params():
    spec = ConvSpec(4, 8, 3, groups=2, transposed=True)
    module = torch.nn.ConvTranspose2d(4, 8, 3, groups=2)
    assert spec.weight_shape == (4, 4, 3, 3) == tuple(module.weight.shape)
    assert spec.param_count() == 152 == sum(p.numel() for p in module.parameters())


def test_output_padding_rule():
    with pytest.raises(ConvSpecError) as caught:
        ConvSpec(3, 4, 3, output_padding=1, transposed=True, spatial_dims=1)
    assert caught.value.code == "output_padding_too_large"
    assert caught.value.params == dict(dim="L", output_padding=1, stride=1, dilation=1, largest=0)
    with pytest.raises(RuntimeError, match="smaller than either stride or dilation"):
        torch.nn.ConvTranspose1d(3, 4, 3, output_padding=1)(torch.zeros(2, 3, 3))
    spec = ConvSpec(3, 4, 3, stride=2, output_padding=1, transposed=True, spatial_dims=1)
    assert spec.output_shape((2, 3, 3)) == (2, 4, 8)
    assert tuple(torch.nn.ConvTranspose1d(3, 4, 3, stride=2, output_padding=1)(torch.zeros(2, 3, 3)).shape) == (2, 4, 8)
    # "smaller than either": dilation alone allows it, per dimension
    assert ConvSpec(1, 1, 3, dilation=(3, 1), stride=(1, 2), output_padding=(2, 1), transposed=True)


def test_macs_counted_on_input_positions():
    spec = ConvSpec(32, 1, 3, transposed=True)
    assert spec.macs((1, 32, 1, 1)) == 288
    assert spec.flops((1, 32, 1, 1)) == 576
    with torch.inference_mode(), FlopCounterMode(display=False) as counter:
        torch.nn.ConvTranspose2d(32, 1, 3)(torch.zeros(1, 32, 1, 1))
    assert counter.get_total_flops() == 576


@pytest.mark.parametrize("make, code", [
    (lambda: ConvSpec(1, 1, 3, padding="same", transposed=True), "transposed_padding_string"),
    (lambda: ConvSpec(1, 1, 3, padding="valid", transposed=True), "transposed_padding_string"),
    (lambda: ConvSpec(1, 1, 3, output_padding=-1, transposed=True), "output_padding_negative"),
    (lambda: ConvSpec(1, 1, 3, output_padding=1), "output_padding_forward"),
    (lambda: ConvSpec(1, 1, 3, transposed=1), "not_bool"),
    (lambda: ConvSpec(1, 1, 3, output_padding=(1, 1, 1), transposed=True, stride=2), "tuple_length"),
    (lambda: ConvSpec(1, 1, 3, padding=2, transposed=True, spatial_dims=1).output_shape((1, 1, 1)),
     "transposed_empty"),
    (lambda: ConvSpec(1, 1, 3, transposed=True).output_shape((1, 2, 4, 4)), "input_channels"),
    (lambda: receptive_field([ConvSpec(1, 1, 3), ConvSpec(1, 1, 3, transposed=True)]), "rf_transposed"),
])
def test_refusals_have_codes_and_messages(make, code):
    with pytest.raises(ConvSpecError) as caught:
        make()
    assert caught.value.code == code
    for lang in LANGUAGES:
        CATALOGS[lang][f"error.{code}"].format(**caught.value.params)


def test_transposed_empty_suggestions_are_valid():
    spec = ConvSpec(1, 1, 3, padding=2, transposed=True, spatial_dims=1)
    with pytest.raises(ConvSpecError) as caught:
        spec.output_shape((1, 1, 1))
    params = caught.value.params
    assert params["out"] == -1
    assert ConvSpec(1, 1, 3, padding=params["largest_padding"], transposed=True, spatial_dims=1).output_shape(
        (1, 1, 1)) == (1, 1, 1)
    assert spec.output_shape((1, 1, params["smallest"]))[2] >= 1
    with pytest.raises(ConvSpecError):
        spec.output_shape((1, 1, params["smallest"] - 1))


def test_forward_spec_unchanged():
    """The new fields default to a forward convolution; equality and hashing work as before."""
    a, b = ConvSpec(1, 1, 3), ConvSpec(1, 1, 3, transposed=False, output_padding=0, causal=False)
    assert a == b and hash(a) == hash(b)
    assert a.output_padding == (0, 0) and not a.transposed and not a.causal
    assert ConvSpec(1, 1, 3, transposed=True) != a
    assert len({a, b, ConvSpec(1, 1, 3, transposed=True)}) == 2


# ---- formulas, snippet and engine --------------------------------------------------------------------

def evaluate(expression: str) -> Fraction:
    r"""The numbers row of a formula: ``\frac``, ``\cdot``, + − ( ) and digits only."""
    python = expression
    while r"\frac" in python:
        python = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"((\1)/(\2))", python)
    python = python.replace(r"\cdot", "*").replace("{,}", "")
    assert re.fullmatch(r"[\d\s+\-*/()]*", python), python
    return eval(re.sub(r"\d+", lambda m: f"Fraction({m.group()})", python), {"Fraction": Fraction})


def rows(latex: str) -> list[str]:
    body = latex.replace(r"\begin{aligned}", "").replace(r"\end{aligned}", "").replace(r"\\", " ")
    return [part.strip() for part in body.replace("&", "").split("=")]


SPECS = [
    (ConvSpec(3, 4, 3, stride=2, output_padding=1, transposed=True, spatial_dims=1), (2, 3, 3)),
    (ConvSpec(4, 6, (3, 2), stride=(2, 3), padding=(1, 0), dilation=(1, 2), output_padding=(1, 2), groups=2,
              transposed=True), (1, 4, 4, 5)),
    (ConvSpec(2, 2, 2, stride=2, bias=False, transposed=True, spatial_dims=3), (1, 2, 2, 3, 2)),
]


@pytest.mark.parametrize("spec, shape", SPECS)
def test_formulas_numbers_add_up(spec, shape):
    out = tuple(TRANSPOSED[spec.spatial_dims](**{
        "in_channels": spec.in_channels, "out_channels": spec.out_channels, "kernel_size": spec.kernel_size,
        "stride": spec.stride, "padding": spec.padding, "output_padding": spec.output_padding,
        "dilation": spec.dilation, "groups": spec.groups})(torch.zeros(shape)).shape)
    for line, name, size in zip(output_size_latex(spec, shape), spec.dim_names, out[2:]):
        parts = rows(line)
        assert parts[0] == f"{name}_{{out}}" and r"\mathit{op}" in parts[1]
        assert evaluate(parts[-2]) == int(parts[-1]) == size
    parts = rows(param_count_latex(spec))
    assert parts[1].startswith("C_{in}")
    assert evaluate(parts[-2]) == int(parts[-1].replace("{,}", "")) == spec.param_count()
    parts = rows(macs_latex(spec, shape))
    assert evaluate(parts[-2]) == int(parts[-1].replace("{,}", "")) == spec.macs(shape)


def test_untransposed_formula_unchanged():
    spec = ConvSpec(1, 1, 3, dilation=2)
    assert output_size_latex(spec, (1, 1, 7, 7))[0] == (
        r"\begin{aligned} H_{out} &= \left\lfloor \frac{H_{in} + 2p - d\,(k - 1) - 1}{s} \right\rfloor + 1 "
        r"\\ &= \left\lfloor \frac{7 + 2 \cdot 0 - 2 \cdot (3 - 1) - 1}{1} \right\rfloor + 1 \\ &= 3 \end{aligned}"
    )


@pytest.mark.parametrize("spec, shape", SPECS)
def test_snippet_runs(spec, shape):
    assert module_expression(spec).startswith(f"nn.ConvTranspose{spec.spatial_dims}d(")
    assert ("output_padding=" in module_expression(spec)) == any(spec.output_padding)
    exec(compile(pytorch_snippet(spec, shape).replace("print(", "(lambda *a: None)("), "<snippet>", "exec"), {})


@pytest.mark.parametrize("spec, shape", SPECS)
def test_engine_runs_transposed(spec, shape):
    result = run_conv(spec, shape)
    assert tuple(result.output.shape) == spec.output_shape(shape)
    assert type(result.module) is TRANSPOSED[spec.spatial_dims]
    with torch.no_grad():
        assert torch.equal(result.output, equivalent_direct(result.module, spec, result.input))
    estimate = estimate_memory(spec, shape)
    assert estimate.padded_bytes == 0
    assert estimate.output_bytes == math.prod(spec.output_shape(shape)) * 4
