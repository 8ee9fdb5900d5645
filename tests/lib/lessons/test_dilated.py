"""convviz.lessons.dilated against PyTorch: the article's example, the padding that keeps the size, the taps one output
reads, receptive-field growth and the gridding effect."""

import itertools
import json
import math

import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from convviz import ConvSpec, receptive_field
from convviz.lessons import dilated as dl
from tests.helpers.plotly_arrays import decode


def test_the_article_example():
    spec = ConvSpec(1, 1, 3, dilation=2)
    module = spec.to_module()
    assert tuple(module(torch.zeros(1, 1, 7, 7)).shape) == spec.output_shape((1, 1, 7, 7)) == (1, 1, 3, 3)
    assert spec.effective_kernel_size == (5, 5)
    assert spec.param_count() == sum(p.numel() for p in module.parameters()) == 10
    assert "= 5" in dl.effective_kernel_latex(spec)
    assert not dl.keeps_size(spec, (1, 1, 7, 7))
    assert dl.keep_size_padding(3, 2) == 2
    assert dl.keeps_size(ConvSpec(1, 1, 3, dilation=2, padding=2), (1, 1, 7, 7))
    assert r"= 7" in dl.keep_size_latex(3, 2, 7)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 7), st.integers(1, 6), st.integers(1, 20))
def test_keep_size_padding_keeps_the_size_in_pytorch(k, d, size):
    pad = dl.keep_size_padding(k, d)
    padding = "same" if pad is None else pad
    conv = torch.nn.Conv1d(1, 1, k, dilation=d, padding=padding)
    assert conv(torch.zeros(1, 1, size)).shape[-1] == size
    assert (pad is None) == (d * (k - 1) % 2 == 1)
    assert dl.keeps_size(ConvSpec(1, 1, k, dilation=d, padding=padding, spatial_dims=1), (1, 1, size))


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 4), st.integers(1, 3), st.integers(1, 2), st.integers(0, 3), st.data())
def test_taps_are_what_pytorch_reads(k, d, s, p, data):
    spec = ConvSpec(1, 1, k, dilation=d, stride=s, padding=p)
    shape = (1, 1, 9, 8)
    assume(all(size + 2 * p >= k_eff for size, k_eff in zip(shape[2:], spec.effective_kernel_size)))
    out = spec.output_shape(shape)
    index = (data.draw(st.integers(0, out[2] - 1)), data.draw(st.integers(0, out[3] - 1)))
    x = torch.zeros(shape, requires_grad=True)
    conv = spec.to_module()
    with torch.no_grad():
        conv.weight.fill_(1)
    conv(x)[(0, 0, *index)].backward()
    read = {tuple(i) for i in torch.nonzero(x.grad[0, 0]).tolist()}
    taps = dl.tap_positions(spec, shape, index)
    assert len(taps) == k * k
    assert {t for t in taps if 0 <= t[0] < 9 and 0 <= t[1] < 8} == read
    mask = dl.tap_mask(spec)
    assert mask.shape == spec.effective_kernel_size and int(mask.sum()) == k * k


@pytest.mark.parametrize("rates", [(1, 2, 5), (2, 2, 2), (1, 2, 4, 8), (3,)])
@pytest.mark.parametrize("k", [2, 3, 5])
def test_growth_against_receptive_field_and_the_same_cost(rates, k):
    growth = dl.rf_growth(rates, k)
    assert list(growth.dilated) == [1 + (k - 1) * sum(rates[: i + 1]) for i in range(len(rates))]
    assert list(growth.undilated) == [1 + (k - 1) * (i + 1) for i in range(len(rates))]
    stack, plain = dl.dilated_stack(rates, k), dl.dilated_stack([1] * len(rates), k)
    assert growth.dilated[-1] == receptive_field(stack)[-1].size[0]
    shape = (1, 1, 40, 40)  # 'same' padding: every layer keeps 40×40, so the cost is comparable layer by layer
    assert sum(s.param_count() for s in stack) == sum(s.param_count() for s in plain)
    assert sum(s.macs(shape) for s in stack) == sum(s.macs(shape) for s in plain)
    assert f"= {growth.dilated[-1]}" in dl.rf_sum_latex(rates, k)
    assert dl.cycled(rates, 7)[: len(rates)] == list(rates)


