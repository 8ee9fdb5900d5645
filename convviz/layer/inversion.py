"""Shape inversion: the transposed convolution that brings a convolution's output back to its input size.

A strided convolution maps several input sizes to one output size (the floor in its formula), so the
transposed layer with the same kernel, stride, padding, dilation and groups needs ``output_padding`` to say
which of them it should return to. E.g. ``Conv1d(k=3, stride=2, padding=1, dilation=2)`` maps both 7 and 8
to 3, and ``ConvTranspose1d`` with the same settings returns 7 with ``output_padding=0`` and 8 with
``output_padding=1``:

>>> forward = ConvSpec(1, 1, 3, stride=2, padding=1, dilation=2, spatial_dims=1)
>>> invert(forward, (1, 1, 8)).output_padding
(1,)
>>> invert(forward, (1, 1, 7)).same_output_sizes
((7, 8),)

Per spatial dimension, with forward padding ``(before, after)`` and ``T = before + after``
(PyTorch docs, "Shape", of ``Conv`` and ``ConvTranspose``):

    out  = floor((in + T − d·(k − 1) − 1) / s) + 1
    back = (out − 1)·s − 2·p + d·(k − 1) + output_padding + 1

With symmetric padding (``p = before = after``) the answer is ``p`` itself and
``output_padding = (in + 2p − d·(k − 1) − 1) mod s``, always smaller than the stride. With uneven padding
(``'same'`` with an odd total, or causal) no single ``p`` matches both sides: the smallest
``output_padding ≥ 0`` with some ``p ≥ 0`` is taken, and PyTorch's rule (``output_padding`` smaller than the
stride or the dilation) may leave no answer — then ConvSpecError ``"inversion_impossible"``.
``output_size`` (the spatial input size) is the same request in the form ``module(x, output_size=…)`` takes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from convviz.layer.errors import ConvSpecError
from convviz.layer.spec import ConvSpec


@dataclass(frozen=True)
class Inversion:
    """The transposed layer that undoes ``forward``'s change of shape on ``input_shape``.

    ``forward_output_shape``: ``(N, C_out, *out)`` of the forward layer; ``transposed``: the
    ``ConvSpec(..., transposed=True)`` with channels swapped, ``output_padding`` set, whose output shape on
    ``forward_output_shape`` is ``input_shape``; ``output_padding`` and ``padding``: its values per spatial
    dimension; ``output_size``: the spatial input size (for ``module(x, output_size=...)``);
    ``same_output_sizes``: per dimension, the inclusive range ``(first, last)`` of input sizes that the forward
    layer maps to the same output size (the sizes the transposed layer can return to, one per
    ``output_padding``, where PyTorch allows it).
    """

    forward: ConvSpec
    input_shape: tuple[int, ...]
    forward_output_shape: tuple[int, ...]
    transposed: ConvSpec
    output_padding: tuple[int, ...]
    padding: tuple[int, ...]
    output_size: tuple[int, ...]
    same_output_sizes: tuple[tuple[int, int], ...]


def _solve(name: str, size: int, out: int, before: int, after: int, k: int, s: int, d: int) -> tuple[int, int]:
    """``(padding, output_padding)`` of the transposed layer for one dimension; raises ConvSpecError."""
    if before == after:
        return before, (size + 2 * before - d * (k - 1) - 1) % s
    base = (out - 1) * s + d * (k - 1) + 1  # the transposed output with padding 0 and output_padding 0
    excess = base - size  # = 2·padding − output_padding
    if excess <= 0:
        padding, output_padding = 0, -excess
    else:
        output_padding = excess % 2
        padding = (excess + output_padding) // 2
    if not (output_padding < s or output_padding < d):
        raise ConvSpecError(
            "inversion_impossible",
            f"no transposed convolution with stride={s} and dilation={d} returns {name}={size}: it would "
            f"need output_padding={output_padding}, but output_padding must be smaller than the larger of "
            f"the stride and the dilation (PyTorch's rule); use symmetric padding in the forward layer, or "
            f"pad or crop the transposed layer's output by hand",
            dim=name, size=size, output_padding=output_padding, stride=s, dilation=d,
        )
    return padding, output_padding


def invert(spec: ConvSpec, input_shape: tuple[int, ...]) -> Inversion:
    """Find the transposed layer that maps ``spec``'s output on ``input_shape`` back to ``input_shape``.

    ``input_shape`` is ``(N, C_in, *spatial)``. The transposed layer keeps ``kernel_size``, ``stride``,
    ``dilation``, ``groups`` and ``bias``, swaps ``in_channels`` and ``out_channels``, uses ``padding_mode
    'zeros'`` (the only one PyTorch's ``ConvTranspose`` has; shapes do not depend on it) and the forward
    padding when it is symmetric.

    Raises ConvSpecError: what ``spec.output_shape(input_shape)`` raises; ``"inversion_transposed"`` when
    ``spec`` is already transposed; ``"inversion_impossible"`` when no ``output_padding`` allowed by PyTorch
    returns the size (uneven forward padding only).
    """
    if spec.transposed:
        raise ConvSpecError(
            "inversion_transposed",
            "this layer is already transposed; shape inversion starts from a forward convolution "
            "(set transposed=False)",
        )
    forward_output_shape = spec.output_shape(input_shape)
    pairs = spec.padding_amounts(input_shape)
    paddings, output_paddings, ranges = [], [], []
    for name, size, out, (before, after), k, s, d in zip(
        spec.dim_names, input_shape[2:], forward_output_shape[2:], pairs, spec.kernel_size, spec.stride,
        spec.dilation,
    ):
        padding, output_padding = _solve(name, size, out, before, after, k, s, d)
        paddings.append(padding)
        output_paddings.append(output_padding)
        first = max(1, (out - 1) * s + d * (k - 1) + 1 - before - after)
        ranges.append((first, (out - 1) * s + d * (k - 1) + 1 - before - after + s - 1))
    transposed = replace(
        spec, in_channels=spec.out_channels, out_channels=spec.in_channels, padding=tuple(paddings),
        padding_mode="zeros", causal=False, transposed=True, output_padding=tuple(output_paddings),
    )
    back = transposed.output_shape(forward_output_shape)
    if back != tuple(input_shape):  # cannot happen: the arithmetic above is exact
        raise AssertionError(f"inversion of {spec} on {input_shape} gives {back}")
    return Inversion(
        forward=spec, input_shape=tuple(input_shape), forward_output_shape=forward_output_shape,
        transposed=transposed, output_padding=tuple(output_paddings), padding=tuple(paddings),
        output_size=tuple(input_shape[2:]), same_output_sizes=tuple(ranges),
    )
