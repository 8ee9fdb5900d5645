"""Receptive-field lab: build a layer stack, read its receptive field layer by layer, watch it grow on an image
or a signal, see the gridding holes, and compare it with the effective receptive field (Luo et al. 2016).

Layout for speed: the controls live in the page body and are drawn once; what they drive lives in
four keyed fragments (``RESULTS``: numbers, layer table, code and link; ``CELL``: the output element's controls
and sentence; ``GROWTH``: the growth figure; ``PANEL``: view switch, effective receptive field and the element
figure). A control that only changes results reruns just those fragments (``ui.rerun_only``); a control that
changes other controls (presets, dimensions, an upload) reruns the page. Fragment runs do not rerun the page's
top level, so every fragment reads the page's state from ``st.session_state`` (:func:`read_stack`), including
the stack table's pending edits (:func:`current_rows`)."""

from dataclasses import dataclass
from typing import Optional

import numpy as np
import pandas as pd
import streamlit as st

import ui
from convviz.layer.errors import ConvSpecError
from convviz.layer.receptive import receptive_field
from convviz.layer.spec import ConvSpec
from convviz.plotting import PreparedFigure, prepare
from convviz.receptive_lab import erf as erf_lib
from convviz.receptive_lab import figures as rff
from convviz.receptive_lab import images
from convviz.receptive_lab import stack as sk
from convviz.receptive_lab.coverage import holes, path_counts, read_count
from convviz.text.snippet import stack_snippet
from convviz.text.units import format_int, format_shape

try:  # the timeline of causal 1-D stacks (convviz/lessons/timeline.py)
    from convviz.lessons.timeline import timeline_figure
except ImportError:  # pragma: no cover - the page works without it
    timeline_figure = None

tr = ui.setup_page("rf.title")
state = st.session_state
PAGE = "receptive_field"  # the page's URL path and link schema (ui/link_schema.py: bounds, keys, defaults)
values = ui.link_state(PAGE)  # the linked values by link name (values["input_size"]), not by widget key
ROWS, EDITOR = ui.link_key(PAGE, "stack"), "rf_editor"
VIEWS = ("coverage", "erf", "none")
ERF_OPEN = "rf_erf_open"  # the effective-receptive-field expander's state (drawn only when open)
ERF_SETTINGS = "rf_erf_settings"  # (initialisations, channels, relu), kept while the expander is closed
# The keyed fragments, in page order: a stack change reruns RESULTS and the others it changes (on_stack_change).
RESULTS, CELL, GROWTH, PANEL = "rf_results_part", "rf_cell_part", "rf_growth_part", "rf_panel_part"
ELEMENT = (CELL, GROWTH, PANEL)  # what an output-element change reruns


def load_preset(key: str) -> None:
    preset = sk.PRESETS[key]
    state[ROWS] = [dict(row) for row in preset.rows]
    values.update(spatial_dims=preset.spatial_dims, input_size=preset.input_size, in_channels=preset.in_channels)
    state.update(rf_loaded=key, rf_zoom=key.startswith("hdc"))  # small fields: zoom in
    for stale in (EDITOR, "rf_row", "rf_col", "rf_t"):
        state.pop(stale, None)


def on_preset() -> None:
    key = state.get("rf_preset_pick")
    if key:
        load_preset(key)
        state["rf_preset_pick"] = None


if ROWS not in state:
    load_preset("vgg")
DEFAULTS = ui.link_defaults(PAGE)  # the VGG preset (sk.PRESETS["vgg"])
ui.sync_page_url(tr, PAGE, DEFAULTS, write=False)  # written by the results fragment
state.setdefault("rf_sample", "grace_hopper")


@st.cache_resource(max_entries=16, show_spinner=False)
def preset_facts(key: str) -> tuple:
    """``(size, read, span)`` of a preset's last layer: its receptive field's size and how many of the elements in
    its span have a path to the output (:func:`convviz.receptive_lab.coverage.read_count`)."""
    layers = sk.PRESETS[key].layers()
    return (receptive_field(layers)[-1].size, *read_count(layers))


def preset_note(key: str) -> str:
    """The loaded preset's note, with its numbers from the library (the rates-2, 2, 2 note counts what is read)."""
    size, read, span = preset_facts(key)
    return tr(f"rf.preset.{key}.note", size=dims_text(size), read=format_int(read), span=format_int(span))


NUMBER_COLUMNS = ("kernel_size", "stride", "dilation", "groups", "channels")


