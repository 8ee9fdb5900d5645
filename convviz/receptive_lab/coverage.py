"""How many paths lead from each input element to one output element through a layer stack.

Replace every layer by a single-channel convolution whose weights are all ones and back-propagate a one-hot
from one output element: the gradient at each input element is the number of distinct paths (one tap per
layer) that connect it to that output. A zero inside the receptive field's span is a *hole*: that input
element never reaches the output however the weights are trained — the "gridding" effect of stacked
dilated convolutions with a common rate (Wang et al. 2018, "Understanding Convolution for Semantic
Segmentation", the HDC rule). Channels are ignored: every channel connection multiplies all counts alike.

>>> from convviz.layer.spec import ConvSpec
>>> path_counts([ConvSpec(1, 1, 3, spatial_dims=1)] * 2).tolist()     # 1-D, two 3-tap layers
[1, 2, 3, 2, 1]
>>> path_counts([ConvSpec(1, 1, 3, dilation=2, spatial_dims=1)] * 2).tolist()   # holes at odd offsets
[1, 0, 2, 0, 3, 0, 2, 0, 1]

An all-ones kernel is the outer product of all-ones vectors and the index maps of a convolution act on each
spatial dimension separately, so the N-D count is the outer product of one 1-D count per dimension; it is
computed that way, exactly, in integers (``int64`` while no count can overflow it, Python ints beyond).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Optional, Union

import numpy as np

from convviz.layer.errors import ConvSpecError
from convviz.layer.pool import PoolSpec
from convviz.layer.receptive import receptive_field
from convviz.layer.spec import ConvSpec

Layer = Union[ConvSpec, PoolSpec]
_INT64_SAFE = 2**62


def _dims(layers: Sequence[Layer]) -> int:
    receptive_field(layers)  # the same validation: non-empty, conv/pool only, one dimensionality
    return layers[0].spatial_dims


def _window(layer: Layer, axis: int) -> tuple[int, int, int, int]:
    """``(kernel, stride, dilation, padding before)`` of ``layer`` along ``axis``."""
    return layer.kernel_size[axis], layer.stride[axis], layer.dilation[axis], layer.before_padding()[axis]


def _dtype(layers: Sequence[Layer]):
    """``int64`` when the total number of paths (an upper bound of every count) fits, else ``object``."""
    total = math.prod(math.prod(layer.kernel_size) for layer in layers)
    return np.int64 if total < _INT64_SAFE else object


def _unbounded_1d(layers: Sequence[Layer], axis: int, dtype) -> np.ndarray:
    """Counts over the receptive-field span along ``axis`` (index 0 = first element of the span)."""
    counts = np.ones(1, dtype=dtype)
    for layer in reversed(layers):
        k, s, d, _ = _window(layer, axis)
        grown = np.zeros((len(counts) - 1) * s + (k - 1) * d + 1, dtype=dtype)
        positions = np.arange(len(counts)) * s
        for tap in range(k):
            grown[positions + tap * d] += counts
        counts = grown
    return counts


def _fold(index: np.ndarray, size: int, mode: str) -> tuple[np.ndarray, np.ndarray]:
    """Map padded indices to input indices as ``torch.nn.functional.pad`` does; returns (index, kept)."""
    if mode == "zeros":
        kept = (index >= 0) & (index < size)
        return index, kept
    if mode == "reflect":
        period = 2 * (size - 1) if size > 1 else 1
        folded = np.abs(index) % period
        folded = np.where(folded >= size, period - folded, folded)
    elif mode == "replicate":
        folded = np.clip(index, 0, size - 1)
    else:  # circular
        folded = index % size
    return folded, np.ones(index.shape, dtype=bool)


def _sizes(layers: Sequence[Layer], input_size: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Spatial size before each layer and after the last (len(layers) + 1 entries); raises ConvSpecError."""
    sizes = [tuple(input_size)]
    for layer in layers:
        channels = layer.in_channels if isinstance(layer, ConvSpec) else 1
        out = layer.output_shape((1, channels, *sizes[-1]))
        sizes.append(tuple(out[2:]))
    return sizes