def test_gridding_holes_for_one_rate_and_none_for_hdc():
    grid = dl.gridding((2, 2, 2))
    assert grid.rf_size == 13 and grid.reached == 49 and grid.hole_count == 120 and grid.common_factor == 2
    hdc = dl.gridding((1, 2, 5))
    assert hdc.rf_size == 17 and hdc.hole_count == 0 and hdc.reached == 17 * 17


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=3, max_size=3), st.integers(2, 3))
def test_a_common_factor_always_leaves_holes(rates, factor):
    grid = dl.gridding([r * factor for r in rates])
    assert grid.hole_count > 0 and grid.common_factor % factor == 0


def _decode(fig):
    return json.loads(fig.to_json())


def test_figures_show_taps_holes_and_counts():
    labels = {n: n for n in ("input", "padding", "tap", "hole", "span", "x", "y")}
    fig = _decode(dl.kernel_on_input_figure(ConvSpec(1, 1, 3, dilation=2), (1, 1, 7, 7), (0, 0), labels=labels))
    by_name = {trace.get("name"): trace for trace in fig["data"]}
    assert len(by_name["tap"]["x"]) == 9 and len(decode(by_name["hole"]["x"])) == 25 - 9
    holes = set(zip(decode(by_name["hole"]["y"]).tolist(), decode(by_name["hole"]["x"]).tolist()))
    assert holes == {(r, c) for r in range(5) for c in range(5)} - {(r, c) for r in (0, 2, 4) for c in (0, 2, 4)}
    assert decode(fig["data"][0]["z"]).tolist() == [[0] * 7] * 7  # no padding: every cell is input
    grid = dl.gridding((2, 2, 2))
    fig = _decode(dl.gridding_figure(grid, labels={"count": "c", "hole": "h", "x": "x", "y": "y"}))
    assert len(decode(fig["data"][1]["x"])) == 120
    z = decode(fig["data"][0]["z"])  # NaN: no path (a gap)
    assert np.nanmax(z) == int(grid.counts.max()) and np.isnan(z).sum() == 120
    assert np.array_equal(np.nan_to_num(z), grid.counts)
    fig = _decode(dl.gridding_figure(dl.gridding((1, 2, 5)), labels={"count": "c", "hole": "h", "x": "x", "y": "y"}))
    assert len(fig["data"]) == 1  # no hole trace
    growth = dl.rf_growth((1, 2, 5), 3)
    fig = _decode(dl.rf_growth_figure(growth, labels={"dilated": "d", "undilated": "u", "x": "x", "y": "y"}))
    assert fig["data"][0]["y"] == [3, 7, 17] and fig["data"][1]["y"] == [3, 5, 7]
    assert math.isclose(fig["layout"]["yaxis"]["range"][0], 0)


# ---- why there are holes: a common factor, or a rate that jumps too far (issue 16) -------------------------------

