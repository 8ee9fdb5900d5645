"""Dilated (atrous) convolution: the kernel with its holes, the padding that keeps the size, receptive-field
growth of a dilated stack, and the holes behind gridding artefacts (why: a common factor, or a rate that jumps
too far) — as numbers, LaTeX and plotly figures.

>>> spec = ConvSpec(1, 1, 3, dilation=2)           # the source article's example
>>> spec.effective_kernel_size, spec.output_shape((1, 1, 7, 7))
((5, 5), (1, 1, 3, 3))
>>> keep_size_padding(3, 2)                        # padding = dilation·(k − 1)/2 keeps 7×7 (stride 1)
2

Sources: PyTorch docs of ``nn.Conv2d`` (output size), Dumoulin & Visin (2016) (effective kernel size),
Yu & Koltun (2016) (dilated stacks), Araujo et al. (Distill 2019) (receptive field), Wang et al. (2018)
(gridding, hybrid dilated convolution "HDC"), Yu, Koltun & Funkhouser (2017, "Dilated Residual Networks": gridding
artefacts).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Optional

import numpy as np
import plotly.graph_objects as go

from convviz.layer.receptive import receptive_field
from convviz.layer.spec import ConvSpec
from convviz.plotting import SERIES_BLUE, SERIES_GREY, SERIES_ORANGE, SERIES_RED
from convviz.receptive_lab.coverage import holes, path_counts
from convviz.text.units import format_int

TAP_COLOUR = SERIES_BLUE
HOLE_COLOUR = SERIES_RED
SPAN_COLOUR = SERIES_ORANGE
PAD_COLOUR = "#e8e8e8"
INPUT_COLOUR = "#f7f7f7"


# ---- one layer -------------------------------------------------------------------------------------------

def keep_size_padding(kernel_size: int, dilation: int) -> Optional[int]:
    """The symmetric padding ``dilation·(k − 1)/2`` that keeps the size with stride 1, or ``None`` when
    ``dilation·(k − 1)`` is odd (then only ``padding='same'`` keeps it, one more element after)."""
    total = dilation * (kernel_size - 1)
    return total // 2 if total % 2 == 0 else None


def strided_keep_size_padding(size: int, kernel_size: int, dilation: int, stride: int) -> Optional[int]:
    """The smallest symmetric padding ``p`` with which a layer of stride ``stride`` keeps an input of ``size``
    elements (per dimension), or ``None`` when none does (stride 1 and ``dilation·(k − 1)`` odd).

    PyTorch's output size ``⌊(n + 2p − d·(k − 1) − 1)/s⌋ + 1`` equals ``n`` exactly when
    ``(s − 1)·(n − 1) + d·(k − 1) ≤ 2p < (s − 1)·(n − 1) + d·(k − 1) + s``; the smallest such ``p`` is
    ``⌈((s − 1)·(n − 1) + d·(k − 1))/2⌉`` (for ``s ≥ 2`` always; for ``s = 1`` only when the sum is even). With a
    stride above 1 the padding grows with the input: the windows, ``s`` apart, spread over about ``s·n`` elements.

    >>> strided_keep_size_padding(7, 3, 2, 2)     # ⌈(1·6 + 2·2)/2⌉ = 5: ⌊(7 + 10 − 4 − 1)/2⌋ + 1 = 7
    5
    >>> strided_keep_size_padding(7, 3, 2, 1) == keep_size_padding(3, 2)
    True
    """
    total = (stride - 1) * (size - 1) + dilation * (kernel_size - 1)
    if stride == 1 and total % 2:
        return None
    return (total + 1) // 2


def keeps_size(spec: ConvSpec, input_shape: tuple[int, ...]) -> bool:
    """Whether ``spec`` keeps every spatial size of ``input_shape``; raises ConvSpecError."""
    return spec.output_spatial(input_shape) == tuple(input_shape[2:])


def tap_mask(spec: ConvSpec) -> np.ndarray:
    """Boolean array of shape ``effective_kernel_size``: True where a weight sits, False in a hole."""
    mask = np.zeros(spec.effective_kernel_size, dtype=bool)
    mask[tuple(slice(None, None, d) for d in spec.dilation)] = True
    return mask


def tap_positions(spec: ConvSpec, input_shape: tuple[int, ...], output_index: Sequence[int]) -> list[tuple]:
    """Input indices (per spatial dimension) read by output element ``output_index``, padding included as
    indices below 0 or at least the input size; ``output_index`` one int per dimension. Raises ConvSpecError."""
    spec.check_input(input_shape)
    starts = [o * s - b for o, s, b in zip(output_index, spec.stride, spec.before_padding())]
    axes = [range(start, start + d * (k - 1) + 1, d) for start, k, d in zip(starts, spec.kernel_size, spec.dilation)]
    return [tuple(p) for p in np.array(np.meshgrid(*axes, indexing="ij")).reshape(len(axes), -1).T.tolist()]


def effective_kernel_latex(spec: ConvSpec) -> str:
    """``k_eff = d·(k − 1) + 1`` with the user's numbers: one row, or one per dimension when they differ."""
    rows = list(zip(spec.dim_names, spec.kernel_size, spec.dilation, spec.effective_kernel_size))
    uniform = len({row[1:] for row in rows}) == 1
    lines = [rf"k_{{eff{'' if uniform else ',' + name}}} &= d\,(k - 1) + 1 = {d} \cdot ({k} - 1) + 1 = {e}"
             for name, k, d, e in (rows[:1] if uniform else rows)]
    return r"\begin{aligned} " + r" \\ ".join(lines) + r" \end{aligned}"


