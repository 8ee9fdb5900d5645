"""Grouped convolution: ``groups`` independent convolutions side by side, and ShuffleNet's channel shuffle.

With ``groups = g`` the ``C_in`` input channels are split into ``g`` consecutive blocks of ``C_in/g`` and the
``C_out`` filters into ``g`` blocks of ``C_out/g``; filter block ``j`` reads input block ``j`` only. Each filter
therefore has ``C_in/g · k_H · k_W`` weights: weights and MACs are the standard layer's divided by ``g``,
while the bias (one per output channel) does not divide.

>>> counts = grouped_counts(ConvSpec(64, 64, 3, padding=1, groups=4), (1, 64, 32, 32))
>>> counts.standard_params, counts.params      # 36,928 → 9,280 = 36,864 / 4 + 64
(36928, 9280)
>>> shuffle_permutation(6, 2)                  # position j takes channel perm[j]
(0, 3, 1, 4, 2, 5)

Sources: PyTorch docs of ``nn.Conv2d`` (``groups``) and ``nn.ChannelShuffle``; Krizhevsky et al. (2012),
AlexNet (two groups); Zhang et al. (2018), "ShuffleNet" (channel shuffle as reshape → transpose → flatten).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import plotly.graph_objects as go

from convviz.layer.spec import ConvSpec
from convviz.plotting import BLUE, OKABE_ITO, grid_domains, subplot_title
from convviz.text.units import format_int

MAX_DRAWN = 64  # channels per column a diagram draws; beyond this the first MAX_DRAWN are drawn


def group_colour(group: int) -> str:
    """The Okabe–Ito colour of ``group`` (colours repeat every 8 groups)."""
    return OKABE_ITO[group % len(OKABE_ITO)]


def channel_group(channel: int, channels: int, groups: int) -> int:
    """The group (0-based) that ``channel`` of ``channels`` belongs to: ``channel // (channels / groups)``."""
    return channel // (channels // groups)


def connected(spec: ConvSpec, out_channel: int, in_channel: int) -> bool:
    """Whether filter ``out_channel`` reads ``in_channel`` (both in the same group)."""
    return (channel_group(out_channel, spec.out_channels, spec.groups)
            == channel_group(in_channel, spec.in_channels, spec.groups))


def standard_of(spec: ConvSpec) -> ConvSpec:
    """The same layer with ``groups=1``: the standard convolution it is compared with."""
    return replace(spec, groups=1)


# ---- counts ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupedCounts:
    """Weights, bias, parameters (elements) and MACs (whole batch, bias excluded) of a grouped layer and of
    the standard layer with the same channels, kernel and input."""

    groups: int
    weights: int
    bias: int
    params: int
    macs: int
    standard_weights: int
    standard_params: int
    standard_macs: int

    @property
    def param_ratio(self) -> float:
        """``params / standard_params``: ``1/g`` without bias, a little more with it."""
        return self.params / self.standard_params

    @property
    def mac_ratio(self) -> float:
        """``macs / standard_macs``, exactly ``1/g``."""
        return self.macs / self.standard_macs


def grouped_counts(spec: ConvSpec, input_shape: tuple[int, ...]) -> GroupedCounts:
    """Counts of ``spec`` and of :func:`standard_of` on ``input_shape = (N, C_in, *spatial)``.

    Raises ConvSpecError for an input the layer refuses.
    """
    standard = standard_of(spec)
    return GroupedCounts(
        groups=spec.groups, weights=spec.weight_count(), bias=spec.bias_count(), params=spec.param_count(),
        macs=spec.macs(input_shape), standard_weights=standard.weight_count(),
        standard_params=standard.param_count(), standard_macs=standard.macs(input_shape),
    )


