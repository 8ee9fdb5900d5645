"""Cached PyTorch runs shared by every session of the server: the devices, a layer's run, the channel view."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from convviz.layer.errors import ConvSpecError
from convviz.layer.spec import ConvSpec
from convviz.runtime.engine import available_devices, run_conv


@st.cache_resource(show_spinner=False)
def _devices() -> tuple[str, ...]:
    """The devices of this machine, asked once per server process; a tuple, so no session can change it."""
    return tuple(available_devices())


def devices() -> list[str]:
    """The devices of this machine (``['cpu']``, ``['cpu', 'cuda']``): a fresh list per call, so a page that
    changes its list changes nobody else's (``st.cache_resource`` objects are shared by every session)."""
    return list(_devices())


@dataclass(frozen=True)
class RunSummary:
    """What the page shows of a PyTorch run: the module's output shape and the device it ran on."""

    output_shape: tuple[int, ...]
    device: str


@st.cache_data(max_entries=16, show_spinner=False)
def channel_view(layers: tuple[ConvSpec, ...], input_shape: tuple[int, ...], selected: int, lang: str):
    """The explorer's channel view with the values of a real run (:func:`convviz.lessons.channels.channel_runs`, CPU),
    cached per layers, input, followed filter and language; a run the engine refuses leaves the maps empty
    (the page states that refusal with the layer's numbers)."""
    from convviz.lessons.channels import channel_figure, channel_runs

    try:
        result = channel_runs(list(layers), tuple(input_shape))
    except ConvSpecError:
        result = None
    return channel_figure(list(layers), selected=selected, lang=lang, result=result)


@st.cache_data(max_entries=256, show_spinner=False)
def run_summary(spec: ConvSpec, input_shape: tuple[int, ...], device: str) -> RunSummary:
    """Run ``spec`` in PyTorch (cached per layer, input shape and device); raises ConvSpecError."""
    result = run_conv(spec, input_shape, device=device)
    return RunSummary(tuple(result.output.shape), result.device)