def keep_size_latex(kernel_size: int, dilation: int, size: int) -> str:
    """``p = d·(k − 1)/2`` with the numbers and the output size it gives with stride 1 (``'same'``, uneven,
    when ``d·(k − 1)`` is odd)."""
    total = dilation * (kernel_size - 1)
    pad = keep_size_padding(kernel_size, dilation)
    if pad is None:
        first = (rf"p_{{before}} + p_{{after}} &= d\,(k - 1) = {dilation} \cdot ({kernel_size} - 1) = {total}"
                 rf" = {total // 2} + {total - total // 2} \quad (\texttt{{padding='same'}})")
        pads = rf"{total // 2} + {total - total // 2}"
    else:
        first = (rf"p &= \frac{{d\,(k - 1)}}{{2}} = \frac{{{dilation} \cdot ({kernel_size} - 1)}}{{2}} = {pad}")
        pads = rf"2 \cdot {pad}"
    second = (rf"\text{{out}} &= \left\lfloor \frac{{{size} + {pads} - {dilation} \cdot ({kernel_size} - 1) - 1}}{{1}}"
              rf" \right\rfloor + 1 = {size}")
    return rf"\begin{{aligned}} {first} \\ {second} \end{{aligned}}"


def kernel_on_input_figure(spec: ConvSpec, input_shape: tuple[int, ...], output_index: Sequence[int], *,
                           labels: dict[str, str]) -> go.Figure:
    """The padded input of a 2-D layer as a grid: the taps output ``output_index`` reads (blue), the holes
    inside its effective kernel (red ×) and the kernel's span (orange outline).

    ``labels``: ``input``, ``padding``, ``tap``, ``hole``, ``span``, ``x``, ``y`` (legend and axis titles in
    the page's language). Only the first two spatial dimensions are drawn. Raises ConvSpecError.
    """
    spec.check_input(input_shape)
    height, width = input_shape[2], input_shape[3]
    (top, bottom), (left, right) = spec.padding_amounts(input_shape)[:2]
    taps = tap_positions(spec, input_shape, output_index)
    k_eff = spec.effective_kernel_size
    row0 = output_index[0] * spec.stride[0] - top
    col0 = output_index[1] * spec.stride[1] - left
    tap_set = {(r, c) for r, c in taps}
    hole_cells = [(r, c) for r in range(row0, row0 + k_eff[0]) for c in range(col0, col0 + k_eff[1])
                  if (r, c) not in tap_set]
    rows = np.arange(-top, height + bottom)
    cols = np.arange(-left, width + right)
    inside = ((rows >= 0) & (rows < height))[:, None] & ((cols >= 0) & (cols < width))[None, :]
    data = [dict(
        type="heatmap", x=cols, y=rows, z=np.where(inside, 0, 1).astype(np.uint8), zmin=0, zmax=1, showscale=False,
        xgap=2, ygap=2, hoverinfo="skip", colorscale=[[0, INPUT_COLOUR], [1, PAD_COLOUR]],
    ), dict(
        type="scatter", x=[c for _, c in taps], y=[r for r, _ in taps], mode="markers", name=labels["tap"],
        marker={"symbol": "square", "size": 18, "color": TAP_COLOUR}, hovertemplate="(%{y}, %{x})<extra></extra>",
    )]
    if hole_cells:
        data.append(dict(
            type="scatter", x=np.array([c for _, c in hole_cells]), y=np.array([r for r, _ in hole_cells]),
            mode="markers", name=labels["hole"],
            marker={"symbol": "x-thin", "size": 12, "color": HOLE_COLOUR, "line": {"width": 2, "color": HOLE_COLOUR}},
            hovertemplate="(%{y}, %{x})<extra></extra>",
        ))
    data.append(dict(
        type="scatter", x=[col0 - 0.5, col0 + k_eff[1] - 0.5, col0 + k_eff[1] - 0.5, col0 - 0.5, col0 - 0.5],
        y=[row0 - 0.5, row0 - 0.5, row0 + k_eff[0] - 0.5, row0 + k_eff[0] - 0.5, row0 - 0.5],
        mode="lines", name=labels["span"], line={"color": SPAN_COLOUR, "width": 3}, hoverinfo="skip",
    ))
    if top or bottom or left or right:
        data.append(dict(
            type="scatter", x=[None], y=[None], mode="markers", name=labels["padding"],
            marker={"symbol": "square", "size": 14, "color": PAD_COLOUR},
        ))
    return go.Figure(data=data, layout=dict(
        xaxis=dict(title={"text": labels["x"]}, range=[int(cols[0]) - 0.5, int(cols[-1]) + 0.5], dtick=1,
                   showgrid=False, zeroline=False, constrain="domain"),
        yaxis=dict(title={"text": labels["y"]}, range=[int(rows[-1]) + 0.5, int(rows[0]) - 0.5], dtick=1,
                   showgrid=False, zeroline=False, scaleanchor="x"),
        height=420, margin={"l": 10, "r": 10, "t": 10, "b": 10}, legend={"orientation": "h", "y": -0.18},
        plot_bgcolor="white",
    ))