def division_latex(spec: ConvSpec) -> str:
    """``params = C_out·(C_in/g)·k_H·k_W + C_out = (standard weights)/g + bias`` with the user's numbers, and the
    standard layer's count (``g = 1``) on the last row."""
    k = r" \cdot ".join(str(v) for v in spec.kernel_size)
    standard = standard_of(spec)
    bias_sym, bias_num = (r" + C_{out}", f" + {spec.out_channels}") if spec.bias else ("", "")
    weights_g1 = format_int(standard.weight_count(), latex=True)
    params, params_g1 = format_int(spec.param_count(), latex=True), format_int(standard.param_count(), latex=True)
    return (
        rf"\begin{{aligned}} \text{{params}} &= "
        rf"\frac{{C_{{out}} \cdot C_{{in}} \cdot k_H \cdot k_W}}{{g}}{bias_sym} \\ "
        rf"&= \frac{{{spec.out_channels} \cdot {spec.in_channels} \cdot {k}}}{{{spec.groups}}}{bias_num} \\ "
        rf"&= \frac{{{weights_g1}}}{{{spec.groups}}}{bias_num} = {params} \\ "
        rf"\text{{params}}_{{g=1}} &= {weights_g1}{bias_num} = {params_g1} "
        rf"\end{{aligned}}"
    )


def macs_division_latex(spec: ConvSpec, input_shape: tuple[int, ...]) -> str:
    """``MACs = N·H_out·W_out · C_out·C_in·k_H·k_W / g`` — every weight is used once per output position — with
    the numbers, the total and the standard layer's (``g = 1``); 2-D layers. Raises ConvSpecError."""
    standard = standard_of(spec)
    n, _, *out = spec.output_shape(input_shape)
    positions = r" \cdot ".join(str(v) for v in (n, *out))
    weights_g1 = format_int(standard.weight_count(), latex=True)
    macs, macs_g1 = format_int(spec.macs(input_shape), latex=True), format_int(standard.macs(input_shape), latex=True)
    return (
        rf"\begin{{aligned}} \text{{MACs}} &= N\,H_{{out}}W_{{out}} \cdot "
        rf"\frac{{C_{{out}}\,C_{{in}}\,k_H k_W}}{{g}} \\ "
        rf"&= {positions} \cdot \frac{{{weights_g1}}}{{{spec.groups}}} \\ "
        rf"&= {macs} \\ \text{{MACs}}_{{g=1}} &= {macs_g1} "
        rf"\end{{aligned}}"
    )


# ---- figures ----------------------------------------------------------------------------------------------


def _positions(count: int) -> np.ndarray:
    """Vertical positions of ``count`` nodes spread over [0, 1], first channel on top: ``1 − (i + 0.5)/count``."""
    return 1 - (np.arange(count) + 0.5) / count


def _groups(count: int, channels: int, groups: int) -> np.ndarray:
    """:func:`channel_group` of channels ``0 … count − 1`` of ``channels``, as an integer array."""
    return np.arange(count) // (channels // groups)


def _wires(starts: np.ndarray, ends: np.ndarray, x0: float, x1: float) -> tuple[np.ndarray, np.ndarray]:
    """Straight lines from ``(x0, starts[k])`` to ``(x1, ends[k])`` as one line trace's ``x``, ``y``: three points
    per line, the third ``NaN`` (a gap, like ``None``) so that the lines are not joined."""
    xs = np.tile(np.array([x0, x1, np.nan]), len(starts))
    ys = np.stack([starts, ends, np.full(len(starts), np.nan)], axis=1).ravel()
    return xs, ys


