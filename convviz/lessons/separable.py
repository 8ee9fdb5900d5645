"""Depthwise-separable pairs: a (depthwise) convolution followed by a 1×1 pointwise one (Howard et al. 2017)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from math import prod

from convviz.layer.spec import ConvSpec
from convviz.plotting import SERIES_BLUE, SERIES_GREY, SERIES_ORANGE
from convviz.text.units import format_int

# Seconds the depthwise-separable page measures each path for (``min_run_time`` of
# ``torch.utils.benchmark.Timer.blocked_autorange``, after its warm-up): two paths, about half a second in all.
MEASURE_SECONDS = 0.2


def pointwise_after(first: ConvSpec, out_channels: int) -> ConvSpec:
    """The 1×1 convolution that maps ``first.out_channels`` to ``out_channels`` after ``first``,
    with the same bias choice and dimensionality."""
    return ConvSpec(first.out_channels, out_channels, 1, bias=first.bias, spatial_dims=first.spatial_dims)


def standard_equivalent(first: ConvSpec, pointwise: ConvSpec) -> ConvSpec:
    """The single standard convolution (``groups=1``) with the same input, output and window as
    ``first`` followed by ``pointwise``: the layer a depthwise-separable pair replaces."""
    return replace(first, out_channels=pointwise.out_channels, groups=1)


# ---- the depthwise-separable page: standard vs depthwise + pointwise, with a depth multiplier --------------

@dataclass(frozen=True)
class SeparableComparison:
    """A standard convolution and the depthwise-separable pair that replaces it, on one input.

    ``standard``: ``Conv(C_in, C_out, k, stride, padding)``; ``depthwise``: ``Conv(C_in, m·C_in, k, stride,
    padding, groups=C_in)`` with depth multiplier ``m``; ``pointwise``: ``Conv(m·C_in, C_out, 1)``.
    ``input_shape`` is ``(N, C_in, *spatial)``. Counts are elements (parameters) and multiply–accumulates over
    the whole batch, bias excluded from MACs (see :meth:`ConvSpec.macs`).
    """

    standard: ConvSpec
    depthwise: ConvSpec
    pointwise: ConvSpec
    input_shape: tuple[int, ...]

    @property
    def multiplier(self) -> int:
        return self.depthwise.out_channels // self.depthwise.in_channels

    @property
    def depthwise_output(self) -> tuple[int, ...]:
        return self.depthwise.output_shape(self.input_shape)

    @property
    def output_shape(self) -> tuple[int, ...]:
        """Output of the pair, equal to the standard layer's."""
        return self.pointwise.output_shape(self.depthwise_output)

    def weights(self) -> tuple[int, int, int]:
        """Weights without bias: standard ``k²·C_in·C_out``, depthwise ``k²·m·C_in``, pointwise
        ``m·C_in·C_out``."""
        return self.standard.weight_count(), self.depthwise.weight_count(), self.pointwise.weight_count()

    def params(self) -> tuple[int, int, int]:
        """Parameters with bias (when ``bias``): standard, depthwise, pointwise."""
        return self.standard.param_count(), self.depthwise.param_count(), self.pointwise.param_count()

    def macs(self) -> tuple[int, int, int]:
        """MACs, bias excluded: standard, depthwise, pointwise."""
        return (self.standard.macs(self.input_shape), self.depthwise.macs(self.input_shape),
                self.pointwise.macs(self.depthwise_output))

    def weight_ratio(self) -> Fraction:
        """(depthwise + pointwise weights) / standard weights, exactly."""
        standard, depthwise, pointwise = self.weights()
        return Fraction(depthwise + pointwise, standard)

    def howard_ratio(self) -> Fraction:
        """``m·(1/C_out + 1/∏k)``: for ``m = 1`` the ratio of Mult-Adds in MobileNets §3.1 (Howard et al. 2017),
        here with a depth multiplier ``m`` (Keras's ``depth_multiplier``, not MobileNets' width multiplier α);
        equals :meth:`weight_ratio` and the MAC ratio (bias excluded)."""
        standard = self.standard
        return self.multiplier * (Fraction(1, standard.out_channels) + Fraction(1, prod(standard.kernel_size)))


