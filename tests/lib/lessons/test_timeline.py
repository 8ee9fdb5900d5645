"""The timeline figure of a dilated causal stack: rows, columns, the highlighted cone of the last output
(checked against the gradient of the real stack), its receptive field, labels in both languages."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from convviz import ConvSpec, ConvSpecError, receptive_field
from convviz.layer.spec import conv_of
from convviz.lessons.timeline import causal_stack, dependency_cone, row_lengths, timeline_figure
from convviz.text.i18n import CATALOGS, LANGUAGES, t
from tests.helpers.plotly_arrays import decode


def traces(fig) -> dict:
    """The figure's traces by role, their ``x`` and ``y`` decoded to plain lists (NaN where a gap is)."""
    return {trace["meta"]["role"]: {**trace, "x": decode(trace["x"]).tolist(), "y": decode(trace["y"]).tolist()}
            for trace in fig.to_dict()["data"]}


def segments(trace) -> set[tuple[tuple[int, int], tuple[int, int]]]:
    """((x_top, y_top), (x_bottom, y_bottom)) for each line segment of a trace (three points, the third a gap)."""
    xs, ys = trace["x"], trace["y"]
    assert np.isnan(xs[2::3]).all() and np.isnan(ys[2::3]).all()
    return {((xs[i], ys[i]), (xs[i + 1], ys[i + 1])) for i in range(0, len(xs), 3)}


def real_cone(layers, length: int) -> list[int]:
    """Inputs with a non-zero gradient of the last output of the real stack (all-ones weights)."""
    modules = []
    for layer in layers:
        module = layer.to_module().double()
        with torch.no_grad():
            conv_of(module).weight.fill_(1.0)
            conv_of(module).bias.zero_()
        modules.append(module)
    x = torch.zeros((1, layers[0].in_channels, length), dtype=torch.float64, requires_grad=True)
    torch.nn.Sequential(*modules)(x)[0, :, -1].sum().backward()
    return torch.nonzero(x.grad[0].abs().sum(0)).flatten().tolist()


def test_small_stack_figure():
    stack = causal_stack([1, 2, 4])                      # kernel 2: receptive field 1 + 1 + 2 + 4 = 8
    fig = timeline_figure(stack)
    data = traces(fig)
    assert set(data) == {"edges", "nodes", "cone_edges", "cone_nodes"}
    # 4 rows × 8 time steps
    assert sorted(zip(data["nodes"]["x"], data["nodes"]["y"])) == sorted(
        (x, y) for y in range(4) for x in range(8))
    # the last output's cone: 1 → 2 → 4 → 8 elements, 2 taps each
    cone_nodes = sorted(zip(data["cone_nodes"]["x"], data["cone_nodes"]["y"]))
    assert cone_nodes == sorted([(7, 3), (7, 2), (3, 2), (7, 1), (5, 1), (3, 1), (1, 1)]
                                + [(x, 0) for x in range(8)])
    assert len(segments(data["cone_edges"])) == 2 + 4 + 8
    assert ((7, 3), (3, 2)) in segments(data["cone_edges"])   # dilation 4 at the top
    # every connection appears once, in the cone or outside it
    all_edges = segments(data["edges"]) | segments(data["cone_edges"])
    assert not segments(data["edges"]) & segments(data["cone_edges"])
    assert len(all_edges) == 7 + 8 + 6 + 8 + 4 + 8   # taps ≥ 0 per layer: (7 + 8), (6 + 8), (4 + 8)
    # the receptive field marked on the input row
    layout = fig.to_dict()["layout"]
    (rect,) = layout["shapes"]
    assert (rect["x0"], rect["x1"]) == (-0.5, 7.5)
    assert layout["annotations"][0]["text"] == t("timeline.rf", "en", size="8")
    assert layout["yaxis"]["ticktext"] == ["input", "layer 1 · d=1", "layer 2 · d=2", "layer 3 · d=4"]


def test_cone_matches_the_real_stack():
    stack = causal_stack([1, 1, 2, 4, 8], kernel_size=2) + [ConvSpec(1, 1, 3, dilation=2, causal=True,
                                                                       spatial_dims=1)]
    rf = receptive_field(stack)[-1].size[0]
    for length in (rf, rf + 5, rf - 6):
        cone = dependency_cone(stack, length)
        assert cone[0] == real_cone(stack, length)
        assert len(cone) == len(stack) + 1 and cone[-1] == [length - 1]
    assert dependency_cone(stack)[0] == list(range(rf))


def test_strided_stack_positions():
    stack = [ConvSpec(1, 1, 2, stride=2, causal=True, spatial_dims=1),
             ConvSpec(1, 1, 2, dilation=2, causal=True, spatial_dims=1)]
    assert row_lengths(stack, 8) == [8, 4, 4]
    cone = dependency_cone(stack, 8)
    assert cone[0] == real_cone(stack, 8)
    data = traces(timeline_figure(stack, 8))
    # row 1 elements sit at the time of their newest input: 0, 2, 4, 6
    assert sorted(x for x, y in zip(data["nodes"]["x"], data["nodes"]["y"]) if y == 1) == [0, 2, 4, 6]


def test_wavenet_figure_leaves_out_background_edges():
    stack = causal_stack([1] + [2**i for i in range(10)])
    fig = timeline_figure(stack, lang="zh")
    data = traces(fig)
    assert "edges" not in data                                  # 11 × 1,025 × 2 connections: too many
    assert sorted(x for x, y in zip(data["cone_nodes"]["x"], data["cone_nodes"]["y"]) if y == 0) == list(
        range(1025))
    layout = fig.to_dict()["layout"]
    assert layout["annotations"][0]["text"] == "最后一个输出的感受野：1,025 个时间步"
    assert layout["yaxis"]["ticktext"][0] == "输入"


@pytest.mark.parametrize("make, code", [
    (lambda: timeline_figure([ConvSpec(1, 1, 2, spatial_dims=1)]), "timeline_causal"),
    (lambda: timeline_figure(causal_stack([1]), 0), "timeline_length"),
    (lambda: timeline_figure(causal_stack([1]), 5000), "timeline_length"),
    (lambda: timeline_figure([]), "rf_empty"),
])
def test_refusals(make, code):
    with pytest.raises(ConvSpecError) as caught:
        make()
    assert caught.value.code == code
    for lang in LANGUAGES:
        CATALOGS[lang][f"error.{code}"].format(**caught.value.params)
