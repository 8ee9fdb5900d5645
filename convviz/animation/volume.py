"""A 3-D convolution seen slice by slice: which input depth slices, and which cells in each, one output element reads.

>>> spec = ConvSpec(1, 1, 3, padding=1, spatial_dims=3)
>>> fp = footprint(spec, (1, 1, 4, 4, 4), (0, 0, 0))
>>> [(s.input_depth, s.kernel_depth, len(s.taps), s.reads_input) for s in fp.slices]
[(-1, 0, 9, 0), (0, 1, 9, 4), (1, 2, 9, 4)]
>>> int(fp.counts().sum())                      # 8 of the 27 taps read input elements, 19 read padding zeros
8

Coordinates (PyTorch docs of ``nn.Conv3d``; Dumoulin & Visin 2016, section 5): output element ``(d, h, w)`` reads
the padded input at ``(d·s_D + t_D·dil_D, h·s_H + t_H·dil_H, w·s_W + t_W·dil_W)`` for every kernel tap
``(t_D, t_H, t_W)`` — :func:`convviz.animation.window.window` gives the taps. Grouped by depth, kernel depth ``t_D``
reads
one padded depth slice with ``k_H·k_W`` taps; the slices between two kernel depths (``dil_D − 1`` of them) are
skipped — the holes dilation leaves in depth — and the taps inside a slice are ``dil_H``/``dil_W`` apart, with holes
between them. A padded depth outside ``0 … D − 1`` is a padding slice: zeros (``padding_mode='zeros'``) or a copy
of an input slice (reflect, replicate, circular). :meth:`Footprint.counts` is how many taps read each input
element, which equals the gradient of that output with respect to the input when every weight is 1 (the tests
check it against ``torch.nn.Conv3d``).

Transposed 3-D layers (``ConvTranspose3d``) are drawn in the gather view (Dumoulin & Visin 2016, relationship 14;
:mod:`convviz.lessons.transposed`): :func:`transposed_footprint` is the footprint of one output element over the
input with
``stride − 1`` zeros inserted between neighbours in every dimension (depth too), padded by
``dilation·(k − 1) − padding`` before and that ``+ output_padding`` after (a negative amount crops). The window
slides with stride 1; the weight index read at tap ``t`` is the flipped ``k − 1 − t`` (``kernel_depth`` holds it).
Coordinates of that grid are "zero-inserted" coordinates: input element ``i`` sits at ``i·stride``; a depth slice
between two input slices is an inserted-zero slice. :meth:`Footprint.counts` still counts per input element and
equals the gradient of the real ``torch.nn.ConvTranspose3d`` (all weights 1) — :func:`gradient_counts` works for
both. :func:`layer_footprint` picks the forward or transposed footprint.

Figures are built from plain lists (no numpy arrays inside), so their JSON is readable in tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from convviz.animation.window import group_in_channels, padded_sources, window
from convviz.layer.errors import ConvSpecError
from convviz.layer.spec import ConvSpec
from convviz.plotting import ORANGE, REDDISH_PURPLE, VERMILLION
from convviz.text.i18n import t

MAX_SIDE = 15        # padded cells per side drawn in a slice panel (a window around the footprint)
MAX_DEPTHS = 41      # padded depth positions drawn in the depth strip
PANEL_COLUMNS = 2    # slice panels per row of the figure (3 when there are more than four panels)
VERTICAL_GAP_PX = 80  # between rows of slice panels: a two-line title above, the tick labels below

# Categories of a drawn cell, and their colours (Okabe & Ito 2008, colour-blind safe). INSERTED: a zero inserted
# between input elements by a transposed layer (stride − 1 of them); taps on it count as TAP_PADDING (a zero).
INPUT, PADDING, TAP_INPUT, TAP_PADDING, HOLE, SELECTED, INSERTED = range(7)
COLOURS = ("#F2F2F2", "#BDBDBD", ORANGE, REDDISH_PURPLE, "#FFF7D6", VERMILLION, "#CFE6F5")
LEGEND = ("input", "padding", "tap_input", "tap_padding", "hole", "selected", "inserted")


@dataclass(frozen=True)
class DepthSlice:
    """One padded depth position inside the dilated kernel's depth span.

    ``depth``: padded position; ``input_depth = depth − front padding`` (outside ``0 … D − 1``: a padding slice);
    ``source_depth``: the input slice it holds (None: zeros); ``kernel_depth``: the kernel depth tap read here, None
    for a slice skipped by dilation (no taps); ``taps``: padded ``(row, col)`` of each tap, row-major over
    ``(k_H, k_W)``; ``sources``: the input element ``(d, h, w)`` each tap reads, None for a zero of the padding.

    Transposed (gather view): ``depth``/``input_depth`` are positions in the zero-inserted grid (input slice ``i`` at
    ``input_depth = i·stride``), ``source_depth`` the input slice ``i`` or None, ``kernel_depth`` the flipped weight
    depth ``k_D − 1 − t`` read there, ``stride`` the depth stride, ``inserted`` True for a slice of inserted
    zeros."""

    depth: int
    input_depth: int
    source_depth: Optional[int]
    kernel_depth: Optional[int]
    taps: tuple[tuple[int, int], ...]
    sources: tuple[Optional[tuple[int, int, int]], ...]
    stride: int = 1
    inserted: bool = False

    @property
    def is_padding(self) -> bool:
        """A slice of the padding (zeros, or a copy of an input slice); an inserted-zero slice is not padding."""
        if self.inserted:
            return False
        return self.source_depth is None or self.source_depth * self.stride != self.input_depth

    @property
    def is_zero(self) -> bool:
        """Every tap here reads a zero: a zero-padding slice or an inserted-zero slice."""
        return self.source_depth is None

    @property
    def reads_input(self) -> int:
        """Taps on input elements (a padding copy of reflect/replicate/circular counts: it reads an element)."""
        return sum(source is not None for source in self.sources)

    @property
    def reads_padding(self) -> int:
        return len(self.taps) - self.reads_input


@dataclass(frozen=True)
class Footprint:
    """The 3-D footprint of output element ``out_index`` = ``(d, h, w)`` of a ``Conv3d``.

    ``padded_shape``: ``(D, H, W)`` after padding; ``before``: front/top/left padding; ``input_spatial``: the
    input's ``(D, H, W)``; ``span``: ``(first, last)`` padded position per dimension (the dilated kernel's extent);
    ``slices``: every padded depth from ``span[0][0]`` to ``span[0][1]``, kernel depths and holes.

    Transposed (:func:`transposed_footprint`): ``padded_shape`` is the zero-inserted, padded grid's ``(D, H, W)``,
    ``before`` its padding before (negative: cropped), ``inserted_stride`` the layer's stride (input element ``i`` at
    grid position ``before + i·stride``); ``transposed`` is True. Forward layers have ``inserted_stride (1, 1, 1)``.
    """

    out_index: tuple[int, int, int]
    padded_shape: tuple[int, int, int]
    before: tuple[int, int, int]
    input_spatial: tuple[int, int, int]
    span: tuple[tuple[int, int], ...]
    slices: tuple[DepthSlice, ...]
    in_channels: range
    inserted_stride: tuple[int, int, int] = (1, 1, 1)
    transposed: bool = False

    def axis_kind(self, axis: int, position: int) -> int:
        """What padded (grid) ``position`` along ``axis`` (0 depth, 1 rows, 2 columns) holds: :data:`INPUT` (an
        input index), :data:`INSERTED` (a zero between two input elements, transposed only) or :data:`PADDING`."""
        z = position - self.before[axis]
        stride = self.inserted_stride[axis]
        if not 0 <= z <= (self.input_spatial[axis] - 1) * stride:
            return PADDING
        return INPUT if z % stride == 0 else INSERTED

    def cell_kind(self, depth: int, row: int, col: int) -> int:
        """:data:`INPUT`, :data:`PADDING` or :data:`INSERTED` for padded cell ``(depth, row, col)``: padding if
        any coordinate is padding, else an inserted zero if any is inserted, else an input element."""
        kinds = (self.axis_kind(0, depth), self.axis_kind(1, row), self.axis_kind(2, col))
        if PADDING in kinds:
            return PADDING
        return INSERTED if INSERTED in kinds else INPUT

    @property
    def read_slices(self) -> tuple[DepthSlice, ...]:
        return tuple(s for s in self.slices if s.kernel_depth is not None)

    @property
    def holes(self) -> tuple[DepthSlice, ...]:
        """Depth slices inside the span that no tap reads (``dil_D − 1`` between neighbouring kernel depths)."""
        return tuple(s for s in self.slices if s.kernel_depth is None)

    @property
    def taps(self) -> int:
        return sum(len(s.taps) for s in self.slices)

    @property
    def taps_on_input(self) -> int:
        return sum(s.reads_input for s in self.slices)

    def counts(self) -> np.ndarray:
        """How many taps read each input element, shape ``(D, H, W)`` (int): the gradient of this output with
        respect to one input channel of its group when every weight is 1."""
        result = np.zeros(self.input_spatial, dtype=np.int64)
        for depth_slice in self.slices:
            for source in depth_slice.sources:
                if source is not None:
                    result[source] += 1
        return result


def _require_3d(spec: ConvSpec) -> None:
    if spec.spatial_dims != 3:
        raise ConvSpecError(
            "volume_dims",
            f"the depth-slice view is for 3-D convolutions, not {spec.spatial_dims}-D; set spatial_dims=3",
            dims=spec.spatial_dims,
        )
    if spec.transposed:
        raise ConvSpecError(
            "volume_transposed",
            "the depth-slice view draws forward 3-D convolutions; switch transposed off to see its footprint",
        )


def footprint(spec: ConvSpec, input_shape: tuple[int, ...], out_index, *, out_channel: int = 0) -> Footprint:
    """The :class:`Footprint` of output element ``out_index`` ``(d, h, w)`` of output channel ``out_channel``
    for ``input_shape`` ``(N, C_in, D, H, W)``. Raises ConvSpecError: not 3-D, transposed, an invalid input, or an
    index outside the output."""
    _require_3d(spec)
    win = window(spec, input_shape, out_index, out_channel=out_channel)
    sources = padded_sources(spec, input_shape)
    before = spec.before_padding()
    padded_shape = tuple(len(axis) for axis in sources)
    span = win.span_padded
    by_depth: dict[int, list] = {}
    for kernel_tap, padded, source in zip(win.kernel_taps, win.taps_padded, win.taps_source):
        by_depth.setdefault(padded[0], []).append((kernel_tap[0], (padded[1], padded[2]), source))
    slices = []
    for depth in range(span[0][0], span[0][1] + 1):
        read = by_depth.get(depth, [])
        slices.append(DepthSlice(
            depth, depth - before[0], sources[0][depth], read[0][0] if read else None,
            tuple(tap for _, tap, _ in read), tuple(source for _, _, source in read)))
    return Footprint(win.out_index, padded_shape, before, tuple(input_shape[2:]), span, tuple(slices),
                     win.in_channels)


def transposed_footprint(spec: ConvSpec, input_shape: tuple[int, ...], out_index, *,
                         out_channel: int = 0) -> Footprint:
    """The :class:`Footprint` of output element ``out_index`` ``(d, h, w)`` of a transposed 3-D layer
    (``ConvTranspose3d``) in the gather view: the cells of the zero-inserted, padded input the flipped kernel reads
    (:func:`convviz.lessons.transposed.zero_inserted_window`), grouped by grid depth. ``input_shape``: ``(N, C_in, D,
    H, W)``.
    Raises ConvSpecError: not 3-D, not transposed, an invalid input, an index outside the output, or an output
    channel that does not exist."""
    from convviz.lessons.transposed import zero_inserted_sources, zero_inserted_window

    if spec.spatial_dims != 3:
        _require_3d(spec)
    if not spec.transposed:
        raise ConvSpecError("not_transposed", "this view is for transposed convolutions; set transposed=True")
    in_channels = group_in_channels(spec, out_channel)
    win = zero_inserted_window(spec, input_shape, out_index)
    sources = zero_inserted_sources(spec, input_shape)
    before = tuple(b for b, _ in spec.padding_amounts(input_shape))
    padded_shape = tuple(len(axis) for axis in sources)
    span = tuple((min(p[a] for p in win.taps_grid), max(p[a] for p in win.taps_grid)) for a in range(3))
    by_depth: dict[int, list] = {}
    for weight_tap, position, source in zip(win.weight_taps, win.taps_grid, win.sources):
        by_depth.setdefault(position[0], []).append((weight_tap[0], (position[1], position[2]), source))
    size, stride = input_shape[2], spec.stride[0]
    slices = []
    for depth in range(span[0][0], span[0][1] + 1):
        read = by_depth.get(depth, [])
        z = depth - before[0]
        source_depth = sources[0][depth]
        inserted = source_depth is None and 0 <= z <= (size - 1) * stride
        slices.append(DepthSlice(
            depth, z, source_depth, read[0][0] if read else None, tuple(tap for _, tap, _ in read),
            tuple(source for _, _, source in read), stride=stride, inserted=inserted))
    return Footprint(win.out_index, padded_shape, before, tuple(input_shape[2:]), span, tuple(slices), in_channels,
                     inserted_stride=tuple(spec.stride), transposed=True)


def layer_footprint(spec: ConvSpec, input_shape: tuple[int, ...], out_index, *, out_channel: int = 0) -> Footprint:
    """:func:`transposed_footprint` for a transposed layer, :func:`footprint` otherwise (same arguments and
    errors)."""
    if spec.transposed and spec.spatial_dims == 3:
        return transposed_footprint(spec, input_shape, out_index, out_channel=out_channel)
    return footprint(spec, input_shape, out_index, out_channel=out_channel)


def _window_range(first: int, last: int, length: int, limit: int = MAX_SIDE) -> range:
    """Padded positions drawn along one axis: the span with a margin, at most ``limit`` (at least the span)."""
    size = max(limit, last - first + 1)
    start = max(0, min(first - (size - (last - first + 1)) // 2, length - size))
    return range(start, min(length, start + size))


def _category_grid(fp: Footprint, depth_slice: DepthSlice, rows: range, cols: range) -> list[list[int]]:
    taps = dict(zip(depth_slice.taps, depth_slice.sources))
    (h0, h1), (w0, w1) = fp.span[1], fp.span[2]
    grid = []
    for r in rows:
        row = []
        for c in cols:
            kind = fp.cell_kind(depth_slice.depth, r, c)
            if (r, c) in taps:
                row.append(TAP_INPUT if kind == INPUT else TAP_PADDING)
            elif h0 <= r <= h1 and w0 <= c <= w1:
                row.append(HOLE)
            else:
                row.append(kind)
        grid.append(row)
    return grid


def legend_categories(fp: Footprint) -> tuple[int, ...]:
    """Categories listed in a legend: inserted zeros only for a transposed layer."""
    if fp.transposed:
        return INPUT, PADDING, INSERTED, TAP_INPUT, TAP_PADDING, HOLE, SELECTED
    return INPUT, PADDING, TAP_INPUT, TAP_PADDING, HOLE, SELECTED


def category_names(lang: str, *, transposed: bool = False) -> list[str]:
    """Translated name of each category (index = category); a transposed layer's taps on zeros read "tap on a
    zero" (inserted or padding)."""
    names = [t(f"vol.legend.{name}", lang) for name in LEGEND]
    if transposed:
        names[TAP_PADDING] = t("vol.legend.tap_zero", lang)
    return names


