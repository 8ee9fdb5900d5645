"""The one validator of link (query-parameter) values, and the canonical query string of a state.

Streamlit's ``bind="query-params"`` silently drops a value its widget rejects, so every page reads the raw
``st.query_params`` strings through this module *before* any widget is drawn: each value is parsed,
clamped to the range of its control or refused, values that are invalid together are repaired, and every
change is reported as a :class:`Notice` (a catalogue key ``url.notice.<code>`` and its params) that the
page shows in the user's language. Nothing here raises on any input, and nothing evaluates or formats the
raw text: it is matched against fixed patterns, converted with ``int()``, and shown back only through
:func:`display_value` (truncated, without backticks or line breaks, placed inside inline code by the
catalogue).

Formats (the parameter names are ``ConvSpec``'s field names plus ``input_size``, ``batch``, ``device``,
``lang`` and ``present``)::

    in_channels=64            an integer
    kernel_size=3x5           one value per spatial dimension (H×W); a single number applies to all
    padding=1 | 1x2 | same | valid
    bias=true | false         booleans (1/0, yes/no, on/off are read too; links are written true/false)
    padding_mode=reflect      one of the named choices
    transposed=true           explorer only: a ConvTranspose layer (padding_mode zeros, numeric padding)
    output_padding=1 | 1x2    explorer only, transposed layers: each value below the stride or the dilation
    causal=true               explorer only: a causal 1-D layer (not transposed; padding_mode zeros)
    pointwise=128             explorer only: a 1×1 layer with 128 output channels after the layer
    seed=7&level=hard         quiz only: the question set (0 … 999,999) and its difficulty

>>> parsed = parse_explorer({"in_channels": "64", "out_channels": "64", "groups": "3", "kernel_size": "3x5"})
>>> parsed.values["groups"], parsed.values["kernel_size_1"], [n.code for n in parsed.notices]
(1, 5, ['groups'])
>>> explorer_query(parsed.values)["kernel_size"]
'3x5'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Optional, Union

from convviz.explorer_state import BOUNDS, DEFAULT_STATE, MAX_DIMS, OUTPUT_PADDING, PER_DIM_FIELDS, per_dim_key
from convviz.layer.spec import PADDING_MODES, valid_groups
from convviz.runtime.timing import DTYPES
from convviz.text.i18n import LANGUAGES

RawParams = Mapping[str, Union[str, list[str], tuple[str, ...]]]

SPATIAL_DIMS = (1, 2, 3)
PADDING_KINDS = ("same", "valid")
QUIZ_LEVELS = ("easy", "medium", "hard")
SEED_BOUNDS = (0, 999_999)
MAX_SHOWN = 40  # characters of a raw value repeated in a notice

# Keys the explorer reads from a link, in the order the canonical link writes them.
EXPLORER_KEYS = ("spatial_dims", "batch", "in_channels", "input_size", "out_channels", "kernel_size", "stride",
                 "padding", "dilation", "groups", "bias", "padding_mode", "transposed", "output_padding", "causal",
                 "pointwise", "device")
# Written even at their default, so that every explorer link says which layer it shows.
EXPLORER_CORE = ("in_channels", "input_size", "out_channels", "kernel_size")
# The default bound of a per-dimension field whose value is checked separately (padding allows 0).
_INT_RE = re.compile(r"[+-]?[0-9]{1,30}")
_DIM_SPLIT = re.compile(r"[x×X,*]")
_TRUE = ("true", "1", "yes", "on")
_FALSE = ("false", "0", "no", "off")


@dataclass
class Notice:
    """What the validator changed in a link: catalogue key ``url.notice.<code>`` with its ``params``
    (strings and ints only; raw text passed through :func:`display_value`)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"url.notice.{self.code}"


@dataclass
class Parsed:
    """The cleaned values (widget keys → values), whether the link named any of the page's keys, and the
    notices saying what was changed."""

    values: dict[str, Any]
    notices: list[Notice]
    from_link: bool = False


def display_value(raw: object) -> str:
    """A raw value made safe to repeat inside inline code: at most ``MAX_SHOWN`` characters, no backticks,
    no control characters (line breaks included)."""
    text = "".join(ch for ch in str(raw) if ch.isprintable() and ch != "`")
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def last_value(raw: RawParams, name: str) -> Optional[str]:
    """The last value of ``name`` (a repeated parameter counts once, the last one wins, as in
    ``st.query_params``); None when absent or not a string."""
    value = raw.get(name)
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    return value if isinstance(value, str) else None


# ---- single values -----------------------------------------------------------------------------------

def parse_int(name: str, text: str, low: int, high: int, notices: list[Notice]) -> Optional[int]:
    """An integer clamped to ``[low, high]`` (a notice when clamped); None and a notice when malformed."""
    stripped = text.strip()
    if not _INT_RE.fullmatch(stripped):
        notices.append(Notice("malformed", {"name": name, "value": display_value(text), "expected": f"{low}–{high}"}))
        return None
    value = int(stripped)
    used = min(max(value, low), high)
    if used != value:
        notices.append(Notice("clamped", {"name": name, "value": display_value(text), "low": low, "high": high,
                                          "used": used}))
    return used