# ---- stacks ----------------------------------------------------------------------------------------------

def dilated_stack(rates: Sequence[int], kernel_size: int = 3, *, spatial_dims: int = 2) -> list[ConvSpec]:
    """One single-channel ``k×k`` layer per rate, stride 1, padding that keeps the size when it can
    (``'same'``), e.g. rates ``(1, 2, 5)``. Raises ConvSpecError for a rate or kernel below 1."""
    return [ConvSpec(1, 1, kernel_size, dilation=rate, padding="same", spatial_dims=spatial_dims) for rate in rates]


def cycled(rates: Sequence[int], layers: int) -> list[int]:
    """``rates`` repeated to ``layers`` entries: ``cycled((1, 2, 5), 5) == [1, 2, 5, 1, 2]``."""
    return [rates[i % len(rates)] for i in range(layers)]


@dataclass(frozen=True)
class Growth:
    """Receptive-field size (per layer, first spatial dimension, in input elements) of a dilated stack and
    of the undilated stack of the same cost (same layers, weights and MACs, dilation 1)."""

    rates: tuple[int, ...]
    dilated: tuple[int, ...]
    undilated: tuple[int, ...]


def rf_growth(rates: Sequence[int], kernel_size: int = 3) -> Growth:
    """Sizes from :func:`convviz.receptive_field` for ``dilated_stack(rates)`` and for the same number of
    ``k×k`` layers without dilation: ``1 + Σ d_l·(k − 1)`` versus ``1 + L·(k − 1)`` with stride 1."""
    dilated = receptive_field(dilated_stack(rates, kernel_size))
    plain = receptive_field(dilated_stack([1] * len(rates), kernel_size))
    return Growth(tuple(rates), tuple(r.size[0] for r in dilated), tuple(r.size[0] for r in plain))


