"""The explorer's "channels" view, and the output-channel control that the animations share with it."""

from __future__ import annotations

import streamlit as st

import ui
from convviz.animation.window import group_in_channels, group_of
from convviz.text.i18n import Translator
from ui.explorer.layer import KEEP, ExplorerLayer

state = st.session_state


def channel_control(tr: Translator, out_channels: int) -> int:
    """The output channel the animation and the channel view follow."""
    if state.get("anim_channel", 0) >= out_channels:
        state["anim_channel"] = 0
    if out_channels == 1:
        return 0
    return int(st.number_input(tr("anim.channel"), 0, out_channels - 1, step=1, key="anim_channel",
                               persist_state=KEEP))


def show_channels(tr: Translator, layer: ExplorerLayer) -> None:
    """Input channels, filters and which channels each filter reads, coloured by group, drawn as the value maps
    of a real run (cached per configuration; empty tiles when the engine refuses the run)."""
    spec = layer.spec
    st.markdown(tr("chan.intro"))
    channel = channel_control(tr, spec.out_channels)
    layers = [spec] + ([layer.pointwise] if layer.pointwise else [])
    ui.plotly_chart(ui.channel_view(tuple(layers), layer.input_shape, channel, tr.lang), key="channels_chart")
    reads = group_in_channels(spec, channel)
    st.markdown(tr("anim.filter", channel=channel, group=group_of(spec, channel), groups=spec.groups,
                   first=reads.start, last=reads.stop - 1, count=len(reads), total=spec.in_channels))
    st.caption(tr("chan.legend"))
