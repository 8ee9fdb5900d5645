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
``jump`` and ``start`` (:func:`convviz.receptive_field`; Araujo et al., Distill 2019) and what its border and
centre output elements read of the bounded input (:func:`input_reach`).

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

    def layers(self) -> tuple[Layer, ...]:
        """The preset's layers (:func:`parse_rows` of its rows; every preset parses)."""
        return parse_rows(self.rows, spatial_dims=self.spatial_dims, in_channels=self.in_channels).layers


def _vgg() -> tuple[dict, ...]:
    # VGG-16's first three blocks (Simonyan & Zisserman 2015): 3×3 convolutions, padding 1, 2×2 max-pools.
    return (conv(64, 3, 1, 1), conv(64, 3, 1, 1), pool("max", 2, 2),
            conv(128, 3, 1, 1), conv(128, 3, 1, 1), pool("max", 2, 2),
            conv(256, 3, 1, 1), conv(256, 3, 1, 1), conv(256, 3, 1, 1), pool("max", 2, 2))


def _resnet() -> tuple[dict, ...]:
    # ResNet-18 up to conv3_x (He et al. 2016, Table 1): the stem (7×7/2 convolution, 3×3/2 max-pool; receptive
    # field 11), conv2_x (two basic blocks: four 3×3) and conv3_x (four 3×3, the first with stride 2). The 1×1
    # shortcuts are left out: their receptive field is smaller than the main path's.
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
    # WaveNet (van den Oord et al. 2016): a kernel-2 causal input convolution, then one dilation stack 1, 2, …, 512
    # (the paper repeats such a stack several times; its example: 1, …, 512, 1, …, 512, 1, …, 512).
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

Span = tuple[tuple[int, int], ...]  # (first, last) input index per dimension, inclusive; first > last: empty


@dataclass(frozen=True)
class InputReach:
    """What the output elements of one layer read of a bounded input, per spatial dimension.

    ``first``, ``centre`` and ``last``: the part inside the input, ``[0, n)``, of the receptive-field span
    (:meth:`~convviz.layer.receptive.ReceptiveField.span`) of output element 0, of the centre output element
    (``size // 2`` of the output) and of the last output element ``centre_index``/``last_index``; ``first > last``
    in a dimension means the span lies wholly in the padding. ``first_before`` and ``last_before``: the same for
    the first and last output elements of the layer before (for layer 1: the input's own first and last
    element). ``larger``: the theoretical ``size`` is larger than the input in every dimension.

    These are spans: with dilation (or a stride larger than the kernel) some elements inside may have no path to
    the output (:func:`convviz.receptive_lab.coverage.holes`), and where an earlier layer's floor-rounded output
    drops the input's last rows, the last output element reads fewer than its span holds
    (:func:`convviz.receptive_lab.coverage.path_counts` with ``input_size`` gives the exact set).
    """

    index: int
    input_size: tuple[int, ...]
    larger: bool
    first: Span
    centre: Span
    last: Span
    first_before: Span
    last_before: Span
    centre_index: tuple[int, ...]
    last_index: tuple[int, ...]

    @staticmethod
    def count(span: Span) -> int:
        """Input elements in ``span`` (0 when empty)."""
        return math.prod(max(0, last - first + 1) for first, last in span)

    def covers(self, span: Span) -> bool:
        """Whether ``span`` holds the whole input."""
        return all(first <= 0 and last >= n - 1 for (first, last), n in zip(span, self.input_size))

    @property
    def centre_covers(self) -> bool:
        """The centre output element's receptive field already holds the whole input."""
        return self.covers(self.centre)

    @property
    def all_cover(self) -> bool:
        """Every output element's receptive field holds the whole input (the first's and the last's do: the
        spans in between lie between theirs)."""
        return self.covers(self.first) and self.covers(self.last)

    @property
    def first_gain(self) -> int:
        """Input elements output element 0 reads beyond what output element 0 of the layer before read."""
        return self.count(self.first) - self.count(self.first_before)

    @property
    def last_gain(self) -> int:
        """The same for the last output element."""
        return self.count(self.last) - self.count(self.last_before)

    @property
    def border_grows(self) -> bool:
        """At this layer an output element at the border (the first or the last) still reaches new input."""
        return self.first_gain > 0 or self.last_gain > 0

    @property
    def note(self) -> str:
        """One word for the layer's situation (the page's note): ``"all_old"`` every output element already read
        the whole input (the layer adds no input to any output); ``"all_new"`` every output element reads it now;
        ``"centre_gain"``/``"centre"`` the centre output element reads it all, and the border ones still reach
        new input (or do not); ``"larger_gain"``/``"larger"`` the receptive field is larger than the input but
        no output element reads it all; ``""`` none of these."""
        gain = "_gain" if self.border_grows else ""
        if self.all_cover:
            return "all_new" if self.border_grows else "all_old"
        if self.centre_covers:
            return "centre" + gain
        return "larger" + gain if self.larger else ""


