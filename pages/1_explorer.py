"""Convolution explorer: set up one layer, run it in PyTorch, see every number worked out."""

import contextlib
import math

import streamlit as st

import ui
from convviz.animation.cell_arithmetic import (
    MAX_CHANNELS,
    cell_arithmetic,
    is_small,
    max_sizes,
    products_text,
    transposed_cell_arithmetic,
)
from convviz.animation.export import gif_bytes, gif_steps, png_bytes
from convviz.animation.sliding import (
    AnimationPlan,
    PreparedFigure,
    describe,
    figure_dict,
    figure_dict_at_step,
    plan_animation,
    step_label,
)
from convviz.animation.window import group_in_channels, group_of, window
from convviz.explorer_state import (
    BOUNDS,
    DEFAULT_STATE,
    MORE_OPTIONS_KEY,
    NUMBER_TOPICS,
    NUMBERS_TOPIC_KEY,
    OUTPUT_PADDING,
    PER_DIM_FIELDS,
    number_topic_label_key,
    per_dim_key,
    spec_from_state,
    state_for,
)
from convviz.layer.errors import ConvSpecError, MemoryLimitError
from convviz.layer.presets import DEFAULT, PRESETS
from convviz.layer.spec import DIM_NAMES, PADDING_MODES, ConvSpec, valid_groups
from convviz.lessons.separable import standard_equivalent
from convviz.lessons.sweep import PARAMETERS as SWEEP_PARAMETERS
from convviz.lessons.sweep import sweep, sweep_figure
from convviz.runtime.counters import counter_reports
from convviz.runtime.engine import FLOAT32_BYTES, estimate_memory
from convviz.text import formulas
from convviz.text.snippet import module_expression, pytorch_snippet
from convviz.text.units import format_bytes, format_int, format_shape
from convviz.url_state import parse_view

# imported where used: convviz.layer.inversion, convviz.lessons.timeline, convviz.lessons.transposed,
# convviz.animation.volume (not needed by
# every run)

tr = ui.setup_page("explorer.title")
ui.sync_explorer_url(tr, write=False)  # a shared link seeds the controls; the panel writes the URL on every run
state = st.session_state
for key, value in DEFAULT_STATE.items():
    state.setdefault(key, value)
state.setdefault("device", "cpu")
KEEP = "session"  # widgets keep their values across page switches
VIEWS = ("numbers", "window", "depth", "channels", "sweep")  # "window": 1-D/2-D only, "depth": 3-D only


def load_preset() -> None:
    """One click on a worked example loads it; the pills then clear so the same example can be clicked again."""
    key = state["preset"]
    if key:
        state.update(state_for(PRESETS.get(key, DEFAULT)))
        state["preset_loaded"] = key
        if more_options_changed():  # e.g. the separable example's 1×1 layer: show the option that made it
            state[MORE_OPTIONS_KEY] = True
        state["preset"] = None


def on_per_dim_change() -> None:
    """Switching per-dimension on copies the uniform values to every dimension, and back when off."""
    for field in (*PER_DIM_FIELDS, OUTPUT_PADDING):
        if state["per_dim"]:
            for axis in range(3):
                state[per_dim_key(field, axis)] = state[field]
        else:
            state[field] = state[per_dim_key(field, 0)]


def per_dim_control(field: str, dims: int, *, slider: bool, help: str | None = None) -> None:
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


st.title(tr("explorer.title"))
st.caption(tr("explorer.caption"))

st.pills(tr("explorer.presets"), (DEFAULT.key, *PRESETS), key="preset", on_change=load_preset,
         format_func=lambda key: tr("explorer.reset") if key == DEFAULT.key else tr(f"preset.{key}"))
loaded = state.pop("preset_loaded", None)
if loaded:
    name = tr("explorer.reset") if loaded == DEFAULT.key else tr(f"preset.{loaded}")
    st.toast(tr("preset.loaded", name=name), icon=":material/check:")



MORE_OPTIONS = ("per_dim", "batch", "transposed", "causal", "padding_mode", "bias", "pointwise", "device")


def more_options_changed() -> bool:
    """True when an option kept under "More options" differs from the default layer's (e.g. after a link or a
    worked example): the expander then opens, so that what shapes the layer is in view."""
    return any(state.get(key, DEFAULT_STATE.get(key, "cpu")) != DEFAULT_STATE.get(key, "cpu")
               for key in MORE_OPTIONS)


