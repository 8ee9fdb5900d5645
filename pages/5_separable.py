"""Depthwise-separable convolution: a standard layer beside depthwise + pointwise, the savings formula with
the user's numbers checked against PyTorch's modules, and a measured speed comparison."""

import streamlit as st

import ui
from convviz.layer.errors import ConvSpecError
from convviz.layer.presets import Preset
from convviz.layer.spec import ConvSpec
from convviz.lessons.separable import (
    MEASURE_SECONDS,
    SeparableComparison,
    comparison_figure,
    measured_figure,
    module_param_counts,
    ratio_latex,
    separable_comparison,
)
from convviz.plotting import PreparedFigure, prepare
from convviz.runtime import timing
from convviz.text.snippet import module_expression, separable_snippet
from convviz.text.units import format_int, format_seconds, format_shape
from ui.link_schema import page_param_names

tr = ui.setup_page("separable.title")
state = st.session_state
KEEP = "session"
PAGE = "separable"  # the page's URL path and link schema (ui/link_schema.py: bounds, keys, defaults)
LINK_DEFAULTS = ui.link_defaults(PAGE)  # the article's layers, on the CPU
values = ui.link_state(PAGE)  # the linked values by link name (values["in_channels"]), not by widget key
# The presets, by link name: every control but the device.
ARTICLE = {name: values.default(name) for name in page_param_names(PAGE) if name != "device"}
PICTURE = {"in_channels": 3, "out_channels": 4, "kernel_size": 3, "input_size": 64, "batch": 1, "stride": 2,
           "multiplier": 1, "bias": False}
for key, value in LINK_DEFAULTS.items():
    state.setdefault(key, value)
ui.sync_page_url(tr, PAGE, LINK_DEFAULTS, write=False)  # the results fragment writes the URL on every run
RESULTS = "s_results"  # the keyed fragment a control change reruns (the controls stay as drawn)
ONLY_RESULTS = {"on_change": ui.rerun_only, "args": (RESULTS,)}


def load(preset: dict) -> None:
    values.update(preset)


@st.cache_data(max_entries=32, show_spinner=False)
def measure_pair(standard: ConvSpec, depthwise: ConvSpec, pointwise: ConvSpec, input_shape: tuple[int, ...],
                 device: str, progress_text: str) -> tuple[timing.Timing, timing.Timing]:
    """Time the standard layer, then the pair, on ``device`` (cached per configuration; the progress bar is
    made inside so that a cache hit replays it, finished and emptied)."""
    bar = st.progress(0.0, text=progress_text)
    first = timing.measure([standard], input_shape, device=device, min_run_time=MEASURE_SECONDS,
                           progress=lambda p: bar.progress(0.5 * p, text=progress_text))
    second = timing.measure([depthwise, pointwise], input_shape, device=device, min_run_time=MEASURE_SECONDS,
                            progress=lambda p: bar.progress(0.5 + 0.5 * p, text=progress_text))
    bar.empty()
    return first, second


@st.cache_resource(max_entries=64, show_spinner=False)
def comparison_chart(pair: SeparableComparison, labels: tuple[tuple[str, str], ...]) -> PreparedFigure:
    """The bars, built and validated once per configuration and language (shared read-only)."""
    return prepare(comparison_figure(pair, labels=dict(labels)))


@st.cache_data(max_entries=64, show_spinner=False)
def param_counts(*specs: ConvSpec) -> tuple[tuple[int, int], ...]:
    """``module_param_counts`` (builds the PyTorch modules), once per set of layers."""
    return module_param_counts(*specs)


st.title(tr("separable.title"))
st.caption(tr("separable.caption"))
st.markdown(tr("separable.intro"))
st.warning(tr("separable.correction"), icon=":material/rule:")

# Controls: drawn on full runs only. A change reruns only the results fragment (ui.rerun_only); the presets set
# the controls themselves, so their callback returns normally and the whole page reruns.
with st.container(horizontal=True):
    st.button(tr("separable.ctl.preset_article"), key="s_preset_article", on_click=load, args=(ARTICLE,))
    st.button(tr("separable.ctl.preset_picture"), key="s_preset_picture", on_click=load, args=(PICTURE,))
row = st.columns(4)
row[0].number_input(tr("separable.ctl.in_channels"), step=1, **ui.link_widget(PAGE, "in_channels"), persist_state=KEEP,
                    **ONLY_RESULTS)
row[1].number_input(tr("separable.ctl.out_channels"), step=1, **ui.link_widget(PAGE, "out_channels"),
                    persist_state=KEEP, **ONLY_RESULTS)
row[2].number_input(tr("separable.ctl.size"), step=1, **ui.link_widget(PAGE, "input_size"), persist_state=KEEP,
                    **ONLY_RESULTS)
