"""The channel view (convviz.lessons.channels): value maps from a real PyTorch run, group wiring, subsampling and
cropping
stated, and the figure's JSON size for every preset."""

import json

import numpy as np
import pytest
import torch

from convviz.layer.presets import DEFAULT, PRESETS
from convviz.layer.spec import ConvSpec
from convviz.lessons.channels import MAX_CHANNELS, MAX_MAP, channel_figure, channel_runs, shown_channels
from convviz.text.i18n import t

ONE_MB = 1_000_000


def maps(fig, column):
    """{channel: z as drawn (row 0 on top)} of the value maps in ``column``."""
    return {trace.meta["channel"]: np.array(trace.z)[::-1] for trace in fig.data
            if trace.type == "heatmap" and trace.meta["column"] == column}


def test_maps_are_the_values_pytorch_computed_and_wiring_follows_the_groups():
    spec = ConvSpec(4, 6, 3, padding=1, groups=2)
    runs = channel_runs([spec], (1, 4, 5, 5))
    fig = channel_figure([spec], selected=4, result=runs[0])
    x, y = runs[0].input, runs[0].output
    with torch.inference_mode():  # the module that ran, on its own input: PyTorch's values
        again = runs[0].module(x)
    assert torch.equal(again, y)
    for c, z in maps(fig, 0).items():
        assert np.array_equal(z, x[0, c].numpy())
    for c, z in maps(fig, 1).items():
        assert np.array_equal(z, y[0, c].numpy())
    assert sorted(maps(fig, 0)) == [0, 1, 2, 3] and sorted(maps(fig, 1)) == list(range(6))
    # filter 4 is in group 1: it reads input channels 2 and 3, framed and joined in black
    frames = [s for s in fig.layout.shapes if s.line.color == "#000000"]
    assert len(frames) == 3
    selected = next(trace for trace in fig.data if trace.name == "selected")
    assert len(selected.x) == 2 * 3
    group = {trace.name: trace for trace in fig.data if trace.name.startswith("group")}
    assert set(group) == {"group 0", "group 1"} and len(group["group 0"].x) == 3 * 2 * 3  # 3 filters × 2 inputs
    assert group["group 0"].line.color != group["group 1"].line.color
    assert not fig.layout.meta["notes"]
    values = t("chan.values", "en", range=f"{int(y.min())} … {int(y.max())}".replace("-", "−"))
    assert any(values in a.text for a in fig.layout.annotations)


def test_without_values_the_figure_still_draws_every_channel():
    fig = channel_figure([ConvSpec(4, 4, 3, groups=2)])
    assert not [trace for trace in fig.data if trace.type == "heatmap"]
    assert [list(trace.customdata) for trace in fig.data if trace.name.startswith("channels")] == [[0, 1, 2, 3]] * 2


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_large_layers_are_subsampled_and_cropped_with_a_note(lang):
    preset = PRESETS["separable"]  # 64 → depthwise 64 → 1×1 128 on 32×32
    layers = [preset.spec, preset.pointwise]
    fig = channel_figure(layers, selected=37, lang=lang, result=channel_runs(layers, preset.input_shape))
    shown = fig.layout.meta["shown"]
    assert [len(s) for s in shown] == [MAX_CHANNELS] * 3
    assert 37 in shown[0] and 37 in shown[1]  # depthwise filter 37 reads input channel 37
    assert all(np.shape(z) == (MAX_MAP, MAX_MAP) for z in maps(fig, 2).values())
    notes = fig.layout.meta["notes"]
    part = t("chan.note.part", lang, column=t("chan.name.output", lang), shown=16, n=128)
    assert len(notes) == 2 and part in notes[0]
    assert t("chan.note.size", lang, column=t("chan.name.input", lang), n="32×32") in notes[1]
    assert all(len(line) <= 62 for line in fig.layout.annotations[-1].text.split("<br>"))


def test_shown_channels():
    assert shown_channels(5) == [0, 1, 2, 3, 4]
    picked = shown_channels(100, must=[50])
    assert len(picked) == MAX_CHANNELS and picked[0] == 0 and picked[-1] == 99 and 50 in picked


def test_one_dimensional_and_three_dimensional_layers():
    spec1 = ConvSpec(2, 3, 3, spatial_dims=1)
    fig = channel_figure([spec1], result=channel_runs([spec1], (1, 2, 40)))
    assert np.shape(maps(fig, 1)[0]) == (1, MAX_MAP)
    spec3 = ConvSpec(1, 2, 3, spatial_dims=3)
    runs = channel_runs([spec3], (1, 1, 6, 5, 5))
    fig = channel_figure([spec3], result=runs)
    assert np.array_equal(maps(fig, 1)[1], runs[0].output[0, 1, 2].numpy())  # middle of depth 4
    assert t("chan.note.slice", "en", column="output", n="4×3×3", depth=2) in fig.layout.meta["notes"][0]


@pytest.mark.parametrize("preset", [DEFAULT, *PRESETS.values()], ids=lambda p: p.key)
def test_every_preset_within_one_megabyte(preset):
    layers = [preset.spec] + ([preset.pointwise] if preset.pointwise else [])
    fig = channel_figure(layers, selected=0, lang="zh", result=channel_runs(layers, preset.input_shape))
    size = len(fig.to_json().encode())
    assert size <= ONE_MB, size
    data = json.loads(fig.to_json())["data"]
    assert sum(trace["type"] == "heatmap" for trace in data) >= len(layers) + 1


def test_ui_channel_view_runs_the_layers_and_survives_a_refused_run(monkeypatch):
    import ui

    spec = ConvSpec(2, 2, 3, groups=2)
    fig = ui.channel_view((spec,), (1, 2, 6, 6), 1, "zh")
    assert len([trace for trace in fig.data if trace.type == "heatmap"]) == 4
    from convviz.runtime import engine

    big = ConvSpec(4, 4, 3)  # refused: a compute limit of 1 MAC
    monkeypatch.setattr(engine.run_conv, "__kwdefaults__", {**engine.run_conv.__kwdefaults__, "mac_limit": 1})
    fig = ui.channel_view((big,), (1, 4, 6, 6), 0, "en")
    assert not [trace for trace in fig.data if trace.type == "heatmap"]
