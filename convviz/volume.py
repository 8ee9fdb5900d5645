"""A 3-D convolution seen slice by slice: which input depth slices, and which cells in each, one output element reads.

>>> spec = ConvSpec(1, 1, 3, padding=1, spatial_dims=3)
>>> fp = footprint(spec, (1, 1, 4, 4, 4), (0, 0, 0))
>>> [(s.input_depth, s.kernel_depth, len(s.taps), s.reads_input) for s in fp.slices]
[(-1, 0, 9, 0), (0, 1, 9, 4), (1, 2, 9, 4)]
>>> int(fp.counts().sum())                      # 8 of the 27 taps read input elements, 19 read padding zeros
8

Coordinates (PyTorch docs of ``nn.Conv3d``; Dumoulin & Visin 2016, section 5): output element ``(d, h, w)`` reads
the padded input at ``(d·s_D + t_D·dil_D, h·s_H + t_H·dil_H, w·s_W + t_W·dil_W)`` for every kernel tap
``(t_D, t_H, t_W)`` — :func:`convviz.window.window` gives the taps. Grouped by depth, kernel depth ``t_D`` reads
one padded depth slice with ``k_H·k_W`` taps; the slices between two kernel depths (``dil_D − 1`` of them) are
skipped — the holes dilation leaves in depth — and the taps inside a slice are ``dil_H``/``dil_W`` apart, with holes
between them. A padded depth outside ``0 … D − 1`` is a padding slice: zeros (``padding_mode='zeros'``) or a copy
of an input slice (reflect, replicate, circular). :meth:`Footprint.counts` is how many taps read each input
element, which equals the gradient of that output with respect to the input when every weight is 1 (checked
against ``torch.nn.Conv3d`` in ``tests/test_volume.py``).

Figures are built from plain lists (no numpy arrays inside), so their JSON is readable in tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from convviz.errors import ConvSpecError
from convviz.i18n import t
from convviz.spec import ConvSpec
from convviz.window import padded_sources, window

MAX_SIDE = 15        # padded cells per side drawn in a slice panel (a window around the footprint)
MAX_DEPTHS = 41      # padded depth positions drawn in the depth strip
PANEL_COLUMNS = 2    # slice panels per row of the figure (3 when there are more than four panels)

# Categories of a drawn cell, and their colours (Okabe & Ito 2008, colour-blind safe).
INPUT, PADDING, TAP_INPUT, TAP_PADDING, HOLE, SELECTED = range(6)
COLOURS = ("#F2F2F2", "#BDBDBD", "#E69F00", "#CC79A7", "#FFF7D6", "#D55E00")
LEGEND = ("input", "padding", "tap_input", "tap_padding", "hole", "selected")


@dataclass(frozen=True)
class DepthSlice:
    """One padded depth position inside the dilated kernel's depth span.

    ``depth``: padded position; ``input_depth = depth − front padding`` (outside ``0 … D − 1``: a padding slice);
    ``source_depth``: the input slice it holds (None: zeros); ``kernel_depth``: the kernel depth tap read here, None
    for a slice skipped by dilation (no taps); ``taps``: padded ``(row, col)`` of each tap, row-major over
    ``(k_H, k_W)``; ``sources``: the input element ``(d, h, w)`` each tap reads, None for a zero of the padding."""

    depth: int
    input_depth: int
    source_depth: Optional[int]
    kernel_depth: Optional[int]
    taps: tuple[tuple[int, int], ...]
    sources: tuple[Optional[tuple[int, int, int]], ...]

    @property
    def is_padding(self) -> bool:
        return self.source_depth is None or self.source_depth != self.input_depth

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
    ``slices``: every padded depth from ``span[0][0]`` to ``span[0][1]``, kernel depths and holes."""

    out_index: tuple[int, int, int]
    padded_shape: tuple[int, int, int]
    before: tuple[int, int, int]
    input_spatial: tuple[int, int, int]
    span: tuple[tuple[int, int], ...]
    slices: tuple[DepthSlice, ...]
    in_channels: range

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
            inside = 0 <= r - fp.before[1] < fp.input_spatial[1] and 0 <= c - fp.before[2] < fp.input_spatial[2]
            inside = inside and not depth_slice.is_padding
            if (r, c) in taps:
                row.append(TAP_INPUT if inside else TAP_PADDING)
            elif h0 <= r <= h1 and w0 <= c <= w1:
                row.append(HOLE)
            else:
                row.append(INPUT if inside else PADDING)
        grid.append(row)
    return grid