def column_bounds(column: str) -> dict:
    """A number column's ``min_value``/``max_value``: those of the stack's link form (ui/link_schema.py)."""
    return ui.link_widget(PAGE, "stack", column=column)


def table_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame([{column: row.get(column) for column in sk.COLUMNS} for row in rows], columns=sk.COLUMNS)
    for column in NUMBER_COLUMNS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    frame["padding"] = frame["padding"].map(lambda v: None if v is None else str(v))
    frame["ceil_mode"] = frame["ceil_mode"].map(lambda v: str(v).strip().lower() in ("true", "1", "1.0")).astype(bool)
    return frame


def cell_value(column: str, value):
    """A table cell as the editor's column holds it (as :func:`table_frame` types it): a whole number or None in
    the number columns (a non-numeric text is empty; a fraction is kept for
    :func:`convviz.receptive_lab.stack.parse_rows` to
    name), padding as text, ceil_mode as a tick. Pure Python: every fragment run reads the table."""
    if column in NUMBER_COLUMNS:
        if value is None or isinstance(value, bool):
            return None if value is None else int(value)
        try:
            number = float(value.strip() if isinstance(value, str) else value)
        except (TypeError, ValueError):
            return None
        if number != number:  # NaN
            return None
        return int(number) if number.is_integer() else number
    if column == "padding":
        return None if value is None else str(value)
    if column == "ceil_mode":
        return str(value).strip().lower() in ("true", "1", "1.0")
    return value


def apply_edits(rows: list[dict], edits) -> list[dict]:
    """``rows`` (what the table was drawn with) with the data editor's pending edits applied the way
    ``st.data_editor`` applies them to its return value: cell edits by row position, then deletions by row
    position, then added rows at the end (``edits``: ``{"edited_rows": {position: {column: value}},
    "deleted_rows": [position], "added_rows": [{column: value}]}``, the editor's session-state value); cells
    typed by :func:`cell_value`.

    The editor's value is read from the session instead of its return value because a table edit reruns only
    the fragments (``ui.rerun_only``), not the line that draws the table."""
    out = [{column: row.get(column) for column in sk.COLUMNS} for row in rows]
    edits = edits if isinstance(edits, dict) else {}
    for position, changes in (edits.get("edited_rows") or {}).items():
        try:
            target = out[int(position)]
        except (IndexError, TypeError, ValueError):
            continue
        target.update({column: value for column, value in (changes or {}).items() if column in sk.COLUMNS})
    deleted = set()
    for position in edits.get("deleted_rows") or ():
        try:
            deleted.add(int(position))
        except (TypeError, ValueError):
            continue
    out = [row for position, row in enumerate(out) if position not in deleted]
    out += [{column: added.get(column) for column in sk.COLUMNS}
            for added in (edits.get("added_rows") or ()) if isinstance(added, dict)]
    return [{column: cell_value(column, row[column]) for column in sk.COLUMNS} for row in out]


def current_rows() -> list[dict]:
    """The stack as the table shows it now: the loaded rows with the editor's pending edits."""
    return apply_edits(state[ROWS], state.get(EDITOR))


def dims_text(values, sep: str = "×") -> str:
    """``(1025,)`` → ``1,025``; ``(44, 44)`` → ``44×44``; starts joined with ``", "``."""
    return sep.join(format_int(v) for v in values)


@dataclass(frozen=True)
class Stack:
    """The page's stack as the fragments need it: the table's rows, the input, and either the layers and their
    per-layer table or the problems (one per bad row, or the first layer the input cannot pass)."""

    key: str  # stands for the rest (a cache key: cheaper to hash than the layers)
    figure_key: str  # stands for what the figures show: the geometry (no channel counts) and the input size
    rows: list
    dims: int
    size: tuple
    in_channels: int
    row_errors: tuple = ()
    layer_error: Optional[ConvSpecError] = None
    layers: tuple = ()
    table: tuple = ()

    @property
    def ok(self) -> bool:
        return bool(self.table)

    @property
    def out_size(self) -> tuple:
        return tuple(self.table[-1].output_shape[2:])