def _bounded_1d(layers: Sequence[Layer], axis: int, sizes: list[tuple[int, ...]], index: int,
                dtype) -> np.ndarray:
    """Counts over the whole input along ``axis`` for output ``index``; padding folded per padding mode."""
    counts = np.zeros(sizes[-1][axis], dtype=dtype)
    counts[index] = 1
    for layer_index in range(len(layers) - 1, -1, -1):
        layer = layers[layer_index]
        k, s, d, before = _window(layer, axis)
        size = sizes[layer_index][axis]
        mode = getattr(layer, "padding_mode", "zeros")
        grown = np.zeros(size, dtype=dtype)
        positions = np.arange(len(counts)) * s - before
        for tap in range(k):
            target, kept = _fold(positions + tap * d, size, mode)
            np.add.at(grown, target[kept], counts[kept])
        counts = grown
    return counts


def path_counts(layers: Sequence[Layer], input_size: Optional[Sequence[int]] = None,
                output_index: Optional[Sequence[int]] = None) -> np.ndarray:
    """Number of paths from every input element to one output element of the stack ``layers``.

    Parameters
    ----------
    layers : sequence of ConvSpec or PoolSpec
        The stack, first layer first, all with the same ``spatial_dims`` (1, 2 or 3). A pooling window counts
        as an all-ones kernel (for max pooling: the paths the maximum could take).
    input_size : sequence of int, optional
        Spatial size of the input ``(L,)``, ``(H, W)`` or ``(D, H, W)``. Without it the input is taken to be
        unbounded and the result covers exactly the receptive field's span, shape ``receptive_field(layers)
        [-1].size``, element 0 being the span's first element (padding plays no part). With it the result has
        shape ``input_size``; paths into zero padding are dropped and paths into reflect / replicate / circular
        padding land on the input elements that padding copies.
    output_index : sequence of int, optional
        The output element, one index per spatial dimension, with ``input_size`` only; default the centre
        (``size // 2``) of the output.

    Returns
    -------
    numpy.ndarray of int
        Path counts, ``int64`` (``object`` holding Python ints when a count could exceed 2**62).

    Raises
    ------
    ConvSpecError
        An invalid stack (see :func:`convviz.receptive_field`), an input too small for a layer, or an
        ``output_index`` outside the output.
    """
    dims = _dims(layers)
    dtype = _dtype(layers)
    if input_size is None:
        per_axis = [_unbounded_1d(layers, axis, dtype) for axis in range(dims)]
    else:
        sizes = _sizes(layers, tuple(int(s) for s in input_size))
        out = sizes[-1]
        index = tuple(o // 2 for o in out) if output_index is None else tuple(int(i) for i in output_index)
        if len(index) != dims or any(not 0 <= i < o for i, o in zip(index, out)):
            raise ConvSpecError(
                "output_index",
                f"output index {index} is outside the output of size {out}; use indices from 0 to size − 1",
                index=str(index), size=str(out),
            )
        per_axis = [_bounded_1d(layers, axis, sizes, index[axis], dtype) for axis in range(dims)]
    counts = per_axis[0]
    for other in per_axis[1:]:
        counts = np.multiply.outer(counts, other)
    return counts


def read_count(layers: Sequence[Layer]) -> tuple[int, int]:
    """``(read, span)``: how many input elements inside the receptive-field span of one output element have at
    least one path to it, and how many the span holds (``prod(size)``), on an unbounded input (no padding
    involved). ``span − read`` are the holes. Raises ConvSpecError for an invalid stack.

    >>> from convviz.layer.spec import ConvSpec
    >>> read_count([ConvSpec(1, 1, 3, padding=2, dilation=2)] * 3)   # rates 2, 2, 2: every other row and column
    (49, 169)
    >>> read_count([ConvSpec(1, 1, 3, padding=r, dilation=r) for r in (1, 2, 5)])   # HDC 1, 2, 5: no holes
    (289, 289)
    """
    counts = path_counts(layers)
    return int(np.count_nonzero(counts)), int(counts.size)


def holes(counts: np.ndarray) -> np.ndarray:
    """Boolean mask of the elements with no path inside the bounding box of the elements with one.

    For the unbounded result of :func:`path_counts` the bounding box is the receptive field's span.
    """
    reached = np.asarray(counts) != 0
    mask = np.zeros(reached.shape, dtype=bool)
    if not reached.any():
        return mask
    box = tuple(slice(int(idx.min()), int(idx.max()) + 1) for idx in np.nonzero(reached))
    mask[box] = ~reached[box]
    return mask
