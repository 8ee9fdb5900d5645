"""The explorer's widget state: default values, presets as widget values, and widgets back into a layer.

Pure (no streamlit): it maps between ``st.session_state``-like dicts and ``ConvSpec`` objects, so the
mapping is testable without a browser. Widget keys use PyTorch's field names. A per-dimension value has a
uniform key (``kernel_size``) and one key per dimension (``kernel_size_0`` … ``kernel_size_2``); the
``per_dim`` switch says which is in use.

Transposed and causal layers (``ConvSpec(transposed=True, output_padding=…)``, ``ConvSpec(causal=True)``) use the
keys ``transposed``, ``causal`` and ``output_padding`` (uniform and per dimension, like the fields above). A state
without them (older links, other pages' presets) reads as a forward, non-causal layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Optional

from convviz.layer.presets import DEFAULT, Preset
from convviz.layer.spec import ConvSpec
from convviz.lessons.separable import pointwise_after

PER_DIM_FIELDS = ("input_size", "kernel_size", "stride", "padding", "dilation")
OUTPUT_PADDING = "output_padding"  # per dimension too, but only for transposed layers (not in PER_DIM_FIELDS)
MAX_DIMS = 3

# (min, max) of each control; the library, not these bounds, decides what is valid.
BOUNDS = {
    "batch": (1, 64),
    "in_channels": (1, 2048),
    "out_channels": (1, 2048),
    "pointwise_out": (1, 2048),
    "input_size": (1, 1024),
    "kernel_size": (1, 11),
    "stride": (1, 6),
    "padding": (0, 10),
    "dilation": (1, 6),
    "output_padding": (0, 5),
}


def per_dim_key(field: str, axis: int) -> str:
    """``('kernel_size', 1) -> 'kernel_size_1'``."""
    return f"{field}_{axis}"


def state_for(preset: Preset) -> dict[str, Any]:
    """Widget values that show ``preset``: every uniform and per-dimension key, ``per_dim`` as needed."""
    spec, shape = preset.spec, preset.input_shape
    padding_kind = spec.padding if isinstance(spec.padding, str) else "number"
    per_dim_values = {
        "input_size": tuple(shape[2:]),
        "kernel_size": spec.kernel_size,
        "stride": spec.stride,
        "padding": (0,) * spec.spatial_dims if isinstance(spec.padding, str) else spec.padding,
        "dilation": spec.dilation,
    }
    state: dict[str, Any] = {
        "spatial_dims": spec.spatial_dims,
        "batch": shape[0],
        "in_channels": spec.in_channels,
        "out_channels": spec.out_channels,
        "padding_kind": padding_kind,
        "groups": spec.groups,
        "bias": spec.bias,
        "padding_mode": spec.padding_mode,
        "pointwise": preset.pointwise is not None,
        "pointwise_out": preset.pointwise.out_channels if preset.pointwise else spec.out_channels,
        "per_dim": any(len(set(values)) > 1 for values in per_dim_values.values()),
        "transposed": spec.transposed,
        "causal": spec.causal,
    }
    per_dim_values[OUTPUT_PADDING] = spec.output_padding
    state["per_dim"] = state["per_dim"] or len(set(spec.output_padding)) > 1
    for field, values in per_dim_values.items():
        set_per_dim(state, field, values)
    return state


def set_per_dim(state: dict[str, Any], field: str, values: tuple[int, ...]) -> None:
    """Write ``field``'s values per spatial dimension: the uniform key (the first value) and the
    :data:`MAX_DIMS` per-dimension keys (the last value repeated past the layer's dimensions)."""
    state[field] = values[0]
    for axis in range(MAX_DIMS):
        state[per_dim_key(field, axis)] = values[min(axis, len(values) - 1)]


DEFAULT_STATE = state_for(DEFAULT)

# The explorer's "numbers" view: its topics, one shown at a time ("pointwise" only with a 1×1 layer after the
# first), and the catalogue key of each topic's label (``res.<topic>.heading`` in convviz/text/catalog/explorer.py).
# ui/explorer/numbers.py's NUMBER_SECTIONS draws each topic (a test checks that both list the same topics).
NUMBER_TOPICS = ("size", "params", "compute", "memory", "pointwise", "code")
NUMBERS_TOPIC_KEY = "numbers_topic"  # widget key of the topic control (its value: a name of NUMBER_TOPICS)
MORE_OPTIONS_KEY = "more_options"  # session key: whether the "more options" expander is open


def number_topic_label_key(name: str) -> str:
    """Catalogue key of the label of the numbers topic ``name`` (one of :data:`NUMBER_TOPICS`)."""
    return "res.pointwise.topic" if name == "pointwise" else f"res.{name}.heading"


def read_per_dim(state: Mapping[str, Any], field: str) -> tuple[int, ...]:
    """The value of ``field`` per spatial dimension, from the uniform or the per-dimension keys."""
    dims = int(state["spatial_dims"])
    if state.get("per_dim"):
        return tuple(int(state[per_dim_key(field, axis)]) for axis in range(dims))
    return (int(state[field]),) * dims


def spec_from_state(state: Mapping[str, Any]) -> tuple[ConvSpec, tuple[int, ...], Optional[ConvSpec]]:
    """``(layer, input_shape, pointwise or None)`` from widget values; raises ConvSpecError.

    ``causal`` applies to 1-D layers only (a stale switch is ignored in 2-D and 3-D) and then ignores the
    padding keys; ``output_padding`` is read only when ``transposed`` is on."""
    dims = int(state["spatial_dims"])
    kind = state["padding_kind"]
    transposed = bool(state.get("transposed", False))
    causal = bool(state.get("causal", False)) and dims == 1  # the causal switch exists for 1-D layers only
    padding = read_per_dim(state, "padding") if kind == "number" else kind
    if causal:
        padding = 0  # causal padding replaces the padding control
    output_padding = read_per_dim(state, OUTPUT_PADDING) if transposed and OUTPUT_PADDING in state else 0
    spec = ConvSpec(
        int(state["in_channels"]), int(state["out_channels"]), read_per_dim(state, "kernel_size"),
        stride=read_per_dim(state, "stride"), padding=padding, dilation=read_per_dim(state, "dilation"),
        groups=int(state["groups"]), bias=bool(state["bias"]), padding_mode=state["padding_mode"],
        spatial_dims=dims, transposed=transposed, output_padding=output_padding, causal=causal,
    )
    input_shape = (int(state["batch"]), int(state["in_channels"]), *read_per_dim(state, "input_size"))
    pointwise = pointwise_after(spec, int(state["pointwise_out"])) if state.get("pointwise") else None
    return spec, input_shape, pointwise
