"""One convolution layer (`ConvSpec`) and its arithmetic, exactly as PyTorch computes it.

>>> spec = ConvSpec(64, 128, 1)
>>> spec.output_shape((1, 64, 32, 32))
(1, 128, 32, 32)
>>> spec.param_count()             # 8,320 = 128·64·1·1 weights + 128 biases
8320
>>> ConvSpec(3, 4, 3, stride=2, output_padding=1, transposed=True, spatial_dims=1).output_shape((2, 3, 3))
(2, 4, 8)
>>> ConvSpec(1, 1, 2, dilation=4, causal=True, spatial_dims=1).padding_amounts((1, 1, 10))
((4, 0),)

Formulas follow the "Shape" section of the PyTorch docs of ``torch.nn.Conv{1,2,3}d`` and
``torch.nn.ConvTranspose{1,2,3}d``, and Dumoulin & Visin (2016), "A guide to convolution arithmetic for
deep learning". Causal 1-D convolution: van den Oord et al. (2016), "WaveNet"; Bai et al. (2018), "TCN".
"""

from __future__ import annotations

import math
from dataclasses import KW_ONLY, dataclass
from typing import TYPE_CHECKING, Union

from convviz.layer.errors import ConvSpecError
from convviz.text.units import format_dim_values

if TYPE_CHECKING:
    import torch

PADDING_MODES = ("zeros", "reflect", "replicate", "circular")
PADDING_STRINGS = ("same", "valid")
DIM_NAMES = {1: ("L",), 2: ("H", "W"), 3: ("D", "H", "W")}

IntOrTuple = Union[int, tuple[int, ...]]
Padding = Union[int, tuple[int, ...], str]


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def per_dim(name: str, value: object, dims: int) -> tuple[int, ...]:
    """Broadcast an int to ``dims`` values, or check a tuple's length; raises ConvSpecError."""
    if _is_int(value):
        return (int(value),) * dims
    if isinstance(value, (tuple, list)) and all(_is_int(v) for v in value):
        if len(value) != dims:
            raise ConvSpecError(
                "tuple_length",
                f"{name}={tuple(value)} has {len(value)} values but spatial_dims={dims}; "
                f"give one value per spatial dimension or a single int",
                name=name, value=str(tuple(value)), length=len(value), spatial_dims=dims,
            )
        return tuple(int(v) for v in value)
    raise ConvSpecError(
        "not_integer",
        f"{name}={value!r} must be an int or a tuple of ints; e.g. {name}=3",
        name=name, value=repr(value),
    )


def check_positive(name: str, values: tuple[int, ...]) -> None:
    """Raise ConvSpecError (``positive``) unless every value of ``name`` is at least 1."""
    for v in values:
        if v < 1:
            raise ConvSpecError(
                "positive",
                f"{name}={format_dim_values(values)} must be at least 1 (PyTorch refuses almost every zero "
                f"or negative value here; in_channels=0 leaves nothing to compute); "
                f"use {name}=1 or more",
                name=name, value=format_dim_values(values),
            )


def divisors(n: int) -> list[int]:
    """All positive divisors of ``n`` in increasing order."""
    return [d for d in range(1, n + 1) if n % d == 0]


def valid_groups(in_channels: int, out_channels: int) -> list[int]:
    """The ``groups`` values PyTorch accepts: divisors of both channel counts (of their gcd)."""
    return divisors(math.gcd(in_channels, out_channels))


