"""The LaTeX formulas (their numbers must add up) and the paste-ready PyTorch snippet (it must run)."""

from __future__ import annotations

import contextlib
import io
import math
import re
import warnings
from fractions import Fraction

import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from convviz import ConvSpec, ConvSpecError
from convviz.layer.presets import DEFAULT, PRESETS
from convviz.layer.spec import valid_groups
from convviz.text.formulas import macs_latex, output_size_latex, param_count_latex
from convviz.text.snippet import module_expression, pytorch_snippet

CONV = {1: torch.nn.Conv1d, 2: torch.nn.Conv2d, 3: torch.nn.Conv3d}
ALL_PRESETS = [DEFAULT, *PRESETS.values()]
PRESET_IDS = [p.key for p in ALL_PRESETS]


def torch_module(spec: ConvSpec) -> torch.nn.Module:
    padding = spec.padding if isinstance(spec.padding, str) else tuple(spec.padding)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CONV[spec.spatial_dims](
            spec.in_channels, spec.out_channels, tuple(spec.kernel_size), stride=tuple(spec.stride),
            padding=padding, dilation=tuple(spec.dilation), groups=spec.groups, bias=spec.bias,
            padding_mode=spec.padding_mode, device="meta",
        )


def torch_out(spec: ConvSpec, input_shape) -> tuple[int, ...]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return tuple(torch_module(spec)(torch.zeros(input_shape, device="meta")).shape)


@st.composite
def valid_layers(draw):
    dims = draw(st.sampled_from([1, 2, 3]))
    in_channels, out_channels = draw(st.integers(1, 8)), draw(st.integers(1, 8))

    def per_dim(low, high):
        if draw(st.booleans()):
            return tuple(draw(st.integers(low, high)) for _ in range(dims))
        return draw(st.integers(low, high))

    stride = per_dim(1, 3)
    padding = draw(st.one_of(st.integers(0, 3), st.tuples(*[st.integers(0, 3)] * dims),
                             st.sampled_from(["valid", "same"])))
    if padding == "same":
        stride = 1
    spec = ConvSpec(in_channels, out_channels, per_dim(1, 4), stride=stride, padding=padding,
                    dilation=per_dim(1, 2), groups=draw(st.sampled_from(valid_groups(in_channels, out_channels))),
                    bias=draw(st.booleans()),
                    padding_mode=draw(st.sampled_from(["zeros", "reflect", "replicate", "circular"])),
                    spatial_dims=dims)
    shape = (draw(st.integers(1, 2)), in_channels, *[draw(st.integers(4, 9)) for _ in range(dims)])
    try:
        spec.output_shape(shape)
    except ConvSpecError:
        assume(False)
    return spec, shape


# ---- LaTeX: parse the rows back into numbers --------------------------------------------------

NUMBER = r"\d+(?:\{,\}\d{3})*"


def latex_rows(latex: str) -> list[str]:
    """The '='-separated parts of a formula, without the aligned wrapper and alignment marks."""
    body = latex.replace(r"\begin{aligned}", "").replace(r"\end{aligned}", "")
    body = body.replace(r"\\", " ").replace("&", "")
    return [part.strip() for part in body.split("=")]


def latex_int(text: str) -> int:
    assert re.fullmatch(NUMBER, text), text
    return int(text.replace("{,}", ""))


def evaluate(expression: str) -> Fraction:
    r"""Evaluate the numbers row: ``\left\lfloor \frac{a}{b} \right\rfloor``, ``\frac``, ``\cdot``, + − ( )."""
    python = expression.replace(r"\left\lfloor", "floor(").replace(r"\right\rfloor", ")")
    while r"\frac" in python:
        python, count = re.subn(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"((\1)/(\2))", python)
        assert count, python
    python = python.replace(r"\cdot", "*").replace("{,}", "")
    assert re.fullmatch(r"[\d\s+\-*/()floor]*", python), python
    python = re.sub(r"\d+", lambda m: f"Fraction({m.group()})", python)
    return eval(python, {"Fraction": Fraction, "floor": math.floor})  # only digits and operators: checked above


