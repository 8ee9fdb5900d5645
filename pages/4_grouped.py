"""Grouped convolution: what groups connects to what, why weights and MACs divide, channel shuffle."""

import streamlit as st

import ui
from convviz.layer.errors import ConvSpecError, MemoryLimitError
from convviz.layer.presets import Preset
from convviz.layer.spec import ConvSpec, valid_groups
from convviz.lessons import grouped as gc
from convviz.plotting import PreparedFigure, prepare
from convviz.runtime.torch_counts import torch_counts
from convviz.text.snippet import module_expression, pytorch_snippet
from convviz.text.units import format_int, format_shape

tr = ui.setup_page("gc.title")
state = st.session_state
PAGE = "grouped"  # the page's URL path and link schema (ui/link_schema.py: bounds, keys, defaults)
LINK_DEFAULTS = ui.link_defaults(PAGE)  # the article's layer, channel shuffle on
values = ui.link_state(PAGE)  # the linked values by link name (values["groups"]), not by widget key
ARTICLE = {key: value for key, value in LINK_DEFAULTS.items() if key != ui.link_key(PAGE, "shuffle")}
for key, value in LINK_DEFAULTS.items():
    state.setdefault(key, value)
ui.sync_page_url(tr, PAGE, LINK_DEFAULTS, write=False)  # the results fragment writes the URL on every run
KEEP = "session"  # the shuffle switch sits in a lazy expander: keep its value while the expander is closed
RESULTS = "gc_results"  # the keyed fragment a result-only control reruns (the controls stay as drawn)
ONLY_RESULTS = {"on_change": ui.rerun_only, "args": (RESULTS,)}


def load_article() -> None:
    state.update(ARTICLE)


@st.cache_data(max_entries=64, show_spinner=False)
def counts(spec: ConvSpec, input_shape: tuple[int, ...]):
    return torch_counts(spec, input_shape), torch_counts(gc.standard_of(spec), input_shape)


@st.cache_data(max_entries=64, show_spinner=False)
def shuffle_ok(channels: int, groups: int) -> bool:
    return gc.shuffle_matches_torch(channels, groups)


# Figures built and validated once per configuration and language, shared read-only (convviz/plotting.py).
Labels = tuple[tuple[str, str], ...]


@st.cache_resource(max_entries=64, show_spinner=False)
def connectivity_chart(spec: ConvSpec, labels: Labels) -> PreparedFigure:
    return prepare(gc.connectivity_figure(spec, labels=dict(labels)))


@st.cache_resource(max_entries=64, show_spinner=False)
def matrix_chart(spec: ConvSpec, labels: Labels) -> PreparedFigure:
    return prepare(gc.weight_matrix_figure(spec, labels=dict(labels)))


@st.cache_resource(max_entries=64, show_spinner=False)
def shuffle_chart(channels: int, groups: int, shuffle: bool, labels: Labels) -> PreparedFigure:
    return prepare(gc.shuffle_figure(channels, groups, shuffle=shuffle, labels=dict(labels)))


st.title(tr("gc.title"))
st.caption(tr("gc.caption"))
st.markdown(tr("gc.intro"))

# Controls: drawn on full runs only. The channel counts change the groups' options (and the example button sets
# every control), so they rerun the page; the other controls change only the results (ui.rerun_only).
with st.container(horizontal=True, key="gc_examples"):
    st.markdown(f"**{tr('gc.example')}:**")
    st.button(tr("gc.example.button"), key="gc_example_article", on_click=load_article)
cols = st.columns(5)
cols[0].number_input(tr("gc.ctl.in_channels"), step=1, **ui.link_widget(PAGE, "in_channels"))
cols[1].number_input(tr("gc.ctl.out_channels"), step=1, **ui.link_widget(PAGE, "out_channels"))
cols[2].select_slider(tr("gc.ctl.kernel_size"), **ui.link_widget(PAGE, "kernel_size"), **ONLY_RESULTS)
cols[3].number_input(tr("gc.ctl.size"), step=1, **ui.link_widget(PAGE, "input_size"), **ONLY_RESULTS)
cols[4].checkbox(tr("gc.ctl.bias"), **ui.link_widget(PAGE, "bias"), **ONLY_RESULTS)

