"""Dilated (atrous) convolution: the kernel with its holes, the padding that keeps the size, receptive-field
growth of a stack, and the gridding effect."""

import streamlit as st

import ui
from convviz import dilated, formulas
from convviz.errors import ConvSpecError
from convviz.figures import PreparedFigure, prepare
from convviz.presets import PRESETS, Preset
from convviz.snippet import module_expression, pytorch_snippet, stack_snippet
from convviz.spec import ConvSpec
from convviz.units import format_int, format_shape

tr = ui.setup_page("dilated.title", icon=":material/blur_on:")
state = st.session_state
KEEP = "session"
ARTICLE = PRESETS["dilated"]  # Conv2d(1, 1, 3, dilation=2) on (1, 1, 7, 7)
DEFAULTS = {"d_size": ARTICLE.input_shape[2], "d_kernel": ARTICLE.spec.kernel_size[0],
            "d_dilation": ARTICLE.spec.dilation[0], "d_stride": 1, "d_padding_kind": "number", "d_padding": 0,
            "d_out_row": 0, "d_out_col": 0, "d_rate_0": 2, "d_rate_1": 2, "d_rate_2": 2, "d_stack_kernel": 3,
            "d_layers": 6}
for key, value in DEFAULTS.items():
    state.setdefault(key, value)
ui.sync_page_url(tr, "dilated", DEFAULTS, write=False)  # the panel writes the URL on every run, below


def keep_size() -> None:
    pad = dilated.keep_size_padding(state["d_kernel"], state["d_dilation"])
    state["d_stride"] = 1
    state["d_padding_kind"] = "number" if pad is not None else "same"
    if pad is not None:
        state["d_padding"] = min(pad, 15)


def reset_layer() -> None:
    for key in ("d_size", "d_kernel", "d_dilation", "d_stride", "d_padding_kind", "d_padding", "d_out_row",
                "d_out_col"):
        state[key] = DEFAULTS[key]


def set_rates(rates: tuple[int, int, int]) -> None:
    for i, rate in enumerate(rates):
        state[f"d_rate_{i}"] = rate


# Figures built and validated once per configuration and language, shared read-only (convviz/figures.py).
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

@st.fragment
def kernel_panel(spec: ConvSpec, input_shape: tuple[int, ...], output_shape: tuple[int, ...]) -> None:
    """Output row/column and the kernel on the input: choosing another output element reruns only this panel
    (its keys are not part of the page's link)."""
    row_col = st.columns([1, 1, 3])
    for axis, (key, label) in enumerate((("d_out_row", "dilated.ctl.out_row"), ("d_out_col", "dilated.ctl.out_col"))):
        state[key] = min(int(state[key]), output_shape[2 + axis] - 1)
        row_col[axis].number_input(tr(label), 0, output_shape[2 + axis] - 1, step=1, key=key)
    index = (int(state["d_out_row"]), int(state["d_out_col"]))
    st.caption(tr("dilated.figure.caption", row=index[0], col=index[1]))
    figure_labels = tuple((name, tr(f"dilated.fig.{name}"))
                          for name in ("input", "padding", "tap", "hole", "span", "x", "y"))
    st.plotly_chart(kernel_chart(spec, input_shape, index, figure_labels), key="d_kernel_figure",
                    config={"displayModeBar": False})



