"""Pooling layers (`PoolSpec`) as they enter a layer stack, with PyTorch's rules and output size.

>>> PoolSpec(3, stride=2, padding=1).output_shape((1, 64, 112, 112))   # ResNet stem max-pool
(1, 64, 56, 56)
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass
from typing import Optional

from convviz.layer.errors import ConvSpecError
from convviz.layer.spec import DIM_NAMES, IntOrTuple, check_positive, per_dim
from convviz.text.units import format_dim_values

POOL_KINDS = ("max", "avg")


@dataclass(frozen=True)
class PoolSpec:
    """A max or average pooling layer with the fields of ``torch.nn.{Max,Avg}Pool{1,2,3}d``.

    ``stride=None`` means ``kernel_size``, as in PyTorch. ``dilation`` exists for max pooling only.

    Raises
    ------
    ConvSpecError
        Non-positive sizes, negative padding, padding above half the kernel size
        (PyTorch: "pad should be smaller than or equal to half of kernel size"), dilation with average
        pooling, or an unknown ``kind``.
    """

    kernel_size: IntOrTuple
    _: KW_ONLY
    stride: Optional[IntOrTuple] = None
    padding: IntOrTuple = 0
    dilation: IntOrTuple = 1
    kind: str = "max"
    ceil_mode: bool = False
    spatial_dims: int = 2

    def __post_init__(self) -> None:
        if self.spatial_dims not in DIM_NAMES:
            raise ConvSpecError(
                "spatial_dims", f"spatial_dims={self.spatial_dims!r} is not supported; use 1, 2 or 3",
                value=repr(self.spatial_dims),
            )
        if self.kind not in POOL_KINDS:
            raise ConvSpecError(
                "pool_kind", f"kind={self.kind!r} is unknown; use 'max' or 'avg'", value=repr(self.kind)
            )
        dims = self.spatial_dims
        kernel = per_dim("kernel_size", self.kernel_size, dims)
        stride = kernel if self.stride is None else per_dim("stride", self.stride, dims)
        dilation = per_dim("dilation", self.dilation, dims)
        padding = per_dim("padding", self.padding, dims)
        for name, values in (("kernel_size", kernel), ("stride", stride), ("dilation", dilation)):
            check_positive(name, values)
        if self.kind == "avg" and any(d != 1 for d in dilation):
            raise ConvSpecError(
                "pool_avg_dilation",
                "average pooling has no dilation in PyTorch; use dilation=1 or kind='max'",
                dilation=format_dim_values(dilation),
            )
        for k, p in zip(kernel, padding):
            # PyTorch (pool2d_shape_check, max_pool1d): "pad should be at most half of kernel size",
            # kW / 2 >= padW with the kernel size itself, not the dilated span.
            half = k // 2
            if p < 0 or p > half:
                raise ConvSpecError(
                    "pool_padding",
                    f"pooling padding={p} must be between 0 and half the kernel size ({half}); "
                    f"use padding at most {half}",
                    padding=p, half=half,
                )
        for name, values in (("kernel_size", kernel), ("stride", stride),
                             ("dilation", dilation), ("padding", padding)):
            object.__setattr__(self, name, values)

    @property
    def effective_kernel_size(self) -> tuple[int, ...]:
        """``dilation·(k − 1) + 1`` per dimension."""
        return tuple(d * (k - 1) + 1 for d, k in zip(self.dilation, self.kernel_size))

    def before_padding(self) -> tuple[int, ...]:
        """Padding before each dimension (pooling pads symmetrically)."""
        return tuple(self.padding)

    def output_shape(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        """``(N, C, *spatial_out)``, with PyTorch's ``pooling_output_shape`` (ceil mode included):
        ``out = ⌊(in + 2p − d·(k − 1) − 1 [+ s − 1 in ceil mode]) / s⌋ + 1``, and in ceil mode a last
        window that would start in the right padding is dropped. Raises ConvSpecError for an empty output
        (and, for 3-D average pooling, an input smaller than the kernel, as PyTorch does).
        """
        shape = tuple(input_shape)
        if len(shape) != self.spatial_dims + 2 or any(s < 1 for s in shape):
            raise ConvSpecError(
                "input_rank",
                f"input shape {shape} must be (N, C, {', '.join(DIM_NAMES[self.spatial_dims])}) with "
                f"positive sizes; add the batch dimension N",
                shape=str(shape), rank=self.spatial_dims + 2, dims=", ".join(DIM_NAMES[self.spatial_dims]),
            )
        if self.kind == "avg" and self.spatial_dims == 3:
            # PyTorch's avg_pool3d (pool3d_shape_check with check_input_size) also needs the unpadded
            # input to be at least the kernel size: "input image ... smaller than kernel size".
            for name, size, k in zip(DIM_NAMES[3], shape[2:], self.kernel_size):
                if size < k:
                    raise ConvSpecError(
                        "pool_avg3d_input",
                        f"3-D average pooling in PyTorch needs the input (before padding) to be at least the "
                        f"kernel size, but {name}={size} is smaller than kernel_size={k}; use an input of at "
                        f"least {k} on {name} or a smaller kernel",
                        dim=name, size=size, kernel=k, smallest=k,
                    )
        out = []
        for name, size, k, s, p, d in zip(DIM_NAMES[self.spatial_dims], shape[2:], self.kernel_size,
                                          self.stride, self.padding, self.dilation):
            span = size + 2 * p - d * (k - 1) - 1 + (s - 1 if self.ceil_mode else 0)
            n = span // s + 1
            if self.ceil_mode and (n - 1) * s >= size + p:
                n -= 1
            if n < 1:
                # Smallest input with a non-empty output: the window must fit the padded input, or in ceil
                # mode start inside it (ceil mode rounds a partial last window up).
                smallest = max(1, d * (k - 1) + 1 - 2 * p - (s - 1 if self.ceil_mode else 0))
                raise ConvSpecError(
                    "pool_too_large",
                    f"the pooling window spans {d * (k - 1) + 1} on {name} but the padded input is only "
                    f"{size + 2 * p}, so the output would be empty; use an input of at least {smallest} on "
                    f"{name} or a smaller pooling kernel",
                    dim=name, k_eff=d * (k - 1) + 1, padded=size + 2 * p, size=size, before=p, after=p,
                    smallest=smallest,
                )
            out.append(n)
        return (shape[0], shape[1], *out)
