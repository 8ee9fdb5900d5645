"""What the common counters report for one convolution, each by its own documented convention, computed from
the library (the tools themselves are not dependencies).

>>> reports = counter_reports(ConvSpec(32, 64, 3, padding=1), (1, 32, 56, 56))
>>> [(r.tool, r.quantity, r.value) for r in reports]     # doctest: +NORMALIZE_WHITESPACE
[('FlopCounterMode', 'FLOPs', 115605504), ('fvcore', 'MACs', 57802752), ('thop', 'MACs', 57802752),
 ('torchinfo', 'MACs', 58003456), ('ptflops', 'MACs', 58003456)]

Conventions (the versions whose rules are quoted; they changed over time):
- ``torch.utils.flop_counter.FlopCounterMode`` (torch 2.13): FLOPs = 2 × MACs, bias not counted; a transposed
  convolution is counted on its input positions (:meth:`ConvSpec.flops`).
- fvcore 0.1.5 (``FlopCountAnalysis``): one "flop" per MAC, bias not counted; transposed on input positions.
- ultralytics-thop 2.2.3 (``thop.profile``): MACs = output elements · in_channels/groups · ∏ kernel, no bias
  (the old ``thop`` 0.1 added one per output element for the bias).
- torchinfo 1.8.0 ("Mult-Adds"): every parameter of a Conv layer × the output positions of one sample × N,
  so the bias adds one per output element.
- ptflops 0.7.5 (``get_model_complexity_info(..., backend='pytorch')``, its module-hook backend):
  in_channels · out_channels/groups · ∏ kernel per output position, + out_channels per output position for
  the bias.
torchinfo, ptflops and thop multiply by the *output* positions for a transposed layer as well.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from convviz.layer.spec import ConvSpec

TOOLS = ("FlopCounterMode", "fvcore", "thop", "torchinfo", "ptflops")
VERSIONS = {"FlopCounterMode": "torch 2.13", "fvcore": "fvcore 0.1.5", "thop": "ultralytics-thop 2.2.3",
            "torchinfo": "torchinfo 1.8.0", "ptflops": "ptflops 0.7.5 (backend='pytorch')"}


@dataclass(frozen=True)
class CounterReport:
    """One tool's number for a layer: ``tool``, the ``version`` whose convention is quoted, the ``quantity``
    it reports (``'FLOPs'`` or ``'MACs'``, whatever the tool's own label), ``value`` over the whole batch, and
    whether the bias is counted (``bias_counted``)."""

    tool: str
    version: str
    quantity: str
    value: int
    bias_counted: bool


def counter_reports(spec: ConvSpec, input_shape: tuple[int, ...]) -> list[CounterReport]:
    """The five tools' numbers for ``spec`` on ``input_shape = (N, C_in, *spatial)``, in :data:`TOOLS` order.

    Raises ConvSpecError for an input the layer refuses. The catalogue explains why they differ
    (``counters.why``): FLOPs count a multiply and an add separately (2 per MAC), and some tools add one
    operation per output element for the bias.
    """
    macs = spec.macs(input_shape)
    out = spec.output_shape(input_shape)
    bias_ops = math.prod(out) if spec.bias else 0
    per_output = spec.weight_count() // spec.out_channels if not spec.transposed else (
        spec.in_channels // spec.groups * math.prod(spec.kernel_size))
    on_outputs = math.prod(out) * per_output  # thop / torchinfo / ptflops: output positions, even transposed
    return [
        CounterReport("FlopCounterMode", VERSIONS["FlopCounterMode"], "FLOPs", spec.flops(input_shape), False),
        CounterReport("fvcore", VERSIONS["fvcore"], "MACs", macs, False),
        CounterReport("thop", VERSIONS["thop"], "MACs", on_outputs, False),
        CounterReport("torchinfo", VERSIONS["torchinfo"], "MACs", on_outputs + bias_ops, spec.bias),
        CounterReport("ptflops", VERSIONS["ptflops"], "MACs", on_outputs + bias_ops, spec.bias),
    ]