def connectivity_figure(spec: ConvSpec, *, limit: int = MAX_DRAWN, labels: dict[str, str] | None = None) -> go.Figure:
    """Input channels → filters → output channels, every line coloured by its group (Okabe–Ito).

    Filter ``o`` reads the ``C_in/g`` input channels of its group and writes output channel ``o``. At most
    ``limit`` channels per column are drawn (the first ones, whole groups first). ``labels`` (translated):
    ``inputs``, ``filters``, ``outputs``, ``group``, ``channel``, ``filter``. One line trace per group drawn (its
    lines separated by gaps), then one marker trace per column (inputs, filters, outputs); arrays are numpy.
    """
    labels = {"inputs": "input channels", "filters": "filters", "outputs": "output channels",
              "group": "group", "channel": "channel", "filter": "filter", **(labels or {})}
    c_in, c_out = min(spec.in_channels, limit), min(spec.out_channels, limit)
    y_in, y_out = _positions(c_in), _positions(c_out)
    group_in = _groups(c_in, spec.in_channels, spec.groups)
    group_out = _groups(c_out, spec.out_channels, spec.groups)
    data = []
    for group in sorted(set(group_out.tolist()) | set(group_in.tolist())):
        ends = y_out[group_out == group]  # per filter of the group: its input lines, then its output line
        starts = y_in[group_in == group]
        x_read, y_read = _wires(np.tile(starts, len(ends)), np.repeat(ends, len(starts)), 0, 1)
        x_write, y_write = _wires(ends, ends, 1, 2)
        per = 3 * len(starts)
        xs = np.concatenate([x_read.reshape(len(ends), per), x_write.reshape(len(ends), 3)], axis=1).ravel()
        ys = np.concatenate([y_read.reshape(len(ends), per), y_write.reshape(len(ends), 3)], axis=1).ravel()
        data.append(dict(type="scatter", x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                         line=dict(color=group_colour(group), width=1), opacity=0.55))
    for column, groups, ys, name in ((0, group_in, y_in, "channel"), (1, group_out, y_out, "filter"),
                                     (2, group_out, y_out, "channel")):
        count = len(groups)
        data.append(dict(
            type="scatter", x=np.full(count, column), y=ys, mode="markers", showlegend=False,
            marker=dict(color=[group_colour(g) for g in groups.tolist()], size=9 if count <= 32 else 6,
                        symbol="square" if column == 1 else "circle", line=dict(color="#333", width=0.5)),
            customdata=np.stack([np.arange(count), groups], axis=1),
            hovertemplate=f"{labels[name]} %{{customdata[0]}}<br>{labels['group']} %{{customdata[1]}}<extra></extra>",
        ))
    heads = ((0, "inputs", "left"), (1, "filters", "center"), (2, "outputs", "right"))
    annotations = [dict(x=column, y=1.0, yref="paper", yanchor="bottom", xanchor=anchor, showarrow=False,
                        text=labels[name], font=dict(size=13)) for column, name, anchor in heads]
    return go.Figure(data=data, layout=dict(
        annotations=annotations, xaxis=dict(visible=False, range=[-0.1, 2.1], fixedrange=True),
        yaxis=dict(visible=False, range=[-0.02, 1.02], fixedrange=True),
        height=max(300, min(560, 8 * max(c_in, c_out) + 120)), margin=dict(l=10, r=10, t=40, b=10),
        plot_bgcolor="white"))


def weight_matrix_figure(spec: ConvSpec, *, limit: int = MAX_DRAWN, labels: dict[str, str] | None = None) -> go.Figure:
    """The ``C_out × C_in`` connection matrix: cell ``(o, i)`` is coloured by its group when filter ``o`` has a
    ``k_H × k_W`` kernel for input channel ``i`` (a block-diagonal matrix), blank where the weight does not
    exist. At most ``limit`` channels per axis (the first ones). ``labels``: ``in``, ``out``, ``group``,
    ``weights``. ``z`` is a ``float64`` array ``(C_out, C_in)``: the group's colour index 0…7, ``NaN`` (a gap)
    where no weight exists; ``customdata`` the group of each row."""
    labels = {"in": "input channel", "out": "output channel (filter)", "group": "group",
              "weights": "weights", **(labels or {})}
    c_in, c_out = min(spec.in_channels, limit), min(spec.out_channels, limit)
    per_kernel = 1
    for k in spec.kernel_size:
        per_kernel *= k
    colours = len(OKABE_ITO)
    group_out = _groups(c_out, spec.out_channels, spec.groups)[:, None]
    reads = group_out == _groups(c_in, spec.in_channels, spec.groups)[None, :]  # connected(), every cell
    z = np.where(reads, group_out % colours, np.nan)
    groups = np.repeat(group_out, c_in, axis=1)
    scale = []
    for index, colour in enumerate(OKABE_ITO):  # one flat band per colour index 0…7
        scale += [[index / colours, colour], [(index + 1) / colours, colour]]
    gap = 1 if max(c_in, c_out) <= 32 else 0
    return go.Figure(
        data=[dict(
            type="heatmap", z=z, x=np.arange(c_in), y=np.arange(c_out), zmin=0, zmax=colours, colorscale=scale,
            showscale=False, xgap=gap, ygap=gap, customdata=groups,
            hovertemplate=(f"{labels['out']} %{{y}}<br>{labels['in']} %{{x}}<br>{labels['group']} %{{customdata}}"
                           f"<br>{per_kernel} {labels['weights']}<extra></extra>"),
            hoverongaps=False,
        )],
        layout=dict(
            yaxis=dict(autorange="reversed", title={"text": labels["out"]}, scaleanchor="x", constrain="domain"),
            xaxis=dict(title={"text": labels["in"]}, side="top", constrain="domain"),
            height=max(300, min(560, 8 * c_out + 120)), margin=dict(l=10, r=10, t=40, b=10), plot_bgcolor="#f4f4f4",
        ),
    )


