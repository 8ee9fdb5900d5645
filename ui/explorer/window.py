"""The explorer's "window" view (1-D and 2-D layers): the sliding-window animation, a keyboard step control, the
selected cell's window and arithmetic checked against PyTorch, and the PNG and GIF exports."""

from __future__ import annotations

import streamlit as st

import ui
from convviz.animation.cell_arithmetic import (
    MAX_CHANNELS,
    cell_arithmetic,
    is_small,
    max_sizes,
    products_text,
    transposed_cell_arithmetic,
)
from convviz.animation.export import gif_bytes, gif_steps, png_bytes
from convviz.animation.sliding import (
    AnimationPlan,
    LayerPlan,
    describe,
    figure_dict,
    figure_dict_at_step,
    plan_animation,
    step_label,
)
from convviz.animation.window import group_of, taps_outside, window
from convviz.layer.errors import ConvSpecError, MemoryLimitError
from convviz.layer.spec import ConvSpec
from convviz.plotting import PreparedFigure
from convviz.text.i18n import Translator
from convviz.text.units import format_int, format_number
from ui.explorer.channels import channel_control
from ui.explorer.layer import ExplorerLayer

VALUE_DIGITS = 6  # significant digits of an input, weight or product in the worked arithmetic

state = st.session_state


@st.cache_resource(max_entries=16, show_spinner=False)
def animation_plan(layer: ConvSpec, shape: tuple[int, ...], second: ConvSpec | None, channel: int) -> AnimationPlan:
    """The layer run on its (cropped) input and every step of the window; shared, never mutated. A transposed
    layer is animated as the stride-1 convolution over its zero-inserted input (without the layer after it)."""
    if layer.transposed:
        from convviz.lessons.transposed import plan_transposed_animation

        return plan_transposed_animation(layer, shape, out_channel=channel)
    return plan_animation(layer, shape, second, out_channel=channel)


@st.cache_resource(max_entries=16, show_spinner=False)
def animation_base(layer: ConvSpec, shape: tuple[int, ...], second: ConvSpec | None, channel: int,
                   lang: str) -> dict:
    """The plotly animation as a validated figure dict, built once per configuration and language (about 0.5 s
    on a 32×32 preset); a step only re-points its overlay (:func:`figure_dict_at_step`, about 1 ms).
    ``cache_resource``, not ``cache_data``: the dict is shared read-only, and unpickling a copy of its
    400 frames on every step (about 100 ms) would cost more than the step itself."""
    plan = animation_plan(layer, shape, second, channel)
    if layer.transposed:
        from convviz.lessons.transposed import transposed_titles, with_titles

        return with_titles(figure_dict(plan, lang=lang), transposed_titles(plan, layer, lang))
    return figure_dict(plan, lang=lang)


def on_cell_click() -> None:
    """A click on an output cell moves the step control to the step that produces that cell."""
    points = state["anim_chart"].selection.get("points", [])
    for point in points:
        data = point.get("customdata")
        if data is not None:
            state["anim_step"] = int(data[0] if isinstance(data, list) else data) + 1
            return


def animation_notes(tr: Translator, facts: dict, thinning: int, cropped: bool, prefix: str) -> list[str]:
    """What an animation shows (steps, frames) and leaves out (thinned frames, a cropped input), for its caption;
    ``prefix`` picks the 2-D (``"anim"``) or 3-D (``"vol.anim"``) wording of the last two."""
    notes = [tr("anim.summary", steps=format_int(facts["steps"]), frames=format_int(facts["frames"]))]
    if thinning > 1:
        notes.append(tr(f"{prefix}.thinned", every=thinning))
    if cropped:
        notes.append(tr(f"{prefix}.cropped", shown=facts["shown"], full=facts["full"]))
    return notes


def show_window(tr: Translator, layer: ExplorerLayer) -> None:
    """The sliding-window animation, the step control, the selected cell's window and arithmetic, exports."""
    spec = layer.spec
    if spec.spatial_dims == 3:
        st.info(tr("anim.no_3d") + " " + tr("vol.see_depth"), icon=":material/info:")
        return
    st.markdown(tr("anim.intro"))
    channel = channel_control(tr, spec.out_channels)
    if spec.transposed:
        st.markdown(tr("tconv.anim.intro"))
        if layer.pointwise:
            st.caption(tr("tconv.anim.no_pair"))
    try:
        plan = animation_plan(spec, layer.input_shape, layer.pointwise, channel)
    except (ConvSpecError, MemoryLimitError) as error:
        ui.show_error(tr, error)
        return
    notes = animation_notes(tr, describe(plan), plan.thinning, plan.cropped, "anim")
    if layer.input_shape[0] > 1:
        notes.append(tr("anim.batch", n=layer.input_shape[0]))
    st.caption(" ".join(notes))
    window_panel(tr, layer, plan, channel)