def parse_per_dim(name: str, text: str, dims: int, low: int, high: int,
                  notices: list[Notice]) -> Optional[tuple[int, ...]]:
    """``'3'`` → ``(3,) * dims``; ``'3x5'`` (or ``3×5``, ``3,5``) → ``(3, 5)``; each value clamped. None and a
    notice when malformed or when the number of values is neither 1 nor ``dims``."""
    parts = _DIM_SPLIT.split(text.strip())
    if len(parts) > MAX_DIMS or not all(_INT_RE.fullmatch(p.strip()) for p in parts):
        example = "x".join(["3"] * dims)
        notices.append(Notice("malformed", {"name": name, "value": display_value(text), "expected": example}))
        return None
    if len(parts) not in (1, dims):
        notices.append(Notice("dims", {"name": name, "value": display_value(text), "count": len(parts),
                                       "dims": dims}))
        return None
    values = [int(p.strip()) for p in parts]
    clamped = tuple(min(max(v, low), high) for v in values)
    if list(clamped) != values:
        notices.append(Notice("clamped", {"name": name, "value": display_value(text), "low": low, "high": high,
                                          "used": format_per_dim(clamped)}))
    return clamped * dims if len(clamped) == 1 else clamped


def parse_bool(name: str, text: str, notices: list[Notice]) -> Optional[bool]:
    """``true``/``false`` (also 1/0, yes/no, on/off, any case); None and a notice otherwise."""
    word = text.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    notices.append(Notice("malformed", {"name": name, "value": display_value(text), "expected": "true/false"}))
    return None


def parse_choice(name: str, text: str, choices: tuple[str, ...], notices: list[Notice]) -> Optional[str]:
    """One of ``choices`` (case and surrounding spaces ignored); None and a notice otherwise."""
    word = text.strip().lower()
    if word in choices:
        return word
    kind = "choice" if len(choices) > 1 else "choice_one"  # "not one of cpu" read oddly
    notices.append(Notice(kind, {"name": name, "value": display_value(text), "choices": ", ".join(choices)}))
    return None


def format_per_dim(values: tuple[int, ...]) -> str:
    """``(3, 3) -> '3'``, ``(3, 5) -> '3x5'``: a per-dimension value as a link writes it."""
    return str(values[0]) if len(set(values)) == 1 else "x".join(str(v) for v in values)


def format_bool(value: bool) -> str:
    return "true" if value else "false"


# ---- parameters every page shares --------------------------------------------------------------------

def parse_common(raw: RawParams) -> Parsed:
    """``lang`` (en or zh; ``zh-CN`` reads as zh; anything else → en, with a notice) and ``present``
    (presentation mode, a boolean)."""
    notices: list[Notice] = []
    values: dict[str, Any] = {}
    lang = last_value(raw, "lang")
    if lang is not None:
        code = lang.strip().lower()[:2]
        if code in LANGUAGES:
            values["lang"] = code
        else:
            values["lang"] = LANGUAGES[0]
            notices.append(Notice("lang", {"value": display_value(lang), "choices": ", ".join(LANGUAGES)}))
    present = last_value(raw, "present")
    if present is not None:
        parsed = parse_bool("present", present, notices)
        if parsed is not None:
            values["present"] = parsed
    return Parsed(values, notices, from_link=bool(values))


# ---- the explorer ------------------------------------------------------------------------------------

