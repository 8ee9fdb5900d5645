"""The sliding-window animation of a 3-D layer (``Conv3d`` or ``ConvTranspose3d``): its plan and its plotly figure
with frames, drawn from the footprints of :mod:`convviz.animation.volume`. The GIF and the PNG of one step are
drawn from the same plan by :mod:`convviz.animation.export`.

>>> plan = plan_volume_animation(ConvSpec(1, 1, 3, padding=1, spatial_dims=3), (1, 1, 4, 4, 4))
>>> len(plan.steps), len(plan.frames), plan.cropped       # 4·4·4 output elements, one frame each
(64, 64, False)
>>> plan.mosaic_in.shape, plan.mosaic_out.shape           # padded input and output, (D, H, W)
((6, 6, 6), (4, 4, 4))
>>> len(volume_animation_figure(plan).frames)
64

What is drawn: the input's padded depth slices side by side as tiles (a *mosaic*, wrapping into rows), each
labelled with its depth ``d`` (padding slices below 0 and from ``D`` on), and under them the output's depth slices.
Step ``i`` is output element ``steps[i] = (d, h, w)`` in row-major order (along a row, then the next row, then the
next depth slice — the order of ``torch.nn.Conv3d``'s output). For it, each kernel depth lights its ``k_H × k_W``
taps in the depth slice it reads (orange on input elements, pink on padding or inserted zeros, pale yellow in the
holes dilation leaves), inside a dotted outline of the dilated kernel's extent; the output element is marked and
the outputs not yet computed are greyed. Cells are categories (input element, padding, inserted zero), not values.

A transposed layer is drawn in the gather view (Dumoulin & Visin 2016, relationship 14): its mosaic is the input
with ``stride − 1`` zeros inserted between neighbours in every dimension, padded by ``dilation·(k − 1) −
padding`` (:func:`convviz.animation.volume.transposed_footprint`); the flipped kernel moves over it with stride 1.

Limits: an input whose padded (or zero-inserted) grid exceeds ``MAX_GRID`` cells per dimension is cropped to its
first elements along each dimension (``plan.cropped``; never below what one output element needs; a layer whose
grid stays above ``MAX_GRID_HARD`` is refused); at most
``MAX_FRAMES`` frames, fewer when the overlays of ``MAX_FRAMES`` frames would exceed ``FRAME_BYTES`` of JSON —
then every ``thinning``-th step is a frame, and the last step always is
(:func:`convviz.animation.sliding.thinned_frames`).
Each frame moves only the overlay traces (``go.Frame(traces=[…])``) over static heatmaps, with fixed axis ranges,
so the figure's JSON stays under about 1 MB.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

from convviz.animation.sliding import play_controls, thinned_frames
from convviz.animation.volume import (
    COLOURS,
    HOLE,
    INPUT,
    SELECTED,
    TAP_INPUT,
    TAP_PADDING,
    Footprint,
    category_colorscale,
    category_names,
    layer_footprint,
    legend_categories,
)
from convviz.layer.errors import ConvSpecError
from convviz.layer.spec import ConvSpec
from convviz.plotting import PENDING_FILL, WINDOW_LINE
from convviz.text.i18n import t
from convviz.text.units import format_shape

MAX_GRID = 12             # padded (or zero-inserted) cells per dimension drawn; larger inputs are cropped
MAX_GRID_HARD = 32        # a layer whose smallest grid (a cropped input) is larger than this is refused
MAX_FRAMES = 200          # frames of the plotly animation
FRAME_BYTES = 700_000     # JSON budget of all frames' overlays and slider steps together (bytes)
MOSAIC_RATIO = 4.0        # tiles per row: the fewest that make the mosaic at least this many times wider than tall
MOSAIC_MAX_WIDTH = 100    # … or the most that fit in this many cells
FIGURE_WIDTH_PX = 480     # the width the figure's height is sized for (the explorer's results column at 1280 px)
OUTPUT_DONE = "#9CCBE8"   # computed output elements (pale blue; the chosen one is SELECTED vermillion)
TITLE_PX, GAP_PX, CONTROLS_PX, LEGEND_ROW_PX = 40, 18, 95, 21


@dataclass(frozen=True)
class Mosaic:
    """The depth slices of a ``(D, H, W)`` grid laid out as tiles, ``columns`` per row, left to right then down.

    Tile ``d`` has its top-left cell at :meth:`origin` ``(row, col)`` in mosaic coordinates; one row above each
    row of tiles holds the tiles' labels and one column separates neighbouring tiles. ``size`` is the mosaic's
    ``(rows, cols)`` in cells."""

    shape: tuple[int, int, int]
    columns: int

    def origin(self, depth: int) -> tuple[int, int]:
        _, h, w = self.shape
        return (depth // self.columns) * (h + 1) + 1, (depth % self.columns) * (w + 1)

    @property
    def size(self) -> tuple[int, int]:
        d, h, w = self.shape
        return -(-d // self.columns) * (h + 1), self.columns * (w + 1) - 1

    def cell(self, depth: int, row: int, col: int) -> tuple[int, int]:
        """Mosaic ``(row, col)`` of grid cell ``(depth, row, col)``."""
        r0, c0 = self.origin(depth)
        return r0 + row, c0 + col


def mosaic_for(shape: tuple[int, int, int], *, ratio: float = MOSAIC_RATIO,
               max_width: int = MOSAIC_MAX_WIDTH) -> Mosaic:
    """A :class:`Mosaic` of ``shape`` ``(D, H, W)``: the fewest tiles per row that make it ``ratio`` times wider
    than tall, or as many as fit in ``max_width`` cells (at least one, at most ``D``)."""
    d, h, w = shape
    for columns in range(1, d + 1):
        mosaic = Mosaic(shape, columns)
        rows, cols = mosaic.size
        if cols >= ratio * rows or cols + w + 1 > max_width:
            return mosaic
    return Mosaic(shape, d)


@dataclass(frozen=True)
class VolumePlan:
    """Every step of a 3-D layer's animation.

    ``input_shape``: the ``(1, C_in, D, H, W)`` drawn (cropped if ``cropped``), ``full_input_shape`` the user's;
    ``output_spatial``: the output's ``(D, H, W)`` on the drawn input; ``steps[i]``: output element ``(d, h, w)``
    of step ``i`` (row-major); ``frames``: the step indices drawn as plotly frames; ``mosaic_in``: the padded
    (transposed: zero-inserted and padded) input's tiles, ``mosaic_out`` the output's; ``grid``: the footprint of
    step 0, whose ``padded_shape``, ``before`` and :meth:`~convviz.animation.volume.Footprint.cell_kind` describe the
    grid.
    """

    spec: ConvSpec
    input_shape: tuple[int, ...]
    full_input_shape: tuple[int, ...]
    out_channel: int
    output_spatial: tuple[int, int, int]
    steps: tuple[tuple[int, int, int], ...]
    frames: tuple[int, ...]
    thinning: int
    mosaic_in: Mosaic
    mosaic_out: Mosaic
    grid: Footprint

    @property
    def cropped(self) -> bool:
        return tuple(self.input_shape[2:]) != tuple(self.full_input_shape[2:])

    @property
    def transposed(self) -> bool:
        return self.spec.transposed

    @property
    def in_channel(self) -> int:
        """The input channel drawn: the first of the group that ``out_channel`` reads."""
        return self.grid.in_channels.start

    def footprint(self, step: int) -> Footprint:
        """The footprint of ``steps[step]`` (:func:`convviz.animation.volume.layer_footprint`)."""
        return layer_footprint(self.spec, self.input_shape, self.steps[step], out_channel=self.out_channel)


def _crop(spec: ConvSpec, input_shape: tuple[int, ...], max_grid: int) -> tuple[int, ...]:
    """``(1, C_in, D, H, W)``: the input cut to its first elements so that the padded (or zero-inserted) grid has at
    most ``max_grid`` cells per dimension, but never so small that the layer refuses it or has no output."""
    if spec.transposed:
        from convviz.lessons.transposed import crop_input

        return crop_input(spec, input_shape, max_grid)
    pads = spec.padding_amounts(input_shape)
    sizes = [min(size, max(max_grid - before - after, 1)) for size, (before, after) in zip(input_shape[2:], pads)]
    while True:
        shape = (1, input_shape[1], *sizes)
        try:
            if all(o >= 1 for o in spec.output_spatial(shape)):
                return shape
        except ConvSpecError:
            pass
        if sizes == list(input_shape[2:]):
            return (1, *input_shape[1:])
        sizes = [min(n + 1, full) for n, full in zip(sizes, input_shape[2:])]


def plan_volume_animation(spec: ConvSpec, input_shape: tuple[int, ...], *, out_channel: int = 0,
                          max_grid: int = MAX_GRID, max_frames: int = MAX_FRAMES,
                          frame_bytes: int = FRAME_BYTES) -> VolumePlan:
    """Crop the input, list the steps and choose the frames of a 3-D layer's animation.

    ``input_shape``: ``(N, C_in, D, H, W)`` (the batch is not drawn). Frames: at most ``max_frames``, and at most
    as many as fit in ``frame_bytes`` of JSON (measured on step 0's overlay, the largest). Raises ConvSpecError:
    not a 3-D layer (``volume_dims``), an invalid layer or input, an output channel that does not exist, or a grid
    that even a cropped input makes larger than ``MAX_GRID_HARD`` cells per side (``volume_animation_size``: a large
    dilated kernel, or a transposed layer's stride and dilation)."""
    if spec.spatial_dims != 3:
        raise ConvSpecError(
            "volume_dims",
            f"the depth-slice view is for 3-D convolutions, not {spec.spatial_dims}-D; set spatial_dims=3",
            dims=spec.spatial_dims,
        )
    spec.check_input(input_shape)
    shape = _crop(spec, input_shape, max_grid)
    out = tuple(spec.output_spatial(shape))
    grid = layer_footprint(spec, shape, (0, 0, 0), out_channel=out_channel)
    for name, size in zip(spec.dim_names, grid.padded_shape):
        if size > MAX_GRID_HARD:
            raise ConvSpecError(
                "volume_animation_size",
                f"the 3-D animation draws grids of at most {MAX_GRID_HARD} cells per side, and this layer's "
                f"smallest grid has {size} on {name}; use a smaller kernel_size, dilation, stride or padding",
                limit=MAX_GRID_HARD, size=size, dim=name,
            )
    steps = tuple((d, h, w) for d in range(out[0]) for h in range(out[1]) for w in range(out[2]))
    mosaic_in, mosaic_out = mosaic_for(grid.padded_shape), mosaic_for(out)
    draft = VolumePlan(spec, shape, tuple(input_shape), out_channel, out, steps, (0,), 1, mosaic_in, mosaic_out,
                       grid)
    per_frame = len(json.dumps(_frame_payload(draft, 0))) + 60 + len(volume_step_label(draft, 0, "en")) * 2 + 200
    limit = max(2, min(max_frames, frame_bytes // per_frame))
    frames, thinning = thinned_frames(len(steps), limit)
    return VolumePlan(spec, shape, tuple(input_shape), out_channel, out, steps, frames, thinning, mosaic_in,
                      mosaic_out, grid)


# ---- overlays: what moves -------------------------------------------------------------------------------

@dataclass(frozen=True)
class VolumeOverlay:
    """The moving parts at one step, in mosaic coordinates.

    ``taps``: per kernel depth (in the order of ``Footprint.read_slices``), ``(row0, col0, z)``: the dilated
    kernel's extent in that slice as a small category grid (``TAP_INPUT``/``TAP_PADDING`` on taps, ``HOLE``
    between them) whose top-left cell is mosaic cell ``(row0, col0)``; ``outline``: x/y of one dotted rectangle per
    kernel depth around that extent; ``cell``: x/y of the output element's square; ``pending``: x/y of polygons over
    the output elements not computed yet (None separates polygons)."""

    taps: tuple[tuple[int, int, list[list[int]]], ...]
    outline: tuple[list, list]
    cell: tuple[list, list]
    pending: tuple[list, list]


def _rectangle(r0: float, c0: float, r1: float, c1: float) -> tuple[list, list]:
    return [c0, c1, c1, c0, c0], [r0, r0, r1, r1, r0]


def _pending(mosaic: Mosaic, index: tuple[int, int, int]) -> tuple[list, list]:
    """Polygons over the output elements after ``index`` in row-major order: the rest of its depth slice, then
    every later slice whole."""
    depth, h, w = index
    n_depth, rows, cols = mosaic.shape
    xs, ys = [], []

    def add(points: tuple[list, list]) -> None:
        if xs:
            xs.append(None)
            ys.append(None)
        xs.extend(points[0])
        ys.extend(points[1])

    r0, c0 = mosaic.origin(depth)
    if (h, w) != (rows - 1, cols - 1):
        left, right, bottom = c0 - 0.5, c0 + cols - 0.5, r0 + rows - 0.5
        add(([c0 + w + 0.5, right, right, left, left, c0 + w + 0.5, c0 + w + 0.5],
             [r0 + h - 0.5, r0 + h - 0.5, bottom, bottom, r0 + h + 0.5, r0 + h + 0.5, r0 + h - 0.5]))
    for later in range(depth + 1, n_depth):
        r0, c0 = mosaic.origin(later)
        add(_rectangle(r0 - 0.5, c0 - 0.5, r0 + rows - 0.5, c0 + cols - 0.5))
    return xs, ys


def volume_overlay(plan: VolumePlan, step: int) -> VolumeOverlay:
    """The :class:`VolumeOverlay` of ``steps[step]``, from its footprint (:meth:`VolumePlan.footprint`)."""
    fp = plan.footprint(step)
    (h0, h1), (w0, w1) = fp.span[1], fp.span[2]
    taps, out_x, out_y = [], [], []
    for depth_slice in fp.read_slices:
        z = [[HOLE] * (w1 - w0 + 1) for _ in range(h1 - h0 + 1)]
        for (r, c), _ in zip(depth_slice.taps, depth_slice.sources):
            z[r - h0][c - w0] = TAP_INPUT if fp.cell_kind(depth_slice.depth, r, c) == INPUT else TAP_PADDING
        row0, col0 = plan.mosaic_in.cell(depth_slice.depth, h0, w0)
        taps.append((row0, col0, z))
        xs, ys = _rectangle(row0 - 0.5, col0 - 0.5, row0 + h1 - h0 + 0.5, col0 + w1 - w0 + 0.5)
        if out_x:
            out_x.append(None)
            out_y.append(None)
        out_x += xs
        out_y += ys
    d, h, w = plan.steps[step]
    r, c = plan.mosaic_out.cell(d, h, w)
    return VolumeOverlay(tuple(taps), (out_x, out_y), _rectangle(r - 0.5, c - 0.5, r + 0.5, c + 0.5),
                         _pending(plan.mosaic_out, (d, h, w)))


def _frame_payload(plan: VolumePlan, step: int) -> list[dict]:
    """The overlay traces' data at ``step`` as plain dicts, in the order of the figure's overlay traces: one heatmap
    per kernel depth, the outline, the pending polygons, the output element."""
    over = volume_overlay(plan, step)
    data: list[dict] = [dict(type="heatmap", z=z, x0=col0, y0=row0) for row0, col0, z in over.taps]
    for xs, ys in (over.outline, over.pending, over.cell):
        data.append(dict(type="scatter", x=xs, y=ys))
    return data


# ---- labels ------------------------------------------------------------------------------------------

def volume_step_label(plan: VolumePlan, step: int, lang: str) -> str:
    """``'5/64 · y[0, 0, 0, 1, 0]'``: the step number and the output element it produces."""
    d, h, w = plan.steps[step]
    return f"{step + 1}/{len(plan.steps)} · y[0, {plan.out_channel}, {d}, {h}, {w}]"


def volume_panel_titles(plan: VolumePlan, lang: str) -> list[str]:
    """Titles of the input and output mosaics, with the shapes (``vol.anim.panel.*``)."""
    shape = "×".join(map(str, plan.input_shape[2:]))
    grid = "×".join(map(str, plan.grid.padded_shape))
    if plan.transposed:
        pads = plan.spec.padding_amounts(plan.input_shape)
        first = t("vol.anim.panel.tinput", lang, channel=plan.in_channel, shape=shape,
                  zeros=", ".join(str(s - 1) for s in plan.spec.stride), grid=grid,
                  pads=", ".join(f"{b}/{a}" for b, a in pads))
    else:
        key = "vol.anim.panel.input" if grid != shape else "vol.anim.panel.input.unpadded"
        first = t(key, lang, channel=plan.in_channel, shape=shape, padded=grid)
    second = t("vol.anim.panel.output", lang, channel=plan.out_channel, shape="×".join(map(str, plan.output_spatial)),
               channels=plan.spec.out_channels)
    return [first, second]


def describe_volume(plan: VolumePlan) -> dict[str, object]:
    """Numbers the page states: steps, frames, thinning, and the crop (full and shown input shapes), as
    :func:`convviz.animation.sliding.describe` gives them for 1-D/2-D (same keys, for the ``anim.*`` messages)."""
    return dict(steps=len(plan.steps), frames=len(plan.frames), thinning=plan.thinning, cropped=plan.cropped,
                full=format_shape(plan.full_input_shape), shown="×".join(map(str, plan.input_shape[2:])))


def input_categories(plan: VolumePlan) -> list[list[Optional[int]]]:
    """The input mosaic as rows of categories (``INPUT``, ``PADDING``, ``INSERTED``; None between tiles)."""
    rows, cols = plan.mosaic_in.size
    z: list[list[Optional[int]]] = [[None] * cols for _ in range(rows)]
    n_depth, height, width = plan.grid.padded_shape
    for depth in range(n_depth):
        r0, c0 = plan.mosaic_in.origin(depth)
        for r in range(height):
            for c in range(width):
                z[r0 + r][c0 + c] = plan.grid.cell_kind(depth, r, c)
    return z


def output_cells(plan: VolumePlan) -> list[list[Optional[int]]]:
    """The output mosaic: 0 on output elements, None between tiles."""
    rows, cols = plan.mosaic_out.size
    z: list[list[Optional[int]]] = [[None] * cols for _ in range(rows)]
    n_depth, height, width = plan.output_spatial
    for depth in range(n_depth):
        r0, c0 = plan.mosaic_out.origin(depth)
        for r in range(height):
            for c in range(width):
                z[r0 + r][c0 + c] = 0
    return z


def tile_labels(plan: VolumePlan) -> tuple[list[tuple[float, int, int]], list[tuple[float, int, int]]]:
    """``(x, y, d)`` of each tile's label in mosaic coordinates, for the input (``d`` = input or zero-inserted
    depth: the padded position minus the padding before) and the output."""
    n_depth, _, width = plan.grid.padded_shape
    inputs = []
    for depth in range(n_depth):
        r0, c0 = plan.mosaic_in.origin(depth)
        inputs.append((c0 + (width - 1) / 2, r0 - 1, depth - plan.grid.before[0]))
    outputs = []
    for depth in range(plan.output_spatial[0]):
        r0, c0 = plan.mosaic_out.origin(depth)
        outputs.append((c0 + (plan.output_spatial[2] - 1) / 2, r0 - 1, depth))
    return inputs, outputs


# ---- the plotly figure ---------------------------------------------------------------------------------

def _layout_px(plan: VolumePlan) -> tuple[float, float, float]:
    """``(cell, input, output)`` heights in pixels: square cells sized so the wider mosaic fills the width."""
    rows_in, cols_in = plan.mosaic_in.size
    rows_out, cols_out = plan.mosaic_out.size
    cell = min(24.0, max(4.0, FIGURE_WIDTH_PX / max(cols_in, cols_out)))
    return cell, rows_in * cell, rows_out * cell


def volume_animation_figure(plan: VolumePlan, *, lang: str = "en", step: int = 0, animate: bool = True):
    """The plotly figure of ``plan`` with the overlay at ``step`` and one frame per ``plan.frames``.

    Traces: 0 the input mosaic (category heatmap, the colours of :mod:`convviz.animation.volume`), 1 the output
    mosaic, then
    legend entries (empty scatters), then the overlay traces that frames move — one heatmap per kernel depth (its
    taps and holes), the dotted outlines, the pending outputs, the output element. Axes are mosaic cells with fixed
    ranges; tile labels ``d=…`` are annotations. Play (slow, fast), pause and a step slider whose labels read
    :func:`volume_step_label`. With ``animate=False``: no frames and no controls, the still picture of ``step``.
    Returns a ``plotly.graph_objects.Figure``.
    """
    import plotly.graph_objects as go

    if not 0 <= step < len(plan.steps):
        raise IndexError(f"step {step} is outside 0 … {len(plan.steps) - 1}")
    names = category_names(lang, transposed=plan.transposed)
    scale = category_colorscale()
    n_colours = len(COLOURS)
    fig = go.Figure()
    fig.add_trace(go.Heatmap(z=input_categories(plan), zmin=0, zmax=n_colours, colorscale=scale, showscale=False,
                             xgap=1, ygap=1, hoverinfo="skip", xaxis="x", yaxis="y"))
    fig.add_trace(go.Heatmap(z=output_cells(plan), zmin=0, zmax=1, colorscale=[[0, OUTPUT_DONE], [1, OUTPUT_DONE]],
                             showscale=False, xgap=1, ygap=1, hoverinfo="skip", xaxis="x2", yaxis="y2"))
    legend = [(COLOURS[c], names[c]) for c in legend_categories(plan.grid) if c != SELECTED]
    legend += [(OUTPUT_DONE, t("vol.legend.done", lang)), (PENDING_FILL, t("vol.legend.pending", lang)),
               (COLOURS[SELECTED], names[SELECTED])]
    for colour, name in legend:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=name, showlegend=True, hoverinfo="skip",
                                 marker=dict(symbol="square", size=12, color=colour,
                                             line=dict(width=1, color="#777777"))))
    over = volume_overlay(plan, step)
    overlay_traces = []
    for row0, col0, z in over.taps:
        overlay_traces.append(len(fig.data))
        fig.add_trace(go.Heatmap(z=z, x0=col0, y0=row0, dx=1, dy=1, zmin=0, zmax=n_colours, colorscale=scale,
                                 showscale=False, xgap=1, ygap=1, hoverinfo="skip", xaxis="x", yaxis="y"))
    for (xs, ys), axes, style in (
            (over.outline, ("x", "y"), dict(line=dict(color=WINDOW_LINE, width=2, dash="dot"))),
            (over.pending, ("x2", "y2"), dict(fill="toself", fillcolor=PENDING_FILL, line=dict(width=0))),
            (over.cell, ("x2", "y2"), dict(fill="toself", fillcolor=COLOURS[SELECTED],
                                           line=dict(color=WINDOW_LINE, width=2)))):
        overlay_traces.append(len(fig.data))
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", xaxis=axes[0], yaxis=axes[1], hoverinfo="skip",
                                 showlegend=False, **style))
    if animate:
        fig.frames = [go.Frame(name=str(k), data=_frame_payload(plan, k), traces=overlay_traces)
                      for k in plan.frames]

    cell, in_px, out_px = _layout_px(plan)
    controls = CONTROLS_PX if animate else 10
    paper = controls + out_px + TITLE_PX + GAP_PX + in_px + TITLE_PX
    out_domain = [controls / paper, (controls + out_px) / paper]
    in_bottom = (controls + out_px + TITLE_PX + GAP_PX) / paper
    in_domain = [in_bottom, min(1.0, in_bottom + in_px / paper)]
    legend_px = LEGEND_ROW_PX * -(-len(legend) // 2) + 8   # two entries a row, at any width (a phone too)
    layout: dict = dict(height=round(paper + legend_px + 10), margin=dict(l=10, r=10, t=legend_px, b=10),
                        plot_bgcolor="white", dragmode=False,
                        legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom", xanchor="left",
                                    entrywidth=0.5, entrywidthmode="fraction", font=dict(size=11)))
    for suffix, mosaic, domain in (("", plan.mosaic_in, in_domain), ("2", plan.mosaic_out, out_domain)):
        rows, cols = mosaic.size
        hidden = dict(showgrid=False, zeroline=False, showticklabels=False, ticks="", fixedrange=True,
                      constrain="domain")
        layout[f"xaxis{suffix}"] = dict(hidden, range=[-0.5, cols - 0.5], anchor=f"y{suffix}")
        layout[f"yaxis{suffix}"] = dict(hidden, range=[rows - 0.5, -0.5], domain=domain, anchor=f"x{suffix}",
                                        scaleanchor=f"x{suffix}", scaleratio=1)
    titles = volume_panel_titles(plan, lang)
    annotations = [dict(text=titles[0], x=0, y=in_domain[1], xref="paper", yref="paper", xanchor="left",
                        yanchor="bottom", showarrow=False, align="left", font=dict(size=12)),
                   dict(text=titles[1], x=0, y=out_domain[1], xref="paper", yref="paper", xanchor="left",
                        yanchor="bottom", showarrow=False, align="left", font=dict(size=12))]
    inputs, outputs = tile_labels(plan)
    font = dict(size=max(8, min(11, round(cell * 0.9))), color="#555555")
    for (x, y, d), axes in [(label, ("x", "y")) for label in inputs] + [(label, ("x2", "y2")) for label in outputs]:
        annotations.append(dict(text=t("vol.anim.tile", lang, d=d), x=x, y=y, xref=axes[0], yref=axes[1],
                                showarrow=False, font=font))
    layout["annotations"] = annotations
    if not animate:
        fig.update_layout(**layout)
        return fig
    layout.update(play_controls(lang, plan.frames, [volume_step_label(plan, k, lang) for k in plan.frames],
                                step=step, buttons_y=(controls - 8) / paper, slider_y=(controls - 48) / paper,
                                fast_ms=150))
    fig.update_layout(**layout)
    return fig

