"""Dilated (atrous) convolution: the kernel with its holes, the padding that keeps the size, receptive-field
growth of a stack, and the gridding effect."""

import streamlit as st

import ui
from convviz.layer.errors import ConvSpecError
from convviz.layer.presets import Preset
from convviz.layer.spec import ConvSpec
from convviz.lessons import dilated
from convviz.plotting import PreparedFigure, prepare
from convviz.text import formulas
from convviz.text.snippet import pytorch_snippet, stack_snippet
from convviz.text.units import format_int, format_shape

tr = ui.setup_page("dilated.title")
state = st.session_state
KEEP = "session"
PAGE = "dilated"  # the page's URL path and link schema (ui/link_schema.py: bounds, keys, defaults)
# The link's values (the layer of the article's example, convviz.layer.presets.PRESETS["dilated"]) and the output
# element shown.
DEFAULTS = {**ui.link_defaults(PAGE), "d_out_row": 0, "d_out_col": 0}
values = ui.link_state(PAGE)  # the linked values by link name (values["kernel_size"]), not by widget key
for key, value in DEFAULTS.items():
    state.setdefault(key, value)
ui.sync_page_url(tr, PAGE, DEFAULTS, write=False)  # the link fragment writes the URL on every run, below
# Keyed fragments: a control that changes only results reruns only the fragments it drives (ui.rerun_only),
# and the link fragment (the URL and the copy-link box follow every change); the controls stay as drawn.
LAYER, FIGURE, STACK, LINK = "d_layer", "d_figure", "d_stack", "d_link"


def only(*fragments: str) -> dict:
    """Widget arguments: a change reruns only ``fragments`` and the link fragment."""
    return {"on_change": ui.rerun_only, "args": (*fragments, LINK)}


def keep_size() -> None:
    pad = dilated.keep_size_padding(values["kernel_size"], values["dilation"])
    values["stride"] = 1
    values["padding_kind"] = "number" if pad is not None else "same"
    if pad is not None:
        values["padding"] = min(pad, ui.link_bounds(PAGE, "padding")[1])


def reset_layer() -> None:
    values.reset("input_size", "kernel_size", "dilation", "stride", "padding_kind", "padding")
    for key in ("d_out_row", "d_out_col"):
        state[key] = DEFAULTS[key]


def set_rates(rates: tuple[int, int, int]) -> None:
    values["rates"] = rates


# Figures built and validated once per configuration and language, shared read-only (convviz/plotting.py).
Labels = tuple[tuple[str, str], ...]


@st.cache_resource(max_entries=128, show_spinner=False)
def kernel_chart(spec: ConvSpec, input_shape: tuple[int, ...], index: tuple[int, int],
                 labels: Labels) -> PreparedFigure:
    return prepare(dilated.kernel_on_input_figure(spec, input_shape, index, labels=dict(labels)))


@st.cache_resource(max_entries=64, show_spinner=False)
def growth_chart(growth: dilated.Growth, labels: Labels) -> PreparedFigure:
    return prepare(dilated.rf_growth_figure(growth, labels=dict(labels)))


@st.cache_resource(max_entries=64, show_spinner=False)
def gridding(rates: tuple[int, ...], kernel_size: int) -> dilated.Gridding:
    return dilated.gridding(rates, kernel_size)


@st.cache_resource(max_entries=64, show_spinner=False)
def gridding_chart(rates: tuple[int, ...], kernel_size: int, labels: Labels) -> PreparedFigure:
    return prepare(dilated.gridding_figure(gridding(rates, kernel_size), labels=dict(labels)))


st.title(tr("dilated.title"))
st.caption(tr("dilated.caption"))
st.markdown(tr("dilated.intro"))
st.warning(tr("dilated.correction"), icon=":material/rule:")


def layer() -> tuple[ConvSpec, tuple[int, ...], tuple[int, ...]]:
    """The layer of the controls, its input and output shapes; raises ConvSpecError."""
    size, k, d = int(values["input_size"]), int(values["kernel_size"]), int(values["dilation"])
    s = int(values["stride"])
    padding = "same" if values["padding_kind"] == "same" else int(values["padding"])
    input_shape = (1, 1, size, size)
    spec = ConvSpec(1, 1, k, stride=s, padding=padding, dilation=d)
    return spec, input_shape, spec.output_shape(input_shape)


@st.fragment(key=LINK)
def link_box() -> None:
    """The URL and the copy-link box, rerun with every fragment a linked control drives."""
    ui.write_page_url(tr, PAGE, DEFAULTS, sidebar=False)