@st.fragment
def window_panel(tr: Translator, layer: ExplorerLayer, plan: AnimationPlan, channel: int) -> None:
    """Chart, keyboard step control, selected cell and exports: a step reruns only this panel."""
    n = len(plan.steps)
    if not 1 <= int(state.get("anim_step", 1)) <= n:
        state["anim_step"] = 1
    step = int(state.get("anim_step", 1)) - 1
    base = animation_base(layer.spec, layer.input_shape, layer.pointwise, channel, tr.lang)
    figure = PreparedFigure(figure_dict_at_step(base, plan, step))
    ui.plotly_chart(figure, key="anim_chart", on_select=on_cell_click, selection_mode="points")
    st.slider(tr("anim.step_slider"), 1, n, key="anim_step", help=tr("anim.step_slider.help"))
    layer_index, cell = plan.steps[step]
    stage = plan.layers[layer_index]  # the layer (or the pointwise one after it) this step runs
    index = (cell[1],) if stage.spec.spatial_dims == 1 else cell
    cell_name = step_label(plan, step, tr.lang).split(" · ")[-1]
    if layer.spec.transposed:
        taps = stage.taps(cell)
        real = sum(stage.padded_values[r][c] is not None for r, c in taps)
        st.markdown(tr("tconv.anim.reads", step=step + 1, steps=n, cell=cell_name, taps=len(taps), real=real,
                       zeros=len(taps) - real))
        show_cell_arithmetic(tr, layer, stage, index)
        exports(tr, layer, plan, step, channel)
        return
    win = window(stage.spec, stage.input_shape, index, out_channel=stage.out_channel)
    spans = ", ".join(f"{name} {first - before}…{last - before}" for name, (first, last), before
                      in zip(stage.spec.dim_names, win.span_padded, stage.spec.before_padding()))
    zeros = sum(source is None for source in win.taps_source)
    st.markdown(tr("anim.reads", step=step + 1, steps=n, cell=cell_name, taps=len(win.taps_padded), spans=spans,
                   outside=taps_outside(stage.spec, stage.input_shape, win), zeros=zeros))
    reads = win.in_channels
    st.markdown(tr("anim.filter", channel=stage.out_channel, group=group_of(stage.spec, stage.out_channel),
                   groups=stage.spec.groups, first=reads.start, last=reads.stop - 1, count=len(reads),
                   total=stage.spec.in_channels))
    show_cell_arithmetic(tr, layer, stage, index)
    exports(tr, layer, plan, step, channel)


def show_cell_arithmetic(tr: Translator, layer: ExplorerLayer, stage: LayerPlan, index: tuple[int, ...]) -> None:
    """Every product of the selected cell, their sum, the bias and PyTorch's value (small cases only). A
    transposed layer's products run over its zero-inserted input with the flipped kernel."""
    spec = layer.spec
    shape = tuple(stage.run.input.shape) if spec.transposed else stage.input_shape
    if not is_small(spec if spec.transposed else stage.spec, shape):
        st.caption(tr("anim.arith.too_big", size="×".join(map(str, max_sizes(len(shape) - 2))),
                      channels=MAX_CHANNELS))
        return
    if spec.transposed:
        cell = transposed_cell_arithmetic(spec, stage.run, index, out_channel=stage.out_channel)
    else:
        cell = cell_arithmetic(stage.spec, stage.run, index, out_channel=stage.out_channel)
    zero = tr("tconv.arith.zero" if spec.transposed else "anim.arith.pad")
    with st.expander(tr("anim.arith.heading", count=len(cell.products)), expanded=len(cell.products) <= 36):
        if spec.transposed:
            st.caption(tr("tconv.arith.explain"))
        columns = [tr(f"anim.arith.col.{name}") for name in ("channel", "tap", "position", "x", "w", "product")]
        rows = [dict(zip(columns, (p.in_channel, str(p.tap), str(p.source) if p.source else zero,
                                   *(format_number(v, digits=VALUE_DIGITS)
                                     for v in (p.input_value, p.weight, p.value)))))
                for p in cell.products]
        if len(rows) <= 36:
            st.table(rows, hide_index=True)
        else:
            st.dataframe(rows, hide_index=True, width="stretch", height=400)
        total, bias, result = (format_number(v, digits=VALUE_DIGITS) for v in (cell.total, cell.bias, cell.result))
        st.markdown(tr("anim.arith.sum", terms=" + ".join(products_text(cell, per_line=len(cell.products))),
                       total=total, bias=bias, result=result))
        torch_value = format_number(cell.torch_value, digits=VALUE_DIGITS)
        if cell.agrees:
            st.success(tr("anim.arith.agrees", value=torch_value), icon=":material/check_circle:")
        else:
            st.error(tr("anim.arith.differs", value=torch_value, result=result))


def exports(tr: Translator, layer: ExplorerLayer, plan: AnimationPlan, step: int, channel: int) -> None:
    """PNG of this step (made on click) and a GIF behind a prepare button with a progress bar."""
    left, right = st.columns(2)
    left.download_button(tr("anim.png"), data=lambda: png_bytes(plan, step, lang=tr.lang),
                         file_name=f"convviz-step-{step + 1}.png", mime="image/png", on_click="ignore",
                         icon=":material/image:", key="anim_png")
    with right:
        ui.gif_download(tr, key="anim_gif", identity=(layer.spec, layer.input_shape, layer.pointwise, channel, tr.lang),
                        frames=len(gif_steps(plan)), file_name="convviz.gif",
                        make=lambda progress: gif_bytes(plan, lang=tr.lang, progress=progress))
