"""Theoretical receptive field of a layer stack (Araujo, Norris & Sim, Distill 2019, with dilation).

For layer l with effective kernel ``k_eff = dilation·(k − 1) + 1``, stride ``s`` and padding before ``p``:

    size_l  = size_{l−1} + (k_eff − 1) · jump_{l−1}
    jump_l  = jump_{l−1} · s
    start_l = start_{l−1} − p · jump_{l−1}

starting from ``size_0 = 1, jump_0 = 1, start_0 = 0`` on the input.

>>> [r.size for r in receptive_field([ConvSpec(1, 1, 3)] * 3)]     # three 3×3 layers see 7×7
[(3, 3), (5, 5), (7, 7)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Union

from convviz.layer.errors import ConvSpecError
from convviz.layer.pool import PoolSpec
from convviz.layer.spec import ConvSpec

Layer = Union[ConvSpec, PoolSpec]


@dataclass(frozen=True)
class ReceptiveField:
    """Receptive field of one output element after a layer, per spatial dimension, in input elements.

    ``size``: span of the input region one output element depends on (holes from dilation included);
    ``jump``: distance in the input between neighbouring outputs; ``start``: input index where the span of
    output 0 begins (negative where it reaches into padding).
    """

    size: tuple[int, ...]
    jump: tuple[int, ...]
    start: tuple[int, ...]

    def span(self, index: Sequence[int]) -> tuple[tuple[int, int], ...]:
        """``(first, last)`` input index, inclusive, per dimension, of the span of output ``index``."""
        return tuple(
            (st + i * j, st + i * j + sz - 1)
            for st, i, j, sz in zip(self.start, index, self.jump, self.size)
        )


def receptive_field(layers: Sequence[Layer]) -> list[ReceptiveField]:
    """One :class:`ReceptiveField` per layer, cumulative from the input.

    Raises ConvSpecError for an empty stack, a layer that is neither ConvSpec nor PoolSpec, a transposed
    layer, or layers with different ``spatial_dims``.
    """
    if not layers:
        raise ConvSpecError("rf_empty", "the layer stack is empty; add at least one layer")
    dims = layers[0].spatial_dims
    size, jump, start = [1] * dims, [1] * dims, [0] * dims
    records = []
    for index, layer in enumerate(layers):
        if not isinstance(layer, (ConvSpec, PoolSpec)):
            raise ConvSpecError(
                "rf_layer", f"layer {index + 1} is a {type(layer).__name__}; use ConvSpec or PoolSpec",
                index=index + 1,
            )
        if getattr(layer, "transposed", False):
            raise ConvSpecError(
                "rf_transposed",
                f"layer {index + 1} is a transposed convolution, which has no receptive field in this sense; "
                f"remove it from the stack",
                index=index + 1,
            )
        if layer.spatial_dims != dims:
            raise ConvSpecError(
                "rf_dims",
                f"layer {index + 1} is {layer.spatial_dims}-D but the stack is {dims}-D; "
                f"use the same spatial_dims for every layer",
                index=index + 1, got=layer.spatial_dims, dims=dims,
            )
        for axis, (k_eff, s, p) in enumerate(
            zip(layer.effective_kernel_size, layer.stride, layer.before_padding())
        ):
            size[axis] += (k_eff - 1) * jump[axis]
            start[axis] -= p * jump[axis]
            jump[axis] *= s
        records.append(ReceptiveField(tuple(size), tuple(jump), tuple(start)))
    return records