def parse_explorer(raw: RawParams, *, devices: tuple[str, ...] = ("cpu",)) -> Parsed:
    """The explorer's widget state (the keys of :mod:`convviz.explorer_state`) from raw link values.

    Starts from the default layer when the link names any explorer key (``from_link``), so a link shows the
    same layer in every browser. Out-of-range numbers are clamped to the controls' bounds; malformed values
    and unknown choices keep the default; ``groups`` that does not divide both channel counts becomes 1;
    ``padding=same`` with a stride other than 1 becomes padding 0. Transposed and causal layers follow
    PyTorch's rules (:func:`_repair_transposed_causal`): ``transposed`` keeps padding mode ``zeros`` and a numeric
    padding, ``output_padding`` needs ``transposed`` and stays below the stride or the dilation of its
    dimension, ``causal`` needs a 1-D forward layer with padding mode ``zeros``. Rules that need the input (a
    kernel larger than the padded input, reflect/circular limits, the memory limit) are left to the page, which
    explains them as it does for values set with the controls. Never raises.
    """
    notices: list[Notice] = []
    state = dict(DEFAULT_STATE)
    state["device"] = "cpu"
    texts = {key: last_value(raw, key) for key in EXPLORER_KEYS}
    from_link = any(text is not None for text in texts.values())
    if not from_link:
        return Parsed({}, notices, from_link=False)

    if texts["spatial_dims"] is not None:
        dims_value = parse_choice("spatial_dims", texts["spatial_dims"], ("1", "2", "3"), notices)
        if dims_value is not None:
            state["spatial_dims"] = int(dims_value)
    dims = state["spatial_dims"]
    for name in ("batch", "in_channels", "out_channels"):
        if texts[name] is not None:
            value = parse_int(name, texts[name], *BOUNDS[name], notices)
            if value is not None:
                state[name] = value

    per_dim: dict[str, tuple[int, ...]] = {}
    for name in PER_DIM_FIELDS:
        text = texts[name]
        if text is None:
            continue
        if name == "padding" and text.strip().lower() in PADDING_KINDS:
            state["padding_kind"] = text.strip().lower()
            continue
        value = parse_per_dim(name, text, dims, *BOUNDS[name], notices)
        if value is not None:
            per_dim[name] = value
            if name == "padding":
                state["padding_kind"] = "number"

    if texts["groups"] is not None:
        groups = parse_int("groups", texts["groups"], 1, BOUNDS["in_channels"][1], notices)
        if groups is not None:
            valid = valid_groups(state["in_channels"], state["out_channels"])
            if groups in valid:
                state["groups"] = groups
            else:
                notices.append(Notice("groups", {"groups": groups, "in_channels": state["in_channels"],
                                                 "out_channels": state["out_channels"],
                                                 "valid": ", ".join(map(str, valid))}))
    if texts["bias"] is not None:
        bias = parse_bool("bias", texts["bias"], notices)
        if bias is not None:
            state["bias"] = bias
    if texts["padding_mode"] is not None:
        mode = parse_choice("padding_mode", texts["padding_mode"], PADDING_MODES, notices)
        if mode is not None:
            state["padding_mode"] = mode
    for name in ("transposed", "causal"):
        if texts[name] is not None:
            flag = parse_bool(name, texts[name], notices)
            if flag is not None:
                state[name] = flag
    if texts[OUTPUT_PADDING] is not None:
        value = parse_per_dim(OUTPUT_PADDING, texts[OUTPUT_PADDING], dims, *BOUNDS[OUTPUT_PADDING], notices)
        if value is not None:
            per_dim[OUTPUT_PADDING] = value
    if texts["pointwise"] is not None:
        word = texts["pointwise"].strip().lower()
        if word in _FALSE:
            state["pointwise"] = False
        else:
            out = parse_int("pointwise", texts["pointwise"], *BOUNDS["pointwise_out"], notices)
            if out is not None:
                state["pointwise"], state["pointwise_out"] = True, out
    if texts["device"] is not None:
        device = parse_choice("device", texts["device"], tuple(devices), notices)
        if device is not None:
            state["device"] = device

    for name in (*PER_DIM_FIELDS, OUTPUT_PADDING):
        values = per_dim.get(name, (DEFAULT_STATE[name],) * dims)
        _set_per_dim(state, name, values)
    state["per_dim"] = any(len(set(values)) > 1 for values in per_dim.values())

    stride = tuple(_read(state, "stride"))
    if state["padding_kind"] == "same" and any(s != 1 for s in stride):
        notices.append(Notice("same_stride", {"stride": format_per_dim(stride)}))
        state["padding_kind"] = "number"
    _repair_transposed_causal(state, OUTPUT_PADDING in per_dim, notices)
    return Parsed(state, notices, from_link=True)


def _set_per_dim(state: dict[str, Any], name: str, values: tuple[int, ...]) -> None:
    """The uniform key (first value) and the three per-dimension keys (the last value repeated)."""
    state[name] = values[0]
    for axis in range(MAX_DIMS):
        state[per_dim_key(name, axis)] = values[min(axis, len(values) - 1)]


