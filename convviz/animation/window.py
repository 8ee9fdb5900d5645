"""Which input elements one output element reads: the sliding window of a convolution, cell by cell.

>>> spec = ConvSpec(1, 1, 3, dilation=2)            # the article's dilated example on a 7×7 input
>>> w = window(spec, (1, 1, 7, 7), (1, 2))
>>> w.taps_padded[:3]                               # (row, column) in the padded input: 2·stride + 2·tap
((1, 2), (1, 4), (1, 6))
>>> w.taps_source[:3]                               # no padding: the same positions in the input itself
((1, 2), (1, 4), (1, 6))

Coordinates: output element ``o`` (per spatial dimension) reads padded position
``o·stride + t·dilation`` for kernel tap ``t = 0 … kernel_size − 1`` (Dumoulin & Visin 2016, section 5;
PyTorch docs of ``nn.Conv2d``). The padded input has ``before`` extra cells in front, so padded position ``p``
is input position ``p − before``; outside ``0 … size − 1`` it is a padding cell, whose value is 0
(``padding_mode='zeros'``) or a copy of an input element (``'reflect'``, ``'replicate'``, ``'circular'``,
as ``torch.nn.functional.pad`` fills it). Output channel ``c`` reads only the input channels of its group:
``g = c // (out_channels/groups)``, channels ``g·(in_channels/groups) … (g + 1)·(in_channels/groups) − 1``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Optional

from convviz.layer.errors import ConvSpecError
from convviz.layer.spec import ConvSpec


def source_index(padded: int, size: int, before: int, mode: str) -> Optional[int]:
    """The input index (0 … size − 1) whose value padded position ``padded`` holds, or None for a zero.

    ``mode`` is a ``padding_mode``: ``'zeros'`` (None outside the input), ``'reflect'`` (mirror without
    repeating the edge: −1 → 1), ``'replicate'`` (the edge repeated: −1 → 0), ``'circular'`` (wrap around:
    −1 → size − 1) — the rules of ``torch.nn.functional.pad``.
    """
    i = padded - before
    if 0 <= i < size:
        return i
    if mode == "zeros":
        return None
    if mode == "replicate":
        return min(max(i, 0), size - 1)
    if mode == "circular":
        return i % size
    if mode == "reflect":
        if size == 1:
            return 0
        period = 2 * (size - 1)
        i %= period
        return i if i < size else period - i
    raise ValueError(f"unknown padding_mode {mode!r}")


def padded_sources(spec: ConvSpec, input_shape: tuple[int, ...]) -> tuple[tuple[Optional[int], ...], ...]:
    """Per spatial dimension, the input index each padded position copies (None for a zero).

    Length of each tuple: ``size + before + after``. Raises ConvSpecError for an invalid input.
    """
    spec.check_input(input_shape)
    return tuple(
        tuple(source_index(p, size, before, spec.padding_mode) for p in range(size + before + after))
        for size, (before, after) in zip(input_shape[2:], spec.padding_amounts(input_shape))
    )


def group_of(spec: ConvSpec, out_channel: int) -> int:
    """The group (0 … groups − 1) that output channel ``out_channel`` belongs to."""
    return out_channel // (spec.out_channels // spec.groups)


def group_in_channels(spec: ConvSpec, out_channel: int) -> range:
    """Input channels the filter of ``out_channel`` reads: the ``in_channels/groups`` channels of its group."""
    if not 0 <= out_channel < spec.out_channels:
        raise ConvSpecError(
            "channel_range",
            f"output channel {out_channel} does not exist; use 0 … {spec.out_channels - 1}",
            channel=out_channel, last=spec.out_channels - 1,
        )
    per_group = spec.in_channels // spec.groups
    g = group_of(spec, out_channel)
    return range(g * per_group, (g + 1) * per_group)


def group_out_channels(spec: ConvSpec, group: int) -> range:
    """Output channels (filters) of ``group``: ``out_channels/groups`` consecutive channels."""
    per_group = spec.out_channels // spec.groups
    return range(group * per_group, (group + 1) * per_group)


@dataclass(frozen=True)
class Window:
    """What output element ``out_index`` (one int per spatial dimension) reads, tap by tap.

    ``kernel_taps``: the kernel index of each tap, in the order of ``weight[c, ci, *tap]`` (row-major);
    ``taps_padded``: its position in the padded input; ``taps_source``: the input element it reads, or None
    where it reads a zero of the padding (same order). ``in_channels``: the input channels read (its group).
    """

    out_index: tuple[int, ...]
    kernel_taps: tuple[tuple[int, ...], ...]
    taps_padded: tuple[tuple[int, ...], ...]
    taps_source: tuple[Optional[tuple[int, ...]], ...]
    in_channels: range

    @property
    def span_padded(self) -> tuple[tuple[int, int], ...]:
        """``(first, last)`` padded position per dimension, inclusive: the dilated kernel's extent."""
        return tuple((min(p[d] for p in self.taps_padded), max(p[d] for p in self.taps_padded))
                     for d in range(len(self.out_index)))


