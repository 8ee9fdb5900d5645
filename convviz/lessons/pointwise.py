"""1×1 (pointwise) convolution: the same linear map of the channels, applied at every pixel.

At each position ``(h, w)`` a 1×1 convolution computes ``y[:, h, w] = W · x[:, h, w] + b`` with one
``C_out × C_in`` matrix ``W``: it mixes channels, never neighbouring pixels, so it adds nothing to the
receptive field, and it is linear — any non-linearity comes from the activation after it.

>>> spec = pointwise_spec(64, 128)
>>> spec.output_shape((1, 64, 32, 32)), spec.param_count()     # 8,320 = 128·64 + 128
((1, 128, 32, 32), 8320)
>>> [layer.param_count() for layer in bottleneck(256, 64).layers]   # 16,384 + 36,864 + 16,384 = 69,632
[16384, 36864, 16384]

Sources: PyTorch docs of ``nn.Conv2d`` and ``nn.Linear``; Lin, Chen & Yan (2014), "Network in Network";
Szegedy et al. (2015), GoogLeNet (1×1 reductions); He et al. (2016), ResNet (the bottleneck block).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from convviz.layer.spec import ConvSpec
from convviz.plotting import grid_domains, subplot_title
from convviz.runtime.engine import check_run, make_module, run_slot, small_integers
from convviz.text.i18n import t
from convviz.text.units import format_int

MAX_DRAWN = 64  # channels per axis a figure draws; beyond this the first MAX_DRAWN are shown


def pointwise_spec(in_channels: int, out_channels: int, *, bias: bool = True) -> ConvSpec:
    """``nn.Conv2d(in_channels, out_channels, kernel_size=1)``; raises ConvSpecError for bad counts."""
    return ConvSpec(in_channels, out_channels, 1, bias=bias)


def keeps_spatial_size(spec: ConvSpec) -> bool | None:
    """For a forward 1×1 convolution, whether it keeps the spatial size of every input: True with stride 1 and no
    padding; False otherwise — with stride 2 it is the stride-1 layer on every second row and column, ``ceil(H/2)``
    of them (ResNet's projection shortcut, He et al. 2016), and padding ``p`` adds ``2p``. None for any other layer
    (a larger kernel, or a transposed one).

    >>> keeps_spatial_size(ConvSpec(64, 128, 1)), keeps_spatial_size(ConvSpec(64, 128, 1, stride=2))
    (True, False)
    >>> keeps_spatial_size(ConvSpec(64, 128, 1, padding=1)), keeps_spatial_size(ConvSpec(64, 128, 3)) is None
    (False, True)
    """
    if spec.transposed or any(k != 1 for k in spec.kernel_size):
        return None
    padding = (0,) if isinstance(spec.padding, str) else spec.padding  # 'same' and 'valid' pad nothing for k = 1
    return all(s == 1 for s in spec.stride) and not any(padding)


def _check_pointwise(spec: ConvSpec) -> None:
    if (spec.spatial_dims != 2 or set(spec.kernel_size) != {1} or set(spec.stride) != {1}
            or spec.padding not in ((0, 0), "valid") or spec.groups != 1):
        raise ValueError(f"{spec} is not a plain 2-D 1×1 convolution (kernel 1, stride 1, padding 0, groups 1)")


# ---- the linear layer at every pixel ----------------------------------------------------------------------


@dataclass(frozen=True)
class LinearCheck:
    """A 1×1 convolution and ``nn.Linear`` with the same weights, run on the same input.

    ``conv_shape``: output of the convolution, ``(N, C_out, H, W)``; ``linear_shape``: output of the linear
    layer on the channels-last input ``(N, H, W, C_in)``, i.e. ``(N, H, W, C_out)``; ``max_abs_diff``: the
    largest ``|conv − linear|`` over all outputs (float32 rounding only); ``max_abs_output``: the largest
    ``|output|``, for scale.
    """

    conv_shape: tuple[int, ...]
    linear_shape: tuple[int, ...]
    max_abs_diff: float
    max_abs_output: float


def linear_equivalence(spec: ConvSpec, input_shape: tuple[int, ...], *, seed: int = 0) -> LinearCheck:
    """Run ``nn.Conv2d(C_in, C_out, 1)`` on ``x`` of shape ``(N, C_in, H, W)`` and ``nn.Linear(C_in, C_out)``
    with the same weights (``conv.weight.view(C_out, C_in)``) and bias on ``x.permute(0, 2, 3, 1)``.

    Inputs and weights are standard-normal float32 from a local generator seeded with ``seed``.
    Raises ValueError when ``spec`` is not a plain 1×1 convolution, ConvSpecError for a bad input,
    MemoryLimitError above the engine's limits.
    """

    _check_pointwise(spec)
    check_run(spec, input_shape)
    with run_slot():
        return _linear_equivalence(spec, input_shape, seed)


def _linear_equivalence(spec: ConvSpec, input_shape: tuple[int, ...], seed: int) -> LinearCheck:
    import torch

    generator = torch.Generator().manual_seed(seed)
    with torch.device("meta"):
        conv = spec.to_module()
        linear = torch.nn.Linear(spec.in_channels, spec.out_channels, bias=spec.bias)
    conv, linear = conv.to_empty(device="cpu"), linear.to_empty(device="cpu")
    with torch.no_grad():
        conv.weight.copy_(torch.randn(spec.weight_shape, generator=generator))
        linear.weight.copy_(conv.weight.view(spec.out_channels, spec.in_channels))
        if spec.bias:
            conv.bias.copy_(torch.randn(spec.out_channels, generator=generator))
            linear.bias.copy_(conv.bias)
    x = torch.randn(tuple(input_shape), generator=generator)
    with torch.inference_mode():
        y_conv = conv(x)
        y_linear = linear(x.permute(0, 2, 3, 1))  # (N, H, W, C_out)
        diff = (y_conv - y_linear.permute(0, 3, 1, 2)).abs().max().item()
        scale = y_conv.abs().max().item()
    return LinearCheck(tuple(y_conv.shape), tuple(y_linear.shape), float(diff), float(scale))


@dataclass(frozen=True)
class PixelMix:
    """One pixel through a 1×1 convolution: ``x`` (``C_in`` values), ``weight`` (``C_out`` rows of ``C_in``),
    ``bias`` (``C_out`` values, zeros without a bias), ``y`` (``C_out`` values returned by PyTorch) and
    ``y_by_hand`` (``W·x + b`` summed in Python). All small integers, so both are exact."""

    x: tuple[float, ...]
    weight: tuple[tuple[float, ...], ...]
    bias: tuple[float, ...]
    y: tuple[float, ...]
    y_by_hand: tuple[float, ...]


def pixel_mixing(spec: ConvSpec, *, seed: int = 0) -> PixelMix:
    """Run ``spec`` with the engine's small-integer weights (−1, 0, 1) on one pixel ``(1, C_in, 1, 1)`` of
    integers −2…2 and return the vectors and matrix of ``y = W·x + b``. Raises ValueError for a spec that is
    not a plain 1×1 convolution."""
    import torch

    _check_pointwise(spec)
    module = make_module(spec, seed=seed)
    x = small_integers((1, spec.in_channels, 1, 1), -2, 2, seed)
    with torch.inference_mode():
        y = module(x)[0, :, 0, 0].tolist()
    weight = module.weight.detach()[:, :, 0, 0].tolist()
    bias = module.bias.detach().tolist() if spec.bias else [0.0] * spec.out_channels
    xs = x[0, :, 0, 0].tolist()
    by_hand = [math.fsum(w * v for w, v in zip(row, xs)) + b for row, b in zip(weight, bias)]
    return PixelMix(tuple(xs), tuple(tuple(r) for r in weight), tuple(bias), tuple(y), tuple(by_hand))


def mixing_figure(mix: PixelMix, *, limit: int = MAX_DRAWN, labels: dict[str, str] | None = None) -> go.Figure:
    """``y = W·x + b`` drawn for one pixel: ``x`` as a row above the ``C_out × C_in`` heatmap of ``W`` (each
    column lines up with the input channel it multiplies), ``y`` as a column to its right (each row lines up
    with the output channel it makes). At most ``limit`` channels per axis are drawn (the first ones).

    ``labels`` (translated): ``x``, ``W``, ``y``, ``in``, ``out``, ``value``. The three heatmaps sit in a 2 × 2
    grid (columns 85 % / 15 %, rows 10 % / 90 %) laid out in one go, as ``make_subplots`` would with shared
    axes per column and row; the values are numpy arrays (``float64``).
    """
    labels = {"x": "x (input pixel)", "W": "W", "y": "y = Wx + b", "in": "input channel",
              "out": "output channel", "value": "value", **(labels or {})}
    c_in, c_out = min(len(mix.x), limit), min(len(mix.y), limit)
    x = np.asarray(mix.x[:c_in], dtype=np.float64).reshape(1, c_in)
    w = np.array([row[:c_in] for row in mix.weight[:c_out]], dtype=np.float64).reshape(c_out, c_in)
    y = np.asarray(mix.y[:c_out], dtype=np.float64).reshape(c_out, 1)
    zmax = max(1.0, *(abs(v) for v in mix.y[:c_out]))
    show_text = max(c_in, c_out) <= 16
    text = {"texttemplate": "%{z:.0f}"} if show_text else {}
    common = dict(type="heatmap", colorscale="RdBu", zmid=0, showscale=False, xgap=1, ygap=1)
    inputs, outputs = np.arange(c_in), np.arange(c_out)
    data = [
        dict(common, z=x, x=inputs, y=[0], zmin=-2, zmax=2, xaxis="x", yaxis="y",
             hovertemplate=f"{labels['in']} %{{x}}<br>{labels['value']} %{{z}}<extra>x</extra>",
             **({"text": x} if show_text else {}), **text),
        dict(common, z=w, x=inputs, y=outputs, zmin=-1, zmax=1, xaxis="x3", yaxis="y3",
             hovertemplate=(f"{labels['out']} %{{y}}<br>{labels['in']} %{{x}}<br>{labels['value']} %{{z}}"
                            "<extra>W</extra>"), **text),
        dict(common, z=y, x=[0], y=outputs, zmin=-zmax, zmax=zmax, xaxis="x4", yaxis="y4",
             hovertemplate=f"{labels['out']} %{{y}}<br>{labels['value']} %{{z}}<extra>y</extra>", **text),
    ]
    left, right = grid_domains([0.85, 0.15], 0.03)
    bottom, top = grid_domains([0.9, 0.1], 0.08)  # rows 90 % (W, y) below 10 % (x)
    hidden = {"showticklabels": False}
    layout = dict(
        xaxis=dict(anchor="y", domain=left, matches="x3", **hidden),
        yaxis=dict(anchor="x", domain=top, **hidden),
        xaxis2=dict(anchor="y2", domain=right, matches="x4", **hidden),  # the empty top-right cell
        yaxis2=dict(anchor="x2", domain=top, matches="y", **hidden),
        xaxis3=dict(anchor="y3", domain=left, title={"text": labels["in"]}),
        yaxis3=dict(anchor="x3", domain=bottom, autorange="reversed", title={"text": labels["out"]}),
        xaxis4=dict(anchor="y4", domain=right, **hidden),
        yaxis4=dict(anchor="x4", domain=bottom, matches="y3", autorange="reversed", **hidden),
        annotations=[subplot_title(labels["x"], left, top), subplot_title(labels["W"], left, bottom),
                     subplot_title(labels["y"], right, bottom)],
        height=max(320, min(620, 140 + 9 * c_out)), margin=dict(l=10, r=10, t=40, b=10),
    )
    return go.Figure(data=data, layout=layout)


# ---- formulas ---------------------------------------------------------------------------------------------


def pixel_equation_latex(spec: ConvSpec) -> str:
    """``y_{o,h,w} = Σ_i W_{o,i} x_{i,h,w} (+ b_o)``: what a 1×1 convolution computes at every pixel, with
    ``W`` of shape ``(C_out, C_in)`` (PyTorch docs, Conv2d)."""
    b_o, b = (" + b_o", " + b") if spec.bias else ("", "")
    return (rf"\begin{{aligned}} y_{{o,h,w}} &= "
            rf"\sum_{{i=0}}^{{{spec.in_channels - 1}}} W_{{o,i}}\, x_{{i,h,w}}{b_o} \\ "
            rf"y_{{:,h,w}} &= W\, x_{{:,h,w}}{b}, \quad "
            rf"W \in \mathbb{{R}}^{{{spec.out_channels} \times {spec.in_channels}}} \end{{aligned}}")


def params_latex(spec: ConvSpec) -> str:
    """``params = C_out·C_in (+ C_out)`` with the numbers and the total (the 1·1 kernel factor is 1)."""
    bias_sym, bias_num = (r" + C_{out}", f" + {spec.out_channels}") if spec.bias else ("", "")
    params = format_int(spec.param_count(), latex=True)
    return (rf"\begin{{aligned}} \text{{params}} &= C_{{out}} \cdot C_{{in}}{bias_sym} \\ "
            rf"&= {spec.out_channels} \cdot {spec.in_channels}{bias_num} \\ &= {params} "
            rf"\end{{aligned}}")


def macs_latex(spec: ConvSpec, input_shape: tuple[int, ...]) -> str:
    """``MACs = N·H·W·C_in·C_out`` (bias excluded) with the numbers and the total; raises ConvSpecError."""
    n, _, h, w = spec.output_shape(input_shape)
    return (rf"\begin{{aligned}} \text{{MACs}} &= N \cdot H \cdot W \cdot C_{{in}} \cdot C_{{out}} \\ "
            rf"&= {n} \cdot {h} \cdot {w} \cdot {spec.in_channels} \cdot {spec.out_channels} \\ "
            rf"&= {format_int(spec.macs(input_shape), latex=True)} \end{{aligned}}")


# ---- the bottleneck -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bottleneck:
    """ResNet's bottleneck (He et al. 2016): 1×1 ``channels → width``, ``k×k`` ``width → width`` (padding
    ``k // 2``), 1×1 ``width → channels``; and the single ``k×k`` ``channels → channels`` it replaces."""

    layers: tuple[ConvSpec, ConvSpec, ConvSpec]
    standard: ConvSpec

    def weights(self) -> int:
        """Weights of the three layers (bias excluded), in elements."""
        return sum(layer.weight_count() for layer in self.layers)

    def params(self) -> int:
        """Parameters of the three layers (weights + bias), in elements."""
        return sum(layer.param_count() for layer in self.layers)

    def macs(self, input_shape: tuple[int, ...]) -> int:
        """MACs of the three layers on ``(N, channels, H, W)``, chained, bias excluded; raises ConvSpecError."""
        return stack_macs(self.layers, input_shape)


def bottleneck(channels: int = 256, width: int = 64, kernel_size: int = 3, *, bias: bool = False) -> Bottleneck:
    """The bottleneck and the standard layer for ``channels`` and ``width``; raises ConvSpecError."""
    pad = kernel_size // 2
    layers = (
        ConvSpec(channels, width, 1, bias=bias),
        ConvSpec(width, width, kernel_size, padding=pad, bias=bias),
        ConvSpec(width, channels, 1, bias=bias),
    )
    return Bottleneck(layers, ConvSpec(channels, channels, kernel_size, padding=pad, bias=bias))


def stack_macs(layers: Sequence[ConvSpec], input_shape: tuple[int, ...]) -> int:
    """MACs (bias excluded) of ``layers`` applied in sequence to ``input_shape``; raises ConvSpecError."""
    total, shape = 0, tuple(input_shape)
    for layer in layers:
        total += layer.macs(shape)
        shape = layer.output_shape(shape)
    return total


def bottleneck_latex(block: Bottleneck, *, lang: str = "en") -> str:
    """Weights of the bottleneck, layer by layer, against the standard layer (bias excluded), labelled in
    ``lang``."""
    first, middle, last = block.layers
    w_first, w_middle, w_last, w_total, w_standard = (format_int(n, latex=True) for n in (
        first.weight_count(), middle.weight_count(), last.weight_count(), block.weights(),
        block.standard.weight_count()))
    k = middle.kernel_size[0]
    std_k = block.standard.kernel_size[0]
    bottleneck, standard = t("pw.latex.bottleneck", lang), t("pw.latex.standard", lang)
    return (
        rf"\begin{{aligned}} \text{{{bottleneck}}} &= {first.in_channels} \cdot {first.out_channels} + "
        rf"{k} \cdot {k} \cdot {middle.in_channels} \cdot {middle.out_channels} + "
        rf"{last.in_channels} \cdot {last.out_channels} \\ "
        rf"&= {w_first} + {w_middle} + {w_last} = {w_total} \\ "
        rf"\text{{{standard}}} &= {std_k} \cdot {std_k} \cdot {block.standard.in_channels} \cdot "
        rf"{block.standard.out_channels} = {w_standard} \end{{aligned}}"
    )