@st.cache_resource(max_entries=64, show_spinner=False)
def analyse(key: str, _rows: list, dims: int, in_channels: int, size: tuple) -> Stack:
    """The stack's analysis, shared read-only by every session; ``key`` stands for all the arguments (hashing
    the row dicts themselves costs more than the analysis)."""
    geometry = [{column: row.get(column) for column in sk.COLUMNS if column != "channels"} for row in _rows]
    head = (key, repr((geometry, dims, size)), _rows, dims, size, in_channels)
    parsed = sk.parse_rows(_rows, spatial_dims=dims, in_channels=in_channels)
    if not parsed.ok:
        return Stack(*head, row_errors=tuple(parsed.errors))
    try:
        table = sk.layer_table(parsed.layers, (1, in_channels, *size))
    except ConvSpecError as error:
        return Stack(*head, layer_error=error, layers=parsed.layers)
    return Stack(*head, layers=parsed.layers, table=tuple(table))


def read_stack() -> Stack:
    """The stack, input and its analysis from the session (every fragment calls it: fragment runs do not rerun
    the page's top level)."""
    dims, rows, in_channels = int(values["spatial_dims"]), current_rows(), int(values["in_channels"])
    size = (int(values["input_size"]),) * dims
    return analyse(repr((rows, dims, in_channels, size)), rows, dims, in_channels, size)


def element_keys(dims: int) -> tuple:
    return ("rf_row", "rf_col") if dims == 2 else ("rf_t",)


def element_index(stack: Stack) -> tuple:
    """The chosen output element, moved to the middle when it lies outside the output (a new stack or input)."""
    keys = element_keys(stack.dims)
    for axis, key in enumerate(keys):
        if not 0 <= int(state.get(key, -1)) < stack.out_size[axis]:
            state[key] = stack.out_size[axis] // 2
    return tuple(int(state[key]) for key in keys)


# Pictures: shared read-only (st.cache_resource), keyed by their name or upload id, not by their pixels.
@st.cache_resource(max_entries=16, show_spinner=False)
def sample_image(key: str, size: int) -> np.ndarray:
    return images.fit(images.load_sample(key), (size, size))


@st.cache_resource(max_entries=8, show_spinner=False)
def uploaded_image(file_id: str, name: str, size: int, _upload) -> tuple:
    """``(rgb, None)``, or ``(None, error)`` for a file that is no usable image (kept: not decoded again)."""
    try:
        return images.fit(images.load_image(_upload.getvalue(), name=name).rgb, (size, size)), None
    except ConvSpecError as error:
        return None, error


@dataclass(frozen=True)
class Picture:
    """The 2-D input picture at the input size (the upload, else the chosen sample; ``rgb`` None in 1-D), the
    ``key`` that names it in the figures' cache keys, and the upload's ``problem`` if it is no usable image."""

    rgb: Optional[np.ndarray]
    key: str
    problem: Optional[ConvSpecError] = None


def input_image(stack: Stack) -> Picture:
    if stack.dims != 2:
        return Picture(None, "")
    upload, problem = state.get("rf_upload"), None
    if upload is not None:
        rgb, problem = uploaded_image(upload.file_id, upload.name, stack.size[0], upload)
        if rgb is not None:
            return Picture(rgb, f"upload:{upload.file_id}")
    sample = state.get("rf_sample", "grace_hopper")
    return Picture(sample_image(sample, stack.size[0]), f"sample:{sample}", problem)


# Figures: built and validated once per configuration and language, then shared read-only by every session
# (st.cache_resource: no unpickled copy per rerun; PreparedFigure: no deep copy in st.plotly_chart). Cache keys:
# the stack's figure_key and the picture's key stand for the layers and the pixels (hashing those took 10-15 ms a
# run), and a new channel count does not build the figures again.
@st.cache_resource(max_entries=32, show_spinner=False)
def growth(stack: str, _layers: tuple, size: tuple, index: tuple, picture: str, _rgb, zoom: bool,
           labels: tuple) -> PreparedFigure:
    signal = images.sample_signal(size[0]) if len(size) == 1 else None
    return prepare(rff.growth_figure(_layers, size, index, rgb=_rgb, signal=signal, zoom=zoom, labels=dict(labels)))


@st.cache_resource(max_entries=32, show_spinner=False)
def overlay_figure(stack: str, _layers: tuple, size: tuple, index: tuple, picture: str, _rgb, view: str, zoom: bool,
                   labels: tuple) -> PreparedFigure:
    return prepare(rff.overlay_figure(_layers, size, index, rgb=_rgb, layer=view, zoom=zoom, labels=dict(labels)))