@dataclass(frozen=True)
class ConvSpec:
    """A convolution layer with the fields of ``torch.nn.Conv{1,2,3}d``.

    Ints broadcast to every spatial dimension and are stored as tuples of length ``spatial_dims``;
    ``padding`` is stored as such a tuple or as ``'same'`` / ``'valid'``. The rules that need no input
    are checked here; the rules that need the input (channel count, padded size, reflect/circular
    limits) are checked by :meth:`check_input` and every method that takes ``input_shape``.

    ``transposed=True`` makes it a ``torch.nn.ConvTranspose{1,2,3}d`` (same keywords plus ``output_padding``;
    note that PyTorch's ``ConvTranspose`` takes ``output_padding`` positionally before ``groups``, so pass
    everything but the first three as keywords). ``causal=True`` (1-D only) pads ``dilation·(k − 1)`` on the
    left and nothing on the right, so that output ``t`` reads inputs ``t − dilation·(k − 1) … t`` only.

    Raises
    ------
    ConvSpecError
        Non-positive sizes (stride 0 included), ``groups`` not dividing both channel counts,
        ``'same'`` with a stride other than 1, a negative padding, an unknown padding string or mode,
        or a tuple whose length differs from ``spatial_dims``. Transposed (PyTorch's rules): a padding mode
        other than ``'zeros'``, a string padding, a negative ``output_padding``, or an ``output_padding``
        not smaller than the larger of the stride and the dilation of its dimension; ``output_padding`` other than
        0 without ``transposed``. Causal: not 1-D, transposed, padding other than 0, or a padding mode other
        than ``'zeros'``.
    """

    in_channels: int
    out_channels: int
    kernel_size: IntOrTuple
    _: KW_ONLY
    stride: IntOrTuple = 1
    padding: Padding = 0
    dilation: IntOrTuple = 1
    groups: int = 1
    bias: bool = True
    padding_mode: str = "zeros"
    spatial_dims: int = 2
    transposed: bool = False
    output_padding: IntOrTuple = 0
    causal: bool = False

    def __post_init__(self) -> None:
        if self.spatial_dims not in DIM_NAMES:
            raise ConvSpecError(
                "spatial_dims",
                f"spatial_dims={self.spatial_dims!r} is not supported; use 1, 2 or 3",
                value=repr(self.spatial_dims),
            )
        dims = self.spatial_dims
        for name in ("in_channels", "out_channels", "groups"):
            value = getattr(self, name)
            if not _is_int(value):
                raise ConvSpecError(
                    "not_integer", f"{name}={value!r} must be an int; e.g. {name}=1",
                    name=name, value=repr(value),
                )
            check_positive(name, (value,))
        for name in ("kernel_size", "stride", "dilation"):
            values = per_dim(name, getattr(self, name), dims)
            check_positive(name, values)
            object.__setattr__(self, name, values)
        object.__setattr__(self, "padding", self._normalise_padding(self.padding, dims))
        if not isinstance(self.bias, bool):
            raise ConvSpecError(
                "not_bool", f"bias={self.bias!r} must be True or False", name="bias", value=repr(self.bias)
            )
        if self.padding_mode not in PADDING_MODES:
            raise ConvSpecError(
                "padding_mode",
                f"padding_mode={self.padding_mode!r} is unknown; use one of {', '.join(PADDING_MODES)}",
                value=repr(self.padding_mode), choices=", ".join(PADDING_MODES),
            )
        if self.in_channels % self.groups or self.out_channels % self.groups:
            valid = ", ".join(str(g) for g in valid_groups(self.in_channels, self.out_channels))
            raise ConvSpecError(
                "groups_divide",
                f"groups={self.groups} must divide both in_channels={self.in_channels} and "
                f"out_channels={self.out_channels}; valid groups: {valid}",
                groups=self.groups, in_channels=self.in_channels, out_channels=self.out_channels,
                valid=valid,
            )
        if self.padding == "same" and any(s != 1 for s in self.stride):
            keep = tuple(d * (k - 1) // 2 for d, k in zip(self.dilation, self.kernel_size))
            raise ConvSpecError(
                "same_stride",
                f"padding='same' needs stride=1, but stride={format_dim_values(self.stride)} "
                f"(PyTorch refuses 'same' for strided convolutions); use stride=1, or an explicit "
                f"padding={format_dim_values(keep)}",
                stride=format_dim_values(self.stride), padding=format_dim_values(keep),
            )
        self._check_transposed()
        self._check_causal()

    def _check_transposed(self) -> None:
        """Rules of ``torch.nn.ConvTranspose{1,2,3}d`` that need no input (and ``output_padding`` for both)."""
        for name in ("transposed", "causal"):
            value = getattr(self, name)
            if not isinstance(value, bool):
                raise ConvSpecError(
                    "not_bool", f"{name}={value!r} must be True or False", name=name, value=repr(value)
                )
        output_padding = per_dim("output_padding", self.output_padding, self.spatial_dims)
        object.__setattr__(self, "output_padding", output_padding)
        if any(op < 0 for op in output_padding):
            # aten (conv_transpose checks): "negative output_padding is not supported"
            raise ConvSpecError(
                "output_padding_negative",
                f"output_padding={format_dim_values(output_padding)} must not be negative (PyTorch refuses it); "
                f"use output_padding=0 or more",
                value=format_dim_values(output_padding),
            )
        if not self.transposed:
            if any(output_padding):
                raise ConvSpecError(
                    "output_padding_forward",
                    f"output_padding={format_dim_values(output_padding)} exists only for transposed convolutions; "
                    f"set transposed=True or output_padding=0",
                    value=format_dim_values(output_padding),
                )
            return
        if self.padding_mode != "zeros":
            # torch.nn.modules.conv._ConvTransposeNd.__init__
            raise ConvSpecError(
                "transposed_padding_mode",
                f"padding_mode={self.padding_mode!r} is not supported for transposed convolutions "
                f"(PyTorch supports only 'zeros' there); use padding_mode='zeros'",
                value=repr(self.padding_mode),
            )
        if isinstance(self.padding, str):
            # conv_transpose{1,2,3}d takes a tuple of ints only
            raise ConvSpecError(
                "transposed_padding_string",
                f"padding={self.padding!r} is not supported for transposed convolutions (PyTorch takes "
                f"only numbers there); give padding as an int or a tuple, e.g. padding=0",
                value=repr(self.padding),
            )
        for name, op, s, d in zip(self.dim_names, output_padding, self.stride, self.dilation):
            # aten: output_padding < stride || output_padding < dilation, per dimension
            # ("output padding must be smaller than either stride or dilation")
            if not (op < s or op < d):
                largest = max(s, d) - 1
                raise ConvSpecError(
                    "output_padding_too_large",
                    f"output_padding={op} on {name} must be smaller than the larger of stride={s} and "
                    f"dilation={d} (PyTorch refuses it); use output_padding at most {largest} on {name}, "
                    f"or a larger stride",
                    dim=name, output_padding=op, stride=s, dilation=d, largest=largest,
                )

    def _check_causal(self) -> None:
        if not self.causal:
            return
        if self.spatial_dims != 1:
            raise ConvSpecError(
                "causal_dims",
                f"causal=True needs a 1-D convolution (a sequence in time), but spatial_dims="
                f"{self.spatial_dims}; use spatial_dims=1 or causal=False",
                spatial_dims=self.spatial_dims,
            )
        if self.transposed:
            raise ConvSpecError(
                "causal_transposed",
                "causal=True is for a forward convolution, not a transposed one; use transposed=False "
                "or causal=False",
            )
        if self.padding not in ((0,), "valid"):
            shown = self.padding if isinstance(self.padding, str) else format_dim_values(self.padding)
            raise ConvSpecError(
                "causal_padding",
                f"causal=True pads dilation·(k − 1) on the left by itself, so padding={shown!r} cannot be "
                f"added; use padding=0",
                value=repr(shown),
            )
        if self.padding_mode != "zeros":
            raise ConvSpecError(
                "causal_padding_mode",
                f"causal=True pads with zeros, so padding_mode={self.padding_mode!r} does not apply; "
                f"use padding_mode='zeros'",
                value=repr(self.padding_mode),
            )

    @staticmethod
    def _normalise_padding(padding: object, dims: int) -> tuple[int, ...] | str:
        if isinstance(padding, str):
            if padding not in PADDING_STRINGS:
                raise ConvSpecError(
                    "padding_string",
                    f"padding={padding!r} is unknown; use an int, a tuple, 'same' or 'valid'",
                    value=repr(padding),
                )
            return padding
        values = per_dim("padding", padding, dims)
        if any(p < 0 for p in values):
            raise ConvSpecError(
                "padding_negative",
                f"padding={format_dim_values(values)} must not be negative (PyTorch refuses it); use padding=0 or more",
                value=format_dim_values(values),
            )
        return values

    # ---- derived quantities that need no input -------------------------------------------------

    @property
    def effective_kernel_size(self) -> tuple[int, ...]:
        """Span of the dilated kernel per dimension, ``dilation·(k − 1) + 1`` (Dumoulin & Visin 2016)."""
        return tuple(d * (k - 1) + 1 for d, k in zip(self.dilation, self.kernel_size))

    @property
    def weight_shape(self) -> tuple[int, ...]:
        """``(out_channels, in_channels/groups, *kernel_size)``, the shape of ``module.weight``;
        transposed: ``(in_channels, out_channels/groups, *kernel_size)`` (PyTorch's ``ConvTranspose``)."""
        if self.transposed:
            return (self.in_channels, self.out_channels // self.groups, *self.kernel_size)
        return (self.out_channels, self.in_channels // self.groups, *self.kernel_size)

    @property
    def dim_names(self) -> tuple[str, ...]:
        """Names of the spatial dimensions: ``('L',)``, ``('H', 'W')`` or ``('D', 'H', 'W')``."""
        return DIM_NAMES[self.spatial_dims]

    def weight_count(self) -> int:
        """Elements of the weight tensor: ``out_channels · in_channels/groups · ∏ kernel_size`` (the same
        number for a transposed layer, ``in_channels · out_channels/groups · ∏ kernel_size``)."""
        return math.prod(self.weight_shape)

    def bias_count(self) -> int:
        """Elements of the bias: ``out_channels`` with a bias, else 0."""
        return self.out_channels if self.bias else 0

    def param_count(self) -> int:
        """Learnable parameters, weights + bias, equal to ``sum(p.numel() for p in module.parameters())``."""
        return self.weight_count() + self.bias_count()

    def before_padding(self) -> tuple[int, ...]:
        """Padding applied before (left/top/front) each dimension; independent of the input size
        (transposed: that of the equivalent direct convolution, see :meth:`padding_amounts`)."""
        return tuple(before for before, _ in self._padding_pairs())

    def _padding_pairs(self) -> tuple[tuple[int, int], ...]:
        if self.transposed:
            # The equivalent direct convolution (Dumoulin & Visin 2016, relationship 14; PyTorch docs of
            # ConvTranspose: "implicit zero padding on both sides for dilation·(kernel_size − 1) − padding").
            return tuple(
                (d * (k - 1) - p, d * (k - 1) - p + op)
                for d, k, p, op in zip(self.dilation, self.kernel_size, self.padding, self.output_padding)
            )
        if self.causal:
            return tuple((d * (k - 1), 0) for d, k in zip(self.dilation, self.kernel_size))
        if self.padding == "valid":
            return ((0, 0),) * self.spatial_dims
        if self.padding == "same":
            # PyTorch (_ConvNd.__init__ and aten::_convolution_mode): total d·(k−1), the odd one after.
            totals = (d * (k - 1) for d, k in zip(self.dilation, self.kernel_size))
            return tuple((t // 2, t - t // 2) for t in totals)
        return tuple((p, p) for p in self.padding)

    # ---- rules and quantities that need the input ----------------------------------------------

    def _check_rank(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        shape = tuple(input_shape)
        if len(shape) != self.spatial_dims + 2 or not all(_is_int(s) for s in shape):
            raise ConvSpecError(
                "input_rank",
                f"input shape {shape} must be (N, C_in, {', '.join(self.dim_names)}) with "
                f"{self.spatial_dims + 2} ints for a {self.spatial_dims}-D convolution "
                f"(unbatched inputs are not used here); add the batch dimension N",
                shape=str(shape), rank=self.spatial_dims + 2, dims=", ".join(self.dim_names),
            )
        for value in shape:
            if value < 1:
                raise ConvSpecError(
                    "input_positive",
                    f"input shape {shape} has a size below 1; every size must be at least 1",
                    shape=str(shape),
                )
        return shape

    def check_input(self, input_shape: tuple[int, ...]) -> None:
        """Check the rules that need the input ``(N, C_in, *spatial)``; raises ConvSpecError.

        The channel count must equal ``in_channels``; reflect padding must be smaller than the dimension
        it pads and circular padding at most that dimension (``torch.nn.functional.pad``); the dilated
        kernel must fit in the padded input, which is also what makes the output non-empty.
        """
        shape = self._check_rank(input_shape)
        if shape[1] != self.in_channels:
            raise ConvSpecError(
                "input_channels",
                f"the input has {shape[1]} channels but in_channels={self.in_channels}; "
                f"set in_channels={shape[1]} or give the input {self.in_channels} channels",
                got=shape[1], in_channels=self.in_channels,
            )
        spatial = shape[2:]
        if self.transposed:
            self._check_transposed_input(spatial)
            return
        pairs = self._padding_pairs()
        for name, size, (before, after) in zip(self.dim_names, spatial, pairs):
            largest = max(before, after)
            if self.padding_mode == "reflect" and largest >= size:
                raise ConvSpecError(
                    "reflect_padding",
                    f"reflect padding {largest} on {name}={size} is too large: reflect padding must be "
                    f"smaller than the dimension it pads; use padding at most {size - 1} on {name}, "
                    f"or padding_mode='replicate'",
                    dim=name, padding=largest, size=size, largest_valid=size - 1,
                )
            if self.padding_mode == "circular" and largest > size:
                raise ConvSpecError(
                    "circular_padding",
                    f"circular padding {largest} on {name}={size} wraps around more than once: it must be "
                    f"at most the dimension it pads; use padding at most {size} on {name}",
                    dim=name, padding=largest, size=size,
                )
        for name, size, (before, after), k_eff in zip(
            self.dim_names, spatial, pairs, self.effective_kernel_size
        ):
            if size + before + after < k_eff:
                smallest = max(1, k_eff - before - after)
                raise ConvSpecError(
                    "kernel_too_large",
                    f"the dilated kernel spans {k_eff} on {name} but the padded input is only "
                    f"{size + before + after} ({size} + padding {before} + {after}), so the output "
                    f"would be empty; use an input of at least {smallest} on {name}, more padding, "
                    f"or a smaller kernel_size or dilation",
                    dim=name, k_eff=k_eff, padded=size + before + after, size=size,
                    before=before, after=after, smallest=smallest,
                )

    def _transposed_spatial(self, spatial: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(
            (size - 1) * s - 2 * p + d * (k - 1) + op + 1
            for size, s, p, d, k, op in zip(
                spatial, self.stride, self.padding, self.dilation, self.kernel_size, self.output_padding
            )
        )

    def _check_transposed_input(self, spatial: tuple[int, ...]) -> None:
        """A transposed layer whose padding crops the whole output: PyTorch refuses it ("Output size is
        too small") or returns an empty tensor."""
        for name, size, out, s, p, d, k, op in zip(
            self.dim_names, spatial, self._transposed_spatial(spatial), self.stride, self.padding,
            self.dilation, self.kernel_size, self.output_padding,
        ):
            if out < 1:
                largest_padding = ((size - 1) * s + d * (k - 1) + op) // 2
                smallest = 1 + -(-(2 * p - d * (k - 1) - op) // s)
                raise ConvSpecError(
                    "transposed_empty",
                    f"the transposed convolution's output on {name} would be {out} "
                    f"(({size} − 1)·{s} − 2·{p} + {d}·({k} − 1) + {op} + 1), so the padding crops "
                    f"everything; use padding at most {largest_padding} on {name}, or an input of at "
                    f"least {smallest} on {name}",
                    dim=name, out=out, size=size, largest_padding=largest_padding, smallest=smallest,
                )

    def padding_amounts(self, input_shape: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
        """Padding PyTorch applies, ``((before, after), …)`` per spatial dimension, in elements.

        For ``'same'`` the total is ``dilation·(k − 1)`` and the odd extra element goes after, as
        PyTorch does. Causal: ``(dilation·(k − 1), 0)``. Transposed: the padding of the equivalent direct
        convolution, which runs over the input with ``stride − 1`` zeros inserted between neighbouring
        elements: ``(dilation·(k − 1) − padding, dilation·(k − 1) − padding + output_padding)``; a negative
        amount crops that many elements (Dumoulin & Visin 2016, relationship 14).
        Raises ConvSpecError for an input that is not ``(N, C_in, *spatial)``.
        """
        self._check_rank(input_shape)
        return self._padding_pairs()

    def output_spatial(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        """Output size per spatial dimension (PyTorch docs, "Shape"):
        ``floor((in + before + after − dilation·(k − 1) − 1) / stride) + 1``; transposed (docs of
        ``ConvTranspose``): ``(in − 1)·stride − 2·padding + dilation·(k − 1) + output_padding + 1``.
        """
        self.check_input(input_shape)
        if self.transposed:
            return self._transposed_spatial(tuple(input_shape[2:]))
        return tuple(
            (size + before + after - d * (k - 1) - 1) // s + 1
            for size, (before, after), d, k, s in zip(
                input_shape[2:], self._padding_pairs(), self.dilation, self.kernel_size, self.stride
            )
        )

    def output_shape(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        """``(N, C_out, *spatial_out)`` for ``input_shape = (N, C_in, *spatial)``; raises ConvSpecError."""
        return (input_shape[0], self.out_channels, *self.output_spatial(input_shape))

    def macs(self, input_shape: tuple[int, ...], *, include_bias: bool = False) -> int:
        """Multiply–accumulates over the whole batch, in MACs.

        ``N · C_out · ∏ out_spatial · (C_in/groups) · ∏ kernel_size``; with ``include_bias=True`` (and a
        bias) one more per output element, as torchinfo and ptflops count. Transposed: counted on the input
        positions, as ``FlopCounterMode`` does (``conv_flop_count(..., transposed=True)``): every input
        element is multiplied by every weight of its group,
        ``N · C_in · ∏ in_spatial · (C_out/groups) · ∏ kernel_size`` (products that land in the cropped
        ``padding`` are counted too). Raises ConvSpecError.
        """
        out = self.output_shape(input_shape)
        outputs = math.prod(out)
        extra = outputs if include_bias and self.bias else 0
        if self.transposed:
            inputs = math.prod(input_shape)
            return inputs * (self.out_channels // self.groups) * math.prod(self.kernel_size) + extra
        per_output = (self.in_channels // self.groups) * math.prod(self.kernel_size)
        return outputs * per_output + extra

    def flops(self, input_shape: tuple[int, ...]) -> int:
        """Floating-point operations, ``2 × macs`` without bias: the convention of
        ``torch.utils.flop_counter.FlopCounterMode``. Raises ConvSpecError."""
        return 2 * self.macs(input_shape)

    def to_module(self) -> torch.nn.Module:
        """The matching ``torch.nn.Conv{1,2,3}d`` (weights from PyTorch's default initialisation).

        Transposed: the matching ``torch.nn.ConvTranspose{1,2,3}d``. Causal: ``nn.Sequential`` of
        ``nn.ConstantPad1d((dilation·(k − 1), 0), 0)`` and an ``nn.Conv1d`` with ``padding=0`` (its last
        element; see :func:`conv_of`).
        """
        import torch

        if self.transposed:
            cls = {1: torch.nn.ConvTranspose1d, 2: torch.nn.ConvTranspose2d,
                   3: torch.nn.ConvTranspose3d}[self.spatial_dims]
            return cls(
                self.in_channels, self.out_channels, tuple(self.kernel_size),
                stride=tuple(self.stride), padding=tuple(self.padding),
                output_padding=tuple(self.output_padding), groups=self.groups, bias=self.bias,
                dilation=tuple(self.dilation),
            )
        if self.causal:
            (left, _), = self._padding_pairs()
            conv = torch.nn.Conv1d(
                self.in_channels, self.out_channels, tuple(self.kernel_size), stride=tuple(self.stride),
                padding=0, dilation=tuple(self.dilation), groups=self.groups, bias=self.bias,
            )
            return torch.nn.Sequential(torch.nn.ConstantPad1d((left, 0), 0.0), conv)
        cls = {1: torch.nn.Conv1d, 2: torch.nn.Conv2d, 3: torch.nn.Conv3d}[self.spatial_dims]
        padding = self.padding if isinstance(self.padding, str) else tuple(self.padding)
        return cls(
            self.in_channels, self.out_channels, tuple(self.kernel_size),
            stride=tuple(self.stride), padding=padding, dilation=tuple(self.dilation),
            groups=self.groups, bias=self.bias, padding_mode=self.padding_mode,
        )


def conv_of(module: torch.nn.Module) -> torch.nn.Module:
    """The convolution inside what :meth:`ConvSpec.to_module` built: the module itself, or the last
    element of the ``nn.Sequential`` of a causal layer (pad, then convolve)."""
    import torch

    if isinstance(module, torch.nn.Sequential):
        return module[-1]
    return module