@st.fragment
def dilated_panel() -> None:
    """The layer's controls, its numbers and kernel figure, and the stacks' controls and figures in one fragment:
    a control change reruns only this panel (not the sidebar, title and introduction), and the copy-link box is
    drawn under the layer's controls, so the URL follows every change."""
    controls, results = st.columns([1, 2], gap="large")
    with controls:
        st.number_input(tr("dilated.ctl.size"), 1, 64, step=1, key="d_size", persist_state=KEEP)
        st.slider(tr("dilated.ctl.kernel"), 1, 7, key="d_kernel", persist_state=KEEP)
        st.slider(tr("dilated.ctl.dilation"), 1, 6, key="d_dilation", persist_state=KEEP)
        st.slider(tr("dilated.ctl.stride"), 1, 3, key="d_stride", persist_state=KEEP)
        st.segmented_control(tr("dilated.ctl.padding_kind"), ("number", "same"), required=True, key="d_padding_kind",
                             format_func=lambda kind: tr(f"dilated.ctl.padding_kind.{kind}"), persist_state=KEEP)
        if state["d_padding_kind"] == "number":
            st.slider(tr("dilated.ctl.padding"), 0, 15, key="d_padding", persist_state=KEEP)
        with st.container(horizontal=True):
            st.button(tr("dilated.ctl.keep"), key="d_keep", on_click=keep_size, help=tr("dilated.ctl.keep.help"))
            st.button(tr("dilated.ctl.reset"), key="d_reset", on_click=reset_layer)
        ui.write_page_url(tr, "dilated", DEFAULTS, sidebar=False)  # the URL and the copy-link box follow every change

    size, k, d, s = int(state["d_size"]), int(state["d_kernel"]), int(state["d_dilation"]), int(state["d_stride"])
    padding = "same" if state["d_padding_kind"] == "same" else int(state["d_padding"])
    input_shape = (1, 1, size, size)

    with results:
        try:
            spec = ConvSpec(1, 1, k, stride=s, padding=padding, dilation=d)
            output_shape = spec.output_shape(input_shape)
        except ConvSpecError as error:
            ui.show_error(tr, error)
            return
        cols = [*st.columns(2), *st.columns(2)]
        cols[0].metric(tr("dilated.res.input"), format_shape(input_shape))
        cols[1].metric(tr("dilated.res.output"), format_shape(output_shape))
        cols[2].metric(tr("dilated.res.k_eff"), "×".join(map(str, spec.effective_kernel_size)))
        cols[3].metric(tr("dilated.res.params"), format_int(spec.param_count()), help=tr("dilated.res.params.help"))
        try:
            run = ui.run_summary(spec, input_shape, "cpu")
            if run.output_shape == output_shape:
                st.success(tr("dilated.res.confirm", module=module_expression(spec), device=run.device,
                              shape=format_shape(run.output_shape)), icon=":material/check_circle:")
            else:
                st.error(tr("dilated.res.mismatch", torch_shape=format_shape(run.output_shape),
                            shape=format_shape(output_shape)))
        except ConvSpecError as error:
            ui.show_error(tr, error)

        st.subheader(tr("dilated.k_eff.heading"))
        st.latex(dilated.effective_kernel_latex(spec))
        st.subheader(tr("dilated.size.heading"))
        st.latex(formulas.output_size_latex(spec, input_shape)[0])
        st.subheader(tr("dilated.keep.heading"))
        out_size = output_shape[2]
        if dilated.keeps_size(spec, input_shape):
            st.markdown(tr("dilated.keep.yes", size=size))
        else:
            key = "dilated.keep.stride" if s > 1 else "dilated.keep.no"
            st.markdown(tr(key, size=size, out=f"{out_size}×{out_size}", stride=s))
            st.latex(dilated.keep_size_latex(k, d, size))
        ui.pytorch_code(tr, pytorch_snippet(spec, input_shape))
        ui.open_in_explorer(tr, Preset("dilated_page", spec, input_shape), key="d_open")

    st.subheader(tr("dilated.figure.heading"))
    kernel_panel(spec, input_shape, output_shape)

    # ---- stacks ----------------------------------------------------------------------------------------------
    st.header(tr("dilated.stack.heading"))
    st.markdown(tr("dilated.stack.intro"))
    with st.container(horizontal=True):
        st.button(tr("dilated.ctl.preset_222"), key="d_preset_222", on_click=set_rates, args=((2, 2, 2),))
        st.button(tr("dilated.ctl.preset_125"), key="d_preset_125", on_click=set_rates, args=((1, 2, 5),))
    rate_cols = st.columns(4)
    for i in range(3):
        rate_cols[i].number_input(tr("dilated.ctl.rate", n=i + 1), 1, 8, step=1, key=f"d_rate_{i}", persist_state=KEEP)
    rate_cols[3].slider(tr("dilated.ctl.stack_kernel"), 2, 5, key="d_stack_kernel", persist_state=KEEP)
    rates = tuple(int(state[f"d_rate_{i}"]) for i in range(3))
    stack_k = int(state["d_stack_kernel"])
    rates_text = ", ".join(map(str, rates))

    growth_col, grid_col = st.columns(2, gap="large")
    with growth_col:
        st.subheader(tr("dilated.growth.heading"))
        st.slider(tr("dilated.ctl.layers"), 3, 12, key="d_layers", persist_state=KEEP)
        growth = dilated.rf_growth(dilated.cycled(rates, int(state["d_layers"])), stack_k)
        st.caption(tr("dilated.growth.caption", rates=", ".join(map(str, growth.rates)), k=stack_k))
        growth_labels = (("dilated", tr("dilated.growth.dilated", rates=rates_text)),
                         ("undilated", tr("dilated.growth.undilated")),
                         ("x", tr("dilated.growth.x")), ("y", tr("dilated.growth.y")))
        st.plotly_chart(growth_chart(growth, growth_labels), key="d_growth_figure", config={"displayModeBar": False})
        ui.pytorch_code(tr, stack_snippet(dilated.dilated_stack(growth.rates, stack_k), input_shape), stack=True)

    with grid_col:
        st.subheader(tr("dilated.grid.heading"))
        grid = gridding(rates, stack_k)
        total = grid.rf_size ** 2
        metrics = st.columns(3)
        metrics[0].metric(tr("dilated.grid.rf"), f"{grid.rf_size}×{grid.rf_size}")
        metrics[1].metric(tr("dilated.grid.reached"), format_int(grid.reached))
        metrics[2].metric(tr("dilated.grid.holes"), format_int(grid.hole_count))
        st.latex(dilated.rf_sum_latex(rates, stack_k))
        if grid.hole_count:
            st.error(tr("dilated.grid.has_holes", rates=rates_text, holes=format_int(grid.hole_count),
                        total=format_int(total)), icon=":material/grid_4x4:")
            if grid.common_factor > 1:
                st.caption(tr("dilated.grid.gcd", g=grid.common_factor))
        else:
            st.success(tr("dilated.grid.no_holes", rates=rates_text, size=grid.rf_size), icon=":material/check_circle:")
        st.caption(tr("dilated.grid.caption"))
        grid_labels = tuple((name, tr(f"dilated.grid.{name}")) for name in ("count", "hole", "x", "y"))
        st.plotly_chart(gridding_chart(rates, stack_k, grid_labels), key="d_grid_figure",
                        config={"displayModeBar": False})


st.header(tr("dilated.layer.heading"))
dilated_panel()
