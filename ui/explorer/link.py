"""The explorer's link: its layer (``in_channels=64&kernel_size=3x5…``) read into the widget keys of
:mod:`ui.explorer.state` (whose ``BOUNDS`` table also bounds the widgets) and written back as the canonical query
string; :func:`sync_explorer_url` and :func:`write_explorer_url` do both on the page.

The generic codec (numbers, per-dimension values, booleans, choices, notices, ``lang``/``present``) is
:mod:`convviz.links`; pages 2–8 declare their parameters in :mod:`ui.link_schema`, the explorer's ``?view=``
included.

Formats (``ConvSpec``'s field names plus ``input_size``, ``batch`` and ``device``; see :mod:`convviz.links`)::

    in_channels=64            an integer
    kernel_size=3x5           one value per spatial dimension (H×W); a single number applies to all
    padding=1 | 1x2 | same | valid
    bias=true | false         booleans (1/0, yes/no, on/off are read too; links are written true/false)
    padding_mode=reflect      one of the named choices
    transposed=true           a ConvTranspose layer (padding_mode zeros, numeric padding)
    output_padding=1 | 1x2    transposed layers: each value below the stride or the dilation
    causal=true               a causal 1-D layer (not transposed; padding_mode zeros)
    pointwise=128             a 1×1 layer with 128 output channels after the layer

>>> parsed = parse_explorer({"in_channels": "64", "out_channels": "64", "groups": "3", "kernel_size": "3x5"})
>>> parsed.values["groups"], parsed.values["kernel_size_1"], [n.code for n in parsed.notices]
(1, 5, ['groups'])
>>> explorer_query(parsed.values)["kernel_size"]
'3x5'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from convviz.layer.spec import PADDING_MODES, valid_groups
from convviz.links import (
    FALSE_WORDS,
    Notice,
    Parsed,
    RawParams,
    format_bool,
    format_per_dim,
    last_value,
    parse_bool,
    parse_choice,
    parse_int,
    parse_per_dim,
)
from convviz.text.i18n import Translator
from ui.address import address_changed, copy_link, first_run_of_visit, show_notices, write_query
from ui.explorer.state import (
    BOUNDS,
    DEFAULT_STATE,
    OUTPUT_PADDING,
    PER_DIM_FIELDS,
    per_dim_key,
    read_per_dim,
    set_per_dim,
)
from ui.runs import devices

PADDING_KINDS = ("same", "valid")

# Keys the explorer reads from a link, in the order the canonical link writes them.
EXPLORER_KEYS = ("spatial_dims", "batch", "in_channels", "input_size", "out_channels", "kernel_size", "stride",
                 "padding", "dilation", "groups", "bias", "padding_mode", "transposed", "output_padding", "causal",
                 "pointwise", "device")
# Written even at their default, so that every explorer link says which layer it shows.
EXPLORER_CORE = ("in_channels", "input_size", "out_channels", "kernel_size")


def parse_explorer(raw: RawParams, *, devices: tuple[str, ...] = ("cpu",)) -> Parsed:
    """The explorer's widget state (the keys of :mod:`ui.explorer.state`) from raw link values.

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
        if word in FALSE_WORDS:
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
        set_per_dim(state, name, values)
    state["per_dim"] = any(len(set(values)) > 1 for values in per_dim.values())

    stride = tuple(read_per_dim(state, "stride"))
    if state["padding_kind"] == "same" and any(s != 1 for s in stride):
        notices.append(Notice("same_stride", {"stride": format_per_dim(stride)}))
        state["padding_kind"] = "number"
    _repair_transposed_causal(state, OUTPUT_PADDING in per_dim, notices)
    return Parsed(state, notices, from_link=True)


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
        set_per_dim(state, "padding", (0,) * dims)
    output_padding = read_per_dim(state, OUTPUT_PADDING)
    if not state.get("transposed"):
        if output_padding_given and any(output_padding):
            notices.append(Notice("output_padding_forward", {"value": format_per_dim(output_padding)}))
        set_per_dim(state, OUTPUT_PADDING, (0,) * dims)
        state["per_dim"] = any(len({state[per_dim_key(name, axis)] for axis in range(dims)}) > 1
                               for name in PER_DIM_FIELDS)
        return
    stride, dilation = read_per_dim(state, "stride"), read_per_dim(state, "dilation")
    allowed = tuple(op if op < s or op < d else max(s, d) - 1 for op, s, d in zip(output_padding, stride, dilation))
    if allowed != output_padding:
        notices.append(Notice("output_padding", {"value": format_per_dim(output_padding),
                                                 "stride": format_per_dim(stride),
                                                 "dilation": format_per_dim(dilation),
                                                 "used": format_per_dim(allowed)}))
    set_per_dim(state, OUTPUT_PADDING, allowed)


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
    per_dim = {name: read_per_dim(state, name) for name in PER_DIM_FIELDS}
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
            given = transposed and OUTPUT_PADDING in state
            output_padding = read_per_dim(state, OUTPUT_PADDING) if given else (0,) * dims
            value = format_per_dim(output_padding) if any(output_padding) else None
        elif name == "pointwise":
            value = str(int(state["pointwise_out"])) if state.get("pointwise") else None
        else:  # device
            value = None if state.get("device", "cpu") == "cpu" else str(state["device"])
        if value is not None:
            query[name] = value
    return query


def sync_explorer_url(tr: Translator, *, write: bool = True) -> None:
    """Keep the explorer's layer in the URL. Call at the top of ``pages/1_explorer.py``, right after
    ``setup_page`` and before any widget.

    On the first run of a visit, a link that names explorer keys (``in_channels=64&kernel_size=3x5…``) is read
    by :func:`parse_explorer` and seeds the widgets' session keys; what it changed is shown
    as warnings. With ``write`` (the default) the canonical values of the current state are then written back
    and the copy-link box drawn in the sidebar (:func:`write_explorer_url`); the explorer passes
    ``write=False`` and calls :func:`write_explorer_url` itself from its fragment, after its controls.
    """
    state = st.session_state
    if first_run_of_visit() or address_changed("explorer", EXPLORER_KEYS):
        parsed = parse_explorer(st.query_params.to_dict(), devices=tuple(devices()))
        if parsed.from_link:
            state.update(parsed.values)
        show_notices(tr, parsed.notices)
    if write:
        write_explorer_url(tr)


def write_explorer_url(tr: Translator, *, sidebar: bool = True) -> None:
    """Write the canonical link values of the explorer's current state to ``st.query_params`` (only the
    explorer's keys are touched) and draw the copy-link box (:func:`copy_link`; ``sidebar=False`` draws it
    where the caller is, e.g. inside an ``st.fragment``)."""
    state = st.session_state
    current = {**DEFAULT_STATE, "device": "cpu", **{key: state[key] for key in state if key in DEFAULT_STATE}}
    if "device" in state:
        current["device"] = state["device"]
    try:
        query = explorer_query(current)
    except (TypeError, ValueError, KeyError):  # a half-set state: leave the URL as it is this run
        return
    write_query(query, EXPLORER_KEYS, page="explorer")
    view = state.get("view")  # the explorer writes ?view= itself; the shared link must open the same view
    shared = {**query, "view": view} if isinstance(view, str) and view != "numbers" else query
    copy_link(tr, "explorer", shared, sidebar=sidebar)
