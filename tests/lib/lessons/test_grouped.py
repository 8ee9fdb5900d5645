"""convviz.lessons.grouped against PyTorch itself: counts divide by groups (bias does not), connectivity, shuffle."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch.utils.flop_counter import FlopCounterMode

from convviz import ConvSpec, valid_groups
from convviz.lessons import grouped as gc
from convviz.runtime.torch_counts import torch_counts
from tests.helpers.plotly_arrays import decode

FEW = settings(max_examples=12, deadline=None)


def numel(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def flops(module: torch.nn.Module, shape: tuple[int, ...]) -> int:
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        module(torch.zeros(shape))
    return counter.get_total_flops()


def test_article_example():
    spec = ConvSpec(64, 64, 3, padding=1, groups=4)
    counts = gc.grouped_counts(spec, (1, 64, 32, 32))
    assert counts.params == 9280 == numel(torch.nn.Conv2d(64, 64, 3, padding=1, groups=4))
    assert counts.standard_params == 36_928 == numel(torch.nn.Conv2d(64, 64, 3, padding=1))
    assert counts.params == 36_864 // 4 + 64 and counts.weights * 4 == counts.standard_weights
    assert counts.macs * 4 == counts.standard_macs
    latex = gc.division_latex(spec)
    assert "36{,}864" in latex and "9{,}280" in latex and "36{,}928" in latex


def test_groups_go_from_standard_to_depthwise():
    assert valid_groups(64, 64) == [1, 2, 4, 8, 16, 32, 64]
    assert valid_groups(64, 96)[-1] == 32  # 64 does not divide 96: no depthwise layer here


@FEW
@given(g=st.integers(1, 6), a=st.integers(1, 5), b=st.integers(1, 5), k=st.sampled_from([1, 2, 3, 5]),
       bias=st.booleans())
def test_counts_equal_the_real_modules(g, a, b, k, bias):
    spec = ConvSpec(g * a, g * b, k, padding=k // 2, groups=g, bias=bias)
    shape = (2, g * a, 6, 5)
    counts = gc.grouped_counts(spec, shape)
    grouped = torch.nn.Conv2d(g * a, g * b, k, padding=k // 2, groups=g, bias=bias)
    standard = torch.nn.Conv2d(g * a, g * b, k, padding=k // 2, bias=bias)
    assert counts.params == numel(grouped) and counts.standard_params == numel(standard)
    assert counts.weights == grouped.weight.numel() and counts.weights * g == standard.weight.numel()
    assert counts.bias == (g * b if bias else 0)
    assert 2 * counts.macs == flops(grouped, shape) and 2 * counts.standard_macs == flops(standard, shape)
    assert counts.macs * g == counts.standard_macs
    assert torch_counts(spec, shape).flops == flops(grouped, shape)


@FEW
@given(g=st.integers(1, 4), a=st.integers(1, 4), b=st.integers(1, 4))
def test_connectivity_is_what_the_real_layer_reads(g, a, b):
    spec = ConvSpec(g * a, g * b, 1, groups=g, bias=False)
    conv = torch.nn.Conv2d(g * a, g * b, 1, groups=g, bias=False)
    with torch.no_grad():
        conv.weight.fill_(1.0)
        reads = conv(torch.eye(g * a).view(g * a, g * a, 1, 1))[:, :, 0, 0].T != 0  # (out, in)
    z = decode(gc.weight_matrix_figure(spec).to_dict()["data"][0]["z"])  # NaN: no weight (a gap)
    for o in range(g * b):
        for i in range(g * a):
            assert gc.connected(spec, o, i) == bool(reads[o, i]) == (not np.isnan(z[o, i]))
            if reads[o, i]:
                assert z[o, i] == gc.channel_group(o, g * b, g) % len(gc.OKABE_ITO)


def test_figures_draw_at_most_the_limit():
    spec = ConvSpec(128, 96, 3, groups=8)
    z = decode(gc.weight_matrix_figure(spec, limit=64).to_dict()["data"][0]["z"])
    assert z.shape == (64, 64)
    markers = [t for t in gc.connectivity_figure(spec, limit=64).to_dict()["data"] if t["mode"] == "markers"]
    assert [len(decode(t["x"])) for t in markers] == [64, 64, 64]
    assert decode(markers[1]["customdata"])[:, 1].tolist() == [o // 12 for o in range(64)]  # 96 / 8 per group


def test_connectivity_lines_join_each_filter_to_its_groups_inputs():
    """Per group one line trace: for each filter its C_in/g lines from the inputs, then one to its output;
    NaN gaps between lines. ConvSpec(4, 6, 1, groups=2): inputs 0-1 → filters 0-2, inputs 2-3 → filters 3-5."""
    spec = ConvSpec(4, 6, 1, groups=2)
    lines = [t for t in gc.connectivity_figure(spec).to_dict()["data"] if t["mode"] == "lines"]
    assert [t["line"]["color"] for t in lines] == [gc.group_colour(0), gc.group_colour(1)]
    y_in, y_out = [1 - (i + 0.5) / 4 for i in range(4)], [1 - (o + 0.5) / 6 for o in range(6)]
    for group, trace in enumerate(lines):
        xs, ys = decode(trace["x"]).reshape(-1, 3), decode(trace["y"]).reshape(-1, 3)
        assert np.isnan(xs[:, 2]).all() and np.isnan(ys[:, 2]).all()
        expected = []
        for o in range(3 * group, 3 * group + 3):
            expected += [(0, 1, y_in[i], y_out[o]) for i in (2 * group, 2 * group + 1)]
            expected.append((1, 2, y_out[o], y_out[o]))
        assert np.allclose(np.column_stack([xs[:, :2], ys[:, :2]]), expected)


def test_shuffle_figure_wires_and_matrix():
    """6 channels, 2 groups, shuffled: position j takes channel (0, 3, 1, 4, 2, 5)[j]; the matrix is
    groups_seen; the wiring and the matrix sit side by side with their titles above."""
    fig = gc.shuffle_figure(6, 2, shuffle=True).to_dict()
    data, layout = fig["data"], fig["layout"]
    ys = [1 - (c + 0.5) / 6 for c in range(6)]
    first = decode(data[0]["y"]).reshape(-1, 3)[:, :2]  # group 0: channels 0-2 go to positions 0, 2, 4
    assert np.allclose(first, [(ys[0], ys[0]), (ys[1], ys[2]), (ys[2], ys[4])])
    matrix = data[-1]
    assert matrix["type"] == "heatmap" and (matrix["xaxis"], matrix["yaxis"]) == ("x2", "y2")
    assert decode(matrix["z"]).tolist() == [list(row) for row in gc.groups_seen(6, 2, shuffle=True)] == [[2, 1], [1, 2]]
    assert len(layout["shapes"]) == 2 and [a["text"] for a in layout["annotations"]] == ["wiring", "groups seen"]
    assert layout["xaxis"]["domain"] == pytest.approx([0, 0.44])
    assert layout["xaxis2"]["domain"] == pytest.approx([0.56, 1])
    only_matrix = gc.shuffle_figure(128, 4, shuffle=True).to_dict()
    assert [t["type"] for t in only_matrix["data"]] == ["heatmap"]
    assert only_matrix["layout"]["xaxis"]["domain"] == pytest.approx([0, 1])


@FEW
@given(g=st.integers(1, 6), per=st.integers(1, 6))
def test_shuffle_equals_torch(g, per):
    c = g * per
    x = torch.randn(2, c, 3, 2)
    expected = torch.nn.ChannelShuffle(g)(x)
    assert torch.equal(gc.channel_shuffle(x, g), expected)
    assert torch.equal(x[:, list(gc.shuffle_permutation(c, g))], expected)
    assert gc.shuffle_matches_torch(c, g)


def test_shuffle_permutation_refuses_bad_groups():
    with pytest.raises(ValueError):
        gc.shuffle_permutation(6, 4)


@FEW
@given(g=st.integers(1, 6), per=st.integers(1, 6), shuffle=st.booleans())
def test_groups_seen_is_what_two_real_grouped_layers_see(g, per, shuffle):
    c = g * per
    layers = [torch.nn.Conv2d(c, c, 1, groups=g, bias=False), torch.nn.Conv2d(c, c, 1, groups=g, bias=False)]
    for layer in layers:
        torch.nn.init.constant_(layer.weight, 1.0)
    model = torch.nn.Sequential(layers[0], torch.nn.ChannelShuffle(g) if shuffle else torch.nn.Identity(), layers[1])
    with torch.no_grad():
        reach = model(torch.eye(c).view(c, c, 1, 1))[:, :, 0, 0] != 0  # (input channel, output channel)
    seen = gc.groups_seen(c, g, shuffle=shuffle)
    for q in range(g):
        for p in range(g):
            real = bool(reach[p * per:(p + 1) * per, q * per:(q + 1) * per].any())
            assert real == (seen[q][p] > 0)
    assert all(sum(1 for n in row if n) == (min(g, per) if shuffle else 1) for row in seen)


def test_shuffle_article_example_mixes_every_group():
    assert gc.groups_seen(64, 4, shuffle=False)[0] == (16, 0, 0, 0)
    assert gc.groups_seen(64, 4, shuffle=True)[0] == (4, 4, 4, 4)
