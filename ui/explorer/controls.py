"""The explorer's controls: the worked examples above the panel, and every control of the layer in it."""

from __future__ import annotations

import streamlit as st

import ui
from convviz.layer.presets import DEFAULT, PRESETS
from convviz.layer.spec import DIM_NAMES, PADDING_MODES, valid_groups
from convviz.text.i18n import Translator
from ui.explorer.layer import KEEP
from ui.explorer.state import (
    BOUNDS,
    DEFAULT_STATE,
    MORE_OPTIONS_KEY,
    OUTPUT_PADDING,
    PER_DIM_FIELDS,
    per_dim_key,
    state_for,
)

state = st.session_state
MORE_OPTIONS = ("per_dim", "batch", "transposed", "causal", "padding_mode", "bias", "pointwise", "device")


def set_defaults() -> None:
    """Every control's session key, set to the default layer's value where no link or earlier visit set it."""
    for key, value in DEFAULT_STATE.items():
        state.setdefault(key, value)
    state.setdefault("device", "cpu")


def more_options_changed() -> bool:
    """True when an option kept under "More options" differs from the default layer's (e.g. after a link or a
    worked example): the expander then opens, so that what shapes the layer is in view."""
    return any(state.get(key, DEFAULT_STATE.get(key, "cpu")) != DEFAULT_STATE.get(key, "cpu")
               for key in MORE_OPTIONS)


def load_preset() -> None:
    """One click on a worked example loads it; the pills then clear so the same example can be clicked again."""
    key = state["preset"]
    if key:
        state.update(state_for(PRESETS.get(key, DEFAULT)))
        state["preset_loaded"] = key
        if more_options_changed():  # e.g. the separable example's 1×1 layer: show the option that made it
            state[MORE_OPTIONS_KEY] = True
        state["preset"] = None


def draw_presets(tr: Translator) -> None:
    """The worked examples (and the default layer) as pills, and a toast naming the one just loaded."""
    st.pills(tr("explorer.presets"), (DEFAULT.key, *PRESETS), key="preset", on_change=load_preset,
             format_func=lambda key: tr("explorer.reset") if key == DEFAULT.key else tr(f"preset.{key}"))
    loaded = state.pop("preset_loaded", None)
    if loaded:
        name = tr("explorer.reset") if loaded == DEFAULT.key else tr(f"preset.{loaded}")
        st.toast(tr("preset.loaded", name=name), icon=":material/check:")


def repair_controls() -> tuple[int | None, list[str]]:
    """Put back a groups value that no longer divides both channel counts (to 1) and a device that is gone (to
    the CPU), before the layer is read: widget values are in the session state already. Returns the groups value
    replaced (None when none was) and the devices to offer."""
    groups_reset = None
    if state["groups"] not in valid_groups(int(state["in_channels"]), int(state["out_channels"])):
        groups_reset, state["groups"] = state["groups"], 1
    device_options = ui.devices()
    if state["device"] not in device_options:
        state["device"] = "cpu"
    return groups_reset, device_options


def on_per_dim_change() -> None:
    """Switching per-dimension on copies the uniform values to every dimension, and back when off."""
    for field in (*PER_DIM_FIELDS, OUTPUT_PADDING):
        if state["per_dim"]:
            for axis in range(3):
                state[per_dim_key(field, axis)] = state[field]
        else:
            state[field] = state[per_dim_key(field, 0)]


def per_dim_control(tr: Translator, field: str, dims: int, *, slider: bool, help: str | None = None) -> None:
    """One control for every dimension, or one per dimension when ``per_dim`` is on."""
    low, high = BOUNDS[field]
    label = tr(f"ctl.{field}")
    if not state["per_dim"]:
        if slider:
            st.slider(label, low, high, key=field, persist_state=KEEP, help=help)
        else:
            st.number_input(label, low, high, step=1, key=field, persist_state=KEEP, help=help)
        return
    st.caption(label, help=help)
    for axis, column in enumerate(st.columns(dims)):
        column.number_input(DIM_NAMES[dims][axis], low, high, step=1, key=per_dim_key(field, axis),
                            persist_state=KEEP)


