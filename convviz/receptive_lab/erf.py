"""Effective receptive field (Luo, Li, Urtasun & Zemel 2016, "Understanding the Effective Receptive Field in
Deep Convolutional Neural Networks"): how much each input element actually moves one output element.

Build the stack in PyTorch with random weights, set the gradient to 1 at one output element (every output
channel) and 0 elsewhere, back-propagate, and average ``|∂y/∂x|`` over the input channels and over several
random initialisations. The result lies inside the theoretical receptive field (outside it the gradient is
exactly zero) and is concentrated near its centre, roughly Gaussian: its 95 % window is a fraction of the
theoretical size, and that fraction shrinks as the stack grows deeper.

Weights: He-normal (``std = sqrt(2 / fan_in)``), bias 0, from a local ``torch.Generator`` seeded with
``seed + i`` for initialisation ``i``; the input is standard normal from the same generator (it matters only
with ReLU). Max pooling routes the gradient to each window's maximum, as in a real network.

>>> from convviz import ConvSpec
>>> result = effective_receptive_field([ConvSpec(1, 1, 3, padding=1)] * 10, (128, 128))
>>> result.gradient.shape, result.theoretical          # theoretical 21×21 = 1 + 10·2
((128, 128), (21, 21))
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Optional, Union

import numpy as np

from convviz.layer.errors import ConvSpecError
from convviz.layer.pool import PoolSpec
from convviz.layer.receptive import receptive_field
from convviz.layer.spec import ConvSpec
from convviz.runtime.engine import run_slot
from convviz.text.units import format_int

Layer = Union[ConvSpec, PoolSpec]
MAX_CHANNELS = 16
MAX_INITIALISATIONS = 20
MAX_INPUT_ELEMENTS = 512 * 512
MASS_SHARE = 0.95
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class EffectiveRF:
    """The effective receptive field of one output element.

    ``gradient``: float64 array of the input's spatial shape, mean ``|∂y/∂x|`` (not normalised);
    ``output_index``: the output element; ``centre``: its theoretical receptive field's centre, in input
    coordinates (a half-integer for even sizes); ``theoretical``: the theoretical size per dimension;
    ``side``: per dimension, the side of the smallest window centred on ``centre`` (the same radius in every
    dimension, i.e. a square in 2-D) that holds ``MASS_SHARE`` (95 %) of the gradient's mass;
    ``share``: ``side / theoretical`` per dimension.
    """

    gradient: np.ndarray
    output_index: tuple[int, ...]
    centre: tuple[float, ...]
    theoretical: tuple[int, ...]
    side: tuple[int, ...]
    share: tuple[float, ...]


def _check(layers: Sequence[Layer], input_size: tuple[int, ...], channels: int, initialisations: int) -> None:
    receptive_field(layers)  # non-empty, conv/pool only, one dimensionality, none transposed
    if len(input_size) != layers[0].spatial_dims:
        raise ConvSpecError("input_rank", f"input size {input_size} must have {layers[0].spatial_dims} values",
                            shape=str(input_size), rank=layers[0].spatial_dims + 2, dims="…")
    if not 1 <= channels <= MAX_CHANNELS:
        raise ConvSpecError("erf_channels", f"channels={channels} must be between 1 and {MAX_CHANNELS}",
                            value=channels, largest=MAX_CHANNELS)
    if not 1 <= initialisations <= MAX_INITIALISATIONS:
        raise ConvSpecError("erf_initialisations", f"initialisations={initialisations} must be between 1 and "
                            f"{MAX_INITIALISATIONS}", value=initialisations, largest=MAX_INITIALISATIONS)
    if int(np.prod(input_size)) > MAX_INPUT_ELEMENTS:
        raise ConvSpecError("erf_input", f"the input {input_size} has more than {format_int(MAX_INPUT_ELEMENTS)} "
                            f"elements; use a smaller input", size=str(input_size), largest=MAX_INPUT_ELEMENTS)


def _module(layer: Layer, channels: int):
    """``layer`` with ``channels`` channels in and out (depthwise stays depthwise, other groups become 1)."""
    if isinstance(layer, PoolSpec):
        import torch

        dims = layer.spatial_dims
        if layer.kind == "max":
            cls = (torch.nn.MaxPool1d, torch.nn.MaxPool2d, torch.nn.MaxPool3d)[dims - 1]
            return cls(layer.kernel_size, layer.stride, layer.padding, layer.dilation, ceil_mode=layer.ceil_mode)
        cls = (torch.nn.AvgPool1d, torch.nn.AvgPool2d, torch.nn.AvgPool3d)[dims - 1]
        return cls(layer.kernel_size, layer.stride, layer.padding, ceil_mode=layer.ceil_mode)
    depthwise = layer.groups > 1 and layer.groups == layer.in_channels == layer.out_channels
    return replace(layer, in_channels=channels, out_channels=channels, groups=channels if depthwise else 1,
                   bias=False).to_module()


def gradient_map(layers: Sequence[Layer], input_size: Sequence[int], output_index: Sequence[int], *,
                 channels: int = 1, relu: bool = False, seed: int = 0, weights: str = "random",
                 double: bool = False) -> np.ndarray:
    """``|∂y/∂x|`` summed over output channels at ``output_index`` and averaged over input channels, for one
    initialisation: float64 array of shape ``input_size``. ``weights="ones"``: all weights 1 (path counts).
    ``double``: compute in float64 (exact for integer path counts) instead of float32 (faster on CPU).

    The network is built from the layers' geometry with ``channels`` channels throughout (no bias).
    Raises ConvSpecError for an input a layer cannot take.
    """
    import torch

    generator = torch.Generator().manual_seed(seed)
    dtype = torch.float64 if double else torch.float32
    with torch.random.fork_rng(devices=[]):  # PyTorch's default initialisation must not move the global RNG
        modules = [_module(layer, channels).to(dtype) for layer in layers]
    with torch.no_grad():
        weights_of = [sub.weight for module in modules for sub in module.modules()
                      if isinstance(sub, torch.nn.modules.conv._ConvNd)]  # causal layers: Sequential(pad, conv)
        for weight in weights_of:
            if weights == "ones":
                weight.fill_(1.0)
            else:
                fan_in = weight[0].numel()
                weight.copy_(torch.randn(weight.shape, generator=generator, dtype=dtype)
                             * (2.0 / fan_in) ** 0.5)
    x = torch.randn((1, channels, *input_size), generator=generator, dtype=dtype)
    x.requires_grad_(True)
    y = x
    for number, module in enumerate(modules):
        y = module(y)
        if relu and number < len(modules) - 1:
            y = torch.relu(y)
    selected = y[(0, slice(None), *output_index)]
    selected.sum().backward()
    return x.grad[0].abs().mean(dim=0).double().numpy()


def _output_size(layers: Sequence[Layer], input_size: tuple[int, ...]) -> tuple[int, ...]:
    shape = (1, layers[0].in_channels if isinstance(layers[0], ConvSpec) else 1, *input_size)
    for layer in layers:
        shape = layer.output_shape(shape)
    return tuple(shape[2:])


def window_side(gradient: np.ndarray, centre: Sequence[float], share: float = MASS_SHARE) -> tuple[int, ...]:
    """Per dimension, the side of the smallest window centred on ``centre`` (same radius in every dimension)
    holding ``share`` of ``gradient``'s total mass. An integer centre gives odd sides 1, 3, 5, …; a
    half-integer one even sides 2, 4, …. Windows are clipped to the array. A zero array gives sides of 0."""
    grad = np.asarray(gradient, dtype=np.float64)
    total = grad.sum()
    if total <= 0:
        return (0,) * grad.ndim
    cumulative = grad
    for axis in range(grad.ndim):
        cumulative = np.cumsum(cumulative, axis=axis)
    cumulative = np.pad(cumulative, [(1, 0)] * grad.ndim)  # cumulative[i…] = sum of grad[:i, …]
    limit = max(grad.shape) + 1
    for radius in range(limit + 1):
        lows, highs = [], []
        for c, n in zip(centre, grad.shape):
            first = int(np.floor(c)) - radius
            last = int(np.ceil(c)) + radius
            lows.append(min(max(first, 0), n))
            highs.append(min(max(last + 1, 0), n))
        mass = 0.0
        for corner in np.ndindex(*(2,) * grad.ndim):  # inclusion–exclusion over the 2^d corners
            index = tuple(highs[a] if bit else lows[a] for a, bit in enumerate(corner))
            sign = (-1) ** (grad.ndim - sum(corner))
            mass += sign * cumulative[index]
        if mass >= share * total * (1 - 1e-12):
            return tuple(int(np.ceil(c)) - int(np.floor(c)) + 2 * radius + 1 for c in centre)
    return tuple(grad.shape)


def effective_receptive_field(layers: Sequence[Layer], input_size: Sequence[int],
                              output_index: Optional[Sequence[int]] = None, *, initialisations: int = 5,
                              channels: int = 1, relu: bool = False, seed: int = 0,
                              progress: Optional[Progress] = None) -> EffectiveRF:
    """The effective receptive field of one output element of ``layers`` on an input of spatial size
    ``input_size`` (``(L,)`` or ``(H, W)``).

    Parameters
    ----------
    layers : sequence of ConvSpec or PoolSpec
        The stack; only its geometry is used (kernel, stride, padding, dilation; depthwise layers stay
        depthwise), with ``channels`` channels throughout and no bias.
    output_index : sequence of int, optional
        Default: the centre (``size // 2``) of the output.
    initialisations : int
        Random initialisations averaged, 1 … 20 (Luo et al. average several; default 5).
    channels : int
        Channels of every layer, 1 … 16 (default 1).
    relu : bool
        A ReLU after every layer but the last.
    progress : callable ``(done, total)``, optional
        Called after each initialisation.

    Raises
    ------
    ConvSpecError
        An invalid stack, an input a layer cannot take, an output index outside the output, or channels,
        initialisations or input size out of range (codes ``erf_channels``, ``erf_initialisations``,
        ``erf_input``).
    """
    input_size = tuple(int(s) for s in input_size)
    _check(layers, input_size, channels, initialisations)
    out = _output_size(layers, input_size)
    index = tuple(o // 2 for o in out) if output_index is None else tuple(int(i) for i in output_index)
    if len(index) != len(out) or any(not 0 <= i < o for i, o in zip(index, out)):
        raise ConvSpecError("output_index", f"output index {index} is outside the output of size {out}; "
                            f"use indices from 0 to size − 1", index=str(index), size=str(out))
    total = np.zeros(input_size, dtype=np.float64)
    for i in range(initialisations):
        with run_slot():  # one initialisation at a time holds a server-wide run slot
            total += gradient_map(layers, input_size, index, channels=channels, relu=relu, seed=seed + i)
        if progress is not None:
            progress(i + 1, initialisations)
    gradient = total / initialisations
    rf = receptive_field(layers)[-1]
    centre = tuple(st + i * j + (sz - 1) / 2 for st, i, j, sz in zip(rf.start, index, rf.jump, rf.size))
    side = window_side(gradient, centre)
    share = tuple(s / sz for s, sz in zip(side, rf.size))
    return EffectiveRF(gradient, index, centre, rf.size, side, share)


# ---- speed targets (measured by benchmarks/, never asserted in unit tests) ---------------------------------

@dataclass(frozen=True)
class SpeedTarget:
    """A named workload and its target: ``run()`` does the work once; it should take at most ``target_s``
    seconds (on a 2-core machine, with the engine's thread count :data:`convviz.runtime.engine.TORCH_THREADS`)."""

    name: str
    target_s: float
    run: Callable[[], object]


def speed_targets() -> list[SpeedTarget]:
    """The receptive-field lab's targets: ``receptive_field`` of a 100-layer stack in under 1 ms;
    the effective receptive field (5 initialisations, 1 channel) of a 10-layer 3×3 stack on 128×128 in at most
    0.5 s."""
    hundred = [ConvSpec(1, 1, 3, stride=1 + (i % 7 == 0), padding=1, dilation=1 + i % 3) for i in range(100)]
    ten = [ConvSpec(1, 1, 3, padding=1)] * 10
    return [
        SpeedTarget("receptive_field_100_layers", 1e-3, lambda: receptive_field(hundred)),
        SpeedTarget("erf_10_layers_3x3_128x128", 0.5, lambda: effective_receptive_field(ten, (128, 128))),
    ]


def measure(target: SpeedTarget, repeats: int = 5) -> float:
    """Median wall-clock seconds of ``target.run()`` over ``repeats`` runs, after one warm-up run."""
    target.run()
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        target.run()
        times.append(time.perf_counter() - began)
    return float(np.median(times))
