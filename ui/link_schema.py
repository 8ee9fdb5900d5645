"""Every page's link parameters and the controls that mirror them, declared once (pages 2–8 and the explorer's
``?view=``): URL name, widget key, kind, bounds or choices, default and whether the canonical link always writes
it (:data:`PAGE_PARAMS`); the rules between values as one repair per page (:data:`REPAIRS`); the session keys a
link makes stale (:data:`PAGE_RESETS`).

Links are read and written one way: :func:`parse_page` and :func:`page_query` (the generic codec,
:mod:`convviz.links`, reads each value by its kind), called by ``ui.sync_page_url`` / ``ui.write_page_url``.
Pages take their controls' bounds, keys and starting values from here, and read and write the values by link
name, so a bound or a widget key is written once::

    DEFAULTS = ui.link_defaults("pointwise")                    # widget keys → starting values
    st.number_input(label, step=1, **ui.link_widget("pointwise", "in_channels"))  # min, max and key
    values = ui.link_state("pointwise")                         # values["in_channels"]: the session's value

The explorer's layer (``in_channels=64&kernel_size=3x5…``) is read by :mod:`ui.explorer.link`, bounded by the
one table :data:`ui.explorer.state.BOUNDS`; only its view is declared here.

>>> parsed = parse_page("grouped", {"in_channels": "64", "out_channels": "64", "groups": "3"})
>>> parsed.values["gc_groups"], [n.code for n in parsed.notices]
(1, ['groups_used'])
>>> page_query("grouped", parsed.values)
{'in_channels': '64', 'out_channels': '64', 'kernel_size': '3', 'groups': '1'}
>>> link_widget("pointwise", "in_channels")
{'min_value': 1, 'max_value': 1024, 'key': 'pw_in'}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from typing import Any, Optional

import streamlit as st

from convviz.layer.presets import PRESETS as LAYER_PRESETS
from convviz.layer.spec import valid_groups
from convviz.lessons import quiz
from convviz.lessons.speed_lab import PRESETS as SPEED_PRESETS
from convviz.links import (
    PADDING_KINDS,
    STACK_BOUNDS,
    Notice,
    Param,
    Parsed,
    RawParams,
    last_value,
    link_query,
    param_defaults,
    parse_link,
    stack_low,
)
from convviz.receptive_lab import stack as sk
from convviz.runtime.timing import DTYPES

KERNEL_CHOICES = ("1", "3", "5", "7")  # the odd kernel sizes of the grouped page and the speed lab
SPEED_DTYPES = DTYPES  # what convviz.runtime.timing can measure
SPEED_CPU_DTYPES = ("float32", "float64", "bfloat16")  # float16 convolutions are often slow on a CPU
RF_MAX_SIZE = {1: 4096, 2: 512}  # the receptive-field lab's input-size bound per spatial_dims
EXPLORER_VIEWS = ("numbers", "window", "depth", "channels", "sweep")

_DILATED = LAYER_PRESETS["dilated"]  # Conv2d(1, 1, 3, dilation=2) on (1, 1, 7, 7), the article's example
_SPEED = SPEED_PRESETS["article"]
_VGG = sk.PRESETS["vgg"]

# Each page's parameters, in the order the canonical link writes them (see convviz.links.Param for the kinds).
PAGE_PARAMS: dict[str, tuple[Param, ...]] = {
    "pointwise": (
        Param("in_channels", "pw_in", high=1024, default=64, core=True),
        Param("out_channels", "pw_out", high=1024, default=128, core=True),
        Param("input_size", "pw_size", high=512, default=32, core=True),
        Param("bias", "pw_bias", "bool", default=True),
        Param("bottleneck_channels", "pw_bn_channels", high=2048, default=256),
        Param("bottleneck_width", "pw_bn_width", high=2048, default=64),
    ),
    "dilated": (
        Param("input_size", "d_size", high=64, default=_DILATED.input_shape[2], core=True),
        Param("kernel_size", "d_kernel", high=7, default=_DILATED.spec.kernel_size[0], core=True),
        Param("dilation", "d_dilation", high=6, default=_DILATED.spec.dilation[0], core=True),
        Param("stride", "d_stride", high=3, default=1),
        Param("padding", "d_padding", "padding", 0, 15, default=0),
        Param("rates", "d_rate", "rates", 1, 8, core=True, count=3, default=(2, 2, 2)),
        Param("stack_kernel", "d_stack_kernel", low=2, high=5, default=3),
        Param("layers", "d_layers", low=3, high=12, default=6),
    ),
    "grouped": (
        Param("in_channels", "gc_in", high=512, default=64, core=True),
        Param("out_channels", "gc_out", high=512, default=64, core=True),
        Param("kernel_size", "gc_kernel", "int_choice", choices=KERNEL_CHOICES, default=3, core=True),
        Param("input_size", "gc_size", high=256, default=32),
        Param("groups", "gc_groups", high=512, default=4, core=True),
        Param("bias", "gc_bias", "bool", default=True),
        Param("shuffle", "gc_shuffle", "bool", default=True),
    ),
    "separable": (
        Param("in_channels", "s_in", high=1024, default=64, core=True),
        Param("out_channels", "s_out", high=2048, default=128, core=True),
        Param("kernel_size", "s_kernel", high=7, default=3, core=True),
        Param("input_size", "s_size", high=256, default=32, core=True),
        Param("batch", "s_batch", high=64, default=1),
        Param("stride", "s_stride", high=3, default=1),
        Param("multiplier", "s_mult", high=4, default=1),
        Param("bias", "s_bias", "bool", default=True),
        Param("device", "s_device", "choice", choices=("cpu",), default="cpu"),  # choices: this machine's
    ),
    "speed_lab": (
        Param("in_channels", "sl_in", high=1024, default=_SPEED.in_channels, core=True),
        Param("out_channels", "sl_out", high=1024, default=_SPEED.out_channels, core=True),
        Param("input_size", "sl_size", high=512, default=_SPEED.size, core=True),
        Param("kernel_size", "sl_kernel", "int_choice", choices=KERNEL_CHOICES, default=_SPEED.kernel_size,
              core=True),
        Param("groups", "sl_groups", high=1024, default=_SPEED.groups, core=True),
        Param("batch", "sl_batch", high=64, default=_SPEED.batch),
        Param("device", "sl_device", "choice", choices=("cpu",), default="cpu"),
        Param("dtype", "sl_dtype", "choice", choices=SPEED_DTYPES, default="float32"),
        Param("channels_last", "sl_channels_last", "bool", default=False),
    ),
    "receptive_field": (
        Param("spatial_dims", "rf_dims", "int_choice", choices=("1", "2"), default=_VGG.spatial_dims, core=True),
        Param("input_size", "rf_size", high=max(RF_MAX_SIZE.values()), default=_VGG.input_size, core=True),
        Param("in_channels", "rf_in_channels", high=4096, default=_VGG.in_channels, core=True),
        Param("stack", "rf_rows", "stack", default=tuple(_VGG.rows), core=True),
    ),
    "quiz": (  # the seed has no default: the page draws a new set of questions (a random seed) each visit
        Param("seed", "quiz_seed", low=0, high=999_999, core=True),
        Param("level", "quiz_level", "choice", choices=quiz.LEVELS, default=quiz.LEVELS[0], core=True),
    ),
    "explorer": (  # the view only: the explorer's layer is read by ui.explorer.link.parse_explorer
        Param("view", "view", "choice", choices=EXPLORER_VIEWS, default=EXPLORER_VIEWS[0]),
    ),
}
# Session keys dropped when a link seeds the page (state derived from the previous values).
PAGE_RESETS: dict[str, tuple[str, ...]] = {
    "receptive_field": ("rf_editor", "rf_loaded", "rf_row", "rf_col", "rf_t", "rf_erf"),
    "dilated": ("d_out_row", "d_out_col"),
}
# Pages that a visit without a link does not restore to their last state: the quiz draws a new set each visit.
FRESH_EACH_VISIT = frozenset({"quiz"})


class Named:
    """A page's session values by link name, so that widget keys are spelled only in :data:`PAGE_PARAMS`: what the
    pages (:func:`link_state`), the repairs and the state-dependent bounds read and write. ``values["stride"]``
    reads and writes the parameter's widget key; a padding parameter's number/same switch is ``<name>_kind``
    (key ``<key>_kind``); a ``rates`` parameter is one tuple, read from and written to its ``count`` inputs
    (``<key>_0``, ``<key>_1``, …).

    >>> values = Named("dilated", {"d_stride": 2, "d_padding_kind": "same", "d_rate_0": 1, "d_rate_1": 2,
    ...                            "d_rate_2": 5})
    >>> values["stride"], values.get("padding_kind"), values.get("padding", 0), values["rates"]
    (2, 'same', 0, (1, 2, 5))
    >>> values.key("padding_kind"), values.key("rates", 2)
    ('d_padding_kind', 'd_rate_2')
    """

    def __init__(self, page: str, state: MutableMapping[str, Any]) -> None:
        self._page = page
        self._params = {param.name: param for param in PAGE_PARAMS[page]}
        self._state = state

    def _lookup(self, name: str) -> tuple[Param, str]:
        """The parameter ``name`` belongs to and its session key (a rates parameter: the keys' stem)."""
        if name in self._params:
            return self._params[name], self._params[name].key
        base = self._params.get(name.removesuffix("_kind"))
        if name.endswith("_kind") and base is not None and base.kind == "padding":
            return base, base.key + "_kind"
        raise KeyError(f"page {self._page!r} has no link parameter {name!r}; it has {tuple(self._params)}")

    def key(self, name: str, index: Optional[int] = None) -> str:
        """The session (widget) key of ``name`` (``index``: which input of a rates parameter)."""
        param, key = self._lookup(name)
        if param.kind == "rates" and key == param.key:
            if index is None:
                raise KeyError(f"{self._page}.{name} has {param.count} inputs: say which (index=…)")
            return f"{key}_{index}"
        return key

    def _rate_keys(self, name: str) -> Optional[list[str]]:
        param, key = self._lookup(name)
        return [self.key(name, i) for i in range(param.count)] if param.kind == "rates" else None

    def __getitem__(self, name: str) -> Any:
        keys = self._rate_keys(name)
        return tuple(self._state[key] for key in keys) if keys else self._state[self.key(name)]

    def __setitem__(self, name: str, value: Any) -> None:
        keys = self._rate_keys(name)
        if keys:
            if len(value) != len(keys):
                raise ValueError(f"{self._page}.{name} takes {len(keys)} values, not {len(value)}")
            for key, item in zip(keys, value):
                self._state[key] = item
        else:
            self._state[self.key(name)] = value

    def get(self, name: str, default: Any = None) -> Any:
        keys = self._rate_keys(name)
        if keys:
            return tuple(self._state[key] for key in keys) if all(key in self._state for key in keys) else default
        return self._state.get(self.key(name), default)

    def update(self, values: Optional[Mapping[str, Any]] = None, /, **by_name: Any) -> None:
        """Write several values by link name (a preset, an example)."""
        for name, value in {**(values or {}), **by_name}.items():
            self[name] = value

    def default(self, name: str) -> Any:
        """The schema's starting value of ``name`` (:func:`link_defaults`; a rates parameter: a tuple)."""
        keys, defaults = self._rate_keys(name), link_defaults(self._page)
        return tuple(defaults[key] for key in keys) if keys else defaults[self.key(name)]

    def reset(self, *names: str) -> None:
        """Set each of ``names`` back to its schema default."""
        for name in names:
            self[name] = self.default(name)


def link_state(page: str, state: Optional[MutableMapping[str, Any]] = None) -> Named:
    """A page's session values by link name (:class:`Named`): over ``st.session_state`` unless ``state`` is
    given. A page reads and writes its linked values through it, never by widget key::

        values = ui.link_state("pointwise")
        spec = pw.pointwise_spec(int(values["in_channels"]), int(values["out_channels"]))
        values.update(in_channels=64, out_channels=128)          # an example button's callback

    >>> state = {}
    >>> values = link_state("speed_lab", state)
    >>> values.update(in_channels=6, out_channels=9)
    >>> values.reset("groups")
    >>> state, values["groups"]
    ({'sl_in': 6, 'sl_out': 9, 'sl_groups': 4}, 4)
    """
    return Named(page, st.session_state if state is None else state)


# ---- rules between values: one repair per page ----------------------------------------------------------------

Repair = Callable[[Named, list[Notice], frozenset[str]], None]


def speed_lab_groups(in_channels: int, out_channels: int) -> int:
    """The speed lab's ``groups`` when the chosen one does not divide both channel counts: the largest valid
    value up to 4 (1 always divides).

    >>> speed_lab_groups(6, 9), speed_lab_groups(64, 64)
    (3, 4)
    """
    return max(g for g in valid_groups(in_channels, out_channels) if g <= 4)


def _groups_notice(given: bool, groups: int, c_in: int, c_out: int, used: int) -> Notice:
    """Why ``groups`` became ``used``: the link's own value, or the page's (``given`` False) that the link's channel
    counts no longer allow."""
    params = {"groups": groups, "in_channels": c_in, "out_channels": c_out,
              "valid": ", ".join(map(str, valid_groups(c_in, c_out))), "used": used}
    return Notice("groups_used" if given else "groups_default", params)


def _repair_dilated(values: Named, notices: list[Notice], given: frozenset[str]) -> None:
    """``padding=same`` needs stride 1: with another stride the padding becomes the number 0."""
    if values.get("padding_kind") == "same" and int(values.get("stride", 1)) != 1:
        notices.append(Notice("same_stride", {"stride": values["stride"]}))
        values["padding_kind"], values["padding"] = "number", 0


def _repair_grouped(values: Named, notices: list[Notice], given: frozenset[str]) -> None:
    """``groups`` that does not divide both channel counts becomes 1."""
    c_in, c_out, groups = int(values["in_channels"]), int(values["out_channels"]), int(values["groups"])
    if groups not in valid_groups(c_in, c_out):
        notices.append(_groups_notice("groups" in given, groups, c_in, c_out, 1))
        values["groups"] = 1


def _repair_speed_lab(values: Named, notices: list[Notice], given: frozenset[str]) -> None:
    """``groups`` that does not divide both channel counts becomes :func:`speed_lab_groups`; on the CPU a dtype
    outside :data:`SPEED_CPU_DTYPES` becomes float32."""
    c_in, c_out, groups = int(values["in_channels"]), int(values["out_channels"]), int(values["groups"])
    if groups not in valid_groups(c_in, c_out):
        used = speed_lab_groups(c_in, c_out)
        notices.append(_groups_notice("groups" in given, groups, c_in, c_out, used))
        values["groups"] = used
    if values.get("device", "cpu") == "cpu" and values.get("dtype") not in SPEED_CPU_DTYPES:
        notices.append(Notice("dtype_cpu", {"dtype": values.get("dtype"), "used": "float32"}))
        values["dtype"] = "float32"


def _rf_size_bounds(values: Named) -> tuple[int, int]:
    return 1, RF_MAX_SIZE.get(int(values.get("spatial_dims", 2)), 512)


def _repair_receptive_field(values: Named, notices: list[Notice], given: frozenset[str]) -> None:
    """``input_size`` above the bound of the stack's dimensions (:data:`RF_MAX_SIZE`: 512 in 2-D) is lowered."""
    low, high = _rf_size_bounds(values)
    size = int(values.get("input_size", 1))
    if size > high:
        notices.append(Notice("clamped", {"name": "input_size", "value": size, "low": low, "high": high,
                                          "used": high}))
        values["input_size"] = high


# Values invalid together, per page; ``given``: the parameter names the link carries.
REPAIRS: dict[str, Repair] = {
    "dilated": _repair_dilated,
    "grouped": _repair_grouped,
    "speed_lab": _repair_speed_lab,
    "receptive_field": _repair_receptive_field,
}
# Bounds that depend on another value of the page (read by link_bounds/link_widget with the page's state).
STATE_BOUNDS: dict[tuple[str, str], Callable[[Named], tuple[int, int]]] = {
    ("receptive_field", "input_size"): _rf_size_bounds,
}


# ---- reading and writing a page's link -------------------------------------------------------------------

def page_param_names(page: str) -> tuple[str, ...]:
    """The URL names a page reads and writes (empty for an unknown page).

    >>> page_param_names("quiz")
    ('seed', 'level')
    """
    return tuple(name for param in PAGE_PARAMS.get(page, ()) for name in param.names)


def link_defaults(page: str) -> dict[str, Any]:
    """A page's starting values (widget keys → values; fresh copies of rows). The quiz's seed is None: the page
    draws one.

    >>> link_defaults("dilated")["d_padding_kind"], link_defaults("quiz")
    ('number', {'quiz_seed': None, 'quiz_level': 'easy'})
    """
    return param_defaults(PAGE_PARAMS[page])


def parse_page(page: str, raw: RawParams, defaults: Optional[Mapping[str, Any]] = None, *,
               devices: tuple[str, ...] = ("cpu",)) -> Parsed:
    """A page's session values (its widget keys → values) from raw link values (:data:`PAGE_PARAMS`).

    When the link names any of the page's parameters (``from_link``) the values start from ``defaults`` (the
    page's own starting state, widget keys → values; :func:`link_defaults` when None), so a link shows the same
    page in every browser; the keys of :data:`PAGE_RESETS` are then to be dropped by the caller. Numbers out of
    range are clamped, malformed values and unknown choices keep the default, ``device`` is one of ``devices``,
    and values invalid together are repaired (:data:`REPAIRS`: grouped: ``groups`` that does not divide both
    channel counts → 1; dilated: ``padding=same`` with a stride → 0; receptive field: ``input_size`` above 512
    on a 2-D stack → 512; speed lab: groups and a CPU dtype), each change with a notice. Never raises; an
    unknown page gives nothing.

    >>> parse_page("dilated", {"padding": "same", "stride": "2"}).values["d_padding_kind"]
    'number'
    """
    params = PAGE_PARAMS.get(page, ())
    parsed = parse_link(params, raw, link_defaults(page) if defaults is None else defaults,
                        choices={"device": tuple(devices)})
    if parsed.from_link and page in REPAIRS:
        given = frozenset(name for name in page_param_names(page) if last_value(raw, name) is not None)
        REPAIRS[page](Named(page, parsed.values), parsed.notices, given)
    return parsed


def page_query(page: str, state: Mapping[str, Any], defaults: Optional[Mapping[str, Any]] = None) -> dict[str, str]:
    """The canonical link values of a page's state (widget keys → values; a key missing from ``state`` takes
    its default), in :data:`PAGE_PARAMS` order: the core parameters always, the others only where they differ
    from ``defaults`` (:func:`link_defaults` when None). A stack that cannot be written (a cell being edited) is
    left out. Reading the result back with :func:`parse_page` gives the same values, without notices.

    >>> page_query("pointwise", {"pw_in": 100, "pw_bias": False})
    {'in_channels': '100', 'out_channels': '128', 'input_size': '32', 'bias': 'false'}
    """
    return link_query(PAGE_PARAMS.get(page, ()), state, link_defaults(page) if defaults is None else defaults)


def parse_quiz(raw: RawParams) -> Parsed:
    """The quiz's ``seed`` (0 … 999,999, clamped) and ``level`` (easy, medium or hard) by their link names; absent
    or refused values are left out of ``values`` (the page keeps its seed, or draws one, and its level).

    >>> parse_quiz({"seed": "7", "level": "Hard"}).values
    {'seed': 7, 'level': 'hard'}
    """
    parsed = parse_page("quiz", raw, {})
    names = {param.key: param.name for param in PAGE_PARAMS["quiz"]}
    values = {names[key]: value for key, value in parsed.values.items()}
    return Parsed(values, parsed.notices, from_link=bool(values))


def quiz_query(seed: int, level: str) -> dict[str, str]:
    """The canonical link values of a question set.

    >>> quiz_query(7, "hard")
    {'seed': '7', 'level': 'hard'}
    """
    return page_query("quiz", {link_key("quiz", "seed"): seed, link_key("quiz", "level"): level})


def parse_view(raw: RawParams, views: tuple[str, ...] = EXPLORER_VIEWS) -> Parsed:
    """The explorer's ``view`` (``?view=window``): one of ``views`` (the views this layer can show); anything else
    is refused with a notice and ``from_link`` False (the page keeps its current view). Never raises.

    >>> parse_view({"view": "Sweep"}).values, parse_view({"view": "x"}).notices[0].code
    ({'view': 'sweep'}, 'choice')
    """
    parsed = parse_link(PAGE_PARAMS["explorer"], raw, {}, choices={"view": tuple(views)})
    return Parsed(parsed.values, parsed.notices, from_link=bool(parsed.values))


# ---- the controls that mirror the parameters -------------------------------------------------------------

def _param(page: str, name: str) -> Param:
    for param in PAGE_PARAMS[page]:
        if param.name == name:
            return param
    raise KeyError(f"page {page!r} has no link parameter {name!r}; it has {page_param_names(page)}")


def link_key(page: str, name: str) -> str:
    """The widget (session) key of a page's link parameter.

    >>> link_key("grouped", "groups")
    'gc_groups'
    """
    return _param(page, name).key


def link_bounds(page: str, name: str, state: Optional[dict[str, Any]] = None) -> tuple[int, int]:
    """``(low, high)`` of a page's numeric link parameter; with the page's ``state``, the bound that depends on its
    other values (:data:`STATE_BOUNDS`: the receptive-field lab's input size per dimension count).

    >>> link_bounds("receptive_field", "input_size"), link_bounds("receptive_field", "input_size", {"rf_dims": 2})
    ((1, 4096), (1, 512))
    """
    param = _param(page, name)
    if state is not None and (page, name) in STATE_BOUNDS:
        return STATE_BOUNDS[(page, name)](Named(page, state))
    return param.low, param.high


def link_widget(page: str, name: str, *, state: Optional[dict[str, Any]] = None, index: Optional[int] = None,
                part: Optional[str] = None, column: Optional[str] = None, as_range: bool = False,
                **overrides: Any) -> dict[str, Any]:
    """Keyword arguments of the control that mirrors a page's link parameter: ``min_value``/``max_value`` and
    ``key`` for a number (``st.number_input``, ``st.slider``), ``options`` and ``key`` for a choice
    (``st.select_slider``, ``st.segmented_control``, ``st.selectbox``), ``key`` for a boolean. ``state``: the
    page's session, for a bound that depends on another value (:func:`link_bounds`); ``index``: which input of a
    ``rates`` parameter; ``part="kind"``: a padding parameter's number/same switch; ``column``: a stack table
    column's ``min_value``/``max_value`` (``st.column_config.NumberColumn``); ``as_range``: an evenly spaced
    number choice as a slider's ``min_value``, ``max_value`` and ``step``; ``overrides`` replace entries (the
    devices of this machine as a device's options).

    >>> link_widget("dilated", "rates", index=2)
    {'min_value': 1, 'max_value': 8, 'key': 'd_rate_2'}
    >>> link_widget("speed_lab", "kernel_size", as_range=True)
    {'min_value': 1, 'max_value': 7, 'step': 2, 'key': 'sl_kernel'}
    >>> link_widget("dilated", "padding", part="kind"), link_widget("receptive_field", "stack", column="padding")
    ({'options': ('number', 'same'), 'key': 'd_padding_kind'}, {'min_value': 0, 'max_value': 4096})
    """
    param = _param(page, name)
    if param.kind == "stack":
        if column is None:
            raise ValueError(f"{page}.{name} is a table: ask for one column's bounds (column=…)")
        args: dict[str, Any] = {"min_value": stack_low(column), "max_value": STACK_BOUNDS[column]}
    elif param.kind == "padding" and part == "kind":
        args = {"options": PADDING_KINDS, "key": param.key + "_kind"}
    elif param.kind in ("int", "padding", "rates"):
        low, high = link_bounds(page, name, state)
        key = param.key if param.kind != "rates" else f"{param.key}_{index if index is not None else 0}"
        args = {"min_value": low, "max_value": high, "key": key}
    elif param.kind == "int_choice" and as_range:
        values = [int(choice) for choice in param.choices]
        steps = {b - a for a, b in zip(values, values[1:])}
        if len(steps) != 1:
            raise ValueError(f"{page}.{name}: choices {param.choices} are not evenly spaced")
        args = {"min_value": values[0], "max_value": values[-1], "step": steps.pop(), "key": param.key}
    elif param.kind == "int_choice":
        args = {"options": tuple(int(choice) for choice in param.choices), "key": param.key}
    elif param.kind == "choice":
        args = {"options": param.choices, "key": param.key}
    else:  # bool, fields
        args = {"key": param.key}
    return {**args, **overrides}
