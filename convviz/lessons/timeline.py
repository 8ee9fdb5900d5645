"""A timeline of a dilated causal 1-D stack (WaveNet, van den Oord et al. 2016; TCN, Bai et al. 2018).

Rows are layers (the input at the bottom), columns are time steps; every element is a dot and every tap of
a kernel a line to the element it reads. The connections that feed the last output are highlighted: they
fan out, doubling with each dilation, over exactly its receptive field.

>>> stack = causal_stack([1, 1, 2, 4, 8])          # a kernel-2 causal input layer, then dilations 1…8
>>> receptive_field(stack)[-1].size                  # 1 + 1 + (1 + 2 + 4 + 8)
(17,)

For a causal layer with kernel ``k``, dilation ``d`` and stride ``s``, output ``t`` reads its input at
``t·s − d·(k − 1) + j·d`` for ``j = 0 … k − 1`` (negative indices are the zero padding on the left), so its
newest input is ``t·s``: element ``i`` of row ``l`` is drawn at time ``i · s_1 · … · s_l``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

import numpy as np

from convviz.layer.errors import ConvSpecError
from convviz.layer.receptive import receptive_field
from convviz.layer.spec import ConvSpec
from convviz.plotting import SERIES_RED
from convviz.text.i18n import t
from convviz.text.units import format_int

MAX_LENGTH = 4096
DEFAULT_MAX_EDGES = 4000
NODE_COLOUR = "#c9ced6"
EDGE_COLOUR = "rgba(150, 158, 170, 0.35)"
CONE_COLOUR = SERIES_RED


def causal_stack(dilations: Sequence[int], kernel_size: int = 2, *, channels: int = 1) -> list[ConvSpec]:
    """One causal 1-D ``ConvSpec(channels, channels, kernel_size, dilation=d, causal=True)`` per dilation.

    WaveNet's stack is ``causal_stack([1, 1, 2, 4, …, 512])``: a kernel-2 causal input layer, then dilations
    doubling to 512; its receptive field is 1,025 samples. Raises ConvSpecError for invalid sizes.
    """
    return [ConvSpec(channels, channels, kernel_size, dilation=d, causal=True, spatial_dims=1) for d in dilations]


def _check(layers: Sequence[ConvSpec], length: Optional[int]) -> int:
    """Validate the stack; return the input length (default: the receptive field of the last output)."""
    records = receptive_field(layers)  # non-empty, conv/pool only, one dimensionality, none transposed
    for index, layer in enumerate(layers):
        if not (isinstance(layer, ConvSpec) and layer.causal):
            raise ConvSpecError(
                "timeline_causal",
                f"layer {index + 1} is not a causal 1-D convolution; the timeline shows causal stacks only "
                f"(use ConvSpec(..., causal=True, spatial_dims=1))",
                index=index + 1,
            )
    if length is None:
        length = records[-1].size[0]
    if not (isinstance(length, int) and 1 <= length <= MAX_LENGTH):
        raise ConvSpecError(
            "timeline_length",
            f"the timeline length {length!r} must be between 1 and {MAX_LENGTH} time steps",
            length=repr(length), largest=MAX_LENGTH,
        )
    return length


def row_lengths(layers: Sequence[ConvSpec], length: int) -> list[int]:
    """Elements per row: the input ``length``, then each layer's output length (chained ``output_shape``)."""
    lengths = [length]
    for layer in layers:
        lengths.append(layer.output_spatial((1, layer.in_channels, lengths[-1]))[0])
    return lengths


def taps(layer: ConvSpec, index: int) -> list[int]:
    """Input indices that output ``index`` of a causal layer reads, oldest first (negative: zero padding)."""
    (k,), (s,), (d,) = layer.kernel_size, layer.stride, layer.dilation
    return [index * s - d * (k - 1) + j * d for j in range(k)]


def dependency_cone(layers: Sequence[ConvSpec], length: Optional[int] = None) -> list[list[int]]:
    """For each row (input first), the sorted indices that the last output of the stack depends on.

    ``length`` is the input length (default: the receptive field of the last output). Padding taps (negative
    indices) are left out. Raises ConvSpecError for a stack that is not causal 1-D or a bad length.
    """
    length = _check(layers, length)
    lengths = row_lengths(layers, length)
    cone = [[lengths[-1] - 1]]
    for layer in reversed(layers):
        below = {i for out in cone[0] for i in taps(layer, out) if i >= 0}
        cone.insert(0, sorted(below))
    return cone


