"""Paste-ready PyTorch code that builds a layer (or a depthwise-separable pair, or a stack of convolutions and
poolings) and asserts its shapes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional, Union

from convviz.layer.pool import PoolSpec
from convviz.layer.spec import ConvSpec


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


def pool_expression(pool: PoolSpec) -> str:
    """``nn.MaxPool2d(kernel_size=2, stride=2)``: the pooling constructor call (stride always written, since
    PyTorch's default stride is the kernel size; non-default padding, dilation and ceil_mode)."""
    args = [f"kernel_size={_value(pool.kernel_size)}", f"stride={_value(pool.stride)}"]
    if set(pool.padding) != {0}:
        args.append(f"padding={_value(pool.padding)}")
    if pool.kind == "max" and set(pool.dilation) != {1}:
        args.append(f"dilation={_value(pool.dilation)}")
    if pool.ceil_mode:
        args.append("ceil_mode=True")
    kind = "Max" if pool.kind == "max" else "Avg"
    return f"nn.{kind}Pool{pool.spatial_dims}d({', '.join(args)})"


def stack_snippet(layers: Sequence[Union[ConvSpec, PoolSpec]], input_shape: tuple[int, ...]) -> str:
    """A runnable script: the layers (convolutions incl. causal ones, max/avg pooling) as one
    ``nn.Sequential``, run layer by layer on ``torch.randn(*input_shape)`` (shape ``(N, C_in, *spatial)``),
    asserting every intermediate output shape (each layer's ``output_shape``, chained), then printing the last
    shape and the parameter count. Raises ConvSpecError when a layer does not fit its input."""
    shapes = []
    shape = tuple(input_shape)
    for layer in layers:
        shape = layer.output_shape(shape)
        shapes.append(tuple(shape))
    lines = ["import torch", "import torch.nn as nn", "", "model = nn.Sequential("]
    for layer in layers:
        expression = pool_expression(layer) if isinstance(layer, PoolSpec) else module_expression(layer)
        lines.append(f"    {expression},")
    lines += [
        ")",
        f"x = torch.randn{tuple(input_shape)}",
        "shapes = [",
        *(f"    {s}," for s in shapes),
        "]",
        "with torch.no_grad():",
        "    for number, (layer, expected) in enumerate(zip(model, shapes), start=1):",
        "        x = layer(x)",
        "        assert x.shape == expected, (number, x.shape, expected)",
        "print(x.shape, sum(p.numel() for p in model.parameters()))",
    ]
    return "\n".join(lines) + "\n"


def separable_snippet(depthwise: ConvSpec, pointwise: ConvSpec, standard: ConvSpec,
                      input_shape: tuple[int, ...]) -> str:
    """:func:`pytorch_snippet` of the depthwise + pointwise pair, then of the standard convolution it replaces,
    on the same input (each asserts its output shape)."""
    pair = pytorch_snippet(depthwise, input_shape, pointwise=pointwise)
    body = pytorch_snippet(standard, input_shape).split("\n\n", 1)[1]
    return f"{pair}\n# the standard convolution it replaces\n{body}"
