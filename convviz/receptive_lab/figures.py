"""Figures of the receptive-field lab (plotly): a stack's receptive field growing layer by layer (frames that
play in the browser), the receptive field of one output element on an image (box, coverage, effective
receptive field) with a transparent marker per output element to click, and the same on a 1-D signal.

Coordinates are input element indices: column ``x``, row ``y`` (rows grow downwards, as in the image), the
element ``i`` drawn from ``i − 0.5`` to ``i + 0.5``. Coverage is :func:`convviz.receptive_lab.coverage.path_counts`
shown on a
log scale, ``log(1 + count) / log(1 + max)``, quantised to ``uint8`` (0 = a hole inside the receptive field,
drawn red). ``labels`` dicts hold the translated texts; missing keys fall back to English.

>>> from convviz import ConvSpec
>>> fig = growth_figure([ConvSpec(1, 1, 3)] * 3, (16, 16))
>>> len(fig.frames)
3
"""

from __future__ import annotations

import base64
import functools
import io
import math
from collections.abc import Mapping, Sequence
from typing import Optional, Union

import numpy as np
import plotly.graph_objects as go

from convviz.layer.pool import PoolSpec
from convviz.layer.receptive import ReceptiveField, receptive_field
from convviz.layer.spec import ConvSpec
from convviz.plotting import SERIES_ORANGE, SERIES_RED
from convviz.receptive_lab.coverage import path_counts
from convviz.receptive_lab.erf import EffectiveRF
from convviz.receptive_lab.stack import describe, output_shapes

Layer = Union[ConvSpec, PoolSpec]
BOX_COLOUR = SERIES_RED
ERF_BOX_COLOUR = SERIES_ORANGE
COVER_COLOUR = (31, 119, 180)
HOLE_COLOUR = "rgba(214, 39, 40, 0.75)"
PAD_COLOUR = "#eeeeee"
MAX_MARKERS = 4096
TICK_LABELS_PX = 24  # the x axis tick labels under a plot: the animation controls go below them
BUTTONS_PX = 40      # the play/pause buttons' row; the frame slider goes below it
ENGLISH = {
    "layer": "layer", "input": "input", "rf": "receptive field", "coverage": "paths (log scale)",
    "erf": "effective receptive field", "erf_box": "95 % of the total gradient", "cell": "output element",
    "play": "▶", "pause": "❚❚", "signal": "signal", "time": "time step", "jump": "jump", "start": "start",
}
COVERAGE_SCALE = [
    [0.0, HOLE_COLOUR], [0.5 / 255, HOLE_COLOUR],
    [0.5 / 255, f"rgba{(*COVER_COLOUR, 0.12)}"], [1.0, f"rgba{(*COVER_COLOUR, 0.85)}"],
]
ERF_SCALE = [[0.0, "rgba(255, 127, 14, 0)"], [0.02, "rgba(255, 127, 14, 0.15)"], [1.0, "rgba(230, 85, 13, 0.95)"]]


def _labels(labels: Optional[Mapping[str, str]]) -> dict[str, str]:
    return {**ENGLISH, **(labels or {})}


def image_source(rgb: np.ndarray) -> str:
    """``rgb`` (``(H, W, 3)`` ``uint8``) as a PNG data URI, the compact way to put a photo in a figure
    (the last few encodings are remembered: every output element selected redraws the same image)."""
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    return _png_uri(rgb.tobytes(), rgb.shape)


@functools.lru_cache(maxsize=8)
def _png_uri(data: bytes, shape: tuple[int, ...]) -> str:
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.frombuffer(data, dtype=np.uint8).reshape(shape)).save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def output_size(layers: Sequence[Layer], input_size: Sequence[int]) -> tuple[int, ...]:
    """Spatial output size of the stack for an input of spatial size ``input_size``; raises ConvSpecError."""
    channels = layers[0].in_channels if isinstance(layers[0], ConvSpec) else 1
    return tuple(output_shapes(layers, (1, channels, *input_size))[-1][2:])