def category_colorscale() -> list[list]:
    """A stepped colour scale mapping category ``i`` (z = i, zmin 0, zmax ``len(COLOURS)``) to ``COLOURS[i]``."""
    n = len(COLOURS)
    scale = []
    for i, colour in enumerate(COLOURS):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


def slice_title(depth_slice: DepthSlice, lang: str) -> str:
    """``d = 0 · kernel depth 1<br>9 taps: 6 input, 3 padding`` (from the ``vol.*`` catalogue); the slices of a
    :func:`transposed_footprint` take :func:`transposed_slice_title`."""
    if not depth_slice.is_padding:
        head = t("vol.slice.input", lang, d=depth_slice.input_depth, k=depth_slice.kernel_depth)
    elif depth_slice.source_depth is None:
        head = t("vol.slice.padding", lang, d=depth_slice.input_depth, k=depth_slice.kernel_depth)
    else:
        head = t("vol.slice.copy", lang, d=depth_slice.input_depth, source=depth_slice.source_depth,
                 k=depth_slice.kernel_depth)
    return head + "<br>" + t("vol.slice.taps", lang, taps=len(depth_slice.taps), input=depth_slice.reads_input,
                             padding=depth_slice.reads_padding)


def transposed_slice_title(depth_slice: DepthSlice, lang: str) -> str:
    """``grid d = 2 ← input depth 1 · weight depth 0 (flipped)<br>9 taps: 4 input, 5 zeros`` (``vol.t.*``)."""
    if depth_slice.inserted:
        head = t("vol.t.slice.zero", lang, d=depth_slice.input_depth, k=depth_slice.kernel_depth)
    elif depth_slice.is_padding:
        head = t("vol.t.slice.padding", lang, d=depth_slice.input_depth, k=depth_slice.kernel_depth)
    else:
        head = t("vol.t.slice.input", lang, d=depth_slice.input_depth, source=depth_slice.source_depth,
                 k=depth_slice.kernel_depth)
    return head + "<br>" + t("vol.t.slice.taps", lang, taps=len(depth_slice.taps), input=depth_slice.reads_input,
                             zeros=depth_slice.reads_padding)


