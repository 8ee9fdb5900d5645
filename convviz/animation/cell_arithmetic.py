"""Every multiplication behind one output element, their sum, the bias, and the value PyTorch computed.

>>> from convviz.runtime.engine import run_conv
>>> spec = ConvSpec(1, 1, 3)
>>> run = run_conv(spec, (1, 1, 5, 5))
>>> cell = cell_arithmetic(spec, run, (0, 0))
>>> len(cell.products), cell.result == cell.torch_value   # 9 products = 1 channel · 3 · 3
(9, True)

``y[n, c, o] = bias[c] + Σ_{ci in group(c)} Σ_t weight[c, ci − first(c), t] · x_padded[n, ci, o·stride + t·dilation]``
(PyTorch docs of ``nn.Conv2d``, cross-correlation). The engine's inputs and weights are small integers, so the
sum is exact in float32 and equals PyTorch's value to the last digit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Optional

from convviz.animation.window import window
from convviz.layer.spec import ConvSpec, conv_of
from convviz.text.units import format_number

# Cases small enough to list every product: up to 8 per spatial dimension, up to 4 input channels per group.
MAX_SIZE = 8
MAX_CHANNELS = 4


def max_sizes(spatial_dims: int) -> tuple[int, ...]:
    """The largest input (spatial sizes) whose cells' arithmetic is shown: 8×8 in 2-D and 8×8×8 in 3-D; a 1-D
    signal of up to 64 elements (as many as 8×8: a cell reads only k of them, so the list stays short)."""
    return (MAX_SIZE * MAX_SIZE,) if spatial_dims == 1 else (MAX_SIZE,) * spatial_dims


def is_small(spec: ConvSpec, input_shape: tuple[int, ...]) -> bool:
    """True when a cell's arithmetic is short enough to show: the input within :func:`max_sizes`, in_channels ≤ 4."""
    spatial = input_shape[2:]
    return all(s <= m for s, m in zip(spatial, max_sizes(len(spatial)))) and spec.in_channels <= MAX_CHANNELS


@dataclass(frozen=True)
class Product:
    """One term ``weight · input``: input channel, kernel tap, the input element read (None: a zero of the
    padding) or the padded position, and the values."""

    in_channel: int
    tap: tuple[int, ...]
    padded: tuple[int, ...]
    source: Optional[tuple[int, ...]]
    input_value: float
    weight: float

    @property
    def value(self) -> float:
        return self.input_value * self.weight


@dataclass(frozen=True)
class CellArithmetic:
    """Output element ``y[batch, out_channel, *out_index]`` worked out: ``result = total + bias``;
    ``torch_value`` is what the module returned for it."""

    out_channel: int
    out_index: tuple[int, ...]
    products: tuple[Product, ...]
    total: float
    bias: float
    torch_value: float

    @property
    def result(self) -> float:
        return self.total + self.bias

    @property
    def agrees(self) -> bool:
        return math.isclose(self.result, self.torch_value, rel_tol=1e-6, abs_tol=1e-6)


def cell_arithmetic(spec: ConvSpec, run, out_index: Sequence[int], *, out_channel: int = 0,
                    batch: int = 0) -> CellArithmetic:
    """The arithmetic of one output element of ``run`` (an :class:`convviz.runtime.engine.RunResult` of ``spec``).

    Reads ``run.input`` ``(N, C_in, *spatial)``, ``run.module.weight`` ``(C_out, C_in/groups, *kernel_size)``,
    ``run.module.bias`` and ``run.output``. Raises ConvSpecError for an index outside the output.
    """
    x = run.input.detach().cpu()
    module = conv_of(run.module)  # a causal layer's module is nn.Sequential(pad, conv)
    weight = module.weight.detach().cpu()
    input_shape = tuple(x.shape)
    win = window(spec, input_shape, out_index, out_channel=out_channel)
    products = []
    for ci in win.in_channels:
        for tap, padded, source in zip(win.kernel_taps, win.taps_padded, win.taps_source):
            value = 0.0 if source is None else float(x[(batch, ci, *source)])
            w = float(weight[(out_channel, ci - win.in_channels.start, *tap)])
            products.append(Product(ci, tap, padded, source, value, w))
    bias = float(module.bias.detach().cpu()[out_channel]) if module.bias is not None else 0.0
    total = math.fsum(p.value for p in products)
    torch_value = float(run.output.detach().cpu()[(batch, out_channel, *win.out_index)])
    return CellArithmetic(out_channel, win.out_index, tuple(products), total, bias, torch_value)


def products_text(cell: CellArithmetic, *, per_line: int = 9) -> list[str]:
    """The sum written out, e.g. ``['(1)·(-2) + (0)·(1) + …', …]``: ``weight·input`` terms, ``per_line`` a line."""
    terms = [f"({format_number(p.weight, digits=6)})·({format_number(p.input_value, digits=6)})"
             for p in cell.products]
    return [" + ".join(terms[i:i + per_line]) for i in range(0, len(terms), per_line)]


def transposed_cell_arithmetic(spec: ConvSpec, run, out_index: Sequence[int], *, out_channel: int = 0,
                               batch: int = 0) -> CellArithmetic:
    """The arithmetic of one output element of a transposed layer, in the gather view (Dumoulin & Visin 2016,
    relationship 14; :mod:`convviz.lessons.transposed`): a stride-1 convolution with the flipped kernel over the input
    with ``stride − 1`` zeros inserted between neighbours and padded by ``dilation·(k − 1) − padding``
    (``+ output_padding`` after)::

        y[n, c, o] = bias[c] + Σ_{ci in group(c)} Σ_t weight[ci, c − first_out(c), k − 1 − t] · z[n, ci, o + t·dilation]

    ``run`` is a :class:`convviz.runtime.engine.RunResult` of ``spec`` (``transposed=True``): ``run.input``
    ``(N, C_in, *spatial)``, ``run.module.weight`` ``(C_in, C_out/groups, *kernel_size)``. Each
    :class:`Product` holds the weight index used (``tap``, the flipped one), the position in the zero-inserted
    grid (``padded``) and the input element read (``source``; None for an inserted or padding zero). The sum
    equals the real ``ConvTranspose`` output (the tests check it). Raises ConvSpecError for a layer
    that is not transposed or an index outside the output.
    """
    from convviz.lessons.transposed import zero_inserted_window

    x = run.input.detach().cpu()
    weight = run.module.weight.detach().cpu()
    win = zero_inserted_window(spec, tuple(x.shape), out_index)
    per_out, per_in = spec.out_channels // spec.groups, spec.in_channels // spec.groups
    group = out_channel // per_out
    products = []
    for ci in range(group * per_in, (group + 1) * per_in):
        for grid, weight_tap, source in zip(win.taps_grid, win.weight_taps, win.sources):
            value = 0.0 if source is None else float(x[(batch, ci, *source)])
            w = float(weight[(ci, out_channel - group * per_out, *weight_tap)])
            products.append(Product(ci, weight_tap, grid, source, value, w))
    bias = float(run.module.bias.detach().cpu()[out_channel]) if run.module.bias is not None else 0.0
    total = math.fsum(p.value for p in products)
    torch_value = float(run.output.detach().cpu()[(batch, out_channel, *win.out_index)])
    return CellArithmetic(out_channel, win.out_index, tuple(products), total, bias, torch_value)