c_in, c_out = int(values["in_channels"]), int(values["out_channels"])
options = valid_groups(c_in, c_out)
if values["groups"] not in options:
    new = max(g for g in options if g <= values["groups"])
    st.info(tr("gc.ctl.groups.reset", old=values["groups"], new=new), icon=":material/info:")
    values["groups"] = new
depthwise = tr("gc.ctl.groups.depthwise", c=c_in) if c_in in options else tr("gc.ctl.groups.no_depthwise")
st.select_slider(tr("gc.ctl.groups"), options, key=ui.link_key(PAGE, "groups"), **ONLY_RESULTS,
                 help=tr("gc.ctl.groups.help", valid=", ".join(map(str, options)), depthwise=depthwise))


def shuffle_section(c_out: int, g: int) -> None:
    """Channel shuffle between two grouped layers (drawn only while its expander is open)."""
    st.markdown(tr("gc.shuffle.explain", c=c_out, g=g))
    if g == 1:
        st.info(tr("gc.shuffle.none"), icon=":material/info:")
        return
    shuffle = st.toggle(tr("gc.shuffle.toggle"), **ui.link_widget(PAGE, "shuffle"), persist_state=KEEP)
    seen_off = gc.groups_seen(c_out, g, shuffle=False)[0]
    seen_on = gc.groups_seen(c_out, g, shuffle=True)[0]
    on = [p for p, n in enumerate(seen_on) if n]
    lines = [tr("gc.shuffle.result", off=", ".join(str(p) for p, n in enumerate(seen_off) if n),
                on=", ".join(map(str, on)), count=len(on), g=g)]
    if c_out // g < g:
        lines.append(tr("gc.shuffle.limit", per=c_out // g, g=g))
    st.markdown("\n\n".join(lines))
    shuffle_labels = (("before", tr("gc.shuffle.before")), ("after", tr("gc.shuffle.after")),
                      ("seen_rows", tr("gc.shuffle.rows")), ("seen_cols", tr("gc.shuffle.cols")),
                      ("channels", tr("gc.shuffle.channels")), ("wiring", tr("gc.shuffle.wiring")),
                      ("seen", tr("gc.shuffle.seen")))
    ui.plotly_chart(shuffle_chart(c_out, g, bool(shuffle), shuffle_labels), key="gc_shuffle_fig")
    lines = [tr("gc.shuffle.torch", g=g, ok=tr("gc.yes") if shuffle_ok(c_out, g) else tr("gc.no"))]
    if c_out > gc.MAX_DRAWN:
        lines.insert(0, tr("gc.shuffle.no_wiring", limit=gc.MAX_DRAWN, c=c_out))
    st.markdown("\n\n".join(lines))


@st.fragment(key=RESULTS)
def grouped_results() -> None:
    """Everything the controls drive, in one keyed fragment: the copy-link box (so the URL follows every change),
    the numbers PyTorch confirms, the formulas and the two connectivity figures; the PyTorch code and the channel
    shuffle (with its switch) in lazy expanders, drawn only while open."""
    ui.write_page_url(tr, PAGE, LINK_DEFAULTS, sidebar=False)
    c_in, c_out = int(values["in_channels"]), int(values["out_channels"])
    try:
        kernel = int(values["kernel_size"])
        spec = ConvSpec(c_in, c_out, kernel, padding=kernel // 2, groups=int(values["groups"]),
                        bias=bool(values["bias"]))
        size = int(values["input_size"])
        input_shape = (1, c_in, size, size)
        output_shape = spec.output_shape(input_shape)
        numbers = gc.grouped_counts(spec, input_shape)
    except ConvSpecError as error:
        ui.show_error(tr, error)
        return

    with st.container(horizontal=True, key="gc_metrics"):
        st.metric(tr("gc.res.output_shape"), format_shape(output_shape))
        st.metric(tr("gc.res.weight_shape"), format_shape(spec.weight_shape))
        st.metric(tr("gc.res.params"), format_int(numbers.params), delta_color="off", delta_arrow="off",
                  delta=tr("gc.res.vs_standard", value=format_int(numbers.standard_params)))
        st.metric(tr("gc.res.macs"), format_int(numbers.macs), delta_color="off", delta_arrow="off",
                  delta=tr("gc.res.vs_standard", value=format_int(numbers.standard_macs)),
                  help=tr("gc.res.macs.help"))

    try:
        run = ui.run_summary(spec, input_shape, "cpu")
        measured, measured_std = counts(spec, input_shape)
        ours = (output_shape, numbers.params, numbers.standard_params, spec.flops(input_shape))
        theirs = (run.output_shape, measured.params, measured_std.params, measured.flops)
        if ours == theirs:
            st.success(tr("gc.confirm", module=module_expression(spec), device=run.device,
                          shape=format_shape(run.output_shape), params=format_int(measured.params),
                          std_params=format_int(measured_std.params), flops=format_int(measured.flops),
                          macs=format_int(numbers.macs)), icon=":material/check_circle:")
        else:
            st.error(tr("gc.mismatch", torch=theirs, ours=ours))
    except MemoryLimitError as error:
        ui.show_error(tr, error)
    ui.pytorch_code(tr, pytorch_snippet(spec, input_shape), key="gc_code")
    st.caption(tr("gc.explorer_hint"))
    ui.open_in_explorer(tr, Preset("grouped_page", spec, input_shape), key="gc_open_explorer")

    ui.section(tr("gc.formulas"), tr("gc.formulas.explain", std_weights=format_int(numbers.standard_weights),
                                     g=spec.groups, weights=format_int(numbers.weights),
                                     bias=format_int(numbers.bias), std_params=format_int(numbers.standard_params),
                                     params=format_int(numbers.params), ratio=f"{numbers.param_ratio:.2%}",
                                     exact=f"{1 / spec.groups:.2%}", std_macs=format_int(numbers.standard_macs),
                                     macs=format_int(numbers.macs)))
    st.latex(ui.stacked_latex([gc.division_latex(spec), gc.macs_division_latex(spec, input_shape)]))

    notes = [tr("gc.figures.explain")]
    if max(c_in, c_out) > gc.MAX_DRAWN:
        notes.append(tr("gc.figures.subsampled", in_drawn=min(c_in, gc.MAX_DRAWN), in_channels=c_in,
                        out_drawn=min(c_out, gc.MAX_DRAWN), out_channels=c_out, limit=gc.MAX_DRAWN))
    if spec.groups > len(gc.OKABE_ITO):
        notes.append(tr("gc.figures.repeat"))
    ui.section(tr("gc.figures"), *notes)
    fig_labels = tuple((name, tr(f"gc.fig.{name}"))
                       for name in ("inputs", "filters", "outputs", "group", "channel", "filter"))
    matrix_labels = tuple((name, tr(f"gc.fig.{name}")) for name in ("in", "out", "group", "weights"))
    drawn = ConvSpec(c_in, c_out, kernel, groups=spec.groups)  # what the figures show: not the input size or bias
    diagram, matrix = st.columns(2)
    with diagram:
        ui.plotly_chart(connectivity_chart(drawn, fig_labels), key="gc_connectivity")
    with matrix:
        ui.plotly_chart(matrix_chart(drawn, matrix_labels), key="gc_matrix")

    box = st.expander(tr("gc.shuffle"), key="gc_shuffle_open", on_change="rerun", icon=":material/shuffle:")
    if box.open:
        with box:
            shuffle_section(c_out, spec.groups)


grouped_results()