@st.cache_resource(max_entries=32, show_spinner=False)
def signal_chart(stack: str, _layers: tuple, length: int, index: tuple, labels: tuple) -> PreparedFigure:
    return prepare(rff.signal_figure(_layers, length, index, signal=images.sample_signal(length),
                                     labels=dict(labels)))


@st.cache_resource(max_entries=16, show_spinner=False)
def timeline(stack: str, _layers: tuple, lang: str) -> PreparedFigure:
    return prepare(timeline_figure(list(_layers), lang=lang))


@st.cache_data(max_entries=32, show_spinner=False)
def effective_rf(layers: tuple, size: tuple, index: tuple, initialisations: int, channels: int, relu: bool,
                 _progress=None):
    return erf_lib.effective_receptive_field(layers, size, index, initialisations=initialisations,
                                             channels=channels, relu=relu, progress=_progress)


@st.cache_resource(max_entries=64, show_spinner=False)
def hole_count(stack: str, _layers: tuple) -> int:
    return int(holes(path_counts(list(_layers))).sum())


def point_index(point: dict):
    """The ``customdata`` of a selected point as a list of ints (plotly may send an array as a dict)."""
    data = point.get("customdata")
    if isinstance(data, dict):
        data = [data[key] for key in sorted(data, key=int)]
    return None if data is None else [int(value) for value in data]


def pick_element(chart_key: str) -> None:
    """A click on the overlay or the signal selects the output element under it; the element's controls,
    sentence and both figures follow (a rerun of those fragments, not of the page)."""
    for point in state[chart_key].selection.get("points", []):
        data = point_index(point)
        if data:
            if len(data) == 2:
                state["rf_row"], state["rf_col"] = int(data[0]), int(data[1])
            else:
                state["rf_t"] = int(data[0])
            ui.rerun_only(*ELEMENT)


def on_cell_click() -> None:
    pick_element("rf_overlay")


def on_signal_click() -> None:
    pick_element("rf_signal")


def on_view() -> None:
    """Choosing the effective-receptive-field view opens its settings."""
    if state.get("rf_view") == "erf":
        state[ERF_OPEN] = True


def zoomed(stack: Stack) -> bool:
    return stack.dims == 2 and bool(state.get("rf_zoom", False))


def erf_config(stack: Stack, index: tuple) -> tuple:
    """What an effective receptive field is computed for: the layers, the input, the element and the settings."""
    initialisations, channels, relu = state.get(ERF_SETTINGS, (5, 1, False))
    return stack.layers, stack.size, index, int(initialisations), int(channels), bool(relu)


# What each fragment shows, apart from its own controls: a stack or input change reruns a fragment only when its
# signature changed (a new input size seldom moves the output element; a channel count changes no figure).
def cell_signature(stack: Stack):
    if not stack.ok:
        return None
    index, last = element_index(stack), stack.table[-1]
    return stack.dims, stack.out_size, index, last.rf.size, tuple(last.rf.span(index))


def growth_signature(stack: Stack):
    if not stack.ok:
        return None
    return stack.figure_key, element_index(stack), input_image(stack).key, zoomed(stack)


def panel_signature(stack: Stack):
    if not stack.ok:
        return None
    stored = state.get("rf_erf")
    erf_shown = bool(stored) and stored[0] == erf_config(stack, element_index(stack))
    return growth_signature(stack), erf_shown


SIGNATURES = {CELL: cell_signature, GROWTH: growth_signature, PANEL: panel_signature}


def drew(fragment: str, stack: Stack) -> None:
    """Remember what ``fragment`` shows now (its signature), for :func:`on_stack_change`."""
    state[f"_rf_drawn_{fragment}"] = SIGNATURES[fragment](stack)


def on_stack_change() -> None:
    """The input size, input channels or the table changed: rerun the results, and the other fragments whose
    signature changed (keyed reruns: the page's controls stay as drawn)."""
    stack = read_stack()
    stale = [key for key, signature in SIGNATURES.items()
             if f"_rf_drawn_{key}" not in state or state[f"_rf_drawn_{key}"] != signature(stack)]
    ui.rerun_only(RESULTS, *stale)


figure_labels = tuple((key, tr(f"rf.fig.{key}")) for key in rff.ENGLISH)


def spans_text(spans) -> str:
    """``((0, 30), (0, 30))`` → ``0 … 30 × 0 … 30``, as the output element's sentence writes a span."""
    return " × ".join(f"{first} … {last}" for first, last in spans)


