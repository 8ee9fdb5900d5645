"""The sliding-window animation of one layer (or a depthwise-separable pair), as a plotly figure with frames.

>>> plan = plan_animation(ConvSpec(1, 1, 3, dilation=2), (1, 1, 7, 7))     # the article's dilated example
>>> len(plan.steps), len(plan.frames), plan.cropped                         # 3·3 output cells, one frame each
(9, 9, False)
>>> fig = animation_figure(plan, lang="en")
>>> len(fig.frames)
9

What is drawn, per layer: its (padded) input — padding cells grey, labelled with the value they hold (0, or the
input element they copy for reflect/replicate/circular) — and its output, which fills in as the window moves.
The window is the kernel's taps (filled squares; the holes dilation leaves stay empty) inside the dilated
kernel's outline, stepping by the stride in row-major order. Values are a real PyTorch run
(:func:`convviz.runtime.engine.run_conv`: small-integer inputs and weights). A depthwise-separable pair animates its
layers one after the other: input → depthwise output → pointwise output.

Limits: inputs larger than ``MAX_INPUT`` per dimension are cropped to their top-left ``MAX_INPUT`` (the layer is
run on that crop, and the plan says so); at most ``MAX_FRAMES`` frames — beyond that every k-th step is drawn
(``plan.thinning``). Each frame updates only the overlay traces (``go.Frame(traces=[…])``); the grids are
static, so the figure's JSON stays small.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import plotly.graph_objects as go

from convviz.animation.window import padded_sources, window
from convviz.layer.spec import ConvSpec
from convviz.plotting import (
    PADDING_GREY,
    PENDING_FILL,
    TAP_FILL,
    VALUE_SCALE,
    WINDOW_LINE,
)
from convviz.runtime.engine import RunResult, make_module, run_conv
from convviz.text.i18n import t
from convviz.text.units import format_number, format_shape

MAX_INPUT = 32      # cells per spatial dimension drawn one by one; larger inputs are cropped
MAX_FRAMES = 400    # frames of the plotly animation
VALUE_TEXT_MAX = 12  # grids up to this many cells per side show their numbers
STRIP_HEIGHT = 320    # the figure of a 1-D signal (one row of cells), pixels


@dataclass(frozen=True)
class LayerPlan:
    """One animated layer, in 2-D display coordinates ``(row, column)`` (a 1-D layer is one row).

    ``input_shape``: the input it runs on (cropped if ``cropped``; batch 1), ``full_input_shape`` the user's;
    ``in_channel`` the input channel drawn (the first of the group feeding ``out_channel``);
    ``padded_values``: the padded input of that channel, rows of values, None on padding cells;
    ``padding_labels``: on padding cells the value it holds as text, and what it copies, else None;
    ``output_values``: rows of the output channel ``out_channel``, as PyTorch computed them.
    """

    spec: ConvSpec
    input_shape: tuple[int, ...]
    full_input_shape: tuple[int, ...]
    cropped: bool
    out_channel: int
    in_channel: int
    before: tuple[int, int]
    padded_values: tuple[tuple[Optional[float], ...], ...]
    padding_labels: tuple[tuple[Optional[str], ...], ...]
    output_values: tuple[tuple[float, ...], ...]
    run: Optional[RunResult] = None

    @property
    def padded_size(self) -> tuple[int, int]:
        return len(self.padded_values), len(self.padded_values[0])

    @property
    def out_size(self) -> tuple[int, int]:
        return len(self.output_values), len(self.output_values[0])

    def taps(self, cell: tuple[int, int]) -> list[tuple[int, int]]:
        """Padded ``(row, column)`` of every tap of the window that produces output ``cell``."""
        win = window(self.spec, self.input_shape, _from_display(self.spec, cell), out_channel=self.out_channel)
        return [_to_display(self.spec, p) for p in win.taps_padded]


def _to_display(spec: ConvSpec, index) -> tuple[int, int]:
    return (0, int(index[0])) if spec.spatial_dims == 1 else (int(index[0]), int(index[1]))


def _from_display(spec: ConvSpec, cell: tuple[int, int]) -> tuple[int, ...]:
    return (cell[1],) if spec.spatial_dims == 1 else tuple(cell)


@dataclass(frozen=True)
class AnimationPlan:
    """Every step of the animation: ``steps[i] = (layer, (row, column))`` of the output cell produced, in
    order; ``frames`` the indices of the steps drawn as plotly frames (all of them, or every ``thinning``-th
    and the last)."""

    layers: tuple[LayerPlan, ...]
    steps: tuple[tuple[int, tuple[int, int]], ...]
    frames: tuple[int, ...]
    thinning: int

    @property
    def cropped(self) -> bool:
        return any(layer.cropped for layer in self.layers)


def _crop(spec: ConvSpec, input_shape: tuple[int, ...], max_input: int) -> tuple[int, ...]:
    spatial = tuple(min(size, max(max_input, k)) for size, k in zip(input_shape[2:], spec.effective_kernel_size))
    return (1, input_shape[1], *spatial)


def _grid(spec: ConvSpec, rows) -> tuple[tuple, ...]:
    """A tensor ``(*spatial)`` as display rows."""
    values = rows.tolist()
    return (tuple(values),) if spec.spatial_dims == 1 else tuple(tuple(r) for r in values)


def _layer_plan(spec: ConvSpec, shape: tuple[int, ...], full_shape: tuple[int, ...], run: RunResult,
                out_channel: int) -> LayerPlan:
    in_channel = window(spec, shape, (0,) * spec.spatial_dims, out_channel=out_channel).in_channels.start
    x = run.input.detach().cpu()[0, in_channel]
    sources = padded_sources(spec, shape)
    if spec.spatial_dims == 1:
        sources = ((0,), sources[0])
        x = x.reshape(1, -1)
    before = (0, spec.before_padding()[0]) if spec.spatial_dims == 1 else tuple(spec.before_padding())
    values, labels = [], []
    for r, source_r in enumerate(sources[0]):
        value_row, label_row = [], []
        for c, source_c in enumerate(sources[1]):
            inside = (r - before[0], c - before[1])
            real = 0 <= inside[0] < x.shape[0] and 0 <= inside[1] < x.shape[1]
            if real:
                value_row.append(float(x[inside]))
                label_row.append(None)
            elif source_r is None or source_c is None:
                value_row.append(None)
                label_row.append("0")
            else:
                value_row.append(None)
                label_row.append(format_number(float(x[source_r, source_c])))
        values.append(tuple(value_row))
        labels.append(tuple(label_row))
    output = _grid(spec, run.output.detach().cpu()[0, out_channel])
    cropped = tuple(shape[2:]) != tuple(full_shape[2:])
    return LayerPlan(spec, shape, full_shape, cropped, out_channel, in_channel, before, tuple(values),
                     tuple(labels), output, run)


def plan_animation(spec: ConvSpec, input_shape: tuple[int, ...], pointwise: Optional[ConvSpec] = None, *,
                   out_channel: int = 0, max_input: int = MAX_INPUT, max_frames: int = MAX_FRAMES,
                   seed: int = 0) -> AnimationPlan:
    """Run the layer (and ``pointwise`` after it) on the input, cropped to ``max_input`` per dimension, and list
    the steps. 1-D and 2-D layers; raises ConvSpecError for an invalid layer or input, or a 3-D layer."""
    from convviz.layer.errors import ConvSpecError

    if spec.spatial_dims not in (1, 2):
        raise ConvSpecError("animation_dims", f"the animation draws 1-D and 2-D layers, not {spec.spatial_dims}-D; "
                            f"set spatial_dims to 1 or 2", dims=spec.spatial_dims)
    spec.check_input(input_shape)
    shape = _crop(spec, input_shape, max_input)
    run = run_conv(spec, shape, seed=seed)
    first = _layer_plan(spec, shape, input_shape, run, out_channel)
    layers = [first]
    if pointwise is not None:
        import torch

        module = make_module(pointwise, seed=seed + 10)
        with torch.inference_mode():
            y = module(run.output)
        second_run = RunResult(output=y, input=run.output, module=module, device=run.device)
        full_mid = spec.output_shape(input_shape)
        layers.append(_layer_plan(pointwise, tuple(run.output.shape), full_mid, second_run, 0))
    steps = tuple((i, (r, c)) for i, layer in enumerate(layers)
                  for r in range(layer.out_size[0]) for c in range(layer.out_size[1]))
    frames, thinning = thinned_frames(len(steps), max_frames)
    return AnimationPlan(tuple(layers), steps, frames, thinning)


def thinned_frames(step_count: int, max_frames: int) -> tuple[tuple[int, ...], int]:
    """``(frames, thinning)``: every ``thinning``-th step index, at most ``max_frames`` of them, always ending
    on the last step (so the animation finishes with the whole output)."""
    thinning = max(1, math.ceil(step_count / max_frames))
    frames = list(range(0, step_count, thinning))
    if frames[-1] != step_count - 1:
        if len(frames) >= max_frames:
            frames[-1] = step_count - 1
        else:
            frames.append(step_count - 1)
    return tuple(frames), thinning


# ---- overlays: what moves --------------------------------------------------------------------------------

def _squares(cells, half: float) -> tuple[list, list]:
    """One closed square path per cell, separated by None (a single scatter trace draws them all)."""
    xs, ys = [], []
    for r, c in cells:
        xs += [c - half, c + half, c + half, c - half, c - half, None]
        ys += [r - half, r - half, r + half, r + half, r - half, None]
    return xs, ys


def _pending(out_size: tuple[int, int], cell: Optional[tuple[int, int]]) -> tuple[list, list]:
    """Polygon over the output cells not yet computed after ``cell`` (row-major); all of them for None."""
    rows, cols = out_size
    if cell is None:
        return [-0.5, cols - 0.5, cols - 0.5, -0.5, -0.5], [-0.5, -0.5, rows - 0.5, rows - 0.5, -0.5]
    r, c = cell
    if r == rows - 1 and c == cols - 1:
        return [], []
    return ([c + 0.5, cols - 0.5, cols - 0.5, -0.5, -0.5, c + 0.5, c + 0.5],
            [r - 0.5, r - 0.5, rows - 0.5, rows - 0.5, r + 0.5, r + 0.5, r - 0.5])


@dataclass(frozen=True)
class Overlay:
    """The moving parts for one layer at one step, as x/y lists of its four traces."""

    taps: tuple[list, list]
    outline: tuple[list, list]
    cell: tuple[list, list]
    pending: tuple[list, list]


def overlays(plan: AnimationPlan, step: int) -> list[Overlay]:
    """Per layer, the overlay at ``steps[step]``: the window and output cell of the active layer, finished
    output for earlier layers, empty output for later ones."""
    active, cell = plan.steps[step]
    result = []
    for i, layer in enumerate(plan.layers):
        if i == active:
            taps = layer.taps(cell)
            rows = [r for r, _ in taps]
            cols = [c for _, c in taps]
            outline = ([min(cols) - 0.5, max(cols) + 0.5, max(cols) + 0.5, min(cols) - 0.5, min(cols) - 0.5],
                       [min(rows) - 0.5, min(rows) - 0.5, max(rows) + 0.5, max(rows) + 0.5, min(rows) - 0.5])
            result.append(Overlay(_squares(taps, 0.4), outline, _squares([cell], 0.5), _pending(layer.out_size, cell)))
        else:
            pending = ([], []) if i < active else _pending(layer.out_size, None)
            result.append(Overlay(([], []), ([], []), ([], []), pending))
    return result


# ---- the plotly figure -------------------------------------------------------------------------------------

def _axis(n: int, before: int = 0) -> dict:
    """Cells ``0 … n − 1`` of the padded grid, labelled with input indices (padding before index 0 is negative)."""
    every = max(1, n // 8)
    ticks = [p for p in range(n) if (p - before) % every == 0]
    return dict(range=[-0.5, n - 0.5], showgrid=False, zeroline=False, tickmode="array", tickvals=ticks,
                ticktext=[str(p - before) for p in ticks], fixedrange=True, constrain="domain")


def step_label(plan: AnimationPlan, step: int, lang: str) -> str:
    """``'4/9 · y[0, 0, 1, 0]'``: the step number and the output element it produces (display coordinates)."""
    layer_index, cell = plan.steps[step]
    layer = plan.layers[layer_index]
    index = ", ".join(str(i) for i in _from_display(layer.spec, cell))
    prefix = t("anim.layer_short", lang, n=layer_index + 1) if len(plan.layers) > 1 else ""
    return f"{step + 1}/{len(plan.steps)} · {prefix}y[0, {layer.out_channel}, {index}]"


def panel_titles(plan: AnimationPlan, lang: str) -> list[str]:
    """Titles of the panels, with the shapes: input (padded), then each layer's output."""
    first = plan.layers[0]
    spatial = "×".join(str(s) for s in first.input_shape[2:])
    padded = "×".join(str(s) for s in (first.padded_size if first.spec.spatial_dims == 2 else first.padded_size[1:]))
    key = "anim.panel.input" if padded != spatial else "anim.panel.input.unpadded"
    titles = [t(key, lang, channel=first.in_channel, shape=spatial, padded=padded)]
    for i, layer in enumerate(plan.layers):
        out = "×".join(str(s) for s in layer.spec.output_spatial(layer.input_shape))
        key = "anim.panel.output" if i == len(plan.layers) - 1 else "anim.panel.middle"
        titles.append(t(key, lang, channel=layer.out_channel, shape=out, channels=layer.spec.out_channels))
    return titles


