"""The generic link codec: link (query-parameter) text read into values and values written back as text.

Streamlit's ``bind="query-params"`` silently drops a value its widget rejects, so the app reads the raw
``st.query_params`` strings through this module *before* any widget is drawn: each value is parsed, clamped to
the range of its control or refused, and every change is reported as a :class:`Notice` (a catalogue key
``url.notice.<code>`` and its params) that the page shows in the user's language. Nothing here raises on any
input, and nothing evaluates or formats the raw text: it is matched against fixed patterns, converted with
``int()``, and shown back only through :func:`display_value` (truncated, without backticks or line breaks,
placed inside inline code by the catalogue).

This module knows no page and no widget key: a page's parameters are declared as :class:`Param` rows
(``ui/link_schema.py``) and read and written with :func:`parse_link` and :func:`link_query`. Formats::

    in_channels=64            an integer (kind ``int``)
    kernel_size=3             one of fixed numbers (``int_choice``) or words (``choice``: padding_mode=reflect)
    kernel_size=3x5           one value per spatial dimension (H×W); a single number applies to all
    padding=1 | same          a number or ``same`` (kind ``padding``)
    rates=1,2,5               a fixed count of integers; a single number applies to all (``rates``)
    bias=true | false         booleans (1/0, yes/no, on/off are read too; links are written true/false)
    stack=c3p1o64,m2s2        a layer stack (:func:`parse_stack`)
    lang=zh&present=true      every page (:func:`parse_common`)

>>> params = (Param("in_channels", "c_in", high=1024, default=64, core=True), Param("bias", "bias", "bool",
...           default=True))
>>> parsed = parse_link(params, {"in_channels": "5000", "bias": "no"}, param_defaults(params))
>>> parsed.values, [n.code for n in parsed.notices]
({'c_in': 1024, 'bias': False}, ['clamped'])
>>> link_query(params, parsed.values, param_defaults(params))
{'in_channels': '1024', 'bias': 'false'}
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Optional, Union

from convviz.text.i18n import LANGUAGES

RawParams = Mapping[str, Union[str, list[str], tuple[str, ...]]]

MAX_SHOWN = 40  # characters of a raw value repeated in a notice
MAX_DIMS = 3  # PyTorch's convolutions are 1-, 2- or 3-D: more per-dimension values is no layer
MAX_LIST = 32  # values in one list parameter (rates) before it is refused as malformed
TRUE_WORDS = ("true", "1", "yes", "on")
FALSE_WORDS = ("false", "0", "no", "off")
_INT_RE = re.compile(r"[+-]?[0-9]{1,30}")
_DIM_SPLIT = re.compile(r"[x×X,*]")


@dataclass
class Notice:
    """What the validator changed in a link: catalogue key ``url.notice.<code>`` with its ``params``
    (strings and ints only; raw text passed through :func:`display_value`).

    >>> Notice("clamped", {"name": "stride"}).key
    'url.notice.clamped'
    """

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
    no control characters (line breaks included).

    >>> display_value("3`\\nx")
    '3x'
    >>> len(display_value("9" * 100))
    40
    """
    text = "".join(ch for ch in str(raw) if ch.isprintable() and ch != "`")
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def last_value(raw: RawParams, name: str) -> Optional[str]:
    """The last value of ``name`` (a repeated parameter counts once, the last one wins, as in
    ``st.query_params``); None when absent or not a string.

    >>> last_value({"stride": ["1", "2"]}, "stride"), last_value({}, "stride")
    ('2', None)
    """
    value = raw.get(name)
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    return value if isinstance(value, str) else None


# ---- single values -----------------------------------------------------------------------------------