def wang_hdc_ok(rates) -> bool:
    """Wang et al. (2018), HDC: M_i = max(M_{i+1} − 2r_i, M_{i+1} − 2(M_{i+1} − r_i), r_i), M_n = r_n; needs
    M_2 ≤ K = 3 (kernel 3). Written out here independently of the library."""
    m = rates[-1]
    for r in reversed(rates[1:-1]):
        m = max(m - 2 * r, m - 2 * (m - r), r)
    return m <= 3


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5])
def test_gridding_cause_matches_the_path_count_holes_for_every_rate_on_the_page(k):
    """Every stack of three rates 1…8 the page offers: a cause exactly when path_counts has holes; a common factor
    exactly when gcd > 1; and the reported gap (offsets run … rate − 1 from each edge) really unreached."""
    for rates in itertools.product(range(1, 9), repeat=3):
        grid, cause = dl.gridding(rates, k), dl.gridding_cause(rates, k)
        assert (grid.hole_count > 0) == (cause.kind != "none"), rates
        if cause.kind == "none":
            continue
        assert (cause.kind == "common_factor") == (math.gcd(*rates) > 1) == (grid.common_factor > 1)
        assert cause.run == 1 + (k - 1) * sum(cause.smaller) and cause.gap == cause.rate - cause.run > 0
        assert list(cause.smaller) == sorted(rates)[:len(cause.smaller)]
        reached = (grid.counts != 0).any(axis=0)  # per column of the span (the 2-D count is an outer product)
        assert reached[:cause.run].all() and not reached[cause.run:cause.rate].any()
        assert not reached[::-1][cause.run:cause.rate].any()
        if k == 3 and rates[0] == 1 and list(rates) == sorted(rates):
            assert wang_hdc_ok(rates) is False
    for rates in itertools.product(range(1, 9), repeat=3):  # Wang's condition, where it applies, agrees
        if k == 3 and rates[0] == 1 and list(rates) == sorted(rates):
            assert wang_hdc_ok(rates) == (dl.gridding_cause(rates, 3).kind == "none"), rates


def test_the_issue_examples_and_the_order_of_the_layers():
    cause = dl.gridding_cause((1, 1, 8))
    assert (cause.kind, cause.rate, cause.smaller, cause.run, cause.gap) == ("gap", 8, (1, 1), 5, 3)
    grid = dl.gridding((1, 1, 8))
    assert grid.rf_size == 21 and grid.hole_count == 21 * 21 - 15 * 15  # 3 skipped between each copy of the 5-run
    assert not wang_hdc_ok((1, 1, 8)) and wang_hdc_ok((1, 2, 5)) and not wang_hdc_ok((1, 2, 9))  # Wang's examples
    assert dl.gridding_cause((1, 2, 9)).gap == 2                       # 1, 2 reach 7; 9 apart
    first = dl.gridding_cause((2, 3, 5))                               # gcd 1, but no rate 1
    assert (first.kind, first.smaller, first.run, first.gap) == ("gap", (), 1, 1)
    assert dl.gridding((2, 3, 5)).hole_count > 0
    common = dl.gridding_cause((2, 2, 2))
    assert (common.kind, common.common_factor) == ("common_factor", 2)
    for order in itertools.permutations((1, 1, 8)):  # the reached set is a sum of tap offsets: order-free
        assert np.array_equal(dl.gridding(order).counts, grid.counts)
        assert dl.gridding_cause(order) == dl.GriddingCause("gap", order, 3, 1, 8, (1, 1), 5, 3)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 40), st.integers(1, 7), st.integers(1, 6), st.integers(1, 3))
def test_strided_keep_size_padding_keeps_the_size_in_pytorch(size, k, d, s):
    pad = dl.strided_keep_size_padding(size, k, d, s)
    if pad is None:
        assert s == 1 and d * (k - 1) % 2 == 1
        return
    conv = torch.nn.Conv1d(1, 1, k, stride=s, dilation=d, padding=pad)
    assert conv(torch.zeros(1, 1, size)).shape[-1] == size
    if pad > 0:  # the smallest: one less shrinks the output (or leaves the input too small for the kernel)
        smaller = torch.nn.Conv1d(1, 1, k, stride=s, dilation=d, padding=pad - 1)
        try:
            assert smaller(torch.zeros(1, 1, size)).shape[-1] < size
        except RuntimeError as error:
            assert "Kernel size can't be greater than actual input size" in str(error)
    if s == 1:
        assert pad == dl.keep_size_padding(k, d)