def centre_of(rf: ReceptiveField, index: Sequence[int]) -> tuple[float, ...]:
    """Centre, in input coordinates, of the receptive field of output ``index``: ``start + i·jump + (size − 1)/2``."""
    return tuple(st + i * j + (sz - 1) / 2 for st, i, j, sz in zip(rf.start, index, rf.jump, rf.size))


def nearest_index(rf: ReceptiveField, centre: Sequence[float], size: Sequence[int]) -> tuple[int, ...]:
    """The output element (of an output of ``size``) whose receptive field's centre is nearest ``centre``."""
    return tuple(
        min(max(int(math.floor((c - st - (sz - 1) / 2) / j + 0.5)), 0), n - 1)
        for c, st, sz, j, n in zip(centre, rf.start, rf.size, rf.jump, size)
    )


def coverage_levels(counts: np.ndarray) -> np.ndarray:
    """Path counts → ``uint8`` levels: 0 for no path, else ``1 + round(254·log(1 + c)/log(1 + max))``."""
    counts = np.asarray(counts)
    values = np.asarray(counts.astype(np.float64) if counts.dtype != object else
                        np.vectorize(float, otypes=[np.float64])(counts))
    top = float(values.max()) if values.size else 0.0
    levels = np.zeros(values.shape, dtype=np.uint8)
    if top <= 0:
        return levels
    reached = values > 0
    levels[reached] = (1 + np.round(254 * np.log1p(values[reached]) / math.log1p(top))).astype(np.uint8)
    return levels


def _box(rf: ReceptiveField, index: Sequence[int]) -> list[tuple[float, float]]:
    """(low, high) edges per dimension of the span of output ``index`` (element edges at ± 0.5)."""
    return [(first - 0.5, last + 0.5) for first, last in rf.span(index)]


def _clip(span: tuple[float, float], n: int) -> tuple[int, int]:
    """First and last input index inside ``span`` (edges), clipped to ``0 … n − 1``."""
    return max(0, int(math.ceil(span[0]))), min(n - 1, int(math.floor(span[1])))


def _polygon(box: Sequence[tuple[float, float]]) -> tuple[list[float], list[float]]:
    (x0, x1), (y0, y1) = box[1], box[0]
    return [x0, x1, x1, x0, x0], [y0, y0, y1, y1, y0]


def _coverage_trace(layers: Sequence[Layer], input_size: tuple[int, int], index: Sequence[int],
                    rf: ReceptiveField, label: str) -> dict:
    """Heatmap (a trace dict) of the path counts of output ``index``, cropped to its span inside the input."""
    counts = path_counts(list(layers), input_size, output_index=index)
    (r0, r1), (c0, c1) = (_clip(span, n) for span, n in zip(_box(rf, index), input_size))
    levels = coverage_levels(counts)[r0:r1 + 1, c0:c1 + 1] if r1 >= r0 and c1 >= c0 else np.zeros((1, 1), np.uint8)
    return dict(type="heatmap", z=levels, x0=c0, dx=1, y0=r0, dy=1, zmin=0, zmax=255, colorscale=COVERAGE_SCALE,
                showscale=False, name=label, hovertemplate="(%{y}, %{x})<extra></extra>", meta={"role": "coverage"})


def _box_trace(box: Sequence[tuple[float, float]], label: str) -> dict:
    """The receptive field's outline (a trace dict): the edges of ``box`` in red."""
    xs, ys = _polygon(box)
    return dict(type="scatter", x=xs, y=ys, mode="lines", line={"color": BOX_COLOUR, "width": 2}, name=label,
                hoverinfo="skip", meta={"role": "box"})


def _frame_title(layer: Layer, number: int, rf: ReceptiveField, labels: Mapping[str, str]) -> str:
    size = "×".join(map(str, rf.size))
    jump = "×".join(map(str, rf.jump))
    start = ", ".join(map(str, rf.start))
    return (f"{labels['layer']} {number}: {describe(layer)}<br>{labels['rf']} {size} · {labels['jump']} {jump} · "
            f"{labels['start']} {start}")


