"""The explorer's "depth" view (3-D layers): the depth slices one output element reads, checked against PyTorch's
gradient, then the animation through the whole volume and its GIF."""

from __future__ import annotations

import math

import streamlit as st

import ui
from convviz.layer.errors import ConvSpecError
from convviz.layer.spec import ConvSpec
from convviz.text.i18n import Translator
from convviz.text.snippet import module_expression
from convviz.text.units import format_int
from ui.explorer.channels import channel_control
from ui.explorer.layer import KEEP, ExplorerLayer
from ui.explorer.window import animation_notes

# imported where used: convviz.animation.volume, convviz.animation.volume_window, and the 3-D GIF from
# convviz.animation.export (not needed by every run)

state = st.session_state
GRADIENT_CHECK_LIMIT = 1 << 18  # input elements (C_in · D · H · W) up to which the page asks PyTorch itself


def show_depth(tr: Translator, layer: ExplorerLayer) -> None:
    """A 3-D layer slice by slice: the input depth slices (and cells) one output element reads; a transposed layer
    over its zero-inserted input. Then the animation through the whole volume, and its GIF."""
    st.markdown(tr("vol.intro"))
    if layer.spec.transposed:
        st.markdown(tr("vol.t.intro"))
    channel = channel_control(tr, layer.spec.out_channels)
    depth_panel(tr, layer, channel)
    depth_animation(tr, layer, channel)


@st.cache_data(max_entries=64, show_spinner=False)
def gradient_agrees(layer: ConvSpec, shape: tuple[int, ...], index: tuple[int, ...], channel: int) -> bool:
    """PyTorch's gradient (all-ones weights; Conv3d or ConvTranspose3d) counts the same taps per input element as
    the footprint (:func:`convviz.animation.volume.gradient_agrees`), cached on plain values."""
    from convviz.animation.volume import gradient_agrees as agrees

    return agrees(layer, shape, index, out_channel=channel)


@st.fragment
def depth_panel(tr: Translator, layer: ExplorerLayer, channel: int) -> None:
    """Output element controls (depth on a keyboard slider), the depth strip, the slices read, the check."""
    from convviz.animation.volume import depth_figure, layer_footprint, volume_figure  # <- layer_footprint

    spec, input_shape = layer.spec, layer.input_shape
    out_d, out_h, out_w = layer.output_shape[2:]
    for key, n in (("vol_d", out_d), ("vol_h", out_h), ("vol_w", out_w)):
        if not 0 <= int(state.get(key, 0)) < n:
            state[key] = 0
    left, right = st.columns(2)
    left.number_input(tr("vol.row"), 0, out_h - 1, step=1, key="vol_h", persist_state=KEEP)
    right.number_input(tr("vol.col"), 0, out_w - 1, step=1, key="vol_w", persist_state=KEEP)
    if out_d > 1:
        st.slider(tr("vol.depth"), 0, out_d - 1, key="vol_d", help=tr("vol.depth.help"), persist_state=KEEP)
    else:
        st.caption(tr("vol.one_depth"))
    index = (int(state.get("vol_d", 0)), int(state["vol_h"]), int(state["vol_w"]))
    try:
        fp = layer_footprint(spec, input_shape, index, out_channel=channel)  # <- forward or transposed
    except ConvSpecError as error:
        ui.show_error(tr, error)
        return
    k_d, k_h, k_w = spec.kernel_size
    if spec.transposed:  # <- zeros are inserted or padding
        st.markdown(tr("vol.t.summary", channel=channel, d=index[0], h=index[1], w=index[2], k_d=k_d,
                       k_hw=k_h * k_w, taps=format_int(fp.taps), on_input=format_int(fp.taps_on_input),
                       on_zeros=format_int(fp.taps - fp.taps_on_input), channels=len(fp.in_channels),
                       products=format_int(fp.taps * len(fp.in_channels)),
                       real=format_int(fp.taps_on_input * len(fp.in_channels))))
    else:
        st.markdown(tr("vol.summary", channel=channel, d=index[0], h=index[1], w=index[2], k_d=k_d, k_hw=k_h * k_w,
                       taps=format_int(fp.taps), on_input=format_int(fp.taps_on_input),
                       on_padding=format_int(fp.taps - fp.taps_on_input), channels=len(fp.in_channels),
                       products=format_int(fp.taps * len(fp.in_channels))))
    read = fp.read_slices
    if fp.holes:
        st.markdown(tr("vol.holes", dilation=spec.dilation[0], count=len(fp.holes),
                       depths=", ".join(str(s.input_depth) for s in fp.holes)))
    else:
        st.markdown(tr("vol.t.no_holes" if spec.transposed else "vol.no_holes", first=read[0].input_depth,  # <-
                       last=read[-1].input_depth))
    inserted = [s for s in read if s.inserted]  # <- transposed only (empty for a forward layer)
    if inserted:
        st.markdown(tr("vol.t.inserted_slices", count=len(inserted),
                       depths=", ".join(str(s.input_depth) for s in inserted)))
    padding_slices = [s for s in read if s.is_padding]
    if padding_slices:
        what = tr("vol.padding.zeros") if spec.padding_mode == "zeros" else tr("vol.padding.copy",
                                                                               mode=spec.padding_mode)
        st.markdown(tr("vol.padding_slices", count=len(padding_slices),
                       depths=", ".join(str(s.input_depth) for s in padding_slices), what=what))
    ui.plotly_chart(depth_figure(fp, lang=tr.lang), key="vol_depth_chart")
    st.caption(tr("vol.t.depth.caption" if spec.transposed else "vol.depth.caption"))  # <-
    ui.plotly_chart(volume_figure(fp, layer.output_shape[2:], lang=tr.lang, out_channel=channel), key="vol_chart")
    if spec.in_channels * math.prod(input_shape[2:]) <= GRADIENT_CHECK_LIMIT:
        if gradient_agrees(spec, (1, *input_shape[1:]), index, channel):
            st.success(tr("vol.checked", module=module_expression(spec), total=format_int(fp.taps_on_input)),
                       icon=":material/check_circle:")
        else:
            st.error(tr("vol.differs"))