def volume_figure(fp: Footprint, output_spatial: tuple[int, int, int], *, lang: str = "en", out_channel: int = 0,
                  columns: int = PANEL_COLUMNS):
    """The input depth slices one output element reads, one panel per kernel depth (its taps, the holes dilation
    leaves between them, padding cells and padding slices distinct), then the output slice with the element.

    Each slice panel shows at most ``MAX_SIDE`` padded cells per side around the footprint (more only when the
    dilated kernel itself is larger); axes are input coordinates, so padding has negative indices or indices
    ``≥ H``/``≥ W``. ``output_spatial``: the output's ``(D, H, W)``. Returns a ``plotly.graph_objects.Figure``.
    A transposed footprint (:func:`transposed_footprint`) is drawn over the zero-inserted grid: axes are zero-inserted
    coordinates (input element ``i`` at ``i·stride``), inserted zeros have their own colour, and the titles name
    the flipped weight depth.
    """
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    panels = list(fp.read_slices)
    count = len(panels) + 1
    if count > 4 and columns == PANEL_COLUMNS:
        columns = 3
    columns = max(1, min(columns, count))
    rows_n = -(-count // columns)
    titles = [(transposed_slice_title if fp.transposed else slice_title)(s, lang) for s in panels]
    d, h, w = fp.out_index
    titles.append(t("vol.panel.output", lang, channel=out_channel, d=d,
                    shape="×".join(map(str, output_spatial[1:]))))
    fig = make_subplots(rows=rows_n, cols=columns, subplot_titles=titles, horizontal_spacing=0.08,
                        vertical_spacing=VERTICAL_GAP_PX / (280 * rows_n))
    rows = _window_range(*fp.span[1], fp.padded_shape[1])
    cols = _window_range(*fp.span[2], fp.padded_shape[2])
    ys = [r - fp.before[1] for r in rows]
    xs = [c - fp.before[2] for c in cols]
    scale = category_colorscale()
    names = category_names(lang, transposed=fp.transposed)
    hover = t("vol.hover.cell", lang)
    for index, depth_slice in enumerate(panels):
        grid = _category_grid(fp, depth_slice, rows, cols)
        text = [[names[v] for v in row] for row in grid]
        fig.add_trace(go.Heatmap(z=grid, x=xs, y=ys, zmin=0, zmax=len(COLOURS), colorscale=scale, showscale=False,
                                 xgap=1, ygap=1, customdata=text, hovertemplate=hover + "<extra></extra>"),
                      row=index // columns + 1, col=index % columns + 1)
    out_rows = _window_range(h, h, output_spatial[1])
    out_cols = _window_range(w, w, output_spatial[2])
    out_grid = [[SELECTED if (r, c) == (h, w) else INPUT for c in out_cols] for r in out_rows]
    fig.add_trace(go.Heatmap(z=out_grid, x=list(out_cols), y=list(out_rows), zmin=0, zmax=len(COLOURS),
                             colorscale=scale, showscale=False, xgap=1, ygap=1,
                             hovertemplate=t("vol.hover.output", lang, d=d) + "<extra></extra>"),
                  row=(count - 1) // columns + 1, col=(count - 1) % columns + 1)
    for category in legend_categories(fp):
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=names[category], showlegend=True,
                                 marker=dict(symbol="square", size=12, color=COLOURS[category],
                                             line=dict(width=1, color="#777777")),
                                 hoverinfo="skip"))
    for i in range(1, rows_n * columns + 1):
        suffix = "" if i == 1 else str(i)
        fig.update_layout({f"xaxis{suffix}": dict(constrain="domain", fixedrange=True, dtick=1, tickfont=dict(size=9),
                                                  showgrid=False, zeroline=False),
                           f"yaxis{suffix}": dict(autorange="reversed", scaleanchor=f"x{suffix}", fixedrange=True,
                                                  dtick=1, tickfont=dict(size=9), constrain="domain",
                                                  showgrid=False, zeroline=False)})
    for annotation in fig.layout.annotations:
        annotation.font = dict(size=12)
    height = 110 + 280 * rows_n
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=50, b=60), plot_bgcolor="white", dragmode=False,
                      legend=dict(orientation="h", yanchor="top", y=-30 / (height - 110), x=0, font=dict(size=11)))
    return fig


