"""The channel view: input channels, filters (output channels) and which input channels each filter reads.

>>> fig = channel_figure([ConvSpec(4, 4, 3, groups=2)])
>>> [trace.name for trace in fig.data if trace.name.startswith("group")]
['group 0', 'group 1']

Filter ``c`` of a layer with ``groups = g`` reads only the ``in_channels/g`` input channels of its group
(PyTorch docs of ``nn.Conv2d``, "groups"): with ``g = 1`` every filter reads every channel, with
``g = in_channels`` (depthwise) each filter reads one. Each layer is a column of stacked maps; lines join every
filter to the input channels it reads, one colour per group (Okabe–Ito). Above ``MAX_LINES`` connections a
group is drawn as one band from its input channels to its filters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

import plotly.graph_objects as go

from convviz.animation import OKABE_ITO
from convviz.i18n import t
from convviz.spec import ConvSpec
from convviz.window import group_in_channels, group_out_channels

MAX_LINES = 600
SELECTED = "#000000"


def group_colour(group: int) -> str:
    """Okabe–Ito colour of ``group`` (black left out: it marks the selected filter)."""
    palette = OKABE_ITO[:-1]
    return palette[group % len(palette)]


def connections(spec: ConvSpec) -> list[tuple[int, int, int]]:
    """``(out_channel, in_channel, group)`` for every filter-to-input-channel connection of ``spec``."""
    return [(c, ci, g) for g in range(spec.groups) for c in group_out_channels(spec, g)
            for ci in range(g * spec.in_channels // spec.groups, (g + 1) * spec.in_channels // spec.groups)]


def channel_figure(layers: Sequence[ConvSpec], *, selected: Optional[int] = 0, lang: str = "en",
                   height: int = 420) -> go.Figure:
    """Columns of channels (input, then each layer's output) and the connections of each layer.

    ``selected``: output channel of the first layer whose filter is drawn in black, with the input channels
    it reads; None for none. Channel ``i`` of a column of ``n`` sits at height ``1 − i/(n − 1)``.
    """
    columns = [layers[0].in_channels] + [spec.out_channels for spec in layers]
    fig = go.Figure()

    def y(i: int, n: int) -> float:
        return 0.5 if n == 1 else 1 - i / (n - 1)

    tile = 0.32
    for k, spec in enumerate(layers):
        n_in, n_out = columns[k], columns[k + 1]
        many = len(connections(spec)) > MAX_LINES
        for g in range(spec.groups):
            ins = range(g * spec.in_channels // spec.groups, (g + 1) * spec.in_channels // spec.groups)
            outs = group_out_channels(spec, g)
            xs, ys = [], []
            if many:
                xs = [k + tile, k + 1 - tile, k + 1 - tile, k + tile, k + tile]
                ys = [y(ins[0], n_in), y(outs[0], n_out), y(outs[-1], n_out), y(ins[-1], n_in), y(ins[0], n_in)]
            else:
                for c in outs:
                    for ci in ins:
                        xs += [k + tile, k + 1 - tile, None]
                        ys += [y(ci, n_in), y(c, n_out), None]
            colour = group_colour(g)
            fig.add_trace(go.Scatter(
                x=xs, y=ys, mode="lines", name=f"group {g}" if k == 0 else f"layer {k + 1} group {g}",
                line=dict(color=colour, width=1 if not many else 0.5), opacity=0.6,
                fill="toself" if many else None, fillcolor=colour if many else None, hoverinfo="skip",
                showlegend=False))
    # tiles: every channel as a small stacked map, coloured by the group that reads (or makes) it
    for k, n in enumerate(columns):
        spec = layers[min(k, len(layers) - 1)]
        groups = spec.groups
        per = (spec.in_channels if k == 0 else spec.out_channels) // groups
        xs = [k] * n
        ys = [y(i, n) for i in range(n)]
        colours = [group_colour(i // per) for i in range(n)]
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="markers", name=f"channels {k}",
            marker=dict(symbol="square", size=max(4, min(16, int(300 / max(n, 1)))), color=colours,
                        line=dict(color="#333333", width=1)),
            customdata=list(range(n)), hovertemplate="channel %{customdata}<extra></extra>", showlegend=False))
    if selected is not None:
        first = layers[0]
        reads = group_in_channels(first, selected)
        xs, ys = [], []
        for ci in reads:
            xs += [tile, 1 - tile, None]
            ys += [y(ci, columns[0]), y(selected, columns[1]), None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name="selected", line=dict(color=SELECTED, width=2.5),
                                 hoverinfo="skip", showlegend=False))
    names = [t("chan.column.input", lang, n=columns[0])]
    for k, spec in enumerate(layers):
        key = "chan.column.output" if k == len(layers) - 1 else "chan.column.middle"
        names.append(t(key, lang, n=spec.out_channels, groups=spec.groups))
    fig.update_layout(
        height=height, margin=dict(l=10, r=10, t=50, b=10), plot_bgcolor="white", dragmode=False,
        xaxis=dict(range=[-0.5, len(columns) - 0.5], visible=False, fixedrange=True),
        yaxis=dict(range=[-0.08, 1.08], visible=False, fixedrange=True),
        annotations=[dict(text=f"<b>{name}</b>", x=k, y=1.08, xref="x", yref="y", showarrow=False,
                          yanchor="bottom") for k, name in enumerate(names)],
    )
    return fig