def _repair_transposed_causal(state: dict[str, Any], output_padding_given: bool, notices: list[Notice]) -> None:
    """PyTorch's rules for ``transposed``, ``output_padding`` and ``causal`` (those of
    :class:`convviz.layer.spec.ConvSpec`), applied to a link's state with a notice per change: ``causal`` needs a 1-D
    layer and no ``transposed`` (both asked: causal is dropped); ``transposed`` takes padding mode ``zeros`` and
    a number as padding (``same``/``valid`` → 0); a causal layer pads with zeros; ``output_padding`` without
    ``transposed`` is dropped, and a value not below the stride or the dilation of its dimension is lowered to
    ``max(stride, dilation) − 1``."""
    dims = int(state["spatial_dims"])
    if state.get("causal") and dims != 1:
        notices.append(Notice("causal_dims", {"dims": dims}))
        state["causal"] = False
    if state.get("causal") and state.get("transposed"):
        notices.append(Notice("causal_transposed"))
        state["causal"] = False
    if state.get("transposed") or state.get("causal"):
        reason = "transposed" if state.get("transposed") else "causal"
        if state["padding_mode"] != "zeros":
            notices.append(Notice(f"{reason}_padding_mode", {"mode": state["padding_mode"]}))
            state["padding_mode"] = "zeros"
    if state.get("transposed") and state["padding_kind"] in PADDING_KINDS:
        notices.append(Notice("transposed_padding", {"padding": state["padding_kind"]}))
        state["padding_kind"] = "number"
        _set_per_dim(state, "padding", (0,) * dims)
    output_padding = _read(state, OUTPUT_PADDING)
    if not state.get("transposed"):
        if output_padding_given and any(output_padding):
            notices.append(Notice("output_padding_forward", {"value": format_per_dim(output_padding)}))
        _set_per_dim(state, OUTPUT_PADDING, (0,) * dims)
        state["per_dim"] = any(len({state[per_dim_key(name, axis)] for axis in range(dims)}) > 1
                               for name in PER_DIM_FIELDS)
        return
    stride, dilation = _read(state, "stride"), _read(state, "dilation")
    allowed = tuple(op if op < s or op < d else max(s, d) - 1 for op, s, d in zip(output_padding, stride, dilation))
    if allowed != output_padding:
        notices.append(Notice("output_padding", {"value": format_per_dim(output_padding),
                                                 "stride": format_per_dim(stride),
                                                 "dilation": format_per_dim(dilation),
                                                 "used": format_per_dim(allowed)}))
    _set_per_dim(state, OUTPUT_PADDING, allowed)


EXPLORER_VIEWS = ("numbers", "window", "channels", "sweep")


def parse_view(raw: RawParams, views: tuple[str, ...] = EXPLORER_VIEWS) -> Parsed:
    """The explorer's ``view`` (``?view=window``): one of ``views``; anything else is refused with a notice (the
    page keeps its current view). Never raises."""
    notices: list[Notice] = []
    text = last_value(raw, "view")
    if text is None:
        return Parsed({}, notices)
    view = parse_choice("view", text, views, notices)
    return Parsed({} if view is None else {"view": view}, notices, from_link=view is not None)


def _read(state: Mapping[str, Any], name: str) -> tuple[int, ...]:
    dims = int(state["spatial_dims"])
    if state.get("per_dim"):
        return tuple(int(state[per_dim_key(name, axis)]) for axis in range(dims))
    return (int(state[name]),) * dims


def explorer_query(state: Mapping[str, Any]) -> dict[str, str]:
    """The canonical link values of an explorer state, in :data:`EXPLORER_KEYS` order: the core keys always,
    the others only where they differ from the default (``groups`` only where valid). Reading the result
    back with :func:`parse_explorer` gives the same layer, without notices. ``transposed`` and
    ``output_padding`` are written for a transposed layer, ``causal`` for a causal 1-D one (whose padding,
    replaced by the causal padding, is then left out)."""
    dims = int(state["spatial_dims"])
    transposed = bool(state.get("transposed", False))
    causal = bool(state.get("causal", False)) and dims == 1
    query: dict[str, str] = {}
    per_dim = {name: _read(state, name) for name in PER_DIM_FIELDS}
    default_dims = {name: (DEFAULT_STATE[name],) * dims for name in PER_DIM_FIELDS}
    for name in EXPLORER_KEYS:
        if name == "spatial_dims":
            value = str(dims) if dims != DEFAULT_STATE["spatial_dims"] else None
        elif name in ("batch", "in_channels", "out_channels"):
            value = str(int(state[name]))
            if name == "batch" and int(state[name]) == DEFAULT_STATE["batch"]:
                value = None
        elif name == "padding" and causal:
            value = None
        elif name == "padding":
            kind = state["padding_kind"]
            if kind in PADDING_KINDS:
                value = kind
            else:
                value = format_per_dim(per_dim[name]) if per_dim[name] != default_dims[name] else None
        elif name in PER_DIM_FIELDS:
            value = format_per_dim(per_dim[name])
            if name not in EXPLORER_CORE and per_dim[name] == default_dims[name]:
                value = None
        elif name == "groups":
            groups = int(state["groups"])
            valid = groups in valid_groups(int(state["in_channels"]), int(state["out_channels"]))
            value = str(groups) if groups != 1 and valid else None
        elif name == "bias":
            value = None if bool(state["bias"]) == DEFAULT_STATE["bias"] else format_bool(bool(state["bias"]))
        elif name == "padding_mode":
            value = None if state["padding_mode"] == DEFAULT_STATE["padding_mode"] else str(state["padding_mode"])
        elif name == "transposed":
            value = format_bool(True) if transposed else None
        elif name == "causal":
            value = format_bool(True) if causal else None
        elif name == OUTPUT_PADDING:
            output_padding = _read(state, OUTPUT_PADDING) if transposed and OUTPUT_PADDING in state else (0,) * dims
            value = format_per_dim(output_padding) if any(output_padding) else None
        elif name == "pointwise":
            value = str(int(state["pointwise_out"])) if state.get("pointwise") else None
        else:  # device
            value = None if state.get("device", "cpu") == "cpu" else str(state["device"])
        if value is not None:
            query[name] = value
    return query


