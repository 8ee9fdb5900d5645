"""Transposed convolution seen two ways: as a direct convolution over the zero-inserted input, and as kernel
placements that overlap on the output (the checkerboard artefact).

>>> spec = ConvSpec(1, 1, 3, stride=2, transposed=True, spatial_dims=1)
>>> overlap_counts(spec, (1, 1, 4)).tolist()      # kernel 3, stride 2: 1, 1, 2, 1, 2, 1, 2, 1, 1
[1, 1, 2, 1, 2, 1, 2, 1, 1]
>>> overlap_counts(ConvSpec(1, 1, 4, stride=2, padding=1, transposed=True, spatial_dims=1), (1, 1, 4)).tolist()
[1, 2, 2, 2, 2, 2, 2, 1]

Scatter view (PyTorch docs of ``ConvTranspose``; Dumoulin & Visin 2016, section 4): input element ``i`` adds
``x[i]·w[t]`` to output ``o = i·stride + t·dilation − padding`` for every tap ``t = 0 … k − 1``; outputs with
``o`` outside ``0 … out − 1`` are cropped by ``padding``. ``output_padding`` adds that many elements to one side
(the end) of each dimension of the output shape (PyTorch docs: "additional size added to one side of each dimension
in the output shape"; it adds no zeros): they are computed like every other output element, by the same formula,
so they receive the taps that the ``padding`` at the end would otherwise crop (none where ``padding`` is 0).
The overlap count of ``o`` is how many ``(i, t)`` land on it. Away from the edges it depends only on ``(o +
padding) mod stride``: the number of taps ``t`` with ``t·dilation ≡ o + padding (mod stride)``. It is even exactly
when the stride divides the kernel size and shares no factor with the dilation (:func:`interior_overlap_1d`);
otherwise it is uneven — the checkerboard artefact of transposed convolutions (Odena, Dumoulin & Olah 2016,
"Deconvolution and Checkerboard Artifacts"). Even overlap only removes this built-in pattern: trained weights
can still produce checkerboard artefacts (same source).

Gather view (Dumoulin & Visin 2016, relationship 14): the same output is a stride-1 convolution with the
flipped kernel and the same dilation over the input with ``stride − 1`` zeros inserted between neighbours,
padded by ``dilation·(k − 1) − padding`` before and that ``+ output_padding`` after
(:meth:`ConvSpec.padding_amounts`; a negative amount crops). Output ``o`` reads position ``o + t·dilation`` of
that grid with weight ``w[k − 1 − t]``. Channels and groups are as in the forward layer (weight
``(C_in, C_out/g, *k)``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Optional

import numpy as np

from convviz.animation.sliding import MAX_FRAMES, AnimationPlan, LayerPlan, thinned_frames
from convviz.animation.window import output_index
from convviz.layer.errors import ConvSpecError
from convviz.layer.spec import ConvSpec
from convviz.text.i18n import t

MAX_ZERO_INSERTED = 40  # cells per dimension of the zero-inserted, padded input drawn in the animation


def _require_transposed(spec: ConvSpec) -> None:
    if not spec.transposed:
        raise ConvSpecError(
            "not_transposed",
            "this view is for transposed convolutions; set transposed=True",
        )


def overlap_counts_1d(size: int, k: int, s: int, d: int, p: int, out: int) -> np.ndarray:
    """For one spatial dimension: how many ``(input i, tap t)`` write output ``o = i·s + t·d − p``, per ``o``."""
    counts = np.zeros(out, dtype=np.int64)
    for i in range(size):
        for tap in range(k):
            o = i * s + tap * d - p
            if 0 <= o < out:
                counts[o] += 1
    return counts


def overlap_counts(spec: ConvSpec, input_shape: tuple[int, ...]) -> np.ndarray:
    """How many kernel placements write each output element of a transposed layer, shape ``(*out_spatial)``.

    A placement is one input element's kernel footprint; each writes an output element at most once (the taps of
    one kernel land on distinct outputs), so the count is the number of ``(input element, tap)`` pairs. Channels
    do not change the pattern (every channel pair repeats it), so it is spatial only. The N-D count is the outer
    product of the per-dimension counts. Raises ConvSpecError for a layer that is not transposed or a bad input.
    """
    _require_transposed(spec)
    out = spec.output_spatial(input_shape)
    result = np.ones((), dtype=np.int64)
    for size, k, s, d, p, o in zip(input_shape[2:], spec.kernel_size, spec.stride, spec.dilation, spec.padding,
                                   out):
        result = np.multiply.outer(result, overlap_counts_1d(size, k, s, d, p, o))
    return result


def zero_inserted_sources(spec: ConvSpec, input_shape: tuple[int, ...]) -> tuple[tuple[Optional[int], ...], ...]:
    """Per spatial dimension, for each position of the zero-inserted and padded input, the input index it holds
    (None: an inserted zero or a padding zero). Length: ``(in − 1)·stride + 1 + before + after`` (a negative
    ``before``/``after`` crops). Raises ConvSpecError."""
    _require_transposed(spec)
    spec.check_input(input_shape)
    result = []
    for size, s, (before, after) in zip(input_shape[2:], spec.stride, spec.padding_amounts(input_shape)):
        length = (size - 1) * s + 1 + before + after
        row = []
        for q in range(length):
            z = q - before
            row.append(z // s if 0 <= z <= (size - 1) * s and z % s == 0 else None)
        result.append(tuple(row))
    return tuple(result)


@dataclass(frozen=True)
class ZeroInsertedWindow:
    """What output element ``out_index`` of a transposed layer reads in the gather view.

    ``taps_grid``: per kernel tap ``t`` (row-major over ``kernel_size``), its position ``o + t·dilation`` in the
    zero-inserted, padded grid; ``weight_taps``: the weight index used there, the flipped ``k − 1 − t``;
    ``sources``: the input element it reads, or None for an inserted or padding zero.
    """

    out_index: tuple[int, ...]
    taps_grid: tuple[tuple[int, ...], ...]
    weight_taps: tuple[tuple[int, ...], ...]
    sources: tuple[Optional[tuple[int, ...]], ...]


def zero_inserted_window(spec: ConvSpec, input_shape: tuple[int, ...], out_index) -> ZeroInsertedWindow:
    """The :class:`ZeroInsertedWindow` of ``out_index`` (one int per spatial dimension); raises ConvSpecError."""
    index = output_index(spec.output_spatial(input_shape), out_index)
    sources = zero_inserted_sources(spec, input_shape)
    taps = tuple(itertools.product(*(range(k) for k in spec.kernel_size)))
    grid = tuple(tuple(o + tp * d for o, tp, d in zip(index, tap, spec.dilation)) for tap in taps)
    flipped = tuple(tuple(k - 1 - tp for k, tp in zip(spec.kernel_size, tap)) for tap in taps)
    read = []
    for position in grid:
        per_dim = [sources[axis][q] if 0 <= q < len(sources[axis]) else None for axis, q in enumerate(position)]
        read.append(None if any(v is None for v in per_dim) else tuple(per_dim))
    return ZeroInsertedWindow(index, grid, flipped, tuple(read))


def equivalent_direct(spec: ConvSpec) -> ConvSpec:
    """The stride-1 ``ConvSpec`` that the gather view slides over the zero-inserted, padded grid (same kernel
    size, dilation and groups; no padding). Its output over the grid has the transposed layer's size."""
    _require_transposed(spec)
    return ConvSpec(spec.in_channels, spec.out_channels, spec.kernel_size, dilation=spec.dilation,
                    groups=spec.groups, bias=spec.bias, spatial_dims=spec.spatial_dims)


