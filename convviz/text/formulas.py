"""The formulas a learner reads, as LaTeX with their own numbers substituted (for ``st.latex``).

Each function returns an ``aligned`` block of three rows — the symbolic form, the numbers, the result —
e.g. ``H_out = ⌊(H_in + 2p − d(k − 1) − 1)/s⌋ + 1 = ⌊(5 + 2·0 − 1·(3 − 1) − 1)/1⌋ + 1 = 3``; three rows
keep it legible in a 390-pixel-wide window.
Sources: PyTorch docs of ``nn.Conv2d`` and ``nn.ConvTranspose2d`` ("Shape", "Variables"); Dumoulin & Visin
(2016).
"""

from __future__ import annotations

from convviz.layer.spec import ConvSpec
from convviz.text.units import format_int


def output_size_latex(spec: ConvSpec, input_shape: tuple[int, ...]) -> list[str]:
    """One LaTeX line per spatial dimension for ``out = ⌊(in + pads − d·(k − 1) − 1)/s⌋ + 1``.

    Symmetric padding reads ``2p`` as in PyTorch's docs; uneven padding (``'same'`` with an odd total, or
    causal) reads ``p_{before} + p_{after}``. Transposed: ``out = (in − 1)·s − 2p + d·(k − 1) + op + 1``
    (docs of ``ConvTranspose``, ``op`` = ``output_padding``). Raises ConvSpecError for an invalid input.
    """
    out = spec.output_spatial(input_shape)
    if spec.transposed:
        return [
            rf"\begin{{aligned}} {name}_{{out}} &= ({name}_{{in}} - 1)\,s - 2p + d\,(k - 1) + \mathit{{op}} + 1 "
            rf"\\ &= ({size} - 1) \cdot {s} - 2 \cdot {p} + {d} \cdot ({k} - 1) + {op} + 1 \\ &= {o} \end{{aligned}}"
            for name, size, k, d, s, p, op, o in zip(
                spec.dim_names, input_shape[2:], spec.kernel_size, spec.dilation, spec.stride, spec.padding,
                spec.output_padding, out,
            )
        ]
    pads = spec.padding_amounts(input_shape)
    lines = []
    for name, size, (before, after), k, d, s, o in zip(
        spec.dim_names, input_shape[2:], pads, spec.kernel_size, spec.dilation, spec.stride, out
    ):
        if before == after:
            sym_pad, num_pad = r"2p", rf"2 \cdot {before}"
        else:
            sym_pad, num_pad = r"p_{before} + p_{after}", f"{before} + {after}"
        lines.append(
            rf"\begin{{aligned}} {name}_{{out}} &= \left\lfloor \frac{{{name}_{{in}} + {sym_pad} - d\,(k - 1) - 1}}"
            rf"{{s}} \right\rfloor + 1 \\ &= \left\lfloor \frac{{{size} + {num_pad} - {d} \cdot ({k} - 1) - 1}}"
            rf"{{{s}}} \right\rfloor + 1 \\ &= {o} \end{{aligned}}"
        )
    return lines


def _kernel_symbols(spec: ConvSpec) -> tuple[str, str]:
    symbols = r" \cdot ".join(f"k_{{{n}}}" for n in spec.dim_names)
    numbers = r" \cdot ".join(str(k) for k in spec.kernel_size)
    return symbols, numbers


def param_count_latex(spec: ConvSpec) -> str:
    """``params = C_out · (C_in/g) · ∏k [+ C_out]`` with the numbers and the total; transposed:
    ``C_in · (C_out/g) · ∏k [+ C_out]`` (its weight is ``(C_in, C_out/g, *k)``)."""
    k_sym, k_num = _kernel_symbols(spec)
    bias_sym, bias_num = (r" + C_{out}", f" + {spec.out_channels}") if spec.bias else ("", "")
    params = format_int(spec.param_count(), latex=True)
    if spec.transposed:
        return (
            rf"\begin{{aligned}} \text{{params}} &= C_{{in}} \cdot \frac{{C_{{out}}}}{{g}} \cdot {k_sym}{bias_sym} "
            rf"\\ &= {spec.in_channels} \cdot \frac{{{spec.out_channels}}}{{{spec.groups}}} \cdot {k_num}{bias_num} "
            rf"\\ &= {params} \end{{aligned}}"
        )
    return (
        rf"\begin{{aligned}} \text{{params}} &= C_{{out}} \cdot \frac{{C_{{in}}}}{{g}} \cdot {k_sym}{bias_sym} "
        rf"\\ &= {spec.out_channels} \cdot \frac{{{spec.in_channels}}}{{{spec.groups}}} \cdot {k_num}{bias_num} "
        rf"\\ &= {params} \end{{aligned}}"
    )


def macs_latex(spec: ConvSpec, input_shape: tuple[int, ...]) -> str:
    """``MACs = N · C_out · ∏out · (C_in/g) · ∏k`` (bias excluded) with the numbers and the total;
    transposed: ``N · C_in · ∏in · (C_out/g) · ∏k``, counted on the input as ``FlopCounterMode`` does."""
    out = spec.output_spatial(input_shape)
    k_sym, k_num = _kernel_symbols(spec)
    macs = format_int(spec.macs(input_shape), latex=True)
    if spec.transposed:
        in_sym = r" \cdot ".join(f"{n}_{{in}}" for n in spec.dim_names)
        in_num = r" \cdot ".join(str(i) for i in input_shape[2:])
        return (
            rf"\begin{{aligned}} \text{{MACs}} &= N \cdot C_{{in}} \cdot {in_sym} \cdot \frac{{C_{{out}}}}{{g}} "
            rf"\cdot {k_sym} \\ &= {input_shape[0]} \cdot {spec.in_channels} \cdot {in_num} \cdot "
            rf"\frac{{{spec.out_channels}}}{{{spec.groups}}} \cdot {k_num} \\ &= {macs} "
            rf"\end{{aligned}}"
        )
    out_sym = r" \cdot ".join(f"{n}_{{out}}" for n in spec.dim_names)
    out_num = r" \cdot ".join(str(o) for o in out)
    return (
        rf"\begin{{aligned}} \text{{MACs}} &= N \cdot C_{{out}} \cdot {out_sym} \cdot \frac{{C_{{in}}}}{{g}} "
        rf"\cdot {k_sym} \\ &= {input_shape[0]} \cdot {spec.out_channels} \cdot {out_num} \cdot "
        rf"\frac{{{spec.in_channels}}}{{{spec.groups}}} \cdot {k_num} \\ &= {macs} "
        rf"\end{{aligned}}"
    )