# ---- the quiz ----------------------------------------------------------------------------------------

def parse_quiz(raw: RawParams) -> Parsed:
    """``seed`` (an integer 0 … 999,999, clamped) and ``level`` (easy, medium or hard); absent or refused
    values are left out of ``values`` (the page picks a seed and the easy level)."""
    notices: list[Notice] = []
    values: dict[str, Any] = {}
    seed = last_value(raw, "seed")
    if seed is not None:
        parsed = parse_int("seed", seed, *SEED_BOUNDS, notices)
        if parsed is not None:
            values["seed"] = parsed
    level = last_value(raw, "level")
    if level is not None:
        parsed_level = parse_choice("level", level, QUIZ_LEVELS, notices)
        if parsed_level is not None:
            values["level"] = parsed_level
    return Parsed(values, notices, from_link=bool(values))


def quiz_query(seed: int, level: str) -> dict[str, str]:
    """The canonical link values of a question set."""
    return {"seed": str(int(seed)), "level": level}


# ---- pages 2–6: one table of parameters per page ------------------------------------------------------

@dataclass(frozen=True)
class Param:
    """One link parameter of a page: its URL ``name``, the session/widget ``key`` it seeds, its ``kind``
    (``int``, ``bool``, ``choice`` — strings —, ``int_choice``, ``padding`` (a number or ``same``; seeds
    ``key`` and ``key + '_kind'``), ``rates`` (``count`` values, seeds ``key_0`` …), ``stack``), its bounds or
    choices, and whether the canonical link always writes it (``core``)."""

    name: str
    key: str
    kind: str = "int"
    low: int = 1
    high: int = 1
    choices: tuple[str, ...] = ()
    core: bool = False
    count: int = 3


SPEED_DTYPES = DTYPES  # what convviz.runtime.timing can measure
SPEED_CPU_DTYPES = ("float32", "float64", "bfloat16")  # float16 convolutions on a CPU are slow reference code

PAGE_PARAMS: dict[str, tuple[Param, ...]] = {
    "pointwise": (
        Param("in_channels", "pw_in", high=1024, core=True),
        Param("out_channels", "pw_out", high=1024, core=True),
        Param("input_size", "pw_size", high=512, core=True),
        Param("bias", "pw_bias", "bool"),
        Param("bottleneck_channels", "pw_bn_channels", high=2048),
        Param("bottleneck_width", "pw_bn_width", high=2048),
    ),
    "dilated": (
        Param("input_size", "d_size", high=64, core=True),
        Param("kernel_size", "d_kernel", high=7, core=True),
        Param("dilation", "d_dilation", high=6, core=True),
        Param("stride", "d_stride", high=3),
        Param("padding", "d_padding", "padding", 0, 15),
        Param("rates", "d_rate", "rates", 1, 8, core=True, count=3),
        Param("stack_kernel", "d_stack_kernel", low=2, high=5),
        Param("layers", "d_layers", low=3, high=12),
    ),
    "grouped": (
        Param("in_channels", "gc_in", high=512, core=True),
        Param("out_channels", "gc_out", high=512, core=True),
        Param("kernel_size", "gc_kernel", "int_choice", choices=("1", "3", "5", "7"), core=True),
        Param("input_size", "gc_size", high=256),
        Param("groups", "gc_groups", high=512, core=True),
        Param("bias", "gc_bias", "bool"),
        Param("shuffle", "gc_shuffle", "bool"),
    ),
    "separable": (
        Param("in_channels", "s_in", high=1024, core=True),
        Param("out_channels", "s_out", high=2048, core=True),
        Param("kernel_size", "s_kernel", high=7, core=True),
        Param("input_size", "s_size", high=256, core=True),
        Param("batch", "s_batch", high=64),
        Param("stride", "s_stride", high=3),
        Param("multiplier", "s_mult", high=4),
        Param("bias", "s_bias", "bool"),
        Param("device", "s_device", "choice", choices=("cpu",)),
    ),
    "speed_lab": (
        Param("in_channels", "sl_in", high=1024, core=True),
        Param("out_channels", "sl_out", high=1024, core=True),
        Param("input_size", "sl_size", high=512, core=True),
        Param("kernel_size", "sl_kernel", "int_choice", choices=("1", "3", "5", "7"), core=True),
        Param("groups", "sl_groups", high=1024, core=True),
        Param("batch", "sl_batch", high=64),
        Param("device", "sl_device", "choice", choices=("cpu",)),
        Param("dtype", "sl_dtype", "choice", choices=SPEED_DTYPES),
        Param("channels_last", "sl_channels_last", "bool"),
    ),
    "receptive_field": (
        Param("spatial_dims", "rf_dims", "int_choice", choices=("1", "2"), core=True),
        Param("input_size", "rf_size", high=4096, core=True),
        Param("in_channels", "rf_in_channels", high=4096, core=True),
        Param("stack", "rf_rows", "stack", core=True),
    ),
}
# Session keys dropped when a link seeds the page (state derived from the previous values).
PAGE_RESETS: dict[str, tuple[str, ...]] = {
    "receptive_field": ("rf_editor", "rf_loaded", "rf_row", "rf_col", "rf_t", "rf_erf"),
    "dilated": ("d_out_row", "d_out_col"),
}
RF_MAX_SIZE = {1: 4096, 2: 512}  # the receptive-field lab's input-size bound per spatial_dims
MAX_STACK_CHARS = 4000
_STACK_TYPES = {"c": "conv", "m": "max-pool", "a": "avg-pool"}
_STACK_LETTERS = {value: key for key, value in _STACK_TYPES.items()}
_STACK_FIELDS = {"s": "stride", "p": "padding", "d": "dilation", "g": "groups", "o": "channels"}
_STACK_LAYER_RE = re.compile(r"([cma])([0-9]{1,6})((?:[sdgo][0-9]{1,6}|p(?:[0-9]{1,6}|same|causal))*)(c?)")
_STACK_FIELD_RE = re.compile(r"([sdgo])([0-9]{1,6})|p([0-9]{1,6}|same|causal)")
_STACK_BOUNDS = {"kernel_size": 64, "stride": 16, "padding": 4096, "dilation": 1024, "groups": 4096,
                 "channels": 4096}