def timeline_figure(layers: Sequence[ConvSpec], length: Optional[int] = None, *, lang: str = "en",
                    max_edges: int = DEFAULT_MAX_EDGES):
    """A plotly figure of the stack over time: rows = input and layers, columns = time steps.

    Traces (identified by ``meta["role"]``): ``"edges"`` every connection (left out when there are more than
    ``max_edges``), ``"nodes"`` every element, ``"cone_edges"`` and ``"cone_nodes"`` the connections and
    elements the last output depends on. A rectangle marks the receptive field of the last output on the
    input row. Coordinates are numpy arrays (time step ``x``, row ``y``); a line trace holds three points per
    connection, top first, the third ``NaN`` (a gap between segments), in the order row, output, tap. Labels
    come from the ``timeline.*`` catalogue in ``lang``. Raises ConvSpecError for a stack that is not causal 1-D
    or a bad ``length`` (1 … 4,096; default: the receptive field of the last output).
    """
    import plotly.graph_objects as go

    length = _check(layers, length)
    lengths = row_lengths(layers, length)
    jumps = [1]
    for layer in layers:
        jumps.append(jumps[-1] * layer.stride[0])
    cone = dependency_cone(layers, length)

    total_edges = sum(n * layer.kernel_size[0] for n, layer in zip(lengths[1:], layers))
    edge_parts: list[tuple[np.ndarray, np.ndarray]] = []
    cone_parts: list[tuple[np.ndarray, np.ndarray]] = []
    for row, layer in enumerate(layers, start=1):
        (k,), (s,), (d,) = layer.kernel_size, layer.stride, layer.dilation
        outs = np.arange(lengths[row])
        reads = outs[:, None] * s - d * (k - 1) + np.arange(k)[None, :] * d  # taps(layer, out), every out
        in_cone = np.broadcast_to(np.isin(outs, cone[row])[:, None], reads.shape)
        tops = np.broadcast_to(outs[:, None] * jumps[row], reads.shape)
        for keep, parts in ((in_cone, cone_parts), (~in_cone, edge_parts if total_edges <= max_edges else None)):
            if parts is None:
                continue
            chosen = keep & (reads >= 0)  # padding taps (negative) are not drawn
            count = int(chosen.sum())
            xs = np.stack([tops[chosen], reads[chosen] * jumps[row - 1], np.full(count, np.nan)], axis=1)
            ys = np.tile(np.array([row, row - 1, np.nan]), count)
            parts.append((xs.ravel(), ys))

    def joined(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
        if not parts:
            return np.zeros(0), np.zeros(0)
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])

    edge_x, edge_y = joined(edge_parts)
    cone_x, cone_y = joined(cone_parts)
    node_x = np.concatenate([np.arange(n) * jumps[row] for row, n in enumerate(lengths)])
    node_y = np.repeat(np.arange(len(lengths)), lengths)
    cone_node_x = np.concatenate([np.asarray(indices, dtype=np.int64) * jumps[row]
                                  for row, indices in enumerate(cone)])
    cone_node_y = np.repeat(np.arange(len(cone)), [len(indices) for indices in cone])
    marker_size = 7 if length <= 64 else 4 if length <= 512 else 2

    data = []
    if len(edge_x):
        data.append(dict(type="scatter", x=edge_x, y=edge_y, mode="lines", line=dict(color=EDGE_COLOUR, width=1),
                         hoverinfo="skip", name=t("timeline.edges", lang), meta={"role": "edges"}))
    data.append(dict(type="scatter", x=node_x, y=node_y, mode="markers",
                     marker=dict(color=NODE_COLOUR, size=marker_size), name=t("timeline.nodes", lang),
                     meta={"role": "nodes"}, hovertemplate="t=%{x}<extra></extra>"))
    cone_width = 1.5 if length <= 256 else 0.6
    data.append(dict(type="scatter", x=cone_x, y=cone_y, mode="lines",
                     line=dict(color=CONE_COLOUR, width=cone_width), hoverinfo="skip",
                     name=t("timeline.cone_edges", lang), meta={"role": "cone_edges"}))
    data.append(dict(type="scatter", x=cone_node_x, y=cone_node_y, mode="markers",
                     marker=dict(color=CONE_COLOUR, size=marker_size), name=t("timeline.cone_nodes", lang),
                     meta={"role": "cone_nodes"}, hovertemplate="t=%{x}<extra></extra>"))

    rf = receptive_field(layers)[-1]
    (first, last), = rf.span((lengths[-1] - 1,))
    labels = [t("timeline.input", lang)] + [
        t("timeline.layer", lang, index=index, dilation=layer.dilation[0]) for index, layer in enumerate(layers, 1)
    ]
    return go.Figure(data=data, layout=dict(
        shapes=[dict(type="rect", x0=first - 0.5, x1=last + 0.5, y0=-0.35, y1=0.35,
                     line=dict(color=CONE_COLOUR, width=1), fillcolor="rgba(214, 39, 40, 0.08)")],
        annotations=[dict(x=(first + last) / 2, y=-0.6, text=t("timeline.rf", lang, size=format_int(rf.size[0])),
                          showarrow=False, font=dict(color=CONE_COLOUR))],
        xaxis=dict(title=dict(text=t("timeline.time", lang)), zeroline=False, showgrid=False),
        yaxis=dict(tickmode="array", tickvals=list(range(len(lengths))), ticktext=labels, zeroline=False,
                   showgrid=False, range=[-1, len(lengths) - 0.5]),
        height=max(260, 60 * len(lengths) + 80), margin=dict(l=10, r=10, t=10, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0), plot_bgcolor="white",
    ))
