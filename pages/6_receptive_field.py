"""Receptive-field lab: build a layer stack, read its receptive field layer by layer, watch it grow on an image
or a signal, see the gridding holes, and compare it with the effective receptive field (Luo et al. 2016)."""

import numpy as np
import pandas as pd
import streamlit as st

import ui
from convviz import erf as erf_lib
from convviz import images
from convviz import rf_figures as rff
from convviz import stack as sk
from convviz.coverage import holes, path_counts
from convviz.errors import ConvSpecError
from convviz.figures import PreparedFigure, prepare
from convviz.snippet import stack_snippet
from convviz.spec import ConvSpec
from convviz.units import format_int, format_shape

try:  # the timeline of causal 1-D stacks (convviz/timeline.py)
    from convviz.timeline import timeline_figure
except ImportError:  # pragma: no cover - the page works without it
    timeline_figure = None

tr = ui.setup_page("rf.title", icon=":material/center_focus_strong:")
state = st.session_state
ROWS, EDITOR = "rf_rows", "rf_editor"
MAX_SIZE = {1: 4096, 2: 512}
VIEWS = ("coverage", "erf", "none")


def load_preset(key: str) -> None:
    preset = sk.PRESETS[key]
    state[ROWS] = [dict(row) for row in preset.rows]
    state.update(rf_loaded=key, rf_dims=preset.spatial_dims, rf_size=preset.input_size,
                 rf_in_channels=preset.in_channels, rf_zoom=key.startswith("hdc"))  # small fields: zoom in
    for stale in (EDITOR, "rf_row", "rf_col", "rf_t"):
        state.pop(stale, None)


def on_preset() -> None:
    key = state.get("rf_preset_pick")
    if key:
        load_preset(key)
        state["rf_preset_pick"] = None


if ROWS not in state:
    load_preset("vgg")
DEFAULTS = {ROWS: [dict(row) for row in sk.PRESETS["vgg"].rows], "rf_dims": sk.PRESETS["vgg"].spatial_dims,
            "rf_size": sk.PRESETS["vgg"].input_size, "rf_in_channels": sk.PRESETS["vgg"].in_channels}
ui.sync_page_url(tr, "receptive_field", DEFAULTS, write=False)  # written once the table is read, below
state.setdefault("rf_sample", "grace_hopper")
state.setdefault("rf_view", "coverage")


