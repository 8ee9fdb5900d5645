"""The explorer's "sweep" view: one parameter of the layer over its range."""

from __future__ import annotations

import streamlit as st

import ui
from convviz.lessons.sweep import PARAMETERS, current_index, sweep, sweep_figure
from convviz.text.i18n import Translator
from convviz.text.units import format_int, format_shape
from ui.explorer.layer import KEEP, ExplorerLayer


def show_sweep(tr: Translator, layer: ExplorerLayer) -> None:
    """One parameter over its range: output size, parameters, MACs and receptive field, with the layer drawn."""
    st.markdown(tr("sweep.intro"))
    parameter = st.selectbox(tr("sweep.parameter"), PARAMETERS, key="sweep_param", persist_state=KEEP)
    points = sweep(layer.spec, layer.input_shape, parameter)
    current = current_index(points, layer.spec, parameter)
    ui.plotly_chart(sweep_figure(points, parameter, current=current, lang=tr.lang), key="sweep_chart")
    names = ("value", "output", "params", "macs", "rf") + (() if all(p.ok for p in points) else ("refused",))
    columns = [tr(f"sweep.col.{name}") for name in names]
    # A refusal's long reason goes last, so that it does not push the numbers out of view
    rows = [dict(zip(columns, (p.value, format_shape(p.output_shape), format_int(p.params), format_int(p.macs),
                               format_shape(p.rf_size), "") if p.ok else
                     (p.value, "—", "", "", "", tr.error(p.error)))) for p in points]
    st.dataframe(rows, hide_index=True, width="stretch")
    st.caption(tr("sweep.note"))