row[3].number_input(tr("separable.ctl.batch"), step=1, **ui.link_widget(PAGE, "batch"), persist_state=KEEP,
                    **ONLY_RESULTS)
row = st.columns(4, vertical_alignment="center")
row[0].slider(tr("separable.ctl.kernel"), **ui.link_widget(PAGE, "kernel_size"), persist_state=KEEP, **ONLY_RESULTS)
row[1].slider(tr("separable.ctl.stride"), **ui.link_widget(PAGE, "stride"), persist_state=KEEP, **ONLY_RESULTS)
row[2].slider(tr("separable.ctl.multiplier"), **ui.link_widget(PAGE, "multiplier"),
              help=tr("separable.ctl.multiplier.help"), persist_state=KEEP, **ONLY_RESULTS)
row[3].checkbox(tr("separable.ctl.bias"), **ui.link_widget(PAGE, "bias"), persist_state=KEEP, **ONLY_RESULTS)


def measurement(pair: SeparableComparison, input_shape: tuple[int, ...], devices: list[str]) -> None:
    """The measured speed of both ways, behind its button with progress (drawn only while its expander is open;
    the result is kept per configuration and device, so another configuration shows no stale result)."""
    st.markdown(tr("separable.measure.explain"))
    device_col, button_col = st.columns([1, 3], vertical_alignment="bottom")
    device_col.selectbox(tr("separable.ctl.device"), **ui.link_widget(PAGE, "device", options=devices),
                         persist_state=KEEP)
    config = (pair.standard, pair.depthwise, pair.pointwise, input_shape, values["device"])
    if button_col.button(tr("separable.ctl.measure"), key="s_measure", type="primary", icon=":material/timer:"):
        state["s_measured"] = config
    st.caption(tr("separable.measure.hint", device=values["device"], each=format_seconds(MEASURE_SECONDS),
                  total=format_seconds(2 * MEASURE_SECONDS)))
    if state.get("s_measured") != config:
        return
    try:
        standard_t, pair_t = measure_pair(*config, tr("separable.measure.progress"))
    except ConvSpecError as error:
        ui.show_error(tr, error)
        return
    flop_ratio = standard_t.flops / pair_t.flops
    spread = timing.time_ratio(standard_t, pair_t)
    for column, part, measured in zip(st.columns(2, border=True), ("standard", "separable"), (standard_t, pair_t)):
        with column:
            st.markdown(f"**{tr('separable.part.' + part)}**")
            st.metric(tr("separable.measure.time"), format_seconds(measured.median_s))
            st.caption(tr("separable.measure.median", median=format_seconds(measured.median_s),
                          q1=format_seconds(measured.q1_s), q3=format_seconds(measured.q3_s),
                          runs=measured.runs * measured.number_per_run))
            st.metric(tr("separable.measure.flops"), format_int(measured.flops))
            st.caption(tr("separable.measure.gflops", gflops=f"{measured.gflops_per_s:.2f}"))
    ratios = st.columns(2)
    ratios[0].metric(tr("separable.measure.flop_ratio"), f"{flop_ratio:.2f}×")
    ratios[1].metric(tr("separable.measure.time_ratio"), f"{spread.median:.2f}×")
    st.markdown(tr("separable.measure.summary", flop_ratio=f"{flop_ratio:.1f}", time_ratio=f"{spread.median:.1f}",
                   low=f"{spread.low:.1f}", high=f"{spread.high:.1f}"))
    if spread.low <= flop_ratio <= spread.high:
        verdict = "separable.measure.overlap"
    else:
        verdict = "separable.measure.below" if spread.median < flop_ratio else "separable.measure.above"
    st.markdown(tr(verdict, pair_gflops=f"{pair_t.gflops_per_s:.1f}", std_gflops=f"{standard_t.gflops_per_s:.1f}",
                   low=f"{spread.low:.1f}", high=f"{spread.high:.1f}"))
    fig_labels = {"flops": tr("separable.fig.flops"), "time": tr("separable.fig.time"), "y": tr("separable.fig.y")}
    ui.plotly_chart(measured_figure(flop_ratio, spread.median, spread.low, spread.high, labels=fig_labels),
                    key="s_measured_figure")
    st.caption(tr("separable.measure.conditions", device=pair_t.device, threads=pair_t.threads, dtype=pair_t.dtype))