def play_controls(lang: str, frames: list[int], labels: list[str], *, step: int, buttons_y: float, slider_y: float,
                  fast_ms: int, play_ms: int = 600) -> dict[str, list[dict]]:
    """The ``updatemenus`` (Play, Fast, Pause buttons) and ``sliders`` (one step per frame, labelled ``labels``)
    layout entries of an animated figure whose frames are named ``str(k)`` for ``k`` in ``frames``; the slider
    starts on the last frame at or before ``step``. Frames are redrawn (``redraw=True``): plotly.js blanks the
    heatmaps otherwise. ``buttons_y``/``slider_y``: paper positions of their tops; ``play_ms``/``fast_ms``: the
    frame durations of Play and Fast.

    >>> controls = play_controls("en", [0, 2, 4], ["a", "b", "c"], step=3, buttons_y=0.1, slider_y=0.0, fast_ms=120)
    >>> controls["sliders"][0]["active"], [s["args"][0] for s in controls["sliders"][0]["steps"]]
    (1, [['0'], ['2'], ['4']])
    >>> [b["args"][1]["frame"]["duration"] for b in controls["updatemenus"][0]["buttons"]]
    [600, 120, 0]
    """
    active = max((j for j, k in enumerate(frames) if k <= step), default=0)
    play = dict(frame=dict(redraw=True), fromcurrent=True, transition=dict(duration=0), mode="immediate")
    updatemenus = [dict(
        type="buttons", direction="left", x=0.0, y=buttons_y, xanchor="left", yanchor="top", pad=dict(t=0, r=6),
        showactive=False, buttons=[
            dict(label=t("anim.play", lang), method="animate",
                 args=[None, dict(play, frame=dict(duration=play_ms, redraw=True))]),
            dict(label=t("anim.play_fast", lang), method="animate",
                 args=[None, dict(play, frame=dict(duration=fast_ms, redraw=True))]),
            dict(label=t("anim.pause", lang), method="animate",
                 args=[[None], dict(frame=dict(duration=0, redraw=False), mode="immediate")]),
        ])]
    sliders = [dict(
        active=active, x=0.0, y=slider_y, len=1.0, xanchor="left", yanchor="top", pad=dict(t=0, b=0),
        currentvalue=dict(prefix=t("anim.step", lang) + " ", font=dict(size=13, color="#31333F"), xanchor="right",
                          offset=4),
        ticklen=0, minorticklen=0, font=dict(size=1, color="rgba(0,0,0,0)"),
        steps=[dict(label=label, method="animate",
                    args=[[str(k)], dict(frame=dict(duration=0, redraw=True), mode="immediate",
                                         transition=dict(duration=0))]) for k, label in zip(frames, labels)])]
    return dict(updatemenus=updatemenus, sliders=sliders)


