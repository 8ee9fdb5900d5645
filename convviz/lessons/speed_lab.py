"""The speed lab: four ways to map ``C_in`` to ``C_out`` channels on the same input, counted and measured.

For a 2-D input ``(N, C_in, H, W)`` and a kernel ``k`` (padding ``k // 2``, stride 1), the four layers are

- ``standard``: ``Conv2d(C_in, C_out, k)``;
- ``grouped``: ``Conv2d(C_in, C_out, k, groups=g)`` (Krizhevsky et al. 2012; Zhang et al. 2018);
- ``separable``: depthwise ``Conv2d(C_in, C_in, k, groups=C_in)`` then pointwise ``Conv2d(C_in, C_out, 1)``
  (Howard et al. 2017);
- ``pointwise``: ``Conv2d(C_in, C_out, 1)`` alone (no spatial mixing: a lower bound on the separable pair).

Every ratio is "standard / this layer": the FLOP ratio from ``FlopCounterMode`` (2 per MAC, bias not counted),
the time ratio from medians measured with ``torch.utils.benchmark`` (see :mod:`convviz.runtime.timing`), with the
spread the quartiles allow. Nothing here quotes a measured number: timings vary by several times between
runs on a shared machine, so the page measures every time and shows the spread.

>>> layers = speed_layers(64, 128, 3, 4)
>>> [len(layers[kind]) for kind in KINDS]
[1, 1, 2, 1]
>>> [sum(s.flops((1, 64, 32, 32)) for s in layers[kind]) for kind in KINDS]   # FLOPs on 32×32
[150994944, 37748736, 17956864, 16777216]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Optional

from convviz.layer.spec import ConvSpec
from convviz.runtime.engine import check_run
from convviz.runtime.timing import DEFAULT_MAC_LIMIT, DEFAULT_MEMORY_LIMIT, Ratio, Timing, measure, time_ratio

KINDS = ("standard", "grouped", "separable", "pointwise")
# Seconds each chain is measured for (``min_run_time`` of ``torch.utils.benchmark.Timer.blocked_autorange``,
# after its warm-up): about a second for the four.
MEASURE_SECONDS = 0.2


@dataclass(frozen=True)
class SpeedCase:
    """A configuration of the lab: ``(batch, in_channels, size, size)`` input, ``out_channels``,
    ``kernel_size`` and the grouped layer's ``groups``."""

    in_channels: int
    out_channels: int
    size: int
    kernel_size: int = 3
    groups: int = 4
    batch: int = 1

    @property
    def input_shape(self) -> tuple[int, int, int, int]:
        """``(N, C_in, H, W)`` with ``H = W = size``."""
        return (self.batch, self.in_channels, self.size, self.size)


# The source article's 64 → 128 on 32×32, and a larger case from the middle of a ResNet/MobileNet (56×56).
PRESETS: dict[str, SpeedCase] = {
    "article": SpeedCase(64, 128, 32, 3, 4, 1),
    "large": SpeedCase(256, 256, 56, 3, 4, 1),
}


def speed_layers(in_channels: int, out_channels: int, kernel_size: int, groups: int) -> dict[str, tuple[ConvSpec, ...]]:
    """The four layer chains of the lab, keyed by :data:`KINDS`, each a tuple of ``ConvSpec`` run in order.

    Every chain maps ``(N, C_in, H, W)`` to ``(N, C_out, H, W)`` for an odd ``kernel_size`` (padding ``k // 2``).
    Raises ConvSpecError when ``groups`` does not divide both channel counts (or another rule of ConvSpec).
    """
    padding = kernel_size // 2
    return {
        "standard": (ConvSpec(in_channels, out_channels, kernel_size, padding=padding),),
        "grouped": (ConvSpec(in_channels, out_channels, kernel_size, padding=padding, groups=groups),),
        "separable": (ConvSpec(in_channels, in_channels, kernel_size, padding=padding, groups=in_channels),
                      ConvSpec(in_channels, out_channels, 1)),
        "pointwise": (ConvSpec(in_channels, out_channels, 1),),
    }


def chain_output_shape(layers: Sequence[ConvSpec], input_shape: tuple[int, ...]) -> tuple[int, ...]:
    """Output shape ``(N, C_out, *spatial)`` of ``layers`` applied in order; raises ConvSpecError."""
    shape = tuple(input_shape)
    for layer in layers:
        shape = layer.output_shape(shape)
    return shape


def chain_flops(layers: Sequence[ConvSpec], input_shape: tuple[int, ...]) -> int:
    """FLOPs (2 per MAC, bias not counted: ``FlopCounterMode``'s convention) of ``layers`` applied in order."""
    total, shape = 0, tuple(input_shape)
    for layer in layers:
        total += layer.flops(shape)
        shape = layer.output_shape(shape)
    return total


def chain_params(layers: Sequence[ConvSpec]) -> int:
    """Parameters (weights + bias) of ``layers``."""
    return sum(layer.param_count() for layer in layers)


