"""Run a `ConvSpec` as a real PyTorch module, within memory and compute limits.

Sessions of the app share one Python process, so every random tensor comes from a local
``torch.Generator`` seeded per call, never from the global seed. Inputs and weights are small integers
(stored as float32) so that a learner can redo any output element by hand.

Server-wide limits (one process serves every session): each run is refused above the memory and MAC limits
before any tensor is made (:func:`check_run`); at most :data:`MAX_CONCURRENT_RUNS` runs hold tensors at once
(:func:`run_slot`, a semaphore: 30 sessions at the per-run limit then hold at most 4 × 256 MiB, not 30 ×), a
run that waits longer than :data:`RUN_WAIT_S` seconds is refused with ``server_busy``; torch uses
:data:`TORCH_THREADS` threads (set once; one by default: the sessions are the parallelism); an out-of-memory error
on the device frees the CUDA cache and is reported as ``device_memory``.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from convviz.layer.errors import ConvSpecError, MemoryLimitError
from convviz.layer.spec import ConvSpec, conv_of
from convviz.text.units import format_bytes, format_int

FLOAT32_BYTES = 4
DEFAULT_MEMORY_LIMIT = int(os.environ.get("CONVVIZ_MEMORY_LIMIT_MIB", "256")) * 2**20
DEFAULT_MAC_LIMIT = int(float(os.environ.get("CONVVIZ_MAC_LIMIT", "5e9")))


def _env_number(name: str, default: float, low: float) -> float:
    """A numeric environment setting; the default when unset or unreadable, never below ``low``."""
    try:
        return max(low, float(os.environ.get(name, default)))
    except ValueError:
        return default


MAX_CONCURRENT_RUNS = int(_env_number("CONVVIZ_MAX_CONCURRENT_RUNS", 4, 1))  # runs holding tensors at once
RUN_WAIT_S = _env_number("CONVVIZ_RUN_WAIT_S", 30.0, 0.0)  # how long a run waits for a slot, seconds
# One intra-op thread per run: the sessions of a class are the parallelism. With two OpenMP threads on a busy 2-core
# machine every parallel region, on every op, waits for a core for the second thread.
TORCH_THREADS = int(_env_number("CONVVIZ_TORCH_THREADS", 1, 1))
_RUN_SLOTS = threading.BoundedSemaphore(MAX_CONCURRENT_RUNS)
_HELD = threading.local()  # slots this thread holds (a run inside a run takes no second slot)
_CONFIGURED = threading.Lock()


def configure_torch() -> int:
    """Set torch's intra-op thread count to :data:`TORCH_THREADS` (``CONVVIZ_TORCH_THREADS``, default 1) for the
    calling thread; returns it. The count is an OpenMP setting of each thread: threads started after a call inherit
    it, but one already running keeps its own (the main thread when Streamlit's script threads call it first), so
    each run checks its own thread."""
    import torch

    if torch.get_num_threads() != TORCH_THREADS:
        with _CONFIGURED:
            torch.set_num_threads(TORCH_THREADS)
    return torch.get_num_threads()


def _out_of_memory(error: BaseException) -> bool:
    text = str(error)
    return type(error).__name__ == "OutOfMemoryError" or "out of memory" in text.lower() \
        or "can't allocate memory" in text


def _free_device_memory() -> None:
    import torch

    if torch.cuda.is_available():
        torch.cuda.empty_cache()


@contextmanager
def run_slot() -> Iterator[None]:
    """Hold one of the :data:`MAX_CONCURRENT_RUNS` server-wide run slots while tensors are made and used.

    Waits up to :data:`RUN_WAIT_S` seconds for a slot, then raises ConvSpecError ``server_busy``. Inside, an
    out-of-memory error (CUDA's ``torch.cuda.OutOfMemoryError`` or a failed CPU allocation) empties the CUDA
    cache and is raised as MemoryLimitError ``device_memory``. Re-entrant within one thread.
    """
    depth = getattr(_HELD, "depth", 0)
    if depth == 0:
        configure_torch()
        if not _RUN_SLOTS.acquire(timeout=RUN_WAIT_S):
            raise ConvSpecError("server_busy", f"{MAX_CONCURRENT_RUNS} runs are already in progress on this "
                                f"server and none finished within {RUN_WAIT_S:g} s; try again in a moment",
                                runs=MAX_CONCURRENT_RUNS, seconds=f"{RUN_WAIT_S:g}")
    _HELD.depth = depth + 1
    try:
        yield
    except Exception as error:
        if isinstance(error, ConvSpecError) or not _out_of_memory(error):
            raise
        _free_device_memory()
        raise MemoryLimitError("device_memory", "the device ran out of memory for this run; use a smaller "
                               "input, fewer channels or a smaller batch, or try again when the server is "
                               "less busy") from None
    finally:
        _HELD.depth = depth
        if depth == 0:
            _RUN_SLOTS.release()


@dataclass(frozen=True)
class MemoryEstimate:
    """Bytes one forward pass allocates: input, weights (+ bias), padded copy of the input (non-zero
    padding modes pad before convolving, and so does ``'same'`` with an odd total, and a causal layer's
    ``nn.ConstantPad1d``; a transposed layer makes none) and output."""

    input_bytes: int
    weight_bytes: int
    padded_bytes: int
    output_bytes: int

    @property
    def total_bytes(self) -> int:
        return self.input_bytes + self.weight_bytes + self.padded_bytes + self.output_bytes


def estimate_memory(spec: ConvSpec, input_shape: tuple[int, ...], *,
                    element_bytes: int = FLOAT32_BYTES) -> MemoryEstimate:
    """Memory of a forward pass in bytes, before anything is allocated; raises ConvSpecError."""
    output_shape = spec.output_shape(input_shape)
    padded = 0
    pairs = spec.padding_amounts(input_shape)
    if spec.transposed:
        pass  # conv_transpose pads nothing: its padding crops the output (no copy of the input)
    elif spec.causal:
        # nn.ConstantPad1d makes a copy of the input with dilation·(k − 1) zeros on the left
        padded_spatial = [size + b + a for size, (b, a) in zip(input_shape[2:], pairs)]
        padded = math.prod(input_shape[:2]) * math.prod(padded_spatial) * element_bytes
    elif spec.padding_mode != "zeros":
        padded_spatial = [size + b + a for size, (b, a) in zip(input_shape[2:], pairs)]
        padded = math.prod(input_shape[:2]) * math.prod(padded_spatial) * element_bytes
    elif any(b != a for b, a in pairs):
        # 'same' with an odd total: PyTorch (aten::_convolution_mode) pads a copy of the input by the
        # difference (after − before), then convolves with the symmetric part.
        padded_spatial = [size + a - b for size, (b, a) in zip(input_shape[2:], pairs)]
        padded = math.prod(input_shape[:2]) * math.prod(padded_spatial) * element_bytes
    return MemoryEstimate(
        input_bytes=math.prod(input_shape) * element_bytes,
        weight_bytes=spec.param_count() * element_bytes,
        padded_bytes=padded,
        output_bytes=math.prod(output_shape) * element_bytes,
    )


def available_devices() -> list[str]:
    """Devices this machine can run on: ``'cpu'`` always, then ``'cuda'`` and ``'mps'`` when available."""
    import torch

    devices = ["cpu"]
    if torch.cuda.is_available():
        devices.append("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        devices.append("mps")
    return devices


def check_run(spec: ConvSpec, input_shape: tuple[int, ...], *, memory_limit: int = DEFAULT_MEMORY_LIMIT,
              mac_limit: int = DEFAULT_MAC_LIMIT) -> MemoryEstimate:
    """Refuse a run above the limits before any tensor is made; returns the memory estimate.

    Raises ConvSpecError for an invalid layer or input, MemoryLimitError above ``memory_limit`` bytes
    or ``mac_limit`` multiply–accumulates.
    """
    estimate = estimate_memory(spec, input_shape)
    if estimate.total_bytes > memory_limit:
        raise MemoryLimitError(
            "memory_limit",
            f"this run needs {format_bytes(estimate.total_bytes)}, above the limit of "
            f"{format_bytes(memory_limit)}; use a smaller input, fewer channels or a smaller batch",
            needed=format_bytes(estimate.total_bytes), limit=format_bytes(memory_limit),
        )
    macs = spec.macs(input_shape)
    if macs > mac_limit:
        raise MemoryLimitError(
            "compute_limit",
            f"this run needs {format_int(macs)} MACs, above the limit of {format_int(mac_limit)}; "
            f"use a smaller input, fewer channels or a smaller kernel",
            needed=format_int(macs), limit=format_int(mac_limit),
        )
    return estimate


def small_integers(shape: tuple[int, ...], low: int, high: int, seed: int):
    """A float32 CPU tensor of integers in ``[low, high]`` from a local generator seeded with ``seed``."""
    import torch

    generator = torch.Generator().manual_seed(seed)
    return torch.randint(low, high + 1, tuple(shape), generator=generator).to(torch.float32)


@dataclass
class RunResult:
    """What a run produced: ``output`` of shape ``(N, C_out, *spatial_out)``, the ``input`` it read, the
    ``module`` with its weights, and the ``device`` it ran on (e.g. ``'cpu'``, ``'cuda:0'``)."""

    output: object
    input: object
    module: object
    device: str


def make_module(spec: ConvSpec, *, seed: int = 0):
    """``spec.to_module()`` with reproducible small-integer weights (−1, 0, 1) and biases (−1…1).

    The module is built on the ``meta`` device, so PyTorch's default initialisation does not draw from
    (and advance) the global random generator that other sessions share, then given real storage.
    A causal layer is an ``nn.Sequential`` (pad, then convolve); its convolution gets the weights.
    """
    import torch

    with torch.device("meta"):
        module = spec.to_module()
    module = module.to_empty(device="cpu")
    conv = conv_of(module)
    with torch.no_grad():
        conv.weight.copy_(small_integers(spec.weight_shape, -1, 1, seed + 1))
        if conv.bias is not None:
            conv.bias.copy_(small_integers((spec.out_channels,), -1, 1, seed + 2))
    return module


def run_conv(spec: ConvSpec, input_shape: tuple[int, ...], *, device: str = "cpu", seed: int = 0,
             memory_limit: int = DEFAULT_MEMORY_LIMIT, mac_limit: int = DEFAULT_MAC_LIMIT) -> RunResult:
    """Run ``spec`` as a torch module on ``device`` under ``torch.inference_mode()``.

    The input ``(N, C_in, *spatial)`` holds integers −2…2; limits are checked first (see :func:`check_run`).
    Raises ConvSpecError for an invalid layer, input or unavailable device, or ``server_busy`` (see
    :func:`run_slot`); MemoryLimitError above the limits or when the device runs out of memory.
    """
    import torch

    if device.split(":")[0] not in available_devices():
        raise ConvSpecError(
            "device_unavailable",
            f"device {device!r} is not available on this machine; use one of {', '.join(available_devices())}",
            device=device, choices=", ".join(available_devices()),
        )
    check_run(spec, input_shape, memory_limit=memory_limit, mac_limit=mac_limit)
    with run_slot():
        module = make_module(spec, seed=seed).to(device)
        x = small_integers(input_shape, -2, 2, seed).to(device)
        with torch.inference_mode():
            y = module(x)
    return RunResult(output=y, input=x, module=module, device=str(y.device))