_STACK_MAX_LAYERS = 100
_STACK_DEFAULTS = {"stride": 1, "padding": 0, "dilation": 1, "groups": 1, "channels": None, "ceil_mode": False}


def page_param_names(page: str) -> tuple[str, ...]:
    """The URL names a page reads and writes (empty for an unknown page)."""
    return tuple(param.name for param in PAGE_PARAMS.get(page, ()))


def parse_stack(text: str, notices: list[Notice]) -> Optional[list[dict]]:
    """The compact layer-stack form → table rows (:mod:`convviz.receptive_lab.stack`'s columns); None and a notice when
    malformed (the whole stack is refused). Layers are separated by commas; each is a type letter (``c``
    conv, ``m`` max-pool, ``a`` avg-pool), the kernel size, then optional fields in any order: ``s`` stride,
    ``p`` padding (a number, ``same`` or ``causal``), ``d`` dilation, ``g`` groups, ``o`` output channels
    (conv; absent keeps the channel count), and a trailing ``c`` for ``ceil_mode`` (pooling; ``m3s2c``).
    ``c3p1o64,m2s2`` is a 3×3 convolution to 64 channels with padding 1, then a 2×2 max-pool with stride 2.
    Numbers are clamped to the table's bounds; more than 100 layers are cut to the first 100. Rules between
    fields (pool padding, groups, ceil_mode on a convolution) are left to the table."""
    raw = text
    text = text.strip().lower().replace(" ", "")
    tokens = [token for token in text.split(",")] if text else []
    expected = "c3p1o64,m2s2"
    bad = [index for index, token in enumerate(tokens) if not _STACK_LAYER_RE.fullmatch(token)]
    if bad and len(text) <= MAX_STACK_CHARS:  # say which layer, and what a layer is made of
        notices.append(Notice("stack_layer", {"value": display_value(raw), "number": bad[0] + 1,
                                              "layer": display_value(tokens[bad[0]]), "expected": expected}))
        return None
    if not tokens or len(text) > MAX_STACK_CHARS:
        notices.append(Notice("malformed", {"name": "stack", "value": display_value(raw), "expected": expected}))
        return None
    if len(tokens) > _STACK_MAX_LAYERS:
        notices.append(Notice("stack_long", {"count": len(tokens), "largest": _STACK_MAX_LAYERS}))
        tokens = tokens[:_STACK_MAX_LAYERS]
    rows: list[dict] = []
    clamped: list[str] = []
    for token in tokens:
        match = _STACK_LAYER_RE.fullmatch(token)
        assert match is not None
        row: dict[str, Any] = {"type": _STACK_TYPES[match.group(1)], "kernel_size": int(match.group(2)),
                               **_STACK_DEFAULTS}
        for letter, number, padding in _STACK_FIELD_RE.findall(match.group(3)):
            if letter:
                row[_STACK_FIELDS[letter]] = int(number)
            else:
                row["padding"] = padding if padding in ("same", "causal") else int(padding)
        row["ceil_mode"] = bool(match.group(4))  # on a convolution, the table refuses it with a message
        for column, high in _STACK_BOUNDS.items():
            value = row.get(column)
            if isinstance(value, int):
                low = 0 if column == "padding" else 1
                used = min(max(value, low), high)
                if used != value:
                    clamped.append(f"{column}={value}")
                    row[column] = used
        if row["type"] != "conv":
            row["groups"], row["channels"] = 1, None
        rows.append(row)
    if clamped:
        notices.append(Notice("stack_clamped", {"values": display_value(", ".join(clamped)),
                                                "used": display_value(format_stack(rows) or "")}))
    return rows