def draw_controls(groups_reset: int | None, device_options: list[str]) -> None:
    """Every control of the layer. The less common options sit in an expander whose controls are drawn only
    while it is open: every element a rerun sends costs the browser about a millisecond to render."""
    st.subheader(tr("explorer.input"))
    st.segmented_control(tr("ctl.spatial_dims"), (1, 2, 3), required=True, key="spatial_dims",
                         format_func=lambda n: tr("ctl.spatial_dims.option", n=n), persist_state=KEEP)
    dims = int(state["spatial_dims"])
    st.number_input(tr("ctl.in_channels"), *BOUNDS["in_channels"], step=1, key="in_channels", persist_state=KEEP)
    per_dim_control("input_size", dims, slider=False)

    st.subheader(tr("explorer.controls"))
    st.number_input(tr("ctl.out_channels"), *BOUNDS["out_channels"], step=1, key="out_channels", persist_state=KEEP)
    per_dim_control("kernel_size", dims, slider=True)
    per_dim_control("stride", dims, slider=True)
    causal = dims == 1 and state["causal"]
    if causal:
        st.caption(tr("ctl.causal.padding_off"))
    else:
        st.segmented_control(tr("ctl.padding_kind"), ("number", "same", "valid"), required=True,
                             key="padding_kind", format_func=lambda kind: tr(f"ctl.padding_kind.{kind}"),
                             persist_state=KEEP)
        if state["padding_kind"] == "number":
            per_dim_control("padding", dims, slider=True)
    per_dim_control("dilation", dims, slider=True)
    if state["transposed"]:
        per_dim_control(OUTPUT_PADDING, dims, slider=False, help=tr("ctl.output_padding.help"))
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


def read_layer() -> ConvSpecError | None:
    """Read the layer from the controls' values into this page's globals (``spec``, ``input_shape``,
    ``output_shape``, ``pointwise``); the library's error when the combination is invalid. Each result fragment
    calls it first, since a fragment rerun does not run the page body."""
    global spec, input_shape, output_shape, pointwise
    try:
        spec, input_shape, pointwise = spec_from_state(state)
        output_shape = spec.output_shape(input_shape)
        if pointwise:
            pointwise.output_shape(output_shape)
    except ConvSpecError as error:
        return error
    return None


SPINNER_MACS = 50_000_000  # runs above this many MACs may take a noticeable time here: they get a spinner


def draw_summary() -> None:
    """Shapes, parameters and MACs, or the library's error: always one block (the metrics' row, or a container
    holding the error), so that what follows keeps its position. Drawn before the controls, so that the shapes
    reach the browser first."""
    error = read_layer()
    if error is not None:
        with st.container():
            ui.show_error(tr, error)
        return
    final_shape = pointwise.output_shape(output_shape) if pointwise else output_shape
    with st.container(horizontal=True, key="shapes"):
        st.metric(tr("res.input_shape"), format_shape(input_shape))
        st.metric(tr("res.output_shape"), format_shape(final_shape))
        if pointwise:  # the block's numbers: both layers, with the split in the help
            pair_params = spec.param_count() + pointwise.param_count()
            pair_macs = spec.macs(input_shape) + pointwise.macs(output_shape)
            st.metric(tr("res.weight_shape.pair"), format_shape(spec.weight_shape),
                      help=tr("res.weight_shape.pair.help", second=format_shape(pointwise.weight_shape)))
            st.metric(tr("res.params.pair"), format_int(pair_params),
                      help=tr("res.params.pair.help", first=format_int(spec.param_count()),
                              second=format_int(pointwise.param_count())))
            st.metric(tr("res.macs.pair"), format_int(pair_macs),
                      help=tr("res.macs.pair.help", first=format_int(spec.macs(input_shape)),
                              second=format_int(pointwise.macs(output_shape))))
        else:
            st.metric(tr("res.weight_shape"), format_shape(spec.weight_shape), help=tr("res.weight_shape.help"))
            st.metric(tr("res.params.heading"), format_int(spec.param_count()), help=tr("res.params.metric.help"))
            st.metric(tr("res.macs"), format_int(spec.macs(input_shape)), help=tr("res.macs.metric.help"))


def confirm_with_pytorch() -> None:
    """Run the layer (and the pointwise one after it) in PyTorch and show that its output shape agrees, or the
    memory limit's message; one block whatever it holds (see :func:`draw_summary`). Nothing for an invalid layer."""
    with st.container():
        if read_layer() is not None:
            return
        try:
            slow = spec.macs(input_shape) > SPINNER_MACS  # a spinner costs the browser a message on every rerun
            with st.spinner(tr("res.running")) if slow else contextlib.nullcontext():
                runs = [(spec, input_shape, ui.run_summary(spec, input_shape, state["device"]))]
                if pointwise:
                    runs.append((pointwise, output_shape, ui.run_summary(pointwise, output_shape, state["device"])))
            for layer, shape, run in runs:
                ui.confirm_shape(tr, layer, layer.output_shape(shape), run, "res")
        except MemoryLimitError as memory_error:
            ui.show_error(tr, memory_error)


def show_numbers() -> None:
    """Every number worked out, one topic at a time (chosen above it; only that topic is drawn, so a rerun sends
    its elements only); the headline numbers stand in the summary above. A segmented control rather than
    ``st.tabs``: one element instead of a tab bar and a block per tab, about 10–20 ms less per rerun here."""
    names = tuple(name for name in NUMBER_TOPICS if name != "pointwise" or pointwise)
    if state.get(NUMBERS_TOPIC_KEY) not in names:
        state[NUMBERS_TOPIC_KEY] = names[0]
    topic = st.segmented_control(tr("res.topic"), names, key=NUMBERS_TOPIC_KEY, required=True,
                                 format_func=lambda name: tr(number_topic_label_key(name)), persist_state=KEEP)
    NUMBER_SECTIONS[topic]()