@st.fragment(key=RESULTS)
def separable_results() -> None:
    """Everything the controls drive, in one keyed fragment: the copy-link box (so the URL follows every change),
    the three layers' numbers PyTorch confirms, the savings formula checked against PyTorch's modules and the
    figure; the PyTorch code and the measurement (device, button, progress, result) in lazy expanders."""
    devices = ui.devices()
    if values["device"] not in devices:
        values["device"] = "cpu"
    ui.write_page_url(tr, PAGE, LINK_DEFAULTS, sidebar=False)
    c_in, c_out, k = int(values["in_channels"]), int(values["out_channels"]), int(values["kernel_size"])
    input_shape = (int(values["batch"]), c_in, int(values["input_size"]), int(values["input_size"]))
    try:
        pair = separable_comparison(c_in, c_out, k, input_shape, multiplier=int(values["multiplier"]),
                                    stride=int(values["stride"]), bias=bool(values["bias"]))
    except ConvSpecError as error:
        ui.show_error(tr, error)
        return
    st.subheader(tr("separable.layers.heading"))
    params, macs = pair.params(), pair.macs()
    shapes = (pair.output_shape, pair.depthwise_output, pair.output_shape)
    for column, part, spec, shape, n_params, n_macs in zip(
        st.columns(3, border=True), ("standard", "depthwise", "pointwise"),
        (pair.standard, pair.depthwise, pair.pointwise), shapes, params, macs,
    ):
        with column:
            st.markdown(f"**{tr('separable.part.' + part)}**\n\n`{module_expression(spec)}`\n\n"
                        f"{tr('separable.res.output')}: `{format_shape(shape)}`")
            st.metric(tr("separable.res.params"), format_int(n_params))
            st.metric(tr("separable.res.macs"), format_int(n_macs))
    pair_params, pair_macs = params[1] + params[2], macs[1] + macs[2]
    st.markdown(tr("separable.res.total", dw=format_int(params[1]), pw=format_int(params[2]),
                   total=format_int(pair_params), macs=format_int(pair_macs), std=format_int(params[0]),
                   std_macs=format_int(macs[0]), share=f"{pair_params / params[0]:.1%}",
                   factor=f"{macs[0] / pair_macs:.1f}"))
    try:
        runs = [ui.run_summary(spec, shape, "cpu") for spec, shape in
                ((pair.standard, input_shape), (pair.depthwise, input_shape),
                 (pair.pointwise, pair.depthwise_output))]
        if runs[0].output_shape == runs[2].output_shape == pair.output_shape:
            modules = ", ".join(f"`{module_expression(layer)}`"
                                for layer in (pair.standard, pair.depthwise, pair.pointwise))
            st.success(tr("separable.res.confirm", modules=modules, shape=format_shape(pair.output_shape),
                          device=runs[0].device), icon=":material/check_circle:")
        else:
            st.error(tr("separable.res.mismatch", torch_shape=format_shape(runs[2].output_shape),
                        shape=format_shape(pair.output_shape)))
    except ConvSpecError as error:
        ui.show_error(tr, error)
    ui.pytorch_code(tr, separable_snippet(pair.depthwise, pair.pointwise, pair.standard, input_shape), key="s_code")
    ui.open_in_explorer(tr, Preset("separable_page", pair.depthwise, input_shape, pair.pointwise), key="s_open")

    st.markdown(f"## {tr('separable.formula.heading')}\n\n{tr('separable.formula.explain')}")
    st.latex(ui.stacked_latex(list(ratio_latex(pair))))
    (std_w, std_p), (dw_w, dw_p), (pw_w, pw_p) = param_counts(pair.standard, pair.depthwise, pair.pointwise)
    ratio = pair.howard_ratio()
    torch_ratio = (dw_w + pw_w) / std_w
    verdict = "separable.check.equal" if (dw_w + pw_w) * ratio.denominator == std_w * ratio.numerator \
        else "separable.check.differs"
    if pair.standard.bias:
        bias = tr("separable.check.bias", sep=format_int(dw_p + pw_p), std=format_int(std_p),
                  ratio=f"{(dw_p + pw_p) / std_p:.4f}", bias_sep=format_int(dw_p + pw_p - dw_w - pw_w),
                  bias_std=format_int(std_p - std_w))
    else:
        bias = tr("separable.check.no_bias")
    st.markdown(tr("separable.check.weights", dw=format_int(dw_w), pw=format_int(pw_w), sep=format_int(dw_w + pw_w),
                   std=format_int(std_w), ratio=f"{torch_ratio:.4f}", verdict=tr(verdict)) + "\n\n" + bias)

    st.subheader(tr("separable.figure.heading"))
    figure_labels = tuple((name, tr(f"separable.part.{name}"))
                          for name in ("standard", "separable", "depthwise", "pointwise")) \
        + (("params", tr("separable.fig.params")), ("macs", tr("separable.fig.macs")))
    ui.plotly_chart(comparison_chart(pair, figure_labels), key="s_figure")

    box = st.expander(tr("separable.measure.heading"), key="s_measure_open", on_change="rerun",
                      icon=":material/timer:")
    if box.open:
        with box:
            measurement(pair, input_shape, devices)


separable_results()