def parse_int(name: str, text: str, low: int, high: int, notices: list[Notice]) -> Optional[int]:
    """An integer clamped to ``[low, high]`` (a notice when clamped); None and a notice when malformed.

    >>> notices = []
    >>> parse_int("stride", " 9 ", 1, 3, notices), notices[0].code, notices[0].params["used"]
    (3, 'clamped', 3)
    >>> parse_int("stride", "1e3", 1, 3, notices), notices[-1].code
    (None, 'malformed')
    """
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
    notice when malformed or when the number of values is neither 1 nor ``dims``.

    >>> parse_per_dim("kernel_size", "3", 2, 1, 7, []), parse_per_dim("kernel_size", "3×9", 2, 1, 7, [])
    ((3, 3), (3, 7))
    >>> notices = []
    >>> parse_per_dim("kernel_size", "3x3x3", 2, 1, 7, notices), notices[0].code
    (None, 'dims')
    """
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


def parse_int_list(name: str, text: str, count: int, low: int, high: int,
                   notices: list[Notice]) -> Optional[tuple[int, ...]]:
    """``count`` integers separated by commas (or ``x``), each clamped; a single number applies to all. None and
    a notice when malformed or when the number of values is neither 1 nor ``count``.

    >>> parse_int_list("rates", "1,2,5", 3, 1, 8, []), parse_int_list("rates", "3", 3, 1, 8, [])
    ((1, 2, 5), (3, 3, 3))
    >>> notices = []
    >>> parse_int_list("rates", "0,9,2", 3, 1, 8, notices), notices[0].params["used"]
    ((1, 8, 2), '1,8,2')
    """
    parts = _DIM_SPLIT.split(text.strip())
    if len(parts) > MAX_LIST or not all(_INT_RE.fullmatch(p.strip()) for p in parts):
        notices.append(Notice("malformed", {"name": name, "value": display_value(text),
                                            "expected": ",".join(["2"] * count)}))
        return None
    if len(parts) not in (1, count):
        notices.append(Notice("count", {"name": name, "value": display_value(text), "count": len(parts),
                                        "expected": count}))
        return None
    values = [int(p.strip()) for p in parts] * (count if len(parts) == 1 else 1)
    used = [min(max(v, low), high) for v in values]
    if used != values:
        notices.append(Notice("clamped", {"name": name, "value": display_value(text), "low": low, "high": high,
                                          "used": format_int_list(used)}))
    return tuple(used)


def parse_bool(name: str, text: str, notices: list[Notice]) -> Optional[bool]:
    """``true``/``false`` (also 1/0, yes/no, on/off, any case); None and a notice otherwise.

    >>> parse_bool("bias", " Off", []), parse_bool("bias", "maybe", [])
    (False, None)
    """
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    notices.append(Notice("malformed", {"name": name, "value": display_value(text), "expected": "true/false"}))
    return None


def parse_choice(name: str, text: str, choices: tuple[str, ...], notices: list[Notice]) -> Optional[str]:
    """One of ``choices`` (case and surrounding spaces ignored); None and a notice otherwise (``choice_one``
    when there is a single choice: "not one of cpu" read oddly).

    >>> parse_choice("padding_mode", "Reflect ", ("zeros", "reflect"), [])
    'reflect'
    >>> notices = []
    >>> parse_choice("device", "tpu", ("cpu",), notices), notices[0].code
    (None, 'choice_one')
    """
    word = text.strip().lower()
    if word in choices:
        return word
    kind = "choice" if len(choices) > 1 else "choice_one"
    notices.append(Notice(kind, {"name": name, "value": display_value(text), "choices": ", ".join(choices)}))
    return None


def format_per_dim(values: tuple[int, ...]) -> str:
    """A per-dimension value as a link writes it.

    >>> format_per_dim((3, 3)), format_per_dim((3, 5))
    ('3', '3x5')
    """
    return str(values[0]) if len(set(values)) == 1 else "x".join(str(v) for v in values)


def format_int_list(values) -> str:
    """A list parameter as a link writes it (every value, even when all are equal).

    >>> format_int_list((2, 2, 2))
    '2,2,2'
    """
    return ",".join(str(int(v)) for v in values)


def format_bool(value: bool) -> str:
    """A boolean as a link writes it.

    >>> format_bool(True), format_bool(0)
    ('true', 'false')
    """
    return "true" if value else "false"


# ---- parameters every page shares --------------------------------------------------------------------

def parse_common(raw: RawParams) -> Parsed:
    """``lang`` (en or zh; ``zh-CN`` reads as zh; anything else → en, with a notice) and ``present``
    (presentation mode, a boolean).

    >>> parse_common({"lang": "zh-CN", "present": "1"}).values
    {'lang': 'zh', 'present': True}
    >>> [n.code for n in parse_common({"lang": "fr"}).notices]
    ['lang']
    """
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


# ---- the layer stack's text form -------------------------------------------------------------------------

MAX_STACK_CHARS = 4000
MAX_STACK_LAYERS = 100
# The stack table's bounds per column (padding from 0, the others from 1): the receptive-field lab's table
# editor takes its columns' bounds from here.
STACK_BOUNDS = {"kernel_size": 64, "stride": 16, "padding": 4096, "dilation": 1024, "groups": 4096,
                "channels": 4096}
STACK_DEFAULTS = {"stride": 1, "padding": 0, "dilation": 1, "groups": 1, "channels": None, "ceil_mode": False}
_STACK_TYPES = {"c": "conv", "m": "max-pool", "a": "avg-pool"}
_STACK_LETTERS = {value: key for key, value in _STACK_TYPES.items()}
_STACK_FIELDS = {"s": "stride", "p": "padding", "d": "dilation", "g": "groups", "o": "channels"}
_STACK_LAYER_RE = re.compile(r"([cma])([0-9]{1,6})((?:[sdgo][0-9]{1,6}|p(?:[0-9]{1,6}|same|causal))*)(c?)")
_STACK_FIELD_RE = re.compile(r"([sdgo])([0-9]{1,6})|p([0-9]{1,6}|same|causal)")


def stack_low(column: str) -> int:
    """The smallest value of a stack column: 0 for padding, 1 for the others.

    >>> stack_low("padding"), stack_low("stride")
    (0, 1)
    """
    return 0 if column == "padding" else 1


def parse_stack(text: str, notices: list[Notice]) -> Optional[list[dict]]:
    """The compact layer-stack form → table rows (:mod:`convviz.receptive_lab.stack`'s columns); None and a notice
    when malformed (the whole stack is refused). Layers are separated by commas; each is a type letter (``c``
    conv, ``m`` max-pool, ``a`` avg-pool), the kernel size, then optional fields in any order: ``s`` stride,
    ``p`` padding (a number, ``same`` or ``causal``), ``d`` dilation, ``g`` groups, ``o`` output channels
    (conv; absent keeps the channel count), and a trailing ``c`` for ``ceil_mode`` (pooling; ``m3s2c``).
    ``c3p1o64,m2s2`` is a 3×3 convolution to 64 channels with padding 1, then a 2×2 max-pool with stride 2.
    Numbers are clamped to :data:`STACK_BOUNDS`; more than 100 layers are cut to the first 100. Rules between
    fields (pool padding, groups, ceil_mode on a convolution) are left to the table.

    >>> rows = parse_stack("c3p1o64,m2s2", [])
    >>> [(row["type"], row["kernel_size"], row["padding"], row["stride"], row["channels"]) for row in rows]
    [('conv', 3, 1, 1, 64), ('max-pool', 2, 0, 2, None)]
    >>> notices = []
    >>> parse_stack("c3,x2", notices), notices[0].code, notices[0].params["number"]
    (None, 'stack_layer', 2)
    """
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
    if len(tokens) > MAX_STACK_LAYERS:
        notices.append(Notice("stack_long", {"count": len(tokens), "largest": MAX_STACK_LAYERS}))
        tokens = tokens[:MAX_STACK_LAYERS]
    rows: list[dict] = []
    clamped: list[str] = []
    for token in tokens:
        match = _STACK_LAYER_RE.fullmatch(token)
        assert match is not None
        row: dict[str, Any] = {"type": _STACK_TYPES[match.group(1)], "kernel_size": int(match.group(2)),
                               **STACK_DEFAULTS}
        for letter, number, padding in _STACK_FIELD_RE.findall(match.group(3)):
            if letter:
                row[_STACK_FIELDS[letter]] = int(number)
            else:
                row["padding"] = padding if padding in ("same", "causal") else int(padding)
        row["ceil_mode"] = bool(match.group(4))  # on a convolution, the table refuses it with a message
        for column, high in STACK_BOUNDS.items():
            value = row.get(column)
            if isinstance(value, int):
                used = min(max(value, stack_low(column)), high)
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
    type, an empty kernel size, a cell that is not a whole number), so the page leaves its link as it is.

    >>> format_stack([{"type": "conv", "kernel_size": 3, "padding": 1, "channels": 64},
    ...               {"type": "max-pool", "kernel_size": 2.0, "stride": "2", "ceil_mode": True}])
    'c3p1o64,m2s2c'
    >>> format_stack([{"type": "conv", "kernel_size": None}]) is None
    True
    """
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
            if number != STACK_DEFAULTS[column]:
                token += f"{short}{number}"
        tokens.append(token + ceil_flag)
    return ",".join(tokens) if tokens else None


# ---- a page's parameters: one row each -----------------------------------------------------------------

KINDS = ("int", "bool", "choice", "int_choice", "padding", "rates", "stack", "fields")
PADDING_KINDS = ("number", "same")  # the session values of a padding parameter's ``<key>_kind``


@dataclass(frozen=True)
class Param:
    """One link parameter: its URL ``name``, the session (widget) ``key`` it seeds, its ``kind``, its bounds
    (``low``/``high``) or ``choices``, its ``default`` and whether the canonical link always writes it
    (``core``). The value shape of each kind in the session:

    - ``int`` — an int in ``[low, high]``; ``bool`` — a bool; ``choice`` — one of ``choices`` (strings);
      ``int_choice`` — an int whose text is one of ``choices`` (``kernel_size`` of 1, 3, 5 or 7);
    - ``padding`` — ``key`` holds a number in ``[low, high]`` and ``key + "_kind"`` one of
      :data:`PADDING_KINDS`; the link holds the number or ``same``; ``default`` is a number or ``"same"``;
    - ``rates`` — ``count`` ints in ``[low, high]`` under ``key_0``, ``key_1``, …; ``default`` a tuple;
    - ``stack`` — a list of table rows (:func:`parse_stack`), always written (``default`` the rows);
    - ``fields`` — one control whose state is a dict (a component that replaces several widgets): ``key`` holds
      ``{field.key: value}``, and each of ``fields`` (Params of the kinds above, ``key`` naming the dict's entry)
      is its own URL parameter, read and written as if it were on its own; ``name`` is not in the link.

    >>> Param("padding", "d_padding", "padding", 0, 15, default=0).names
    ('padding',)
    """

    name: str
    key: str
    kind: str = "int"
    low: int = 1
    high: int = 1
    choices: tuple[str, ...] = ()
    core: bool = False
    count: int = 3
    default: Any = field(default=None, hash=False)
    fields: tuple[Param, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The URL names this parameter reads and writes (a ``fields`` parameter: its fields' names)."""
        if self.kind == "fields":
            return tuple(name for sub in self.fields for name in sub.names)
        return (self.name,)


def param_defaults(params: tuple[Param, ...]) -> dict[str, Any]:
    """The session values of the parameters' defaults (keys → values, expanded by kind; rows and dicts are
    fresh copies, so a page may change them).

    >>> param_defaults((Param("padding", "p", "padding", 0, 15, default="same"),
    ...                 Param("rates", "r", "rates", 1, 8, count=2, default=(2, 3))))
    {'p_kind': 'same', 'p': 0, 'r_0': 2, 'r_1': 3}
    """
    values: dict[str, Any] = {}
    for param in params:
        if param.kind == "padding":
            same = param.default == "same"
            values[param.key + "_kind"] = "same" if same else "number"
            values[param.key] = param.low if same else param.default
        elif param.kind == "rates":
            values.update({f"{param.key}_{i}": value for i, value in enumerate(param.default)})
        elif param.kind == "stack":
            values[param.key] = [dict(row) for row in param.default]
        elif param.kind == "fields":
            values[param.key] = param_defaults(param.fields)
        else:
            values[param.key] = param.default
    return values


def parse_param(param: Param, text: str, notices: list[Notice]) -> Optional[dict[str, Any]]:
    """The session values one link value seeds (keys → values), or None (with a notice) when refused.

    >>> parse_param(Param("padding", "d_padding", "padding", 0, 15), "same", [])
    {'d_padding_kind': 'same'}
    >>> parse_param(Param("kernel_size", "k", "int_choice", choices=("1", "3")), "3", [])
    {'k': 3}
    """
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
        if text.strip().lower() == "same":
            return {param.key + "_kind": "same"}
        value = parse_int(param.name, text, param.low, param.high, notices)
        return None if value is None else {param.key + "_kind": "number", param.key: value}
    if param.kind == "rates":
        values = parse_int_list(param.name, text, param.count, param.low, param.high, notices)
        return None if values is None else {f"{param.key}_{i}": v for i, v in enumerate(values)}
    if param.kind == "stack":
        rows = parse_stack(text, notices)
        return None if rows is None else {param.key: rows}
    raise ValueError(f"parameter {param.name!r}: kind {param.kind!r} is not read from one value; kinds: {KINDS}")


def parse_link(params: tuple[Param, ...], raw: RawParams, defaults: Mapping[str, Any], *,
               choices: Optional[Mapping[str, tuple[str, ...]]] = None) -> Parsed:
    """The session values of ``params`` from raw link values.

    When the link names any of the parameters (``from_link``) the values start from ``defaults`` (keys →
    values), so a link shows the same state in every browser; then each named value is read by its kind
    (:func:`parse_param`): numbers out of range are clamped, malformed values and unknown choices keep the
    default, each change with a notice. ``choices`` replaces the choices of the named parameters (the devices of
    this machine). Rules between values are the caller's (``ui/link_schema.py``'s repairs). Never raises.

    >>> params = (Param("device", "dev", "choice", choices=("cpu",), default="cpu"),)
    >>> parse_link(params, {"device": "cuda"}, {"dev": "cpu"}, choices={"device": ("cpu", "cuda")}).values
    {'dev': 'cuda'}
    >>> parse_link(params, {"lang": "zh"}, {"dev": "cpu"})
    Parsed(values={}, notices=[], from_link=False)
    """
    notices: list[Notice] = []
    if all(last_value(raw, name) is None for param in params for name in param.names):
        return Parsed({}, notices, from_link=False)
    state = dict(defaults)
    for param in params:
        if param.kind == "fields":
            inner = parse_link(param.fields, raw, state.get(param.key) or param_defaults(param.fields),
                               choices=choices)
            notices.extend(inner.notices)
            if inner.from_link:
                state[param.key] = inner.values
            continue
        text = last_value(raw, param.name)
        if text is None:
            continue
        if choices and param.name in choices:
            param = replace(param, kind="choice", choices=tuple(choices[param.name]))
        values = parse_param(param, text, notices)
        if values:
            state.update(values)
    return Parsed(state, notices, from_link=True)


def _texts(param: Param, get: Callable[[str], Any], defaults: Mapping[str, Any]) -> Optional[tuple[str, Any]]:
    """A parameter's link text and its default's text; None when it cannot be written (a stack being edited)."""
    if param.kind == "padding":
        kind, number = get(param.key + "_kind"), get(param.key)
        text = "same" if kind == "same" else str(int(number))
        default = "same" if defaults.get(param.key + "_kind") == "same" else str(int(defaults[param.key]))
        return text, default
    if param.kind == "rates":
        return (format_int_list(get(f"{param.key}_{i}") for i in range(param.count)),
                format_int_list(defaults[f"{param.key}_{i}"] for i in range(param.count)))
    if param.kind == "stack":
        text = format_stack(list(get(param.key) or []))
        return None if text is None else (text, None)
    if param.kind == "bool":
        return format_bool(bool(get(param.key))), format_bool(bool(defaults.get(param.key)))
    if param.kind == "choice":
        return str(get(param.key)), str(defaults.get(param.key))
    return str(int(get(param.key))), str(defaults.get(param.key))


def link_query(params: tuple[Param, ...], state: Mapping[str, Any], defaults: Mapping[str, Any]) -> dict[str, str]:
    """The canonical link values of a state (keys → values; a key missing from ``state`` takes its default),
    in ``params`` order: the core parameters always, the others only where they differ from ``defaults``. A
    stack that cannot be written (a cell being edited) is left out. Reading the result back with
    :func:`parse_link` gives the same values, without notices. Raises TypeError, ValueError or KeyError on a
    half-set state (a value that is no number).

    >>> params = (Param("in_channels", "c", high=64, core=True), Param("stride", "s", high=3))
    >>> link_query(params, {"c": 8, "s": 1}, {"c": 3, "s": 1})
    {'in_channels': '8'}
    """
    def get(key: str) -> Any:
        return state[key] if key in state else defaults.get(key)

    query: dict[str, str] = {}
    for param in params:
        if param.kind == "fields":
            query.update(link_query(param.fields, get(param.key) or {},
                                    defaults.get(param.key) or param_defaults(param.fields)))
            continue
        texts = _texts(param, get, defaults)
        if texts is None:
            continue
        text, default = texts
        if param.core or text != default:
            query[param.name] = text
    return query