def animation_figure(plan: AnimationPlan, *, lang: str = "en", step: int = 0, height: int = 460,
                     animate: bool = True) -> go.Figure:
    """The plotly figure of ``plan`` with the overlay at ``step`` and one frame per ``plan.frames``.

    Traces: per panel a value heatmap; on the first input panel a grey heatmap of padding cells; per layer
    a transparent click-target scatter over its output cells (``customdata`` = step index) and four overlay
    traces (taps, window outline, current cell, pending cells). Frames update only the overlay traces.
    Play buttons (slow, fast), pause, and a step slider whose label reads :func:`step_label`. With
    ``animate=False``: no frames and no controls, the still picture of ``step`` (fast to build).
    """
    n_panels = len(plan.layers) + 1
    widths = [plan.layers[0].padded_size[1]] + [layer.out_size[1] for layer in plan.layers]
    fig = go.Figure()
    panel_axes = [("x" if i == 0 else f"x{i + 1}", "y" if i == 0 else f"y{i + 1}") for i in range(n_panels)]
    first = plan.layers[0]

    def heatmap(values, axes, name, *, colorscale=VALUE_SCALE, text=None, showscale=False, hover=None):
        rows = [[None if v is None else round(v, 4) for v in row] for row in values]
        small = max(len(rows), len(rows[0])) <= VALUE_TEXT_MAX
        if text is None and small:
            text = [["" if v is None else format_number(v) for v in row] for row in rows]
        return go.Heatmap(z=rows, xaxis=axes[0], yaxis=axes[1], colorscale=colorscale, showscale=showscale,
                          text=text if small else None, texttemplate="%{text}" if small else None,
                          hovertemplate=hover or "(%{y}, %{x}): %{z}<extra>" + name + "</extra>",
                          xgap=1, ygap=1, name=name)

    # static: input values, padding cells, each layer's output values, click targets
    fig.add_trace(heatmap(first.padded_values, panel_axes[0], "x"))
    pad_z = [[0 if label is not None else None for label in row] for row in first.padding_labels]
    if any(v is not None for row in pad_z for v in row):
        fig.add_trace(go.Heatmap(
            z=pad_z, xaxis="x", yaxis="y", colorscale=[[0, PADDING_GREY], [1, PADDING_GREY]], showscale=False,
            text=[[label or "" for label in row] for row in first.padding_labels],
            texttemplate="%{text}" if max(first.padded_size) <= VALUE_TEXT_MAX else None,
            hovertemplate=t("anim.hover.padding", lang, mode=first.spec.padding_mode) + " %{text}<extra></extra>",
            xgap=1, ygap=1, name="padding"))
    for i, layer in enumerate(plan.layers):
        fig.add_trace(heatmap(layer.output_values, panel_axes[i + 1], "y"))
    offset = 0
    for i, layer in enumerate(plan.layers):
        rows, cols = layer.out_size
        fig.add_trace(go.Scatter(
            x=[c for r in range(rows) for c in range(cols)], y=[r for r in range(rows) for c in range(cols)],
            customdata=[offset + k for k in range(rows * cols)], mode="markers", xaxis=panel_axes[i + 1][0],
            yaxis=panel_axes[i + 1][1], marker=dict(size=14, symbol="square", color="rgba(0,0,0,0)"),
            hovertemplate=t("anim.hover.select", lang) + "<extra></extra>", showlegend=False, name=f"select{i}"))
        offset += rows * cols

    # moving: per layer taps, outline, cell, pending
    overlay_traces = []
    start = overlays(plan, step)
    for i, over in enumerate(start):
        ax_in, ax_out = panel_axes[i], panel_axes[i + 1]
        specs = [
            (over.taps, ax_in, dict(fill="toself", fillcolor=TAP_FILL, line=dict(color=WINDOW_LINE, width=1))),
            (over.outline, ax_in, dict(line=dict(color=WINDOW_LINE, width=3, dash="dot"))),
            (over.pending, ax_out, dict(fill="toself", fillcolor=PENDING_FILL, line=dict(width=0))),
            (over.cell, ax_out, dict(line=dict(color=WINDOW_LINE, width=4))),
        ]
        for (xs, ys), axes, style in specs:
            overlay_traces.append(len(fig.data))
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", xaxis=axes[0], yaxis=axes[1], hoverinfo="skip",
                                     showlegend=False, **style))

    def frame_data(k: int) -> list[go.Scatter]:
        data = []
        for over in overlays(plan, k):
            for xs, ys in (over.taps, over.outline, over.pending, over.cell):
                data.append(go.Scatter(x=xs, y=ys))
        return data

    if animate:
        fig.frames = [go.Frame(name=str(k), data=frame_data(k), traces=overlay_traces) for k in plan.frames]

    # layout: panels side by side, square cells, fixed ranges
    gap = 0.1
    total = sum(widths)
    usable = 1 - gap * (n_panels - 1)
    x0 = 0.0
    # A 1-D signal is one row of square cells: a shorter figure, so that no empty band surrounds the strip
    strip = first.padded_size[0] == 1 and all(layer.out_size[0] == 1 for layer in plan.layers)
    if strip:
        height = min(height, STRIP_HEIGHT)
    domain = ([0.45, 0.93] if strip else [0.22, 0.93]) if animate else [0, 0.93]
    layout = dict(height=height, margin=dict(l=10, r=10, t=70, b=10), plot_bgcolor="white",
                  dragmode=False, showlegend=False)
    titles = panel_titles(plan, lang)
    annotations = []
    for i, (xa, ya) in enumerate(panel_axes):
        rows, cols = (first.padded_size if i == 0 else plan.layers[i - 1].out_size)
        x1 = min(1.0, x0 + usable * widths[i] / total)
        suffix = "" if i == 0 else str(i + 1)
        before = first.before if i == 0 else (0, 0)
        layout[f"xaxis{suffix}"] = dict(_axis(cols, before[1]), domain=[x0, x1], anchor=ya, side="top")
        layout[f"yaxis{suffix}"] = dict(_axis(rows, before[0]), autorange=None, range=[rows - 0.5, -0.5], anchor=xa,
                                        scaleanchor=xa, scaleratio=1, domain=domain)
        annotations.append(dict(text=titles[i], x=(x0 + x1) / 2, y=1.0, xref="paper", yref="paper",
                                showarrow=False, xanchor="center", yanchor="bottom", font=dict(size=12)))
        x0 = x1 + gap
    layout["annotations"] = annotations
    if not animate:
        fig.update_layout(**layout)
        return fig
    # redraw=True: with redraw=False plotly.js transitions only the frame's scatter traces and blanks the
    # heatmap grids (seen in Chromium: the input and output values vanished on Play). Frames still carry only
    # the overlay traces, so the payload stays small; the redraw happens in the browser, no server round trip.
    layout.update(play_controls(lang, plan.frames, [step_label(plan, k, lang) for k in plan.frames], step=step,
                                buttons_y=0.3 if strip else 0.12, slider_y=0.14 if strip else 0.03, fast_ms=120))
    fig.update_layout(**layout)
    return fig