def reach_explanation(stack: Stack) -> str:
    """Where the receptive field outgrows the input: why that is normal and what the border outputs still gain (at
    the first such layer where one does: output 0, else the last output), the layers that add no input to any
    output, and a pointer to the effective receptive field; empty when the receptive field stays within the
    input."""
    reaches = [info.reach for info in stack.table]
    larger = [reach for reach in reaches if reach.larger]
    if not larger:
        return ""
    growing = next((reach for reach in larger if reach.border_grows), None)
    parts = []
    if growing is not None:
        first = growing.first_gain > 0
        index = (0,) * len(growing.first) if first else growing.last_index
        parts.append(tr("rf.reach.larger", first=larger[0].index, input=dims_text(stack.size),
                        output=", ".join(map(str, index)), layer=growing.index,
                        before=spans_text(growing.first_before if first else growing.last_before),
                        after=spans_text(growing.first if first else growing.last)))
    saturated = [reach.index for reach in reaches if reach.note == "all_old"]
    if saturated:
        parts.append(tr("rf.reach.saturated", layers=", ".join(map(str, saturated))))
    parts.append(tr("rf.reach.erf"))
    return "\n\n".join(parts)


@st.fragment(key=RESULTS)
def results_part() -> None:
    """The stack's numbers: one translated line per bad row (or the first layer the input cannot pass), else the
    final receptive field, the per-layer table, warnings, the PyTorch code; then the copy-link box (the URL is
    written on every run of this fragment)."""
    stack = read_stack()
    for problem in stack.row_errors:
        message = tr.error(problem.error)
        st.error(tr("rf.row_error", row=problem.row, message=message) if problem.row else message,
                 icon=":material/error:")
    if stack.layer_error is not None:
        layer, message = stack.layer_error.params.get("layer"), tr.error(stack.layer_error)
        st.error(tr("rf.layer_error", layer=layer, message=message) if layer else message, icon=":material/error:")
    if stack.ok:
        table, last = stack.table, stack.table[-1]
        with st.container(horizontal=True, gap="medium"):  # one block, not a block and four columns
            st.metric(tr("rf.res.size"), dims_text(last.rf.size), help=tr("rf.res.size.help"), width="content")
            st.metric(tr("rf.res.jump"), dims_text(last.rf.jump), help=tr("rf.res.jump.help"), width="content")
            st.metric(tr("rf.res.start"), dims_text(last.rf.start, ", "), help=tr("rf.res.start.help"),
                      width="content")
            st.metric(tr("rf.res.output"), format_shape(last.output_shape), width="content")
        ui.send_now()  # the numbers reach the screen before the table is drawn

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
                tr("rf.tcol.note"): [tr(f"rf.note.{info.reach.note}") if info.reach.note else "" for info in table],
            }),
            hide_index=True, width="stretch", key="rf_table",
        )
        reach_text = reach_explanation(stack)
        if reach_text:
            st.info(reach_text, icon=":material/info:")
        st.latex(sk.recurrence_latex())
        st.caption(tr("rf.formula.caption"))
        ui.pytorch_code(tr, stack_snippet(stack.layers, (1, stack.in_channels, *stack.size)), stack=True)
        gaps = hole_count(stack.figure_key, stack.layers)
        if gaps:
            st.warning(tr("rf.holes", count=format_int(gaps), size=dims_text(last.rf.size)),
                       icon=":material/grid_4x4:")
    ui.write_page_url(tr, PAGE, DEFAULTS, current={ROWS: stack.rows}, sidebar=False)


@st.fragment(key=CELL)
def cell_part() -> None:
    """The output element's controls and what its receptive field spans; the zoom switch of the figures."""
    stack = read_stack()
    drew(CELL, stack)
    if not stack.ok:
        return
    index = element_index(stack)
    with st.container(horizontal=True):  # one block, not a block and three columns
        for axis, key in enumerate(element_keys(stack.dims)):
            st.number_input(tr(f"rf.ctl.{key}"), 0, stack.out_size[axis] - 1, step=1, key=key, width=260,
                            on_change=ui.rerun_only, args=ELEMENT)
    last = stack.table[-1]
    st.markdown(tr("rf.cell", index=", ".join(map(str, index)),
                   span=" × ".join(f"{first} … {last_}" for first, last_ in last.rf.span(index)),
                   size=dims_text(last.rf.size)))
    if stack.dims == 2:
        st.toggle(tr("rf.zoom"), key="rf_zoom", on_change=ui.rerun_only, args=(GROWTH, PANEL))


