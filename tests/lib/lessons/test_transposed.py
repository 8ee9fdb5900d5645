"""The explorer's transposed and causal parts against PyTorch: overlap counts vs autograd, the inner overlap away
from the borders and the periodic interior counts (checkerboard low/high, dilation included) vs PyTorch's transposed
convolution of all-ones with all-ones, the
zero-insertion (gather) view vs the real ConvTranspose module, the animation plan's windows, and explorer-state
round trips."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from convviz import ConvSpec
from convviz.layer.presets import DEFAULT, PRESETS, Preset
from convviz.lessons.transposed import (
    checkerboard_dims,
    inner_overlap,
    interior_overlap_1d,
    interior_overlap_range,
    interior_shown,
    overlap_counts,
    plan_transposed_animation,
    zero_inserted_sources,
    zero_inserted_window,
)
from ui.explorer.state import DEFAULT_STATE, spec_from_state, state_for

CASES = [
    (ConvSpec(1, 1, 3, stride=2, transposed=True), (1, 1, 4, 4)),
    (ConvSpec(1, 1, 4, stride=2, padding=1, transposed=True), (1, 1, 5, 5)),
    (ConvSpec(2, 4, (3, 2), stride=(2, 3), padding=(1, 0), output_padding=(1, 2), transposed=True, groups=2),
     (1, 2, 3, 4)),
    (ConvSpec(1, 2, 3, stride=3, dilation=2, padding=4, output_padding=2, transposed=True, spatial_dims=1),
     (1, 1, 5)),   # padding larger than dilation·(k − 1): the equivalent padding is negative (cropping)
]

TRANSPOSE = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}


def gradient_counts(spec: ConvSpec, shape: tuple[int, ...]) -> np.ndarray:
    """Per output element: the gradient of that element with respect to an all-ones single-channel kernel, on an
    all-ones input, summed — the number of (input, tap) products that write it, from the real module."""
    single = ConvSpec(1, 1, spec.kernel_size, stride=spec.stride, padding=spec.padding, dilation=spec.dilation,
                      output_padding=spec.output_padding, transposed=True, bias=False,
                      spatial_dims=spec.spatial_dims)
    module = single.to_module()
    torch.nn.init.ones_(module.weight)
    y = module(torch.ones(1, 1, *shape[2:]))[0, 0]
    counts = np.zeros(tuple(y.shape), dtype=np.int64)
    for index in np.ndindex(*y.shape):
        (grad,) = torch.autograd.grad(y[index], module.weight, retain_graph=True)
        counts[index] = int(grad.sum())
    return counts


def torch_overlap(spec: ConvSpec, input_shape: tuple[int, ...]) -> np.ndarray:
    """Kernel placements per output element, by PyTorch: the transposed convolution of all-ones with all-ones."""
    ones = torch.ones((1, 1, *input_shape[2:]), dtype=torch.float64)
    weight = torch.ones((1, 1, *spec.kernel_size), dtype=torch.float64)
    y = TRANSPOSE[spec.spatial_dims](ones, weight, stride=spec.stride, padding=spec.padding,
                                     output_padding=spec.output_padding, dilation=spec.dilation)
    return y[0, 0].round().to(torch.int64).numpy()


@pytest.mark.parametrize("spec, shape", CASES)
def test_overlap_counts_equal_the_gradient_count_of_the_real_module(spec, shape):
    assert np.array_equal(overlap_counts(spec, shape), gradient_counts(spec, shape))


def test_checkerboard_for_kernel_3_stride_2_and_none_for_kernel_4():
    inner = overlap_counts(ConvSpec(1, 1, 3, stride=2, transposed=True), (1, 1, 6, 6))[2:-2, 2:-2]
    assert set(np.unique(inner)) == {1, 2, 4}                 # a checkerboard of 1, 2 and 4 placements
    even = overlap_counts(ConvSpec(1, 1, 4, stride=2, padding=1, transposed=True), (1, 1, 6, 6))[1:-1, 1:-1]
    assert set(np.unique(even)) == {4}


@pytest.mark.parametrize("kernel, stride, padding, dilation, size", [
    (3, 2, 0, 1, 8), (4, 2, 1, 1, 8), (5, 3, 1, 1, 9), (3, 2, 1, 2, 10), (2, 2, 0, 1, 6), (7, 2, 0, 1, 3),
])
def test_inner_overlap_is_pytorchs_count_away_from_the_borders(kernel, stride, padding, dilation, size):
    spec = ConvSpec(1, 1, kernel, stride=stride, padding=padding, dilation=dilation, transposed=True, spatial_dims=2)
    shape = (1, 1, size, size + 1)
    counts = overlap_counts(spec, shape)
    expected_full = torch_overlap(spec, shape)
    assert np.array_equal(counts, expected_full)
    k_eff = dilation * (kernel - 1) + 1
    ends = [min(k_eff, n // 3) for n in expected_full.shape]
    expected = expected_full[ends[0]:expected_full.shape[0] - ends[0], ends[1]:expected_full.shape[1] - ends[1]]
    inner = inner_overlap(spec, counts)
    assert np.array_equal(inner, expected)
    # the note's claim: even inside exactly when the stride divides the kernel size and shares no factor with the
    # dilation (kernel 3, stride 2, dilation 2: uneven)
    even = kernel % stride == 0 and math.gcd(stride, dilation) == 1
    assert (inner.min() == inner.max()) == even
    assert checkerboard_dims(spec) == (() if even else ("H", "W"))
    if all(n // 3 >= k_eff and n - 2 * k_eff >= stride for n in counts.shape):  # a full period away from the edges
        assert interior_overlap_range(spec) == (int(inner.min()), int(inner.max()))


def test_dilation_makes_an_even_kernel_uneven():
    """ConvTranspose1d(k=2, s=2, d=2): 2 % 2 == 0, yet PyTorch's interior counts are 2, 0, 2, 0 (issue 16)."""
    spec = ConvSpec(1, 1, 2, stride=2, dilation=2, transposed=True, spatial_dims=1)
    counts = torch_overlap(spec, (1, 1, 6)).tolist()
    assert counts == [1, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 1]
    assert interior_overlap_1d(2, 2, 2) == (2, 0)
    assert checkerboard_dims(spec) == ("L",) and interior_overlap_range(spec) == (0, 2)
    # stride 2 divides 4 and shares no factor with 3: even (2 per output) although the taps are 3 apart
    spec = ConvSpec(1, 1, 4, stride=2, dilation=3, transposed=True, spatial_dims=1)
    assert set(torch_overlap(spec, (1, 1, 12)).tolist()[10:-10]) == {2}
    assert checkerboard_dims(spec) == () and interior_overlap_range(spec) == (2, 2)