@st.fragment(key=LAYER)
def layer_results() -> None:
    """The layer's numbers (checked by PyTorch), its formulas and whether it keeps the size; the PyTorch code in
    a lazy expander (drawn only while open)."""
    try:
        spec, input_shape, output_shape = layer()
    except ConvSpecError as error:
        ui.show_error(tr, error)
        return
    with st.container(horizontal=True, key="d_metrics"):
        st.metric(tr("dilated.res.input"), format_shape(input_shape))
        st.metric(tr("dilated.res.output"), format_shape(output_shape))
        st.metric(tr("dilated.res.k_eff"), "×".join(map(str, spec.effective_kernel_size)))
        st.metric(tr("dilated.res.params"), format_int(spec.param_count()), help=tr("dilated.res.params.help"))
    ui.send_now()  # the numbers reach the screen before the formulas are drawn
    try:
        ui.confirm_shape(tr, spec, output_shape, ui.run_summary(spec, input_shape, "cpu"), "dilated.res")
    except ConvSpecError as error:
        ui.show_error(tr, error)

    size, out_size, s = input_shape[2], output_shape[2], spec.stride[0]
    st.markdown(f"#### {tr('dilated.formulas.heading')}")
    st.latex(ui.stacked_latex([dilated.effective_kernel_latex(spec), formulas.output_size_latex(spec, input_shape)[0]]))
    if dilated.keeps_size(spec, input_shape):
        st.markdown(f"#### {tr('dilated.keep.heading')}\n\n" + tr("dilated.keep.yes", size=size))
    else:
        key = "dilated.keep.stride" if s > 1 else "dilated.keep.no"
        pad = dilated.strided_keep_size_padding(size, spec.kernel_size[0], spec.dilation[0], s)
        st.markdown(f"#### {tr('dilated.keep.heading')}\n\n"
                    + tr(key, size=size, out=f"{out_size}×{out_size}", stride=s, pad=pad))
        st.latex(dilated.keep_size_latex(spec.kernel_size[0], spec.dilation[0], size))
    ui.pytorch_code(tr, pytorch_snippet(spec, input_shape), key="d_code")
    ui.open_in_explorer(tr, Preset("dilated_page", spec, input_shape), key="d_open")


@st.fragment(key=FIGURE)
def kernel_figure() -> None:
    """Output row/column and the kernel on the input: a layer control reruns it (the row/column bounds follow the
    output), and choosing another output element reruns only this fragment (its keys are not part of the link).
    An invalid layer draws nothing here: its error is shown once, with the layer's numbers."""
    try:
        spec, input_shape, output_shape = layer()
    except ConvSpecError:
        return
    with st.container(horizontal=True, key="d_out_cell"):
        for axis, (key, label) in enumerate((("d_out_row", "dilated.ctl.out_row"),
                                             ("d_out_col", "dilated.ctl.out_col"))):
            state[key] = min(int(state[key]), output_shape[2 + axis] - 1)
            st.number_input(tr(label), 0, output_shape[2 + axis] - 1, step=1, key=key, width=180)
    index = (int(state["d_out_row"]), int(state["d_out_col"]))
    st.caption(tr("dilated.figure.caption", row=index[0], col=index[1]))
    figure_labels = tuple((name, tr(f"dilated.fig.{name}"))
                          for name in ("input", "padding", "tap", "hole", "span", "x", "y"))
    ui.plotly_chart(kernel_chart(spec, input_shape, index, figure_labels), key="d_kernel_figure")


def gridding_reason(cause: dilated.GriddingCause) -> str:
    """Why the rates leave holes: a common factor, or a rate that jumps further than the smaller ones fill."""
    if cause.kind == "common_factor":
        return tr("dilated.grid.cause.common_factor", g=cause.common_factor)
    if not cause.smaller:
        return tr("dilated.grid.cause.gap_first", rate=cause.rate, gap=cause.gap)
    return tr("dilated.grid.cause.gap", rate=cause.rate, smaller=", ".join(map(str, cause.smaller)),
              k=cause.kernel_size, terms=" + ".join(map(str, cause.smaller)), run=cause.run, gap=cause.gap)