def _animation_controls(names: list[str], labels: Mapping[str, str], buttons_y: float, slider_y: float,
                        duration: int = 700) -> dict:
    """Layout entries of the play/pause buttons and, under them, the slider over the frames ``names`` (the last
    active); their tops at ``buttons_y`` and ``slider_y`` (paper coordinates: below 0 is under the plot)."""
    steps = [{"args": [[name], {"frame": {"duration": 0, "redraw": True}, "mode": "immediate",
                                 "transition": {"duration": 0}}], "label": name, "method": "animate"}
             for name in names]
    return dict(
        updatemenus=[{"type": "buttons", "showactive": False, "x": 0, "y": buttons_y, "xanchor": "left",
                      "yanchor": "top", "direction": "left", "pad": {"r": 6, "t": 6},
                      "buttons": [
                          {"label": labels["play"], "method": "animate",
                           "args": [None, {"frame": {"duration": duration, "redraw": True}, "fromcurrent": True,
                                           "transition": {"duration": 0}}]},
                          {"label": labels["pause"], "method": "animate",
                           "args": [[None], {"frame": {"duration": 0, "redraw": False}, "mode": "immediate"}]},
                      ]}],
        sliders=[{"active": len(names) - 1, "x": 0, "len": 1, "y": slider_y, "yanchor": "top",
                  "currentvalue": {"prefix": labels["layer"] + " "}, "pad": {"t": 6}, "steps": steps}],
    )