def draw_controls(tr: Translator, groups_reset: int | None, device_options: list[str]) -> None:
    """Every control of the layer. The less common options sit in an expander whose controls are drawn only
    while it is open: every element a rerun sends costs the browser about a millisecond to render."""
    st.subheader(tr("explorer.input"))
    st.segmented_control(tr("ctl.spatial_dims"), (1, 2, 3), required=True, key="spatial_dims",
                         format_func=lambda n: tr("ctl.spatial_dims.option", n=n), persist_state=KEEP)
    dims = int(state["spatial_dims"])
    st.number_input(tr("ctl.in_channels"), *BOUNDS["in_channels"], step=1, key="in_channels", persist_state=KEEP)
    per_dim_control(tr, "input_size", dims, slider=False)

    st.subheader(tr("explorer.controls"))
    st.number_input(tr("ctl.out_channels"), *BOUNDS["out_channels"], step=1, key="out_channels", persist_state=KEEP)
    per_dim_control(tr, "kernel_size", dims, slider=True)
    per_dim_control(tr, "stride", dims, slider=True)
    causal = dims == 1 and state["causal"]
    if causal:
        st.caption(tr("ctl.causal.padding_off"))
    else:
        st.segmented_control(tr("ctl.padding_kind"), ("number", "same", "valid"), required=True,
                             key="padding_kind", format_func=lambda kind: tr(f"ctl.padding_kind.{kind}"),
                             persist_state=KEEP)
        if state["padding_kind"] == "number":
            per_dim_control(tr, "padding", dims, slider=True)
    per_dim_control(tr, "dilation", dims, slider=True)
    if state["transposed"]:
        per_dim_control(tr, OUTPUT_PADDING, dims, slider=False, help=tr("ctl.output_padding.help"))
    groups_options = valid_groups(int(state["in_channels"]), int(state["out_channels"]))
    if groups_reset is not None:
        st.info(tr("ctl.groups.reset", old=groups_reset), icon=":material/info:")
    st.selectbox(tr("ctl.groups"), groups_options, key="groups", persist_state=KEEP,
                 help=tr("ctl.groups.help", valid=", ".join(map(str, groups_options))))

    # Opened by a link or an example through its session key (not ``expanded=``: a changing default would fold
    # the expander up whenever an option inside it went back to its default).
    more = st.expander(tr("ctl.more"), key=MORE_OPTIONS_KEY, on_change="rerun", icon=":material/tune:")
    if more.open is False:
        return
    with more:
        st.toggle(tr("ctl.per_dim"), key="per_dim", on_change=on_per_dim_change, persist_state=KEEP)
        st.number_input(tr("ctl.batch"), *BOUNDS["batch"], step=1, key="batch", persist_state=KEEP)
        st.toggle(tr("ctl.transposed"), key="transposed", help=tr("ctl.transposed.help"), persist_state=KEEP)
        if dims == 1:
            st.toggle(tr("ctl.causal"), key="causal", help=tr("ctl.causal.help"), persist_state=KEEP)
        st.selectbox(tr("ctl.padding_mode"), PADDING_MODES, key="padding_mode", persist_state=KEEP)
        st.checkbox(tr("ctl.bias"), key="bias", persist_state=KEEP)
        st.toggle(tr("ctl.pointwise"), key="pointwise", help=tr("ctl.pointwise.help"), persist_state=KEEP)
        if state["pointwise"]:
            st.number_input(tr("ctl.pointwise_out"), *BOUNDS["pointwise_out"], step=1, key="pointwise_out",
                            persist_state=KEEP)
        st.selectbox(tr("ctl.device"), device_options, key="device", persist_state=KEEP)
        if device_options == ["cpu"]:
            st.caption(tr("device.no_gpu"))