@st.fragment(key=STACK)
def stack_results() -> None:
    """The stack's receptive-field growth and gridding (the rates and kernel size are controls in the page body;
    the number of layers drawn is a control here); the stack's PyTorch code in a lazy expander."""
    rates = tuple(int(rate) for rate in values["rates"])
    stack_k = int(values["stack_kernel"])
    rates_text = ", ".join(map(str, rates))
    growth_col, grid_col = st.columns(2, gap="large")
    with growth_col:
        st.subheader(tr("dilated.growth.heading"))
        st.slider(tr("dilated.ctl.layers"), **ui.link_widget(PAGE, "layers"), persist_state=KEEP, **only(STACK))
        growth = dilated.rf_growth(dilated.cycled(rates, int(values["layers"])), stack_k)
        st.caption(tr("dilated.growth.caption", rates=", ".join(map(str, growth.rates)), k=stack_k))
        growth_labels = (("dilated", tr("dilated.growth.dilated", rates=rates_text)),
                         ("undilated", tr("dilated.growth.undilated")),
                         ("x", tr("dilated.growth.x")), ("y", tr("dilated.growth.y")))
        ui.plotly_chart(growth_chart(growth, growth_labels), key="d_growth_figure")
        size = int(values["input_size"])  # the stack's code runs on the layer's input
        ui.pytorch_code(tr, stack_snippet(dilated.dilated_stack(growth.rates, stack_k), (1, 1, size, size)),
                        stack=True, key="d_stack_code")

    with grid_col:
        grid = gridding(rates, stack_k)
        total = grid.rf_size ** 2
        st.markdown(f"### {tr('dilated.grid.heading')}")
        with st.container(horizontal=True, key="d_grid_metrics"):
            st.metric(tr("dilated.grid.rf"), f"{grid.rf_size}×{grid.rf_size}")
            st.metric(tr("dilated.grid.reached"), format_int(grid.reached))
            st.metric(tr("dilated.grid.holes"), format_int(grid.hole_count))
        st.latex(dilated.rf_sum_latex(rates, stack_k))
        if grid.hole_count:
            message = tr("dilated.grid.has_holes", rates=rates_text, holes=format_int(grid.hole_count),
                         total=format_int(total))
            st.warning(message + "\n\n" + gridding_reason(dilated.gridding_cause(rates, stack_k)),
                       icon=":material/grid_4x4:")  # a property of the rates, not a failure
        else:
            st.success(tr("dilated.grid.no_holes", rates=rates_text, size=grid.rf_size), icon=":material/check_circle:")
        st.caption(tr("dilated.grid.caption"))
        grid_labels = tuple((name, tr(f"dilated.grid.{name}")) for name in ("count", "hole", "x", "y"))
        ui.plotly_chart(gridding_chart(rates, stack_k, grid_labels), key="d_grid_figure")


# ---- one layer: controls in the page body (drawn on full runs only) ------------------------------------------
st.header(tr("dilated.layer.heading"))
controls, results = st.columns([1, 2], gap="large")
with controls:
    layer_only = only(LAYER, FIGURE)
    st.number_input(tr("dilated.ctl.size"), step=1, **ui.link_widget(PAGE, "input_size"), persist_state=KEEP,
                    **only(LAYER, FIGURE, STACK))  # the stack's code runs on this input
    st.slider(tr("dilated.ctl.kernel"), **ui.link_widget(PAGE, "kernel_size"), persist_state=KEEP, **layer_only)
    st.slider(tr("dilated.ctl.dilation"), **ui.link_widget(PAGE, "dilation"), persist_state=KEEP, **layer_only)
    st.slider(tr("dilated.ctl.stride"), **ui.link_widget(PAGE, "stride"), persist_state=KEEP, **layer_only)
    # 'number' / 'same' shows or hides the padding slider: a change reruns the page
    st.segmented_control(tr("dilated.ctl.padding_kind"), required=True, **ui.link_widget(PAGE, "padding", part="kind"),
                         format_func=lambda kind: tr(f"dilated.ctl.padding_kind.{kind}"), persist_state=KEEP)
    if values["padding_kind"] == "number":
        st.slider(tr("dilated.ctl.padding"), **ui.link_widget(PAGE, "padding"), persist_state=KEEP, **layer_only)
    with st.container(horizontal=True):  # these set other controls: the page reruns
        st.button(tr("dilated.ctl.keep"), key="d_keep", on_click=keep_size, help=tr("dilated.ctl.keep.help"))
        st.button(tr("dilated.ctl.reset"), key="d_reset", on_click=reset_layer)
    link_box()
with results:
    layer_results()
st.subheader(tr("dilated.figure.heading"))
kernel_figure()

# ---- stacks ----------------------------------------------------------------------------------------------
st.markdown(f"## {tr('dilated.stack.heading')}\n\n{tr('dilated.stack.intro')}")
with st.container(horizontal=True):  # these set the rate inputs: the page reruns
    st.button(tr("dilated.ctl.preset_222"), key="d_preset_222", on_click=set_rates, args=((2, 2, 2),))
    st.button(tr("dilated.ctl.preset_125"), key="d_preset_125", on_click=set_rates, args=((1, 2, 5),))
rate_cols = st.columns(4)
for i in range(3):
    rate_cols[i].number_input(tr("dilated.ctl.rate", n=i + 1), step=1, **ui.link_widget(PAGE, "rates", index=i),
                              persist_state=KEEP, **only(STACK))
rate_cols[3].slider(tr("dilated.ctl.stack_kernel"), **ui.link_widget(PAGE, "stack_kernel"), persist_state=KEEP,
                    **only(STACK))
stack_results()