def separable_comparison(in_channels: int, out_channels: int, kernel_size: int, input_shape: tuple[int, ...], *,
                         multiplier: int = 1, stride: int = 1, padding: object = "half", bias: bool = True,
                         spatial_dims: int = 2) -> SeparableComparison:
    """Build the three layers; ``padding='half'`` means ``kernel_size // 2`` (the article's ``padding=1`` for
    3×3). Raises ConvSpecError for invalid sizes or an input that does not fit (checked on every layer)."""
    pad = kernel_size // 2 if padding == "half" else padding
    common = {"stride": stride, "padding": pad, "bias": bias, "spatial_dims": spatial_dims}
    standard = ConvSpec(in_channels, out_channels, kernel_size, **common)
    depthwise = ConvSpec(in_channels, multiplier * in_channels, kernel_size, groups=in_channels, **common)
    pointwise = ConvSpec(multiplier * in_channels, out_channels, 1, bias=bias, spatial_dims=spatial_dims)
    comparison = SeparableComparison(standard, depthwise, pointwise, tuple(input_shape))
    standard.check_input(comparison.input_shape)
    comparison.output_shape  # noqa: B018 — validates the pair on this input
    return comparison


def composed_kernel(depthwise_weight, pointwise_weight, in_channels: int, depthwise_bias=None, pointwise_bias=None):
    """The one standard convolution that a depthwise convolution followed by a pointwise one computes, with no
    activation between them (as on the depthwise-separable page, and in Xception, Chollet 2017).

    Its kernel is ``W[o, i] = Σ_j P[o, i·m + j] · D[i·m + j]`` over the ``m`` depthwise filters of input channel
    ``i`` — with depth multiplier ``m = 1`` simply ``W[o, i] = P[o, i] · D[i]`` — and its bias ``P·b_D + b_P``.
    Both follow from linearity: at every position the 1×1 layer mixes outputs of the depthwise one. So every
    ``W[:, i]`` has rank at most ``m`` (see :func:`channel_ranks`), while a standard kernel's can reach
    ``min(C_out, ∏k)``: the pair expresses only a subset of the standard layers.

    ``depthwise_weight``: ``(m·C_in, 1, *k)`` (``groups=in_channels``); ``pointwise_weight``:
    ``(C_out, m·C_in, 1, …)``; the biases ``(m·C_in,)`` and ``(C_out,)``, or None. Returns ``(W, b)``: ``W`` of
    shape ``(C_out, C_in, *k)``, ``b`` of shape ``(C_out,)`` or None when both biases are None; convolve with the
    depthwise layer's stride, padding and dilation. Raises ValueError when the shapes do not form a pair.

    >>> import torch
    >>> depthwise, pointwise = torch.nn.Conv2d(2, 2, 3, groups=2), torch.nn.Conv2d(2, 4, 1)
    >>> weight, bias = composed_kernel(depthwise.weight, pointwise.weight, 2, depthwise.bias, pointwise.bias)
    >>> tuple(weight.shape), tuple(bias.shape), channel_ranks(weight)
    ((4, 2, 3, 3), (4,), (1, 1))
    """
    mid_channels = depthwise_weight.shape[0]
    out_channels = pointwise_weight.shape[0]
    if (depthwise_weight.shape[1] != 1 or in_channels < 1 or mid_channels % in_channels
            or tuple(pointwise_weight.shape[1:]) != (mid_channels,) + (1,) * (depthwise_weight.dim() - 2)):
        raise ValueError(f"a depthwise weight {tuple(depthwise_weight.shape)} on {in_channels} input channels and "
                         f"a pointwise weight {tuple(pointwise_weight.shape)} do not form a depthwise-separable pair")
    multiplier = mid_channels // in_channels
    kernel = tuple(depthwise_weight.shape[2:])
    mixing = pointwise_weight.reshape(out_channels, in_channels, multiplier, 1)      # P[o, i·m + j]
    filters = depthwise_weight.reshape(1, in_channels, multiplier, -1)              # D[i·m + j], flattened
    weight = (mixing * filters).sum(dim=2).reshape(out_channels, in_channels, *kernel)
    if depthwise_bias is None and pointwise_bias is None:
        return weight, None
    bias = pointwise_weight.new_zeros(out_channels)
    if depthwise_bias is not None:
        bias = bias + pointwise_weight.reshape(out_channels, mid_channels) @ depthwise_bias
    if pointwise_bias is not None:
        bias = bias + pointwise_bias
    return weight, bias