@st.fragment(key=GROWTH)
def growth_part() -> None:
    """The receptive field growing layer by layer on the input."""
    stack = read_stack()
    drew(GROWTH, stack)
    if not stack.ok:
        return
    picture = input_image(stack)
    ui.plotly_chart(growth(stack.figure_key, stack.layers, stack.size, element_index(stack), picture.key, picture.rgb,
                           zoomed(stack), figure_labels), key="rf_growth")


@st.fragment(key=PANEL)
def element_panel() -> None:
    """View switch, effective-receptive-field settings and button (drawn only while their expander is open), and
    the figure of the chosen element: a view or setting change reruns only this panel; a click on the figure that
    picks another output element (:func:`pick_element`) reruns the element's fragments."""
    stack = read_stack()
    if not stack.ok:
        drew(PANEL, stack)
        return
    layers, size, dims, last = stack.layers, stack.size, stack.dims, stack.table[-1]
    index, picture, zoom = element_index(stack), input_image(stack), zoomed(stack)
    state.setdefault("rf_view", "coverage")  # here: a fragment run does not run the page's top level
    st.segmented_control(tr("rf.view"), VIEWS, required=True, key="rf_view", on_change=on_view,
                         format_func=lambda v: tr(f"rf.view.{v}"))
    view = state["rf_view"]

    # The settings outlive their widgets (which are not drawn while the expander is closed): kept in ERF_SETTINGS.
    initialisations, erf_channels, relu = state.get(ERF_SETTINGS, (5, 1, False))
    settings = st.expander(tr("rf.erf.settings"), key=ERF_OPEN, on_change="rerun")
    if settings.open:
        with settings:
            for key, value in zip(("rf_inits", "rf_erf_channels", "rf_relu"), (initialisations, erf_channels, relu)):
                state.setdefault(key, value)
            st.markdown(tr("rf.erf.explain"))
            initialisations = st.slider(tr("rf.erf.inits"), 1, erf_lib.MAX_INITIALISATIONS, key="rf_inits")
            erf_channels = st.slider(tr("rf.erf.channels"), 1, erf_lib.MAX_CHANNELS, key="rf_erf_channels")
            relu = st.toggle(tr("rf.erf.relu"), key="rf_relu")
            state[ERF_SETTINGS] = (int(initialisations), int(erf_channels), bool(relu))
            config = erf_config(stack, index)
            if st.button(tr("rf.erf.compute"), key="rf_erf_button", icon=":material/play_arrow:",
                         type="primary", on_click=state.update, kwargs={"rf_view": "erf"}):
                bar = st.progress(0.0, text=tr("rf.erf.progress", done=0, total=initialisations))
                try:
                    result = effective_rf(*config, _progress=lambda done, total: bar.progress(
                        done / total, text=tr("rf.erf.progress", done=done, total=total)))
                    state["rf_erf"] = (config, result)
                except ConvSpecError as error:
                    st.error(tr("rf.erf_error", message=tr.error(error)), icon=":material/error:")
                bar.empty()
    config = erf_config(stack, index)
    drew(PANEL, stack)
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
            overlay = rff.overlay_figure(layers, size, index, rgb=picture.rgb, layer=view, erf=erf_result, zoom=zoom,
                                         labels=dict(figure_labels))
        else:
            overlay = overlay_figure(stack.figure_key, layers, size, index, picture.key, picture.rgb, view, zoom,
                                     figure_labels)
        ui.plotly_chart(overlay, key="rf_overlay", on_select=on_cell_click, selection_mode="points")
        st.caption(tr(f"rf.legend.{view}"))
    else:
        if view == "erf" and erf_result is not None:
            signal = rff.signal_figure(layers, size[0], index, signal=images.sample_signal(size[0]), erf=erf_result,
                                       labels=dict(figure_labels))
        else:
            signal = signal_chart(stack.figure_key, layers, size[0], index, figure_labels)
        ui.plotly_chart(signal, key="rf_signal", on_select=on_signal_click, selection_mode="points")
        st.caption(tr("rf.legend.signal"))
        causal = all(isinstance(layer, ConvSpec) and layer.causal for layer in layers)
        if timeline_figure is not None and causal and last.rf.size[0] <= 4096:
            st.subheader(tr("rf.timeline.heading"))
            st.caption(tr("rf.timeline.caption"))  # a caption: hidden in presentation mode like the others
            ui.plotly_chart(timeline(stack.figure_key, layers, tr.lang), key="rf_timeline")


