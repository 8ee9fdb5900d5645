"""A layer stack as the table a learner edits, and the per-layer receptive-field table of that stack.

A *row* is a dict with the columns of :data:`COLUMNS`: ``type`` (``"conv"``, ``"max-pool"`` or
``"avg-pool"``), ``kernel_size``, ``stride``, ``padding`` (a whole number, ``"same"``, or ``"causal"`` for a
1-D causal convolution that pads ``dilation·(k − 1)`` on the left), ``dilation``, ``groups`` and
``channels`` (the convolution's ``out_channels``; pooling keeps the channel count and ignores ``groups`` and
``channels``) and ``ceil_mode`` (pooling only, as in ``torch.nn.MaxPool2d``: round the output size up, so a
last partial window is kept; it changes output sizes, not the receptive field). :func:`parse_rows` turns rows
into :class:`~convviz.ConvSpec` / :class:`~convviz.PoolSpec`
layers, chaining ``in_channels`` from the input, and reports one :class:`~convviz.ConvSpecError` per invalid
row; :func:`layer_table` gives each layer's output size (chained ``output_shape``), receptive-field ``size``,
``jump`` and ``start`` (:func:`convviz.receptive_field`; Araujo et al., Distill 2019) and whether that
receptive field already exceeds the input.

>>> stack = PRESETS["patchgan"]
>>> parsed = parse_rows(stack.rows, spatial_dims=stack.spatial_dims, in_channels=stack.in_channels)
>>> receptive_field(parsed.layers)[-1].size        # the 70×70 PatchGAN of pix2pix
(70, 70)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Optional, Union

from convviz.layer.errors import ConvSpecError
from convviz.layer.pool import PoolSpec
from convviz.layer.receptive import ReceptiveField, receptive_field
from convviz.layer.spec import ConvSpec

Layer = Union[ConvSpec, PoolSpec]
LAYER_TYPES = ("conv", "max-pool", "avg-pool")
COLUMNS = ("type", "kernel_size", "stride", "padding", "dilation", "groups", "channels", "ceil_mode")
PADDING_WORDS = ("same", "causal")
MAX_LAYERS = 100
MAX_VALUE = {"kernel_size": 64, "stride": 16, "dilation": 1024, "groups": 4096, "channels": 4096}


def row(type: str = "conv", kernel_size: int = 3, stride: int = 1, padding: Union[int, str] = 0,
        dilation: int = 1, groups: int = 1, channels: Optional[int] = None, ceil_mode: bool = False) -> dict:
    """One table row with every column (``channels=None`` for pooling: it keeps the channel count)."""
    return {"type": type, "kernel_size": kernel_size, "stride": stride, "padding": padding,
            "dilation": dilation, "groups": groups, "channels": channels, "ceil_mode": ceil_mode}


def conv(channels: int, kernel_size: int = 3, stride: int = 1, padding: Union[int, str] = 0, dilation: int = 1,
         groups: int = 1) -> dict:
    return row("conv", kernel_size, stride, padding, dilation, groups, channels)


def pool(kind: str, kernel_size: int, stride: int, padding: int = 0, ceil_mode: bool = False) -> dict:
    return row(f"{kind}-pool", kernel_size, stride, padding, 1, 1, None, ceil_mode)


# ---- presets --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StackPreset:
    """A stack of rows with its input: ``(N=1, in_channels, *[input_size] * spatial_dims)``."""

    key: str
    rows: tuple[dict, ...]
    spatial_dims: int
    in_channels: int
    input_size: int


def _vgg() -> tuple[dict, ...]:
    # VGG-16's first three blocks (Simonyan & Zisserman 2015): 3×3 convolutions, padding 1, 2×2 max-pools.
    return (conv(64, 3, 1, 1), conv(64, 3, 1, 1), pool("max", 2, 2),
            conv(128, 3, 1, 1), conv(128, 3, 1, 1), pool("max", 2, 2),
            conv(256, 3, 1, 1), conv(256, 3, 1, 1), conv(256, 3, 1, 1), pool("max", 2, 2))


def _resnet() -> tuple[dict, ...]:
    # ResNet-18/34 (He et al. 2016): 7×7/2 stem, 3×3/2 max-pool, stage 1 (four 3×3), stage 2 opening with stride 2.
    return (conv(64, 7, 2, 3), pool("max", 3, 2, 1),
            conv(64, 3, 1, 1), conv(64, 3, 1, 1), conv(64, 3, 1, 1), conv(64, 3, 1, 1),
            conv(128, 3, 2, 1), conv(128, 3, 1, 1), conv(128, 3, 1, 1), conv(128, 3, 1, 1))


def _mobilenet() -> tuple[dict, ...]:
    # MobileNet v1 (Howard et al. 2017): a 3×3/2 convolution, then depthwise 3×3 + pointwise 1×1 blocks.
    # Depthwise-separable blocks have the receptive field of the 3×3 convolutions they replace.
    return (conv(32, 3, 2, 1),
            conv(32, 3, 1, 1, groups=32), conv(64, 1),
            conv(64, 3, 2, 1, groups=64), conv(128, 1),
            conv(128, 3, 1, 1, groups=128), conv(128, 1),
            conv(128, 3, 2, 1, groups=128), conv(256, 1))


def _wavenet() -> tuple[dict, ...]:
    # WaveNet (van den Oord et al. 2016): a kernel-2 causal input convolution, then dilations 1, 2, …, 512.
    return tuple(conv(32, 2, 1, "causal", d) for d in (1, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512))


def _tcn() -> tuple[dict, ...]:
    # TCN (Bai et al. 2018): kernel 3, dilations 1, 2, …, 32, two causal convolutions per residual block.
    return tuple(conv(32, 3, 1, "causal", d) for d in (1, 2, 4, 8, 16, 32) for _ in range(2))


def _patchgan() -> tuple[dict, ...]:
    # pix2pix's 70×70 PatchGAN discriminator (Isola et al. 2017): kernel 4, padding 1, strides 2, 2, 2, 1, 1.
    return (conv(64, 4, 2, 1), conv(128, 4, 2, 1), conv(256, 4, 2, 1), conv(512, 4, 1, 1), conv(1, 4, 1, 1))


def _hdc(rates: Sequence[int]) -> tuple[dict, ...]:
    # Wang et al. 2018 ("HDC"): rates 1, 2, 5 reach every pixel; 2, 2, 2 leave a grid of holes.
    return tuple(conv(16, 3, 1, r, r) for r in rates)


PRESETS: dict[str, StackPreset] = {
    preset.key: preset for preset in (
        StackPreset("vgg", _vgg(), 2, 3, 224),
        StackPreset("resnet", _resnet(), 2, 3, 224),
        StackPreset("mobilenet", _mobilenet(), 2, 3, 224),
        StackPreset("wavenet", _wavenet(), 1, 1, 2048),
        StackPreset("tcn", _tcn(), 1, 1, 512),
        StackPreset("patchgan", _patchgan(), 2, 3, 256),
        StackPreset("hdc_125", _hdc((1, 2, 5)), 2, 1, 64),
        StackPreset("hdc_222", _hdc((2, 2, 2)), 2, 1, 64),
    )
}


# ---- rows ↔ layers --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RowError:
    """An invalid row: ``row`` counts from 1, ``error`` says why (its ``code`` and ``params`` translate)."""

    row: int
    error: ConvSpecError


@dataclass(frozen=True)
class ParsedStack:
    """The layers of the valid rows, in order, and one :class:`RowError` per invalid row."""

    layers: tuple[Layer, ...]
    errors: tuple[RowError, ...]

    @property
    def ok(self) -> bool:
        return bool(self.layers) and not self.errors


def _missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _whole(column: str, value: object, *, default: Optional[int] = None) -> int:
    """A whole number from a table cell (ints, integral floats, digit strings); raises ConvSpecError."""
    if _missing(value):
        if default is not None:
            return default
        raise ConvSpecError("stack_cell_missing", f"{column} is empty; enter a whole number", column=column)
    number: object = value
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    if isinstance(number, bool) or not isinstance(number, (int, float)) or not float(number).is_integer():
        raise ConvSpecError("stack_cell_integer", f"{column}={value!r} is not a whole number; enter one",
                            column=column, value=str(value))
    number = int(number)
    largest = MAX_VALUE.get(column, 4096)
    if not 0 <= number <= largest:
        raise ConvSpecError("stack_cell_range", f"{column}={number} is out of range; use 0 … {largest}",
                            column=column, value=number, largest=largest)
    return number


def _flag(column: str, value: object) -> bool:
    """A checkbox cell as a bool: empty → False; booleans, 0/1 and the words true/false; raises ConvSpecError
    (code ``not_bool``) for anything else."""
    if _missing(value):
        return False
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("true", "1", "yes"):
            return True
        if word in ("false", "0", "no"):
            return False
    else:
        try:
            number = float(value)  # bools, ints, numpy/pandas scalars
        except (TypeError, ValueError):
            number = None
        if number in (0.0, 1.0):
            return bool(number)
    raise ConvSpecError("not_bool", f"{column}={value!r} must be true or false", name=column, value=str(value))


def _padding(value: object) -> Union[int, str]:
    if isinstance(value, str) and value.strip().lower() in PADDING_WORDS:
        return value.strip().lower()
    try:
        return _whole("padding", value)
    except ConvSpecError as error:
        if error.code == "stack_cell_missing":
            return 0
        raise ConvSpecError("stack_padding", f"padding={value!r} is unknown; use a whole number, 'same' or "
                            f"'causal'", value=str(value)) from None


def parse_row(cells: Mapping[str, object], *, spatial_dims: int, in_channels: int) -> Layer:
    """One row → a ``ConvSpec`` (``in_channels`` from the layer before) or a ``PoolSpec``; raises ConvSpecError.

    Empty ``stride``, ``dilation`` and ``groups`` cells mean 1, an empty ``padding`` 0, an empty ``channels``
    keeps the channel count, an empty ``ceil_mode`` False; ``kernel_size`` must be given. ``ceil_mode`` on a
    convolution row is refused (code ``stack_ceil_conv``): ``nn.Conv2d`` has no such option.
    """
    kind = cells.get("type")
    kind = kind.strip().lower() if isinstance(kind, str) else kind
    if kind not in LAYER_TYPES:
        raise ConvSpecError("stack_type", f"layer type {kind!r} is unknown; use conv, max-pool or avg-pool",
                            value=str(kind))
    kernel = _whole("kernel_size", cells.get("kernel_size"))
    stride = _whole("stride", cells.get("stride"), default=1)
    dilation = _whole("dilation", cells.get("dilation"), default=1)
    padding = _padding(cells.get("padding"))
    ceil_mode = _flag("ceil_mode", cells.get("ceil_mode"))
    if kind != "conv":
        if isinstance(padding, str):
            raise ConvSpecError("stack_pool_padding", f"pooling takes a whole-number padding, not {padding!r}",
                                value=padding)
        return PoolSpec(kernel, stride=stride, padding=padding, dilation=dilation, kind=kind.split("-")[0],
                        ceil_mode=ceil_mode, spatial_dims=spatial_dims)
    if ceil_mode:
        raise ConvSpecError("stack_ceil_conv", "ceil_mode exists for pooling layers only (nn.Conv2d has none); "
                            "untick it on this convolution row")
    groups = _whole("groups", cells.get("groups"), default=1)
    channels = _whole("channels", cells.get("channels"), default=in_channels)
    causal = padding == "causal"
    return ConvSpec(in_channels, channels, kernel, stride=stride, padding=0 if causal else padding,
                    dilation=dilation, groups=groups, causal=causal, spatial_dims=spatial_dims)


def parse_rows(rows: Sequence[Mapping[str, object]], *, spatial_dims: int, in_channels: int) -> ParsedStack:
    """Every row → a layer, channels chained from ``in_channels``; invalid rows become :class:`RowError`s.

    A row that fails keeps the channel count it would have produced (its ``channels`` cell if readable), so
    one bad row gives one message, not a cascade. More than :data:`MAX_LAYERS` rows is one error on row
    ``MAX_LAYERS + 1`` (code ``stack_too_long``); no rows at all, code ``rf_empty`` on row 0.
    """
    layers: list[Layer] = []
    errors: list[RowError] = []
    channels = in_channels
    if not rows:
        errors.append(RowError(0, ConvSpecError("rf_empty", "the layer stack is empty; add at least one layer")))
    if len(rows) > MAX_LAYERS:
        errors.append(RowError(MAX_LAYERS + 1, ConvSpecError(
            "stack_too_long", f"the stack has {len(rows)} layers; use at most {MAX_LAYERS}",
            count=len(rows), largest=MAX_LAYERS)))
        rows = rows[:MAX_LAYERS]
    for number, cells in enumerate(rows, start=1):
        try:
            layer = parse_row(cells, spatial_dims=spatial_dims, in_channels=channels)
        except ConvSpecError as error:
            errors.append(RowError(number, error))
            if cells.get("type") == "conv":
                try:
                    channels = _whole("channels", cells.get("channels"), default=channels) or channels
                except ConvSpecError:
                    pass
            continue
        layers.append(layer)
        if isinstance(layer, ConvSpec):
            channels = layer.out_channels
    return ParsedStack(tuple(layers), tuple(errors))


def layers_to_rows(layers: Sequence[Layer]) -> list[dict]:
    """The table rows of ``layers`` (first spatial dimension of each size; the inverse of :func:`parse_rows`
    for square kernels)."""
    rows = []
    for layer in layers:
        if isinstance(layer, PoolSpec):
            rows.append(row(f"{layer.kind}-pool", layer.kernel_size[0], layer.stride[0], layer.padding[0],
                            layer.dilation[0], 1, None, layer.ceil_mode))
            continue
        padding: Union[int, str]
        padding = "causal" if layer.causal else layer.padding if isinstance(layer.padding, str) else layer.padding[0]
        rows.append(row("conv", layer.kernel_size[0], layer.stride[0], padding, layer.dilation[0], layer.groups,
                        layer.out_channels))
    return rows


# ---- the per-layer table -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class LayerInfo:
    """One line of the per-layer table. ``output_shape`` is ``(N, C, *spatial)`` after the layer;
    ``rf`` its cumulative receptive field (input elements); ``exceeds`` whether ``rf.size`` is larger than the
    input in every spatial dimension (the layer is "unproductive": its output elements already see past the
    whole input, so further growth only reaches into padding); ``params`` weights + bias (0 for pooling)."""

    index: int
    layer: Layer
    output_shape: tuple[int, ...]
    rf: ReceptiveField
    exceeds: bool
    params: int


def output_shapes(layers: Sequence[Layer], input_shape: tuple[int, ...]) -> list[tuple[int, ...]]:
    """``output_shape`` chained through the stack, one shape per layer; raises ConvSpecError (with
    ``params["layer"]`` set to the 1-based layer number) at the first layer the input cannot pass."""
    shapes = []
    shape = tuple(input_shape)
    for number, layer in enumerate(layers, start=1):
        try:
            shape = layer.output_shape(shape)
        except ConvSpecError as error:
            error.params.setdefault("layer", number)
            raise
        shapes.append(shape)
    return shapes


def layer_table(layers: Sequence[Layer], input_shape: tuple[int, ...]) -> list[LayerInfo]:
    """The per-layer table for ``input_shape = (N, C_in, *spatial)``; raises ConvSpecError for an invalid stack
    (see :func:`convviz.receptive_field`) or an input a layer cannot take (see :func:`output_shapes`)."""
    records = receptive_field(layers)
    shapes = output_shapes(layers, input_shape)
    spatial = tuple(input_shape[2:])
    return [
        LayerInfo(index, layer, shape, rf, all(s > n for s, n in zip(rf.size, spatial)),
                  layer.param_count() if isinstance(layer, ConvSpec) else 0)
        for index, (layer, shape, rf) in enumerate(zip(layers, shapes, records), start=1)
    ]


def describe(layer: Layer) -> str:
    """A short PyTorch-like label: ``conv 3, s1, p1, d1`` / ``max-pool 2, s2`` / ``max-pool 3, s2, ceil``
    (ceil mode) — language-neutral."""
    k, s = layer.kernel_size[0], layer.stride[0]
    if isinstance(layer, PoolSpec):
        text = f"{layer.kind}-pool {k}, s{s}"
        text += f", p{layer.padding[0]}" if layer.padding[0] else ""
        text += f", d{layer.dilation[0]}" if layer.dilation[0] != 1 else ""
        return text + (", ceil" if layer.ceil_mode else "")
    pad = "causal" if layer.causal else layer.padding if isinstance(layer.padding, str) else f"p{layer.padding[0]}"
    text = f"conv {k}, s{s}, {pad}, d{layer.dilation[0]}"
    return text + (f", g{layer.groups}" if layer.groups > 1 else "")