def rf_growth_figure(growth: Growth, *, labels: dict[str, str]) -> go.Figure:
    """Lines of receptive-field size against layer count. ``labels``: ``dilated``, ``undilated``, ``x``, ``y``
    (``dilated`` may hold ``{rates}``)."""
    layers = list(range(1, len(growth.rates) + 1))
    top = max(growth.dilated + growth.undilated)
    return go.Figure(
        data=[dict(
            type="scatter", x=layers, y=list(growth.dilated), mode="lines+markers+text", name=labels["dilated"],
            text=[str(v) for v in growth.dilated], textposition="top center", line={"color": TAP_COLOUR, "width": 3},
            customdata=list(growth.rates), hovertemplate="%{x}: %{y} (d=%{customdata})<extra></extra>",
        ), dict(
            type="scatter", x=layers, y=list(growth.undilated), mode="lines+markers+text", name=labels["undilated"],
            text=[str(v) for v in growth.undilated], textposition="bottom center",
            line={"color": SERIES_GREY, "width": 2, "dash": "dash"}, hovertemplate="%{x}: %{y}<extra></extra>",
        )],
        layout=dict(
            xaxis=dict(title={"text": labels["x"]}, dtick=1, range=[0.5, len(layers) + 0.5]),
            yaxis=dict(title={"text": labels["y"]}, range=[0, top * 1.18 + 1], rangemode="tozero"),
            height=340, margin={"l": 10, "r": 10, "t": 10, "b": 10}, legend={"orientation": "h", "y": -0.25},
            plot_bgcolor="white",
        ),
    )


@dataclass(frozen=True)
class Gridding:
    """The path counts of one output element after a stack (2-D array over the receptive field's span, from
    :func:`convviz.receptive_lab.coverage.path_counts`), its holes, and the span size."""

    rates: tuple[int, ...]
    counts: np.ndarray
    hole_mask: np.ndarray

    @property
    def rf_size(self) -> int:
        return int(self.counts.shape[0])

    @property
    def hole_count(self) -> int:
        return int(self.hole_mask.sum())

    @property
    def reached(self) -> int:
        return int((self.counts != 0).sum())

    @property
    def common_factor(self) -> int:
        """gcd of the rates: above 1, every path lands on multiples of it, so there are holes (Wang et al.)."""
        return math.gcd(*self.rates)


@dataclass(frozen=True)
class GriddingCause:
    """Why a stack of dilated ``k×k`` layers (stride 1) leaves holes in its receptive field, with the numbers.

    ``kind``: ``"none"`` (every element reached), ``"common_factor"`` (all rates are multiples of
    ``common_factor`` > 1: every path moves in multiples of it, so only offsets that are multiples of it can be
    reached, a regular grid) or ``"gap"`` (no common factor, but one rate jumps further than the smaller rates can
    fill). For holes, ``rate`` is the first rate, in ascending order, above the solid ``run`` of elements that the
    ``smaller`` rates reach, ``run = 1 + (k − 1)·Σ smaller``; the ``gap = rate − run`` elements just past that run,
    from each edge of the receptive field, are never reached (every later rate steps at least ``rate``).
    """

    kind: str
    rates: tuple[int, ...]
    kernel_size: int
    common_factor: int
    rate: int = 0
    smaller: tuple[int, ...] = ()
    run: int = 1
    gap: int = 0