def table_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame([{column: row.get(column) for column in sk.COLUMNS} for row in rows], columns=sk.COLUMNS)
    for column in ("kernel_size", "stride", "dilation", "groups", "channels"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    frame["padding"] = frame["padding"].map(lambda v: None if v is None else str(v))
    frame["ceil_mode"] = frame["ceil_mode"].map(lambda v: str(v).strip().lower() in ("true", "1", "1.0")).astype(bool)
    return frame


def dims_text(values, sep: str = "×") -> str:
    """``(1025,)`` → ``1,025``; ``(44, 44)`` → ``44×44``; starts joined with ``", "``."""
    return sep.join(format_int(v) for v in values)


def frame_rows(frame: pd.DataFrame) -> list[dict]:
    plain = frame.astype(object).where(frame.notna(), None)
    return plain.to_dict("records")


@st.cache_data(max_entries=16, show_spinner=False)
def sample_image(key: str, size: int) -> np.ndarray:
    return images.fit(images.load_sample(key), (size, size))


@st.cache_data(max_entries=8, show_spinner=False)
def uploaded_image(data: bytes, name: str, size: int) -> np.ndarray:
    return images.fit(images.load_image(data, name=name).rgb, (size, size))


# Figures: built and validated once per configuration and language, then shared read-only by every session
# (st.cache_resource: no unpickled copy per rerun; PreparedFigure: no deep copy in st.plotly_chart).
@st.cache_resource(max_entries=32, show_spinner=False)
def growth(layers: tuple, size: tuple, index: tuple, rgb, zoom: bool, labels: tuple) -> PreparedFigure:
    signal = images.sample_signal(size[0]) if len(size) == 1 else None
    return prepare(rff.growth_figure(layers, size, index, rgb=rgb, signal=signal, zoom=zoom, labels=dict(labels)))


@st.cache_resource(max_entries=32, show_spinner=False)
def overlay_figure(layers: tuple, size: tuple, index: tuple, rgb, view: str, zoom: bool,
                   labels: tuple) -> PreparedFigure:
    return prepare(rff.overlay_figure(layers, size, index, rgb=rgb, layer=view, zoom=zoom, labels=dict(labels)))


@st.cache_resource(max_entries=32, show_spinner=False)
def signal_chart(layers: tuple, length: int, index: tuple, labels: tuple) -> PreparedFigure:
    return prepare(rff.signal_figure(layers, length, index, signal=images.sample_signal(length), labels=dict(labels)))


@st.cache_resource(max_entries=16, show_spinner=False)
def timeline(layers: tuple, lang: str) -> PreparedFigure:
    return prepare(timeline_figure(list(layers), lang=lang))


@st.cache_data(max_entries=32, show_spinner=False)
def effective_rf(layers: tuple, size: tuple, index: tuple, initialisations: int, channels: int, relu: bool,
                 _progress=None):
    return erf_lib.effective_receptive_field(layers, size, index, initialisations=initialisations,
                                             channels=channels, relu=relu, progress=_progress)


@st.cache_data(max_entries=64, show_spinner=False)
def hole_count(layers: tuple) -> int:
    return int(holes(path_counts(list(layers))).sum())


def point_index(point: dict):
    """The ``customdata`` of a selected point as a list of ints (plotly may send an array as a dict)."""
    data = point.get("customdata")
    if isinstance(data, dict):
        data = [data[key] for key in sorted(data, key=int)]
    return None if data is None else [int(value) for value in data]


def on_cell_click() -> None:
    """A click on the overlay selects the output element under it."""
    for point in state["rf_overlay"].selection.get("points", []):
        data = point_index(point)
        if data:
            if len(data) == 2:
                state["rf_row"], state["rf_col"] = int(data[0]), int(data[1])
            else:
                state["rf_t"] = int(data[0])
            return


def on_signal_click() -> None:
    for point in state["rf_signal"].selection.get("points", []):
        data = point_index(point)
        if data:
            state["rf_t"] = int(data[0])
            return


st.title(tr("rf.title"))
st.caption(tr("rf.caption"))
st.markdown(tr("rf.intro"))

st.pills(tr("rf.presets"), tuple(sk.PRESETS), key="rf_preset_pick", on_change=on_preset,
         format_func=lambda key: tr(f"rf.preset.{key}"))
loaded = state.get("rf_loaded")
if loaded:
    st.caption(tr("rf.preset_loaded", name=tr(f"rf.preset.{loaded}")) + " " + tr(f"rf.preset.{loaded}.note"))

# ---- the stack ------------------------------------------------------------------------------------------
st.subheader(tr("rf.stack.heading"))
controls = st.columns(3)
controls[0].segmented_control(tr("rf.ctl.dims"), (1, 2), required=True, key="rf_dims",
                              format_func=lambda d: tr(f"rf.ctl.dims.{d}"))
dims = int(state["rf_dims"])
if not 1 <= int(state.get("rf_size", 1)) <= MAX_SIZE[dims]:
    state["rf_size"] = min(max(1, int(state.get("rf_size", 1))), MAX_SIZE[dims])
controls[1].number_input(tr(f"rf.ctl.size.{dims}"), 1, MAX_SIZE[dims], step=1, key="rf_size",
                         help=tr("rf.ctl.size.help"))
controls[2].number_input(tr("rf.ctl.in_channels"), 1, 4096, step=1, key="rf_in_channels")

number = st.column_config.NumberColumn
edited = st.data_editor(
    table_frame(state[ROWS]), key=EDITOR, num_rows="dynamic", width="stretch", hide_index=True,
    column_config={
        "type": st.column_config.SelectboxColumn(tr("rf.col.type"), options=sk.LAYER_TYPES, required=True,
                                                 default="conv", help=tr("rf.col.type.help")),
        "kernel_size": number(tr("rf.col.kernel_size"), min_value=1, max_value=64, step=1, default=3),
        "stride": number(tr("rf.col.stride"), min_value=1, max_value=16, step=1, default=1),
        "padding": st.column_config.TextColumn(tr("rf.col.padding"), default="0", help=tr("rf.col.padding.help")),
        "dilation": number(tr("rf.col.dilation"), min_value=1, max_value=1024, step=1, default=1),
        "groups": number(tr("rf.col.groups"), min_value=1, max_value=4096, step=1, default=1),
        "channels": number(tr("rf.col.channels"), min_value=1, max_value=4096, step=1,
                           help=tr("rf.col.channels.help")),
        "ceil_mode": st.column_config.CheckboxColumn(tr("rf.col.ceil_mode"), default=False,
                                                     help=tr("rf.col.ceil_mode.help")),
    },
)
st.caption(tr("rf.stack.hint"))

size = (int(state["rf_size"]),) * dims
in_channels = int(state["rf_in_channels"])
edited_rows = frame_rows(edited)
ui.write_page_url(tr, "receptive_field", DEFAULTS, current={ROWS: edited_rows})
parsed = sk.parse_rows(edited_rows, spatial_dims=dims, in_channels=in_channels)
for problem in parsed.errors:
    message = tr.error(problem.error)
    st.error(tr("rf.row_error", row=problem.row, message=message) if problem.row else message,
             icon=":material/error:")
if not parsed.ok:
    st.stop()
layers = parsed.layers
try:
    table = sk.layer_table(layers, (1, in_channels, *size))
except ConvSpecError as error:
    layer = error.params.get("layer")
    message = tr.error(error)
    st.error(tr("rf.layer_error", layer=layer, message=message) if layer else message, icon=":material/error:")
    st.stop()

last = table[-1]
out_size = tuple(last.output_shape[2:])
metrics = st.columns([1, 1, 1.1, 1.9])
metrics[0].metric(tr("rf.res.size"), dims_text(last.rf.size), help=tr("rf.res.size.help"))
metrics[1].metric(tr("rf.res.jump"), dims_text(last.rf.jump), help=tr("rf.res.jump.help"))
metrics[2].metric(tr("rf.res.start"), dims_text(last.rf.start, ", "), help=tr("rf.res.start.help"))
metrics[3].metric(tr("rf.res.output"), format_shape(last.output_shape))

st.markdown(tr("rf.table.heading"))
st.dataframe(
    pd.DataFrame({
        tr("rf.tcol.layer"): [info.index for info in table],
        tr("rf.tcol.what"): [sk.describe(info.layer) for info in table],
        tr("rf.tcol.output"): [format_shape(info.output_shape) for info in table],
        tr("rf.tcol.size"): [dims_text(info.rf.size) for info in table],
        tr("rf.tcol.jump"): [dims_text(info.rf.jump) for info in table],
        tr("rf.tcol.start"): [dims_text(info.rf.start, ", ") for info in table],
        tr("rf.tcol.params"): [format_int(info.params) for info in table],
        tr("rf.tcol.note"): [tr("rf.unproductive.short") if info.exceeds else "" for info in table],
    }),
    hide_index=True, width="stretch", key="rf_table",
)
unproductive = [info.index for info in table if info.exceeds]
if unproductive:
    st.warning(tr("rf.unproductive", layers=", ".join(map(str, unproductive)), input=dims_text(size)),
               icon=":material/warning:")
st.caption(tr("rf.formula"))
ui.pytorch_code(tr, stack_snippet(layers, (1, in_channels, *size)), stack=True)
gaps = hole_count(layers)
if gaps:
    st.warning(tr("rf.holes", count=format_int(gaps), size=dims_text(last.rf.size)),
               icon=":material/grid_4x4:")

# ---- input and output element ------------------------------------------------------------------------------
st.subheader(tr("rf.input.heading"))
rgb = None
if dims == 2:
    left, right = st.columns(2)
    left.selectbox(tr("rf.input.sample"), tuple(images.SAMPLES), key="rf_sample",
                   format_func=lambda key: tr(f"rf.sample.{key}"))
    upload = right.file_uploader(tr("rf.input.upload"), type=list(images.UPLOAD_TYPES), key="rf_upload",
                                 help=tr("rf.input.upload.help", mib=images.MAX_BYTES // 2**20,
                                         mp=images.MAX_PIXELS // 10**6))
    if upload is not None:
        data = upload.getvalue()
        try:
            rgb = uploaded_image(data, upload.name, size[0])
        except ConvSpecError as error:
            st.error(tr("rf.image_error", message=tr.error(error)), icon=":material/error:")
            st.caption(tr("rf.input.fallback"))
    if rgb is None:
        rgb = sample_image(state["rf_sample"], size[0])

cells = st.columns(3)
names = ("rf_row", "rf_col") if dims == 2 else ("rf_t",)
for axis, key in enumerate(names):
    if not 0 <= int(state.get(key, -1)) < out_size[axis]:
        state[key] = out_size[axis] // 2
    cells[axis].number_input(tr(f"rf.ctl.{key}"), 0, out_size[axis] - 1, step=1, key=key)
index = tuple(int(state[key]) for key in names)
span = last.rf.span(index)
st.markdown(tr("rf.cell", index=", ".join(map(str, index)),
               span=" × ".join(f"{first} … {last_}" for first, last_ in span),
               size=dims_text(last.rf.size)))

zoom = bool(st.toggle(tr("rf.zoom"), key="rf_zoom")) if dims == 2 else False
figure_labels = tuple((key, tr(f"rf.fig.{key}")) for key in rff.ENGLISH)


@st.fragment
def element_panel() -> None:
    """View switch, effective-receptive-field settings and button, and the figure of the chosen element: a
    view or setting change reruns only this panel. A click on the figure that picks another output element
    (``on_cell_click``/``on_signal_click`` move ``rf_row``/``rf_col``/``rf_t``) reruns the whole page, whose
    controls and growth figure show that element too."""
    if tuple(int(state.get(key, -1)) for key in names) != index:
        st.rerun()
    st.segmented_control(tr("rf.view"), VIEWS, required=True, key="rf_view",
                         format_func=lambda v: tr(f"rf.view.{v}"))
    view = state["rf_view"]

    with st.expander(tr("rf.erf.settings"), expanded=view == "erf"):
        st.markdown(tr("rf.erf.explain"))
        initialisations = st.slider(tr("rf.erf.inits"), 1, erf_lib.MAX_INITIALISATIONS, 5, key="rf_inits")
        erf_channels = st.slider(tr("rf.erf.channels"), 1, erf_lib.MAX_CHANNELS, 1, key="rf_erf_channels")
        relu = st.toggle(tr("rf.erf.relu"), key="rf_relu")
        config = (layers, size, index, int(initialisations), int(erf_channels), bool(relu))
        if st.button(tr("rf.erf.compute"), key="rf_erf_button", icon=":material/play_arrow:", type="primary",
                     on_click=state.update, kwargs={"rf_view": "erf"}):
            bar = st.progress(0.0, text=tr("rf.erf.progress", done=0, total=initialisations))
            try:
                result = effective_rf(*config, _progress=lambda done, total: bar.progress(
                    done / total, text=tr("rf.erf.progress", done=done, total=total)))
                state["rf_erf"] = (config, result)
            except ConvSpecError as error:
                st.error(tr("rf.erf_error", message=tr.error(error)), icon=":material/error:")
            bar.empty()
    stored = state.get("rf_erf")
    erf_result = stored[1] if stored and stored[0] == config else None
    if erf_result is not None:
        share = erf_result.share
        st.markdown(tr("rf.erf.result", side=dims_text(erf_result.side),
                       size=dims_text(erf_result.theoretical), share=f"{max(share):.0%}",
                       area=f"{np.prod(share):.0%}", inits=initialisations))
    elif view == "erf":
        st.info(tr("rf.erf.press"), icon=":material/info:")

    if dims == 2:
        if view == "erf" and erf_result is not None:
            overlay = rff.overlay_figure(layers, size, index, rgb=rgb, layer=view, erf=erf_result, zoom=zoom,
                                         labels=dict(figure_labels))
        else:
            overlay = overlay_figure(layers, size, index, rgb, view, zoom, figure_labels)
        st.plotly_chart(overlay, key="rf_overlay", on_select=on_cell_click, selection_mode="points",
                        config={"displayModeBar": False})
        st.caption(tr(f"rf.legend.{view}"))
    else:
        if view == "erf" and erf_result is not None:
            signal = rff.signal_figure(layers, size[0], index, signal=images.sample_signal(size[0]), erf=erf_result,
                                       labels=dict(figure_labels))
        else:
            signal = signal_chart(layers, size[0], index, figure_labels)
        st.plotly_chart(signal, key="rf_signal", on_select=on_signal_click, selection_mode="points",
                        config={"displayModeBar": False})
        st.caption(tr("rf.legend.signal"))
        causal = all(isinstance(layer, ConvSpec) and layer.causal for layer in layers)
        if timeline_figure is not None and causal and last.rf.size[0] <= 4096:
            st.subheader(tr("rf.timeline.heading"))
            st.caption(tr("rf.timeline.caption"))
            st.plotly_chart(timeline(layers, tr.lang), key="rf_timeline", config={"displayModeBar": False})


# ---- growth (left) and one output element (right; below it on a narrow screen) ---------------------------
growth_column, element_column = st.columns(2, gap="large") if dims == 2 else (st.container(), st.container())
with growth_column:
    st.subheader(tr("rf.growth.heading"))
    st.caption(tr("rf.growth.caption"))
    st.plotly_chart(growth(layers, size, index, rgb, zoom, figure_labels), key="rf_growth",
                    config={"displayModeBar": False})

element_column.subheader(tr("rf.view.heading"))
with element_column:
    element_panel()