def crop_input(spec: ConvSpec, input_shape: tuple[int, ...], limit: int) -> tuple[int, ...]:
    """The largest input ``(1, C_in, *spatial)``, cut from ``input_shape`` (one the transposed layer ``spec``
    accepts), whose zero-inserted, padded grid has at most ``limit`` cells per dimension: at least one element,
    and enough that the output is not empty (``ConvSpec.check_input`` accepts it). Raises ConvSpecError for an
    ``input_shape`` of the wrong rank.

    >>> crop_input(ConvSpec(1, 1, 3, stride=2, transposed=True), (1, 1, 64, 64), 12)   # 4 + 3 zeros + 2 + 2 pad
    (1, 1, 4, 4)
    """
    sizes = []
    for size, s, (before, after) in zip(input_shape[2:], spec.stride, spec.padding_amounts(input_shape)):
        fit = (limit - 1 - before - after) // s + 1
        sizes.append(max(1, min(size, fit)))
    while True:
        shape = (1, input_shape[1], *sizes)
        try:
            spec.check_input(shape)  # refuses an input whose output the padding crops away
            return shape
        except ConvSpecError:  # cropping padding needs a longer input
            sizes = [n + 1 if n < full else n for n, full in zip(sizes, input_shape[2:])]


def plan_transposed_animation(spec: ConvSpec, input_shape: tuple[int, ...], *, out_channel: int = 0,
                              max_cells: int = MAX_ZERO_INSERTED, max_frames: int = MAX_FRAMES,
                              seed: int = 0) -> AnimationPlan:
    """The gather view of a transposed layer as an :class:`AnimationPlan` for
    :func:`convviz.animation.sliding.animation_figure`: its "padded input" is the zero-inserted, padded input of one
    channel (inserted and padding zeros drawn as padding cells), its window slides with stride 1 and the layer's
    dilation, and its output values are the real ``ConvTranspose`` module's (run on the input cropped to at most
    ``max_cells`` grid cells per dimension). 1-D and 2-D; raises ConvSpecError.
    """
    from convviz.runtime.engine import run_conv

    _require_transposed(spec)
    if spec.spatial_dims not in (1, 2):
        raise ConvSpecError("animation_dims", f"the animation draws 1-D and 2-D layers, not {spec.spatial_dims}-D; "
                            f"set spatial_dims to 1 or 2", dims=spec.spatial_dims)
    spec.check_input(input_shape)
    shape = crop_input(spec, input_shape, max_cells)
    run = run_conv(spec, shape, seed=seed)
    per_group_in = spec.in_channels // spec.groups
    in_channel = (out_channel // (spec.out_channels // spec.groups)) * per_group_in
    x = run.input.detach().cpu()[0, in_channel]
    sources = zero_inserted_sources(spec, shape)
    if spec.spatial_dims == 1:
        sources = ((0,), sources[0])
        x = x.reshape(1, -1)
    values, labels = [], []
    for source_r in sources[0]:
        value_row, label_row = [], []
        for source_c in sources[1]:
            if source_r is None or source_c is None:
                value_row.append(None)
                label_row.append("0")
            else:
                value_row.append(float(x[source_r, source_c]))
                label_row.append(None)
        values.append(tuple(value_row))
        labels.append(tuple(label_row))
    y = run.output.detach().cpu()[0, out_channel]
    output = (tuple(y.tolist()),) if spec.spatial_dims == 1 else tuple(tuple(r) for r in y.tolist())
    grid_shape = (1, spec.in_channels, *(len(axis) for axis in zero_inserted_sources(spec, shape)))
    befores = tuple(before for before, _ in spec.padding_amounts(shape))
    before = (0, befores[0]) if spec.spatial_dims == 1 else befores
    layer = LayerPlan(equivalent_direct(spec), grid_shape, tuple(input_shape), tuple(shape[2:]) != tuple(
        input_shape[2:]), out_channel, in_channel, before, tuple(values), tuple(labels), output, run)
    steps = tuple((0, (r, c)) for r in range(layer.out_size[0]) for c in range(layer.out_size[1]))
    frames, thinning = thinned_frames(len(steps), max_frames)
    return AnimationPlan((layer,), steps, frames, thinning)


def transposed_titles(plan: AnimationPlan, spec: ConvSpec, lang: str) -> list[str]:
    """Panel titles of the gather view: the input (its real shape, zeros inserted, padding) and the output."""
    layer = plan.layers[0]
    shown = layer.run.input.shape[2:]
    grid = layer.input_shape[2:]
    pads = spec.padding_amounts((1, spec.in_channels, *shown))
    return [
        t("tconv.panel.input", lang, channel=layer.in_channel, shape="×".join(map(str, shown)),
          zeros=", ".join(str(s - 1) for s in spec.stride), grid="×".join(map(str, grid)),
          pads=", ".join(f"{b}/{a}" for b, a in pads)),
        t("tconv.panel.output", lang, channel=layer.out_channel, shape="×".join(map(str, layer.out_size
                                                                                   if spec.spatial_dims == 2
                                                                                   else layer.out_size[1:])),
          channels=spec.out_channels),
    ]


def with_titles(fig: dict, titles: list[str]) -> dict:
    """A figure dict (from :func:`convviz.animation.sliding.figure_dict`) whose first panel annotations read ``titles``;
    shares everything else with ``fig``."""
    annotations = [dict(a) for a in fig["layout"]["annotations"]]
    for annotation, title in zip(annotations, titles):
        annotation["text"] = title
    return {**fig, "layout": {**fig["layout"], "annotations": annotations}}


def overlap_figure(counts: np.ndarray, *, lang: str = "en", height: int = 360):
    """A heatmap of :func:`overlap_counts` (1-D counts as one row): numbers on cells up to 24 per side,
    cividis colours, output indices on the axes, the title from the ``tconv.*`` catalogue."""
    import plotly.graph_objects as go

    grid = counts.reshape(1, -1) if counts.ndim == 1 else counts
    rows = [[int(v) for v in row] for row in grid.tolist()]
    small = max(len(rows), len(rows[0])) <= 24
    fig = go.Figure(go.Heatmap(
        z=rows, colorscale="Cividis", xgap=1, ygap=1, text=rows if small else None,
        texttemplate="%{text}" if small else None, zmin=0,
        colorbar=dict(title=dict(text=t("tconv.overlap.colorbar", lang)), thickness=12),
        hovertemplate=t("tconv.overlap.hover", lang) + "<extra></extra>"))
    fig.update_layout(
        height=height if counts.ndim == 2 else 160, margin=dict(l=10, r=10, t=10, b=10), plot_bgcolor="white",
        xaxis=dict(title=dict(text=t("tconv.overlap.x", lang)), constrain="domain", fixedrange=True),
        yaxis=dict(autorange="reversed", scaleanchor="x", fixedrange=True, showticklabels=counts.ndim == 2,
                   constrain="domain"),
        dragmode=False)
    return fig


# ---- the explorer's overlap note: what the checkerboard's low and high are --------------------------------------

def interior_overlap_1d(kernel_size: int, stride: int, dilation: int) -> tuple[int, ...]:
    """The overlap counts of one spatial dimension of a transposed layer away from the output's edges, one per
    remainder ``r = (o + padding) mod stride`` of the output index ``o``: how many taps ``t = 0 … k − 1`` land
    there, those with ``t·dilation ≡ r (mod stride)`` (each tap of an interior output meets one input element, as
    ``o + padding = i·stride + t·dilation``). The pattern repeats every ``stride`` outputs; ``padding`` only shifts
    it and ``output_padding`` does not change it.

    The counts are all equal (``k / stride`` each) exactly when the stride divides the kernel size and shares no
    factor with the dilation: a common factor ``g > 1`` leaves every remainder that is not a multiple of ``g``
    with no tap at all, and with ``gcd(stride, dilation) = 1`` the taps cycle through every remainder, evenly only
    when ``stride`` divides ``k``.

    >>> interior_overlap_1d(3, 2, 1), interior_overlap_1d(4, 2, 1)     # Odena et al.'s 3/2 and 4/2
    ((2, 1), (2, 2))
    >>> interior_overlap_1d(2, 2, 2)       # ConvTranspose1d(k=2, s=2, d=2): 2, 0, 2, 0, … although 2 % 2 == 0
    (2, 0)
    """
    counts = [0] * stride
    for tap in range(kernel_size):
        counts[tap * dilation % stride] += 1
    return tuple(counts)


def checkerboard_dims(spec: ConvSpec) -> tuple[str, ...]:
    """Names of the spatial dimensions (``spec.dim_names``) whose overlap counts away from the edges are uneven
    (:func:`interior_overlap_1d` not all equal): there a transposed layer has a built-in checkerboard pattern
    (Odena et al. 2016). Even exactly when the stride divides the kernel size and shares no factor with the
    dilation.

    >>> checkerboard_dims(ConvSpec(1, 1, (3, 4), stride=2, transposed=True))
    ('H',)
    >>> checkerboard_dims(ConvSpec(1, 1, (4, 4), stride=2, dilation=(3, 2), transposed=True))
    ('W',)
    """
    return tuple(name for name, k, s, d in zip(spec.dim_names, spec.kernel_size, spec.stride, spec.dilation)
                 if len(set(interior_overlap_1d(k, s, d))) > 1)


def interior_shown(spec: ConvSpec, input_shape: tuple[int, ...]) -> bool:
    """Whether :func:`overlap_counts` of ``spec`` on ``input_shape`` shows, in every spatial dimension, ``stride``
    consecutive output elements away from the edges — elements whose count is what the same output element receives
    when the input is extended on both sides, i.e. one full period of :func:`interior_overlap_1d`. False for an
    input too short for the kernel's span: every output is then near an edge, where fewer placements reach it.
    Raises ConvSpecError.

    >>> interior_shown(ConvSpec(1, 1, 2, stride=2, dilation=2, transposed=True, spatial_dims=1), (1, 1, 5))
    True
    >>> interior_shown(ConvSpec(1, 1, 4, stride=2, dilation=3, transposed=True, spatial_dims=1), (1, 1, 2))
    False
    """
    _require_transposed(spec)
    out = spec.output_spatial(input_shape)
    for size, k, s, d, p, op, n in zip(input_shape[2:], spec.kernel_size, spec.stride, spec.dilation, spec.padding,
                                       spec.output_padding, out):
        extra = -(-(d * (k - 1) + p + op) // s) + 1  # input elements added at each end: every tap of o is covered
        counts = overlap_counts_1d(size, k, s, d, p, n)
        longer = overlap_counts_1d(size + 2 * extra, k, s, d, p, n + 2 * extra * s)[extra * s:extra * s + n]
        away = (counts == longer).astype(np.int64)
        if n < s or np.convolve(away, np.ones(s, dtype=np.int64), mode="valid").max() < s:
            return False
    return True


def interior_overlap_range(spec: ConvSpec) -> tuple[int, int]:
    """The lowest and highest overlap count of a transposed layer's output away from its edges: the products over
    the spatial dimensions of the per-dimension minima and maxima of :func:`interior_overlap_1d` (the N-D count
    is the product of the per-dimension counts, :func:`overlap_counts`). Equal when no dimension is uneven.

    >>> interior_overlap_range(ConvSpec(1, 1, 3, stride=2, transposed=True))        # 1·1 … 2·2
    (1, 4)
    >>> interior_overlap_range(ConvSpec(1, 1, 2, stride=2, dilation=2, transposed=True, spatial_dims=1))
    (0, 2)
    """
    low = high = 1
    for k, s, d in zip(spec.kernel_size, spec.stride, spec.dilation):
        counts = interior_overlap_1d(k, s, d)
        low, high = low * min(counts), high * max(counts)
    return low, high


def inner_overlap(spec: ConvSpec, counts: np.ndarray) -> np.ndarray:
    """The overlap counts away from the output's borders, where the pattern repeats: per spatial dimension
    ``min(k_eff, n // 3)`` output elements are left out at each end (``k_eff`` the effective kernel size
    ``dilation·(k − 1) + 1``, ``n`` the output size), since fewer kernel placements reach an element near an edge;
    all of ``counts`` when nothing would be left. ``counts``: :func:`overlap_counts` of ``spec``, shape
    ``(*out_spatial)`` (placements per output element). On an output long enough its minimum and maximum are the
    checkerboard's low and high, :func:`interior_overlap_range` (equal when no dimension is uneven,
    :func:`checkerboard_dims`); on a short one the edges may still show.

    >>> spec = ConvSpec(1, 1, 3, stride=2, transposed=True, spatial_dims=1)
    >>> counts = overlap_counts(spec, (1, 1, 8))     # 17 outputs: 1, 1, 2, 1, 2, …, 2, 1, 1
    >>> inner_overlap(spec, counts).tolist()          # 3 left out at each end
    [1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
    """
    ends = [min(k, n // 3) for k, n in zip(spec.effective_kernel_size, counts.shape)]
    inner = counts[tuple(slice(end, max(end, n - end)) for end, n in zip(ends, counts.shape))]
    return inner if inner.size else counts