# ---- the page body: controls drawn once per page run ----------------------------------------------------------
st.title(tr("rf.title"))
st.caption(tr("rf.caption"))
st.markdown(tr("rf.intro"))

st.pills(tr("rf.presets"), tuple(sk.PRESETS), key="rf_preset_pick", on_change=on_preset,
         format_func=lambda key: tr(f"rf.preset.{key}"))
loaded = state.get("rf_loaded")
if loaded:
    st.caption(tr("rf.preset_loaded", name=tr(f"rf.preset.{loaded}")) + " " + preset_note(loaded))

st.subheader(tr("rf.stack.heading"))
controls = st.columns(3)
controls[0].segmented_control(tr("rf.ctl.dims"), required=True, **ui.link_widget(PAGE, "spatial_dims"),
                              format_func=lambda d: tr(f"rf.ctl.dims.{d}"))  # new labels and bounds: page run
dims = int(values["spatial_dims"])
low, high = ui.link_bounds(PAGE, "input_size", state)  # per dimension count
if not low <= int(values.get("input_size", 1)) <= high:
    values["input_size"] = min(max(low, int(values.get("input_size", 1))), high)
controls[1].number_input(tr(f"rf.ctl.size.{dims}"), step=1, **ui.link_widget(PAGE, "input_size", state=state),
                         help=tr("rf.ctl.size.help"), on_change=on_stack_change)
controls[2].number_input(tr("rf.ctl.in_channels"), step=1, **ui.link_widget(PAGE, "in_channels"),
                         on_change=on_stack_change)

number = st.column_config.NumberColumn
st.data_editor(  # its edits are read from the session (current_rows): an edit reruns only the fragments
    table_frame(state[ROWS]), key=EDITOR, num_rows="dynamic", width="stretch", hide_index=True,
    on_change=on_stack_change,
    column_config={
        "type": st.column_config.SelectboxColumn(tr("rf.col.type"), options=sk.LAYER_TYPES, required=True,
                                                 default="conv", help=tr("rf.col.type.help")),
        "kernel_size": number(tr("rf.col.kernel_size"), **column_bounds("kernel_size"), step=1, default=3),
        "stride": number(tr("rf.col.stride"), **column_bounds("stride"), step=1, default=1),
        "padding": st.column_config.TextColumn(tr("rf.col.padding"), default="0", help=tr("rf.col.padding.help")),
        "dilation": number(tr("rf.col.dilation"), **column_bounds("dilation"), step=1, default=1),
        "groups": number(tr("rf.col.groups"), **column_bounds("groups"), step=1, default=1),
        "channels": number(tr("rf.col.channels"), **column_bounds("channels"), step=1, help=tr("rf.col.channels.help")),
        "ceil_mode": st.column_config.CheckboxColumn(tr("rf.col.ceil_mode"), default=False,
                                                     help=tr("rf.col.ceil_mode.help")),
    },
)
st.caption(tr("rf.stack.hint"))
results_part()

st.subheader(tr("rf.input.heading"))
if dims == 2:
    left, right = st.columns(2)
    left.selectbox(tr("rf.input.sample"), tuple(images.SAMPLES), key="rf_sample",
                   format_func=lambda key: tr(f"rf.sample.{key}"), on_change=ui.rerun_only, args=(GROWTH, PANEL))
    right.file_uploader(tr("rf.input.upload"), type=list(images.UPLOAD_TYPES), key="rf_upload",  # page run: its
                        help=tr("rf.input.upload.help", mib=images.MAX_BYTES // 2**20,  # message is drawn here
                                mp=images.MAX_PIXELS // 10**6))
    upload_problem = input_image(read_stack()).problem
    if upload_problem is not None:
        st.error(tr("rf.image_error", message=tr.error(upload_problem)), icon=":material/error:")
        st.caption(tr("rf.input.fallback"))
cell_part()

# ---- growth (left) and one output element (right; below it on a narrow screen) ---------------------------
growth_column, element_column = st.columns(2, gap="large") if dims == 2 else (st.container(), st.container())
with growth_column:
    st.subheader(tr("rf.growth.heading"))
    st.caption(tr("rf.growth.caption"))
    growth_part()
with element_column:
    st.subheader(tr("rf.view.heading"))
    element_panel()
