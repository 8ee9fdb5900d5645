"""The explorer's transposed and causal sections (under the output-size formula): what a transposed layer does
and how its kernel placements overlap, the transposed layer that inverts a forward one, and a causal layer over
time."""

from __future__ import annotations

import streamlit as st

import ui
from convviz.layer.errors import ConvSpecError
from convviz.layer.spec import ConvSpec
from convviz.text.i18n import Translator
from convviz.text.snippet import module_expression
from convviz.text.units import format_shape
from ui.explorer.layer import ExplorerLayer
from ui.explorer.state import MORE_OPTIONS_KEY, state_for

# imported where used: convviz.layer.inversion, convviz.lessons.timeline, convviz.lessons.transposed (not needed
# by every run)

state = st.session_state


def show_transposed(tr: Translator, layer: ExplorerLayer) -> None:
    """What a transposed layer does, and how many kernel placements write each output element: even or uneven away
    from the edges (a built-in checkerboard pattern), from the counts, dilation included."""
    from convviz.lessons.transposed import (
        checkerboard_dims,
        interior_overlap_range,
        interior_shown,
        overlap_counts,
        overlap_figure,
    )

    spec = layer.spec
    st.subheader(tr("tconv.heading"))
    st.markdown(tr("tconv.explain", stride=format_shape(spec.stride), padding=format_shape(spec.padding),
                   output_padding=format_shape(spec.output_padding), weight=format_shape(spec.weight_shape)))
    st.subheader(tr("tconv.overlap.heading"))
    counts = overlap_counts(spec, layer.input_shape)
    ui.plotly_chart(overlap_figure(counts, lang=tr.lang), key="overlap_chart")
    uneven = checkerboard_dims(spec)  # from the overlap counts away from the edges, dilation included
    low, high = interior_overlap_range(spec)
    short = "" if interior_shown(spec, layer.input_shape) else " " + tr("tconv.overlap.short")  # one element
    if uneven:
        st.info(tr("tconv.overlap.checker", low=low, high=high, dims=", ".join(uneven)) + short,
                icon=":material/grid_4x4:")
    else:
        st.caption(tr("tconv.overlap.even", count=high) + short)


def on_switch_to_transposed(transposed: ConvSpec, shape: tuple[int, ...]) -> None:
    """The inversion button: load the transposed layer on its input (the forward output), with "more options" open."""
    from convviz.layer.presets import Preset

    state.update(state_for(Preset("inversion", transposed, shape)))
    state[MORE_OPTIONS_KEY] = True  # the transposed switch and output_padding are among the "more" options
    st.rerun()  # the controls change too: the whole page reruns, not only the fragment the button is in


def show_inversion(tr: Translator, layer: ExplorerLayer, before: str) -> None:
    """The transposed layer that brings this layer's output back to its input size, and a button to open it;
    ``before`` (markdown) is drawn in the same element, above it."""
    from convviz.layer.inversion import invert

    heading = f"### {tr('tconv.inversion.heading')}"
    try:
        inv = invert(layer.spec, layer.input_shape)
    except ConvSpecError as error:
        st.markdown(f"{before}\n\n{heading}")
        ui.show_error(tr, error)
        return
    st.markdown("\n\n".join((before, heading, tr(
        "tconv.inversion.explain", input=format_shape(layer.input_shape), output=format_shape(layer.output_shape),
        module=module_expression(inv.transposed), output_padding=format_shape(inv.output_padding)))))
    if any(first != last for first, last in inv.same_output_sizes):
        sizes = " × ".join(f"{first}…{last}" for first, last in inv.same_output_sizes)
        st.caption(tr("tconv.inversion.ambiguous", sizes=sizes, size=format_shape(inv.output_size)))
    st.button(tr("tconv.inversion.button"), key="invert_open", icon=":material/swap_horiz:",
              on_click=on_switch_to_transposed, args=(inv.transposed, inv.forward_output_shape))


def show_causal(tr: Translator, layer: ExplorerLayer) -> None:
    """The causal layer over time: which inputs each output reads, with the last output's cone."""
    from convviz.lessons.timeline import timeline_figure

    spec, input_shape = layer.spec, layer.input_shape
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
