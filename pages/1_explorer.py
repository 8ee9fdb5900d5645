"""Convolution explorer: set up one layer, run it in PyTorch, see every number worked out."""

import streamlit as st

import ui
from convviz import formulas
from convviz.engine import FLOAT32_BYTES, estimate_memory
from convviz.errors import ConvSpecError, MemoryLimitError
from convviz.explorer_state import BOUNDS, DEFAULT_STATE, PER_DIM_FIELDS, per_dim_key, spec_from_state, state_for
from convviz.presets import DEFAULT, PRESETS
from convviz.separable import standard_equivalent
from convviz.snippet import module_expression, pytorch_snippet
from convviz.spec import DIM_NAMES, PADDING_MODES, valid_groups
from convviz.units import format_bytes, format_int, format_shape

tr = ui.setup_page("explorer.title")
state = st.session_state
for key, value in DEFAULT_STATE.items():
    state.setdefault(key, value)
state.setdefault("device", "cpu")
KEEP = "session"  # widgets keep their values across page switches


def load_preset() -> None:
    """One click on a worked example loads it; the pills then clear so the same example can be clicked again."""
    key = state["preset"]
    if key:
        state.update(state_for(PRESETS.get(key, DEFAULT)))
        state["preset_loaded"] = key
        state["preset"] = None


def on_per_dim_change() -> None:
    """Switching per-dimension on copies the uniform values to every dimension, and back when off."""
    for field in PER_DIM_FIELDS:
        if state["per_dim"]:
            for axis in range(3):
                state[per_dim_key(field, axis)] = state[field]
        else:
            state[field] = state[per_dim_key(field, 0)]


def per_dim_control(field: str, dims: int, *, slider: bool) -> None:
    """One control for every dimension, or one per dimension when ``per_dim`` is on."""
    low, high = BOUNDS[field]
    label = tr(f"ctl.{field}")
    if not state["per_dim"]:
        if slider:
            st.slider(label, low, high, key=field, persist_state=KEEP)
        else:
            st.number_input(label, low, high, step=1, key=field, persist_state=KEEP)
        return
    st.caption(label)
    for axis, column in enumerate(st.columns(dims)):
        column.number_input(DIM_NAMES[dims][axis], low, high, step=1, key=per_dim_key(field, axis),
                            persist_state=KEEP)


st.title(tr("explorer.title"))
st.caption(tr("explorer.caption"))

st.pills(tr("explorer.presets"), (DEFAULT.key, *PRESETS), key="preset", on_change=load_preset,
         format_func=lambda key: tr("explorer.reset") if key == DEFAULT.key else tr(f"preset.{key}"))
loaded = state.pop("preset_loaded", None)
if loaded:
    name = tr("explorer.reset") if loaded == DEFAULT.key else tr(f"preset.{loaded}")
    st.toast(tr("preset.loaded", name=name), icon=":material/check:")

summary = st.container(key="summary")  # filled once the controls are read; first thing seen on a phone
controls, results = st.columns([1, 2], gap="large")

with controls:
    st.subheader(tr("explorer.input"))
    st.segmented_control(tr("ctl.spatial_dims"), (1, 2, 3), required=True, key="spatial_dims",
                         format_func=lambda n: tr("ctl.spatial_dims.option", n=n), persist_state=KEEP)
    dims = int(state["spatial_dims"])
    st.toggle(tr("ctl.per_dim"), key="per_dim", on_change=on_per_dim_change, persist_state=KEEP)
    st.number_input(tr("ctl.batch"), *BOUNDS["batch"], step=1, key="batch", persist_state=KEEP)
    st.number_input(tr("ctl.in_channels"), *BOUNDS["in_channels"], step=1, key="in_channels", persist_state=KEEP)
    per_dim_control("input_size", dims, slider=False)

    st.subheader(tr("explorer.controls"))
    st.number_input(tr("ctl.out_channels"), *BOUNDS["out_channels"], step=1, key="out_channels", persist_state=KEEP)
    per_dim_control("kernel_size", dims, slider=True)
    per_dim_control("stride", dims, slider=True)
    st.segmented_control(tr("ctl.padding_kind"), ("number", "same", "valid"), required=True, key="padding_kind",
                         format_func=lambda kind: tr(f"ctl.padding_kind.{kind}"), persist_state=KEEP)
    if state["padding_kind"] == "number":
        per_dim_control("padding", dims, slider=True)
    per_dim_control("dilation", dims, slider=True)

    groups_options = valid_groups(int(state["in_channels"]), int(state["out_channels"]))
    if state["groups"] not in groups_options:
        st.info(tr("ctl.groups.reset", old=state["groups"]), icon=":material/info:")
        state["groups"] = 1
    st.selectbox(tr("ctl.groups"), groups_options, key="groups", persist_state=KEEP,
                 help=tr("ctl.groups.help", valid=", ".join(map(str, groups_options))))
    st.selectbox(tr("ctl.padding_mode"), PADDING_MODES, key="padding_mode", persist_state=KEEP)
    st.checkbox(tr("ctl.bias"), key="bias", persist_state=KEEP)
    st.toggle(tr("ctl.pointwise"), key="pointwise", help=tr("ctl.pointwise.help"), persist_state=KEEP)
    if state["pointwise"]:
        st.number_input(tr("ctl.pointwise_out"), *BOUNDS["pointwise_out"], step=1, key="pointwise_out",
                        persist_state=KEEP)

    device_options = ui.devices()
    if state["device"] not in device_options:
        state["device"] = "cpu"
    st.selectbox(tr("ctl.device"), device_options, key="device", persist_state=KEEP)
    if device_options == ["cpu"]:
        st.caption(tr("device.no_gpu"))