def check_output_size(spec: ConvSpec, shape) -> None:
    lines = output_size_latex(spec, shape)
    expected = torch_out(spec, shape)[2:]
    assert len(lines) == spec.spatial_dims
    for line, name, out in zip(lines, spec.dim_names, expected):
        parts = latex_rows(line)
        assert parts[0] == f"{name}_{{out}}"
        assert latex_int(parts[-1]) == out == spec.output_spatial(shape)[spec.dim_names.index(name)]
        assert evaluate(parts[-2]) == out


def check_params(spec: ConvSpec) -> None:
    latex = param_count_latex(spec)
    expected = sum(p.numel() for p in torch_module(spec).parameters())
    parts = latex_rows(latex)
    assert latex_int(parts[-1]) == expected == spec.param_count()
    assert latex.replace(r"\end{aligned}", "").rstrip().endswith(f"{expected:,}".replace(",", "{,}"))
    assert evaluate(parts[-2]) == expected


def check_macs(spec: ConvSpec, shape) -> None:
    from torch.utils.flop_counter import FlopCounterMode

    module = torch_module(spec).to_empty(device="cpu")
    with warnings.catch_warnings(), torch.inference_mode(), FlopCounterMode(display=False) as counter:
        warnings.simplefilter("ignore")
        module(torch.zeros(shape))
    expected = counter.get_total_flops() // 2
    latex = macs_latex(spec, shape)
    parts = latex_rows(latex)
    assert latex_int(parts[-1]) == expected == spec.macs(shape)
    assert latex.replace(r"\end{aligned}", "").rstrip().endswith(f"{expected:,}".replace(",", "{,}"))
    assert evaluate(parts[-2]) == expected


@pytest.mark.parametrize("preset", ALL_PRESETS, ids=PRESET_IDS)
def test_formulas_for_presets(preset):
    check_output_size(preset.spec, preset.input_shape)
    check_params(preset.spec)
    if preset.key != "pointwise_reduction":  # 0.5 G MACs: counted by formula only, below
        check_macs(preset.spec, preset.input_shape)
    if preset.pointwise is not None:
        mid = preset.spec.output_shape(preset.input_shape)
        check_output_size(preset.pointwise, mid)
        check_params(preset.pointwise)
        check_macs(preset.pointwise, mid)


def test_formulas_published_figures():
    assert param_count_latex(PRESETS["pointwise"].spec).replace(r"\end{aligned}", "").rstrip().endswith("8{,}320")
    assert param_count_latex(PRESETS["grouped"].spec).replace(r"\end{aligned}", "").rstrip().endswith("9{,}280")
    reduction = PRESETS["pointwise_reduction"]
    parts = latex_rows(macs_latex(reduction.spec, reduction.input_shape))
    assert latex_int(parts[-1]) == 500 * 500 * 20 * 100 == evaluate(parts[-2])


def test_uneven_same_padding_reads_before_plus_after():
    spec = ConvSpec(1, 1, 4, padding="same", spatial_dims=1)
    (line,) = output_size_latex(spec, (1, 1, 10))
    assert "1 + 2" in line and "2p" not in latex_rows(line)[1]
    check_output_size(spec, (1, 1, 10))


def test_formulas_refuse_invalid_input():
    with pytest.raises(ConvSpecError):
        output_size_latex(ConvSpec(1, 1, 5), (1, 1, 3, 3))
    with pytest.raises(ConvSpecError):
        macs_latex(ConvSpec(1, 1, 3), (1, 2, 5, 5))


# ---- the snippet ------------------------------------------------------------------------------

def run_snippet(code: str) -> str:
    assert "convviz" not in code
    out = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(out):
        warnings.simplefilter("ignore")
        exec(compile(code, "<snippet>", "exec"), {"__name__": "__snippet__"})
    return out.getvalue()