@pytest.mark.parametrize("kernel, stride, padding, output_padding", [(3, 2, 1, 1), (4, 3, 2, 2), (3, 2, 0, 1)])
def test_output_padding_elements_receive_what_the_padding_would_crop(kernel, stride, padding, output_padding):
    """output_padding lengthens the output at the end with ordinary outputs, not zeros (PyTorch docs: "additional
    size added to one side of each dimension in the output shape"): element o is element o + padding of the
    uncropped output, so the extra ones get the contributions the end's padding crops — none when padding is 0."""
    weight = torch.ones(1, 1, kernel, dtype=torch.float64)
    x = torch.arange(1.0, 6.0, dtype=torch.float64).reshape(1, 1, 5)
    full = F.conv_transpose1d(x, weight, stride=stride)[0, 0]
    y = F.conv_transpose1d(x, weight, stride=stride, padding=padding, output_padding=output_padding)[0, 0]
    assert len(y) == len(full) - 2 * padding + output_padding
    shifted = torch.cat([full, torch.zeros(output_padding, dtype=torch.float64)])[padding:padding + len(y)]
    assert torch.equal(y, shifted)
    extra = y[len(y) - output_padding:]
    assert bool((extra != 0).all()) == (padding >= output_padding)  # taps land there unless nothing was cropped
    spec = ConvSpec(1, 1, kernel, stride=stride, padding=padding, output_padding=output_padding, transposed=True,
                    spatial_dims=1)
    assert overlap_counts(spec, (1, 1, 5)).tolist()[-output_padding:] == torch_overlap(spec, (1, 1, 5)).tolist()[
        -output_padding:]


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 6), st.integers(1, 4), st.integers(1, 4), st.integers(1, 12), st.data())
def test_interior_shown_means_the_heatmap_holds_a_full_period(kernel, stride, dilation, size, data):
    """interior_shown exactly when PyTorch's counts hold ``stride`` consecutive outputs that a much longer input
    (extended by the same number of elements at both ends) gives the same count: a full period of the interior
    pattern, whose values are then interior_overlap_1d's."""
    padding = data.draw(st.integers(0, dilation * (kernel - 1)))
    output_padding = data.draw(st.integers(0, max(stride, dilation) - 1))
    spec = ConvSpec(1, 1, kernel, stride=stride, padding=padding, dilation=dilation, output_padding=output_padding,
                    transposed=True, spatial_dims=1)
    assume((size - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1 > 0)
    counts = torch_overlap(spec, (1, 1, size)).tolist()
    extra = 3 * kernel * dilation + 3                       # more than enough: every tap of every output is covered
    longer = torch_overlap(spec, (1, 1, size + 2 * extra)).tolist()[extra * stride:extra * stride + len(counts)]
    same = [a == b for a, b in zip(counts, longer)]
    period = interior_overlap_1d(kernel, stride, dilation)
    assert all(longer[o] == period[(o + padding) % stride] for o in range(len(longer)))
    runs = any(all(same[o:o + stride]) for o in range(len(counts) - stride + 1))
    assert interior_shown(spec, (1, 1, size)) == runs


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 7), st.integers(1, 5), st.integers(1, 5), st.data())
def test_interior_overlap_is_pytorchs_periodic_count(kernel, stride, dilation, data):
    """The periodic counts far from the edges, phase by phase, are PyTorch's all-ones transposed convolution on a long
    input, for any padding and output_padding; even exactly when stride | k and gcd(stride, dilation) = 1."""
    padding = data.draw(st.integers(0, dilation * (kernel - 1)))
    output_padding = data.draw(st.integers(0, max(stride, dilation) - 1))
    spec = ConvSpec(1, 1, kernel, stride=stride, padding=padding, dilation=dilation, output_padding=output_padding,
                    transposed=True, spatial_dims=1)
    size = 2 * (dilation * kernel + stride) + 6
    counts = torch_overlap(spec, (1, 1, size))
    middle = (len(counts) // 2 // stride) * stride           # an output far from both edges, a multiple of stride
    period = interior_overlap_1d(kernel, stride, dilation)
    assert [int(counts[o]) for o in range(middle, middle + stride)] == [
        period[(o + padding) % stride] for o in range(middle, middle + stride)]
    assert (len(set(period)) == 1) == (kernel % stride == 0 and math.gcd(stride, dilation) == 1)


def test_inner_overlap_of_the_article_examples():
    checker = ConvSpec(1, 1, 3, stride=2, transposed=True, spatial_dims=1)
    assert inner_overlap(checker, torch_overlap(checker, (1, 1, 8))).tolist() == [1, 2] * 5 + [1]
    even = ConvSpec(1, 1, 4, stride=2, padding=1, transposed=True)
    inner = inner_overlap(even, torch_overlap(even, (1, 1, 8, 8)))
    assert inner.shape == (8, 8) and set(inner.ravel().tolist()) == {4}   # 16 outputs less 4 per end; 2·2 placements
    assert checkerboard_dims(ConvSpec(1, 1, (3, 4, 6), stride=(2, 2, 4), transposed=True, spatial_dims=3)) == (
        "D", "W")


def test_inner_overlap_keeps_everything_when_nothing_is_inner():
    spec = ConvSpec(1, 1, 3, stride=2, transposed=True, spatial_dims=1)
    counts = np.zeros((0,), dtype=np.int64)
    assert inner_overlap(spec, counts) is counts


@pytest.mark.parametrize("spec, shape", CASES)
def test_zero_inserted_window_reproduces_the_real_module(spec, shape):
    torch.manual_seed(0)
    module = spec.to_module()
    x = torch.randint(-2, 3, shape).float().requires_grad_(True)
    with torch.no_grad():
        module.weight.copy_(torch.randint(-2, 3, module.weight.shape).float())
    y = module(x)
    w = module.weight.detach()
    per_out = spec.out_channels // spec.groups
    per_in = spec.in_channels // spec.groups
    for c in {0, spec.out_channels - 1}:
        g = c // per_out
        for index in np.ndindex(*y.shape[2:]):
            win = zero_inserted_window(spec, shape, index)
            total = float(module.bias[c].detach())
            read = set()
            for ci in range(g * per_in, (g + 1) * per_in):
                for source, tap in zip(win.sources, win.weight_taps):
                    if source is not None:
                        total += float(x[(0, ci, *source)]) * float(w[(ci, c - g * per_out, *tap)])
                        read.add((ci, *source))
            assert total == pytest.approx(float(y[(0, c, *index)]))
            (grad,) = torch.autograd.grad(y[(0, c, *index)], x, retain_graph=True)
            touched = {tuple(p) for p in torch.nonzero(grad[0]).tolist()}
            assert touched <= read                            # a zero weight may hide a read, never add one
            assert {r for r in read if grad[(0, *r)] == 0} <= {   # ... and then only through a zero weight
                (ci, *s) for ci, *s in read
                if all(w[(ci, c - g * per_out, *tap)] == 0 for src, tap in zip(win.sources, win.weight_taps)
                       if src == tuple(s))}


def test_zero_inserted_grid_has_stride_minus_one_zeros_and_the_equivalent_padding():
    spec = ConvSpec(1, 1, 3, stride=3, padding=1, transposed=True, spatial_dims=1)
    (sources,) = zero_inserted_sources(spec, (1, 1, 3))
    # padding dilation·(k − 1) − padding = 1 on both sides, two zeros between neighbours
    assert sources == (None, 0, None, None, 1, None, None, 2, None)


@pytest.mark.parametrize("spec, shape", [c for c in CASES if c[0].spatial_dims in (1, 2)])
def test_animation_plan_windows_read_what_the_module_reads(spec, shape):
    plan = plan_transposed_animation(spec, shape, out_channel=spec.out_channels - 1)
    layer = plan.layers[0]
    out = spec.output_spatial(plan.layers[0].run.input.shape)
    assert layer.out_size == (out if spec.spatial_dims == 2 else (1, *out))
    assert np.array_equal(np.array(layer.output_values), layer.run.output[0, spec.out_channels - 1].numpy()
                          .reshape(layer.out_size))
    for _, cell in plan.steps:
        index = cell if spec.spatial_dims == 2 else (cell[1],)
        expected = zero_inserted_window(spec, shape, index).taps_grid
        if spec.spatial_dims == 1:
            expected = [(0, p[0]) for p in expected]
        assert sorted(layer.taps(cell)) == sorted(map(tuple, expected))
        for r, c in layer.taps(cell):               # a tap on a drawn value reads a real input element
            if layer.padded_values[r][c] is not None:
                assert layer.padding_labels[r][c] is None


@pytest.mark.parametrize("preset", [
    DEFAULT, *PRESETS.values(),
    Preset("t", ConvSpec(4, 8, 3, stride=2, padding=1, output_padding=(1, 0), transposed=True, groups=2),
           (1, 4, 5, 6)),
    Preset("c", ConvSpec(1, 2, 3, dilation=2, causal=True, spatial_dims=1), (2, 1, 9)),
])
def test_explorer_state_round_trips_transposed_and_causal_layers(preset):
    assert spec_from_state(state_for(preset)) == (preset.spec, preset.input_shape, preset.pointwise)


def test_older_states_without_the_new_keys_still_read():
    old = {k: v for k, v in DEFAULT_STATE.items()
           if k not in ("transposed", "causal") and not k.startswith("output_padding")}
    assert spec_from_state(old)[0] == DEFAULT.spec
    stale = {**DEFAULT_STATE, "causal": True, "output_padding": 1}   # switched off / 2-D: ignored
    assert spec_from_state(stale)[0] == DEFAULT.spec