def depth_figure(fp: Footprint, *, lang: str = "en"):
    """One row of the padded input's depth positions (at most ``MAX_DEPTHS`` around the span): input and padding
    slices, the slices the kernel reads (labelled with their kernel depth) and those dilation skips. Axis: input
    depth (padding slices below 0 or from D on). Transposed: the zero-inserted grid's depths, inserted-zero
    slices in their own colour, labels the flipped weight depths."""
    import plotly.graph_objects as go

    depths = _window_range(*fp.span[0], fp.padded_shape[0], MAX_DEPTHS)
    by_depth = {s.depth: s for s in fp.slices}
    row, text = [], []
    for depth in depths:
        kind = fp.axis_kind(0, depth)
        depth_slice = by_depth.get(depth)
        if depth_slice is None:
            row.append(kind)
            text.append("")
        elif depth_slice.kernel_depth is None:
            row.append(HOLE)
            text.append("·")
        else:
            row.append(TAP_INPUT if kind == INPUT else TAP_PADDING)
            text.append(str(depth_slice.kernel_depth))
    names = category_names(lang, transposed=fp.transposed)
    fig = go.Figure(go.Heatmap(
        z=[row], x=[depth - fp.before[0] for depth in depths], y=[0], zmin=0, zmax=len(COLOURS),
        colorscale=category_colorscale(), showscale=False, xgap=2, text=[text], texttemplate="%{text}",
        customdata=[[names[v] for v in row]], hovertemplate=t("vol.hover.depth", lang) + "<extra></extra>"))
    fig.update_layout(
        height=130, margin=dict(l=10, r=10, t=10, b=60), plot_bgcolor="white", dragmode=False,
        xaxis=dict(title=dict(text=t("vol.depth.x", lang), standoff=6, font=dict(size=12)),
                   dtick=1 if len(depths) <= 24 else 5, fixedrange=True,
                   showgrid=False, zeroline=False),
        yaxis=dict(visible=False, fixedrange=True))
    return fig


