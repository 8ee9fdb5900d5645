"""Measure how long a layer (or a chain of layers) takes on a device, and count its FLOPs.

Timings come from ``torch.utils.benchmark.Timer(...).blocked_autorange()`` (which synchronises CUDA itself)
under ``torch.inference_mode()``; FLOPs from ``torch.utils.flop_counter.FlopCounterMode`` (2 per
multiply–accumulate, bias not counted). Sizes are checked with :func:`convviz.runtime.engine.check_run` before any
tensor is made. On a shared machine the same case can vary by several times between runs: report the
spread, never a single number.

>>> from convviz.layer.spec import ConvSpec
>>> result = measure([ConvSpec(1, 1, 3)], (1, 1, 8, 8), min_run_time=0.01)
>>> result.flops, result.device, result.dtype                  # 2 · 36 outputs · 9 taps = 648
(648, 'cpu', 'float32')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Optional

from convviz.layer.errors import ConvSpecError
from convviz.layer.spec import ConvSpec
from convviz.runtime.engine import (
    DEFAULT_MAC_LIMIT,
    DEFAULT_MEMORY_LIMIT,
    available_devices,
    check_run,
    make_module,
    run_slot,
    small_integers,
)

Progress = Callable[[float], None]
DTYPES = ("float32", "float64", "bfloat16", "float16")
NOISY_IQR = 0.5  # a spread (q3 − q1) above half the median marks a timing as noisy (see Timing.noisy)


@dataclass(frozen=True)
class Timing:
    """One measurement of a chain of layers on an input ``(N, C_in, *spatial)``.

    Times are seconds per forward pass: ``median_s``, the quartiles ``q1_s`` and ``q3_s`` over ``runs``
    blocks of ``number_per_run`` passes each. ``flops`` counts the whole chain (``FlopCounterMode``).
    ``device`` as the tensors report it (``'cpu'``, ``'cuda:0'``), ``threads`` = ``torch.get_num_threads()``,
    ``dtype`` e.g. ``'float32'``, ``inference_mode`` always True; ``channels_last`` whether input and weights
    were in ``torch.channels_last`` (NHWC) memory format.
    """

    median_s: float
    q1_s: float
    q3_s: float
    runs: int
    number_per_run: int
    flops: int
    device: str
    threads: int
    dtype: str
    inference_mode: bool = True
    channels_last: bool = False

    @property
    def iqr_s(self) -> float:
        """Interquartile range ``q3 − q1`` in seconds."""
        return self.q3_s - self.q1_s

    @property
    def gflops_per_s(self) -> float:
        """Achieved GFLOP/s at the median time."""
        return self.flops / self.median_s / 1e9

    @property
    def noisy(self) -> bool:
        """True when the interquartile range exceeds :data:`NOISY_IQR` × the median: the machine was busy with
        other work while measuring, so ratios built on this timing are unreliable and worth measuring again."""
        return self.iqr_s > NOISY_IQR * self.median_s


@dataclass(frozen=True)
class Ratio:
    """``slow / fast`` at the medians, with the range the quartiles allow: ``low = q1(slow)/q3(fast)``,
    ``high = q3(slow)/q1(fast)``."""

    median: float
    low: float
    high: float


def time_ratio(slow: Timing, fast: Timing) -> Ratio:
    """How many times longer ``slow`` took than ``fast``, with its spread from the quartiles."""
    return Ratio(slow.median_s / fast.median_s, slow.q1_s / fast.q3_s, slow.q3_s / fast.q1_s)


def _check(layers: Sequence[ConvSpec], input_shape: tuple[int, ...], memory_limit: int,
           mac_limit: int) -> None:
    if not layers:
        raise ConvSpecError("rf_empty", "the layer stack is empty; add at least one layer")
    shape = tuple(input_shape)
    for layer in layers:
        check_run(layer, shape, memory_limit=memory_limit, mac_limit=mac_limit)
        shape = layer.output_shape(shape)


def count_flops(module, x) -> int:
    """FLOPs of ``module(x)`` as ``torch.utils.flop_counter.FlopCounterMode`` counts them (2 per MAC)."""
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    counter = FlopCounterMode(display=False)
    with torch.inference_mode(), counter:
        module(x)
    return int(counter.get_total_flops())


def measure(layers: Sequence[ConvSpec], input_shape: tuple[int, ...], *, device: str = "cpu",
            dtype: str = "float32", min_run_time: float = 0.2, progress: Optional[Progress] = None,
            memory_limit: int = DEFAULT_MEMORY_LIMIT, mac_limit: int = DEFAULT_MAC_LIMIT,
            channels_last: bool = False) -> Timing:
    """Time ``layers`` run one after the other (``nn.Sequential``) on ``input_shape`` on ``device``.

    Parameters
    ----------
    layers : sequence of ConvSpec
        The chain, e.g. ``[depthwise, pointwise]``; each layer's input is the previous one's output.
    input_shape : tuple of int
        ``(N, C_in, *spatial)`` of the first layer.
    device : str
        ``'cpu'``, ``'cuda'``, ``'cuda:1'``, ``'mps'`` — one of :func:`convviz.runtime.engine.available_devices`.
    dtype : str
        A ``torch`` floating dtype name: float32 (default), float64, bfloat16 or float16.
    min_run_time : float
        Seconds of measurement, after the warm-up ``blocked_autorange`` does to size its blocks.
    progress : callable, optional
        Called with the fraction done (0 to 1) after every block.
    channels_last : bool
        Put the input and the weights in ``torch.channels_last`` memory format (2-D layers only; 3-D ones
        use ``torch.channels_last_3d``). The logical shapes, FLOPs and results do not change.

    Returns
    -------
    Timing

    Raises
    ------
    ConvSpecError
        An invalid layer chain or input, an unknown dtype, an unavailable device, ``server_busy`` (no run slot
        free, :func:`convviz.runtime.engine.run_slot`).
    MemoryLimitError
        A layer above the engine's memory or MAC limit (checked before any tensor is made), or the device out
        of memory (``device_memory``).
    """

    if dtype not in DTYPES:
        raise ConvSpecError("dtype", f"dtype={dtype!r} is not supported; use one of {', '.join(DTYPES)}",
                            value=repr(dtype), choices=", ".join(DTYPES))
    if device.split(":")[0] not in available_devices():
        raise ConvSpecError(
            "device_unavailable",
            f"device {device!r} is not available on this machine; use one of {', '.join(available_devices())}",
            device=device, choices=", ".join(available_devices()),
        )
    _check(layers, input_shape, memory_limit, mac_limit)
    with run_slot():  # one of the server-wide run slots, held for the whole measurement
        return _measure(layers, input_shape, device, dtype, min_run_time, progress, channels_last)


def _measure(layers: Sequence[ConvSpec], input_shape: tuple[int, ...], device: str, dtype: str,
             min_run_time: float, progress: Optional[Progress], channels_last: bool) -> Timing:
    import torch
    from torch.utils import benchmark

    torch_dtype = getattr(torch, dtype)
    module = torch.nn.Sequential(*(make_module(layer, seed=i) for i, layer in enumerate(layers)))
    module = module.to(device=device, dtype=torch_dtype).eval()
    x = small_integers(tuple(input_shape), -2, 2, seed=0).to(device=device, dtype=torch_dtype)
    if channels_last and x.dim() in (4, 5):
        memory_format = torch.channels_last if x.dim() == 4 else torch.channels_last_3d
        module = module.to(memory_format=memory_format)
        x = x.contiguous(memory_format=memory_format)
    flops = count_flops(module, x)
    threads = torch.get_num_threads()
    timer = benchmark.Timer(stmt="module(x)", globals={"module": module, "x": x}, num_threads=threads)

    elapsed = [0.0]

    def callback(_number: int, seconds: float) -> None:
        elapsed[0] += seconds
        if progress is not None:
            progress(min(1.0, elapsed[0] / min_run_time))

    with torch.inference_mode():
        module(x)  # first call: allocations and kernel selection stay out of the measurement
        result = timer.blocked_autorange(callback=callback, min_run_time=min_run_time)
    times = sorted(result.times)
    if progress is not None:
        progress(1.0)
    return Timing(
        median_s=float(result.median), q1_s=_quantile(times, 0.25), q3_s=_quantile(times, 0.75),
        runs=len(times), number_per_run=int(result.number_per_run), flops=flops,
        device=str(x.device), threads=threads, dtype=dtype, channels_last=bool(channels_last and x.dim() in (4, 5)),
    )


def _quantile(sorted_values: list[float], q: float) -> float:
    """Linear-interpolation quantile (numpy's default) of sorted values."""
    position = (len(sorted_values) - 1) * q
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return float(sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low))

