"""The explorer's headline: the layer's shapes, parameters and MACs, then PyTorch's confirmation. Each is one
block whatever it holds, so that the controls after them keep their position in the element tree."""

from __future__ import annotations

import contextlib

import streamlit as st

import ui
from convviz.layer.errors import ConvSpecError, MemoryLimitError
from convviz.text.i18n import Translator
from convviz.text.units import format_int, format_shape
from ui.explorer.layer import ExplorerLayer

SPINNER_MACS = 50_000_000  # runs above this many MACs may take a noticeable time here: they get a spinner


def draw_summary(tr: Translator, layer: ExplorerLayer | ConvSpecError) -> None:
    """Shapes, parameters and MACs, or the library's error: always one block (the metrics' row, or a container
    holding the error), so that what follows keeps its position. Drawn before the controls, so that the shapes
    reach the browser first."""
    if isinstance(layer, ConvSpecError):
        with st.container():
            ui.show_error(tr, layer)
        return
    spec, input_shape, output_shape, pointwise = layer.spec, layer.input_shape, layer.output_shape, layer.pointwise
    with st.container(horizontal=True, key="shapes"):
        st.metric(tr("res.input_shape"), format_shape(input_shape))
        st.metric(tr("res.output_shape"), format_shape(layer.final_shape))
        if pointwise:  # the block's numbers: both layers, with the split in the help
            st.metric(tr("res.weight_shape.pair"), format_shape(spec.weight_shape),
                      help=tr("res.weight_shape.pair.help", second=format_shape(pointwise.weight_shape)))
            st.metric(tr("res.params.pair"), format_int(layer.pair.params),
                      help=tr("res.params.pair.help", first=format_int(spec.param_count()),
                              second=format_int(pointwise.param_count())))
            st.metric(tr("res.macs.pair"), format_int(layer.pair.macs),
                      help=tr("res.macs.pair.help", first=format_int(spec.macs(input_shape)),
                              second=format_int(pointwise.macs(output_shape))))
        else:
            st.metric(tr("res.weight_shape"), format_shape(spec.weight_shape), help=tr("res.weight_shape.help"))
            st.metric(tr("res.params.heading"), format_int(spec.param_count()), help=tr("res.params.metric.help"))
            st.metric(tr("res.macs"), format_int(spec.macs(input_shape)), help=tr("res.macs.metric.help"))


def confirm_with_pytorch(tr: Translator, layer: ExplorerLayer | ConvSpecError) -> None:
    """Run the layer (and the pointwise one after it) in PyTorch and show that its output shape agrees, or the
    memory limit's message; one block whatever it holds (see :func:`draw_summary`). Nothing for an invalid layer."""
    with st.container():
        if isinstance(layer, ConvSpecError):
            return
        spec, input_shape = layer.spec, layer.input_shape
        device = st.session_state["device"]
        try:
            slow = spec.macs(input_shape) > SPINNER_MACS  # a spinner costs the browser a message on every rerun
            with st.spinner(tr("res.running")) if slow else contextlib.nullcontext():
                runs = [(spec, input_shape, ui.run_summary(spec, input_shape, device))]
                if layer.pointwise:
                    runs.append((layer.pointwise, layer.output_shape,
                                  ui.run_summary(layer.pointwise, layer.output_shape, device)))
            for conv, shape, run in runs:
                ui.confirm_shape(tr, conv, conv.output_shape(shape), run, "res")
        except MemoryLimitError as memory_error:
            ui.show_error(tr, memory_error)