with summary:
    try:
        spec, input_shape, pointwise = spec_from_state(state)
        output_shape = spec.output_shape(input_shape)
        final_shape = pointwise.output_shape(output_shape) if pointwise else output_shape
    except ConvSpecError as error:
        ui.show_error(tr, error)
        st.stop()
    shapes = st.columns(3)
    shapes[0].metric(tr("res.input_shape"), format_shape(input_shape))
    shapes[1].metric(tr("res.output_shape"), format_shape(final_shape))
    shapes[2].metric(tr("res.weight_shape"), format_shape(spec.weight_shape), help=tr("res.weight_shape.help"))
    try:
        with st.spinner(tr("res.running")):
            runs = [(spec, input_shape, ui.run_summary(spec, input_shape, state["device"]))]
            if pointwise:
                runs.append((pointwise, output_shape, ui.run_summary(pointwise, output_shape, state["device"])))
        for layer, shape, run in runs:
            expected = layer.output_shape(shape)
            if run.output_shape == expected:
                st.success(tr("res.confirm", module=module_expression(layer), device=run.device,
                              shape=format_shape(run.output_shape)), icon=":material/check_circle:")
            else:
                st.error(tr("res.mismatch", torch_shape=format_shape(run.output_shape), shape=format_shape(expected)))
    except MemoryLimitError as error:
        ui.show_error(tr, error)

with results:
    st.subheader(tr("res.size.heading"))
    st.markdown(tr("res.size.explain"))
    for line in formulas.output_size_latex(spec, input_shape):
        st.latex(line)
    pads = ", ".join(f"{name}: ({before}, {after})" for name, (before, after)
                     in zip(spec.dim_names, spec.padding_amounts(input_shape)))
    st.markdown(tr("res.padding_applied", pads=pads) + " " + tr("res.effective_kernel",
                k_eff=format_shape(spec.effective_kernel_size)))

    st.subheader(tr("res.params.heading"))
    st.latex(formulas.param_count_latex(spec))
    st.markdown(tr("res.params.value", weights=format_int(spec.weight_count()), bias=format_int(spec.bias_count()),
                   total=format_int(spec.param_count())))

    st.subheader(tr("res.compute.heading"))
    compute = st.columns(2)
    compute[0].metric(tr("res.macs"), format_int(spec.macs(input_shape)))
    compute[1].metric(tr("res.flops"), format_int(spec.flops(input_shape)))
    st.latex(formulas.macs_latex(spec, input_shape))
    st.caption(tr("res.compute.convention", with_bias=format_int(spec.macs(input_shape, include_bias=True))))

    st.subheader(tr("res.memory.heading"))
    estimate = estimate_memory(spec, input_shape)
    for column, label, size in zip(st.columns(3), ("input", "output", "weights"),
                                   (estimate.input_bytes, estimate.output_bytes, estimate.weight_bytes)):
        column.metric(tr(f"res.memory.{label}"), format_bytes(size))
        column.caption(tr("res.memory.explain", elements=format_int(size // FLOAT32_BYTES), bytes=format_int(size)))

    if pointwise:
        st.subheader(tr("res.pointwise.heading"))
        st.latex(formulas.param_count_latex(pointwise))
        st.latex(formulas.macs_latex(pointwise, output_shape))
        standard = standard_equivalent(spec, pointwise)
        pair_params = spec.param_count() + pointwise.param_count()
        pair_macs = spec.macs(input_shape) + pointwise.macs(output_shape)
        st.markdown(tr("res.pair.total", first=format_int(spec.param_count()),
                       second=format_int(pointwise.param_count()), total=format_int(pair_params),
                       macs=format_int(pair_macs)))
        st.markdown(tr("res.pair.standard", module=module_expression(standard),
                       params=format_int(standard.param_count()), macs=format_int(standard.macs(input_shape)),
                       ratio=f"{pair_params / standard.param_count():.1%}"))

    st.subheader(tr("res.code.heading"))
    st.caption(tr("res.code.caption"))
    st.code(pytorch_snippet(spec, input_shape, pointwise), language="python")