def show_size() -> None:
    """PyTorch's output-size formula with this layer's numbers, one block for every dimension, between its
    explanation and the padding applied: one markdown element (KaTeX renders the ``$$`` block) instead of three,
    which also carries the inversion section under it."""
    pads = ", ".join(f"{name}: ({before}, {after})" for name, (before, after)
                     in zip(spec.dim_names, spec.padding_amounts(input_shape)))
    formula = ui.stacked_latex(formulas.output_size_latex(spec, input_shape))
    size_text = (f"{tr('res.size.explain')}\n\n$$\n{formula}\n$$\n\n"
                 + tr("res.padding_applied", pads=pads) + " "
                 + tr("res.effective_kernel", k_eff=format_shape(spec.effective_kernel_size)))
    if spec.transposed:
        st.markdown(size_text)
        show_transposed()
    else:
        show_inversion(size_text)
    if spec.causal:
        show_causal()


def show_params() -> None:
    st.latex(formulas.param_count_latex(spec))
    st.markdown(tr("res.params.value", weights=format_int(spec.weight_count()), bias=format_int(spec.bias_count()),
                   total=format_int(spec.param_count())))


def show_compute() -> None:
    compute = st.columns(2)
    compute[0].metric(tr("res.macs"), format_int(spec.macs(input_shape)))
    compute[1].metric(tr("res.flops"), format_int(spec.flops(input_shape)))
    st.latex(formulas.macs_latex(spec, input_shape))
    st.caption(tr("res.compute.convention", with_bias=format_int(spec.macs(input_shape, include_bias=True))))
    st.markdown(f"**{tr('counters.heading')}**")
    st.table([{tr("counters.tool"): report.version, tr("counters.quantity"): report.quantity,
               tr("counters.value"): format_int(report.value),
               "": tr("counters.bias.yes" if report.bias_counted else "counters.bias.no")}
              for report in counter_reports(spec, input_shape)])
    st.caption(tr("counters.why"))