@st.cache_resource(max_entries=16, show_spinner=False)
def volume_plan(layer: ConvSpec, shape: tuple[int, ...], channel: int):
    """Steps and frames of the 3-D animation (cropped input, at most 200 frames); shared, never mutated."""
    from convviz.animation.volume_window import plan_volume_animation

    return plan_volume_animation(layer, shape, out_channel=channel)


@st.cache_resource(max_entries=16, show_spinner=False)
def volume_animation_chart(layer: ConvSpec, shape: tuple[int, ...], channel: int, lang: str):
    """The plotly animation, validated once per configuration and language (0.1–1 s) and shared read-only."""
    from convviz.animation.volume_window import volume_animation_figure
    from convviz.plotting import prepare

    return prepare(volume_animation_figure(volume_plan(layer, shape, channel), lang=lang))


@st.fragment
def depth_animation(tr: Translator, layer: ExplorerLayer, channel: int) -> None:
    """The animation through the volume in a lazy expander (built only when opened), and a GIF behind a prepare
    button with a progress bar."""
    from convviz.animation.export import volume_gif_bytes, volume_gif_steps
    from convviz.animation.volume_window import describe_volume

    spec, input_shape = layer.spec, layer.input_shape
    box = st.expander(tr("vol.anim.heading"), key="vol_anim_open", on_change="rerun", icon=":material/animation:")
    if not box.open:
        return
    with box:
        st.markdown(tr("vol.anim.intro") + (" " + tr("vol.t.anim.intro") if spec.transposed else ""))
        try:
            plan = volume_plan(spec, input_shape, channel)
        except ConvSpecError as error:
            ui.show_error(tr, error)
            return
        st.caption(" ".join(animation_notes(tr, describe_volume(plan), plan.thinning, plan.cropped, "vol.anim")))
        ui.plotly_chart(volume_animation_chart(spec, input_shape, channel, tr.lang), key="vol_anim_chart")
        ui.gif_download(tr, key="vol_gif", identity=(spec, input_shape, channel, tr.lang),
                        frames=len(volume_gif_steps(plan)), file_name="convviz-3d.gif",
                        make=lambda progress: volume_gif_bytes(plan, lang=tr.lang, progress=progress))