def gridding_cause(rates: Sequence[int], kernel_size: int = 3) -> GriddingCause:
    """Classify the holes of :func:`gridding` ``(rates, kernel_size)`` (rates at least 1, kernel at least 1).

    The elements one output reaches through the stack are the sums of one tap offset per layer, ``Σ t_l·d_l`` with
    ``t_l = 0 … k − 1``: the same set whatever the layers' order. Sort the rates ascending: while each rate is at
    most the solid run ``1 + (k − 1)·Σ(smaller rates)`` that the smaller ones reach, copies of that run ``rate``
    apart join into a longer solid run; the first rate above it leaves ``rate − run`` elements just past the run
    that no later rate (each at least ``rate``) can reach. So the receptive field is covered exactly when every
    sorted rate is at most its run — for three layers with kernel 3, ascending rates starting at 1, this is Wang et
    al.'s (2018, hybrid dilated convolution "HDC") condition ``M_2 ≤ K`` on the maximum distance between non-zero
    taps, ``M_i = max(M_{i+1} − 2r_i, M_{i+1} − 2(M_{i+1} − r_i), r_i)``, ``M_n = r_n``. Rates with a common
    factor always leave holes (their smallest rate exceeds the run of 1); they are reported as ``common_factor``.

    >>> cause = gridding_cause((1, 1, 8))         # 1, 1 reach 1 + 2·(1 + 1) = 5 elements; 8 apart: 3 skipped
    >>> cause.kind, cause.rate, cause.smaller, cause.run, cause.gap
    ('gap', 8, (1, 1), 5, 3)
    >>> gridding_cause((2, 2, 2)).kind, gridding_cause((2, 4, 6)).common_factor, gridding_cause((1, 2, 5)).kind
    ('common_factor', 2, 'none')
    """
    rates = tuple(int(r) for r in rates)
    factor = math.gcd(*rates)
    if kernel_size > 1:
        ordered = sorted(rates)
        run = 1
        for index, rate in enumerate(ordered):
            if rate > run:
                kind = "common_factor" if factor > 1 else "gap"
                return GriddingCause(kind, rates, kernel_size, factor, rate, tuple(ordered[:index]), run, rate - run)
            run += (kernel_size - 1) * rate
    return GriddingCause("none", rates, kernel_size, factor)


def gridding(rates: Sequence[int], kernel_size: int = 3) -> Gridding:
    """Path counts of the centre output after ``dilated_stack(rates, kernel_size)`` (2-D)."""
    counts = path_counts(dilated_stack(rates, kernel_size))
    return Gridding(tuple(rates), counts, holes(counts))


def gridding_figure(grid: Gridding, *, labels: dict[str, str]) -> go.Figure:
    """Heatmap of path counts over the receptive field's span (offset 0 = its centre), holes marked with a red ×.

    ``labels``: ``count``, ``hole``, ``x``, ``y``. ``z`` is a ``float64`` array of the counts, ``NaN`` (a gap)
    where there is no path; the holes' offsets are integer arrays.
    """
    size = grid.rf_size
    centre = size // 2
    offsets = np.arange(size) - centre
    counts = np.asarray(grid.counts, dtype=np.float64)
    data = [dict(
        type="heatmap", x=offsets, y=offsets, z=np.where(counts != 0, counts, np.nan), colorscale="Blues", xgap=1,
        ygap=1, name=labels["count"], colorbar={"title": {"text": labels["count"]}, "thickness": 12},
        hovertemplate="(%{y}, %{x}): %{z}<extra></extra>",
    )]
    rows, cols = np.nonzero(grid.hole_mask)
    if len(rows):
        data.append(dict(
            type="scatter", x=offsets[cols], y=offsets[rows], mode="markers",
            name=labels["hole"], marker={"symbol": "x-thin", "size": max(4, min(12, 260 // size)),
                                         "line": {"width": 2, "color": HOLE_COLOUR}, "color": HOLE_COLOUR},
            hovertemplate="(%{y}, %{x}): 0<extra></extra>",
        ))
    return go.Figure(data=data, layout=dict(
        xaxis=dict(title={"text": labels["x"]}, range=[int(offsets[0]) - 0.5, int(offsets[-1]) + 0.5],
                   showgrid=False, zeroline=False, constrain="domain"),
        yaxis=dict(title={"text": labels["y"]}, range=[int(offsets[-1]) + 0.5, int(offsets[0]) - 0.5],
                   showgrid=False, zeroline=False, scaleanchor="x"),
        height=440, margin={"l": 10, "r": 10, "t": 10, "b": 10}, plot_bgcolor="white",
        legend={"orientation": "h", "y": -0.15},
    ))


def rf_sum_latex(rates: Sequence[int], kernel_size: int) -> str:
    """``RF = 1 + (k − 1)·Σ d_l`` for a stride-1 stack, with the numbers; equals the last size of
    :func:`convviz.receptive_field` for :func:`dilated_stack` (Araujo et al. 2019)."""
    terms = " + ".join(str(r) for r in rates)
    size = 1 + (kernel_size - 1) * sum(rates)
    return (rf"\begin{{aligned}} \text{{RF}} &= 1 + (k - 1)\textstyle\sum_l d_l \\ "
            rf"&= 1 + ({kernel_size} - 1) \cdot ({terms}) = {format_int(size, latex=True)} \end{{aligned}}")