def _inside(span: Span, input_size: tuple[int, ...]) -> Span:
    return tuple((max(0, first), min(n - 1, last)) for (first, last), n in zip(span, input_size))


def input_reach(layers: Sequence[Layer], input_size: Sequence[int]) -> list[InputReach]:
    """What the first, centre and last output elements of each layer read of an input of spatial size
    ``input_size`` (``(L,)``, ``(H, W)`` or ``(D, H, W)``), one :class:`InputReach` per layer.

    From ``start``, ``jump`` and ``size`` (:func:`convviz.receptive_field`; Araujo et al., Distill 2019): output
    element ``i`` spans input ``start + i·jump … start + i·jump + size − 1``, of which the part inside
    ``[0, n)`` is real input and the rest padding. A receptive field larger than the input is normal, and the
    layer that makes it so is not wasted: an output element near the border still reaches new input until its
    span covers the whole input, which with padding on both sides takes up to about twice the input size.
    Raises ConvSpecError for an invalid stack or an input a layer cannot take (see :func:`output_shapes`).

    >>> reach = input_reach(PRESETS["patchgan"].layers(), (64, 64))                # the 70×70 PatchGAN on a 64×64 input
    >>> reach[4].larger, reach[4].first_before, reach[4].first      # output 0: rows 0…30, then 0…46
    (True, ((0, 30), (0, 30)), ((0, 46), (0, 46)))
    >>> reach[4].centre_covers, reach[4].border_grows, reach[4].note
    (False, True, 'larger_gain')
    """
    input_size = tuple(int(n) for n in input_size)
    channels = layers[0].in_channels if layers and isinstance(layers[0], ConvSpec) else 1
    records = receptive_field(layers)
    shapes = output_shapes(layers, (1, channels, *input_size))
    first_before: Span = tuple((0, 0) for _ in input_size)
    last_before: Span = tuple((n - 1, n - 1) for n in input_size)
    reaches = []
    for number, (rf, shape) in enumerate(zip(records, shapes), start=1):
        out = tuple(shape[2:])
        centre_index, last_index = tuple(o // 2 for o in out), tuple(o - 1 for o in out)
        first = _inside(rf.span((0,) * len(out)), input_size)
        last = _inside(rf.span(last_index), input_size)
        reaches.append(InputReach(
            number, input_size, all(s > n for s, n in zip(rf.size, input_size)), first,
            _inside(rf.span(centre_index), input_size), last, first_before, last_before, centre_index, last_index))
        first_before, last_before = first, last
    return reaches


@dataclass(frozen=True)
class LayerInfo:
    """One line of the per-layer table. ``output_shape`` is ``(N, C, *spatial)`` after the layer;
    ``rf`` its cumulative receptive field (input elements); ``reach`` what its first, centre and last output
    elements read of the input (:func:`input_reach`); ``params`` weights + bias (0 for pooling)."""

    index: int
    layer: Layer
    output_shape: tuple[int, ...]
    rf: ReceptiveField
    reach: InputReach
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
    reaches = input_reach(layers, tuple(input_shape[2:]))
    return [
        LayerInfo(index, layer, shape, rf, reach, layer.param_count() if isinstance(layer, ConvSpec) else 0)
        for index, (layer, shape, rf, reach) in enumerate(zip(layers, shapes, records, reaches), start=1)
    ]


def recurrence_latex() -> str:
    """The receptive-field recurrence of :func:`convviz.receptive_field` as one LaTeX ``aligned`` block, one equation
    a line, for layer ``l`` with kernel size ``k_l``, stride ``s_l``, dilation ``d_l`` and padding ``p_l`` before
    it; ``jump_{l−1}`` is the jump *before* the layer (Araujo, Norris & Sim, Distill 2019).

    >>> print(recurrence_latex().splitlines()[1])
    \\text{size}_l &= \\text{size}_{l-1} + d_l \\cdot (k_l - 1) \\cdot \\text{jump}_{l-1} \\\\
    """
    return "\n".join((
        r"\begin{aligned}",
        r"\text{size}_l &= \text{size}_{l-1} + d_l \cdot (k_l - 1) \cdot \text{jump}_{l-1} \\",
        r"\text{jump}_l &= \text{jump}_{l-1} \cdot s_l \\",
        r"\text{start}_l &= \text{start}_{l-1} - p_l \cdot \text{jump}_{l-1}",
        r"\end{aligned}",
    ))


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
