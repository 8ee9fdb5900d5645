"""The channel view: input channels, filters (output channels) and which input channels each filter reads,
drawn as small value maps of a real run.

>>> fig = channel_figure([ConvSpec(4, 4, 3, groups=2)])
>>> [trace.name for trace in fig.data if trace.name.startswith("group")]
['group 0', 'group 1']

Filter ``c`` of a layer with ``groups = g`` reads only the ``in_channels/g`` input channels of its group
(PyTorch docs of ``nn.Conv2d``, "groups"): with ``g = 1`` every filter reads every channel, with
``g = in_channels`` (depthwise) each filter reads one. Each layer is a column of stacked channel maps: the
input ``(C_in, H, W)`` of batch element 0 as ``in_channels`` heatmaps, each layer's output as ``out_channels``
heatmaps (cividis for the input, viridis for outputs; the range of each column stated above it). Lines join
every filter to the input channels it reads, one Okabe–Ito colour per group, and each map is framed in its
group's colour. The values come from :func:`channel_runs` (:func:`convviz.runtime.engine.run_conv`: small-integer
inputs and weights, run in PyTorch); without them the maps are drawn as empty tiles.

Large layers are reduced, and the figure says so (``layout.meta["notes"]`` and a line under the figure):
above :data:`MAX_CHANNELS` channels a column shows :data:`MAX_CHANNELS` of them, evenly spaced and always
including the followed filter and the channels it reads; maps above :data:`MAX_MAP` per side are cropped
to their top-left :data:`MAX_MAP` × :data:`MAX_MAP` corner; a 3-D layer shows its middle depth slice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional, Union

import plotly.graph_objects as go

from convviz.animation.window import group_in_channels, group_out_channels
from convviz.layer.spec import ConvSpec
from convviz.plotting import BLACK, OKABE_ITO
from convviz.text.i18n import t

MAX_CHANNELS = 16  # channels drawn per column; above it, an evenly spaced subset
MAX_MAP = 16  # cells per side of a drawn map; above it, the top-left corner
SELECTED = BLACK
INPUT_SCALE, OUTPUT_SCALE = "Cividis", "Viridis"
BOX = 0.8  # side of a map's square in data units; one channel slot is 1 high
GAP = 3.0  # data units between columns


def group_colour(group: int) -> str:
    """Okabe–Ito colour of ``group`` (black left out: it marks the selected filter)."""
    palette = OKABE_ITO[:-1]
    return palette[group % len(palette)]


def connections(spec: ConvSpec) -> list[tuple[int, int, int]]:
    """``(out_channel, in_channel, group)`` for every filter-to-input-channel connection of ``spec``."""
    return [(c, ci, g) for g in range(spec.groups) for c in group_out_channels(spec, g)
            for ci in range(g * spec.in_channels // spec.groups, (g + 1) * spec.in_channels // spec.groups)]


def shown_channels(n: int, must: Sequence[int] = (), limit: int = MAX_CHANNELS) -> list[int]:
    """The channels of a column of ``n`` that are drawn: all of them up to ``limit``, else ``limit`` of them,
    evenly spaced, with the first ``limit // 2`` of ``must`` (the followed filter, the channels it reads)."""
    if n <= limit:
        return list(range(n))
    keep = sorted({c for c in must if 0 <= c < n})[: limit // 2]
    rest = [c for c in range(n) if c not in keep]
    count = limit - len(keep)
    picked = {rest[round(i * (len(rest) - 1) / max(count - 1, 1))] for i in range(count)}
    return sorted(set(keep) | picked)


def channel_runs(layers: Sequence[ConvSpec], input_shape: tuple[int, ...], *, device: str = "cpu",
                 seed: int = 0) -> list:
    """Run ``layers`` one after the other in PyTorch: :func:`convviz.runtime.engine.run_conv` for the first on
    ``input_shape = (N, C_in, *spatial)``, then each next layer (built by :func:`convviz.runtime.engine.make_module`,
    weights −1…1) on the output before it, within the engine's limits. One ``RunResult`` per layer.

    Raises ConvSpecError / MemoryLimitError as :func:`convviz.runtime.engine.run_conv` does.
    """
    from convviz.runtime import engine

    first = engine.run_conv(layers[0], tuple(input_shape), device=device, seed=seed)
    return [first] + channel_runs_after(layers[1:], first.output, seed=seed)


def _maps(tensor, channels: Sequence[int]) -> tuple[list[list[list[float]]], tuple[int, ...], str]:
    """Batch element 0 of ``tensor (N, C, *spatial)`` for ``channels``, as 2-D lists cropped to MAX_MAP;
    with the full spatial size and a crop note key ('' when nothing was cropped)."""
    x = tensor.detach()[0].float().cpu()
    full = tuple(x.shape[1:])
    cropped = ""
    if x.dim() == 4:  # 3-D: the middle depth slice
        x = x[:, full[0] // 2]
        cropped = "depth"
    elif x.dim() == 2:  # 1-D: one row per channel
        x = x[:, None, :]
    if x.shape[1] > MAX_MAP or x.shape[2] > MAX_MAP:
        x = x[:, :MAX_MAP, :MAX_MAP]
        cropped = cropped or "crop"
    return [x[c].tolist() for c in channels], full, cropped


def _range_text(values: Sequence[float]) -> str:
    low, high = min(values), max(values)
    return " … ".join(f"{v:g}".replace("-", "−") for v in (low, high))


def channel_figure(layers: Sequence[ConvSpec], *, selected: Optional[int] = 0, lang: str = "en",
                   height: int = 420, result: Union[None, object, Sequence[object]] = None) -> go.Figure:
    """Columns of channel maps (input, then each layer's output) and the connections of each layer.

    Parameters
    ----------
    layers : the layer and, optionally, the 1×1 layer after it (``in_channels`` chained).
    selected : output channel of the first layer whose filter is drawn in black, with the input channels it
        reads (framed in black); None for none.
    height : the least height in pixels; a column of many maps makes the figure taller.
    result : values to draw: one ``RunResult`` per layer (:func:`channel_runs`), or one for the first layer
        only (the next layers are then run on its output); None draws empty tiles.

    Channel slot ``i`` (of the drawn ones) of a column sits at height ``−i``, centred on the tallest column.
    """
    if result is not None and not isinstance(result, (list, tuple)):
        result = [result]
    if result is not None and len(result) < len(layers):
        result = list(result) + channel_runs_after(layers[len(result):], result[-1].output)

    columns = [layers[0].in_channels] + [spec.out_channels for spec in layers]
    first = layers[0]
    reads = list(group_in_channels(first, selected)) if selected is not None else []
    shown = [shown_channels(columns[0], reads), shown_channels(columns[1], [selected] if selected is not None else [])]
    shown += [shown_channels(n) for n in columns[2:]]
    tallest = max(len(s) for s in shown)
    subsampled = [t("chan.note.part", lang, column=_column_name(k, layers, lang), shown=len(drawn), n=n)
                  for k, (n, drawn) in enumerate(zip(columns, shown)) if len(drawn) < n]
    crops: list[str] = []
    depths: list[str] = []

    def centre(k: int, i: int) -> float:
        """y of the centre of slot ``i`` in column ``k``."""
        return -i - (tallest - len(shown[k])) / 2

    fig = go.Figure()
    titles = []
    frames: list[tuple[int, int, float, float, float, float]] = []  # column, channel, x0, x1, y0, y1
    for k, drawn in enumerate(shown):
        x_left = k * GAP
        tensor = None
        if result is not None:
            tensor = result[0].input if k == 0 else result[k - 1].output
        maps, full, cropped = _maps(tensor, drawn) if tensor is not None else (None, None, "")
        if maps is not None:
            h, w = len(maps[0]), len(maps[0][0])
            dx = BOX / max(h, w) if len(full) != 1 else BOX / w
            dy = dx if len(full) != 1 else 0.35
        else:
            h = w = 1
            dx = dy = BOX
        width, tall = w * dx, h * dy
        values = [v for m in maps for row in m for v in row] if maps else []
        scale = INPUT_SCALE if k == 0 else OUTPUT_SCALE
        axis = "coloraxis" if k == 0 else f"coloraxis{k + 1}"
        for i, c in enumerate(drawn):
            y_mid = centre(k, i)
            y0, y1 = y_mid - tall / 2, y_mid + tall / 2
            frames.append((k, c, x_left, x_left + width, y0, y1))
            if maps is None:
                continue
            role = "input" if k == 0 else "output"
            fig.add_trace(go.Heatmap(
                z=maps[i][::-1], x0=x_left + dx / 2, dx=dx, y0=y0 + dy / 2, dy=dy, coloraxis=axis,
                name=f"{role} {k} channel {c}", meta={"role": "map", "column": k, "channel": c},
                hovertemplate=t("chan.hover", lang, column=_column_name(k, layers, lang), channel=c)
                + ": %{z}<extra></extra>"))
        if maps is not None:
            fig.layout[axis] = dict(colorscale=scale, cmin=min(values), cmax=max(values), showscale=False)
            titles.append(t("chan.values", lang, range=_range_text(values)))
            if cropped:
                crops.append(t("chan.note.slice" if cropped == "depth" else "chan.note.size", lang,
                               column=_column_name(k, layers, lang), n="×".join(map(str, full)),
                               depth=full[0] // 2))
            depths += [cropped] if cropped == "depth" else []
        else:
            titles.append("")
        fig.add_trace(go.Scatter(  # hover for empty tiles, and a name per column for tests and readers
            x=[x_left + width / 2] * len(drawn), y=[centre(k, i) for i in range(len(drawn))], mode="markers",
            name=f"channels {k}", marker=dict(size=1, opacity=0), customdata=list(drawn),
            hovertemplate=t("chan.hover", lang, column=_column_name(k, layers, lang), channel="%{customdata}")
            + "<extra></extra>", showlegend=False))

    edges = {(k, c): (x0, x1, (y0 + y1) / 2) for k, c, x0, x1, y0, y1 in frames}
    for k, spec in enumerate(layers):
        ins, outs = set(shown[k]), shown[k + 1]
        per_in = spec.in_channels // spec.groups
        for g in range(spec.groups):
            xs: list[Optional[float]] = []
            ys: list[Optional[float]] = []
            for c in group_out_channels(spec, g):
                if c not in outs:
                    continue
                for ci in range(g * per_in, (g + 1) * per_in):
                    if ci in ins:
                        xs += [edges[k, ci][1], edges[k + 1, c][0], None]
                        ys += [edges[k, ci][2], edges[k + 1, c][2], None]
            if not xs:
                continue
            fig.add_trace(go.Scatter(
                x=xs, y=ys, mode="lines", name=f"group {g}" if k == 0 else f"layer {k + 1} group {g}",
                line=dict(color=group_colour(g), width=1), opacity=0.6, hoverinfo="skip", showlegend=False))
    if selected is not None:
        xs, ys = [], []
        for ci in reads:
            if ci in shown[0]:
                xs += [edges[0, ci][1], edges[1, selected][0], None]
                ys += [edges[0, ci][2], edges[1, selected][2], None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name="selected", line=dict(color=SELECTED, width=2.5),
                                 hoverinfo="skip", showlegend=False))

    # frames: each map in its group's colour; the followed filter and the channels it reads in black
    shapes = []
    for k, c, x0, x1, y0, y1 in frames:
        spec = layers[min(k, len(layers) - 1)]
        per = (spec.in_channels if k == 0 else spec.out_channels) // spec.groups
        black = (k == 0 and c in reads) or (k == 1 and c == selected)
        shapes.append(dict(type="rect", x0=x0, x1=x1, y0=y0, y1=y1, xref="x", yref="y",
                           line=dict(color=SELECTED if black else group_colour(c // per), width=2.5 if black else 1.5),
                           fillcolor="rgba(0,0,0,0)" if result is not None else "#EEEEEE", layer="above"))

    notes = []
    if subsampled:
        notes.append(t("chan.note.subsample", lang, parts=t("chan.note.sep", lang).join(subsampled)))
    if crops:
        key = "chan.note.depth" if depths else "chan.note.crop"
        notes.append(t(key, lang, size=MAX_MAP, parts=t("chan.note.sep", lang).join(crops)))
    lines = [line for note in notes for line in wrap(note)]
    names = [t("chan.column.input", lang, n=columns[0])]
    for k, spec in enumerate(layers):
        key = "chan.column.output" if k == len(layers) - 1 else "chan.column.middle"
        names.append(t(key, lang, n=spec.out_channels, groups=spec.groups))
    top = 0.5 + 0.15
    # "Depthwise: 64 filters, groups=64" on two lines, so that neighbouring titles do not overlap
    names = [name.replace(": ", "：").replace("：", "</b><br>", 1).replace(", groups", "<br>groups")
             .replace("，groups", "<br>groups") for name in names]
    annotations = [dict(text=f"<b>{name}" + (f"<br>{titles[k]}" if titles[k] else ""), x=k * GAP + BOX / 2,
                        y=top, xref="x", yref="y", showarrow=False, yanchor="bottom", font=dict(size=11))
                   for k, name in enumerate(names)]
    if notes:
        annotations.append(dict(text="<br>".join(lines), x=0, y=0, xref="paper", yref="paper", xanchor="left",
                                yanchor="top", yshift=-6, showarrow=False, align="left", font=dict(size=10)))
    fig.update_layout(
        height=max(height, 110 + 40 * tallest + 14 * len(lines)), plot_bgcolor="white", dragmode=False,
        margin=dict(l=10, r=10, t=78, b=14 + 14 * len(lines)),
        xaxis=dict(range=[-0.3, (len(columns) - 1) * GAP + BOX + 0.3], visible=False, fixedrange=True),
        yaxis=dict(range=[-tallest + 0.4, top + 0.1], visible=False, fixedrange=True, scaleanchor="x",
                   constrain="domain"),
        annotations=annotations, shapes=shapes, meta={"notes": notes, "shown": shown},
    )
    return fig


def channel_runs_after(layers: Sequence[ConvSpec], x, *, seed: int = 0) -> list:
    """Run ``layers`` one after the other on the tensor ``x`` (see :func:`channel_runs`)."""
    import torch

    from convviz.runtime import engine

    results = []
    for spec in layers:
        engine.check_run(spec, tuple(x.shape))
        with engine.run_slot():
            module = engine.make_module(spec, seed=seed).to(x.device)
            with torch.inference_mode():
                y = module(x)
        results.append(engine.RunResult(output=y, input=x, module=module, device=str(y.device)))
        x = y
    return results


def wrap(text: str, width: int = 60) -> list[str]:
    """``text`` in lines of at most ``width`` columns (a CJK character counts 2), broken at spaces where
    there are any: plotly annotations do not wrap, and the figure must fit a 390-px phone."""
    lines, line, used, space = [], "", 0, -1
    for ch in text:
        line += ch
        used += 2 if ord(ch) >= 0x2E80 else 1
        if ch == " ":
            space = len(line)
        if used > width:
            cut = space if space > 0 else len(line) - 1
            lines.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
            used = sum(2 if ord(c) >= 0x2E80 else 1 for c in line)
            space = -1
    return lines + ([line] if line.strip() else [])


def _column_name(k: int, layers: Sequence[ConvSpec], lang: str) -> str:
    if k == 0:
        return t("chan.name.input", lang)
    return t("chan.name.output" if k == len(layers) else "chan.name.middle", lang)
