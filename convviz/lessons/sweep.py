"""Parameter sweeps: how output size, parameters, MACs and receptive field change over one parameter's range.

>>> points = sweep(ConvSpec(1, 1, 3), (1, 1, 7, 7), "dilation")
>>> [(p.value, p.output_shape[2:] if p.ok else p.error.code) for p in points[:4]]
[(1, (5, 5)), (2, (3, 3)), (3, (1, 1)), (4, 'kernel_too_large')]

Every number comes from the library's own functions (``ConvSpec.output_shape``, ``param_count``, ``macs``,
``convviz.receptive_field``); a value that makes the layer invalid is kept as a point with its
``ConvSpecError`` (the chart leaves a gap there). The swept value applies to every spatial dimension.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Optional

import plotly.graph_objects as go

from convviz.layer.errors import ConvSpecError
from convviz.layer.receptive import receptive_field
from convviz.layer.spec import ConvSpec, valid_groups
from convviz.plotting import BLUE, PADDING_GREY, TAP_FILL, WINDOW_LINE
from convviz.text.i18n import t

PARAMETERS = ("kernel_size", "stride", "padding", "dilation", "groups", "out_channels", "in_channels")
RANGES = {"kernel_size": range(1, 12), "stride": range(1, 7), "padding": range(0, 11), "dilation": range(1, 7)}
FOOTPRINT_MAX = 14  # cells per side drawn in the layer picture


def sweep_values(spec: ConvSpec, parameter: str) -> list[int]:
    """The values a sweep of ``parameter`` visits: the explorer's slider ranges; for ``groups`` the valid
    values; for channels the current value × 2^k (k = −3 … 3) that ``groups`` divides."""
    if parameter in RANGES:
        return list(RANGES[parameter])
    if parameter == "groups":
        return valid_groups(spec.in_channels, spec.out_channels)
    if parameter in ("in_channels", "out_channels"):
        current = getattr(spec, parameter)
        values = {current * 2**k for k in range(0, 4)} | {current // 2**k for k in range(1, 4) if current % 2**k == 0}
        return sorted(v for v in values if v >= 1 and v % spec.groups == 0)
    raise ValueError(f"unknown sweep parameter {parameter!r}; use one of {', '.join(PARAMETERS)}")


@dataclass(frozen=True)
class SweepPoint:
    """One value of the sweep: the layer and its input, or the error that makes it invalid.

    ``output_shape`` ``(N, C_out, *spatial)``; ``params`` (weights + bias); ``macs`` over the batch, bias
    excluded; ``rf_size`` the receptive field size per dimension, in input elements."""

    value: int
    spec: Optional[ConvSpec]
    input_shape: tuple[int, ...]
    error: Optional[ConvSpecError] = None
    output_shape: tuple[int, ...] = ()
    params: int = 0
    macs: int = 0
    rf_size: tuple[int, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None


def _with(spec: ConvSpec, input_shape: tuple[int, ...], parameter: str, value: int):
    dims = spec.spatial_dims
    if parameter == "padding":
        return replace(spec, padding=(value,) * dims), input_shape
    if parameter in ("kernel_size", "stride", "dilation"):
        return replace(spec, **{parameter: (value,) * dims}), input_shape
    if parameter == "in_channels":
        return replace(spec, in_channels=value), (input_shape[0], value, *input_shape[2:])
    return replace(spec, **{parameter: value}), input_shape


def sweep(spec: ConvSpec, input_shape: tuple[int, ...], parameter: str,
          values: Optional[Sequence[int]] = None) -> list[SweepPoint]:
    """One :class:`SweepPoint` per value of ``parameter`` (default :func:`sweep_values`), other fields as in
    ``spec``. Raises ValueError for an unknown parameter."""
    points = []
    for value in (sweep_values(spec, parameter) if values is None else values):
        try:
            layer, shape = _with(spec, input_shape, parameter, int(value))
            out = layer.output_shape(shape)
            points.append(SweepPoint(int(value), layer, shape, None, out, layer.param_count(), layer.macs(shape),
                                     receptive_field([layer])[0].size))
        except ConvSpecError as error:
            points.append(SweepPoint(int(value), None, input_shape, error))
    return points


def _footprint(point: SweepPoint) -> tuple[list, list, list, list, list, list, list, list]:
    """Paths of the layer picture: input cells, padding cells, taps of output 0 and of the next output along
    the last dimension, in a grid cropped to ``FOOTPRINT_MAX`` cells per side."""
    if not point.ok:
        return ([], [], [], [], [], [], [], [])
    spec = point.spec
    size = point.input_shape[2:]
    pads = spec.padding_amounts(point.input_shape)
    k, d, s = spec.kernel_size, spec.dilation, spec.stride
    if spec.spatial_dims == 1:
        size, pads, k, d, s = (1, *size), ((0, 0), *pads), (1, *k), (1, *d), (1, *s)
    else:
        size, pads, k, d, s = size[-2:], pads[-2:], k[-2:], d[-2:], s[-2:]
    rows = min(FOOTPRINT_MAX, size[0] + sum(pads[0]))
    cols = min(FOOTPRINT_MAX, size[1] + sum(pads[1]))

    def squares(cells, half):
        xs, ys = [], []
        for r, c in cells:
            xs += [c - half, c + half, c + half, c - half, c - half, None]
            ys += [r - half, r - half, r + half, r + half, r - half, None]
        return xs, ys

    inside, padding = [], []
    for r in range(rows):
        for c in range(cols):
            real = pads[0][0] <= r < pads[0][0] + size[0] and pads[1][0] <= c < pads[1][0] + size[1]
            (inside if real else padding).append((r, c))
    first = [(i * d[0], j * d[1]) for i in range(k[0]) for j in range(k[1])]
    out_w = point.output_shape[-1]
    second = [(r, c + s[1]) for r, c in first] if out_w > 1 else []
    clip = [(r, c) for r, c in first if r < rows and c < cols]
    clip2 = [(r, c) for r, c in second if r < rows and c < cols]
    return (*squares(inside, 0.45), *squares(padding, 0.45), *squares(clip, 0.35), *squares(clip2, 0.3))


QUANTITIES = ("output", "params", "macs", "rf")


def quantity(point: SweepPoint, name: str) -> Optional[int]:
    """The value plotted for ``name``: output spatial size (product over dimensions, in elements),
    parameters, MACs, receptive field size (product over dimensions); None for an invalid point."""
    if not point.ok:
        return None
    if name == "output":
        size = 1
        for s in point.output_shape[2:]:
            size *= s
        return size
    if name == "params":
        return point.params
    if name == "macs":
        return point.macs
    size = 1
    for s in point.rf_size:
        size *= s
    return size


def sweep_figure(points: Sequence[SweepPoint], parameter: str, *, current: int = 0, lang: str = "en",
                 height: int = 480) -> go.Figure:
    """Four line charts (output size, parameters, MACs, receptive field size) against ``parameter``, a marker
    that moves over the values in the frames, and the layer drawn beside it (input cells, padding in grey,
    the taps of output 0 and of its right neighbour). ``current`` is the index of the point shown first."""
    xs = [p.value for p in points]
    current = min(max(current, 0), len(points) - 1)
    fig = go.Figure()
    boxes = [((0.0, 0.28), (0.58, 0.94)), ((0.36, 0.64), (0.58, 0.94)),
             ((0.0, 0.28), (0.06, 0.36)), ((0.36, 0.64), (0.06, 0.36))]  # room for two-line titles
    layout: dict = dict(height=height, margin=dict(l=10, r=10, t=40, b=60), plot_bgcolor="white",
                        showlegend=False, dragmode=False)
    annotations = []
    for i, (name, (xd, yd)) in enumerate(zip(QUANTITIES, boxes)):
        suffix = "" if i == 0 else str(i + 1)
        fig.add_trace(go.Scatter(x=xs, y=[quantity(p, name) for p in points], mode="lines+markers",
                                 xaxis=f"x{suffix}", yaxis=f"y{suffix}", line=dict(color=BLUE),
                                 marker=dict(size=6), connectgaps=False, name=name,
                                 hovertemplate=f"{parameter}=%{{x}}: %{{y:,}}<extra></extra>"))
        layout[f"xaxis{suffix}"] = dict(domain=list(xd), anchor=f"y{suffix}", fixedrange=True, dtick=1 if
                                        len(xs) <= 12 else None)
        layout[f"yaxis{suffix}"] = dict(domain=list(yd), anchor=f"x{suffix}", fixedrange=True, rangemode="tozero",
                                        gridcolor="#eeeeee")
        title = t(f"sweep.q.{name}", lang).replace(" (", "<br>(").replace("（", "<br>（")  # two short lines
        annotations.append(dict(text=f"<b>{title}</b>", x=sum(xd) / 2, y=yd[1], font=dict(size=11),
                                xref="paper", yref="paper", showarrow=False, yanchor="bottom"))
    markers = []

    def marker_data(k: int) -> list[go.Scatter]:
        p = points[k]
        return [go.Scatter(x=[p.value] if p.ok else [], y=[quantity(p, name)] if p.ok else []) for name in QUANTITIES]

    def picture_data(k: int) -> list[go.Scatter]:
        path = _footprint(points[k])
        return [go.Scatter(x=path[i], y=path[i + 1]) for i in range(0, 8, 2)]

    for i, trace in enumerate(marker_data(current)):
        suffix = "" if i == 0 else str(i + 1)
        markers.append(len(fig.data))
        fig.add_trace(go.Scatter(x=trace.x, y=trace.y, mode="markers", xaxis=f"x{suffix}", yaxis=f"y{suffix}",
                                 marker=dict(size=14, color=WINDOW_LINE, symbol="diamond"), hoverinfo="skip"))
    styles = [dict(fillcolor="#FFFFFF", line=dict(color="#999999", width=1)),
              dict(fillcolor=PADDING_GREY, line=dict(color="#999999", width=1)),
              dict(fillcolor=TAP_FILL, line=dict(color=WINDOW_LINE, width=1.5)),
              dict(fillcolor="rgba(86, 180, 233, 0.45)", line=dict(color=BLUE, width=1, dash="dot"))]
    for trace, style in zip(picture_data(current), styles):
        markers.append(len(fig.data))
        fig.add_trace(go.Scatter(x=trace.x, y=trace.y, mode="lines", fill="toself", xaxis="x5", yaxis="y5",
                                 hoverinfo="skip", **style))
    side = max([FOOTPRINT_MAX // 2] + [max((v for v in _footprint(p)[0] if v is not None), default=0) + 0.5
                                        for p in points] + [max((v for v in _footprint(p)[3] if v is not None),
                                                                default=0) + 0.5 for p in points])
    side = int(min(FOOTPRINT_MAX, side + 1))
    layout["xaxis5"] = dict(domain=[0.7, 1.0], anchor="y5", range=[-0.5, side - 0.5], visible=False, fixedrange=True)
    layout["yaxis5"] = dict(domain=[0.06, 0.94], anchor="x5", range=[side - 0.5, -0.5], visible=False,
                            fixedrange=True, scaleanchor="x5")
    picture = t("sweep.picture", lang).replace(": ", ":<br>").replace("：", "：<br>")
    annotations.append(dict(text=f"<b>{picture}</b>", x=1.0, y=0.94, xref="paper", font=dict(size=11),
                            yref="paper", showarrow=False, yanchor="bottom", xanchor="right"))
    layout["annotations"] = annotations
    fig.frames = [go.Frame(name=str(k), data=marker_data(k) + picture_data(k), traces=markers)
                  for k in range(len(points))]

    def label(p: SweepPoint) -> str:
        if p.ok:
            return f"{parameter}={p.value}"
        return f"{parameter}={p.value} ✗"

    layout["sliders"] = [dict(
        active=current, x=0.18, y=-0.02, len=0.8, yanchor="top", pad=dict(t=30),
        currentvalue=dict(prefix=t("sweep.value", lang) + " "),
        steps=[dict(label=label(p), method="animate",
                    args=[[str(k)], dict(frame=dict(duration=0, redraw=False), mode="immediate")])
               for k, p in enumerate(points)])]
    layout["updatemenus"] = [dict(type="buttons", x=0.0, y=-0.02, xanchor="left", yanchor="top", pad=dict(t=30),
                                  showactive=False, buttons=[dict(
                                      label=t("anim.play", lang), method="animate",
                                      args=[None, dict(frame=dict(duration=900, redraw=False), fromcurrent=True,
                                                       transition=dict(duration=0), mode="immediate")])])]
    fig.update_layout(**layout)
    return fig


def current_value(spec: ConvSpec, parameter: str) -> int:
    """The layer's own value of ``parameter`` (one of :data:`PARAMETERS`), which its sweep marks: the first spatial
    dimension's for the per-dimension fields (the swept value applies to every dimension), and for ``padding`` the
    padding in front of it (``'same'`` resolved to its number of elements). Raises ValueError for an unknown
    parameter.

    >>> current_value(ConvSpec(8, 16, 5, padding="same", groups=2), "padding")
    2
    """
    if parameter == "padding":
        return spec.before_padding()[0]
    if parameter in ("kernel_size", "stride", "dilation"):
        return getattr(spec, parameter)[0]
    if parameter in ("groups", "out_channels", "in_channels"):
        return getattr(spec, parameter)
    raise ValueError(f"unknown sweep parameter {parameter!r}; use one of {', '.join(PARAMETERS)}")


def current_index(points: Sequence[SweepPoint], spec: ConvSpec, parameter: str) -> int:
    """Index in ``points`` (a :func:`sweep` of ``parameter``) of the layer's own value (:func:`current_value`), or
    0 when the sweep does not hold it. Raises ValueError for an unknown parameter.

    >>> points = sweep(ConvSpec(1, 1, 3), (1, 1, 7, 7), "dilation")
    >>> current_index(points, ConvSpec(1, 1, 3, dilation=2), "dilation")
    1
    """
    now = current_value(spec, parameter)
    values = [point.value for point in points]
    return values.index(now) if now in values else 0