def channel_ranks(weight) -> tuple[int, ...]:
    """The rank of each input channel's slice of a standard kernel ``(C_out, C_in, *k)``: the matrix
    ``W[:, i]`` reshaped to ``(C_out, ∏k)`` (``torch.linalg.matrix_rank``, its default tolerance). At most ``m``
    for a depthwise-separable pair's kernel (:func:`composed_kernel`), up to ``min(C_out, ∏k)`` for a standard
    one."""
    import torch

    slices = weight.detach().transpose(0, 1).reshape(weight.shape[1], weight.shape[0], -1)
    return tuple(int(r) for r in torch.linalg.matrix_rank(slices))


def module_param_counts(*specs: ConvSpec) -> tuple[tuple[int, int], ...]:
    """``(weight.numel(), sum(p.numel()))`` of each real PyTorch module, built on the ``meta`` device (shapes
    only, no memory): the check of the formulas above against PyTorch itself."""
    import torch

    counts = []
    with torch.device("meta"):
        for spec in specs:
            module = spec.to_module()
            counts.append((module.weight.numel(), sum(p.numel() for p in module.parameters())))
    return tuple(counts)


def ratio_latex(comparison: SeparableComparison) -> list[str]:
    """Three LaTeX blocks with the user's numbers: the standard weights ``k²·C_in·C_out``, the separable
    ``k²·m·C_in + m·C_in·C_out``, and the ratio ``m·(1/C_out + 1/k²)`` (Howard et al. 2017)."""
    std = comparison.standard
    k = prod(std.kernel_size)
    k_sym = "k^2" if std.spatial_dims == 2 else ("k" if std.spatial_dims == 1 else "k^3")
    c_in, c_out, m = std.in_channels, std.out_channels, comparison.multiplier
    standard, depthwise, pointwise = comparison.weights()
    w_std, w_dw, w_pw, w_sep = (format_int(n, latex=True) for n in (standard, depthwise, pointwise,
                                                                    depthwise + pointwise))
    m_sym, m_num = (r"m \cdot ", rf"{m} \cdot ") if m != 1 else ("", "")
    ratio = comparison.howard_ratio()
    blocks = [
        rf"\begin{{aligned}} W_{{std}} &= {k_sym} \cdot C_{{in}} \cdot C_{{out}} \\ &= {k} \cdot {c_in} \cdot {c_out}"
        rf" = {w_std} \end{{aligned}}",
        rf"\begin{{aligned}} W_{{sep}} &= {m_sym}{k_sym} \cdot C_{{in}} + {m_sym}C_{{in}} \cdot C_{{out}} \\ "
        rf"&= {m_num}{k} \cdot {c_in} + {m_num}{c_in} \cdot {c_out} = {w_dw} + {w_pw}"
        rf" = {w_sep} \end{{aligned}}",
        rf"\begin{{aligned}} \frac{{W_{{sep}}}}{{W_{{std}}}} &= {m_sym}\left(\frac{{1}}{{C_{{out}}}} + "
        rf"\frac{{1}}{{{k_sym}}}\right) \\ &= \frac{{{w_sep}}}{{{w_std}}} = "
        rf"{m_num}\left(\frac{{1}}{{{c_out}}} + \frac{{1}}{{{k}}}\right) = \frac{{{ratio.numerator}}}"
        rf"{{{ratio.denominator}}} \approx {float(ratio):.4f} \end{{aligned}}",
    ]
    return blocks