def show_memory() -> None:
    estimate = estimate_memory(spec, input_shape)
    for column, label, size in zip(st.columns(3), ("input", "output", "weights"),
                                   (estimate.input_bytes, estimate.output_bytes, estimate.weight_bytes)):
        column.metric(tr(f"res.memory.{label}"), format_bytes(size))
        column.caption(tr("res.memory.explain", elements=format_int(size // FLOAT32_BYTES), bytes=format_int(size)))


def show_pointwise_pair() -> None:
    st.markdown(f"**{tr('res.pointwise.heading')}**")
    st.latex(ui.stacked_latex([formulas.param_count_latex(pointwise), formulas.macs_latex(pointwise, output_shape)]))
    standard = standard_equivalent(spec, pointwise)
    pair_params = spec.param_count() + pointwise.param_count()
    pair_macs = spec.macs(input_shape) + pointwise.macs(output_shape)
    st.markdown(tr("res.pair.total", first=format_int(spec.param_count()),
                   second=format_int(pointwise.param_count()), total=format_int(pair_params),
                   macs=format_int(pair_macs)) + "\n\n" +
                tr("res.pair.standard", module=module_expression(standard),
                   params=format_int(standard.param_count()), macs=format_int(standard.macs(input_shape)),
                   ratio=f"{pair_params / standard.param_count():.1%}"))


def show_code() -> None:
    st.caption(tr("res.code.caption"))
    st.code(pytorch_snippet(spec, input_shape, pointwise), language="python")


NUMBER_SECTIONS = {"size": show_size, "params": show_params, "compute": show_compute, "memory": show_memory,
                   "pointwise": show_pointwise_pair, "code": show_code}


def show_transposed() -> None:
    """What a transposed layer does, and how many kernel placements write each output element (checkerboard)."""
    from convviz.lessons.transposed import overlap_counts, overlap_figure

    st.subheader(tr("tconv.heading"))
    st.markdown(tr("tconv.explain", stride=format_shape(spec.stride), padding=format_shape(spec.padding),
                   output_padding=format_shape(spec.output_padding), weight=format_shape(spec.weight_shape)))
    st.subheader(tr("tconv.overlap.heading"))
    counts = overlap_counts(spec, input_shape)
    ui.plotly_chart(overlap_figure(counts, lang=tr.lang), key="overlap_chart")
    uneven = [name for name, k, s in zip(spec.dim_names, spec.kernel_size, spec.stride) if k % s]
    inner = counts[tuple(slice(min(k, n // 3), max(min(k, n // 3), n - min(k, n // 3)))
                         for k, n in zip(spec.effective_kernel_size, counts.shape))]
    inner = inner if inner.size else counts
    if uneven:
        st.info(tr("tconv.overlap.checker", low=int(inner.min()), high=int(inner.max()), dims=", ".join(uneven)),
                icon=":material/grid_4x4:")
    else:
        st.caption(tr("tconv.overlap.even", count=int(inner.max())))


def on_switch_to_transposed(layer: ConvSpec, shape: tuple[int, ...]) -> None:
    from convviz.layer.presets import Preset

    state.update(state_for(Preset("inversion", layer, shape)))
    state[MORE_OPTIONS_KEY] = True  # the transposed switch and output_padding are among the "more" options
    st.rerun()  # the controls change too: the whole page reruns, not only the fragment the button is in


def show_inversion(before: str) -> None:
    """The transposed layer that brings this layer's output back to its input size, and a button to open it;
    ``before`` (markdown) is drawn in the same element, above it."""
    from convviz.layer.inversion import invert

    heading = f"### {tr('tconv.inversion.heading')}"
    try:
        inv = invert(spec, input_shape)
    except ConvSpecError as error:
        st.markdown(f"{before}\n\n{heading}")
        ui.show_error(tr, error)
        return
    st.markdown("\n\n".join((before, heading, tr(
        "tconv.inversion.explain", input=format_shape(input_shape), output=format_shape(output_shape),
        module=module_expression(inv.transposed), output_padding=format_shape(inv.output_padding)))))
    if any(first != last for first, last in inv.same_output_sizes):
        sizes = " × ".join(f"{first}…{last}" for first, last in inv.same_output_sizes)
        st.caption(tr("tconv.inversion.ambiguous", sizes=sizes, size=format_shape(inv.output_size)))
    st.button(tr("tconv.inversion.button"), key="invert_open", icon=":material/swap_horiz:",
              on_click=on_switch_to_transposed, args=(inv.transposed, inv.forward_output_shape))


def show_causal() -> None:
    """The causal layer over time: which inputs each output reads, with the last output's cone."""
    from convviz.lessons.timeline import timeline_figure

    st.subheader(tr("tconv.causal.heading"))
    (left, _), = spec.padding_amounts(input_shape)
    st.markdown(tr("tconv.causal.explain", span=left, left=left))
    length = min(input_shape[2], 64)
    try:
        figure = timeline_figure([spec], length, lang=tr.lang)
    except ConvSpecError as error:
        ui.show_error(tr, error)
        return
    ui.plotly_chart(figure, key="causal_chart")


# ---- the animation area (issue 3): sliding window, channels, parameter sweeps ------------------------------

@st.cache_resource(max_entries=16, show_spinner=False)
def animation_plan(layer: ConvSpec, shape: tuple[int, ...], second: ConvSpec | None, channel: int) -> AnimationPlan:
    """The layer run on its (cropped) input and every step of the window; shared, never mutated. A transposed
    layer is animated as the stride-1 convolution over its zero-inserted input (without the layer after it)."""
    if layer.transposed:
        from convviz.lessons.transposed import plan_transposed_animation

        return plan_transposed_animation(layer, shape, out_channel=channel)
    return plan_animation(layer, shape, second, out_channel=channel)


@st.cache_resource(max_entries=16, show_spinner=False)
def animation_base(layer: ConvSpec, shape: tuple[int, ...], second: ConvSpec | None, channel: int,
                   lang: str) -> dict:
    """The plotly animation as a validated figure dict, built once per configuration and language (about 0.5 s
    on a 32×32 preset); a step only re-points its overlay (:func:`figure_dict_at_step`, about 1 ms).
    ``cache_resource``, not ``cache_data``: the dict is shared read-only, and unpickling a copy of its
    400 frames on every step (about 100 ms) would cost more than the step itself."""
    plan = animation_plan(layer, shape, second, channel)
    if layer.transposed:
        from convviz.lessons.transposed import transposed_titles, with_titles

        return with_titles(figure_dict(plan, lang=lang), transposed_titles(plan, layer, lang))
    return figure_dict(plan, lang=lang)


def on_cell_click() -> None:
    """A click on an output cell moves the step control to the step that produces that cell."""
    points = state["anim_chart"].selection.get("points", [])
    for point in points:
        data = point.get("customdata")
        if data is not None:
            state["anim_step"] = int(data[0] if isinstance(data, list) else data) + 1
            return


def channel_control(out_channels: int) -> int:
    """The output channel the animation and the channel view follow."""
    if state.get("anim_channel", 0) >= out_channels:
        state["anim_channel"] = 0
    if out_channels == 1:
        return 0
    return int(st.number_input(tr("anim.channel"), 0, out_channels - 1, step=1, key="anim_channel",
                               persist_state=KEEP))


def animation_notes(facts: dict, thinning: int, cropped: bool, prefix: str) -> list[str]:
    """What an animation shows (steps, frames) and leaves out (thinned frames, a cropped input), for its caption;
    ``prefix`` picks the 2-D (``"anim"``) or 3-D (``"vol.anim"``) wording of the last two."""
    notes = [tr("anim.summary", steps=format_int(facts["steps"]), frames=format_int(facts["frames"]))]
    if thinning > 1:
        notes.append(tr(f"{prefix}.thinned", every=thinning))
    if cropped:
        notes.append(tr(f"{prefix}.cropped", shown=facts["shown"], full=facts["full"]))
    return notes


def show_window() -> None:
    """The sliding-window animation, the step control, the selected cell's window and arithmetic, exports."""
    if spec.spatial_dims == 3:
        st.info(tr("anim.no_3d") + " " + tr("vol.see_depth"), icon=":material/info:")
        return
    st.markdown(tr("anim.intro"))
    channel = channel_control(spec.out_channels)
    if spec.transposed:
        st.markdown(tr("tconv.anim.intro"))
        if pointwise:
            st.caption(tr("tconv.anim.no_pair"))
    try:
        plan = animation_plan(spec, input_shape, pointwise, channel)
    except (ConvSpecError, MemoryLimitError) as error:
        ui.show_error(tr, error)
        return
    notes = animation_notes(describe(plan), plan.thinning, plan.cropped, "anim")
    if input_shape[0] > 1:
        notes.append(tr("anim.batch", n=input_shape[0]))
    st.caption(" ".join(notes))
    window_panel(plan, channel)


@st.fragment
def window_panel(plan: AnimationPlan, channel: int) -> None:
    """Chart, keyboard step control, selected cell and exports: a step reruns only this panel."""
    n = len(plan.steps)
    if not 1 <= int(state.get("anim_step", 1)) <= n:
        state["anim_step"] = 1
    step = int(state.get("anim_step", 1)) - 1
    base = animation_base(spec, input_shape, pointwise, channel, tr.lang)
    figure = PreparedFigure(figure_dict_at_step(base, plan, step))
    ui.plotly_chart(figure, key="anim_chart", on_select=on_cell_click, selection_mode="points")
    st.slider(tr("anim.step_slider"), 1, n, key="anim_step", help=tr("anim.step_slider.help"))
    layer_index, cell = plan.steps[step]
    layer = plan.layers[layer_index]
    index = (cell[1],) if layer.spec.spatial_dims == 1 else cell
    if spec.transposed:
        taps = layer.taps(cell)
        real = sum(layer.padded_values[r][c] is not None for r, c in taps)
        cell_name = step_label(plan, step, tr.lang).split(" · ")[-1]
        st.markdown(tr("tconv.anim.reads", step=step + 1, steps=n, cell=cell_name, taps=len(taps), real=real,
                       zeros=len(taps) - real))
        show_cell_arithmetic(layer, index)
        exports(plan, step, channel)
        return
    win = window(layer.spec, layer.input_shape, index, out_channel=layer.out_channel)
    names = layer.spec.dim_names
    spans = ", ".join(f"{name} {first - before}…{last - before}" for name, (first, last), before
                      in zip(names, win.span_padded, layer.spec.before_padding()))
    padding = sum(source is None for source in win.taps_source)
    outside = sum(any(p - b < 0 or p - b >= size for p, b, size in zip(tap, layer.spec.before_padding(),
                                                                         layer.input_shape[2:]))
                  for tap in win.taps_padded)
    st.markdown(tr("anim.reads", step=step + 1, steps=n, cell=step_label(plan, step, tr.lang).split(" · ")[-1],
                   taps=len(win.taps_padded), spans=spans, outside=outside, zeros=padding))
    reads = win.in_channels
    st.markdown(tr("anim.filter", channel=layer.out_channel, group=group_of(layer.spec, layer.out_channel),
                   groups=layer.spec.groups, first=reads.start, last=reads.stop - 1, count=len(reads),
                   total=layer.spec.in_channels))
    show_cell_arithmetic(layer, index)
    exports(plan, step, channel)


def show_cell_arithmetic(layer, index: tuple[int, ...]) -> None:
    """Every product of the selected cell, their sum, the bias and PyTorch's value (small cases only). A
    transposed layer's products run over its zero-inserted input with the flipped kernel."""
    shape = tuple(layer.run.input.shape) if spec.transposed else layer.input_shape
    if not is_small(spec if spec.transposed else layer.spec, shape):
        st.caption(tr("anim.arith.too_big", size="×".join(map(str, max_sizes(len(shape) - 2))),
                      channels=MAX_CHANNELS))
        return
    if spec.transposed:
        cell = transposed_cell_arithmetic(spec, layer.run, index, out_channel=layer.out_channel)
    else:
        cell = cell_arithmetic(layer.spec, layer.run, index, out_channel=layer.out_channel)
    zero = tr("tconv.arith.zero" if spec.transposed else "anim.arith.pad")
    with st.expander(tr("anim.arith.heading", count=len(cell.products)), expanded=len(cell.products) <= 36):
        if spec.transposed:
            st.caption(tr("tconv.arith.explain"))
        columns = [tr(f"anim.arith.col.{name}") for name in ("channel", "tap", "position", "x", "w", "product")]
        rows = [dict(zip(columns, (p.in_channel, str(p.tap), str(p.source) if p.source else zero,
                                   _num(p.input_value), _num(p.weight), _num(p.value)))) for p in cell.products]
        if len(rows) <= 36:
            st.table(rows, hide_index=True)
        else:
            st.dataframe(rows, hide_index=True, width="stretch", height=400)
        st.markdown(tr("anim.arith.sum", terms=" + ".join(products_text(cell, per_line=len(cell.products))),
                       total=_num(cell.total), bias=_num(cell.bias), result=_num(cell.result)))
        if cell.agrees:
            st.success(tr("anim.arith.agrees", value=_num(cell.torch_value)), icon=":material/check_circle:")
        else:
            st.error(tr("anim.arith.differs", value=_num(cell.torch_value), result=_num(cell.result)))


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def exports(plan: AnimationPlan, step: int, channel: int) -> None:
    """PNG of this step (made on click) and a GIF behind a prepare button with a progress bar."""
    left, right = st.columns(2)
    left.download_button(tr("anim.png"), data=lambda: png_bytes(plan, step, lang=tr.lang),
                         file_name=f"convviz-step-{step + 1}.png", mime="image/png", on_click="ignore",
                         icon=":material/image:", key="anim_png")
    gif_key = (spec, input_shape, pointwise, channel, tr.lang)
    ready = state.get("anim_gif")
    with right:
        if ready and ready[0] == gif_key:
            st.download_button(tr("anim.gif.download", frames=ready[2]), data=ready[1], file_name="convviz.gif",
                               mime="image/gif", on_click="ignore", icon=":material/download:", key="anim_gif_dl")
        elif st.button(tr("anim.gif.prepare", frames=len(gif_steps(plan))), key="anim_gif_prepare",
                       icon=":material/movie:"):
            bar = st.progress(0.0, text=tr("anim.gif.progress", done=0, total=len(gif_steps(plan))))

            def progress(done: int, total: int) -> None:
                bar.progress(done / total, text=tr("anim.gif.progress", done=done, total=total))

            data = gif_bytes(plan, lang=tr.lang, progress=progress)
            state["anim_gif"] = (gif_key, data, len(gif_steps(plan)))
            bar.empty()
            st.download_button(tr("anim.gif.download", frames=len(gif_steps(plan))), data=data,
                               file_name="convviz.gif", mime="image/gif", on_click="ignore",
                               icon=":material/download:", key="anim_gif_dl")


def show_channels() -> None:
    """Input channels, filters and which channels each filter reads, coloured by group, drawn as the value maps
    of a real run (cached per configuration; empty tiles when the engine refuses the run)."""
    st.markdown(tr("chan.intro"))
    channel = channel_control(spec.out_channels)
    layers = [spec] + ([pointwise] if pointwise else [])
    ui.plotly_chart(ui.channel_view(tuple(layers), input_shape, channel, tr.lang), key="channels_chart")
    reads = group_in_channels(spec, channel)
    st.markdown(tr("anim.filter", channel=channel, group=group_of(spec, channel), groups=spec.groups,
                   first=reads.start, last=reads.stop - 1, count=len(reads), total=spec.in_channels))
    st.caption(tr("chan.legend"))


def show_sweep() -> None:
    """One parameter over its range: output size, parameters, MACs and receptive field, with the layer drawn."""
    st.markdown(tr("sweep.intro"))
    parameter = st.selectbox(tr("sweep.parameter"), SWEEP_PARAMETERS, key="sweep_param", persist_state=KEEP)
    points = sweep(spec, input_shape, parameter)
    now = {"kernel_size": spec.kernel_size[0], "stride": spec.stride[0], "dilation": spec.dilation[0],
           "padding": spec.before_padding()[0], "groups": spec.groups, "out_channels": spec.out_channels,
           "in_channels": spec.in_channels}[parameter]
    values = [p.value for p in points]
    current = values.index(now) if now in values else 0
    ui.plotly_chart(sweep_figure(points, parameter, current=current, lang=tr.lang), key="sweep_chart")
    names = ("value", "output", "params", "macs", "rf") + (() if all(p.ok for p in points) else ("refused",))
    columns = [tr(f"sweep.col.{name}") for name in names]
    # A refusal's long reason goes last, so that it does not push the numbers out of view
    rows = [dict(zip(columns, (p.value, format_shape(p.output_shape), format_int(p.params), format_int(p.macs),
                               format_shape(p.rf_size), "") if p.ok else
                     (p.value, "—", "", "", "", tr.error(p.error)))) for p in points]
    st.dataframe(rows, hide_index=True, width="stretch")
    st.caption(tr("sweep.note"))


def show_depth() -> None:
    """A 3-D layer slice by slice: the input depth slices (and cells) one output element reads; a transposed layer
    over its zero-inserted input. Then the animation through the whole volume, and its GIF."""
    st.markdown(tr("vol.intro"))
    if spec.transposed:
        st.markdown(tr("vol.t.intro"))
    channel = channel_control(spec.out_channels)
    depth_panel(channel)
    depth_animation(channel)


@st.cache_data(max_entries=64, show_spinner=False)
def gradient_agrees(layer: ConvSpec, shape: tuple[int, ...], index: tuple[int, ...], channel: int) -> bool:
    """PyTorch's gradient (all-ones weights; Conv3d or ConvTranspose3d) counts the same taps per input element as
    the footprint."""
    import numpy as np

    from convviz.animation.volume import gradient_counts, layer_footprint

    fp = layer_footprint(layer, shape, index, out_channel=channel)
    grad = gradient_counts(layer, shape, index, out_channel=channel)
    return all(np.array_equal(grad[ci], fp.counts()) if ci in fp.in_channels else not grad[ci].any()
               for ci in range(layer.in_channels))


GRADIENT_CHECK_LIMIT = 1 << 18  # input elements (C_in · D · H · W) up to which the page asks PyTorch itself


@st.fragment
def depth_panel(channel: int) -> None:
    """Output element controls (depth on a keyboard slider), the depth strip, the slices read, the check."""
    from convviz.animation.volume import depth_figure, layer_footprint, volume_figure  # <- layer_footprint

    out_d, out_h, out_w = output_shape[2:]
    for key, n in (("vol_d", out_d), ("vol_h", out_h), ("vol_w", out_w)):
        if not 0 <= int(state.get(key, 0)) < n:
            state[key] = 0
    left, right = st.columns(2)
    left.number_input(tr("vol.row"), 0, out_h - 1, step=1, key="vol_h", persist_state=KEEP)
    right.number_input(tr("vol.col"), 0, out_w - 1, step=1, key="vol_w", persist_state=KEEP)
    if out_d > 1:
        st.slider(tr("vol.depth"), 0, out_d - 1, key="vol_d", help=tr("vol.depth.help"), persist_state=KEEP)
    else:
        st.caption(tr("vol.one_depth"))
    index = (int(state.get("vol_d", 0)), int(state["vol_h"]), int(state["vol_w"]))
    try:
        fp = layer_footprint(spec, input_shape, index, out_channel=channel)  # <- forward or transposed
    except ConvSpecError as error:
        ui.show_error(tr, error)
        return
    k_d, k_h, k_w = spec.kernel_size
    if spec.transposed:  # <- zeros are inserted or padding
        st.markdown(tr("vol.t.summary", channel=channel, d=index[0], h=index[1], w=index[2], k_d=k_d,
                       k_hw=k_h * k_w, taps=format_int(fp.taps), on_input=format_int(fp.taps_on_input),
                       on_zeros=format_int(fp.taps - fp.taps_on_input), channels=len(fp.in_channels),
                       products=format_int(fp.taps * len(fp.in_channels)),
                       real=format_int(fp.taps_on_input * len(fp.in_channels))))
    else:
        st.markdown(tr("vol.summary", channel=channel, d=index[0], h=index[1], w=index[2], k_d=k_d, k_hw=k_h * k_w,
                       taps=format_int(fp.taps), on_input=format_int(fp.taps_on_input),
                       on_padding=format_int(fp.taps - fp.taps_on_input), channels=len(fp.in_channels),
                       products=format_int(fp.taps * len(fp.in_channels))))
    read = fp.read_slices
    if fp.holes:
        st.markdown(tr("vol.holes", dilation=spec.dilation[0], count=len(fp.holes),
                       depths=", ".join(str(s.input_depth) for s in fp.holes)))
    else:
        st.markdown(tr("vol.t.no_holes" if spec.transposed else "vol.no_holes", first=read[0].input_depth,  # <-
                       last=read[-1].input_depth))
    inserted = [s for s in read if s.inserted]  # <- transposed only (empty for a forward layer)
    if inserted:
        st.markdown(tr("vol.t.inserted_slices", count=len(inserted),
                       depths=", ".join(str(s.input_depth) for s in inserted)))
    padding_slices = [s for s in read if s.is_padding]
    if padding_slices:
        what = tr("vol.padding.zeros") if spec.padding_mode == "zeros" else tr("vol.padding.copy",
                                                                               mode=spec.padding_mode)
        st.markdown(tr("vol.padding_slices", count=len(padding_slices),
                       depths=", ".join(str(s.input_depth) for s in padding_slices), what=what))
    ui.plotly_chart(depth_figure(fp, lang=tr.lang), key="vol_depth_chart")
    st.caption(tr("vol.t.depth.caption" if spec.transposed else "vol.depth.caption"))  # <-
    ui.plotly_chart(volume_figure(fp, output_shape[2:], lang=tr.lang, out_channel=channel), key="vol_chart")
    if spec.in_channels * math.prod(input_shape[2:]) <= GRADIENT_CHECK_LIMIT:
        if gradient_agrees(spec, (1, *input_shape[1:]), index, channel):
            st.success(tr("vol.checked", module=module_expression(spec), total=format_int(fp.taps_on_input)),
                       icon=":material/check_circle:")
        else:
            st.error(tr("vol.differs"))


@st.cache_resource(max_entries=16, show_spinner=False)
def volume_plan(layer: ConvSpec, shape: tuple[int, ...], channel: int):
    """Steps and frames of the 3-D animation (cropped input, at most 200 frames); shared, never mutated."""
    from convviz.animation.volume_window import plan_volume_animation

    return plan_volume_animation(layer, shape, out_channel=channel)


@st.cache_resource(max_entries=16, show_spinner=False)
def volume_animation_chart(layer: ConvSpec, shape: tuple[int, ...], channel: int, lang: str):
    """The plotly animation, validated once per configuration and language (0.1–1 s) and shared read-only."""
    from convviz.animation.volume_window import volume_animation_figure
    from convviz.plotting import prepare

    return prepare(volume_animation_figure(volume_plan(layer, shape, channel), lang=lang))


@st.fragment
def depth_animation(channel: int) -> None:
    """The animation through the volume in a lazy expander (built only when opened), and a GIF behind a prepare
    button with a progress bar."""
    from convviz.animation.volume_window import describe_volume, volume_gif_bytes, volume_gif_steps

    box = st.expander(tr("vol.anim.heading"), key="vol_anim_open", on_change="rerun", icon=":material/animation:")
    if not box.open:
        return
    with box:
        st.markdown(tr("vol.anim.intro") + (" " + tr("vol.t.anim.intro") if spec.transposed else ""))
        try:
            plan = volume_plan(spec, input_shape, channel)
        except ConvSpecError as error:
            ui.show_error(tr, error)
            return
        st.caption(" ".join(animation_notes(describe_volume(plan), plan.thinning, plan.cropped, "vol.anim")))
        ui.plotly_chart(volume_animation_chart(spec, input_shape, channel, tr.lang), key="vol_anim_chart")
        gif_key = (spec, input_shape, channel, tr.lang)
        ready = state.get("vol_gif")
        total = len(volume_gif_steps(plan))
        if ready and ready[0] == gif_key:
            st.download_button(tr("anim.gif.download", frames=ready[2]), data=ready[1], file_name="convviz-3d.gif",
                               mime="image/gif", on_click="ignore", icon=":material/download:", key="vol_gif_dl")
        elif st.button(tr("anim.gif.prepare", frames=total), key="vol_gif_prepare", icon=":material/movie:"):
            bar = st.progress(0.0, text=tr("anim.gif.progress", done=0, total=total))

            def progress(done: int, count: int) -> None:
                bar.progress(done / count, text=tr("anim.gif.progress", done=done, total=count))

            data = volume_gif_bytes(plan, lang=tr.lang, progress=progress)
            state["vol_gif"] = (gif_key, data, total)
            bar.empty()
            st.download_button(tr("anim.gif.download", frames=total), data=data, file_name="convviz-3d.gif",
                               mime="image/gif", on_click="ignore", icon=":material/download:", key="vol_gif_dl")


view_link = parse_view(st.query_params.to_dict(), VIEWS)  # the one validator of link values
if view_link.from_link:
    state["view"] = view_link.values["view"]
if ui.first_run_of_visit():
    ui.show_notices(tr, view_link.notices)
    if more_options_changed():  # a link set a less common option: show it
        state[MORE_OPTIONS_KEY] = True
state.setdefault("view", "numbers")


def write_view(view: str) -> None:
    """``?view=`` in the address, left out for the default view (so that a plain link stays plain)."""
    if view == "numbers":
        if "view" in st.query_params:
            del st.query_params["view"]
    elif st.query_params.get("view") != view:
        st.query_params["view"] = view


def on_view_change() -> None:  # before the run: the page's top reads ?view= on every full run
    write_view(state["view"])


@st.fragment
def explorer_view(replaced: str | None) -> None:
    """The chosen view of the layer, after a note when the asked-for view (``replaced``: ``'window'`` or
    ``'depth'``) does not draw this layer's dimensions. A fragment inside the panel: its own steps (a topic, the
    animation's step) rerun only the view. An invalid layer's error is repeated here, beside the controls: the
    one above them is out of sight once the page is scrolled down to a slider."""
    error = read_layer()
    if error is not None:
        ui.show_error(tr, error)
        return
    if replaced == "depth":
        st.info(tr("vol.only_3d"), icon=":material/info:")
    view = state["view"]
    if view == "window":
        show_window()
    elif view == "channels":
        show_channels()
    elif view == "sweep":
        show_sweep()
    elif view == "depth":
        if replaced == "window":
            st.info(tr("anim.no_3d") + " " + tr("vol.see_depth"), icon=":material/info:")
        show_depth()
    else:
        show_numbers()


@st.fragment
def explorer_panel() -> None:
    """Summary, controls and the chosen view in one fragment: a control change reruns only this panel (not the
    sidebar, title and worked examples), in one run. (Controls drawn outside with callbacks that rerun only the
    results cost more in the browser: the aborted page run that such a callback ends marks the whole page
    stale first.) The shapes are drawn first, so they reach the browser before the controls."""
    groups_reset = None  # widget values are in the session state already: repair them before reading the layer
    if state["groups"] not in valid_groups(int(state["in_channels"]), int(state["out_channels"])):
        groups_reset, state["groups"] = state["groups"], 1
    device_options = ui.devices()
    if state["device"] not in device_options:
        state["device"] = "cpu"
    # First, above the columns: the first thing seen on a phone. Each is one block whatever it holds: had the
    # columns below moved to another position (an error instead of the metrics), the browser would remount every
    # control, dropping the keyboard focus. The check's block comes after the shapes, so they do not wait for it.
    draw_summary()
    ui.send_now()  # the shapes reach the screen before the rest is drawn
    confirm_with_pytorch()
    controls, results = st.columns([1, 2], gap="large")
    with controls:
        draw_controls(groups_reset, device_options)
        ui.write_explorer_url(tr, sidebar=False)  # the URL and the copy-link box follow every change
    # A 3-D layer has no sliding-window animation: its stepping view, the depth slices, takes that place.
    views = tuple(v for v in VIEWS if v != ("window" if int(state["spatial_dims"]) == 3 else "depth"))
    replaced = state["view"] if state["view"] not in views else None  # "window" in 3-D, "depth" in 1-D/2-D
    if replaced:
        state["view"] = "depth" if replaced == "window" else "numbers"
    with results:
        chosen = st.segmented_control(tr("view.label"), views, key="view", required=True,
                                      on_change=on_view_change, format_func=lambda v: tr(f"view.{v}"),
                                      persist_state=KEEP)
        write_view(chosen)  # a shared link opens the same view (also one the layer's dimensions replaced)
        explorer_view(replaced)


explorer_panel()