def output_index(out_spatial: Sequence[int], out_index: Sequence[int]) -> tuple[int, ...]:
    """``out_index`` as a tuple of ints, checked to lie inside an output of spatial size ``out_spatial``;
    raises ConvSpecError ``cell_range`` otherwise."""
    index = tuple(int(i) for i in out_index)
    if len(index) != len(out_spatial) or not all(0 <= i < n for i, n in zip(index, out_spatial)):
        raise ConvSpecError(
            "cell_range",
            f"output position {index} is outside the output {tuple(out_spatial)}; use 0 … n − 1 per dimension",
            index=str(index), shape=str(tuple(out_spatial)),
        )
    return index


def window(spec: ConvSpec, input_shape: tuple[int, ...], out_index: Sequence[int], *,
           out_channel: int = 0) -> Window:
    """The :class:`Window` of output element ``out_index`` of channel ``out_channel``.

    Raises ConvSpecError for an invalid input or an index outside the output.
    """
    index = output_index(spec.output_spatial(input_shape), out_index)
    sources = padded_sources(spec, input_shape)
    kernel_taps = tuple(itertools.product(*(range(k) for k in spec.kernel_size)))
    padded = tuple(
        tuple(o * s + t * d for o, s, t, d in zip(index, spec.stride, tap, spec.dilation)) for tap in kernel_taps
    )
    source = []
    for position in padded:
        per_dim = [sources[d][p] for d, p in enumerate(position)]
        source.append(None if any(v is None for v in per_dim) else tuple(per_dim))
    return Window(index, kernel_taps, padded, tuple(source), group_in_channels(spec, out_channel))


def output_positions(spec: ConvSpec, input_shape: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Every output position in the order the window visits them (row-major); raises ConvSpecError."""
    return list(itertools.product(*(range(n) for n in spec.output_spatial(input_shape))))


def taps_outside(spec: ConvSpec, input_shape: tuple[int, ...], win: Window) -> int:
    """How many taps of ``win`` (the :func:`window` of an output element of ``spec`` on ``input_shape``
    ``(N, C_in, *spatial)``) fall outside the input, in its padding: padded position ``p`` is outside when
    ``p − before`` is not in ``0 … size − 1`` in some dimension (``before``: the padding in front). Counted whatever
    ``padding_mode`` puts there; the taps that read zeros are those whose ``taps_source`` is None.

    >>> spec = ConvSpec(1, 1, 3, padding=1, padding_mode="reflect")
    >>> corner = window(spec, (1, 1, 5, 5), (0, 0))
    >>> taps_outside(spec, (1, 1, 5, 5), corner)                # row 0 and column 0 of the 3×3 kernel
    5
    >>> sum(source is None for source in corner.taps_source)    # reflect copies input elements there: no zeros
    0
    """
    before = spec.before_padding()
    return sum(any(not 0 <= p - b < size for p, b, size in zip(tap, before, input_shape[2:]))
               for tap in win.taps_padded)