# ---- channel shuffle ------------------------------------------------------------------------------------


def shuffle_permutation(channels: int, groups: int) -> tuple[int, ...]:
    """ShuffleNet's channel shuffle as a permutation: output channel ``j`` is input channel ``perm[j]``.

    Reshape ``(g, C/g)`` → transpose → flatten: ``perm[j] = (j mod g)·(C/g) + j div g``. Raises ValueError
    when ``groups`` does not divide ``channels``.
    """
    if groups < 1 or channels % groups:
        raise ValueError(f"groups={groups} must divide channels={channels}")
    per_group = channels // groups
    return tuple((j % groups) * per_group + j // groups for j in range(channels))


def channel_shuffle(x, groups: int):
    """Channel shuffle of a tensor ``(N, C, *spatial)`` exactly as ShuffleNet writes it (Zhang et al. 2018):
    ``x.view(N, g, C/g, *spatial).transpose(1, 2).reshape(N, C, *spatial)``; equals ``nn.ChannelShuffle(g)``."""
    n, c, *spatial = x.shape
    return x.view(n, groups, c // groups, *spatial).transpose(1, 2).reshape(n, c, *spatial)


def groups_seen(channels: int, groups: int, *, shuffle: bool) -> tuple[tuple[int, ...], ...]:
    """For two grouped layers ``C → C`` with ``groups`` each (optionally a channel shuffle between them):
    ``seen[q][p]`` = how many of the input channels of the second layer's group ``q`` come from the first
    layer's group ``p`` — i.e. whether the outputs of group ``q`` see the input group ``p`` at all.

    Without the shuffle the matrix is diagonal (each group only ever sees its own group); with it, group ``q``
    sees ``min(g, C/g)`` groups. Raises ValueError when ``groups`` does not divide ``channels``.
    """
    perm = shuffle_permutation(channels, groups) if shuffle else tuple(range(channels))
    per_group = channels // groups
    seen = [[0] * groups for _ in range(groups)]
    for j, source in enumerate(perm):
        seen[j // per_group][source // per_group] += 1
    return tuple(tuple(row) for row in seen)


def shuffle_figure(channels: int, groups: int, *, shuffle: bool, limit: int = MAX_DRAWN,
                   labels: dict[str, str] | None = None) -> go.Figure:
    """Left: the first layer's output channels (coloured by their group) wired to the second layer's input
    channels, straight through or shuffled. Right: the ``g × g`` matrix of :func:`groups_seen`.

    The wiring is drawn when ``channels <= limit``; otherwise only the matrix; the matrix shows at most the
    first ``limit`` groups. ``labels``: ``before``, ``after``, ``seen_rows``, ``seen_cols``, ``channels``,
    ``wiring``, ``seen``.
    """
    labels = {"before": "layer 1 outputs", "after": "layer 2 inputs", "seen_rows": "layer 2 group",
              "seen_cols": "layer 1 group", "channels": "channels", "wiring": "wiring", "seen": "groups seen",
              **(labels or {})}
    seen = groups_seen(channels, groups, shuffle=shuffle)
    draw_wiring = channels <= limit
    data: list[dict] = []
    layout: dict = dict(height=max(300, min(560, 8 * min(channels, limit) + 140)),
                        margin=dict(l=10, r=10, t=50, b=10), plot_bgcolor="white")
    domains = grid_domains([0.5, 0.5] if draw_wiring else [1.0], 0.12)  # columns, as make_subplots lays them out
    full = (0.0, 1.0)
    if draw_wiring:
        perm = np.array(shuffle_permutation(channels, groups) if shuffle else range(channels))
        ys = _positions(channels)
        per_group = channels // groups
        for group in range(groups):
            targets = np.flatnonzero(perm // per_group == group)  # positions j whose source is in the group
            xs, yl = _wires(ys[perm[targets]], ys[targets], 0, 1)
            data.append(dict(type="scatter", x=xs, y=yl, mode="lines", line=dict(color=group_colour(group), width=1.5),
                             hoverinfo="skip", showlegend=False, xaxis="x", yaxis="y"))
        channel = np.arange(channels)
        data.append(dict(
            type="scatter", x=np.zeros(channels, dtype=int), y=ys, mode="markers", showlegend=False,
            marker=dict(color=[group_colour(c // per_group) for c in range(channels)], size=7,
                        line=dict(color="#333", width=0.5)),
            customdata=channel, hovertemplate="%{customdata}<extra></extra>", xaxis="x", yaxis="y"))
        data.append(dict(
            type="scatter", x=np.ones(channels, dtype=int), y=ys, mode="markers", showlegend=False,
            marker=dict(color=[group_colour(perm[j] // per_group) for j in range(channels)], size=7,
                        line=dict(color="#333", width=0.5)),
            customdata=np.stack([channel, channel // per_group], axis=1),
            hovertemplate=f"%{{customdata[0]}} → {labels['seen_rows']} %{{customdata[1]}}<extra></extra>",
            xaxis="x", yaxis="y"))
        layout["shapes"] = [  # brackets: the second layer's groups
            dict(type="rect", x0=1.06, x1=1.12, y0=float(ys[(q + 1) * per_group - 1]) - 0.4 / channels,
                 y1=float(ys[q * per_group]) + 0.4 / channels, line=dict(color="#555", width=1), fillcolor="#ddd",
                 xref="x", yref="y")
            for q in range(groups)]
        layout["xaxis"] = dict(anchor="y", domain=domains[0], tickvals=[0, 1],
                               ticktext=[labels["before"], labels["after"]], range=[-0.15, 1.2], side="top",
                               showgrid=False, zeroline=False, fixedrange=True)
        layout["yaxis"] = dict(anchor="x", domain=full, visible=False, range=[-0.02, 1.02], fixedrange=True)
    axis = "2" if draw_wiring else ""  # the matrix: the second subplot, or the only one
    shown = min(groups, limit)  # the matrix too stays drawable: the first ``limit`` groups
    data.append(dict(
        type="heatmap", z=np.array(seen)[:shown, :shown], x=np.arange(shown), y=np.arange(shown),
        colorscale=[[0, "#ffffff"], [1, BLUE]], zmin=0, zmax=max(1, max(max(row) for row in seen)),
        showscale=False, xgap=1, ygap=1, **({"texttemplate": "%{z}"} if groups <= 16 else {}),
        hovertemplate=(f"{labels['seen_rows']} %{{y}}<br>{labels['seen_cols']} %{{x}}<br>"
                       f"%{{z}} {labels['channels']}<extra></extra>"), xaxis="x" + axis, yaxis="y" + axis))
    ticks = dict(tickmode="linear", dtick=max(1, groups // 8))
    layout["xaxis" + axis] = dict(anchor="y" + axis, domain=domains[-1], title={"text": labels["seen_cols"]}, **ticks)
    layout["yaxis" + axis] = dict(anchor="x" + axis, domain=full, title={"text": labels["seen_rows"]},
                                  autorange="reversed", **ticks)
    titles = (labels["wiring"], labels["seen"]) if draw_wiring else (labels["seen"],)
    layout["annotations"] = [subplot_title(text, domain, full) for text, domain in zip(titles, domains)]
    return go.Figure(data=data, layout=layout)


def shuffle_matches_torch(channels: int, groups: int, *, seed: int = 0) -> bool:
    """Whether :func:`channel_shuffle` and :func:`shuffle_permutation` both equal ``torch.nn.ChannelShuffle``
    on a ``(2, channels, 3, 3)`` tensor of distinct values (from a local generator seeded with ``seed``)."""
    import torch

    generator = torch.Generator().manual_seed(seed)
    x = torch.randperm(2 * channels * 9, generator=generator).float().view(2, channels, 3, 3)
    expected = torch.nn.ChannelShuffle(groups)(x)
    perm = torch.tensor(shuffle_permutation(channels, groups))
    return bool(torch.equal(channel_shuffle(x, groups), expected) and torch.equal(x[:, perm], expected))
