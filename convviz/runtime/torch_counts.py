"""What PyTorch itself counts for a layer: ``sum(p.numel())`` and ``FlopCounterMode``'s FLOPs.

The module and its input live on the ``meta`` device (shapes only, no memory, no arithmetic), so the check
is cheap even for the article's 500×500×100 example.

>>> counts = torch_counts(ConvSpec(64, 64, 3, padding=1, groups=4), (1, 64, 32, 32))
>>> counts.params, counts.flops        # 9,280 = 64·16·3·3 + 64; FLOPs = 2 × MACs
(9280, 18874368)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from convviz.layer.spec import ConvSpec


@dataclass(frozen=True)
class TorchCounts:
    """Counts read from PyTorch: ``params`` (elements of all parameters), ``weights`` (elements of the
    ``weight`` tensors), ``flops`` (``torch.utils.flop_counter.FlopCounterMode``, 2 per multiply–accumulate,
    bias not counted) and the ``output_shape`` ``(N, C_out, *spatial_out)`` of the last layer."""

    params: int
    weights: int
    flops: int
    output_shape: tuple[int, ...]


def torch_counts(specs: ConvSpec | Sequence[ConvSpec], input_shape: tuple[int, ...]) -> TorchCounts:
    """Build ``specs`` (one layer, or several applied in sequence) as real ``torch.nn`` modules on the meta
    device and count their parameters and FLOPs on an input of ``input_shape = (N, C_in, *spatial)``.

    Raises ConvSpecError for an input the layers refuse (checked by the library before PyTorch runs).
    """
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    layers = [specs] if isinstance(specs, ConvSpec) else list(specs)
    shape = tuple(input_shape)
    for spec in layers:  # our own validation first: a clean ConvSpecError instead of a PyTorch traceback
        shape = spec.output_shape(shape)
    with torch.device("meta"):
        model = torch.nn.Sequential(*(spec.to_module() for spec in layers))
        x = torch.empty(tuple(input_shape))
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        y = model(x)
    return TorchCounts(
        params=sum(p.numel() for p in model.parameters()),
        weights=sum(m.weight.numel() for m in model),
        flops=int(counter.get_total_flops()),
        output_shape=tuple(y.shape),
    )
