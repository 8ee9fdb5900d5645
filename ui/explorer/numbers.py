"""The explorer's "numbers" view: every number of the layer worked out, one topic at a time."""

from __future__ import annotations

import streamlit as st

import ui
from convviz.lessons.pointwise import keeps_spatial_size
from convviz.lessons.separable import standard_equivalent
from convviz.runtime.counters import counter_reports
from convviz.runtime.engine import FLOAT32_BYTES, estimate_memory
from convviz.text import formulas
from convviz.text.i18n import Translator
from convviz.text.snippet import module_expression, pytorch_snippet
from convviz.text.units import format_bytes, format_dim_values, format_int, format_shape
from ui.explorer.layer import KEEP, ExplorerLayer
from ui.explorer.state import NUMBER_TOPICS, NUMBERS_TOPIC_KEY, number_topic_label_key
from ui.explorer.transposed import show_causal, show_inversion, show_transposed

state = st.session_state


def show_numbers(tr: Translator, layer: ExplorerLayer) -> None:
    """Every number worked out, one topic at a time (chosen above it; only that topic is drawn, so a rerun sends
    its elements only); the headline numbers stand in the summary above. A segmented control rather than
    ``st.tabs``: one element instead of a tab bar and a block per tab, about 10–20 ms less per rerun here."""
    names = tuple(name for name in NUMBER_TOPICS if name != "pointwise" or layer.pointwise)
    if state.get(NUMBERS_TOPIC_KEY) not in names:
        state[NUMBERS_TOPIC_KEY] = names[0]
    topic = st.segmented_control(tr("res.topic"), names, key=NUMBERS_TOPIC_KEY, required=True,
                                 format_func=lambda name: tr(number_topic_label_key(name)), persist_state=KEEP)
    NUMBER_SECTIONS[topic](tr, layer)


def show_size(tr: Translator, layer: ExplorerLayer) -> None:
    """PyTorch's output-size formula with this layer's numbers, one block for every dimension, between its
    explanation and the padding applied: one markdown element (KaTeX renders the ``$$`` block) instead of three,
    which also carries the inversion section under it."""
    spec, input_shape = layer.spec, layer.input_shape
    pads = ", ".join(f"{name}: ({before}, {after})" for name, (before, after)
                     in zip(spec.dim_names, spec.padding_amounts(input_shape)))
    formula = ui.stacked_latex(formulas.output_size_latex(spec, input_shape))
    size_text = (f"{tr('res.size.explain')}\n\n$$\n{formula}\n$$\n\n"
                 + tr("res.padding_applied", pads=pads) + " "
                 + tr("res.effective_kernel", k_eff=format_shape(spec.effective_kernel_size)))
    if spec.transposed:
        st.markdown(size_text)
        show_transposed(tr, layer)
    else:
        show_inversion(tr, layer, size_text)
    if spec.causal:
        show_causal(tr, layer)


def show_params(tr: Translator, layer: ExplorerLayer) -> None:
    spec = layer.spec
    st.latex(formulas.param_count_latex(spec))
    st.markdown(tr("res.params.value", weights=format_int(spec.weight_count()), bias=format_int(spec.bias_count()),
                   total=format_int(spec.param_count())))


def show_compute(tr: Translator, layer: ExplorerLayer) -> None:
    spec, input_shape = layer.spec, layer.input_shape
    compute = st.columns(2)
    compute[0].metric(tr("res.macs"), format_int(spec.macs(input_shape)))
    compute[1].metric(tr("res.flops"), format_int(spec.flops(input_shape)))
    st.latex(formulas.macs_latex(spec, input_shape))
    st.caption(tr("res.compute.convention"))
    st.markdown(f"**{tr('counters.heading')}**")
    reports = counter_reports(spec, input_shape)
    st.table([{tr("counters.tool"): report.version, tr("counters.quantity"): report.shown_label,
               tr("counters.value"): format_int(report.value),
               tr("counters.bias"): tr("counters.bias.yes" if report.bias_counted else "counters.bias.no"),
               tr("counters.scope"): (tr("counters.scope.sample") if report.per_sample
                                      else tr("counters.scope.batch", n=format_int(input_shape[0])))}
              for report in reports])
    notes = [tr("counters.why")] + ([tr("counters.why.transposed")] if spec.transposed else [])
    st.caption(" ".join(notes + [tr(report.note) for report in reports if report.note]))


def show_memory(tr: Translator, layer: ExplorerLayer) -> None:
    estimate = estimate_memory(layer.spec, layer.input_shape)
    for column, label, size in zip(st.columns(3), ("input", "output", "weights"),
                                   (estimate.input_bytes, estimate.output_bytes, estimate.weight_bytes)):
        column.metric(tr(f"res.memory.{label}"), format_bytes(size))
        column.caption(tr("res.memory.explain", elements=format_int(size // FLOAT32_BYTES), bytes=format_int(size)))
    note = pointwise_size_note(layer)
    if note:
        key, values = note
        st.markdown(tr(key, **values))


def pointwise_size_note(layer: ExplorerLayer) -> tuple[str, dict[str, str]] | None:
    """What a forward 1×1 layer does to the spatial size, for the memory topic (:func:`keeps_spatial_size`):
    ``res.memory.pointwise.keeps`` with stride 1 and no padding, ``res.memory.pointwise.changes`` when its output
    size differs from its input's; None for other layers."""
    keeps = keeps_spatial_size(layer.spec)
    size_in, size_out = (format_dims(shape[2:]) for shape in (layer.input_shape, layer.output_shape))
    if keeps:
        return "res.memory.pointwise.keeps", {"size_in": size_in, "size_out": size_out}
    if keeps is None or size_in == size_out:
        return None
    pads = layer.spec.padding_amounts(layer.input_shape)
    padding = format_dim_values(tuple(before for before, _ in pads)) if all(before == after for before, after in pads) \
        else ", ".join(f"({before}, {after})" for before, after in pads)
    return "res.memory.pointwise.changes", {"size_in": size_in, "size_out": size_out,
                                            "stride": format_dim_values(layer.spec.stride), "padding": padding}


def format_dims(sizes: tuple[int, ...]) -> str:
    """Spatial sizes as ``56×56`` (one number in 1-D)."""
    return "×".join(str(size) for size in sizes)


def show_pointwise_pair(tr: Translator, layer: ExplorerLayer) -> None:
    spec, pointwise, input_shape = layer.spec, layer.pointwise, layer.input_shape
    st.markdown(f"**{tr('res.pointwise.heading')}**")
    st.latex(ui.stacked_latex([formulas.param_count_latex(pointwise),
                               formulas.macs_latex(pointwise, layer.output_shape)]))
    standard = standard_equivalent(spec, pointwise)
    st.markdown(tr("res.pair.total", first=format_int(spec.param_count()),
                   second=format_int(pointwise.param_count()), total=format_int(layer.pair.params),
                   macs=format_int(layer.pair.macs)) + "\n\n" +
                tr("res.pair.standard", module=module_expression(standard),
                   params=format_int(standard.param_count()), macs=format_int(standard.macs(input_shape)),
                   ratio=f"{layer.pair.params / standard.param_count():.1%}"))


def show_code(tr: Translator, layer: ExplorerLayer) -> None:
    st.caption(tr("res.code.caption"))
    st.code(pytorch_snippet(layer.spec, layer.input_shape, layer.pointwise), language="python")


NUMBER_SECTIONS = {"size": show_size, "params": show_params, "compute": show_compute, "memory": show_memory,
                   "pointwise": show_pointwise_pair, "code": show_code}