def _cell_int(value: object) -> Optional[int]:
    """A table cell as an int (ints, integral floats, digit strings); None when empty or unreadable."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return int(value) if _INT_RE.fullmatch(value) else None
    try:
        number = float(value)  # ints, floats, numpy/pandas scalars
    except (TypeError, ValueError):
        return None
    return int(number) if number == number and number.is_integer() else None


def format_stack(rows: list[Mapping[str, Any]]) -> Optional[str]:
    """Table rows → the compact form (default fields left out); None when a row cannot be written (an unknown
    type, an empty kernel size, a cell that is not a whole number), so the page leaves its link as it is."""
    tokens = []
    for row in rows:
        letter = _STACK_LETTERS.get(str(row.get("type") or "").strip().lower())
        kernel = _cell_int(row.get("kernel_size"))
        if letter is None or kernel is None:
            return None
        token = f"{letter}{kernel}"
        ceil = row.get("ceil_mode")
        ceil_word = "" if ceil is None or ceil != ceil else str(ceil).strip().lower()  # None/NaN: unticked
        if ceil_word not in ("", "false", "0", "0.0", "true", "1", "1.0"):
            return None
        ceil_flag = "c" if ceil_word in ("true", "1", "1.0") else ""
        for short, column in _STACK_FIELDS.items():
            value = row.get(column)
            if letter != "c" and column in ("groups", "channels"):
                continue
            if column == "padding" and isinstance(value, str) and value.strip().lower() in ("same", "causal"):
                token += "p" + value.strip().lower()
                continue
            if value is None or (isinstance(value, str) and not value.strip()) or value != value:
                continue  # an empty cell: the table's default
            number = _cell_int(value)
            if number is None or number < 0:
                return None
            if number != _STACK_DEFAULTS[column]:
                token += f"{short}{number}"
        tokens.append(token + ceil_flag)
    return ",".join(tokens) if tokens else None


def _parse_param(param: Param, text: str, notices: list[Notice]) -> Optional[dict[str, Any]]:
    """The session values one link value seeds, or None (with a notice) when refused."""
    if param.kind == "int":
        value = parse_int(param.name, text, param.low, param.high, notices)
        return None if value is None else {param.key: value}
    if param.kind == "bool":
        flag = parse_bool(param.name, text, notices)
        return None if flag is None else {param.key: flag}
    if param.kind in ("choice", "int_choice"):
        word = parse_choice(param.name, text, param.choices, notices)
        if word is None:
            return None
        return {param.key: int(word) if param.kind == "int_choice" else word}
    if param.kind == "padding":
        word = text.strip().lower()
        if word == "same":
            return {param.key + "_kind": "same"}
        value = parse_int(param.name, text, param.low, param.high, notices)
        return None if value is None else {param.key + "_kind": "number", param.key: value}
    if param.kind == "rates":
        parts = _DIM_SPLIT.split(text.strip())
        if len(parts) > 32 or not all(_INT_RE.fullmatch(p.strip()) for p in parts):
            notices.append(Notice("malformed", {"name": param.name, "value": display_value(text),
                                                "expected": ",".join(["2"] * param.count)}))
            return None
        if len(parts) not in (1, param.count):
            notices.append(Notice("count", {"name": param.name, "value": display_value(text), "count": len(parts),
                                            "expected": param.count}))
            return None
        values = [int(p.strip()) for p in parts] * (param.count if len(parts) == 1 else 1)
        used = [min(max(v, param.low), param.high) for v in values]
        if used != values:
            notices.append(Notice("clamped", {"name": param.name, "value": display_value(text), "low": param.low,
                                              "high": param.high, "used": ",".join(map(str, used))}))
        return {f"{param.key}_{i}": v for i, v in enumerate(used)}
    if param.kind == "stack":
        rows = parse_stack(text, notices)
        return None if rows is None else {param.key: rows}
    return None  # pragma: no cover - every kind is listed above


def speed_lab_groups(in_channels: int, out_channels: int) -> int:
    """The speed lab's ``groups`` when the chosen one does not divide both channel counts: the largest valid
    value up to 4 (1 always divides)."""
    return max(g for g in valid_groups(in_channels, out_channels) if g <= 4)


def _groups_notice(given: bool, groups: int, c_in: int, c_out: int, used: int) -> Notice:
    """Why ``groups`` became ``used``: the link's own value, or the page's (``given`` False) that the link's channel
    counts no longer allow."""
    params = {"groups": groups, "in_channels": c_in, "out_channels": c_out,
              "valid": ", ".join(map(str, valid_groups(c_in, c_out))), "used": used}
    return Notice("groups_used" if given else "groups_default", params)


def _repair(page: str, state: dict[str, Any], notices: list[Notice], given: frozenset[str]) -> None:
    """Values invalid together, per page; ``given``: the parameter names the link carries."""
    if page == "dilated" and state.get("d_padding_kind") == "same" and int(state.get("d_stride", 1)) != 1:
        notices.append(Notice("same_stride", {"stride": state["d_stride"]}))
        state["d_padding_kind"], state["d_padding"] = "number", 0
    if page == "grouped":
        c_in, c_out, groups = int(state["gc_in"]), int(state["gc_out"]), int(state["gc_groups"])
        valid = valid_groups(c_in, c_out)
        if groups not in valid:
            notices.append(_groups_notice("groups" in given, groups, c_in, c_out, 1))
            state["gc_groups"] = 1
    if page == "speed_lab":
        c_in, c_out, groups = int(state["sl_in"]), int(state["sl_out"]), int(state["sl_groups"])
        valid = valid_groups(c_in, c_out)
        if groups not in valid:
            used = speed_lab_groups(c_in, c_out)
            notices.append(_groups_notice("groups" in given, groups, c_in, c_out, used))
            state["sl_groups"] = used
        if state.get("sl_device", "cpu") == "cpu" and state.get("sl_dtype") not in SPEED_CPU_DTYPES:
            notices.append(Notice("dtype_cpu", {"dtype": state.get("sl_dtype"), "used": "float32"}))
            state["sl_dtype"] = "float32"
    if page == "receptive_field":
        dims = int(state.get("rf_dims", 2))
        high = RF_MAX_SIZE.get(dims, 512)
        size = int(state.get("rf_size", 1))
        if size > high:
            notices.append(Notice("clamped", {"name": "input_size", "value": size, "low": 1, "high": high,
                                              "used": high}))
            state["rf_size"] = high


def parse_page(page: str, raw: RawParams, defaults: Mapping[str, Any], *,
               devices: tuple[str, ...] = ("cpu",)) -> Parsed:
    """A page's session values (its widget keys → values) from raw link values, for pages 2–6
    (:data:`PAGE_PARAMS`: ``pointwise``, ``dilated``, ``grouped``, ``separable``, ``receptive_field``).

    When the link names any of the page's parameters (``from_link``) the values start from ``defaults`` (the
    page's own starting state, widget keys → values), so a link shows the same page in every browser; the
    keys of :data:`PAGE_RESETS` are then to be dropped by the caller. Numbers out of range are clamped,
    malformed values and unknown choices keep the default, values invalid together are repaired (grouped:
    ``groups`` that does not divide both channel counts → 1; dilated: ``padding=same`` with a stride → 0;
    receptive field: ``input_size`` above 512 on a 2-D stack → 512), each change with a notice. Never raises;
    an unknown page gives nothing.
    """
    notices: list[Notice] = []
    params = PAGE_PARAMS.get(page, ())
    texts = {param.name: last_value(raw, param.name) for param in params}
    if not any(text is not None for text in texts.values()):
        return Parsed({}, notices, from_link=False)
    state = dict(defaults)
    for param in params:
        text = texts[param.name]
        if text is None:
            continue
        if param.name == "device":
            param = Param(param.name, param.key, "choice", choices=tuple(devices))
        values = _parse_param(param, text, notices)
        if values:
            state.update(values)
    _repair(page, state, notices, frozenset(name for name, text in texts.items() if text is not None))
    return Parsed(state, notices, from_link=True)


def page_query(page: str, state: Mapping[str, Any], defaults: Mapping[str, Any]) -> dict[str, str]:
    """The canonical link values of a page's state (widget keys → values; a key missing from ``state`` takes
    its default), in :data:`PAGE_PARAMS` order: the core parameters always, the others only where they differ
    from ``defaults``. A stack that cannot be written (a cell being edited) is left out. Reading the result
    back with :func:`parse_page` gives the same values, without notices."""
    def get(key: str) -> Any:
        return state[key] if key in state else defaults.get(key)

    query: dict[str, str] = {}
    for param in PAGE_PARAMS.get(page, ()):
        if param.kind == "padding":
            kind, number = get(param.key + "_kind"), get(param.key)
            text = "same" if kind == "same" else str(int(number))
            default = "same" if defaults.get(param.key + "_kind") == "same" else str(int(defaults[param.key]))
        elif param.kind == "rates":
            text = ",".join(str(int(get(f"{param.key}_{i}"))) for i in range(param.count))
            default = ",".join(str(int(defaults[f"{param.key}_{i}"])) for i in range(param.count))
        elif param.kind == "stack":
            text = format_stack(list(get(param.key) or []))
            if text is None:
                continue
            default = None
        elif param.kind == "bool":
            text, default = format_bool(bool(get(param.key))), format_bool(bool(defaults.get(param.key)))
        elif param.kind == "choice":
            text, default = str(get(param.key)), str(defaults.get(param.key))
        else:
            text, default = str(int(get(param.key))), str(defaults.get(param.key))
        if param.core or text != default:
            query[param.name] = text
    return query