def comparison_figure(comparison: SeparableComparison, *, labels: dict[str, str]):
    """Two panels of bars — parameters and MACs — for the standard layer beside depthwise + pointwise
    (stacked), with the numbers written on the bars. ``labels``: ``standard``, ``depthwise``, ``pointwise``,
    ``params``, ``macs``. Returns a ``plotly.graph_objects.Figure`` built from plain lists."""
    import plotly.graph_objects as go

    from convviz.plotting import grid_domains, subplot_title

    params, macs = comparison.params(), comparison.macs()
    names = [labels["standard"], labels["separable"]]
    colours = {"standard": SERIES_GREY, "depthwise": SERIES_BLUE, "pointwise": SERIES_ORANGE}
    data = []
    for col, values in ((1, params), (2, macs)):
        standard, depthwise, pointwise = values
        axis = "" if col == 1 else str(col)
        for part, value, x in (("standard", standard, names[0]), ("depthwise", depthwise, names[1]),
                               ("pointwise", pointwise, names[1])):
            data.append(dict(
                type="bar", x=[x], y=[value], name=labels[part], marker={"color": colours[part]}, legendgroup=part,
                showlegend=col == 1, text=[format_int(value)], textposition="inside", insidetextanchor="middle",
                hovertemplate=f"{labels[part]}: %{{y:,}}<extra></extra>", xaxis="x" + axis, yaxis="y" + axis,
            ))
    left, right = grid_domains([1, 1], 0.12)  # two panels side by side, as make_subplots lays them out
    full = (0.0, 1.0)
    return go.Figure(data=data, layout=dict(
        xaxis=dict(anchor="y", domain=left), yaxis=dict(anchor="x", domain=full, tickformat="~s"),
        xaxis2=dict(anchor="y2", domain=right), yaxis2=dict(anchor="x2", domain=full, tickformat="~s"),
        annotations=[subplot_title(labels["params"], left, full), subplot_title(labels["macs"], right, full)],
        barmode="stack", height=360, margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "y": -0.12}, plot_bgcolor="white", uniformtext={"minsize": 9, "mode": "hide"},
    ))


def measured_figure(flop_ratio: float, time_ratio: float, low: float, high: float, *, labels: dict[str, str]):
    """Two bars: the FLOP ratio (standard / separable) and the measured time ratio with its spread as an
    error bar from ``low`` to ``high``; the values are written in the category labels, clear of the error bar.
    ``labels``: ``flops``, ``time``, ``y``."""
    import plotly.graph_objects as go

    flop_label = f"{labels['flops']}: {flop_ratio:.1f}×"
    time_label = f"{labels['time']}: {time_ratio:.1f}× ({low:.1f}–{high:.1f})"
    fig = go.Figure()
    fig.add_trace(go.Bar(x=[flop_label], y=[flop_ratio], marker_color=SERIES_BLUE, showlegend=False,
                         hovertemplate="%{y:.2f}×<extra></extra>"))
    fig.add_trace(go.Bar(
        x=[time_label], y=[time_ratio], marker_color=SERIES_ORANGE, showlegend=False,
        hovertemplate="%{y:.2f}×<extra></extra>",
        error_y={"type": "data", "symmetric": False, "array": [max(0.0, high - time_ratio)],
                 "arrayminus": [max(0.0, time_ratio - low)], "thickness": 2, "width": 12},
    ))
    fig.update_yaxes(title=labels["y"], rangemode="tozero", range=[0, max(flop_ratio, high) * 1.15])
    fig.update_layout(height=300, margin={"l": 10, "r": 10, "t": 10, "b": 10}, plot_bgcolor="white")
    return fig


# ---- a layer and the pointwise layer after it (the explorer's pair) ---------------------------------------------

@dataclass(frozen=True)
class PairTotals:
    """Totals of a layer and the 1×1 layer after it: ``params`` (elements, bias included when ``bias``) and
    ``macs`` (multiply–accumulates over the whole batch, bias excluded; see :meth:`ConvSpec.macs`)."""

    params: int
    macs: int


def pair_totals(first: ConvSpec, pointwise: ConvSpec, input_shape: tuple[int, ...]) -> PairTotals:
    """Parameters and MACs of ``first`` followed by ``pointwise`` on an input of ``input_shape``
    ``(N, C_in, *spatial)``: the pointwise layer runs on ``first``'s output. Raises ConvSpecError for an input that
    does not fit.

    >>> depthwise = ConvSpec(32, 32, 3, padding=1, groups=32)
    >>> pair_totals(depthwise, pointwise_after(depthwise, 64), (1, 32, 56, 56))
    PairTotals(params=2432, macs=7325696)
    """
    return PairTotals(first.param_count() + pointwise.param_count(),
                      first.macs(input_shape) + pointwise.macs(first.output_shape(input_shape)))