@pytest.mark.parametrize("preset", ALL_PRESETS, ids=PRESET_IDS)
def test_snippet_runs_for_presets(preset):
    layers = [preset.spec] + ([preset.pointwise] if preset.pointwise else [])
    shape = preset.input_shape
    for spec in layers:
        shape = torch_out(spec, shape)
    params = sum(p.numel() for spec in layers for p in torch_module(spec).parameters())
    printed = run_snippet(pytorch_snippet(preset.spec, preset.input_shape, preset.pointwise))
    assert printed == f"{torch.Size(shape)} {params}\n"


@settings(max_examples=20, deadline=None)
@given(valid_layers())
def test_snippet_and_formulas_for_random_layers(drawn):
    spec, shape = drawn
    printed = run_snippet(pytorch_snippet(spec, shape))
    params = sum(p.numel() for p in torch_module(spec).parameters())
    assert printed == f"{torch.Size(torch_out(spec, shape))} {params}\n"
    check_output_size(spec, shape)
    check_params(spec)
    check_macs(spec, shape)
    check_round_trip(spec)


def test_snippet_assertion_would_catch_a_wrong_shape():
    code = pytorch_snippet(ConvSpec(1, 1, 3), (1, 1, 5, 5)).replace("(1, 1, 3, 3)", "(1, 1, 5, 5)")
    with pytest.raises(AssertionError):
        run_snippet(code)


def test_snippet_refuses_invalid_input():
    with pytest.raises(ConvSpecError):
        pytorch_snippet(ConvSpec(3, 8, 3), (1, 4, 8, 8))


# ---- module_expression round trip ---------------------------------------------------------------

def check_round_trip(spec: ConvSpec) -> None:
    expression = module_expression(spec)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        module = eval(expression, {"nn": torch.nn})  # our own generated code
    assert type(module) is CONV[spec.spatial_dims]
    assert (module.in_channels, module.out_channels, module.groups) == (spec.in_channels, spec.out_channels,
                                                                        spec.groups)
    assert module.kernel_size == spec.kernel_size
    assert module.stride == spec.stride
    assert module.dilation == spec.dilation
    assert module.padding == spec.padding
    assert module.padding_mode == spec.padding_mode
    assert (module.bias is not None) == spec.bias
    rebuilt = ConvSpec(module.in_channels, module.out_channels, module.kernel_size, stride=module.stride,
                       padding=module.padding, dilation=module.dilation, groups=module.groups,
                       bias=module.bias is not None, padding_mode=module.padding_mode,
                       spatial_dims=len(module.kernel_size))
    assert rebuilt == spec
    # only the arguments that differ from PyTorch's defaults are written out
    defaults = {"stride": (1,) * spec.spatial_dims, "dilation": (1,) * spec.spatial_dims, "groups": 1,
                "bias": True, "padding_mode": "zeros", "padding": (0,) * spec.spatial_dims}
    for name, default in defaults.items():
        assert (f"{name}=" in expression) == (getattr(spec, name) != default), (name, expression)


@pytest.mark.parametrize("preset", ALL_PRESETS, ids=PRESET_IDS)
def test_module_expression_round_trip_presets(preset):
    check_round_trip(preset.spec)
    if preset.pointwise is not None:
        check_round_trip(preset.pointwise)


@pytest.mark.parametrize("spec", [
    ConvSpec(2, 4, (3, 5), stride=(1, 2), padding=(0, 2), dilation=(2, 1)),
    ConvSpec(3, 3, 3, padding="same", padding_mode="reflect", groups=3, bias=False, spatial_dims=3),
    ConvSpec(4, 2, 4, padding="valid", padding_mode="circular", spatial_dims=1),
    ConvSpec(6, 6, 2, stride=3, padding=1, padding_mode="replicate", groups=2),
])
def test_module_expression_round_trip(spec):
    check_round_trip(spec)
