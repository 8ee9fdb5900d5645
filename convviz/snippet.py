"""Paste-ready PyTorch code that builds a layer (or a depthwise-separable pair) and asserts its shape."""

from __future__ import annotations

from typing import Optional

from convviz.spec import ConvSpec


def _value(values: tuple[int, ...]) -> str:
    return str(values[0]) if len(set(values)) == 1 else str(tuple(values))


def module_expression(spec: ConvSpec) -> str:
    """``nn.Conv2d(64, 128, kernel_size=3, padding=1)``: the constructor call, non-default arguments only.

    Transposed: ``nn.ConvTranspose2d(…, output_padding=1)``; causal: ``nn.Sequential(nn.ConstantPad1d((left,
    0), 0), nn.Conv1d(…))``, as :meth:`ConvSpec.to_module` builds them.
    """
    args = [str(spec.in_channels), str(spec.out_channels), f"kernel_size={_value(spec.kernel_size)}"]
    if set(spec.stride) != {1}:
        args.append(f"stride={_value(spec.stride)}")
    if isinstance(spec.padding, str):
        args.append(f"padding={spec.padding!r}")
    elif set(spec.padding) != {0}:
        args.append(f"padding={_value(spec.padding)}")
    if spec.transposed and set(spec.output_padding) != {0}:
        args.append(f"output_padding={_value(spec.output_padding)}")
    if set(spec.dilation) != {1}:
        args.append(f"dilation={_value(spec.dilation)}")
    if spec.groups != 1:
        args.append(f"groups={spec.groups}")
    if not spec.bias:
        args.append("bias=False")
    if spec.padding_mode != "zeros":
        args.append(f"padding_mode={spec.padding_mode!r}")
    if spec.transposed:
        return f"nn.ConvTranspose{spec.spatial_dims}d({', '.join(args)})"
    if spec.causal:
        return f"nn.Sequential(nn.ConstantPad1d(({spec.before_padding()[0]}, 0), 0), nn.Conv1d({', '.join(args)}))"
    return f"nn.Conv{spec.spatial_dims}d({', '.join(args)})"


def pytorch_snippet(spec: ConvSpec, input_shape: tuple[int, ...],
                    pointwise: Optional[ConvSpec] = None) -> str:
    """A runnable script: build the layer(s), run them on ``torch.randn(*input_shape)``, assert the output
    shape and print it with the parameter count. Raises ConvSpecError for an invalid input."""
    lines = ["import torch", "import torch.nn as nn", ""]
    out = spec.output_shape(input_shape)
    if pointwise is None:
        lines.append(f"conv = {module_expression(spec)}")
    else:
        out = pointwise.output_shape(out)
        lines += [
            "conv = nn.Sequential(",
            f"    {module_expression(spec)},",
            f"    {module_expression(pointwise)},",
            ")",
        ]
    lines += [
        f"x = torch.randn{tuple(input_shape)}",
        "y = conv(x)",
        f"assert y.shape == {tuple(out)}, y.shape",
        "print(y.shape, sum(p.numel() for p in conv.parameters()))",
    ]
    return "\n".join(lines) + "\n"
