"""What the common counters report for one convolution, each by its own convention, computed from the library.
The tools are not runtime dependencies; ``tests/lib/runtime/test_counters_tools.py`` runs the real ones (pinned
in requirements-dev.txt) on random layers, transposed ones included, and checks each number here equals theirs.

>>> reports = counter_reports(ConvSpec(32, 64, 3, padding=1), (2, 32, 56, 56))
>>> [(r.tool, r.label, r.value, r.per_sample) for r in reports]     # doctest: +NORMALIZE_WHITESPACE
[('FlopCounterMode', 'FLOPs', 231211008, False), ('fvcore', 'flops', 115605504, False),
 ('thop', 'MACs', 115605504, False), ('torchinfo', 'Mult-Adds', 116006912, False),
 ('ptflops', 'MACs', 58003456, True)]

Conventions of the versions pinned in requirements-dev.txt (they changed over time), for a layer with
``C_in``, ``C_out``, ``groups``, ``kernel_size`` on ``N`` samples:

- ``torch.utils.flop_counter.FlopCounterMode`` (torch 2.13, ``get_total_flops()``): FLOPs = 2 × MACs of the
  whole batch, bias not counted (:meth:`ConvSpec.flops`).
- fvcore 0.1.5.post20221221 (``FlopCountAnalysis(...).total()``): labelled "flops" but one per MAC
  (``conv_flop_count``), the whole batch, bias not counted. It handles the traced op ``aten::_convolution`` only:
  with ``padding='same'`` or ``'valid'`` (and ``padding_mode='zeros'``) PyTorch calls ``aten::_convolution_mode``,
  which fvcore skips with an "Unsupported operator" warning, and it reports 0.
- ultralytics-thop 2.2.3 (``thop.profile(...)[0]``): MACs of the whole batch, bias not counted
  (``calculate_conv2d_flops``; the old ``thop`` 0.1 added one per output element for the bias).
- torchinfo 1.8.0 (``summary(...).total_mult_adds``, "Mult-Adds"): every parameter of the layer × the output
  positions of one sample × N, so the bias adds one per output element.
- ptflops 0.7.5 (``get_model_complexity_info(..., backend='pytorch')[0]``, its module-hook backend): MACs + one
  per output element for the bias, for ONE sample: it runs a batch of one (and divides by the batch size when
  ``input_constructor`` gives a larger one).

These MACs are ``N · C_out · ∏ out_spatial · C_in/groups · ∏ kernel_size`` for a convolution. For a transposed
convolution FlopCounterMode, fvcore, thop and ptflops count on the *input* positions,
``N · C_in · ∏ in_spatial · C_out/groups · ∏ kernel_size`` (:meth:`ConvSpec.macs`: every input element times
every weight it meets, products that land in the cropped ``padding`` included), while torchinfo still multiplies
every weight by every *output* position, ``N · ∏ out_spatial · C_in · C_out/groups · ∏ kernel_size``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from convviz.layer.spec import ConvSpec

TOOLS = ("FlopCounterMode", "fvcore", "thop", "torchinfo", "ptflops")
VERSIONS = {"FlopCounterMode": "torch 2.13", "fvcore": "fvcore 0.1.5.post20221221",
            "thop": "ultralytics-thop 2.2.3", "torchinfo": "torchinfo 1.8.0",
            "ptflops": "ptflops 0.7.5 (backend='pytorch')"}
# Each tool's own name for its number, and what that number counts.
LABELS = {"FlopCounterMode": "FLOPs", "fvcore": "flops", "thop": "MACs", "torchinfo": "Mult-Adds", "ptflops": "MACs"}
QUANTITIES = {"FlopCounterMode": "FLOPs", "fvcore": "MACs", "thop": "MACs", "torchinfo": "MACs", "ptflops": "MACs"}


@dataclass(frozen=True)
class CounterReport:
    """One tool's number for a layer, as that tool reports it: ``tool``; the ``version`` whose convention is
    quoted; ``label``, the tool's own name for the number (fvcore's ``'flops'``, torchinfo's ``'Mult-Adds'``);
    ``quantity``, what it counts (``'FLOPs'``, 2 per MAC, or ``'MACs'``); ``value``; whether the bias is counted
    (``bias_counted``, one per output element); ``per_sample``: ``True`` where the tool reports one sample
    (ptflops), ``False`` for the whole batch; and ``note``, the catalogue key of a note on this number, or ``''``
    (``'counters.note.fvcore_string_padding'``: fvcore does not count the layer and reports 0)."""

    tool: str
    version: str
    label: str
    quantity: str
    value: int
    bias_counted: bool
    per_sample: bool
    note: str = ""

    @property
    def shown_label(self) -> str:
        """The tool's label, with what it counts where the two names differ: ``'flops (= MACs)'``."""
        return self.label if self.label == self.quantity else f"{self.label} (= {self.quantity})"


def counter_reports(spec: ConvSpec, input_shape: tuple[int, ...]) -> list[CounterReport]:
    """The five tools' numbers for ``spec`` on ``input_shape = (N, C_in, *spatial)``, in :data:`TOOLS` order.

    Raises ConvSpecError for an input the layer refuses. The catalogue explains why they differ
    (``counters.why``, ``counters.why.transposed``): FLOPs count a multiply and an add separately (2 per MAC),
    torchinfo and ptflops add one operation per output element for the bias, ptflops reports one sample, and for
    a transposed layer torchinfo multiplies the weights by the output positions instead of the input positions.
    """
    batch = input_shape[0]
    macs = spec.macs(input_shape)  # transposed: on the input positions
    out = spec.output_shape(input_shape)
    bias_ops = math.prod(out) if spec.bias else 0
    # torchinfo: every weight on every output position, transposed too (weight_count is C_in · C_out/groups · ∏k).
    torchinfo = spec.weight_count() * math.prod(out[2:]) * batch + bias_ops if spec.transposed else macs + bias_ops
    # 'same'/'valid' reach aten::_convolution_mode, which fvcore skips; other padding modes pad first (F.pad) and
    # convolve with padding 0, through aten::_convolution.
    fvcore_skips = isinstance(spec.padding, str) and spec.padding_mode == "zeros"
    values = {"FlopCounterMode": spec.flops(input_shape), "fvcore": 0 if fvcore_skips else macs, "thop": macs,
              "torchinfo": torchinfo, "ptflops": (macs + bias_ops) // batch}
    bias = {"torchinfo": spec.bias, "ptflops": spec.bias}
    notes = {"fvcore": "counters.note.fvcore_string_padding" if fvcore_skips else ""}
    return [CounterReport(tool, VERSIONS[tool], LABELS[tool], QUANTITIES[tool], values[tool],
                          bias.get(tool, False), tool == "ptflops", notes.get(tool, "")) for tool in TOOLS]