def gradient_counts(spec: ConvSpec, input_shape: tuple[int, ...], out_index, *, out_channel: int = 0) -> np.ndarray:
    """PyTorch's answer to :meth:`Footprint.counts`: the real module (``spec.to_module()``, every weight 1, no
    bias) on an input of ``input_shape`` with batch 1, the gradient of output ``y[0, out_channel, *out_index]``
    with respect to the input, shape ``(C_in, D, H, W)`` (zero outside the channel's group). A transposed layer
    builds ``torch.nn.ConvTranspose3d`` (weight ``(C_in, C_out/g, *k)``), whose gradient counts the same as
    :func:`transposed_footprint`. Raises ConvSpecError for an invalid layer or input."""
    import torch

    from convviz.layer.spec import conv_of

    spec.check_input(input_shape)
    module = spec.to_module()
    with torch.no_grad():
        conv_of(module).weight.fill_(1.0)
        if conv_of(module).bias is not None:
            conv_of(module).bias.zero_()
    x = torch.zeros((1, *input_shape[1:]), requires_grad=True)
    module(x)[(0, out_channel, *out_index)].backward()
    return x.grad[0].round().to(torch.int64).numpy()


def gradient_agrees(spec: ConvSpec, input_shape: tuple[int, ...], out_index, *, out_channel: int = 0) -> bool:
    """True when PyTorch's gradient (:func:`gradient_counts`: the real ``Conv3d`` or ``ConvTranspose3d``, every
    weight 1) counts as many taps per input element as the footprint (:meth:`Footprint.counts` of
    :func:`layer_footprint`): the same counts on every input channel of the output channel's group, and zero on the
    other channels. ``input_shape``: ``(N, C_in, D, H, W)`` (PyTorch runs batch 1); ``out_index``: ``(d, h, w)``.
    Raises ConvSpecError as :func:`layer_footprint` does.

    >>> grouped = ConvSpec(2, 4, 3, padding=1, dilation=2, groups=2, spatial_dims=3)
    >>> gradient_agrees(grouped, (1, 2, 5, 5, 5), (0, 1, 2), out_channel=3)
    True
    """
    fp = layer_footprint(spec, input_shape, out_index, out_channel=out_channel)
    grad = gradient_counts(spec, input_shape, out_index, out_channel=out_channel)
    counts = fp.counts()
    return all(np.array_equal(grad[ci], counts) if ci in fp.in_channels else not grad[ci].any()
               for ci in range(spec.in_channels))