def growth_figure(layers: Sequence[Layer], input_size: Sequence[int], output_index: Optional[Sequence[int]] = None,
                  *, rgb: Optional[np.ndarray] = None, signal: Optional[np.ndarray] = None,
                  zoom: bool = False, labels: Optional[Mapping[str, str]] = None, height: int = 560) -> go.Figure:
    """The receptive field of one output element growing through the stack, one plotly frame per layer.

    2-D (``input_size = (H, W)``, ``rgb`` an optional ``(H, W, 3)`` image): frame ``l`` shows the coverage
    (path counts, log scale, holes red) and the box of the element of layer ``l`` whose receptive field is
    centred nearest that of the final ``output_index`` (default: the centre of the output). 1-D
    (``(L,)``, ``signal`` an optional array of length ``L``): the coverage as bars under the signal and the span
    as a shaded band. The figure opens on the last layer; a play button and a slider step through the layers
    in the browser, with the layer's size, jump and start in the title. ``zoom`` (2-D): axes around the last
    box only. Raises ConvSpecError for an invalid stack or an input a layer cannot take.
    """
    labels = _labels(labels)
    input_size = tuple(int(s) for s in input_size)
    records = receptive_field(layers)
    final_size = output_size(layers, input_size)
    index = tuple(o // 2 for o in final_size) if output_index is None else tuple(output_index)
    target = centre_of(records[-1], index)
    frames, names, boxes = [], [], []
    dims = len(input_size)
    for number in range(1, len(layers) + 1):
        sub, rf = layers[:number], records[number - 1]
        sub_index = nearest_index(rf, target, output_size(sub, input_size))
        title = _frame_title(layers[number - 1], number, rf, labels)
        if dims == 2:
            box = _box(rf, sub_index)
            boxes.append(box)
            data = [_coverage_trace(sub, input_size, sub_index, rf, labels["coverage"]), _box_trace(box, labels["rf"])]
        else:
            data = _signal_traces(sub, input_size[0], sub_index, rf, labels)
        frames.append({"data": data, "traces": [1, 2], "name": str(number), "layout": {"title": {"text": title}}})
        names.append(str(number))
    margin = {"l": 10, "r": 10, "t": 56, "b": 90 + TICK_LABELS_PX + BUTTONS_PX}
    plot_px = height - margin["t"] - margin["b"]
    layout = _animation_controls(names, labels, -TICK_LABELS_PX / plot_px, -(TICK_LABELS_PX + BUTTONS_PX) / plot_px)
    if dims == 2:
        first = _base_image(rgb, input_size, labels)
        if zoom:
            low, high = _zoomed(boxes[-1])
        else:
            low = [min([-0.5] + [box[a][0] for box in boxes]) for a in range(2)]
            high = [max([input_size[a] - 0.5] + [box[a][1] for box in boxes]) for a in range(2)]
        layout.update(_image_axes(low, high))
    else:
        first = _signal_line(signal, input_size[0], labels)
        layout.update(_signal_axes(records[-1], index, input_size[0], labels))
    layout.update(title={"text": frames[-1]["layout"]["title"]["text"], "font": {"size": 13}, "x": 0,
                         "xanchor": "left"},
                  height=height, margin=margin, showlegend=False,
                  plot_bgcolor=PAD_COLOUR)
    return go.Figure(data=[first, *frames[-1]["data"]], layout=layout, frames=frames)


def _base_image(rgb: Optional[np.ndarray], input_size: tuple[int, int], labels) -> dict:
    """The input picture (a trace dict; light grey without ``rgb``) as a PNG, element ``(r, c)`` at ``x = c, y = r``."""
    if rgb is None:
        rgb = np.full((*input_size, 3), 250, dtype=np.uint8)
    return dict(type="image", source=image_source(rgb), x0=0, dx=1, y0=0, dy=1, name=labels["input"],
                hoverinfo="skip", meta={"role": "image"})


def _image_axes(low: Sequence[float], high: Sequence[float]) -> dict:
    """Layout axes over rows ``low[0] … high[0]`` (downwards) and columns ``low[1] … high[1]``, square elements."""
    return dict(xaxis=dict(range=[low[1], high[1]], showgrid=False, zeroline=False, constrain="domain"),
                yaxis=dict(range=[high[0], low[0]], showgrid=False, zeroline=False, scaleanchor="x",
                           constrain="domain"))


def overlay_figure(layers: Sequence[Layer], input_size: Sequence[int], output_index: Sequence[int], *,
                   rgb: Optional[np.ndarray] = None, layer: str = "coverage", erf: Optional[EffectiveRF] = None,
                   zoom: bool = False, labels: Optional[Mapping[str, str]] = None, height: int = 450) -> go.Figure:
    """One output element's receptive field on the 2-D input (``input_size = (H, W)``, ``rgb`` the image).

    ``layer``: ``"coverage"`` (path counts, log scale, holes red), ``"erf"`` (``erf.gradient`` normalised to its
    maximum, with the centred window holding 95 % of its mass dashed) or ``"none"``. The theoretical box is
    always drawn; the axes reach into the padding where it does (grey). ``zoom``: axes around the box only.
    A transparent marker sits at the receptive-field centre of every output element (every ``step``-th per
    dimension when there are more than 4,096), ``customdata = [row, col]`` and ``meta["role"] = "cells"``, so a
    click selects an element (``st.plotly_chart(on_select=...)``). Raises ConvSpecError for an invalid stack,
    an input a layer cannot take or an ``output_index`` outside the output.
    """
    labels = _labels(labels)
    input_size = tuple(int(s) for s in input_size)
    rf = receptive_field(layers)[-1]
    out = output_size(layers, input_size)
    index = tuple(int(i) for i in output_index)
    data = [_base_image(rgb, input_size, labels)]
    box = _box(rf, index)
    if layer == "coverage":
        data.append(_coverage_trace(layers, input_size, index, rf, labels["coverage"]))
    elif layer == "erf" and erf is not None:
        grad = erf.gradient
        top = float(grad.max()) or 1.0
        (r0, r1), (c0, c1) = (_clip(span, n) for span, n in zip(box, input_size))
        z = np.round(grad[r0:r1 + 1, c0:c1 + 1] / top, 4)
        data.append(dict(type="heatmap", z=z, x0=c0, dx=1, y0=r0, dy=1, zmin=0, zmax=1, colorscale=ERF_SCALE,
                         showscale=False, name=labels["erf"], meta={"role": "erf"},
                         hovertemplate="(%{y}, %{x}): %{z:.3f}<extra></extra>"))
        half = [s / 2 for s in erf.side]
        erf_box = [(c - h, c + h) for c, h in zip(erf.centre, half)]
        xs, ys = _polygon(erf_box)
        data.append(dict(type="scatter", x=xs, y=ys, mode="lines",
                         line={"color": ERF_BOX_COLOUR, "width": 2, "dash": "dash"}, name=labels["erf_box"],
                         hoverinfo="skip", meta={"role": "erf_box"}))
    data.append(_box_trace(box, labels["rf"]))
    data.append(_cell_markers(rf, out, labels))
    centre = centre_of(rf, index)
    data.append(dict(type="scatter", x=[centre[1]], y=[centre[0]], mode="markers", name=labels["cell"],
                     marker={"symbol": "cross-thin", "size": 14, "line": {"width": 2, "color": BOX_COLOUR}},
                     hoverinfo="skip", meta={"role": "selected"}))
    if zoom:
        low, high = _zoomed(box)
    else:
        low = [min(-0.5, b[0]) for b in box]
        high = [max(n - 0.5, b[1]) for b, n in zip(box, input_size)]
    return go.Figure(data=data, layout=dict(
        _image_axes(low, high), height=height, margin={"l": 10, "r": 10, "t": 10, "b": 10}, showlegend=False,
        plot_bgcolor=PAD_COLOUR, dragmode="pan", clickmode="event+select"))


def _zoomed(box: Sequence[tuple[float, float]]) -> tuple[list[float], list[float]]:
    """Axis ranges around ``box`` with a margin of 15 % of its size (at least 2 elements) on each side."""
    margin = [max(2.0, 0.15 * (b[1] - b[0])) for b in box]
    return [b[0] - m for b, m in zip(box, margin)], [b[1] + m for b, m in zip(box, margin)]


def _cell_markers(rf: ReceptiveField, out: Sequence[int], labels: Mapping[str, str]) -> dict:
    cells = math.prod(out)
    step = max(1, math.ceil(math.sqrt(cells / MAX_MARKERS)))
    rows, cols = np.meshgrid(np.arange(0, out[0], step), np.arange(0, out[1], step), indexing="ij")
    rows, cols = rows.ravel(), cols.ravel()
    ys = rf.start[0] + rows * rf.jump[0] + (rf.size[0] - 1) / 2  # centre_of, vectorised
    xs = rf.start[1] + cols * rf.jump[1] + (rf.size[1] - 1) / 2
    data = np.stack([rows, cols], axis=1).tolist()  # a list: plotly.js returns typed-array rows as dicts
    size = max(6, min(24, int(rf.jump[1] * step)))
    return dict(type="scatter", x=xs, y=ys, mode="markers", customdata=data, name=labels["cell"],
                marker={"size": size, "color": "rgba(0,0,0,0)", "symbol": "square"},
                selected={"marker": {"color": "rgba(0,0,0,0)"}}, unselected={"marker": {"opacity": 1}},
                hovertemplate=labels["cell"] + " (%{customdata[0]}, %{customdata[1]})<extra></extra>",
                meta={"role": "cells"})


# ---- 1-D ---------------------------------------------------------------------------------------------------

def _signal_line(signal: Optional[np.ndarray], length: int, labels) -> dict:
    """The signal (zeros without one), rounded to 4 decimals, as a grey line (a trace dict)."""
    values = np.zeros(length) if signal is None else np.asarray(signal, dtype=np.float64)
    return dict(type="scatter", x=np.arange(length), y=np.round(values, 4), mode="lines", name=labels["signal"],
                line={"color": "#555555", "width": 1}, yaxis="y", hoverinfo="skip", meta={"role": "signal"})


def _signal_traces(layers: Sequence[Layer], length: int, index: Sequence[int], rf: ReceptiveField,
                   labels) -> list[dict]:
    """The coverage of output ``index`` as bars (log scale, on ``y2``) and its span as a shaded band."""
    counts = path_counts(list(layers), (length,), output_index=index)
    (first, last), = rf.span(index)
    lo, hi = max(first, 0), min(last, length - 1)
    levels = coverage_levels(counts)[lo:hi + 1] / 255.0 if hi >= lo else np.zeros(0)
    bars = dict(type="bar", x=np.arange(lo, hi + 1), y=np.round(levels, 4), yaxis="y2", name=labels["coverage"],
                marker={"color": f"rgba{(*COVER_COLOUR, 0.35)}", "line": {"width": 0}}, hoverinfo="skip",
                meta={"role": "coverage"})
    band = dict(type="scatter", x=[first - 0.5, last + 0.5, last + 0.5, first - 0.5, first - 0.5], y=[0, 0, 1, 1, 0],
                yaxis="y2", mode="lines", fill="toself", fillcolor="rgba(214, 39, 40, 0.08)",
                line={"color": BOX_COLOUR, "width": 1.5}, name=labels["rf"], hoverinfo="skip", meta={"role": "box"})
    return [bars, band]


def _signal_axes(rf: ReceptiveField, index: Sequence[int], length: int, labels) -> dict:
    """Layout entries of the 1-D figures: time steps across (reaching into the padding where the span does), the
    signal on ``y``, the coverage and band on ``y2`` (0 … 1.05, overlaid)."""
    (first, last), = rf.span(index)
    return dict(
        xaxis={"title": {"text": labels["time"]}, "range": [min(first, 0) - 0.5, max(last, length - 1) + 0.5],
               "showgrid": False, "zeroline": False},
        yaxis={"title": {"text": labels["signal"]}, "showgrid": False, "zeroline": False},
        yaxis2={"overlaying": "y", "side": "right", "range": [0, 1.05], "showgrid": False, "showticklabels": False},
        bargap=0,
    )


def signal_figure(layers: Sequence[Layer], length: int, output_index: Sequence[int], *,
                  signal: Optional[np.ndarray] = None, erf: Optional[EffectiveRF] = None,
                  labels: Optional[Mapping[str, str]] = None, height: int = 360) -> go.Figure:
    """One output element's receptive field on a 1-D signal of ``length`` samples: the signal, the coverage as
    bars (log scale), the span as a band, the effective receptive field (``erf``, normalised) as a line if
    given, and a transparent marker per output element (``customdata = [index]``) to click."""
    labels = _labels(labels)
    rf = receptive_field(layers)[-1]
    out = output_size(layers, (length,))
    index = (int(output_index[0]),)
    data = [_signal_line(signal, length, labels), *_signal_traces(layers, length, index, rf, labels)]
    if erf is not None:
        top = float(erf.gradient.max()) or 1.0
        (first, last), = rf.span(index)
        lo, hi = max(first, 0), min(last, length - 1)
        data.append(dict(type="scatter", x=np.arange(lo, hi + 1), y=np.round(erf.gradient[lo:hi + 1] / top, 4),
                         yaxis="y2", mode="lines", line={"color": ERF_BOX_COLOUR, "width": 2}, name=labels["erf"],
                         meta={"role": "erf"}))
    step = max(1, math.ceil(out[0] / MAX_MARKERS))
    cells = np.arange(0, out[0], step)
    data.append(dict(
        type="scatter", x=rf.start[0] + cells * rf.jump[0] + (rf.size[0] - 1) / 2,  # centre_of, vectorised
        y=np.full(len(cells), 0.02), yaxis="y2", mode="markers",
        customdata=[[i] for i in cells.tolist()],  # a list: plotly.js returns typed-array rows as dicts
        name=labels["cell"], marker={"size": 10, "color": "rgba(0,0,0,0)"},
        selected={"marker": {"color": "rgba(0,0,0,0)"}}, unselected={"marker": {"opacity": 1}},
        hovertemplate=labels["cell"] + " %{customdata[0]}<extra></extra>", meta={"role": "cells"}))
    return go.Figure(data=data, layout=dict(
        _signal_axes(rf, index, length, labels), height=height, margin={"l": 10, "r": 10, "t": 10, "b": 10},
        showlegend=False, plot_bgcolor="white", clickmode="event+select"))