def _colorscale() -> list[list]:
    """A stepped colour scale mapping category ``i`` (z = i, zmin 0, zmax 5) to ``COLOURS[i]``."""
    n = len(COLOURS)
    scale = []
    for i, colour in enumerate(COLOURS):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


def slice_title(depth_slice: DepthSlice, lang: str) -> str:
    """``d = 0 · kernel depth 1<br>9 taps: 6 input, 3 padding`` (from the ``vol.*`` catalogue)."""
    if not depth_slice.is_padding:
        head = t("vol.slice.input", lang, d=depth_slice.input_depth, k=depth_slice.kernel_depth)
    elif depth_slice.source_depth is None:
        head = t("vol.slice.padding", lang, d=depth_slice.input_depth, k=depth_slice.kernel_depth)
    else:
        head = t("vol.slice.copy", lang, d=depth_slice.input_depth, source=depth_slice.source_depth,
                 k=depth_slice.kernel_depth)
    return head + "<br>" + t("vol.slice.taps", lang, taps=len(depth_slice.taps), input=depth_slice.reads_input,
                             padding=depth_slice.reads_padding)


def volume_figure(fp: Footprint, output_spatial: tuple[int, int, int], *, lang: str = "en", out_channel: int = 0,
                  columns: int = PANEL_COLUMNS):
    """The input depth slices one output element reads, one panel per kernel depth (its taps, the holes dilation
    leaves between them, padding cells and padding slices distinct), then the output slice with the element.

    Each slice panel shows at most ``MAX_SIDE`` padded cells per side around the footprint (more only when the
    dilated kernel itself is larger); axes are input coordinates, so padding has negative indices or indices
    ``≥ H``/``≥ W``. ``output_spatial``: the output's ``(D, H, W)``. Returns a ``plotly.graph_objects.Figure``.
    """
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    panels = list(fp.read_slices)
    count = len(panels) + 1
    if count > 4 and columns == PANEL_COLUMNS:
        columns = 3
    columns = max(1, min(columns, count))
    rows_n = -(-count // columns)
    titles = [slice_title(s, lang) for s in panels]
    d, h, w = fp.out_index
    titles.append(t("vol.panel.output", lang, channel=out_channel, d=d,
                    shape="×".join(map(str, output_spatial[1:]))))
    fig = make_subplots(rows=rows_n, cols=columns, subplot_titles=titles, horizontal_spacing=0.08,
                        vertical_spacing=min(0.1, 0.45 / rows_n))
    rows = _window_range(*fp.span[1], fp.padded_shape[1])
    cols = _window_range(*fp.span[2], fp.padded_shape[2])
    ys = [r - fp.before[1] for r in rows]
    xs = [c - fp.before[2] for c in cols]
    scale = _colorscale()
    names = [t(f"vol.legend.{name}", lang) for name in LEGEND]
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
    for category in (INPUT, PADDING, TAP_INPUT, TAP_PADDING, HOLE, SELECTED):
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
    depth (padding slices below 0 or from D on)."""
    import plotly.graph_objects as go

    depths = _window_range(*fp.span[0], fp.padded_shape[0], MAX_DEPTHS)
    by_depth = {s.depth: s for s in fp.slices}
    row, text = [], []
    for depth in depths:
        padding = not 0 <= depth - fp.before[0] < fp.input_spatial[0]
        depth_slice = by_depth.get(depth)
        if depth_slice is None:
            row.append(PADDING if padding else INPUT)
            text.append("")
        elif depth_slice.kernel_depth is None:
            row.append(HOLE)
            text.append("·")
        else:
            row.append(TAP_PADDING if padding else TAP_INPUT)
            text.append(str(depth_slice.kernel_depth))
    names = [t(f"vol.legend.{name}", lang) for name in LEGEND]
    fig = go.Figure(go.Heatmap(
        z=[row], x=[depth - fp.before[0] for depth in depths], y=[0], zmin=0, zmax=len(COLOURS),
        colorscale=_colorscale(), showscale=False, xgap=2, text=[text], texttemplate="%{text}",
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
    with respect to the input, shape ``(C_in, D, H, W)`` (zero outside the channel's group). Raises ConvSpecError
    for an invalid layer or input."""
    import torch

    from convviz.spec import conv_of

    spec.check_input(input_shape)
    module = spec.to_module()
    with torch.no_grad():
        conv_of(module).weight.fill_(1.0)
        if conv_of(module).bias is not None:
            conv_of(module).bias.zero_()
    x = torch.zeros((1, *input_shape[1:]), requires_grad=True)
    module(x)[(0, out_channel, *out_index)].backward()
    return x.grad[0].round().to(torch.int64).numpy()