def figure_json_bytes(fig: go.Figure) -> int:
    """Size of the figure's JSON in bytes, as Streamlit sends it (``fig.to_json()``)."""
    return len(fig.to_json().encode())


def describe(plan: AnimationPlan) -> dict[str, object]:
    """Numbers the page states: steps, frames, thinning, and the crop (full and shown input shapes)."""
    first = plan.layers[0]
    return dict(steps=len(plan.steps), frames=len(plan.frames), thinning=plan.thinning, cropped=plan.cropped,
                full=format_shape(first.full_input_shape), shown="×".join(map(str, first.input_shape[2:])))


# ---- stepping without rebuilding: the figure as a JSON-ready dict, built once per configuration -----------

def figure_dict(plan: AnimationPlan, *, lang: str = "en") -> dict:
    """``animation_figure(plan, lang=lang).to_dict()`` without trace ``uid``s: the figure as plotly validated it,
    built once per configuration and then only re-pointed by
    :func:`figure_dict_at_step`. Treat it as read-only."""
    result = animation_figure(plan, lang=lang, step=0).to_dict()
    for trace in result["data"]:
        trace.pop("uid", None)
    return result


def _overlay_indices(fig: dict, plan: AnimationPlan) -> list[int]:
    """Indices of the overlay traces (four per layer, added last by :func:`animation_figure`)."""
    if fig.get("frames"):
        return list(fig["frames"][0]["traces"])
    count = 4 * len(plan.layers)
    return list(range(len(fig["data"]) - count, len(fig["data"])))


def figure_dict_at_step(base: dict, plan: AnimationPlan, step: int) -> dict:
    """``base`` (from :func:`figure_dict`) with the overlay and the step slider at ``step``: equal to
    ``animation_figure(plan, step=step).to_dict()``. Only the overlay traces and the slider are new objects;
    every other part (grids, frames) is shared with ``base``, so a step does not rebuild the figure. Do not mutate
    the result's shared parts."""
    if not 0 <= step < len(plan.steps):
        raise IndexError(f"step {step} is outside 0 … {len(plan.steps) - 1}")
    data = list(base["data"])
    moving = [(xs, ys) for over in overlays(plan, step)
              for xs, ys in (over.taps, over.outline, over.pending, over.cell)]
    for index, (xs, ys) in zip(_overlay_indices(base, plan), moving):
        data[index] = {**data[index], "x": list(xs), "y": list(ys)}
    layout = dict(base["layout"])
    if layout.get("sliders"):
        active = max((j for j, k in enumerate(plan.frames) if k <= step), default=0)
        layout["sliders"] = [{**layout["sliders"][0], "active": active}, *layout["sliders"][1:]]
    return {**base, "data": data, "layout": layout}