def check_case(case: SpeedCase, *, memory_limit: int = DEFAULT_MEMORY_LIMIT,
               mac_limit: int = DEFAULT_MAC_LIMIT) -> dict[str, tuple[ConvSpec, ...]]:
    """The four chains of ``case``, after checking every layer against the engine's limits.

    Raises ConvSpecError for an invalid configuration, MemoryLimitError (code ``memory_limit`` or
    ``compute_limit``) when any layer is above :func:`convviz.runtime.engine.check_run`'s limits — before any
    tensor is made.
    """
    chains = speed_layers(case.in_channels, case.out_channels, case.kernel_size, case.groups)
    for layers in chains.values():
        shape = case.input_shape
        for layer in layers:
            check_run(layer, shape, memory_limit=memory_limit, mac_limit=mac_limit)
            shape = layer.output_shape(shape)
    return chains


def measure_case(case: SpeedCase, *, device: str = "cpu", dtype: str = "float32", channels_last: bool = False,
                 min_run_time: float = MEASURE_SECONDS, progress: Optional[Callable[[float], None]] = None,
                 memory_limit: int = DEFAULT_MEMORY_LIMIT, mac_limit: int = DEFAULT_MAC_LIMIT) -> dict[str, Timing]:
    """Time the four chains of ``case`` one after another on ``device`` (see :func:`convviz.runtime.timing.measure`).

    ``progress`` is called with the overall fraction done (0 to 1). Returns a :class:`Timing` per kind, in
    :data:`KINDS` order. Raises ConvSpecError / MemoryLimitError as :func:`check_case` does, before running.
    """
    chains = check_case(case, memory_limit=memory_limit, mac_limit=mac_limit)
    results: dict[str, Timing] = {}
    for index, kind in enumerate(KINDS):
        def part(fraction: float, index: int = index) -> None:
            if progress is not None:
                progress((index + fraction) / len(KINDS))

        results[kind] = measure(chains[kind], case.input_shape, device=device, dtype=dtype,
                                channels_last=channels_last, min_run_time=min_run_time, progress=part,
                                memory_limit=memory_limit, mac_limit=mac_limit)
    return results


@dataclass(frozen=True)
class Comparison:
    """One layer kind against the standard layer: ``flop_ratio`` = standard FLOPs / its FLOPs, ``time`` =
    standard time / its time at the medians with the quartile spread (:func:`convviz.runtime.timing.time_ratio`)."""

    kind: str
    flop_ratio: float
    time: Ratio


def compare(timings: Mapping[str, Timing]) -> list[Comparison]:
    """Ratios of every kind in ``timings`` against ``timings['standard']`` (the standard row is 1 by definition).

    Raises KeyError if there is no ``'standard'`` entry.
    """
    standard = timings["standard"]
    return [Comparison(kind, standard.flops / timing.flops, time_ratio(standard, timing))
            for kind, timing in timings.items()]


def ratio_figure(comparisons: Sequence[Comparison], *, labels: Mapping[str, str]):
    """Grouped bars per layer kind: the FLOP ratio and the measured time ratio (error bar: quartile spread),
    both "standard / this layer", on a logarithmic axis with a line at 1 (as fast as the standard layer).

    ``labels``: one per kind, plus ``flops``, ``time`` and ``y``. Returns a ``plotly.graph_objects.Figure``
    built from plain lists.
    """
    import plotly.graph_objects as go

    from convviz.plotting import BLUE, ORANGE

    names = [labels[c.kind] for c in comparisons]
    flops = [c.flop_ratio for c in comparisons]
    times = [c.time.median for c in comparisons]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=names, y=flops, name=labels["flops"], marker_color=BLUE,
                         text=[f"{v:.2g}×" for v in flops], textposition="outside",
                         hovertemplate="%{x}: %{y:.3g}×<extra></extra>"))
    fig.add_trace(go.Bar(
        x=names, y=times, name=labels["time"], marker_color=ORANGE, text=[f"{v:.2g}×" for v in times],
        textposition="inside", insidetextanchor="start", hovertemplate="%{x}: %{y:.3g}×<extra></extra>",
        error_y={"type": "data", "symmetric": False,
                 "array": [max(0.0, c.time.high - c.time.median) for c in comparisons],
                 "arrayminus": [max(0.0, c.time.median - c.time.low) for c in comparisons],
                 "thickness": 2, "width": 8},
    ))
    values = flops + times + [c.time.high for c in comparisons] + [c.time.low for c in comparisons]
    low, high = min(min(values), 1.0) / 1.5, max(max(values), 1.0) * 2.0
    from math import log10

    fig.add_hline(y=1.0, line_dash="dot", line_color="#555555")
    ticks = [m * 10.0 ** e for e in range(-4, 5) for m in (1, 2, 5) if low <= m * 10.0 ** e <= high]
    fig.update_yaxes(title=labels["y"], type="log", range=[log10(low), log10(high)], tickvals=ticks,
                     ticktext=[f"{v:g}×" for v in ticks])
    fig.update_layout(barmode="group", height=380, margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      plot_bgcolor="white", legend={"orientation": "h", "y": -0.15})
    return fig
